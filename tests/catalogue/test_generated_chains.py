"""Every responsibility clause becomes a chain that the engine accepts, that bpmn-js can draw,
and that runs from the applicant through the lead, the assisting departments and any co-leads."""

import pytest
from lxml import etree

from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.chains import DUTY_ITEMS, roles_of
from workflows.catalogue.departments import by_code
from workflows.catalogue.generate import clause_chains, filing_processes
from workflows.engine import definitions, runner, state

CHAINS = clause_chains(load_catalogue())
NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL", "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}


def run_to_the_end(version, answers) -> str:
    """Complete every ready step with the answer for its name, saving and loading between steps."""
    workflow = runner.start(version, {})
    for _ in range(50):
        ready = runner.ready_steps(workflow, version)
        if not ready:
            break
        step = ready[0]
        runner.complete(workflow, version, step.task_id, answers(step.step.name))
        workflow = state.load_state(state.dump_state(workflow), version, runner.SCRIPT_ENGINE)
    return runner.outcome(workflow)


def approving(name: str) -> dict:
    if name in ("submit", "correct"):
        return {"subject": "申请事项", "description": "说明", "correction_reply": "已补正"}
    return {"decision": "approve", "opinion": "同意", "reasons": "符合规定"}


def test_there_is_a_chain_for_every_clause_someone_can_apply_under():
    clauses = sum(len(item.clauses) for item in load_catalogue().items if item.number not in DUTY_ITEMS)
    assert len(CHAINS) == clauses
    assert len({chain.key for chain in CHAINS}) == clauses


def test_duties_of_departments_are_not_offered_as_approval_chains():
    """（三） prices, （二十五） statistics, （二十六） publicity: departments act; nobody applies."""
    assert not {chain.item for chain in CHAINS} & {3, 25, 26}


def test_open_groups_and_companies_are_informed_never_a_lane_that_holds_a_case():
    informed = {}
    for chain in CHAINS:
        lanes = {lane.get("name") for lane in etree.fromstring(chain.bpmn).iterfind(".//bpmn:lane", NS)}
        assert not lanes & {"各金融机构", "自治区各新闻媒体单位", "新疆电力公司"}, chain.key
        version = definitions.parse_version(chain.bpmn, [])
        if version.steps["decide"].info_copy:
            informed[chain.key] = version.steps["decide"].info_copy
    assert informed["rules_08_clause_1"] == ("JRJG",)
    assert informed["rules_12_clause_1"] == ("JRJG",)


@pytest.mark.parametrize("filing", filing_processes(load_catalogue()), ids=lambda f: f.key)
def test_a_filing_is_recorded_with_a_receipt_not_approved_or_refused(filing):
    version = definitions.parse_version(filing.bpmn, [])
    [decision] = [f for f in version.steps["accept"].fields if f.name == "decision"]
    choices = {value for value, _label in decision.choices}
    assert choices == {"record", "return"}
    answers = {"decision": "record", "filing_number": "BA-2026-001", "filed_on": "2026-12-03"}

    def filing_answers(name):
        return approving(name) if name in ("submit", "correct") else answers

    assert run_to_the_end(version, filing_answers) == "filed"


@pytest.mark.parametrize("chain", CHAINS, ids=[c.key for c in CHAINS])
def test_each_chain_runs_end_to_end_through_its_departments(chain):
    version = definitions.parse_version(chain.bpmn, list(chain.dmns))
    item = load_catalogue().item(chain.item)
    clause = next(c for c in item.clauses if c.points == chain.points)

    roles = roles_of(clause)
    expected = ["申请企业"] + [by_code(code).today_zh for code in dict.fromkeys(roles.leads + roles.assists)]
    lanes = [lane.get("name") for lane in etree.fromstring(chain.bpmn).iterfind(".//bpmn:lane", NS)]
    assert lanes == expected
    assert {s.lane for s in version.steps.values()} == set(expected)
    assert all(s.legal_basis.startswith("《自治区关于促进中小企业发展实施意见细则》") for s in version.steps.values())
    assert run_to_the_end(version, approving) == "approved"
    # The case clock: the steps' own limits up to the decision (acceptance, opinions, decision).
    limits = {name: s.time_limit_days for name, s in version.steps.items()}
    opinions = 10 if any(name.startswith("opinion_") for name in limits) else 0
    assert version.case_time_limit_days == limits["accept"] + opinions + limits["decide"]


def test_co_leads_sign_off_jointly_and_assisting_departments_answer_in_parallel():
    chain = next(c for c in CHAINS if len(_clause(c).lead) > 1 and _clause(c).assist)
    version = definitions.parse_version(chain.bpmn, [])
    clause = _clause(chain)
    workflow = runner.start(version, {})
    for name, data in (("submit", approving("submit")), ("accept", {"decision": "approve"})):
        [step] = [s for s in runner.ready_steps(workflow, version) if s.step.name == name]
        runner.complete(workflow, version, step.task_id, data)
    opinions = {s.step.name for s in runner.ready_steps(workflow, version)}
    assert opinions == {f"opinion_{code.lower()}" for code in roles_of(clause).assists}


def test_a_returned_case_goes_back_to_the_applicant_and_returns_to_the_lead():
    version = definitions.parse_version(CHAINS[0].bpmn, [])
    answers = iter([approving("submit"), {"decision": "return", "correction_items": "补充材料"}, approving("correct")])
    workflow = runner.start(version, {})
    for expected in ("submit", "accept", "correct"):
        [step] = runner.ready_steps(workflow, version)
        assert step.step.name == expected
        runner.complete(workflow, version, step.task_id, next(answers))
    assert [s.step.name for s in runner.ready_steps(workflow, version)] == ["accept"]


@pytest.mark.parametrize("chain", CHAINS[:3], ids=[c.key for c in CHAINS[:3]])
def test_every_element_is_drawn_inside_its_lane(chain):
    root = etree.fromstring(chain.bpmn)
    shapes = {
        s.get("bpmnElement"): s.find("{http://www.omg.org/spec/DD/20100524/DC}Bounds")
        for s in root.iterfind(".//bpmndi:BPMNShape", NS)
    }
    edges = {e.get("bpmnElement") for e in root.iterfind(".//bpmndi:BPMNEdge", NS)}
    process = root.find("bpmn:process", NS)
    for lane in process.iterfind(".//bpmn:lane", NS):
        lane_box = shapes[lane.get("id")]
        top, bottom = float(lane_box.get("y")), float(lane_box.get("y")) + float(lane_box.get("height"))
        for ref in lane.iterfind("bpmn:flowNodeRef", NS):
            box = shapes[ref.text]
            assert top <= float(box.get("y")) and float(box.get("y")) + float(box.get("height")) <= bottom, ref.text
    assert {f.get("id") for f in process.iterfind("bpmn:sequenceFlow", NS)} == edges


def _clause(chain):
    item = load_catalogue().item(chain.item)
    return next(c for c in item.clauses if c.points == chain.points)
