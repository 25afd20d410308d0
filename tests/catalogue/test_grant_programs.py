"""Every grant sub-point is a program: its own form, its cap or rate in a DMN table, its clause's chain."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.generate import grant_processes
from workflows.catalogue.grants import GRANTS, grant_for
from workflows.engine import definitions, runner, state
from workflows.shipped import PROCESS_DIR

LIMIT = (PROCESS_DIR / "disbursement_limit.dmn").read_bytes()
PROCESSES = {p.key: p for p in grant_processes(load_catalogue(), LIMIT)}


def version_of(spec):
    process = PROCESSES[spec.process_id]
    return definitions.parse_version(process.bpmn, list(process.dmns))


def sample_application(spec, **changes) -> dict:
    values = {}
    for field in spec.fields:
        if field.type == "enum":
            values[field.id] = field.choices[0][0]
        elif field.type == "long":
            values[field.id] = 2
        elif field.type == "decimal":
            values[field.id] = Decimal("100000")
        elif field.type == "date":
            values[field.id] = date.today()
        else:
            values[field.id] = "示例"
    return {**values, **changes}


class Case:
    def __init__(self, spec, **application):
        self.version = version_of(spec)
        self.workflow = runner.start(self.version, {"program": spec.code})
        self.step("submit", **sample_application(spec, **application))
        self.step("accept", decision="approve")
        while (names := self.ready()) and names[0].startswith("opinion_"):
            self.step(names[0], decision="approve", opinion="同意")

    def ready(self) -> list[str]:
        return [s.step.name for s in runner.ready_steps(self.workflow, self.version)]

    def step(self, name: str, **data) -> None:
        [task] = [s for s in runner.ready_steps(self.workflow, self.version) if s.step.name == name]
        runner.complete(self.workflow, self.version, task.task_id, data)
        self.workflow = state.load_state(state.dump_state(self.workflow), self.version, runner.SCRIPT_ENGINE)

    def approve(self, amount) -> None:
        self.step("decide", decision="approve", approved_amount=Decimal(str(amount)), reasons="符合规定")


@pytest.mark.parametrize("spec", GRANTS, ids=[g.code for g in GRANTS])
def test_each_grant_runs_from_application_to_disbursement(spec):
    case = Case(spec)
    assert case.ready() == ["decide"]
    case.approve(1)
    while (names := case.ready()) and names[0].startswith("cosign_"):
        case.step(names[0], decision="approve", opinion="同意")
    case.step("disburse", disbursed_amount=Decimal("1"), disbursed_on=date.today(), voucher_no="CZ-1")
    assert runner.outcome(case.workflow) == "disbursed"
    steps = case.version.steps
    assert steps["decide"].legal_basis.startswith("《自治区关于促进中小企业发展实施意见细则》（")
    assert steps["disburse"].lane == "自治区财政厅"


def test_vocational_schools_get_300_yuan_per_student_per_year():
    case = Case(grant_for(21, 3), students_enrolled=40, years=2, amount_requested=Decimal("50000"))
    with pytest.raises(runner.AmountOverCap) as refused:
        case.approve("24000.01")
    assert refused.value.cap == Decimal("24000")
    assert "每生每年300元" in refused.value.basis
    case.approve(24000)
    assert "disburse" in case.ready()


def test_a_start_up_base_is_capped_by_its_kind_and_the_investment_incurred():
    expanded = Case(
        grant_for(14, 1),
        base_kind="new_or_expanded",
        investment_incurred=Decimal("1500000"),
        amount_requested=Decimal("2000000"),
    )
    with pytest.raises(runner.AmountOverCap) as refused:
        expanded.approve(1_000_001)
    assert refused.value.cap == Decimal("1000000")

    in_a_park = Case(
        grant_for(14, 1),
        base_kind="park_base",
        investment_incurred=Decimal("1500000"),
        amount_requested=Decimal("2000000"),
    )
    with pytest.raises(runner.AmountOverCap) as refused:
        in_a_park.approve(1_500_001)
    assert refused.value.cap == Decimal("1500000")


def test_an_incubator_that_graduated_no_enterprise_gets_nothing_and_is_told_why():
    case = Case(grant_for(14, 2), graduated_enterprises=0)
    with pytest.raises(runner.AmountOverCap) as refused:
        case.approve(1)
    assert refused.value.cap == 0
    assert "成功孵化毕业" in refused.value.basis
    case.step("decide", decision="reject", reasons="上一年度无孵化毕业企业")
    assert runner.outcome(case.workflow) == "rejected"


@pytest.mark.parametrize(
    ("spec", "application", "reason"),
    [
        (grant_for(4, 4), {"years": 6}, "最长不超过5年"),
        (grant_for(4, 4), {"graduates_hired": 2, "loan_amount": Decimal("100001")}, "每人每年5万元"),
        (grant_for(18, 3), {"industry": "other"}, "战略性新兴产业"),
        (grant_for(20, 4), {"awarded_on": date.today() - timedelta(days=800)}, "两年内"),
        (grant_for(19, 1), {"listed_as": "none"}, "重点项目"),
    ],
    ids=["interest-years", "loan-quota", "industry", "brand-age", "not-listed"],
)
def test_an_ineligible_case_cannot_be_granted_anything(spec, application, reason):
    case = Case(spec, **application)
    with pytest.raises(runner.AmountOverCap) as refused:
        case.approve(1)
    assert reason in refused.value.basis
