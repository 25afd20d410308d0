"""Every grant program end to end through the JSON API, as its applicants and departments use it.

The kind of applicant the sub-point pays registers (or is a demo account), applies for the ceiling
its answers allow, and every department of the generated chain does its step: the decider is
refused one yuan above the ceiling and approves it, co-signers sign, 财政厅 pays it in full.
The answers and ceilings are test_grant_programs' (read from the rules by hand); there the same
chains run on the bare engine, here through the services, the money and the documents.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from forms.credit_code import check_character
from tests.catalogue.test_applicant_kinds import register
from tests.catalogue.test_grant_programs import CEILINGS, sample_application
from webapp.money.services.demo_money import CALL_CEILING
from workflows.catalogue.grant_spec import FINANCIAL_INSTITUTION, INCUBATOR, VOCATIONAL_SCHOOL
from workflows.catalogue.grants import GRANTS

pytestmark = pytest.mark.sqlite_only  # the chains are the same on PostgreSQL; the races are tested there

DEMO_APPLICANTS = {"enterprise": "tianshan", INCUBATOR: "chuangye", VOCATIONAL_SCHOOL: "zhiye"}
DEMO_APPLICANTS[FINANCIAL_INSTITUTION] = "xjbank"


def applicant_for(api, kind: str) -> str:
    """A demo account of that kind, or one registered as a new user of that kind would."""
    if kind in DEMO_APPLICANTS:
        return DEMO_APPLICANTS[kind]
    username = f"new_{kind}"
    first17 = f"91650100MA7{sum(map(ord, kind)):06d}"
    assert register(api.client, kind, username, first17 + check_character(first17)).status_code == 302
    api.token(username, "secret-123")
    return username


def as_json(values: dict) -> dict:
    """The answers as the API takes them: dates in ISO form, amounts as strings."""
    return {
        k: v.isoformat() if isinstance(v, date) else str(v) if isinstance(v, Decimal) else v for k, v in values.items()
    }


def step_data(step: str, ceiling: int, over: bool = False) -> dict:
    if step == "accept":
        return {"decision": "approve"}
    if step == "decide":
        return {"decision": "approve", "approved_amount": str(ceiling + 1 if over else ceiling), "reasons": "符合规定"}
    if step == "disburse":
        return {"disbursed_amount": str(ceiling), "disbursed_on": date.today().isoformat(), "voucher_no": "CZ-API"}
    return {"decision": "approve", "opinion": "同意"}  # the assisting departments' opinions, co-signatures


@pytest.mark.parametrize("spec", GRANTS, ids=[g.code for g in GRANTS])
def test_each_grant_is_applied_for_decided_and_paid_through_the_api(api, spec):
    answers, ceiling = CEILINGS[spec.code]
    if spec.needs_call_ceiling:  # the year's call caps what the text leaves open (the tests' calls: 1,000,000)
        ceiling = min(ceiling, CALL_CEILING)
    applicant = applicant_for(api, spec.applicants[0])
    data = {**as_json(sample_application(spec, **answers)), "amount_requested": str(ceiling)}
    created = api.post(applicant, "/applications", {"program": spec.code, "data": data})
    assert created.status_code == 201, created.get_json()
    application_id = created.get_json()["id"]
    submitted = api.submit(applicant, application_id, spec.code)
    assert submitted.status_code == 200, submitted.get_json()

    seen = []
    while tasks := api.application(applicant, application_id)["current_tasks"]:
        for task in tasks:
            user, step = task["department"].lower(), task["step"]
            seen.append(step)
            if step == "decide":
                over = api.post(user, f"/tasks/{task['id']}/complete", {"data": step_data(step, ceiling, over=True)})
                assert over.status_code == 422, over.get_json()
                assert f"{ceiling:,}.00" in over.get_json()["errors"]["approved_amount"][0]
            done = api.post(user, f"/tasks/{task['id']}/complete", {"data": step_data(step, ceiling)})
            assert done.status_code == 200, (step, done.get_json())
        assert len(seen) < 30, seen

    case = api.application(applicant, application_id)
    assert case["status"] == "disbursed", (case["status"], seen)
    assert seen[0] == "accept" and "decide" in seen and seen[-1] == "disburse"
