"""Finance enters each year's special-fund lines and adjusts their budgets, every change with a reason."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext
from sqlalchemy import select

from webapp.common import audit
from webapp.common.errors import Invalid, NotFound
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.labels import amount as shown
from webapp.models import Department, FundLevel, FundLine, User
from webapp.money.services import ledger
from webapp.money.services.access import ensure_finance
from workflows.programs import all_programs

PLANNING_DEPARTMENT = "JXW"  # 《办法》第十一条: the industry and IT department plans the fund


def list_fund_lines(year: int | None = None) -> list[FundLine]:
    query = select(FundLine).order_by(FundLine.year.desc(), FundLine.id)
    if year is not None:
        query = query.where(FundLine.year == year)
    return list(db.session.scalars(query))


def get_fund_line(line_id: int) -> FundLine:
    line = db.session.get(FundLine, line_id)
    if line is None:
        raise NotFound("No such fund line.")
    return line


def parse_money(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or number < 0 or number >= Decimal("1e14"):
        raise Invalid("The form has errors.", {field: [gettext("Enter an amount in yuan, such as 500000.")]})
    return number.quantize(Decimal("0.01"))


def create_fund_line(
    user: User,
    year: int,
    name: str,
    budget,
    programs: list[str],
    level: str = FundLevel.REGION,
    region: str | None = None,
) -> FundLine:
    ensure_finance(user)
    errors = _line_errors(year, name, programs, level)
    if errors:
        raise Invalid("The form has errors.", errors)
    planning = db.session.scalar(select(Department).where(Department.code == PLANNING_DEPARTMENT))
    with unit_of_work():
        line = FundLine(
            year=year,
            level=level,
            region=(region or "").strip() or None,
            name=name.strip(),
            budget=parse_money(budget, "budget"),
            planning_department_id=planning.id if planning else None,
            arranging_department_id=user.department_id,
            programs=list(programs),
        )
        db.session.add(line)
        db.session.flush()
        audit.record(user, "fund_line.created", line, None, {"year": year, "budget": str(line.budget)})
    return line


def _line_errors(year, name, programs, level) -> dict:
    errors = {}
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [gettext("Enter the budget year, such as 2026.")]
    if not (name or "").strip():
        errors["name"] = [gettext("Name the fund line.")]
    unknown = [code for code in programs if code not in all_programs()]
    if not programs or unknown:
        errors["programs"] = [gettext("Choose the programs that draw on this fund line.")]
    if level not in FundLevel.ALL:
        errors["level"] = [gettext("Choose the budget level.")]
    return errors


def adjust_budget(user: User, line_id: int, budget, reason: str) -> FundLine:
    """A new budget for the line, never below what its calls were given; the reason is audited."""
    line = get_fund_line(line_id)
    ensure_finance(user, line)
    new_budget = parse_money(budget, "budget")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why the budget changes.", {"reason": [gettext("Say why the budget changes.")]})
    with unit_of_work():
        line = ledger.lock_fund_line(line_id)
        allocated = ledger.allocated_to_calls(line)
        if new_budget < allocated:
            raise Invalid(
                "The calls on this fund line were given %(allocated)s yuan; the budget cannot be less.",
                {
                    "budget": [
                        gettext(
                            "The calls on this fund line were given %(allocated)s yuan; the budget cannot be less.",
                            allocated=shown(allocated),
                        )
                    ]
                },
                allocated=shown(allocated),
            )
        old = line.budget
        line.budget = new_budget
        audit.record(
            user, "fund_line.budget_adjusted", line, None, {"from": str(old), "to": str(new_budget), "reason": reason}
        )
    return line
