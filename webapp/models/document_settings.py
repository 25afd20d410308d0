"""What a department's documents say of it: its number prefix and where an applicant may appeal."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db


class DocumentSettings(db.Model):
    """Set by an administrator; a department without a row gets the defaults in documents.settings."""

    __tablename__ = "document_settings"

    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)
    number_prefix: Mapped[str] = mapped_column(String(32))  # 新工信中小 → 新工信中小〔2026〕17号
    reconsideration_body: Mapped[str] = mapped_column(String(200))  # 行政复议机关
    court: Mapped[str] = mapped_column(String(200))  # the court of first instance

    department = relationship("Department")
