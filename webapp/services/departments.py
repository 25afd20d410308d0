"""Reading the department registry."""

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Department
from webapp.services.errors import NotFound


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
