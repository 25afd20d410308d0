"""The inbox's page is read off an index, not by sorting every open task of the department.

On PostgreSQL, with 20,000 open tasks in 经信委 (and as many completed ones), the planner is asked
how it would run the very statement GET /tasks sends: the page's ids must come from one of the
partial indexes on open tasks, in order, and the tasks table must never be read through. Only
the page's own rows are sorted again, when their columns are joined.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, insert, select, text, update

from tests.support.actors import DEMO_PASSWORD
from tests.test_inbox import task_row_like
from webapp.department_work.services import kept_counts
from webapp.extensions import db
from webapp.models import HumanTask

TASKS = 20_000


def fill_department(app, like_task_id: int) -> None:
    """Open and completed tasks like the one given, received a minute apart, then fresh statistics."""
    with app.app_context():
        task = db.session.get(HumanTask, like_task_id)
        start = datetime(2025, 1, 1)
        rows = [
            task_row_like(
                task,
                n,
                start + timedelta(minutes=n),
                state="open" if n % 2 else "completed",
                due_at=None if n % 10 == 1 else start + timedelta(days=7, minutes=n),
            )
            for n in range(2 * TASKS)
        ]
        db.session.execute(insert(HumanTask), rows)
        db.session.commit()
        kept_counts.recount()  # rows written around the ORM, as a bulk import would
        db.session.execute(text("ANALYZE human_tasks"))
        db.session.commit()


def page_plan(app, client, query: str) -> str:
    """EXPLAIN of the statement that fetched the page's rows for GET /tasks{query}."""
    sent = []
    with app.app_context():
        engine = db.engine

    def listener(_conn, _cursor, statement, parameters, _context, _many):
        paging = "FROM human_tasks" in statement and "ORDER BY" in statement and "LIMIT" in statement
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and paging:
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(f"/tasks{query}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(sent) == 1, sent
    statement, parameters = sent[0]
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(f"EXPLAIN {statement}", parameters)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            connection.close()


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("", "ix_human_tasks_open_received"),
        ("?order=desc", "ix_human_tasks_open_received"),
        ("?holder=unclaimed&received=older", "ix_human_tasks_open_received"),
        ("?sort=due", "ix_human_tasks_open_due"),
        ("?sort=due&due=overdue", "ix_human_tasks_open_due"),
        ("?sort=number", "ix_human_tasks_open_number"),
        ("?sort=number&order=desc", "ix_human_tasks_open_number"),
        ("?sort=due&order=desc", "ix_human_tasks_open_due"),  # no deadline first: the index backwards
        ("?page=799", "ix_human_tasks_open_received"),  # the last pages are read from the end
    ],
)
def test_the_page_comes_off_an_index_of_open_tasks_in_order(app, client, api, database_url, query, index):
    if not database_url.startswith("postgresql"):
        pytest.skip("the planner asked is PostgreSQL's; SQLite's chooses by rules, not statistics")
    application_id = api.apply("tianshan")
    with app.app_context():
        task_id = db.session.scalar(select(HumanTask.id).where(HumanTask.application_id == application_id))
    fill_department(app, task_id)
    client.post("/login", data={"username": "jxw", "password": DEMO_PASSWORD})

    plan = page_plan(app, client, query)
    assert "Seq Scan on human_tasks" not in plan, plan
    lines = [line.strip().removeprefix("->  ") for line in plan.splitlines()]
    under_the_limit = lines[next(n for n, line in enumerate(lines) if line.startswith("Limit")) + 1]
    assert under_the_limit.startswith(("Index Only Scan", "Index Scan")) and index in under_the_limit, plan


def test_due_soon_in_the_order_received_is_cut_from_the_tasks_due_soon(app, client, api, database_url):
    """Those tasks were received last: walking the received index from the oldest would pass nearly
    every open task before the first (the planner expects one early). They are read off the due
    index instead, and sorted."""
    if not database_url.startswith("postgresql"):
        pytest.skip("the planner asked is PostgreSQL's; SQLite's chooses by rules, not statistics")
    application_id = api.apply("tianshan")
    with app.app_context():
        task_id = db.session.scalar(select(HumanTask.id).where(HumanTask.application_id == application_id))
    fill_department(app, task_id)
    with app.app_context():  # the 200 received last fall due tomorrow
        last = select(HumanTask.id).where(HumanTask.state == "open").order_by(HumanTask.created_at.desc()).limit(200)
        tomorrow = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=1)
        db.session.execute(update(HumanTask).where(HumanTask.id.in_(last)).values(due_at=tomorrow))
        db.session.commit()
        kept_counts.recount()
        db.session.execute(text("ANALYZE human_tasks"))
        db.session.commit()
    client.post("/login", data={"username": "jxw", "password": DEMO_PASSWORD})

    plan = page_plan(app, client, "?due=soon")
    assert "Seq Scan on human_tasks" not in plan and "ix_human_tasks_open_received" not in plan, plan
    lines = [line.strip().removeprefix("->  ") for line in plan.splitlines()]
    under_the_limit = lines[next(n for n, line in enumerate(lines) if line.startswith("Limit")) + 1]
    assert under_the_limit.startswith("Sort"), plan  # the span's tasks, sorted
