"""Accounts: applicants register; everyone logs in; API clients exchange a password for a token."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from webapp.common import audit, locking
from webapp.common.errors import Conflict, Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import ApiToken, Department, Enterprise, HumanTask, Role, TaskState, User
from webapp.models._columns import utcnow
from webapp.security import MAX_ID
from workflows.catalogue.grant_spec import APPLICANT_TYPES, ENTERPRISE

REASON_MAX = 500
PASSWORD_MIN, PASSWORD_MAX = 8, 128


def ensure_active(user: User) -> None:
    if not user.active:
        raise PermissionDenied("This account has been deactivated; ask an administrator.")


def register_applicant(
    username: str,
    password: str,
    display_name: str,
    enterprise_name: str,
    credit_code: str,
    applicant_type: str = ENTERPRISE,
) -> User:
    """An applicant of any kind the rules pay, by its 统一社会信用代码 and its type."""
    if applicant_type not in APPLICANT_TYPES:
        raise Invalid("The form has errors.", {"applicant_type": ["Choose a kind of applicant from the list."]})
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise Conflict("That user name is taken.", {"username": ["That user name is taken."]})
    if db.session.scalar(select(Enterprise.id).where(Enterprise.credit_code == credit_code)):
        raise Invalid(
            "That enterprise is already registered.",
            {"credit_code": ["This credit code is already registered; ask its owner to add you."]},
        )
    with unit_of_work("That user name or credit code was registered at the same moment."):
        enterprise = Enterprise(name=enterprise_name, credit_code=credit_code, applicant_type=applicant_type)
        user = User(
            username=username,
            display_name=display_name,
            role=Role.APPLICANT,
            enterprise=enterprise,
            enterprise_role="owner",
        )
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
        registered = {"enterprise": enterprise_name, "credit_code": credit_code, "applicant_type": applicant_type}
        audit.record(user, "user.registered", user, data=registered)
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, hours: int) -> str:
    token = secrets.token_urlsafe(32)
    with unit_of_work():
        db.session.add(
            ApiToken(user_id=user.id, token_hash=_digest(token), expires_at=utcnow() + timedelta(hours=hours))
        )
    return token


def user_for_token(token: str) -> User | None:
    query = select(ApiToken).options(joinedload(ApiToken.user)).where(ApiToken.token_hash == _digest(token))
    row = db.session.scalar(query)  # the account in the same statement: every API request asks
    if row is None or row.expires_at < utcnow():
        return None
    return row.user


def load_session_user(session_id: str) -> User | None:
    """A signed-in session's account, from the "<id>:<generation>" its cookie carries.

    A session signed before the account's last logout, password change or deactivation carries
    an older generation and is refused, so a copied cookie dies on the server; a deactivated
    account is signed out on its next request.
    """
    user_id, _, generation = (session_id or "").partition(":")
    if not (user_id.isdigit() and generation.isdigit()) or int(user_id) > MAX_ID:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_generation != int(generation):
        return None
    return user


def end_sessions(user: User) -> None:
    """Logout: every session of the account ends on the server, the copied cookies with them."""
    with unit_of_work():
        user.end_sessions()


def change_password(user: User, current: str, new: str) -> User:
    """A new password ends every other session and every API token of the account."""
    if not user.check_password(current):
        raise Invalid("The form has errors.", {"current_password": ["Wrong password."]})
    if not PASSWORD_MIN <= len(new) <= PASSWORD_MAX:
        raise Invalid("The form has errors.", {"new_password": ["Field must be between 8 and 128 characters long."]})
    with unit_of_work("The account changed at the same moment; reload and retry."):
        user.set_password(new)
        user.end_sessions()
        db.session.execute(ApiToken.__table__.delete().where(ApiToken.user_id == user.id))
        audit.record(user, "account.password_changed", user)
    return user


def create_staff_account(admin: User, department: Department, username: str, display_name: str, password: str) -> User:
    """An administrator adds a member to a department, or to an open group such as 各金融机构."""
    if not admin.is_admin:
        raise PermissionDenied("Only administrators may create accounts.")
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise Invalid("That user name is taken.", {"username": ["That user name is taken."]})
    with unit_of_work("That user name was registered at the same moment."):
        user = User(username=username, display_name=display_name, role=Role.STAFF, department=department)
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
        audit.record(admin, "user.created", user, data={"department": department.code, "username": username})
    return user


def staff_of(department: Department) -> list[User]:
    query = select(User).where(User.department_id == department.id).order_by(User.username)
    return list(db.session.scalars(query))


def all_accounts() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.role, User.username)))


def get_account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such account.")
    return user


def change_role(admin: User, user: User, role: str, department: Department | None) -> User:
    """An account's role: staff and heads belong to a department, applicants to an enterprise, admins to neither."""
    if admin is None or not admin.is_admin:
        raise PermissionDenied("Only administrators may change roles.")
    try:
        new_role = Role(role)
    except ValueError:
        raise Invalid("Choose a role from the list.", {"role": ["Choose a role from the list."]}) from None
    if new_role in (Role.STAFF, Role.HEAD) and department is None:
        raise Invalid("Staff and department heads need a department.", {"department": ["Choose the department."]})
    if new_role == Role.APPLICANT and user.enterprise_id is None:
        raise Invalid(
            "Only an account registered for an enterprise can be an applicant.",
            {"role": ["This account has no enterprise."]},
        )
    if user.id == admin.id and new_role != Role.ADMIN:
        raise Invalid("You cannot take away your own administrator role.", {"role": ["Ask another administrator."]})
    before = {"role": str(user.role), "department": user.department.code if user.department else None}
    with unit_of_work("The account changed at the same moment; reload and retry."):
        user.role = new_role
        user.department = department if new_role in (Role.STAFF, Role.HEAD) else None
        db.session.flush()
        after = {"role": str(user.role), "department": user.department.code if user.department else None}
        audit.record(admin, "user.role_changed", user, data={"before": before, "after": after})


