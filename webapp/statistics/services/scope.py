"""Who reads which statistics, and the filters every figure shares (year, program, region, department)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, exists, or_, select

from webapp.common.errors import Invalid, PermissionDenied
from webapp.extensions import db
from webapp.models import Application, Department, Enterprise, HumanTask, User
from workflows.programs import get_program
from workflows.regions import PREFECTURES
from workflows.working_days import BEIJING

AUDITOR = "SJT"  # 审计厅 reads every department's figures, as administrators and heads do


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    program: str | None = None
    region: str | None = None  # a prefecture, or a county of one
    department: str | None = None  # a department code

    def as_query(self, **more) -> dict:
        """The filters (and any narrower ones) as URL query arguments, empty ones left out."""
        values = {"year": self.year, "program": self.program, "region": self.region, "department": self.department}
        return {k: v for k, v in {**values, **more}.items() if v not in (None, "")}


def parse_filters(args) -> Filters:
    """Filters from query arguments; a value that names nothing is a 422 with the field."""
    errors: dict[str, list[str]] = {}
    year = (args.get("year") or "").strip()
    if year and not (year.isdigit() and 2000 <= int(year) <= 2100):
        errors["year"] = ["A year such as 2026."]
    program = (args.get("program") or "").strip() or None
    if program and get_program(program) is None:
        errors["program"] = ["No such program."]
    region = (args.get("region") or "").strip() or None
    if region and not _is_region(region):
        errors["region"] = ["No such prefecture or county of Xinjiang."]
    department = (args.get("department") or "").strip() or None
    if department and db.session.scalar(select(Department.id).where(Department.code == department)) is None:
        errors["department"] = ["No such department."]
    if errors:
        raise Invalid("The filters have errors.", errors)
    return Filters(int(year) if year else None, program, region, department)


def _is_region(name: str) -> bool:
    return name in PREFECTURES or any(name in counties for counties in PREFECTURES.values())


def _is_auditor(user: User) -> bool:
    # The auditor role comes with the money room (Role.AUDITOR); until it is merged, 审计厅's staff.
    return bool(getattr(user, "is_auditor", False))


def may_read_all(user: User) -> bool:
    if user.is_admin or user.is_head or _is_auditor(user):
        return True
    return user.is_staff and user.department is not None and user.department.code == AUDITOR


def ensure_reader(user: User) -> None:
    """Asked before the filters are read: an applicant is refused whatever they ask for."""
    if not (user.is_admin or user.is_staff or _is_auditor(user)):
        raise PermissionDenied("Statistics are for administrators, department heads, the auditor and staff.")


def scoped(user: User, filters: Filters) -> Filters:
    """Staff other than the auditor read their own department's figures only, whatever they ask."""
    ensure_reader(user)
    if may_read_all(user):
        return filters
    if user.department is None:
        raise PermissionDenied("Your account belongs to no department.")
    return replace(filters, department=user.department.code)


def year_range(year: int) -> tuple[datetime, datetime]:
    """A Beijing calendar year as naive UTC bounds, so the index on the stamp is used."""
    start = datetime(year, 1, 1, tzinfo=BEIJING).astimezone(UTC).replace(tzinfo=None)
    end = datetime(year + 1, 1, 1, tzinfo=BEIJING).astimezone(UTC).replace(tzinfo=None)
    return start, end


def department_id(code: str | None) -> int | None:
    return db.session.scalar(select(Department.id).where(Department.code == code)) if code else None


def case_conditions(filters: Filters, stamp=Application.submitted_at) -> list[ColumnElement]:
    """Conditions on applications joined to their enterprise; `stamp` is what the year applies to."""
    conditions: list[ColumnElement] = []
    if filters.year:
        start, end = year_range(filters.year)
        conditions += [stamp >= start, stamp < end]
    if filters.program:
        conditions.append(Application.program_code == filters.program)
    if filters.region:
        conditions.append(
            or_(Enterprise.region_prefecture == filters.region, Enterprise.region_county == filters.region)
        )
    if filters.department:
        worked = select(HumanTask.id).where(
            and_(
                HumanTask.application_id == Application.id, HumanTask.department_id == department_id(filters.department)
            )
        )
        conditions.append(exists(worked))
    return conditions
