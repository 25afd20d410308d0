import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.extensions import db
from webapp.models._columns import enum_values, utcnow
from webapp.models.department import Department
from webapp.models.enterprise import Enterprise


class Role(enum.StrEnum):
    APPLICANT = "applicant"
    STAFF = "staff"
    HEAD = "head"  # a department head: staff who also hands out the department's work
    ADMIN = "admin"
    AUDITOR = "auditor"  # 审计厅: reads every case, the ledger and the audit trail; changes nothing


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16, values_callable=enum_values))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    # An enterprise has one "owner" (who registered it and manages its users) and any "member"s.
    enterprise_role: Mapped[str | None] = mapped_column(String(16))
    # Where notifications are e-mailed; none, and they stay in the in-app list only.
    email: Mapped[str | None] = mapped_column(String(254))
    # A deactivated account cannot log in, its sessions and API tokens are refused; the row stays
    # because tasks and the audit trail name it.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every session cookie's user id; raising it (logout, password change, deactivation)
    # makes every session signed before it worthless, wherever the cookie was copied to.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    department: Mapped[Department | None] = relationship()
    enterprise: Mapped[Enterprise | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_generation}"

    def end_sessions(self) -> None:
        """Every session of this account is refused from its next request on."""
        self.session_generation = (self.session_generation or 0) + 1

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses to log in an inactive account; the user loader refuses its sessions."""
        return self.active

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_staff(self) -> bool:
        """Works a department's tasks; a head is staff too."""
        return self.role in (Role.STAFF, Role.HEAD)

    @property
    def is_head(self) -> bool:
        return self.role == Role.HEAD

    @property
    def is_auditor(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_enterprise_owner(self) -> bool:
        return self.is_applicant and self.enterprise_role == "owner"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()
