"""A lead that neither accepts, returns nor refuses within 5 working days has accepted the case as from
the day it arrived: counted across the 2025 National Day holiday, a Sunday and the make-up working
Saturday, and notified in writing (视为受理通知书)."""

from datetime import datetime

from sqlalchemy import select

from tests.support.pdfs import need_poppler, text_of
from tests.test_deemed_agreement import clock  # noqa: F401 - the frozen clock fixture
from tests.test_issued_documents import documents, download
from tests.test_withdraw_lookup_letter import log_in
from webapp.extensions import db
from webapp.models import ProcessInstance
from webapp.processes.services import timers


def test_a_silent_lead_has_accepted_the_case_from_the_day_it_arrived(api, app, client, clock):  # noqa: F811
    need_poppler()
    application_id = api.apply()  # Tuesday 30 September 2025, 10:00 in Beijing

    # 1–8 October are holidays, Saturday 11 October is worked, Sunday 12 is not:
    # the 5th working day after receipt is Tuesday 14 October.
    with app.app_context():
        instance = db.session.scalar(select(ProcessInstance).order_by(ProcessInstance.id.desc()))
        assert instance.next_timer_due == datetime(2025, 10, 14, 15, 59, 59)

    clock.moment = datetime(2025, 10, 14, 15, 0, tzinfo=clock.moment.tzinfo)  # 23:00 on the last day
    with app.app_context():
        assert timers.fire_due_timers(now=clock.naive()) == 0
    assert [t["step"] for t in api.application("jxw", application_id)["current_tasks"]] == ["accept"]

    clock.moment = datetime(2025, 10, 14, 16, 0, 1, tzinfo=clock.moment.tzinfo)  # just past midnight
    with app.app_context():
        assert timers.fire_due_timers(now=clock.naive()) == 1

    case = api.application("tianshan", application_id)
    assert sorted(t["step"] for t in case["current_tasks"]) == ["budget_review", "tech_review"]
    accepted = next(h for h in case["history"] if h["step"] == "accept")
    assert accepted["decision"] == "approve" and accepted["completed_by"] is None

    issued = documents(api, application_id)
    assert [d["kind"] for d in issued] == ["receipt", "deemed_acceptance"]
    notice = issued[1]
    assert notice["kind"] == "deemed_acceptance"
    assert notice["number"] == "新工信中小〔2025〕2号"
    text = text_of(download(api, notice))
    assert "视为受理通知书" in text
    assert "自收到申请之日起即视为受理，受理日期为2025年9月30日" in text

    log_in(client, "tianshan")
    page = client.get(f"/applications/{application_id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Deemed accepted as from" in page
    notes = api.get("tianshan", "/notifications").get_json()["notifications"]
    assert any(n["kind"] == "document" and "视为受理通知书" in n["message"] for n in notes)

    with app.app_context():  # the worker's next round issues nothing twice
        assert timers.fire_due_timers(now=clock.naive()) == 0
    assert len(documents(api, application_id)) == 2
