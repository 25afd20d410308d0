"""A special-fund line (专项资金): money in one year's budget at one level, and the programs drawing on it.

Plain figures for the statistics room: `budget` is what finance entered; what is committed,
paid, released and recovered is never stored here but summed from `ledger_entries`
(webapp/money/services/ledger.py), so it cannot drift from the cases' own figures.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import utcnow
from webapp.models.department import Department


class FundLevel:
    """The budget level a line sits in (《办法》第十条: a special fund at every level)."""

    REGION = "region"  # 自治区
    PREFECTURE = "prefecture"  # 地州市
    COUNTY = "county"  # 县市区
    ALL = (REGION, PREFECTURE, COUNTY)


class FundLine(db.Model):
    __tablename__ = "fund_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    level: Mapped[str] = mapped_column(String(16), default=FundLevel.REGION)
    # The prefecture or county whose own budget it is; None at the 自治区 level.
    region: Mapped[str | None] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(200))
    budget: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    # 《办法》第十一条: the industry and IT department plans the fund, finance arranges it.
    planning_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    arranging_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    programs: Mapped[list] = mapped_column(JSON, default=list)  # program codes, e.g. ["sme-18-1"]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    planning_department: Mapped[Department | None] = relationship(foreign_keys=[planning_department_id])
    arranging_department: Mapped[Department | None] = relationship(foreign_keys=[arranging_department_id])
