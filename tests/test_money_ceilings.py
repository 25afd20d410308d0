"""Every program refuses, at submission, an amount above what the applicant's own answers allow,
naming the figure and citing the sub-point; the same cap table the decider's check runs.

Kinds of ceiling: a fixed figure (（十八）1, （十四）2, （十八）3), a tiered one (（十四）1), a rate
(（二十一）3: 300 yuan a student a year), the actual costs (（四）1, （十一）2 ...), and the call's own
ceiling where the sub-point names none (（十六）3, （二十）4). The standing test calls set 1,000,000.
"""

from datetime import date

import pytest

from tests.catalogue.test_applicant_kinds import register
from tests.support.actors import NEW_PRODUCT_APPLICATION

TODAY = date.today().isoformat()
SUMMARY = {"project_name": "项目", "description": "说明"}
SCHOOL_YEAR = {"school_name": "职业学校", "school_year": date.today().year, "finance_level": "region"}

# program: (answers, amount over the ceiling, the ceiling as the refusal shows it, what it cites)
OVER_THE_CEILING = {
    "sme-4-1": (
        {"persons_hired": 3, "insurance_paid": "80000", "months_subsidised": 12},
        "90000",
        "80,000.00",
        "（四）1",
    ),
    "sme-4-4": (  # 2 graduates x 50,000 of a 200,000 loan: half of the 9,000 interest is subsidised
        {"graduates_hired": 2, "loan_amount": "200000", "years": 2, "contract_years": 3, "interest_paid": "9000"},
        "5000",
        "4,500.00",
        "（四）4",
    ),
    "sme-11-2": ({"listing_board": "chinext", "listing_costs": "300000"}, "400000", "300,000.00", "（十一）2"),
    "sme-13-1": (
        {"centre_name": "服务中心", "established_on": "2026-01-05", "startup_costs": "200000", "applicant": "platform"},
        "250000",
        "200,000.00",
        "（十三）1",
    ),
    "sme-14-1": (
        {"base_kind": "new_or_expanded", "investment_incurred": "5000000", "applicant": "chuangye"},
        "1500000",
        "1,000,000.00",
        "（十四）1",
    ),
    "sme-14-2": (
        {"base_name": "孵化器", "graduated_enterprises": 3, "applicant": "chuangye"},
        "600000",
        "500,000.00",
        "（十四）2",
    ),
    "sme-16-3": ({"export_value": "9000000", "export_growth": "12"}, "2000000", "1,000,000.00", "（十六）3"),
    "sme-18-1": (
        {k: v for k, v in NEW_PRODUCT_APPLICATION.items() if k != "amount_requested"},
        "600000",
        "500,000.00",
        "（十八）1",
    ),
    "sme-18-2": (
        {"partner_institution": "新疆大学", "pilot_budget": "3000000"},
        "1200000",
        "1,000,000.00",
        "（十八）2",
    ),
    "sme-18-3": ({"industry": "new_energy"}, "1200000", "1,000,000.00", "（十八）3"),
    "sme-19-1": ({"listed_as": "national", "project_investment": "5000000"}, "1500000", "1,000,000.00", "（十九）1"),
    "sme-20-4": ({"award": "famous_brand", "awarded_on": TODAY}, "1500000", "1,000,000.00", "（二十）4"),
    "sme-21-3": (  # 300 yuan x 20 students at the region's full share
        {**SCHOOL_YEAR, "students_enrolled": 20, "share_percent": 100, "applicant": "zhiye"},
        "7000",
        "6,000.00",
        "（二十一）3",
    ),
}


def draft(api, program: str, answers: dict, amount: str) -> tuple[str, int]:
    """(who applies, the draft): an enterprise, or the kind of applicant the sub-point pays."""
    answers = dict(answers)
    username = answers.pop("applicant", "tianshan")
    if username == "platform" and username not in api.tokens:  # no demo account is a service platform
        registered = register(api.client, "service_platform", username, "91650100MA7PLT0019")
        assert registered.status_code == 302
        api.token(username, "secret-123")
    data = {**SUMMARY, **answers, "amount_requested": amount}
    response = api.post(username, "/applications", {"program": program, "data": data})
    assert response.status_code == 201, response.get_json()
    return username, response.get_json()["id"]


def submit(api, program: str, answers: dict, amount: str):
    username, application_id = draft(api, program, answers, amount)
    return api.submit(username, application_id, program)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("program", sorted(OVER_THE_CEILING))
def test_every_program_refuses_at_submission_an_amount_above_its_ceiling(api, program):
    answers, too_much, ceiling, sub_point = OVER_THE_CEILING[program]
    refused = submit(api, program, answers, too_much)

    assert refused.status_code == 422, refused.get_json()
    message = refused.get_json()["error"]
    assert ceiling in message and sub_point in message, message
    assert refused.get_json()["errors"]["amount_requested"] == [message]

    at_the_ceiling = ceiling.replace(",", "")
    accepted = submit(api, program, answers, at_the_ceiling)
    assert accepted.status_code == 200, accepted.get_json()


def test_a_fixed_ceiling_cites_its_sub_point(api):
    answers, *_ = OVER_THE_CEILING["sme-18-1"]
    refused = submit(api, "sme-18-1", answers, "500000.01")
    assert refused.status_code == 422
    assert refused.get_json()["error"] == (
        "The most your answers allow is 500,000.00 yuan (《自治区关于促进中小企业发展实施意见细则》（十八）1："
        "不超过50万元，且不超过申请金额); you asked for 500,000.01."
    )


def test_a_tiered_ceiling_follows_the_kind_of_base(api):
    over_the_lower_tier = {"investment_incurred": "5000000", "applicant": "chuangye"}
    refused = submit(api, "sme-14-1", {**over_the_lower_tier, "base_kind": "new_or_expanded"}, "1500000")
    assert refused.status_code == 422 and "1,000,000.00" in refused.get_json()["error"]
    park = submit(api, "sme-14-1", {**over_the_lower_tier, "base_kind": "park_base"}, "1500000")
    assert park.status_code == 200, park.get_json()
    beyond_the_investment = {"investment_incurred": "800000", "base_kind": "park_base", "applicant": "chuangye"}
    refused = submit(api, "sme-14-1", beyond_the_investment, "900000")
    assert "800,000.00" in refused.get_json()["error"]


def test_a_rate_ceiling_is_computed_from_the_answers(api):
    # 300 yuan x 40 students, of which the county's finance carries 30%: 3,600
    answers = {**SCHOOL_YEAR, "students_enrolled": 40, "finance_level": "county", "share_percent": 30}
    refused = submit(api, "sme-21-3", {**answers, "applicant": "zhiye"}, "3600.50")
    assert refused.status_code == 422
    assert "3,600.00" in refused.get_json()["error"] and "每生每年300元" in refused.get_json()["error"]


def test_where_the_rules_name_no_figure_the_call_gives_it(api, app):
    answers = {"award": "well_known_mark", "awarded_on": TODAY}
    refused = submit(api, "sme-20-4", answers, "500000000")
    assert refused.status_code == 422
    message = refused.get_json()["error"]
    assert "1,000,000.00" in message and "（二十）4" in message and "per applicant" in message


def test_answers_the_rules_exclude_are_refused_with_the_reason(api):
    refused = submit(api, "sme-19-1", {"listed_as": "none", "project_investment": "5000"}, "1000")
    assert refused.status_code == 422
    assert "须为列入国家或自治区的重点项目" in refused.get_json()["error"]
