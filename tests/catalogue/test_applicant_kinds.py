"""A school, a bank and a start-up base register with their 统一社会信用代码 and their kind, see the
programs open to them, and apply; an open group is informed and never holds a case; a department
renamed while a case runs finishes it, and the letter carries today's name."""

import pytest
from sqlalchemy import select

from webapp.documents.services import letters
from webapp.extensions import db
from webapp.models import Application, Department, InfoCopy

KINDS = [
    # (kind, user name, credit code, a program open to it, one that is not)
    ("vocational_school", "school1", "12650000MB03100272", "sme-21-3", "sme-18-1"),
    ("financial_institution", "bank1", "91650100MA0BAN301M", "sme-10-3", "sme-14-2"),
    ("incubator", "base1", "91650100MA7CHY002M", "sme-14-2", "sme-10-3"),
]
APPLICATIONS = {
    "sme-21-3": {"school_name": "新疆某职业学院", "school_year": "2026", "students_enrolled": "120",
                 "finance_level": "region", "share_percent": "50", "amount_requested": "18000"},
    "sme-10-3": {"institution_name": "某银行新疆分行", "balance_last_year": "100000000",
                 "balance_this_year": "120000000", "amount_requested": "1000000"},
    "sme-14-2": {"base_name": "某创业基地", "graduated_enterprises": "4", "amount_requested": "400000"},
}  # fmt: skip


def register(client, kind: str, username: str, credit_code: str):
    client.post("/logout")
    return client.post(
        "/register",
        data={
            "username": username,
            "display_name": "经办人",
            "applicant_type": kind,
            "enterprise_name": f"{username} 单位",
            "credit_code": credit_code,
            "password": "secret-123",
            "confirm": "secret-123",
        },
    )


@pytest.mark.parametrize(("kind", "username", "credit_code", "open_program", "closed_program"), KINDS)
def test_an_institution_registers_sees_its_programs_and_applies(
    client, api, kind, username, credit_code, open_program, closed_program
):
    assert register(client, kind, username, credit_code).status_code == 302
    api.token(username, "secret-123")
    offered = {p["code"] for p in api.get(username, "/programs").get_json()["programs"]}
    assert open_program in offered and closed_program not in offered
    assert all(kind in p["applicant_types"] for p in api.get(username, "/programs").get_json()["programs"])

    refused = api.post(username, "/applications", {"program": closed_program, "data": APPLICATIONS[open_program]})
    assert refused.status_code == 403
    data = {**APPLICATIONS[open_program], "description": "申请说明"}
    created = api.post(username, "/applications", {"program": open_program, "data": data})
    assert created.status_code == 201, created.get_json()
    application_id = created.get_json()["id"]
    assert api.submit(username, application_id, open_program).status_code == 200
    assert api.application(username, application_id)["status"] == "awaiting_acceptance"


def test_a_bank_is_paid_its_cost_subsidy_and_all_financial_institutions_are_only_informed(api, app):
    """（十二）2: 金融办 leads; 各金融机构 is named in the clause, yet never a step the case waits on."""
    data = {"institution_name": "某农商行", "scheme": "cost_subsidy", "costs": "200000", "agri_loans_last": "0",
            "agri_loans_now": "0", "amount_requested": "200000", "description": "新型农村金融机构费用补贴"}  # fmt: skip
    created = api.post("xjbank", "/applications", {"program": "sme-12-2", "data": data})
    application_id = created.get_json()["id"]
    assert api.submit("xjbank", application_id, "sme-12-2").status_code == 200
    assert api.complete("jrb", "accept", decision="approve").status_code == 200
    waiting = {t["department"] for t in api.application("jrb", application_id)["current_tasks"]}
    assert waiting == {"RHZX", "YJJ", "JXW", "CZT", "ZJJU"}
    for code in sorted(waiting):
        assert (
            api.complete(code.lower(), f"opinion_{code.lower()}", decision="approve", opinion="同意").status_code == 200
        )

    over = api.complete("jrb", "decide", decision="approve", approved_amount="200001", reasons="按费用核定")
    assert over.status_code == 422
    assert (
        api.complete("jrb", "decide", decision="approve", approved_amount="200000", reasons="按费用核定").status_code
        == 200
    )
    paid = api.complete("czt", "disburse", disbursed_amount="200000", disbursed_on="2026-12-03", voucher_no="CZ-9")
    assert paid.status_code == 200
    assert api.application("xjbank", application_id)["status"] == "disbursed"
    with app.app_context():
        copied = db.session.scalars(select(InfoCopy).where(InfoCopy.application_id == application_id)).all()
        assert [c.department.code for c in copied] == ["JRJG"]


def test_a_case_begun_under_the_2011_name_finishes_and_its_letter_carries_today_s_name(api, app):
    with app.app_context():  # as an installation was before the rename
        jxw = db.session.scalar(select(Department).where(Department.code == "JXW"))
        jxw.name_zh, jxw.aliases = "自治区经信委", ["经信委"]
        db.session.commit()
    application_id = api.apply("tianshan")
    api.complete("jxw", "accept", decision="approve")
    with app.app_context():  # the reform: what migration 5c1e0a7d9b24 does
        jxw = db.session.scalar(select(Department).where(Department.code == "JXW"))
        jxw.name_zh, jxw.aliases = "自治区工业和信息化厅", ["经信委", "自治区经信委", "自治区工业和信息化厅"]
        db.session.commit()
    api.complete("kjt", "tech_review", decision="approve", opinion="可行")
    api.complete("czt", "budget_review", decision="approve", opinion="可安排")
    assert (
        api.complete("jxw", "decide", decision="approve", approved_amount="400000", reasons="符合").status_code == 200
    )
    with app.app_context():
        letter = letters.decision_letter(db.session.get(Application, application_id))
        assert letter.department == "自治区工业和信息化厅"
