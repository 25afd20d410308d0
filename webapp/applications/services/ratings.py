"""好差评: the enterprise rates the service once its case is decided; departments are compared by it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp.common import audit
from webapp.common.errors import Conflict, Invalid, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Application, Department, Rating, TaskState, User

SCORES = {
    5: _l("Very satisfied"),
    4: _l("Satisfied"),
    3: _l("Fairly satisfied"),
    2: _l("Dissatisfied"),
    1: _l("Very dissatisfied"),
}
COMMENT_MAX = 500


@dataclass(frozen=True)
class DepartmentRatings:
    department: Department
    count: int
    average: float
    distribution: dict[int, int]  # score → how many


def rating_of(application: Application) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.application_id == application.id))


def can_rate(user: User, application: Application) -> bool:
    return (
        user.is_applicant
        and user.enterprise_id == application.enterprise_id
        and _deciding_department(application) is not None
        and rating_of(application) is None
    )


def rate(user: User, application: Application, score: int, comment: str | None) -> Rating:
    if not user.is_applicant or user.enterprise_id != application.enterprise_id:
        raise PermissionDenied("Only the applicant enterprise may rate this application.")
    department = _deciding_department(application)
    if department is None:
        raise Conflict("An application can be rated once it is decided.")
    if rating_of(application) is not None:
        raise Conflict("This application has already been rated; a rating is given once.")
    if score not in SCORES:
        raise Invalid("The form has errors.", {"score": ["Pick a rating from 1 to 5."]})
    comment = (comment or "").strip() or None
    if comment and len(comment) > COMMENT_MAX:
        raise Invalid("The form has errors.", {"comment": ["At most 500 characters."]})
    with unit_of_work("This application was rated at the same moment; a rating is given once."):
        rating = Rating(
            application_id=application.id,
            enterprise_id=application.enterprise_id,
            user_id=user.id,
            department_id=department,
            score=score,
            comment=comment,
        )
        db.session.add(rating)
        db.session.flush()
        audit.record(user, "application.rated", rating, application.id, {"score": score, "department_id": department})
    return rating


def statistics(user: User) -> list[DepartmentRatings]:
    """Per department: how many ratings, their average and how they spread over 1–5."""
    if not (user.is_admin or user.is_head):
        raise PermissionDenied("Rating statistics are for administrators and department heads.")
    rows = db.session.execute(
        select(Rating.department_id, Rating.score, func.count()).group_by(Rating.department_id, Rating.score)
    ).all()
    spread: dict[int, dict[int, int]] = {}
    for department_id, score, count in rows:
        spread.setdefault(department_id, dict.fromkeys(SCORES, 0))[score] = count
    departments = {d.id: d for d in db.session.scalars(select(Department).where(Department.id.in_(spread)))}
    result = []
    for department_id, distribution in spread.items():
        count = sum(distribution.values())
        average = sum(score * n for score, n in distribution.items()) / count
        result.append(DepartmentRatings(departments[department_id], count, round(average, 2), distribution))
    return sorted(result, key=lambda r: (-r.average, r.department.code))


def _deciding_department(application: Application) -> int | None:
    """The department that decided (or, for a case not accepted, refused to accept) it; None while open."""
    if application.decision_task is not None:
        return application.decision_task.department_id
    if application.instance is not None and application.instance.status == "completed":
        done = [t for t in application.tasks if t.state == TaskState.COMPLETED and not t.for_applicant]
        return done[-1].department_id if done else None
    return None
