"""Time limits in working days across Chinese public holidays and make-up working weekends."""

from datetime import date, datetime

from tests.support.actors import DEMO_PASSWORD
from webapp.department_work.services import calendar
from workflows.working_days import WorkingCalendar


def test_national_day_week_is_skipped_and_a_make_up_saturday_counts():
    plain = WorkingCalendar()
    # 2025: 1–8 October are holidays; Saturday 11 October is a make-up working day.
    assert plain.add_working_days(date(2025, 9, 30), 1).day == date(2025, 10, 9)
    assert plain.add_working_days(date(2025, 10, 9), 2).day == date(2025, 10, 11)  # Fri 10th, then Sat 11th
    assert not plain.add_working_days(date(2025, 9, 30), 5).estimated


def test_a_year_without_data_falls_back_to_weekdays_and_says_so():
    deadline = WorkingCalendar().add_working_days(date(2026, 12, 30), 5)
    assert deadline.day == date(2027, 1, 6)  # 31 Dec, then Mon 4 Jan … Wed 6 Jan (1 Jan not known as a holiday)
    assert deadline.estimated


def test_days_an_administrator_entered_take_precedence():
    entered = WorkingCalendar({date(2027, 1, 1): False, date(2027, 1, 4): False, date(2027, 1, 9): True})
    assert entered.add_working_days(date(2026, 12, 31), 3).day == date(2027, 1, 7)
    assert entered.working_days_between(date(2027, 1, 7), date(2027, 1, 11)) == 3  # Fri 8, Sat 9 (调休), Mon 11


def test_a_task_due_in_five_working_days_ends_at_midnight_beijing_time(app):
    with app.app_context():
        due, estimated = calendar.deadline_after(datetime(2025, 9, 30, 2, 0), 5)  # 30 Sep, 10:00 Beijing
    assert due == datetime(2025, 10, 14, 15, 59, 59)  # 9, 10, 11 (Sat, 调休), 13, 14 Oct; 23:59:59 +08:00
    assert not estimated


def test_an_administrator_enters_next_year_s_holidays(client, app):
    client.post("/login", data={"username": "admin", "password": DEMO_PASSWORD})
    response = client.post("/admin/calendar", data={"days": "2027-01-01 holiday 元旦\n2027-02-06 workday 春节调休"})
    assert response.status_code == 302
    page = client.get("/admin/calendar").get_data(as_text=True)
    assert 'data-day="2027-01-01"' in page and "春节调休" in page
    with app.app_context():
        assert calendar.current_calendar().is_workday(date(2027, 1, 1)) == (False, True)
        assert calendar.current_calendar().is_workday(date(2027, 2, 6)) == (True, True)

    refused = client.post(
        "/admin/calendar", data={"days": "2027-13-01 holiday 不存在的日子\n2027-05-01 holiday 劳动节"}
    )
    assert refused.status_code == 422
    with app.app_context():
        assert calendar.current_calendar().is_workday(date(2027, 5, 1)) == (False, False)  # nothing was saved


def test_only_administrators_change_the_calendar(client):
    client.post("/login", data={"username": "jxw", "password": DEMO_PASSWORD})
    assert client.post("/admin/calendar", data={"days": "2027-01-01 holiday 元旦"}).status_code == 403


def test_the_applicant_sees_how_many_working_days_the_department_has_left(client, api):
    application_id = api.apply()
    client.post("/login", data={"username": "tianshan", "password": DEMO_PASSWORD})
    client.get("/lang/en")
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert "working days left" in page
