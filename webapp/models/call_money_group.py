from decimal import Decimal

from sqlalchemy import Numeric
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db

AMOUNT = Numeric(18, 2)


class CallMoneyGroup(db.Model):
    """The ledger summed per call (and so per fund line): a roll-up of `ledger_entries` built with
    the other statistics groups (webapp/statistics/services/rollup.py), read by the budget tables."""

    __tablename__ = "statistics_call_money"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(index=True)
    fund_line_id: Mapped[int] = mapped_column(index=True)
    commitment: Mapped[Decimal] = mapped_column(AMOUNT, default=0)
    payment: Mapped[Decimal] = mapped_column(AMOUNT, default=0)
    release: Mapped[Decimal] = mapped_column(AMOUNT, default=0)
    recovery: Mapped[Decimal] = mapped_column(AMOUNT, default=0)
    cases: Mapped[int] = mapped_column(default=0)  # applications with a commitment
