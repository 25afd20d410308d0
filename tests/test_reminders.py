"""Reminders, escalation and deemed agreement fire on the right working day, across the 2025 National
Day holiday (1–8 October) and the make-up working Saturday 11 October that follows it.

Two cases arrive on Tuesday 30 September 2025, 10:00 in Beijing, in 经信委's acceptance step
(5 working days): the 5th working day is Tuesday 14 October (9, 10, 11 Sat, 13, 14). Nobody
touches the first: the holder is reminded two working days before — at the start of Saturday
11 October, a working day — and the head is told once the 14th has ended. The second is accepted
at once; its assisting opinions (10 working days) are due Tuesday 21 October, and the silent
one is deemed agreed just after that day ends, not escalated.
"""

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select

from tests.test_deemed_agreement import BASE, clock  # noqa: F401 - the fixture that moves time
from webapp import worker
from webapp.department_work.services import kept_counts, reminders
from webapp.extensions import db
from webapp.models import AuditEntry, HumanTask, Notification, User
from workflows.working_days import BEIJING


def beijing(month, day, hour=0, minute=0, second=0) -> datetime:
    """A moment in Beijing in 2025, as an aware UTC datetime."""
    return datetime(2025, month, day, hour, minute, second, tzinfo=BEIJING).astimezone(UTC)


def stored(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)  # the database keeps naive UTC


def run_worker_round(app) -> None:
    worker.run_worker(app, 0.1, once=True)


def kinds_for(app, username) -> list[str]:
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
        return list(db.session.scalars(select(Notification.kind).where(Notification.user_id == user_id)))


def submit_14_2(api) -> int:
    created = api.post("chuangye", "/applications", {"program": "sme-14-2", "data": BASE})
    application_id = created.get_json()["id"]
    assert api.submit("chuangye", application_id, "sme-14-2").status_code == 200
    return application_id


def accept_task(app, application_id) -> HumanTask:
    with app.app_context():
        return db.session.scalar(
            select(HumanTask).where(HumanTask.application_id == application_id, HumanTask.step == "accept")
        )


def test_reminder_escalation_and_deemed_agreement_fall_on_the_right_working_days(app, api, clock):  # noqa: F811
    reviewed = submit_14_2(api)
    untouched = submit_14_2(api)
    assert api.complete("jxw", "accept", decision="approve").status_code == 200  # the older case
    task = accept_task(app, untouched)
    assert task.due_at == stored(beijing(10, 14, 23, 59, 59))
    assert task.remind_at == stored(beijing(10, 11))  # the make-up Saturday
    assert kinds_for(app, "jxw") == ["task_arrived", "task_arrived"]

    # Friday 10 October, a minute before midnight: nothing yet.
    clock.moment = beijing(10, 10, 23, 59)
    run_worker_round(app)
    assert "reminder" not in kinds_for(app, "jxw")

    # Saturday 11 October is worked: the reminder goes to the department (the task is unclaimed).
    clock.moment = beijing(10, 11, 0, 0, 1)
    run_worker_round(app)
    run_worker_round(app)  # a second round sends nothing twice
    assert kinds_for(app, "jxw").count("reminder") == 1
    assert kinds_for(app, "jxw_head").count("reminder") == 1

    # The last day, 23:59: not overdue yet.
    clock.moment = beijing(10, 14, 23, 59)
    run_worker_round(app)
    assert "escalation" not in kinds_for(app, "jxw_head")

    # Just past midnight: the lead said nothing in 5 working days, so the case is deemed accepted
    # (issue 13) — the timer closes the step before it can be overdue, and nobody is escalated to.
    # Escalation of an overdue step is proven by test_two_workers_send_every_reminder_and_escalation.
    clock.moment = beijing(10, 15, 0, 0, 1)
    run_worker_round(app)
    run_worker_round(app)
    assert "escalation" not in kinds_for(app, "jxw_head") + kinds_for(app, "jxw")
    with app.app_context():
        closed = db.session.get(HumanTask, task.id)
        assert closed.state == "completed" and closed.completed_by_id is None and closed.decision == "approve"
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "task.escalated")) is None

    # The reviewed case: 财政厅 answered, 科技厅 stayed silent past Tuesday 21 October.
    assert api.complete("czt", "opinion_czt", decision="approve", opinion="预算可安排").status_code == 200
    clock.moment = beijing(10, 21, 23, 59)
    run_worker_round(app)
    assert [t["step"] for t in api.application("jxw", reviewed)["current_tasks"]] == ["opinion_kjt"]
    clock.moment = beijing(10, 22, 0, 0, 1)
    run_worker_round(app)
    case = api.application("jxw", reviewed)
    assert [t["step"] for t in case["current_tasks"]] == ["decide"]
    deemed = next(h for h in case["history"] if h["step"] == "opinion_kjt")
    assert deemed["decision"] == "approve" and deemed["completed_by"] is None
    # Deemed agreed, not escalated: the timer closed the step before it could be overdue.
    assert kinds_for(app, "kjt_head").count("escalation") == 0


def test_two_workers_send_every_reminder_and_escalation_exactly_once(app, api, backend):
    if backend.name == "sqlite":
        pytest.skip("SQLite has one writer at a time: two workers take turns, they never overlap")
    application_id = submit_14_2(api)
    like = accept_task(app, application_id)
    with app.app_context():
        holder = db.session.scalar(select(User.id).where(User.username == "jxw"))
        past = datetime(2025, 9, 1)
        rows = [
            {
                "instance_id": like.instance_id,
                "application_id": application_id,
                "spiff_task_id": f"00000000-0000-0000-0000-{n:012d}",
                "step": "accept",
                "title": like.title,
                "lane": like.lane,
                "department_id": like.department_id,
                "for_applicant": False,
                "state": "open",
                "claimed_by_id": holder,
                "due_at": past,
                "remind_at": past,
                "due_is_estimate": False,
                "revision": 1,
            }
            for n in range(300)
        ]
        db.session.execute(insert(HumanTask), rows)
        db.session.commit()
        kept_counts.recount()  # rows written around the ORM, as a bulk import would
    start_together = threading.Barrier(2, timeout=30)
    sent: dict[str, int] = {}

    def work(name: str) -> None:
        start_together.wait()
        total = 0
        while True:
            with app.app_context():
                done = reminders.send_due(batch=20)
            if not done:
                break
            total += done
        sent[name] = total

    threads = [threading.Thread(target=work, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)

    assert sum(sent.values()) == 600 and min(sent.values()) > 0, sent
    with app.app_context():
        per_task = db.session.execute(
            select(Notification.kind, Notification.task_id, func.count())
            .where(Notification.kind.in_(("reminder", "escalation")))
            .group_by(Notification.kind, Notification.task_id)
        ).all()
    assert len(per_task) == 600  # 300 reminders to the holder, 300 escalations to the one head
    assert {count for _kind, _task, count in per_task} == {1}
