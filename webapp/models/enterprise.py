from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db
from webapp.models._columns import utcnow


class Enterprise(db.Model):
    """An applicant, identified by its 统一社会信用代码: an enterprise, or a school, bank, guarantee
    agency, start-up base, park, service platform or venture-capital enterprise (applicant_type)."""

    __tablename__ = "enterprises"
    __table_args__ = (
        # Statistics and SME monitoring group and filter enterprises by region, size and industry.
        Index("ix_enterprises_region", "region_prefecture", "region_county"),
        Index("ix_enterprises_size_industry", "size_class", "industry"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    # workflows/catalogue/grant_spec.py APPLICANT_TYPES; a program is offered to the types it names.
    applicant_type: Mapped[str] = mapped_column(String(32), default="enterprise", server_default="enterprise")
    # The profile (issue 5): where, what and how big. The size class (大型/中型/小型/微型) follows
    # from industry, employees, revenue and assets by the national SME classification standard.
    region_prefecture: Mapped[str | None] = mapped_column(String(50))
    region_county: Mapped[str | None] = mapped_column(String(50))
    industry: Mapped[str | None] = mapped_column(String(50))
    employees: Mapped[int | None]
    revenue: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    total_assets: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    size_class: Mapped[str | None] = mapped_column(String(16))
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # Where grants are paid (开户银行、账号); a payment records them as they stood that day.
    bank_name: Mapped[str | None] = mapped_column(String(100))
    bank_account: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(onupdate=utcnow)
