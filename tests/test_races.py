"""Identical requests arriving together change a case once: one answer 200, the others 409.

Each race holds every request after it has read the case (the checks a double click passes
twice) until all have read it, so the collision is certain; what follows is the real thing,
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy import func, select

from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.support.factories import create_staff
from tests.support.races import at_once, hold_after
from webapp.applications.services import attachments, lookup, withdrawal
from webapp.department_work.services import deadlines, tasks
from webapp.extensions import db
from webapp.models import Application, AuditEntry, HumanTask, LookupAttempt, ProcessInstance, TaskState


def a_draft(api) -> int:
    response = api.post("tianshan", "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION})
    assert response.status_code == 201, response.get_json()
    application_id = response.get_json()["id"]
    api.attach_documents("tianshan", application_id)
    return application_id


def statuses(responses) -> list[int]:
    return sorted(r.status_code for r in responses)


def test_a_double_click_on_submit_starts_one_case(api, app, monkeypatch):
    application_id = a_draft(api)
    api.token("tianshan")
    submit = [lambda: api.post("tianshan", f"/applications/{application_id}/submit")] * 4

    with hold_after(monkeypatch, [(attachments, "ensure_documents_complete")], 4):
        results = at_once(submit)

    assert statuses(results) == [200, 409, 409, 409], [r.get_json() for r in results]
    refused = [r.get_json()["error"] for r in results if r.status_code == 409]
    assert all("already submitted" in message for message in refused)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProcessInstance)) == 1
        open_steps = db.session.scalars(select(HumanTask.step).where(HumanTask.state == TaskState.OPEN)).all()
        assert open_steps == ["accept"]
        submitted = select(func.count()).where(AuditEntry.action == "application.submitted")
        assert db.session.scalar(submitted) == 1
        number = db.session.get(Application, application_id).number
    code = next(r.get_json()["query_code"] for r in results if r.status_code == 200)
    found = api.client.post("/api/v1/lookup", json={"number": number, "query_code": code})
    assert found.status_code == 200, found.get_json()


def test_a_withdrawal_racing_an_opinion_never_fails_the_server(api, app, monkeypatch):
    for _round in range(3):
        application_id = api.apply()
        api.complete("jxw", "accept", decision="approve")
        review = api.open_task("kjt", "tech_review")
        withdraw = partial(api.post, "tianshan", f"/applications/{application_id}/withdraw", {"reason": "不再需要"})
        opinion = partial(
            api.post, "kjt", f"/tasks/{review['id']}/complete", {"data": {"decision": "approve", "opinion": "可行"}}
        )
        targets = [(withdrawal, "_ensure_withdrawable"), (tasks, "actionable_task")]
        with hold_after(monkeypatch, targets, 2):
            withdrawn, completed = at_once([withdraw, opinion])

        assert withdrawn.status_code == 200, withdrawn.get_json()
        assert completed.status_code in (200, 409), completed.get_json()
        case = api.application("tianshan", application_id)
        assert case["status"] == "withdrawn"
        assert case["current_tasks"] == []


def test_two_colleagues_claiming_one_task_at_once_one_gets_it(api, app, monkeypatch):
    create_staff(app, "jxw2", "JXW")
    api.apply()
    task = api.open_task("jxw", "accept")
    api.token("jxw2")
    calls = [lambda name=name: api.post(name, f"/tasks/{task['id']}/claim") for name in ("jxw", "jxw2")]

    with hold_after(monkeypatch, [(tasks, "actionable_task")], 2):
        results = at_once(calls)

    assert statuses(results) == [200, 409], [r.get_json() for r in results]
    winner = ("jxw", "jxw2")[[r.status_code for r in results].index(200)]
    with app.app_context():
        row = db.session.get(HumanTask, task["id"])
        assert row.claimed_by.username == winner
        claims = select(func.count()).where(AuditEntry.action == "task.claimed", AuditEntry.subject_id == task["id"])
        assert db.session.scalar(claims) == 1


def test_a_head_approving_an_extension_twice_at_once_extends_once(api, app, monkeypatch):
    from webapp.models import User

    api.apply()
    task = api.open_task("jxw", "accept")
    assert api.post("jxw", f"/tasks/{task['id']}/claim").status_code == 200
    with app.app_context():
        staff = db.session.scalar(select(User).where(User.username == "jxw"))
        extension_id = deadlines.request_extension(staff, task["id"], 5, "材料需要核实").id
        head_id = db.session.scalar(
            select(User.id).where(User.department_id == staff.department_id, User.role == "head")
        )
        before = db.session.get(HumanTask, task["id"]).due_at

    def approve():
        with app.app_context():
            head = db.session.get(User, head_id)
            try:
                deadlines.decide_extension(head, extension_id, True)
                return 200
            except Exception as exc:
                return getattr(exc, "status", 500)

    with hold_after(monkeypatch, [(deadlines, "_move_deadline")], 2, patience=3):
        results = at_once([approve, approve])

    assert sorted(results) == [200, 409]
    with app.app_context():
        extended = select(func.count()).where(AuditEntry.action == "extension.approved")
        assert db.session.scalar(extended) == 1
        after = db.session.get(HumanTask, task["id"]).due_at
        assert after > before


def test_a_burst_of_wrong_lookups_lets_exactly_the_limit_through(api, app, monkeypatch):
    application_id = api.apply()
    with app.app_context():
        number = db.session.get(Application, application_id).number
    wrong = lambda: api.client.post("/api/v1/lookup", json={"number": number, "query_code": "WRONGCOD"})  # noqa: E731

    with hold_after(monkeypatch, [(lookup, "_ensure_not_limited")], 16, patience=2):
        results = at_once([wrong] * 16)

    codes = [r.status_code for r in results]
    assert codes.count(404) == app.config["LOOKUP_MAX_FAILURES"], codes
    assert codes.count(429) == 16 - app.config["LOOKUP_MAX_FAILURES"], codes
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LookupAttempt)) == 10
