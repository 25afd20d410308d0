"""An enterprise's profile and its accounts: the owner keeps both; members apply and read."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select

from webapp.common import audit
from webapp.common.errors import Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import ApiToken, Enterprise, Role, User
from workflows import regions, sme_size

PROFILE_FIELDS = (
    "name",
    "region_prefecture",
    "region_county",
    "industry",
    "employees",
    "revenue",
    "total_assets",
    "contact_name",
    "contact_phone",
    "contact_email",
    "bank_name",
    "bank_account",
)


def enterprise_of(user: User) -> Enterprise:
    if not user.is_applicant or user.enterprise is None:
        raise PermissionDenied("Only an applicant enterprise's account has an enterprise profile.")
    return user.enterprise


def update_profile(user: User, data: dict) -> Enterprise:
    """Any of the enterprise's users keeps the profile; the size class is derived, never typed.

    The credit code is not among the fields: it identifies the enterprise and was checked at
    registration.
    """
    enterprise = enterprise_of(user)
    if not regions.is_county_of(data.get("region_prefecture") or "", data.get("region_county") or ""):
        raise Invalid("The form has errors.", {"region_county": ["Pick a county of the chosen prefecture."]})
    with unit_of_work("The profile was changed at the same moment; reload and try again."):
        for name in PROFILE_FIELDS:
            setattr(enterprise, name, data.get(name))
        enterprise.size_class = sme_size.classify(
            enterprise.industry, enterprise.employees, enterprise.revenue, enterprise.total_assets
        )
        changes = {name: str(data.get(name)) if data.get(name) is not None else None for name in PROFILE_FIELDS}
        audit.record(
            user, "enterprise.profile_updated", enterprise, data={**changes, "size_class": enterprise.size_class}
        )
    return enterprise


def members_of(user: User) -> list[User]:
    enterprise = enterprise_of(user)
    query = select(User).where(User.enterprise_id == enterprise.id).order_by(User.id)
    return list(db.session.scalars(query))


def add_member(owner: User, username: str, display_name: str, password: str) -> User:
    ensure_owner(owner)
    if db.session.scalar(select(User.id).where(User.username == username)):
        raise Invalid("That user name is taken.", {"username": ["That user name is taken."]})
    with unit_of_work("That user name was registered at the same moment."):
        member = User(
            username=username,
            display_name=display_name,
            role=Role.APPLICANT,
            enterprise_id=owner.enterprise_id,
            enterprise_role="member",
        )
        member.set_password(password)
        db.session.add(member)
        db.session.flush()
        audit.record(owner, "enterprise.member_added", member, data={"username": username})
    return member


def remove_member(owner: User, member_id: int) -> None:
    """The account leaves the enterprise and can no longer sign in; its row stays, because the
    audit trail and the applications it filed name it."""
    ensure_owner(owner)
    member = db.session.get(User, member_id)
    if member is None or member.enterprise_id != owner.enterprise_id:
        raise NotFound("No such user in your enterprise.")
    if member.enterprise_role == "owner":
        raise Invalid("The owner's own account cannot be removed.")
    with unit_of_work():
        member.enterprise_id = None
        member.enterprise_role = None
        member.set_password(secrets.token_urlsafe(48))
        db.session.execute(delete(ApiToken).where(ApiToken.user_id == member.id))
        audit.record(owner, "enterprise.member_removed", member, data={"username": member.username})


def ensure_owner(user: User) -> None:
    """Only the owner manages the enterprise's accounts: members apply and read, nothing more."""
    enterprise_of(user)
    if not user.is_enterprise_owner:
        raise PermissionDenied("Only the enterprise's owner may manage its users.")
