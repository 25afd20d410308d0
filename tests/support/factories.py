"""Factories for people the demo data does not have."""

from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import Department, Role, User


def create_staff(app, username: str, department_code: str) -> None:
    with app.app_context():
        _add_staff(username, department_code)


def _add_staff(username: str, department_code: str) -> User:
    department = db.session.scalar(select(Department).where(Department.code == department_code))
    user = User(
        username=username, display_name=f"{department.name_zh} {username}", role=Role.STAFF, department=department
    )
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


# The years the tests' clocks stand in (2025 for the time-moving tests, today's for the rest).
STANDING_CALL_YEARS = (2025, 2026, 2027)


def open_standing_calls() -> None:
    """Finance enters each year's fund line and every lead department opens its program's call for
    the whole year, through the same services the offices use (app context given by the caller).

    These calls hold no public notice (0 days) so that a test may pay right after approving; the
    money tests open calls with a notice of their own.
    """
    from webapp.money.services.demo_money import seed_demo_money

    for year in STANDING_CALL_YEARS:
        seed_demo_money(is_production=False, year=year, notice_days=0)


def open_call(
    app,
    program: str = "sme-18-1",
    budget="1000000",
    ceiling=None,
    notice_days: int = 0,
    opens_on=None,
    closes_on=None,
    year: int | None = None,
) -> int:
    """Finance enters a fund line for the program and its lead department opens a call on it, as the
    two offices do through their pages; returns the call's id."""
    from datetime import date, timedelta

    from webapp.money.services import calls, funds
    from workflows.programs import get_program

    today = date.today()
    with app.app_context():
        finance = db.session.scalar(select(User).where(User.username == "czt"))
        lead = get_program(program).lead.lower()
        line = funds.create_fund_line(finance, year or today.year, f"{program} 专项资金", budget, [program])
        form = calls.CallForm(
            program_code=program,
            fund_line_id=line.id,
            title=f"{program} 申报批次",
            opens_on=opens_on or today - timedelta(days=10),
            closes_on=closes_on or today + timedelta(days=20),
            budget=budget,
            ceiling=ceiling,
            notice_days=notice_days,
        )
        return calls.open_call(db.session.scalar(select(User).where(User.username == lead)), form).id
