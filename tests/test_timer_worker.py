"""The timer worker: every due instance moves on exactly once, with two workers or a worker killed mid-run.

The fixture process (tests/data/acceptance_time_limit.bpmn) waits for 经信委 to accept, with an
interrupting boundary timer whose duration comes from the start data: "PT1S" makes an instance
due a second after it starts, "PT1H" keeps it waiting. SpiffWorkflow decides that a timer has
passed by its own clock (the due time it computed at start, kept in the saved state, against
the current time), so the tests wait that second out instead of editing `next_timer_due`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from webapp.common import audit_chain
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Application, AuditEntry, HumanTask, ProcessInstance, TaskState, User
from webapp.models._columns import utcnow
from webapp.processes.services import definitions, instances, timers
from webapp.worker import run_worker

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "data" / "acceptance_time_limit.bpmn"
BY_DATE = Path(__file__).parent / "data" / "acceptance_by_date.bpmn"
DUE_SOON = "PT1S"
DUE_LATER = "PT1H"


# -- helpers ------------------------------------------------------------------------------------


def start_instances(app, count: int, time_limit: str = DUE_SOON, escalate: bool = True) -> list[int]:
    """`count` instances of the fixture process, started and saved as the service layer does.

    Without `escalate` the start data lacks what the lapse script reads: its timer fails.
    """
    data = {"time_limit": time_limit, **({"escalate_to": "经信委分管领导"} if escalate else {})}
    ids = []
    with app.app_context():
        definition = definitions.versions_of("acceptance_time_limit")
        definition = definition[0] if definition else definitions.upload_definition(None, FIXTURE.read_bytes(), [])
        for first in range(0, count, 100):
            with unit_of_work():
                for _ in range(min(100, count - first)):
                    instance, version, workflow = instances.start(definition, data)
                    instances.save(instance, version, workflow, None)
                    ids.append(instance.id)
    return ids


def wait_until_due(app, ids: list[int]) -> None:
    with app.app_context():
        latest = db.session.scalar(select(func.max(ProcessInstance.next_timer_due)).where(ProcessInstance.id.in_(ids)))
    time.sleep(max(0.0, (latest - utcnow()).total_seconds() + 0.05))


def fired_per_instance(app) -> Counter:
    with app.app_context():
        return Counter(db.session.scalars(select(AuditEntry.subject_id).where(AuditEntry.action == "timer.fired")))


def count_due(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(ProcessInstance)
            .where(ProcessInstance.status == "running", ProcessInstance.next_timer_due <= utcnow())
        )


def fire_until_none_due(app, deadline: float = 120) -> int:
    total, stop_at = 0, time.monotonic() + deadline
    while count_due(app) and time.monotonic() < stop_at:
        with app.app_context():
            total += timers.fire_due_timers()
    return total


def instance_rows(app, ids: list[int]) -> dict[int, tuple]:
    """id -> (status, outcome, next_timer_due, [task states])"""
    with app.app_context():
        rows = {i.id: i for i in db.session.scalars(select(ProcessInstance).where(ProcessInstance.id.in_(ids)))}
        tasks = db.session.execute(select(HumanTask.instance_id, HumanTask.state).where(HumanTask.instance_id.in_(ids)))
        states: dict[int, list] = {i: [] for i in ids}
        for instance_id, state in tasks:
            states[instance_id].append(state)
        return {i: (r.status, r.outcome, r.next_timer_due, states[i]) for i, r in rows.items()}


def assert_lapsed_exactly_once(app, ids: list[int]) -> None:
    fired = fired_per_instance(app)
    assert {i: fired[i] for i in ids} == dict.fromkeys(ids, 1)
    assert {i: row for i, row in instance_rows(app, ids).items() if not settled(row, fired=True)} == {}


def settled(row: tuple, fired: bool) -> bool:
    """Either lapsed (and recorded), or still waiting exactly as it was started."""
    status, outcome, next_due, tasks = row
    if fired:
        return row == ("completed", "lapsed", None, [TaskState.CANCELLED])
    return (status, outcome, tasks) == ("running", None, [TaskState.OPEN]) and next_due is not None


def worker_process(database_url: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--interval", "0.2", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_fired(app, at_least: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    stop_at = time.monotonic() + timeout
    while fired_per_instance(app).total() < at_least:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < stop_at, "the worker fired nothing in time"
        time.sleep(0.01)


# -- one worker ---------------------------------------------------------------------------------


def test_a_due_timer_cancels_the_task_and_moves_the_case_on_once(app):
    due = start_instances(app, 3)
    waiting = start_instances(app, 1, DUE_LATER)
    wait_until_due(app, due)

    with app.app_context():
        assert timers.fire_due_timers() == 3
    with app.app_context():
        assert timers.fire_due_timers() == 0

    assert_lapsed_exactly_once(app, due)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "timer.fired").limit(1))
        assert entry.actor_id is None
        assert entry.data == {
            "instance_id": entry.subject_id,
            "timers": ["Time limit passed"],
            "ready": [],
            "cancelled": ["accept"],
            "outcome": "lapsed",
        }
    [(status, _outcome, next_due, tasks)] = instance_rows(app, waiting).values()
    assert (status, tasks) == ("running", [TaskState.OPEN])
    assert next_due > utcnow() + timedelta(minutes=59)
    assert fired_per_instance(app)[waiting[0]] == 0


def test_a_row_that_looks_due_is_not_fired_before_the_engine_says_so(app):
    [instance_id] = start_instances(app, 1, DUE_LATER)
    before = instance_rows(app, [instance_id])

    with app.app_context():
        assert timers.fire_due_timers(now=utcnow() + timedelta(hours=2)) == 0

    assert instance_rows(app, [instance_id]) == before
    assert fired_per_instance(app).total() == 0


def test_a_lapsed_application_closes_with_the_timers_outcome(app):
    [instance_id] = start_instances(app, 1)
    with app.app_context(), unit_of_work():
        applicant = db.session.scalar(select(User).where(User.username == "tianshan"))
        application = Application(
            enterprise_id=applicant.enterprise_id,
            applicant_id=applicant.id,
            program_code="sme-18-1",
            instance_id=instance_id,
            status="awaiting_acceptance",
        )
        db.session.add(application)
    wait_until_due(app, [instance_id])

    with app.app_context():
        assert timers.fire_due_timers() == 1

    with app.app_context():
        application = db.session.scalar(select(Application).where(Application.instance_id == instance_id))
        assert (application.status, application.closed_at is not None) == ("lapsed", True)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "timer.fired"))
        assert entry.application_id == application.id


def test_an_instance_whose_timer_fails_is_set_aside_and_the_queue_goes_on(app):
    [broken] = start_instances(app, 1, escalate=False)
    healthy = start_instances(app, 2)
    saved_before = instance_rows(app, [broken])[broken]
    wait_until_due(app, [broken, *healthy])

    with app.app_context():
        assert timers.fire_due_timers() == 2
    with app.app_context():
        assert timers.fire_due_timers() == 0

    assert_lapsed_exactly_once(app, healthy)
    status, outcome, next_due, tasks = instance_rows(app, [broken])[broken]
    assert (status, outcome, next_due, tasks) == ("error", None, saved_before[2], [TaskState.OPEN])
    with app.app_context():
        [failed] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "timer.failed")).all()
        assert failed.subject_id == broken
        assert failed.data["task"] == "Record the lapse"
        assert "escalate_to" in failed.data["error"]
    assert fired_per_instance(app)[broken] == 0


def test_a_failing_instance_in_the_middle_of_a_batch_does_not_stop_the_others(app):
    # One transaction fires the whole batch; the broken instance rolls back to its own savepoint.
    before = start_instances(app, 2)
    [broken] = start_instances(app, 1, escalate=False)
    after = start_instances(app, 2)
    wait_until_due(app, [*before, broken, *after])

    with app.app_context():
        assert timers.fire_due_timers(batch=5) == 4

    assert_lapsed_exactly_once(app, [*before, *after])
    assert instance_rows(app, [broken])[broken][0] == "error"
    with app.app_context():
        actions = Counter(
            db.session.scalars(
                select(AuditEntry.action).where(
                    AuditEntry.subject_type == ProcessInstance.__tablename__,
                    AuditEntry.subject_id.in_([*before, broken, *after]),
                )
            )
        )
        assert actions == {"timer.fired": 4, "timer.failed": 1}
        assert audit_chain.verify_chain().intact


def test_the_cli_fires_what_is_due_once_and_exits(app):
    due = start_instances(app, 4)
    wait_until_due(app, due)

    result = app.test_cli_runner().invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "instances woken by their timers: 4" in result.output
    assert_lapsed_exactly_once(app, due)


def test_a_stopped_worker_finishes_its_round_and_returns(app):
    due = start_instances(app, 5)
    wait_until_due(app, due)
    stop = threading.Event()
    fired = []
    thread = threading.Thread(target=lambda: fired.append(run_worker(app, 0.05, stop)))

    thread.start()
    stop_at = time.monotonic() + 30
    while fired_per_instance(app).total() < 5 and time.monotonic() < stop_at:
        time.sleep(0.01)
    stop.set()
    thread.join(10)

    assert not thread.is_alive()
    assert fired == [5]
    assert_lapsed_exactly_once(app, due)


def test_a_timer_set_to_a_date_is_woken_too(app):
    due_at = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    with app.app_context():
        definition = definitions.upload_definition(None, BY_DATE.read_bytes(), [])
        with unit_of_work():
            instance, version, workflow = instances.start(definition, {"due_at": due_at, "escalate_to": "领导"})
            instances.save(instance, version, workflow, None)
        instance_id = instance.id
    time.sleep(1.1)

    with app.app_context():
        assert timers.fire_due_timers() == 1

    assert_lapsed_exactly_once(app, [instance_id])


# -- two workers, and workers that stop -----------------------------------------------------------


def test_two_workers_at_once_fire_every_timer_exactly_once(app, backend):
    if backend.name == "sqlite":
        pytest.skip("SQLite has one writer at a time: two workers take turns, they never overlap")
    due = start_instances(app, 1000)
    wait_until_due(app, due)
    start_together = threading.Barrier(2, timeout=30)
    done: dict[str, int] = {}

    def work(name: str) -> None:
        start_together.wait()
        done[name] = fire_until_none_due(app)

    threads = [threading.Thread(target=work, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)

    assert sum(done.values()) == 1000
    assert min(done.values()) > 0, done
    assert_lapsed_exactly_once(app, due)


def test_an_instance_whose_application_a_person_holds_waits_for_the_next_round(app, backend):
    # A person's step locks the application, then the instance. The worker holds its batch's
    # instances and takes their applications with SKIP LOCKED, so it leaves this one out rather
    # than wait (a wait would close the circle), and the others of the batch fire.
    if backend.name == "sqlite":
        pytest.skip("SQLite has no row locks: a person's step and the worker take turns at its one writer lock")
    due = start_instances(app, 3)
    with app.app_context(), unit_of_work():
        applicant = db.session.scalar(select(User).where(User.username == "tianshan"))
        for instance_id in due:
            db.session.add(
                Application(
                    enterprise_id=applicant.enterprise_id,
                    applicant_id=applicant.id,
                    program_code="sme-18-1",
                    instance_id=instance_id,
                    status="awaiting_acceptance",
                )
            )
    wait_until_due(app, due)
    held = due[1]
    fired_while_held: list[int] = []

    def fire_once() -> None:
        with app.app_context():
            fired_while_held.append(timers.fire_due_timers())

    with app.app_context(), db.engine.connect() as person:
        transaction = person.begin()
        person.execute(select(Application.id).where(Application.instance_id == held).with_for_update())
        worker = threading.Thread(target=fire_once)
        worker.start()
        worker.join(60)
        assert not worker.is_alive(), "the worker waited for the application a person holds"
        assert fired_while_held == [2]
        assert fired_per_instance(app)[held] == 0
        assert settled(instance_rows(app, [held])[held], fired=False)
        transaction.commit()

    with app.app_context():
        assert timers.fire_due_timers() == 1
    assert_lapsed_exactly_once(app, due)
    with app.app_context():
        assert audit_chain.verify_chain().intact


def test_several_workers_released_at_the_same_instant_fire_each_timer_once(app, backend):
    if backend.name == "sqlite":
        pytest.skip("SQLite has one writer at a time: workers take turns, they never overlap")
    due = start_instances(app, 200)
    wait_until_due(app, due)
    workers = 4
    start_together = threading.Barrier(workers, timeout=30)
    done: dict[int, int] = {}

    def work(number: int) -> None:
        # Small batches, so the workers' claims overlap and interleave many times over.
        start_together.wait()
        total, stop_at = 0, time.monotonic() + 120
        while count_due(app) and time.monotonic() < stop_at:
            with app.app_context():
                total += timers.fire_due_timers(batch=7)
        done[number] = total

    threads = [threading.Thread(target=work, args=(number,)) for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)

    assert sum(done.values()) == 200, done
    assert_lapsed_exactly_once(app, due)
    with app.app_context():
        assert audit_chain.verify_chain().intact


def test_a_worker_killed_mid_run_loses_nothing(app, database_url):
    due = start_instances(app, 300)
    wait_until_due(app, due)

    proc = worker_process(database_url)
    try:
        wait_for_fired(app, 10, proc)
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    fired_by_the_dead = fired_per_instance(app).total()
    assert 0 < fired_by_the_dead < 300, "kill the worker earlier: it finished before it died"

    assert fire_until_none_due(app) == 300 - fired_by_the_dead
    assert_lapsed_exactly_once(app, due)


def test_sigterm_stops_the_worker_after_the_instance_in_hand(app, database_url):
    due = start_instances(app, 300)
    wait_until_due(app, due)

    proc = worker_process(database_url)
    try:
        wait_for_fired(app, 10, proc)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()

    assert proc.returncode == 0, err
    fired = fired_per_instance(app)
    assert 0 < fired.total() < 300
    assert f"instances woken by their timers: {fired.total()}" in out
    assert "SIGTERM: stopping after the instance in hand" in err
    rows = instance_rows(app, due)
    half_done = {i: row for i, row in rows.items() if not settled(row, fired[i] == 1)}
    assert half_done == {}
    assert fire_until_none_due(app) == 300 - fired.total()
    assert_lapsed_exactly_once(app, due)
