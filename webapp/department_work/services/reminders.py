"""Reminders before a step's due date and escalation to the department head once it has passed.

They are scheduled on the task rows (`remind_at`, `due_at`), not as BPMN timers: a timer's date
is fixed when the engine arms it, while a head's extension moves `due_at` and `remind_at`.
Each task is handled in its own transaction: the row is locked (`FOR UPDATE SKIP LOCKED`, so
two workers pass each other by) and marked with a conditional UPDATE, so a reminder or an
escalation is sent once even if two workers meet on it. The conditional UPDATE does not touch
the row's revision, so a person completing the task at that moment is not refused for it.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select, update

from webapp.common import audit
from webapp.common.transaction import claim_ids, unit_of_work
from webapp.department_work.services import calendar
from webapp.extensions import db
from webapp.models import HumanTask, TaskState
from webapp.people.services import notifications
from workflows.working_days import BEIJING


def send_due(now: datetime | None = None, batch: int = 50, *, stop: threading.Event | None = None) -> int:
    """Reminders, then escalations, due at `now` (naive UTC); how many were sent."""
    now = now or calendar.now_utc()
    sent = 0
    for kind, column, due_column in (
        ("reminder", HumanTask.reminded_at, HumanTask.remind_at),
        ("escalation", HumanTask.escalated_at, HumanTask.due_at),
    ):
        for task_id in _claim(column, due_column, now, batch):
            if stop is not None and stop.is_set():
                return sent
            sent += _send(kind, task_id, column, due_column, now)
    return sent


def _due(column, due_column, now: datetime):
    if due_column is HumanTask.due_at:  # escalation goes to a department's head: not for the applicant's steps
        return (
            HumanTask.state == TaskState.OPEN,
            HumanTask.for_applicant.is_(False),
            column.is_(None),
            due_column < now,
        )
    return (HumanTask.state == TaskState.OPEN, column.is_(None), due_column <= now)


def _claim(column, due_column, now: datetime, batch: int) -> list[int]:
    return claim_ids(
        select(HumanTask.id).where(*_due(column, due_column, now)).order_by(due_column, HumanTask.id).limit(batch)
    )


def _send(kind: str, task_id: int, column, due_column, now: datetime) -> bool:
    with unit_of_work():
        locked = db.session.scalar(
            select(HumanTask.id)
            .where(HumanTask.id == task_id, *_due(column, due_column, now))
            .with_for_update(skip_locked=True)
        )
        if locked is None:
            return False
        marked = db.session.execute(
            update(HumanTask)
            .where(HumanTask.id == task_id, column.is_(None))
            .values({column.key: now})
            .execution_options(synchronize_session=False)
        )
        if marked.rowcount != 1:
            return False
        task = db.session.get(HumanTask, task_id)
        if kind == "reminder":
            _remind(task)
        else:
            _escalate(task, now)
    return True


def _remind(task: HumanTask) -> None:
    number, due = _facts(task)
    notifications.notify_all(
        notifications.people_for_task(task),
        "reminder",
        f"提醒：「{task.title}」（{number}）将于 {due} 到期。",
        f"Reminder: “{task.title_en or task.title}” ({number}) is due on {due}.",
        application=task.application,
        task=task,
    )
    audit.record(None, "task.reminded", task, task.application_id, {"step": task.step, "due_at": _iso(task.due_at)})


def _escalate(task: HumanTask, now: datetime) -> None:
    number, due = _facts(task)
    holder = task.claimed_by.display_name if task.claimed_by else None
    heads = notifications.department_heads(task.department_id)
    notifications.notify_all(
        heads,
        "escalation",
        f"逾期：「{task.title}」（{number}）已于 {due} 到期仍未办结"
        + (f"，经办人 {holder}。" if holder else "，尚无人认领。"),
        f"Overdue: “{task.title_en or task.title}” ({number}) was due on {due} and is still open"
        + (f", held by {holder}." if holder else ", unclaimed."),
        application=task.application,
        task=task,
    )
    audit.record(
        None,
        "task.escalated",
        task,
        task.application_id,
        {"step": task.step, "due_at": _iso(task.due_at), "heads": [h.username for h in heads], "holder": holder},
    )


def _facts(task: HumanTask) -> tuple[str, str]:
    number = task.application.number if task.application is not None else ""
    due = task.due_at.replace(tzinfo=UTC).astimezone(BEIJING).date().isoformat() if task.due_at else ""
    return number, due


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment else None
