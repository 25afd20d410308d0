"""The ledger's figures, always summed from its rows: nothing is kept as a running total.

Invariants (docs/architecture.md, "The money"): for a call, a fund line or a case,
committed = commitments − releases; disbursed = payments; recovered = recoveries;
available = budget − committed + recovered; and a case's disbursed never exceeds its committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Application, EntryKind, FundingCall, FundLine, LedgerEntry

ZERO = Decimal("0")


@dataclass(frozen=True)
class Figures:
    budget: Decimal
    committed: Decimal
    disbursed: Decimal
    recovered: Decimal
    released: Decimal

    @property
    def available(self) -> Decimal:
        return self.budget - self.committed + self.recovered

    @property
    def outstanding(self) -> Decimal:
        """Committed and not yet paid (a case's "partly paid" remainder)."""
        return self.committed - self.disbursed

    def as_dict(self) -> dict:
        return {
            "budget": f"{self.budget:.2f}",
            "committed": f"{self.committed:.2f}",
            "disbursed": f"{self.disbursed:.2f}",
            "recovered": f"{self.recovered:.2f}",
            "available": f"{self.available:.2f}",
        }


def _sums(condition) -> dict[str, Decimal]:
    rows = db.session.execute(
        select(LedgerEntry.kind, func.coalesce(func.sum(LedgerEntry.amount), 0))
        .where(condition)
        .group_by(LedgerEntry.kind)
    )
    return {kind: Decimal(str(total)) for kind, total in rows}


def _figures(budget: Decimal, sums: dict[str, Decimal]) -> Figures:
    released = sums.get(EntryKind.RELEASE, ZERO)
    return Figures(
        budget=Decimal(budget or 0),
        committed=sums.get(EntryKind.COMMITMENT, ZERO) - released,
        disbursed=sums.get(EntryKind.PAYMENT, ZERO),
        recovered=sums.get(EntryKind.RECOVERY, ZERO),
        released=released,
    )


def call_figures(call: FundingCall) -> Figures:
    return _figures(call.budget, _sums(LedgerEntry.call_id == call.id))


def fund_figures(line: FundLine) -> Figures:
    return _figures(line.budget, _sums(LedgerEntry.fund_line_id == line.id))


def case_figures(application: Application) -> Figures:
    """A case's own money: its budget is what was committed to it."""
    sums = _sums(LedgerEntry.application_id == application.id)
    return _figures(sums.get(EntryKind.COMMITMENT, ZERO), sums)


def allocated_to_calls(line: FundLine, excluding: FundingCall | None = None) -> Decimal:
    """What the line's calls may commit between them; never more than the line's budget."""
    query = select(func.coalesce(func.sum(FundingCall.budget), 0)).where(FundingCall.fund_line_id == line.id)
    if excluding is not None:
        query = query.where(FundingCall.id != excluding.id)
    return Decimal(str(db.session.scalar(query)))


def entries(condition=None, limit: int = 5000) -> list[LedgerEntry]:
    query = select(LedgerEntry).order_by(LedgerEntry.id)
    if condition is not None:
        query = query.where(condition)
    return list(db.session.scalars(query.limit(limit)))


def lock_fund_line(line_id: int) -> FundLine:
    """Hold the fund line's row until the transaction ends (SELECT ... FOR UPDATE).

    Every writer of money on a line takes this lock first, so the sums it then reads include
    every commitment committed before it and none is being written beside it. SQLite ignores
    the clause; its single writer lock serialises the writers instead.
    """
    return db.session.scalars(
        select(FundLine).where(FundLine.id == line_id).with_for_update().execution_options(populate_existing=True)
    ).one()
