"""The department registry: reading it, and administrators editing names, aliases, level and parent."""

from __future__ import annotations

from sqlalchemy import select

from webapp.common import audit
from webapp.common.errors import Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Department, User

LEVELS = ("region", "prefecture", "county")
NAME_MAX = 100


def by_codes(codes) -> dict[str, Department]:
    rows = db.session.scalars(select(Department).where(Department.code.in_(list(codes))))
    return {d.code: d for d in rows}


def all_departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.kind, Department.code)))


def lane_choices() -> list[dict]:
    """What a lane may be named: the applicant, then every department (code, Chinese and English name)."""
    applicant = {"code": "申请企业", "name_zh": "申请企业", "name_en": "Applicant", "applicant": True}
    rows = [{"code": d.code, "name_zh": d.name_zh, "name_en": d.name_en} for d in all_departments()]
    return [applicant, *rows]


def get_by_code(code: str) -> Department:
    department = db.session.scalar(select(Department).where(Department.code == code.upper()))
    if department is None:
        raise NotFound("No department '%(code)s'.", code=code)
    return department


def update_department(
    admin: User,
    department: Department,
    name_zh: str,
    name_en: str,
    aliases: list[str],
    level: str,
    parent_code: str | None,
) -> Department:
    """Names, aliases, level and parent; the old Chinese name stays an alias, so lanes naming it still route."""
    if admin is None or not admin.is_admin:
        raise PermissionDenied("Only administrators may edit departments.")
    name_zh, name_en = (name_zh or "").strip(), (name_en or "").strip()
    aliases = list(dict.fromkeys(a.strip() for a in aliases if a and a.strip()))
    if name_zh and name_zh != department.name_zh and department.name_zh not in aliases:
        aliases.append(department.name_zh)
    others = [d for d in all_departments() if d.id != department.id]
    errors: dict[str, list[str]] = {}
    _check_names(errors, name_zh, name_en, level)
    _check_clashes(errors, name_zh, aliases, others)
    parent = _checked_parent(errors, department, parent_code, others)
    if errors:
        raise Invalid("The department was not saved.", errors)
    before = _facts(department)
    with unit_of_work("The department changed at the same moment; reload and retry."):
        department.name_zh, department.name_en, department.level = name_zh, name_en, level
        department.aliases = aliases
        department.parent = parent
        db.session.flush()
        audit.record(admin, "department.updated", department, data={"before": before, "after": _facts(department)})
    return department


def _check_names(errors: dict[str, list[str]], name_zh: str, name_en: str, level: str) -> None:
    if not name_zh or len(name_zh) > NAME_MAX:
        errors.setdefault("name_zh", []).append("Give a Chinese name of at most 100 characters.")
    if not name_en or len(name_en) > 200:
        errors.setdefault("name_en", []).append("Give an English name of at most 200 characters.")
    if level not in LEVELS:
        errors.setdefault("level", []).append("Choose a level from the list.")


def _check_clashes(errors: dict[str, list[str]], name_zh: str, aliases: list[str], others: list[Department]) -> None:
    """A code, name or alias routes lanes to one department only, so none may name two."""
    taken = {}
    for other in others:
        for name in (other.code, other.name_zh, *(other.aliases or [])):
            taken.setdefault(name, other.code)
    if name_zh in taken:
        errors.setdefault("name_zh", []).append(f"“{name_zh}” already names {taken[name_zh]}.")
    clashes = [a for a in aliases if a in taken]
    if clashes:
        errors.setdefault("aliases", []).append("; ".join(f"“{a}” already names {taken[a]}" for a in clashes) + ".")


def _checked_parent(
    errors: dict[str, list[str]], department: Department, parent_code: str | None, others: list[Department]
) -> Department | None:
    if parent_code == department.code:
        errors.setdefault("parent", []).append("A department cannot be its own parent.")
        return None
    if not parent_code:
        return None
    parent = next((d for d in others if d.code == parent_code), None)
    if parent is None:
        errors.setdefault("parent", []).append(f"There is no department {parent_code}.")
    elif _descends_from(parent, department):
        errors.setdefault("parent", []).append(f"{parent.code} is under {department.code}: that would make a cycle.")
    return parent


def _descends_from(candidate: Department, ancestor: Department) -> bool:
    seen = set()
    node = candidate
    while node is not None and node.id not in seen:
        if node.id == ancestor.id:
            return True
        seen.add(node.id)
        node = node.parent
    return False


def _facts(department: Department) -> dict:
    return {
        "name_zh": department.name_zh,
        "name_en": department.name_en,
        "aliases": list(department.aliases or []),
        "level": department.level,
        "parent": department.parent.code if department.parent else None,
    }
