"""Administrators keep a draft of a process, publish it with a comment, compare versions, and move
running instances to another version (and back, where the engine allows)."""

from __future__ import annotations

import re
import time

from sqlalchemy import select

from tests.engine.test_diff_and_migration import with_precheck
from tests.support.actors import DEMO_PASSWORD
from tests.test_operations import FAILING_SCRIPT, audit_actions, row, start
from webapp.extensions import db
from webapp.models import AuditEntry, HumanTask, ProcessDefinition, ProcessDraft, TaskState, User
from webapp.processes.services import definitions, instance_migration, operations, timers

KEY = "sme_18_1_new_product"


def log_in(client, username: str = "admin") -> None:
    client.post("/logout")
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    client.get("/lang/en")


def v1(app) -> ProcessDefinition:
    with app.app_context():
        definition = definitions.versions_of(KEY)[-1]
        db.session.expunge(definition)
        return definition


def save_draft(client, bpmn: str, base: int, revision=None):
    return client.post(f"/admin/processes/{KEY}/draft", json={"bpmn": bpmn, "base": base, "revision": revision})


def publish(client, definition_id: int, bpmn: str, comment: str = "加形式审查"):
    return client.post(f"/admin/definitions/{definition_id}/publish", json={"bpmn": bpmn, "comment": comment})


def admin_user() -> User:
    return db.session.scalar(select(User).where(User.username == "admin"))


# -- drafts ------------------------------------------------------------------------------------------


def test_a_draft_is_saved_without_checks_reopened_and_a_stale_save_is_a_conflict(client, app):
    base = v1(app)
    log_in(client)
    half_done = base.bpmn_xml.replace('name="受理审查"', 'name="受理审查（草稿）"').replace(
        'targetRef="accept"/>', 'targetRef="nowhere"/>', 1
    )  # would not pass the checks: a draft need not

    first = save_draft(client, half_done, base.id)
    assert first.status_code == 200, first.get_json()
    revision = first.get_json()["revision"]
    assert client.get(f"/admin/processes/{KEY}/draft.bpmn").get_data(as_text=True) == half_done
    page = client.get(f"/admin/definitions/{base.id}/edit").get_data(as_text=True)
    assert f'data-bpmn-url="/admin/processes/{KEY}/draft.bpmn"' in page
    assert f'data-draft-revision="{revision}"' in page and 'id="modeler-draft"' in page

    assert save_draft(client, half_done, base.id, revision).status_code == 200
    stale = save_draft(client, base.bpmn_xml, base.id, revision)  # another tab, still on the old revision
    assert stale.status_code == 409
    assert "reload" in stale.get_json()["error"]
    fresh_tab = save_draft(client, base.bpmn_xml, base.id, None)  # opened the version before the draft existed
    assert fresh_tab.status_code == 409
    assert save_draft(client, "<not xml", base.id, revision + 1).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(ProcessDraft)).bpmn_xml == half_done
        assert len(definitions.versions_of(KEY)) == 1  # nothing published, nothing run
    assert audit_actions_of(app, "draft.saved") == 2


def audit_actions_of(app, action: str) -> int:
    with app.app_context():
        return len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


def test_publishing_needs_a_comment_stores_it_and_ends_the_draft(client, app):
    base = v1(app)
    log_in(client)
    edited = with_precheck(base.bpmn_xml.encode()).decode()
    assert save_draft(client, edited, base.id).status_code == 200

    refused = publish(client, base.id, edited, comment="  ")
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "Say what changed before publishing."

    published = publish(client, base.id, edited, comment="加形式审查")
    assert published.status_code == 201, published.get_json()
    with app.app_context():
        v2 = db.session.get(ProcessDefinition, published.get_json()["id"])
        assert (v2.version, v2.comment, v2.uploaded_by.username) == (2, "加形式审查", "admin")
        assert db.session.scalar(select(ProcessDraft)) is None
    html = client.get(f"/admin/definitions/{base.id}").get_data(as_text=True)
    assert '<td class="comment">加形式审查</td>' in html
    assert 'id="draft-note"' not in html
    assert not staff_can_save_a_draft(client, base)


def staff_can_save_a_draft(client, base) -> bool:
    log_in(client, "jxw")
    return save_draft(client, base.bpmn_xml, base.id).status_code != 403


# -- diff --------------------------------------------------------------------------------------------


def test_the_diff_page_lists_changed_elements_and_the_unified_diff_of_any_two_versions_or_the_draft(client, app):
    base = v1(app)
    log_in(client)
    assert publish(client, base.id, with_precheck(base.bpmn_xml.encode()).decode()).status_code == 201
    with app.app_context():
        v2_id = definitions.versions_of(KEY)[0].id
    renamed = base.bpmn_xml.replace('name="受理审查"', 'name="受理审查（新）"')
    assert save_draft(client, renamed, v2_id).status_code == 200

    page = client.get(f"/admin/processes/{KEY}/diff", query_string={"old": base.id, "new": v2_id})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    changes = dict(re.findall(r'<tr data-element="([^"]+)" data-change="([^"]+)"', html))
    assert changes["precheck"] == "added" and changes["f3b"] == "added" and changes["f3"] == "changed"
    assert 'data-added="' in html and "precheck" in re.search(r'data-added="([^"]*)"', html).group(1)
    assert re.search(r'<span class="add">\+.*precheck', html)

    by_default = client.get(f"/admin/processes/{KEY}/diff").get_data(as_text=True)  # latest vs the draft
    changes = dict(re.findall(r'<tr data-element="([^"]+)" data-change="([^"]+)"', by_default))
    assert changes["precheck"] == "removed" and changes["accept"] == "changed"
    assert client.get(f"/admin/processes/{KEY}/diff/draft.bpmn").get_data(as_text=True) == renamed

    assert client.get(f"/admin/processes/{KEY}/diff", query_string={"old": 99999}).status_code == 404
    log_in(client, "jxw")
    assert client.get(f"/admin/processes/{KEY}/diff").status_code == 403


