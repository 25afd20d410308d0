"""Budget execution on the dashboard: per fund line and per call, the budget against what the ledger
committed and paid, as webapp/money/services/ledger.py counts them, read from the ledger's roll-up
per call (`statistics_call_money`, built with the other statistics groups: at 80,000 entries the
grouping took 0.1–0.3 s a view; one grouped statement per table; no entry is loaded).

How the dashboard's filters apply to budgets:
- year: the fund line's budget year (a call counts in the year of the line it draws on);
- program: the calls of that program, and the fund lines those calls draw on (a line's figures stay
  the whole line's, all its calls together: a line's budget is not divided by program);
- department: what the department manages — a fund line it plans or arranges (《办法》第十一条:
  `planning_department_id`, `arranging_department_id`), a call it leads (`lead_department_id`) or that
  draws on a line it manages; so staff, scoped to their department, see only those;
- region: does not apply. A budget is not divided by the enterprises' regions (a call's `regions`
  only says who may apply), so the tables say so in their note rather than show a figure they are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from webapp.extensions import db
from webapp.models import Application, EntryKind, FundingCall, FundLine, LedgerEntry
from webapp.models import CallMoneyGroup as Money
from webapp.money.services import ledger
from webapp.statistics.services.scope import Filters, department_id
from webapp.statistics.services.tables import Row, Table

COLUMNS = (
    ("budget", _l("Budget (yuan)"), "amount"),
    ("committed", _l("Committed, net of releases (yuan)"), "amount"),
    ("paid", _l("Paid, net of recoveries (yuan)"), "amount"),
    ("available", _l("Available (yuan)"), "amount"),
    ("commitment_rate", _l("Commitment rate"), "rate"),
    ("payment_rate", _l("Execution rate (paid ÷ budget)"), "rate"),
    ("cases", _l("Cases committed"), "count"),
)
REGION_NOTE = _l("Budgets are not divided by region: the region filter does not apply to this table.")
LINE_NOTE = _l("A fund line's figures are the whole line's, all its calls together, whatever program is chosen.")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Execution:
    key: str
    label: str
    figures: ledger.Figures
    cases: int

    def values(self) -> dict:
        figures = self.figures
        paid = figures.disbursed - figures.recovered
        return {
            "budget": _money(figures.budget),
            "committed": _money(figures.committed),
            "paid": _money(paid),
            "available": _money(figures.available),  # budget − committed + recovered, as the money room says
            "commitment_rate": _rate(figures.committed, figures.budget),
            "payment_rate": _rate(paid, figures.budget),
            "cases": self.cases,
        }


def budget_tables(filters: Filters) -> list[Table]:
    """The two tables the dashboard appends; `filters` are already scoped to the reader."""
    lines = _table("fund_lines", _l("Budget execution by fund line"), "fund_line", by_fund_line(filters))
    lines.summary["note"] = f"{REGION_NOTE} {LINE_NOTE}"
    calls = _table("calls", _l("Budget execution by call"), "call", by_call(filters), chart="ranked")
    calls.summary["note"] = str(REGION_NOTE)
    return [lines, calls]


def _table(key: str, title, narrower: str, rows: list[Execution], chart: str = "bar") -> Table:
    table = Table(key, str(title), chart, "paid", list(COLUMNS))
    for row in rows:
        table.rows.append(Row(row.key, row.label, row.values(), {narrower: row.key}))
    return table


def by_fund_line(filters: Filters) -> list[Execution]:
    query = (
        select(FundLine.id, FundLine.year, FundLine.name, FundLine.budget, *_sums())
        .outerjoin(Money, Money.fund_line_id == FundLine.id)
        .where(*line_conditions(filters))
        .group_by(FundLine.id, FundLine.year, FundLine.name, FundLine.budget)
        .order_by(FundLine.year.desc(), FundLine.id)
    )
    return [_execution(str(r.id), _line_label(r.year, r.name), r) for r in db.session.execute(query)]


def _line_label(year: int, name: str) -> str:
    """The name with its year, unless the name begins with it (「2026年自治区…专项资金」)."""
    return name if name.startswith(str(year)) else f"{year} · {name}"


def by_call(filters: Filters) -> list[Execution]:
    query = (
        select(FundingCall.id, FundLine.year, FundingCall.title, FundingCall.budget, *_sums())
        .join(FundLine, FundLine.id == FundingCall.fund_line_id)
        .outerjoin(Money, Money.call_id == FundingCall.id)
        .where(*call_conditions(filters))
        .group_by(FundingCall.id, FundLine.year, FundingCall.title, FundingCall.budget)
        .order_by(FundLine.year.desc(), FundingCall.id)
    )
    # Ranked as the chart draws them: the calls that paid most first (a year holds about 36 calls).
    rows = [_execution(str(r.id), r.title, r) for r in db.session.execute(query)]
    return sorted(rows, key=lambda row: (-(row.figures.disbursed - row.figures.recovered), -row.figures.committed))


def _sums() -> list:
    """Σ of each kind of entry and the cases committed, over the calls' rows joined to the group."""

    def total(column, name: str):
        return func.coalesce(func.sum(column), 0).label(name)

    return [*(total(getattr(Money, kind.value), kind.value) for kind in EntryKind), total(Money.cases, "cases")]


