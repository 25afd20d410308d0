"""Every grant sub-point is a program: its own form, its cap or rate in a DMN table, its clause's chain.

Each program is driven from application to payment at its ceiling, and refused one yuan above it.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.generate import grant_processes
from workflows.catalogue.grants import GRANTS, grant_for
from workflows.engine import definitions, runner, state
from workflows.programs import all_programs
from workflows.shipped import PROCESS_DIR

LIMIT = (PROCESS_DIR / "disbursement_limit.dmn").read_bytes()
PROCESSES = {p.key: p for p in grant_processes(load_catalogue(), LIMIT)}

# Read from the rules by hand, independently of grants.py: every sub-point that pays money
# (a subsidy, reward, interest subsidy, capital support or a fund's support). Left out, and why:
# （四）7 is a second guaranteed loan, not a payment; （七）1-3 and （十二）4-6 are the government's own
# capital and banks; （十六）6 and （六）11 steer existing funds; （十九）4, （二十）4's commendation of
# entrepreneurs and （二十一）4 are honours or free training the department runs itself.
MONEY_SUB_POINTS = {
    (4, 1), (4, 2), (4, 3), (4, 4), (4, 5), (4, 6),
    *((6, n) for n in range(1, 11)),
    (7, 4), (10, 3), (11, 2), (12, 2), (13, 1), (13, 2), (13, 3), (14, 1), (14, 2), (16, 3),
    (18, 1), (18, 2), (18, 3), (19, 1), (19, 2), (20, 4), (21, 3), (22, 1),
}  # fmt: skip

# Per program: what the applicant enters, and the ceiling the text then gives (yuan).
CEILINGS = {
    "sme-4-1": ({"insurance_paid": 30000, "months_subsidised": 12, "amount_requested": 50000}, 30000),
    "sme-4-2": ({"costs_incurred": 40000, "amount_requested": 50000}, 40000),
    "sme-4-3": ({"new_hires": 10, "xinjiang_hires": 6, "pension_paid": 80000, "amount_requested": 100000}, 40000),
    # 2 graduates cover 100,000 of a 200,000 loan; the contracts ran 3 of the 6 years claimed.
    "sme-4-4": (
        {"graduates_hired": 2, "loan_amount": 200000, "interest_paid": 12000, "years": 6, "contract_years": 3},
        3000,
    ),
    "sme-4-5": ({"training_costs": 25000, "amount_requested": 30000}, 25000),
    "sme-4-6": (
        {"trainees_hired": 3, "contract_years": 2, "remaining_months": 4, "monthly_subsidy": 1500},
        18000,
    ),
    **{f"sme-6-{n}": ({"project_investment": 800000, "amount_requested": 1000000}, 800000) for n in range(1, 11)},
    "sme-7-4": ({"capital_added": 5000000, "amount_requested": 10000000}, 5000000),
    "sme-10-3": (
        {"balance_last_year": 100000000, "balance_this_year": 120000000, "amount_requested": 9000000},
        5000000,
    ),
    "sme-11-2": ({"listing_costs": 600000, "amount_requested": 1000000}, 600000),
    "sme-12-2": ({"costs": 200000, "agri_loans_last": 0, "agri_loans_now": 0, "amount_requested": 500000}, 200000),
    "sme-13-1": ({"startup_costs": 150000, "amount_requested": 200000}, 150000),
    "sme-13-2": ({"investment": 3000000, "amount_requested": 5000000}, 3000000),
    "sme-13-3": ({"fund_capital": 20000000, "amount_requested": 50000000}, 20000000),
    "sme-14-1": ({"investment_incurred": 1500000, "amount_requested": 2000000}, 1000000),
    "sme-14-2": ({"graduated_enterprises": 5, "amount_requested": 500000}, 500000),
    "sme-16-3": ({"amount_requested": 300000}, 300000),
    "sme-18-2": ({"pilot_budget": 2000000, "amount_requested": 1000000}, 1000000),
    "sme-18-3": ({"amount_requested": 1000000}, 1000000),
    "sme-19-1": ({"amount_requested": 400000}, 400000),
    "sme-19-2": ({"project_investment": 700000, "interest_paid": 0, "amount_requested": 900000}, 700000),
    "sme-20-4": ({"amount_requested": 200000}, 200000),
    # 300 yuan x 400 students, of which the region's finance bears 60%.
    "sme-21-3": ({"school_year": 2026, "students_enrolled": 400, "share_percent": 60}, 72000),
    "sme-22-1": ({"investment": 6000000, "amount_requested": 8000000}, 6000000),
}


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
    changes = {k: Decimal(v) if isinstance(v, int) and _is_decimal(spec, k) else v for k, v in changes.items()}
    return {**values, **changes}


def _is_decimal(spec, name: str) -> bool:
    return any(f.id == name and f.type == "decimal" for f in spec.fields)


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


def test_every_sub_point_that_pays_money_is_a_program():
    programs = {(p.item, p.point) for p in all_programs().values() if p.kind == "grant"}
    assert programs == MONEY_SUB_POINTS
    catalogue = load_catalogue()
    for item, point in MONEY_SUB_POINTS:
        assert point in {p.number for p in catalogue.item(item).points}
    assert set(CEILINGS) == {g.code for g in GRANTS}


@pytest.mark.parametrize("spec", GRANTS, ids=[g.code for g in GRANTS])
def test_each_grant_pays_up_to_its_ceiling_and_not_one_yuan_more(spec):
    application, ceiling = CEILINGS[spec.code]
    case = Case(spec, **application)
    assert case.ready() == ["decide"]
    with pytest.raises(runner.AmountOverCap) as refused:
        case.approve(ceiling + 1)
    assert refused.value.cap == ceiling
    assert f"（{_numeral(spec.item)}）{spec.point}" in refused.value.basis
    case.approve(ceiling)
    while (names := case.ready()) and names[0].startswith("cosign_"):
        case.step(names[0], decision="approve", opinion="同意")
    case.step("disburse", disbursed_amount=Decimal(ceiling), disbursed_on=date.today(), voucher_no="CZ-1")
    assert runner.outcome(case.workflow) == "disbursed"
    steps = case.version.steps
    assert steps["decide"].legal_basis.startswith(
        f"《自治区关于促进中小企业发展实施意见细则》（{_numeral(spec.item)}）{spec.point} "
    )
    assert steps["disburse"].lane == "自治区财政厅"


def _numeral(number: int) -> str:
    return load_catalogue().item(number).numeral


def test_a_loan_above_50000_per_graduate_is_capped_not_refused():
    """（四）4 subsidises the interest on 50,000 yuan per graduate a year, for as long as the contract ran."""
    within = Case(grant_for(4, 4), graduates_hired=2, loan_amount=100000, interest_paid=6000, years=2, contract_years=2)
    with pytest.raises(runner.AmountOverCap) as refused:
        within.approve(6001)
    assert refused.value.cap == 6000
    twice = Case(grant_for(4, 4), graduates_hired=1, loan_amount=100000, interest_paid=6000, years=2, contract_years=5)
    with pytest.raises(runner.AmountOverCap) as refused:
        twice.approve(3001)
    assert refused.value.cap == 3000
    assert "最长不超过5年" in refused.value.basis


def test_vocational_schools_share_the_300_yuan_between_levels_of_finance():
    whole = Case(
        grant_for(21, 3), school_year=2026, students_enrolled=40, share_percent=100, amount_requested=Decimal("50000")
    )
    with pytest.raises(runner.AmountOverCap) as refused:
        whole.approve("12000.01")
    assert refused.value.cap == Decimal("12000")
    assert "各级财政分担比例" in refused.value.basis
    county = Case(grant_for(21, 3), school_year=2026, students_enrolled=40, finance_level="county", share_percent=25)
    with pytest.raises(runner.AmountOverCap) as refused:
        county.approve(3001)
    assert refused.value.cap == 3000


def test_a_start_up_base_is_capped_by_its_kind_and_the_investment_incurred():
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
        (grant_for(4, 3), {"new_hires": 10, "xinjiang_hires": 4}, "不得少于50%"),
        (grant_for(4, 6), {"contract_years": 1}, "2年以上期限劳动合同"),
        (grant_for(4, 6), {"insurance_paid": "no"}, "缴纳社会保险费"),
        (grant_for(10, 3), {"balance_last_year": 100, "balance_this_year": 115}, "超过15%"),
        (grant_for(18, 3), {"industry": "other"}, "战略性新兴产业"),
        (grant_for(20, 4), {"awarded_on": date.today() - timedelta(days=800)}, "两年内"),
        (grant_for(19, 1), {"listed_as": "none"}, "重点项目"),
        (grant_for(21, 3), {"school_year": 2010}, "自2011年起"),
    ],
    ids=["xinjiang-half", "contract-2-years", "insurance", "growth-15", "industry", "brand-age", "not-listed", "2011"],
)
def test_an_ineligible_case_cannot_be_granted_anything(spec, application, reason):
    case = Case(spec, **application)
    with pytest.raises(runner.AmountOverCap) as refused:
        case.approve(1)
    assert reason in refused.value.basis


def test_programs_without_a_figure_in_the_text_are_marked_for_a_call_ceiling():
    marked = {g.code for g in GRANTS if g.needs_call_ceiling}
    assert {"sme-19-1", "sme-11-2", "sme-10-3", "sme-22-1"} <= marked
    assert all(f"sme-6-{n}" in marked for n in range(1, 11))
    assert not marked & {"sme-14-1", "sme-14-2", "sme-18-2", "sme-18-3", "sme-21-3", "sme-4-3", "sme-4-4"}