# -- migration ---------------------------------------------------------------------------------------


def test_the_preview_says_which_cases_can_move_and_moving_one_resyncs_its_task_and_is_audited(client, api, app):
    base = v1(app)
    at_accept = api.apply("tianshan")
    log_in(client)
    edited = base.bpmn_xml.replace('name="受理审查"', 'name="受理审查（新）"')
    assert publish(client, base.id, with_precheck(edited.encode()).decode()).status_code == 201
    with app.app_context():
        v2 = definitions.versions_of(KEY)[0]
        instance_id = db.session.scalar(select(HumanTask.instance_id).where(HumanTask.application_id == at_accept))
        v2_id = v2.id

    html = client.get(f"/admin/processes/{KEY}/migrate").get_data(as_text=True)
    assert re.search(rf'data-instance-id="{instance_id}" data-movable="yes"', html)
    assert "v1 → v2" in html

    moved = client.post(f"/admin/processes/{KEY}/migrate", data={"target": v2_id, "instance": instance_id})
    assert moved.status_code == 302
    with app.app_context():
        assert db.session.get(ProcessDefinition, row(app, instance_id).definition_id).version == 2
        [task] = db.session.scalars(
            select(HumanTask).where(HumanTask.instance_id == instance_id, HumanTask.state == TaskState.OPEN)
        ).all()
        assert (task.step, task.title) == ("accept", "受理审查（新）")
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "instance.migrated"))
        assert (entry.actor.username, entry.data["from_version"], entry.data["to_version"]) == ("admin", 1, 2)
    # Moving back is allowed: it stands on accept, which v1 has too.
    back = client.get(f"/admin/processes/{KEY}/migrate", query_string={"to": base.id}).get_data(as_text=True)
    assert re.search(rf'data-instance-id="{instance_id}" data-movable="yes"', back)
    assert api.complete("jxw", "accept", decision="approve").status_code == 200
    again = client.post(f"/admin/processes/{KEY}/migrate", data={"target": v2_id, "instance": instance_id})
    assert again.status_code == 409  # already there
    assert client.post(f"/admin/processes/{KEY}/migrate", data={"target": v2_id}).status_code == 422


def test_a_case_on_a_step_the_target_lacks_cannot_move_back_and_says_why(client, api, app):
    base = v1(app)
    log_in(client)
    assert publish(client, base.id, with_precheck(base.bpmn_xml.encode()).decode()).status_code == 201
    application_id = api.apply("tianshan")  # on v2: waits at the new precheck
    with app.app_context():
        instance_id = db.session.scalar(select(HumanTask.instance_id).where(HumanTask.application_id == application_id))

    html = client.get(f"/admin/processes/{KEY}/migrate", query_string={"to": base.id}).get_data(as_text=True)

    assert re.search(rf'data-instance-id="{instance_id}" data-movable="no"', html)
    assert 'data-reason="removed"' in html and "precheck" in html
    refused = client.post(f"/admin/processes/{KEY}/migrate", data={"target": base.id, "instance": instance_id})
    assert refused.status_code == 409
    assert row(app, instance_id).definition_id != base.id
    log_in(client, "jxw")
    assert client.get(f"/admin/processes/{KEY}/migrate").status_code == 403


def test_a_script_that_reads_a_file_fails_then_the_fixed_version_is_migrated_to_and_retry_finishes(client, app):
    [instance_id] = start(app, FAILING_SCRIPT, {})
    time.sleep(1.1)
    with app.app_context():
        assert timers.fire_due_timers() == 0
    assert row(app, instance_id).status == "error"
    log_in(client)
    page = client.get(f"/admin/instances/{instance_id}").get_data(as_text=True)
    assert 'class="error-task">Read secrets' in page and "name &#39;open&#39; is not defined" in page

    fixed = FAILING_SCRIPT.replace(b"secret = open('/etc/passwd').read()", b"secret = 'not read'")
    with app.app_context():
        admin = admin_user()
        target = definitions.upload_definition(admin, fixed, [], comment="不再读取文件")
        preview = instance_migration.preview(admin, "ops_failing", target.id)
        assert [c.instance.id for c in preview.movable] == [instance_id]
        instance_migration.migrate_instance(admin, instance_id, target.id)
        assert row(app, instance_id).status == "error"  # still waits for the administrator's retry
        outcome = operations.retry_instance(admin_user(), instance_id, "脚本已修正")

    assert outcome.recovered, outcome.error
    assert row(app, instance_id).status == "completed"
    assert audit_actions(app, instance_id) == ["timer.failed", "instance.migrated", "instance.retried"]
