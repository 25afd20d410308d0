"""Administrators deactivate and reactivate accounts with a reason: a deactivated account cannot sign
in (page or API), its sessions and tokens stop working, and the tasks it claimed go back to its
department. Nobody deactivates themselves, and the last active administrator stays."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.support.actors import DEMO_PASSWORD
from tests.test_departments_and_roles import log_in
from tests.test_refusals import snapshot
from webapp.common.errors import Invalid
from webapp.extensions import db
from webapp.models import ApiToken, AuditEntry, HumanTask, Role, User
from webapp.people.services import accounts


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def set_active(client, app, username: str, active: bool, reason: str = "调离经信委"):
    return client.post(
        f"/admin/accounts/{user_id(app, username)}/active", data={"active": "1" if active else "0", "reason": reason}
    )


def account_state(app, username: str):
    """What a refused deactivation must not change: the flag, the tokens, the claims, the audit trail."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        tokens = db.session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.user_id == user.id))
        claimed = db.session.scalar(select(func.count()).where(HumanTask.claimed_by_id == user.id))
        return user.active, tokens, claimed, snapshot(app)


def test_a_deactivated_account_is_signed_out_refused_and_its_claimed_task_released(client, app, api):
    api.apply("tianshan")
    task = api.open_task("jxw", "accept")
    assert api.post("jxw", f"/tasks/{task['id']}/claim").status_code == 200
    jxw = app.test_client()
    log_in(jxw, "jxw")
    assert jxw.get("/tasks").status_code == 200

    log_in(client)
    response = set_active(client, app, "jxw", False)
    assert response.status_code == 302

    # The open session is refused on its next request; a new sign-in is told why.
    assert jxw.get("/tasks").status_code == 302
    page = jxw.post("/login", data={"username": "jxw", "password": DEMO_PASSWORD})
    assert page.status_code == 422
    assert "This account has been deactivated" in page.get_data(as_text=True)
    # The token stops working, and a new one is refused with the reason.
    assert api.get("jxw", "/tasks").status_code == 401
    refused = client.post("/api/v1/auth/token", json={"username": "jxw", "password": DEMO_PASSWORD})
    assert refused.status_code == 403
    assert "deactivated" in refused.get_json()["error"]

    with app.app_context():
        row = db.session.get(HumanTask, task["id"])
        assert row.claimed_by_id is None and row.state == "open"
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.deactivated"))
        assert entry.actor.username == "admin"
        assert entry.data == {
            "before": {"active": True},
            "after": {"active": False},
            "reason": "调离经信委",
            "released_tasks": [task["id"]],
        }
        released = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "task.unclaimed"))
        assert (released.subject_id, released.data["from"]) == (task["id"], "jxw")
    # The department picks the task up.
    assert api.post("jxw_head", f"/tasks/{task['id']}/claim").status_code == 200

    listing = client.get("/admin/accounts").get_data(as_text=True)
    assert 'data-username="jxw" data-role="staff" data-active="false"' in listing

    assert set_active(client, app, "jxw", True, "回到经信委").status_code == 302
    assert jxw.post("/login", data={"username": "jxw", "password": DEMO_PASSWORD}).status_code == 302
    assert client.post("/api/v1/auth/token", json={"username": "jxw", "password": DEMO_PASSWORD}).status_code == 200
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.reactivated"))
        assert (entry.data["before"], entry.data["after"], entry.data["reason"]) == (
            {"active": False},
            {"active": True},
            "回到经信委",
        )


def test_refusals_change_nothing(client, app, api):
    api.token("jxw")
    log_in(client)
    before = account_state(app, "jxw")
    admin_before = account_state(app, "admin")

    assert set_active(client, app, "jxw", False, "  ").status_code == 422  # no reason
    assert set_active(client, app, "jxw", True).status_code == 409  # already active
    own = set_active(client, app, "admin", False)
    assert own.status_code == 422
    assert "You cannot deactivate your own account" in own.get_data(as_text=True)
    log_in(client, "jxw_head")
    assert set_active(client, app, "jxw", False).status_code == 403
    assert account_state(app, "jxw") == before
    assert account_state(app, "admin") == admin_before


def test_the_last_active_administrator_cannot_be_deactivated(client, app):
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        deputy = User(username="admin2", display_name="Deputy", role=Role.ADMIN)
        deputy.set_password(DEMO_PASSWORD)
        db.session.add(deputy)
        db.session.commit()
        accounts.set_active(admin, deputy, False, "离任")
        # Another administrator may deactivate the first while both are active …
        accounts.set_active(admin, deputy, True, "返岗")
        accounts.set_active(deputy, admin, False, "离任")
        # … but not the one left, even through a stale actor.
        before = snapshot(app)
        with pytest.raises(Invalid, match="last active administrator"):
            accounts.set_active(admin, deputy, False, "离任")
        assert snapshot(app) == before
        assert db.session.get(User, deputy.id).active


def test_a_deactivated_colleague_is_not_offered_and_cannot_be_given_a_task(client, app, api):
    api.apply("tianshan")
    task = api.open_task("jxw_head", "accept")
    with app.app_context():
        jxw = db.session.scalar(select(User).where(User.username == "jxw"))
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        accounts.set_active(admin, jxw, False, "调离经信委")
        jxw_id = jxw.id
    log_in(client, "jxw_head")
    before = snapshot(app)
    form = {"reassign-colleague": str(jxw_id), "reassign-reason": "请办理"}
    refused = client.post(f"/tasks/{task['id']}/reassign", data=form)
    assert refused.status_code == 409
    assert snapshot(app) == before
    with app.app_context():
        assert db.session.get(HumanTask, task["id"]).claimed_by_id is None


def test_a_deactivated_colleague_is_not_told_of_new_work_nor_mailed(app, api):
    from webapp.models import Notification, OutgoingEmail

    with app.app_context():
        admin = db.session.scalar(select(User).where(User.role == Role.ADMIN))
        leaver = User(username="jxw-leaver", display_name="经信委 离职", role=Role.STAFF, email="leaver@example.org")
        leaver.set_password("secret-pass-1")
        leaver.department = db.session.scalar(select(User).where(User.username == "jxw")).department
        db.session.add(leaver)
        db.session.commit()
        accounts.set_active(admin, leaver, False, "调离")
        leaver_id = leaver.id

    api.apply("tianshan")  # the acceptance step arrives in 经信委

    with app.app_context():
        told = db.session.scalar(select(func.count()).where(Notification.user_id == leaver_id))
        mailed = db.session.scalar(select(func.count()).where(OutgoingEmail.to_address == "leaver@example.org"))
    assert (told, mailed) == (0, 0)
