"""Approving commits against the call; beyond what is left it is refused with the figures; finance pays
in tranches, releases a remainder or recovers; the ledger's totals equal the cases' own figures."""

from datetime import date, timedelta

from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.support.factories import open_call

REVIEWS = {"decision": "approve", "opinion": "同意"}


def apply_under(api, call_id: int, username: str, amount: str) -> int:
    data = {**NEW_PRODUCT_APPLICATION, "amount_requested": amount}
    created = api.post(username, "/applications", {"program": "sme-18-1", "data": data, "call": call_id})
    assert created.status_code == 201, created.get_json()
    application_id = created.get_json()["id"]
    assert api.submit(username, application_id).status_code == 200
    return application_id


def review(api, application_id: int) -> dict:
    """Acceptance and the two reviews; returns the decider's open task."""
    for username, step, data in (
        ("jxw", "accept", {"decision": "approve"}),
        ("kjt", "tech_review", REVIEWS),
        ("czt", "budget_review", REVIEWS),
    ):
        task = next(
            t
            for t in api.get(username, "/tasks").get_json()["tasks"]
            if t["application_id"] == application_id and t["step"] == step
        )
        assert api.post(username, f"/tasks/{task['id']}/complete", {"data": data}).status_code == 200
    return next(
        t
        for t in api.get("jxw", "/tasks").get_json()["tasks"]
        if t["application_id"] == application_id and t["step"] == "decide"
    )


def decide(api, task: dict, amount: str):
    data = {"decision": "approve", "approved_amount": amount, "reasons": "符合条件"}
    return api.post("jxw", f"/tasks/{task['id']}/complete", {"data": data})


def call_figures(api, call_id: int) -> dict:
    return next(c for c in api.get("czt", "/calls").get_json()["calls"] if c["id"] == call_id)


def disburse(api, application_id: int, amount: str, voucher: str):
    task = next(
        t
        for t in api.get("czt", "/tasks").get_json()["tasks"]
        if t["application_id"] == application_id and t["step"] == "disburse"
    )
    data = {"disbursed_amount": amount, "disbursed_on": date.today().isoformat(), "voucher_no": voucher}
    return api.post("czt", f"/tasks/{task['id']}/complete", {"data": data})


def test_the_second_approval_is_held_to_what_is_left_and_paid_in_two_tranches(api, app):
    call_id = open_call(app, budget="700000")
    first = apply_under(api, call_id, "tianshan", "500000")
    second = apply_under(api, call_id, "kunlun", "400000")
    first_task, second_task = review(api, first), review(api, second)

    assert decide(api, first_task, "500000").status_code == 200
    refused = decide(api, second_task, "400000")
    assert refused.status_code == 422
    assert refused.get_json()["error"] == (
        "Only 200,000.00 yuan is available (budget 700,000.00, committed 500,000.00, disbursed 0.00, "
        "recovered 0.00); this approval asks for 400,000.00."
    )
    assert decide(api, second_task, "200000").status_code == 200
    figures = call_figures(api, call_id)
    assert (figures["committed"], figures["available"], figures["status"]) == ("700000.00", "0.00", "open")

    assert disburse(api, first, "300000", "CZ-2026-001").status_code == 200
    assert api.application("tianshan", first)["status"] == "partly_paid"
    too_much = api.post("czt", f"/applications/{first}/payments", {"amount": "200000.01", "voucher_no": "CZ-2"})
    assert too_much.status_code == 422 and "200,000.00" in too_much.get_json()["error"]
    assert api.post("tianshan", f"/applications/{first}/payments", {"amount": "1"}).status_code == 403
    paid = api.post("czt", f"/applications/{first}/payments", {"amount": "200000", "voucher_no": "CZ-2026-002"})
    assert paid.status_code == 201
    case = api.application("tianshan", first)
    assert case["status"] == "disbursed"
    assert case["money"] == {
        "budget": "500000.00",
        "committed": "500000.00",
        "disbursed": "500000.00",
        "recovered": "0.00",
        "available": "0.00",
    }


def test_a_released_remainder_returns_to_the_budget_and_a_recovery_to_the_fund(api, app):
    call_id = open_call(app, budget="500000")
    case = apply_under(api, call_id, "tianshan", "400000")
    assert decide(api, review(api, case), "400000").status_code == 200
    assert disburse(api, case, "250000", "CZ-1").status_code == 200
    assert api.post("czt", f"/applications/{case}/release", {"reason": ""}).status_code == 422
    released = api.post("czt", f"/applications/{case}/release", {"reason": "项目验收核减"})
    assert released.status_code == 201
    assert call_figures(api, call_id)["available"] == "250000.00"
    assert api.application("tianshan", case)["status"] == "disbursed"

    missing_article = api.post("czt", f"/applications/{case}/recoveries", {"amount": "50000", "reason": "虚报"})
    assert missing_article.status_code == 422
    recovered = api.post(
        "czt",
        f"/applications/{case}/recoveries",
        {"amount": "50000", "reason": "虚报投资额", "article": "《办法》第十一条"},
    )
    assert recovered.status_code == 201
    assert call_figures(api, call_id)["available"] == "300000.00"
    funds = api.get("auditor", "/funds").get_json()["funds"]
    line = next(f for f in funds if f["name"] == "sme-18-1 专项资金")
    assert (line["committed"], line["disbursed"], line["recovered"]) == ("250000.00", "250000.00", "50000.00")


def test_outside_its_dates_a_call_refuses_applications_naming_them(api, app):
    today = date.today()
    later = open_call(app, opens_on=today + timedelta(days=5), closes_on=today + timedelta(days=30))
    data = {**NEW_PRODUCT_APPLICATION, "call": later}
    created = api.post(
        "tianshan", "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION, "call": later}
    )
    application_id = created.get_json()["id"]
    refused = api.submit("tianshan", application_id)
    assert refused.status_code == 409
    message = refused.get_json()["error"]
    assert (today + timedelta(days=5)).isoformat() in message and (today + timedelta(days=30)).isoformat() in message
    assert data  # the draft is kept for when the call opens
    assert api.application("tianshan", application_id)["status"] == "draft"


def test_an_award_under_public_notice_is_not_paid_before_the_notice_ends(api, app):
    call_id = open_call(app, budget="500000", notice_days=5)
    case = apply_under(api, call_id, "tianshan", "400000")
    assert decide(api, review(api, case), "400000").status_code == 200
    refused = disburse(api, case, "400000", "CZ-1")
    assert refused.status_code == 409 and "public notice" in refused.get_json()["error"]
    notice = api.client.get("/notices?lang=en")
    assert notice.status_code == 200
    assert "天山精密机械有限公司" in notice.get_data(as_text=True)