def _execution(key: str, label: str, row) -> Execution:
    def total(kind: str) -> Decimal:
        return Decimal(str(getattr(row, kind)))

    released = total(EntryKind.RELEASE)
    figures = ledger.Figures(  # committed and available exactly as ledger.py counts them
        budget=Decimal(row.budget or 0),
        committed=total(EntryKind.COMMITMENT) - released,
        disbursed=total(EntryKind.PAYMENT),
        recovered=total(EntryKind.RECOVERY),
        released=released,
    )
    return Execution(key, label, figures, row.cases)


def _managed_line(department: int | None) -> ColumnElement:
    return or_(FundLine.planning_department_id == department, FundLine.arranging_department_id == department)


def line_conditions(filters: Filters) -> list[ColumnElement]:
    conditions: list[ColumnElement] = []
    if filters.year:
        conditions.append(FundLine.year == filters.year)
    if filters.program:
        drawn_on = select(FundingCall.fund_line_id).where(FundingCall.program_code == filters.program)
        conditions.append(FundLine.id.in_(drawn_on))
    if filters.department:
        conditions.append(_managed_line(department_id(filters.department)))
    return conditions


def call_conditions(filters: Filters) -> list[ColumnElement]:
    """Conditions on calls joined to their fund line."""
    conditions: list[ColumnElement] = []
    if filters.year:
        conditions.append(FundLine.year == filters.year)
    if filters.program:
        conditions.append(FundingCall.program_code == filters.program)
    if filters.department:
        department = department_id(filters.department)
        conditions.append(or_(FundingCall.lead_department_id == department, _managed_line(department)))
    return conditions


def committed_cases(filters: Filters, call: int | None = None, fund_line: int | None = None) -> ColumnElement:
    """Applications committed against the call (or the fund line) of a row, if the row is within the
    reader's filters: a staff member asking for another department's call lists nothing."""
    in_scope = [LedgerEntry.kind == EntryKind.COMMITMENT, LedgerEntry.application_id == Application.id]
    if call is not None:
        calls = select(FundingCall.id).join(FundLine, FundLine.id == FundingCall.fund_line_id)
        in_scope += [LedgerEntry.call_id == call, LedgerEntry.call_id.in_(calls.where(*call_conditions(filters)))]
    if fund_line is not None:
        lines = select(FundLine.id).where(*line_conditions(filters))
        in_scope += [LedgerEntry.fund_line_id == fund_line, LedgerEntry.fund_line_id.in_(lines)]
    return exists(select(LedgerEntry.id).where(and_(*in_scope)))


def _money(value: Decimal) -> str:
    return str(Decimal(value).quantize(_CENT))


def _rate(part: Decimal, budget: Decimal) -> float | None:
    return round(float(part / budget), 4) if budget else None
