"""One movement of money on a case: a commitment, a payment tranche, a release or a recovery.

Rows are only ever added. Per call (and fund line): committed = commitments − releases,
disbursed = payments, recovered = recoveries, available = budget − committed + recovered.
"""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import clock_utcnow
from webapp.models.funding_call import FundingCall


class EntryKind(enum.StrEnum):
    COMMITMENT = "commitment"  # 核定：an approval commits the amount
    PAYMENT = "payment"  # 拨付：a tranche paid to the enterprise's account
    RELEASE = "release"  # 核销：the unpaid remainder returned to the budget
    RECOVERY = "recovery"  # 追回：money recovered after payment, returned to the fund


class LedgerEntry(db.Model):
    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_line_id: Mapped[int] = mapped_column(ForeignKey("fund_lines.id"), index=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("funding_calls.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # always positive; the kind gives the sign
    occurred_on: Mapped[date]
    voucher_no: Mapped[str | None] = mapped_column(String(64))
    account: Mapped[str | None] = mapped_column(String(200))  # bank and account paid to, as then on the profile
    reason: Mapped[str | None] = mapped_column(Text)
    article: Mapped[str | None] = mapped_column(String(200))  # the rule a recovery rests on
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=clock_utcnow)

    call: Mapped[FundingCall] = relationship()
