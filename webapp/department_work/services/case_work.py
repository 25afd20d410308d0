"""The departments' work beside the steps: information copies (抄告), comments, the opinions side by side.

A department is *involved* in a case when it has or had a task on it or was sent a copy; the
involved departments (and administrators) read the case and its comments. The applicant never
sees the comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import func, select

from webapp.common import audit
from webapp.common.errors import Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Application, CaseComment, Department, HumanTask, InfoCopy, TaskState, User
from webapp.models._columns import utcnow
from webapp.people.services import notifications
from workflows.engine.definitions import StepInfo

COMMENT_MAX = 2000


# -- 抄告: information copies ------------------------------------------------------------


def can_send_copy(user: User, application: Application) -> bool:
    """The lead: staff of a department holding an open task on the case."""
    return user.is_staff and any(t.is_open and t.department_id == user.department_id for t in application.tasks)


def ensure_may_send_copy(user: User, application_id: int) -> Application:
    application = _application(application_id)
    if not can_send_copy(user, application):
        raise PermissionDenied("Only a department with an open step on this case may send an information copy.")
    return application


def send_copy(user: User, application_id: int, department_id: int, note: str | None) -> InfoCopy:
    application = ensure_may_send_copy(user, application_id)
    department = db.session.get(Department, department_id)
    if department is None:
        raise Invalid("The form has errors.", {"department": [gettext("There is no such department.")]})
    if department.id == user.department_id:
        raise Invalid("The form has errors.", {"department": [gettext("Your own department already has the case.")]})
    with unit_of_work():
        copy = _copy(application, department, user, None, (note or "").strip() or None)
    return copy


def copy_on_completion(task: HumanTask, step: StepInfo, user: User | None) -> list[InfoCopy]:
    """A step whose model says `info_copy` sends the case to those departments when it completes."""
    copies = []
    for code in step.info_copy:
        department = db.session.scalar(select(Department).where(Department.code == code))
        if department is not None and task.application is not None:
            copies.append(_copy(task.application, department, user, task.step, None))
    return copies


def _copy(application, department, sender, step, note) -> InfoCopy:
    copy = InfoCopy(
        application_id=application.id,
        department_id=department.id,
        sent_by_id=sender.id if sender else None,
        step=step,
        note=note,
    )
    db.session.add(copy)
    db.session.flush()
    audit.record(
        sender, "case.info_copy_sent", copy, application.id, {"department": department.code, "step": step, "note": note}
    )
    notifications.notify_all(
        notifications.department_staff(department.id),
        "info_copy",
        f"抄告：办件 {application.number} 抄送本部门知悉" + (f"：{note}" if note else "。"),
        f"Information copy: case {application.number} was copied to your department" + (f": {note}" if note else "."),
        application=application,
    )
    return copy


def copies_for(user: User) -> list[InfoCopy]:
    if not user.is_staff or user.department_id is None:
        return []
    query = select(InfoCopy).where(InfoCopy.department_id == user.department_id).order_by(InfoCopy.id.desc())
    return list(db.session.scalars(query.limit(500)))


def unread_copies(user: User) -> int:
    if not user.is_staff or user.department_id is None:
        return 0
    query = select(func.count(InfoCopy.id)).where(
        InfoCopy.department_id == user.department_id, InfoCopy.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


def mark_copies_read(user: User, application: Application) -> None:
    """Opening the case reads the department's copies of it."""
    if not user.is_staff:
        return
    unread = [c for c in application.info_copies if c.department_id == user.department_id and c.read_at is None]
    if unread:
        with unit_of_work():
            for copy in unread:
                db.session.get(InfoCopy, copy.id).read_at = utcnow()


# -- comments -----------------------------------------------------------------------------


def can_comment(user: User, application: Application) -> bool:
    return user.is_staff and application.involves(user.department_id)


def can_read_comments(user: User, application: Application) -> bool:
    return user.is_admin or can_comment(user, application)


def comments_on(user: User, application: Application) -> list[CaseComment]:
    if not can_read_comments(user, application):
        return []
    query = select(CaseComment).where(CaseComment.application_id == application.id).order_by(CaseComment.id)
    return list(db.session.scalars(query))


def ensure_may_comment(user: User, application_id: int) -> Application:
    application = _application(application_id)
    if not can_comment(user, application):
        raise PermissionDenied("Only the departments working on this case may comment on it.")
    return application


def add_comment(user: User, application_id: int, body: str) -> CaseComment:
    application = ensure_may_comment(user, application_id)
    body = (body or "").strip()
    if not body or len(body) > COMMENT_MAX:
        raise Invalid("The form has errors.", {"body": [gettext("Write a comment of at most 2000 characters.")]})
    with unit_of_work():
        comment = CaseComment(
            application_id=application.id, author_id=user.id, department_id=user.department_id, body=body
        )
        db.session.add(comment)
        db.session.flush()
        audit.record(user, "case.commented", comment, application.id, {"body": body})
    return comment


# -- joint review: the assisting departments' opinions side by side ----------------------


@dataclass
class Opinion:
    department: str
    step_title: str
    decision: str | None
    opinion: str
    signed_by: str | None
    signed_at: datetime | None
    deemed: bool
    dissent: bool = False  # 不同意: highlighted, and approving over it needs a reason


def opinions(application: Application, version, locale: str, lead_department_id: int | None) -> list[Opinion]:
    """Every completed step of another department that gave an opinion, the latest per step."""
    latest: dict[str, HumanTask] = {}
    for task in application.tasks:
        if task.for_applicant or task.state != TaskState.COMPLETED or task.department_id == lead_department_id:
            continue
        if "opinion" in (task.data or {}) or task.comment:
            latest[task.step] = task
    rows = []
    for task in latest.values():
        step = version.steps.get(task.step)
        rows.append(
            Opinion(
                department=task.department.name(locale) if task.department else task.lane,
                step_title=step.title_for(locale) if step else task.title,
                decision=step.decision_label(task.decision, locale) if step else task.decision,
                opinion=str((task.data or {}).get("opinion") or task.comment or ""),
                signed_by=task.completed_by.display_name if task.completed_by else None,
                signed_at=task.completed_at,
                deemed=task.completed_by_id is None,
                dissent=task.decision == "reject",
            )
        )
    return rows


def _application(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound("No such application.")
    return application
