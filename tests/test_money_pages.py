"""The money pages in both languages: finance's fund lines, the lead's call form, the decider's budget,
the public notice, the auditor's ledger and its exports, whose totals equal the cases' own figures."""

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from tests.support.actors import DEMO_PASSWORD
from tests.support.factories import open_call
from tests.test_money_commitments import apply_under, decide, disburse, review


def login(client, username: str, language: str = "en"):
    client.get("/logout")
    client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    client.get(f"/lang/{language}")


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.get_data(as_text=True).split())


def test_finance_enters_a_fund_line_and_adjusts_it_with_a_reason(client):
    login(client, "czt")
    client.post(
        "/money/funds",
        data={
            "year": "2031",
            "name": "2031年测试专项资金",
            "budget": "3000000",
            "programs": ["sme-18-1"],
            "level": "region",
        },
    )
    page = text(client.get("/money/funds"))
    assert "2031年测试专项资金" in page and "3,000,000.00" in page
    login(client, "jxw")
    assert client.post("/money/funds", data={"year": "2031"}).status_code == 403


def test_the_lead_opens_a_call_and_a_missing_ceiling_is_named(client):
    login(client, "jxw")
    page = client.get("/money/calls/new")
    assert page.status_code == 200
    form = {
        "program_code": "sme-20-4",
        "fund_line_id": "1",
        "title": "2026年名牌奖励",
        "opens_on": "2026-01-01",
        "closes_on": "2026-12-31",
        "budget": "100000",
        "notice_days": "5",
    }
    refused = client.post("/money/calls/new", data=form)
    assert refused.status_code == 422
    assert "（二十）4 names no ceiling of its own" in " ".join(refused.get_data(as_text=True).split())
    login(client, "tianshan")
    assert client.get("/money/calls/new").status_code == 403


def test_the_decider_sees_the_budget_and_the_auditor_exports_a_ledger_that_matches(api, app, client):
    call_id = open_call(app, budget="900000")
    first = apply_under(api, call_id, "tianshan", "500000")
    task = review(api, first)
    login(client, "jxw")
    page = text(client.get(f"/tasks/{task['id']}"))
    assert "900,000.00" in page and "Available" in page
    assert decide(api, task, "500000").status_code == 200
    assert disburse(api, first, "200000", "CZ-9").status_code == 200

    login(client, "czt")
    case_page = text(client.get(f"/applications/{first}"))
    assert "Pay a further tranche" in case_page and "3002 0011 0920 0123 456" in case_page
    client.post(
        f"/money/cases/{first}/payments", data={"amount": "300000", "paid_on": "2026-12-01", "voucher_no": "CZ-10"}
    )
    assert api.application("tianshan", first)["status"] == "disbursed"

    login(client, "auditor", "zh")
    ledger_page = text(client.get("/money/ledger"))
    assert "专项资金台账" in ledger_page or "Ledger" in ledger_page
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/money/ledger.csv?call={call_id}").get_data(as_text=True).lstrip("\ufeff"))
        )
    )
    paid = sum(Decimal(r["amount"]) for r in rows if r["kind"] == "payment")
    committed = sum(Decimal(r["amount"]) for r in rows if r["kind"] == "commitment")
    case = api.application("jxw", first)
    decided = next(h for h in case["history"] if h["step"] == "decide")["data"]["approved_amount"]
    assert committed == Decimal(str(decided)) == Decimal(case["money"]["committed"])
    assert paid == Decimal(case["money"]["disbursed"]) == Decimal("500000")
    workbook = load_workbook(io.BytesIO(client.get(f"/money/ledger.xlsx?call={call_id}").data))
    amounts = [row[3] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert sum(amounts) == float(committed + paid)

    assert api.get("tianshan", "/funds").status_code == 403
    notice = text(client.get("/notices"))
    assert "天山精密机械有限公司" in notice and "500,000.00" in notice


def test_the_api_lists_funds_and_calls_with_exactly_the_fields_the_openapi_document_names(api):
    schemas = api.client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    fund = api.get("auditor", "/funds").get_json()["funds"][0]
    assert (
        set(fund)
        == set(schemas["FundLine"]["properties"])
        == {
            "id",
            "year",
            "name",
            "budget",
            "committed",
            "disbursed",
            "recovered",
            "available",
            "programs",
        }
    )
    calls = api.get("tianshan", "/calls?status=open").get_json()["calls"]
    assert {c["program"] for c in calls} >= {"sme-18-1", "sme-20-4", "sme-21-3"}
    assert (
        set(calls[0])
        == set(schemas["Call"]["properties"])
        == {
            "id",
            "program",
            "opens_on",
            "closes_on",
            "budget",
            "ceiling",
            "committed",
            "available",
            "status",
        }
    )


def test_the_auditor_reads_any_case_and_exports_the_audit_trail_but_changes_nothing(api, app, client):
    application_id = api.apply()
    login(client, "auditor")
    assert "XJZX" in text(client.get(f"/applications/{application_id}"))
    trail = client.get(f"/money/audit-{date.today().year}.csv").get_data(as_text=True)
    assert "application.submitted" in trail and "tianshan" in trail
    assert client.post(f"/money/cases/{application_id}/release", data={"reason": "x"}).status_code == 403
    assert api.application("jxw", application_id)["status"] == "awaiting_acceptance"
    assert api.post("auditor", f"/applications/{application_id}/release", {"reason": "x"}).status_code == 403
    login(client, "jxw")
    assert client.get(f"/money/audit-{date.today().year}.csv").status_code == 403
