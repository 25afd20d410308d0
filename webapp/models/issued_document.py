"""A written act issued on a case (回执, 受理通知书, 补正材料通知书, 决定书 …), kept as signed."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import utcnow


class DocumentKind(enum.StrEnum):
    RECEIPT = "receipt"  # 回执
    ACCEPTANCE = "acceptance"  # 受理通知书
    DEEMED_ACCEPTANCE = "deemed_acceptance"  # 视为受理通知书
    CORRECTION = "correction"  # 补正材料通知书
    REFUSAL_TO_ACCEPT = "refusal_to_accept"  # 不予受理通知书
    APPROVAL = "approval"  # 准予（全额）决定书
    PARTIAL_APPROVAL = "partial_approval"  # 部分准予决定书
    REFUSAL = "refusal"  # 不予批准决定书


DECISION_KINDS = (DocumentKind.APPROVAL, DocumentKind.PARTIAL_APPROVAL, DocumentKind.REFUSAL)


class IssuedDocument(db.Model):
    """The signed PDF as issued: its bytes never change, so its SHA-256 proves a copy genuine."""

    __tablename__ = "issued_documents"
    __table_args__ = (UniqueConstraint("department_id", "year", "serial", name="uq_issued_documents_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_tasks.id"))
    kind: Mapped[str] = mapped_column(String(32))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    year: Mapped[int]
    serial: Mapped[int]
    number: Mapped[str] = mapped_column(String(64), unique=True)  # 文号, e.g. 新工信中小〔2026〕17号
    issuer: Mapped[str] = mapped_column(String(100))  # the department's name on the day of issue
    addressee: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(100))
    # The public verification page's key: short, unguessable, printed under the QR code.
    token: Mapped[str] = mapped_column(String(16), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    # The paragraphs as drawn, for the printable page (the PDF is the document; this is its text).
    body: Mapped[list] = mapped_column(JSON, default=list)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the timer issued it
    signer_subject: Mapped[str | None] = mapped_column(Text)

    application = relationship("Application")
    department = relationship("Department")
    issued_by = relationship("User")

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.year}-{self.serial}.pdf"
