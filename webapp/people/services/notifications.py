"""Telling people what happened: an in-app notification, and an e-mail queued with it.

`notify` only adds rows to the caller's transaction, so a notification exists exactly when the
step that caused it was committed. E-mails are sent later by the worker (`services/mail.py`):
a slow or broken mail server never holds up a step.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select, update

from webapp.common.errors import NotFound
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Application, HumanTask, Notification, OutgoingEmail, Role, User
from webapp.models._columns import utcnow

SUBJECT_PREFIX = "[新疆中小企业扶持 · Xinjiang SME Support] "


def notify(
    user: User,
    kind: str,
    message_zh: str,
    message_en: str,
    application: Application | None = None,
    task: HumanTask | None = None,
    link: str | None = None,
) -> Notification:
    """One notification for `user` (and an e-mail when they gave an address), in the caller's transaction."""
    if link is None:
        link = task_link(task) if task is not None else application_link(application)
    note = Notification(
        user_id=user.id,
        kind=kind,
        application_id=application.id if application is not None else None,
        task_id=task.id if task is not None else None,
        message=message_zh,
        message_en=message_en,
        link=link,
    )
    db.session.add(note)
    if user.email and user.active:  # a deactivated account's mailbox is no longer the department's
        db.session.flush()  # the e-mail points at its notification
        body = f"{message_zh}\n\n{message_en}\n"
        if link:
            body += f"\n{current_app.config['PUBLIC_URL'].rstrip('/')}{link}\n"
        subject = (SUBJECT_PREFIX + message_zh)[:300]
        db.session.add(OutgoingEmail(notification_id=note.id, to_address=user.email, subject=subject, body=body))
    return note


def notify_all(users, *args, **kwargs) -> list[Notification]:
    """The same message to several people, each once."""
    seen, sent = set(), []
    for user in users:
        if user.id not in seen:
            seen.add(user.id)
            sent.append(notify(user, *args, **kwargs))
    return sent


def in_both_languages(translate, *args) -> tuple[str, str]:
    """A translated word (a status, a decision) as the Chinese and the English message need it."""
    with force_locale("zh"):
        zh = str(translate(*args))
    with force_locale("en"):
        en = str(translate(*args))
    return zh, en


def task_link(task: HumanTask | None) -> str | None:
    if task is None:
        return None
    if task.for_applicant:
        return application_link(task.application)
    return f"/tasks/{task.id}"


def application_link(application: Application | None) -> str | None:
    return f"/applications/{application.id}" if application is not None else None


# -- who is told ---------------------------------------------------------------------------


def department_staff(department_id: int | None) -> list[User]:
    if department_id is None:
        return []
    query = select(User).where(
        User.department_id == department_id, User.role.in_((Role.STAFF, Role.HEAD)), User.active.is_(True)
    )
    return list(db.session.scalars(query.order_by(User.id)))


def department_heads(department_id: int | None) -> list[User]:
    return [u for u in department_staff(department_id) if u.is_head]


def people_for_task(task: HumanTask) -> list[User]:
    """Whoever should act on a task: its holder, or else everyone who could claim it."""
    if task.for_applicant:
        return [task.application.applicant] if task.application is not None else []
    if task.claimed_by is not None:
        return [task.claimed_by]
    return department_staff(task.department_id)


# -- the reader's list ---------------------------------------------------------------------


def unread_count(user: User) -> int:
    query = select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    return db.session.scalar(query) or 0


def list_for(user: User, limit: int = 200) -> list[Notification]:
    query = select(Notification).where(Notification.user_id == user.id)
    return list(db.session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


def mark_read(user: User, notification_id: int) -> Notification:
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != user.id:
        raise NotFound("No such notification.")
    with unit_of_work():
        if note.read_at is None:
            note.read_at = utcnow()
    return note


def mark_all_read(user: User) -> int:
    with unit_of_work():
        result = db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        )
    return result.rowcount
