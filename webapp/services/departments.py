"""Reading the department registry."""

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Department


def by_codes(codes) -> dict[str, Department]:
    rows = db.session.scalars(select(Department).where(Department.code.in_(list(codes))))
    return {d.code: d for d in rows}