def set_active(admin: User, user: User, active: bool, reason: str) -> User:
    """Deactivate or reactivate an account, with a reason.

    Deactivating also deletes its API tokens and releases the open tasks it claimed, so that its
    department can pick them up; the row stays, because tasks and the audit trail name it.
    """
    if admin is None or not admin.is_admin:
        raise PermissionDenied("Only administrators may deactivate or reactivate accounts.")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why.", {"reason": ["Say why."]})
    if len(reason) > REASON_MAX:
        raise Invalid("The form has errors.", {"reason": ["At most 500 characters."]})
    _ensure_may_set_active(admin, user, active)
    with unit_of_work("The account changed at the same moment; reload and retry."):
        if not active and user.is_admin:  # two administrators deactivating each other: one stays
            locking.lock_name("active-administrators")
        _ensure_may_set_active(admin, locking.lock_user(user.id), active)
        user.active = active
        if not active:
            user.end_sessions()
        released = [] if active else _release_claimed_tasks(admin, user, reason)
        if not active:
            db.session.execute(ApiToken.__table__.delete().where(ApiToken.user_id == user.id))
        audit.record(
            admin,
            "user.reactivated" if active else "user.deactivated",
            user,
            data={
                "before": {"active": not active},
                "after": {"active": active},
                "reason": reason,
                "released_tasks": released,
            },
        )
    return user


def _ensure_may_set_active(admin: User, user: User, active: bool) -> None:
    if user.active and active:
        raise Conflict("This account is already active.")
    if not user.active and not active:
        raise Conflict("This account is already deactivated.")
    if not active and user.id == admin.id:
        raise Invalid("You cannot deactivate your own account.", {"reason": ["Ask another administrator."]})
    if not active and user.is_admin and _other_active_admins(user) == 0:
        raise Invalid(
            "The last active administrator cannot be deactivated.",
            {"reason": ["Activate another administrator first."]},
        )


def _other_active_admins(user: User) -> int:
    query = select(func.count()).where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    return db.session.scalar(query)


def _release_claimed_tasks(admin: User, user: User, reason: str) -> list[int]:
    query = select(HumanTask).where(HumanTask.claimed_by_id == user.id, HumanTask.state == TaskState.OPEN)
    released = []
    for task in db.session.scalars(query):
        task.claimed_by_id = None
        audit.record(admin, "task.unclaimed", task, task.application_id, {"from": user.username, "reason": reason})
        released.append(task.id)
    return released


def set_email(user: User, email: str | None) -> User:
    """Where the user's notifications are e-mailed; empty keeps them in the in-app list only."""
    email = (email or "").strip() or None
    with unit_of_work():
        user.email = email
        audit.record(user, "account.email_changed", user, data={"email": email})
    return user
