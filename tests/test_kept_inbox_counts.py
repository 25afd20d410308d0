"""The inbox's counts are kept as tasks change, and always equal counting the tasks.

Every test of the suite checks the kept counts against a fresh count when it ends (conftest's
`app`); these tests show the parts that move by themselves: the day turning (a task received today
is "recent" tomorrow, a deadline passes), the worker rolling the counts forward, a SAVEPOINT rolled
back, and changes racing each other and the worker.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from tests import test_inbox
from tests.support.races import at_once
from webapp.common import audit, transaction
from webapp.common.errors import Conflict
from webapp.department_work.services import kept_counts, tasks
from webapp.department_work.services.inbox_moments import Moments
from webapp.department_work.services.task_counts import count_groups, department_groups
from webapp.extensions import db
from webapp.models import Department, HumanTask, InboxCount, TaskState, User

NOW = test_inbox.NOW
frozen, week = test_inbox.frozen, test_inbox.week  # the inbox tests' four tasks of a week, as fixtures here

LATER = {
    "an hour later": timedelta(hours=1),
    "the next day": timedelta(days=1),
    "a week later, deadlines passed": timedelta(days=8),
    "a month later": timedelta(days=30),
    "a day earlier (a clock set back)": timedelta(days=-1),
}


def jxw_id() -> int:
    return db.session.scalar(select(Department.id).where(Department.code == "JXW"))


def kept_and_counted(app, moment) -> tuple[dict, dict]:
    """The department's groups from the kept counts and from counting its tasks, at `moment`."""
    with app.app_context():
        moments = Moments.at(moment.replace(tzinfo=None))
        department = jxw_id()
        open_here = (HumanTask.department_id == department, HumanTask.state == TaskState.OPEN)
        return _by_key(department_groups(moments, department)), _by_key(count_groups(moments, *open_here))


def _by_key(groups) -> dict:
    return {(g.program, g.status, g.step, g.holder, g.due, g.received, g.title): g.count for g in groups}


def roll_at(app, moment) -> int:
    with app.app_context():
        return kept_counts.roll(Moments.at(moment.replace(tzinfo=None)))


@pytest.mark.parametrize("later", LATER.values(), ids=LATER.keys())
def test_the_buckets_move_with_the_clock_before_and_after_the_worker_rolls(app, week, later):
    kept, counted = kept_and_counted(app, NOW)
    assert kept == counted and sum(kept.values()) == 4

    moment = NOW + later
    kept, counted = kept_and_counted(app, moment)  # corrected at read time: the worker has not rolled
    assert kept == counted
    roll_at(app, moment)
    kept, counted = kept_and_counted(app, moment)
    assert kept == counted
    assert roll_at(app, moment) == 0  # rolled already: nothing crosses an edge twice


def test_a_rolled_reference_moves_the_tasks_that_crossed_an_edge(app, week):
    roll_at(app, NOW)
    with app.app_context():
        version = db.session.scalar(select(kept_counts.InboxReference.version))
    moved = roll_at(app, NOW + timedelta(days=8))
    with app.app_context():
        assert db.session.scalar(select(kept_counts.InboxReference.version)) == version + 1
        overdue = [g for g in department_groups(Moments.at((NOW + timedelta(days=8)).replace(tzinfo=None)), jxw_id())]
    assert moved == 3  # received "recently" and "older" now, some overdue now; the fourth was both already
    assert {g.due for g in overdue} == {"overdue"} and {g.received for g in overdue} == {"older"}


def test_a_savepoint_rolled_back_takes_its_counts_with_it(app, week):
    with app.app_context():
        jxw2 = db.session.scalar(select(User.id).where(User.username == "jxw2"))
        soon, today = week["tasks"]["soon"], week["tasks"]["today"]
        with transaction.unit_of_work():
            db.session.get(HumanTask, soon).claimed_by_id = jxw2  # kept
            db.session.flush()
            with pytest.raises(RuntimeError), audit.savepoint():
                db.session.get(HumanTask, today).claimed_by_id = None  # undone with its savepoint
                db.session.flush()
                raise RuntimeError("this instance failed")
    with app.app_context():
        assert kept_counts.disagreements() == {}
        assert db.session.get(HumanTask, today).claimed_by_id is not None
    kept, counted = kept_and_counted(app, NOW)
    assert kept == counted


def test_a_bulk_load_is_counted_by_recount(app, week):
    with app.app_context():
        db.session.execute(InboxCount.__table__.delete())  # as if task rows were loaded around the app
        db.session.commit()
        assert kept_counts.disagreements() != {}
        assert kept_counts.recount() == 4
        assert kept_counts.disagreements() == {}


def test_claims_a_withdrawal_and_the_worker_at_once_keep_the_counts_exact(app, api, week):
    with app.app_context():
        staff = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(["jxw", "jxw2"])))}
        jxw, jxw2 = staff["jxw"].id, staff["jxw2"].id

    def claim(task, user_id):
        def run():
            with app.app_context():
                return tasks.claim_task(db.session.get(User, user_id), task).claimed_by_id

        return run

    def roll():
        return roll_at(app, NOW + timedelta(days=1))

    def withdraw():
        path = f"/applications/{week['cases']['today']}/withdraw"
        return api.post("tianshan", path, {"reason": "不再需要"}).status_code

    unclaim_first = week["tasks"]["today"]
    with app.app_context():
        tasks.unclaim_task(db.session.get(User, jxw), unclaim_first)
    results = at_once(
        [
            claim(week["tasks"]["soon"], jxw),
            claim(week["tasks"]["decide"], jxw2),
            claim(unclaim_first, jxw2),
            roll,
            withdraw,
        ]
    )

    assert not [r for r in results if isinstance(r, BaseException) and not isinstance(r, Conflict)], results
    with app.app_context():
        assert kept_counts.disagreements() == {}
    kept, counted = kept_and_counted(app, NOW + timedelta(days=1))
    assert kept == counted


def test_a_claim_on_its_locked_case_is_counted_off_the_objects_in_hand(app, week):
    """The claim holds the task's application and instance locked, so the task's key before and
    after is read off the rows in hand: no statement counts tasks (the timers' batch relies on it)."""
    sent = []
    with app.app_context():
        engine = db.engine
        jxw = db.session.scalar(select(User.id).where(User.username == "jxw"))
        before = dict(kept_counts.kept_keys(jxw_id(), Moments.at(NOW.replace(tzinfo=None))))

    def listener(_conn, _cursor, statement, _parameters, _context, _many):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        with app.app_context():
            tasks.claim_task(db.session.get(User, jxw), week["tasks"]["soon"])
    finally:
        event.remove(engine, "before_cursor_execute", listener)

    assert sent, "the claim sent no statement"
    assert not [s for s in sent if "count(*) AS tasks" in s], sent
    with app.app_context():
        after = kept_counts.kept_keys(jxw_id(), Moments.at(NOW.replace(tzinfo=None)))
    moved = {key: after.get(key, 0) - before.get(key, 0) for key in {*before, *after}}
    assert sorted(n for n in moved.values() if n) == [-1, 1]  # one task moved from unclaimed to jxw
    assert [key[3] for key, n in moved.items() if n == 1] == [jxw]
