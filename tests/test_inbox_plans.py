"""The inbox's page is read off an index, not by sorting every open task of the department.

On PostgreSQL, with 20,000 open tasks in 经信委 (and as many completed ones), the planner is asked
how it would run the very statement GET /tasks sends: the page must come from one of the partial
indexes on open tasks, in order, and the tasks table must never be read through.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, insert, select, text

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
        if statement.lstrip().upper().startswith("SELECT") and paging:
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
    assert index in plan, plan
    assert "Seq Scan on human_tasks" not in plan, plan
    top = plan.splitlines()[:3]
    assert not any(line.strip().startswith(("Sort", "->  Sort")) for line in top), plan
