"""Two versions of the (十八)1 process: what changed between them, and which running cases may move.

Each new version is the shipped model with one edit, as an administrator would make it in the modeler.
"""

from __future__ import annotations

from tests.engine.support import SavedInstance, new_product_sources
from tests.support.actors import NEW_PRODUCT_APPLICATION
from workflows.engine import definitions, diff, migration, runner, state

BPMN, DMNS = new_product_sources()
PRECHECK = (
    '<bpmn:userTask id="precheck" name="形式审查" camunda:formKey="precheck">'
    '<bpmn:extensionElements><camunda:properties><camunda:property name="time_limit_days" value="2"/>'
    "</camunda:properties><camunda:formData>"
    '<camunda:formField id="remarks" label="意见" type="text"/></camunda:formData></bpmn:extensionElements>'
    "<bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f3b</bpmn:outgoing></bpmn:userTask>"
    '<bpmn:sequenceFlow id="f3b" sourceRef="precheck" targetRef="accept"/>'
)


def with_precheck(bpmn: bytes = BPMN) -> bytes:
    """A form check by 经信委 before acceptance: a new task and flow, f3 retargeted."""
    bpmn = bpmn.replace(
        b"<bpmn:flowNodeRef>accept</bpmn:flowNodeRef>",
        b"<bpmn:flowNodeRef>accept</bpmn:flowNodeRef><bpmn:flowNodeRef>precheck</bpmn:flowNodeRef>",
        1,
    )
    bpmn = bpmn.replace(
        b'id="f3" sourceRef="gw_merge" targetRef="accept"/>',
        b'id="f3" sourceRef="gw_merge" targetRef="precheck"/>' + PRECHECK.encode(),
        1,
    )
    return bpmn.replace(
        b"<bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>",
        b"<bpmn:incoming>f3b</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>",
        1,
    )


def version(bpmn: bytes) -> definitions.ProcessVersion:
    return definitions.load_version(bpmn, DMNS)


def case_at(v: definitions.ProcessVersion, *steps) -> SavedInstance:
    case = SavedInstance(v, dict(NEW_PRODUCT_APPLICATION))
    for step, data in steps:
        case.complete(step, **data)
    return case


SUBMITTED = ("submit", {})


def moved(case: SavedInstance, target: definitions.ProcessVersion) -> SavedInstance:
    workflow = migration.migrate(case.load(), target)
    case.version, case.saved = target, state.dump_state(workflow)
    return case


# -- the diff ----------------------------------------------------------------------------------------


def test_the_element_diff_names_added_tasks_flows_fields_properties_and_changed_flows():
    changes = {(c.element, c.change) for c in diff.element_changes(BPMN, with_precheck())}

    assert {
        ("precheck", "added"),
        ("f3b", "added"),
        ("precheck.remarks", "added"),
        ("precheck#time_limit_days", "added"),
        ("f3", "changed"),
        ("lane_jxw", "changed"),
    } <= changes
    assert not [c for c in changes if c[1] == "removed"]
    [f3] = [c for c in diff.element_changes(BPMN, with_precheck()) if c.element == "f3"]
    assert f3.details == ("targetRef: accept → precheck",)
    assert diff.element_changes(BPMN, BPMN) == []


def test_removed_and_renamed_elements_and_a_changed_field_are_reported_by_id_and_name():
    renamed = BPMN.replace('name="受理审查"'.encode(), 'name="受理审查（新）"'.encode(), 1)
    renamed = renamed.replace(
        b'<camunda:constraint name="maxlength" config="2000"/>',
        b'<camunda:constraint name="maxlength" config="1000"/>',
        1,
    )
    changes = {c.element: c for c in diff.element_changes(with_precheck(), renamed)}

    assert changes["precheck"].change == "removed" and changes["precheck"].name == "形式审查"
    assert changes["accept"].details == ("name: 受理审查 → 受理审查（新）",)
    assert changes["accept.correction_items"].kind == "field"
    assert changes["accept.correction_items"].diagram_id == "accept"
    assert changes["accept.correction_items"].details == ("validation: maxlength=2000 → maxlength=1000",)


def test_the_text_diff_is_a_unified_diff_of_the_xml():
    text = diff.text_diff(BPMN.decode(), with_precheck().decode(), "v1", "v2")

    assert text.startswith("--- v1\n+++ v2\n@@")
    assert "+" + PRECHECK[:20] in text or "precheck" in text
    assert diff.text_diff("a", "a") == ""


# -- migration ---------------------------------------------------------------------------------------


def test_a_case_before_the_new_step_moves_and_then_takes_it():
    v1, v2 = version(BPMN), version(with_precheck())
    case = case_at(v1)  # waiting for the applicant to submit

    assert migration.check(case.load(), v2).safe
    moved(case, v2)
    case.complete("submit")

    assert sorted(case.ready()) == ["precheck"]
    case.complete("precheck", remarks="材料齐全")
    assert sorted(case.ready()) == ["accept"]


def test_a_case_on_a_step_that_the_new_version_removes_cannot_move_back():
    v1, v2 = version(BPMN), version(with_precheck())
    case = case_at(v2, SUBMITTED)  # at the new step

    check = migration.check(case.load(), v1)

    assert not check.safe
    assert [(b.element, b.name, b.reason) for b in check.blockers] == [("precheck", "形式审查", "removed")]


def test_a_case_whose_open_step_moves_to_another_department_cannot_move():
    v1 = version(BPMN)
    moved_lane = BPMN.replace(b"<bpmn:flowNodeRef>accept</bpmn:flowNodeRef>", b"", 1).replace(
        b"<bpmn:flowNodeRef>tech_review</bpmn:flowNodeRef>",
        b"<bpmn:flowNodeRef>tech_review</bpmn:flowNodeRef><bpmn:flowNodeRef>accept</bpmn:flowNodeRef>",
        1,
    )
    case = case_at(v1, SUBMITTED)  # at accept, in 经信委's inbox

    check = migration.check(case.load(), version(moved_lane))

    assert [(b.element, b.reason) for b in check.blockers] == [("accept", "lane_changed")]
    # Before acceptance it would be fine: the lane change lies ahead.
    assert migration.check(case_at(v1).load(), version(moved_lane)).safe


def test_the_open_step_keeps_its_task_id_and_the_renamed_title_comes_from_the_new_version():
    v1 = version(BPMN)
    v2 = version(BPMN.replace('name="受理审查"'.encode(), 'name="受理审查（新）"'.encode(), 1))
    case = case_at(v1, SUBMITTED)
    before = case.task_id("accept")

    check = migration.check(case.load(), v2)
    moved(case, v2)

    assert check.safe and check.changed_open == ["accept"]
    assert case.task_id("accept") == before
    assert case.ready()["accept"].step.title == "受理审查（新）"
    case.complete("accept", decision="approve")
    assert sorted(case.ready()) == ["budget_review", "tech_review"]


def test_check_changes_nothing():
    v1, v2 = version(BPMN), version(with_precheck())
    case = case_at(v1)
    workflow = case.load()

    migration.check(workflow, v2)

    assert workflow.spec is v1.spec
    assert state.dump_state(workflow) == case.saved
    assert runner.ready_steps(workflow, v1)[0].step.name == "submit"
