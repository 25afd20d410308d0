"""Administrators find process instances, read one in full, and retry, suspend, resume or terminate it."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from webapp.common.errors import Invalid
from webapp.common.transaction import unit_of_work
from webapp.department_work.services import tasks
from webapp.extensions import db
from webapp.models import Application, AuditEntry, HumanTask, ProcessInstance, TaskState, User
from webapp.models._columns import utcnow
from webapp.processes.services import definitions, instances, timers

TIME_LIMIT = Path(__file__).parent / "data" / "acceptance_time_limit.bpmn"
ACTIONS = ("retry", "suspend", "resume", "terminate")

# A review with a one-second time limit; both ways on run a script that reads a file, which the
# upload check lets through (open() compiles) and the sandbox refuses when it runs.
FAILING_SCRIPT = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_ops_failing"
    targetNamespace="http://sme.xinjiang.example/tests">
  <bpmn:process id="ops_failing" name="A script that fails when it runs" isExecutable="true">
    <bpmn:laneSet id="laneset">
      <bpmn:lane id="lane_jxw" name="自治区经信委">
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>review</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>review_limit</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>read_secrets</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end_done</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="Review" camunda:formKey="review">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="review_limit" name="Time limit passed" attachedToRef="review" cancelActivity="true">
      <bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:timerEventDefinition id="review_timer">
        <bpmn:timeDuration>"PT1S"</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:scriptTask id="read_secrets" name="Read secrets">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
      <bpmn:script>checked = True
secret = open('/etc/passwd').read()</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:endEvent id="end_done"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="read_secrets" />
    <bpmn:sequenceFlow id="f3" sourceRef="review_limit" targetRef="read_secrets" />
    <bpmn:sequenceFlow id="f4" sourceRef="read_secrets" targetRef="end_done" />
  </bpmn:process>
</bpmn:definitions>
""".encode()


# -- helpers ------------------------------------------------------------------------------------


def log_in(client, username: str) -> None:
    client.post("/logout")
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def start(app, bpmn: bytes, data: dict, count: int = 1) -> list[int]:
    """Instances without an application, started and saved as the services do."""
    with app.app_context():
        key = re.search(rb'<bpmn:process id="([^"]+)"', bpmn).group(1).decode()
        found = definitions.versions_of(key)
        definition = found[0] if found else definitions.upload_definition(None, bpmn, [])
        ids = []
        with unit_of_work():
            for _ in range(count):
                instance, version, workflow = instances.start(definition, data)
                instances.save(instance, version, workflow, None)
                ids.append(instance.id)
    return ids


def waiting(app, count: int = 1, time_limit: str = "PT1H") -> list[int]:
    return start(app, TIME_LIMIT.read_bytes(), {"time_limit": time_limit, "escalate_to": "领导"}, count)


def instance_of(app, application_id: int) -> int:
    with app.app_context():
        return db.session.get(Application, application_id).instance_id


def row(app, instance_id: int) -> ProcessInstance:
    with app.app_context():
        instance = db.session.get(ProcessInstance, instance_id)
        db.session.expunge(instance)
        return instance


def set_status(app, instance_id: int, status: str) -> None:
    with app.app_context(), unit_of_work():
        db.session.get(ProcessInstance, instance_id).status = status


def act(client, instance_id: int, action: str, reason: str = "核查材料", **kwargs):
    return client.post(f"/admin/instances/{instance_id}/{action}", data={"reason": reason}, **kwargs)


def listed(client, **filters) -> tuple[int, list[int], str]:
    """(status code, the instance ids on the page, the page) for the list with these filters."""
    response = client.get("/admin/instances", query_string=filters)
    html = response.get_data(as_text=True)
    return response.status_code, [int(i) for i in re.findall(r'data-instance-id="(\d+)"', html)], html


def audit_actions(app, instance_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.subject_type == "process_instances", AuditEntry.subject_id == instance_id)
                .order_by(AuditEntry.id)
            )
        )


# -- who may -------------------------------------------------------------------------------------


def test_only_administrators_reach_the_instance_pages_and_actions(client, api, app):
    instance_id = instance_of(app, api.apply("tianshan"))

    for username in ("tianshan", "jxw"):
        log_in(client, username)
        assert client.get("/admin/instances").status_code == 403
        assert client.get(f"/admin/instances/{instance_id}").status_code == 403
        for action in ACTIONS:
            assert act(client, instance_id, action).status_code == 403
    client.post("/logout")
    assert client.get("/admin/instances").status_code == 302  # to the sign-in page

    assert row(app, instance_id).status == "running"
    assert audit_actions(app, instance_id) == []
    log_in(client, "admin")
    assert 'id="nav-instances"' in client.get("/admin/definitions").get_data(as_text=True)


# -- the list ------------------------------------------------------------------------------------


def test_the_list_filters_by_process_status_department_and_dates_and_pages_by_fifty(client, api, app):
    application_id = api.apply("tianshan")
    assert api.complete("jxw", "accept", decision="approve").status_code == 200  # now 科技厅 and 财政厅 hold it
    reviewed = instance_of(app, application_id)
    many = waiting(app, 52)  # each waits for 经信委 to accept
    set_status(app, many[0], "error")
    log_in(client, "admin")

    status, ids, html = listed(client, program="acceptance_time_limit")
    assert status == 200
    assert ids == sorted(many, reverse=True)[:50]
    assert 'id="instance-total">52<' in html
    assert "Page 1 of 2" in html or "第 1 页，共 2 页" in html
    assert listed(client, program="acceptance_time_limit", page=2)[1] == sorted(many, reverse=True)[50:]
    assert listed(client, program="acceptance_time_limit", page=9)[1] == sorted(many, reverse=True)[50:]

    assert listed(client, department="KJT")[1] == [reviewed]
    assert reviewed not in listed(client, department="JXW")[1]
    assert listed(client, errored="y")[1] == [many[0]]
    assert listed(client, status="error")[1] == [many[0]]
    assert listed(client, status="running", program="acceptance_time_limit")[2].count("data-instance-id") == 50

    today = utcnow() + timedelta(hours=8)  # Beijing's date
    assert (
        listed(client, started_from=today.date().isoformat(), started_to=today.date().isoformat())[2].count(
            "data-instance-id"
        )
        == 50
    )
    assert listed(client, started_from=(today + timedelta(days=1)).date().isoformat())[1] == []
    assert listed(client, started_to=(today - timedelta(days=1)).date().isoformat())[1] == []

    _, ids, html = listed(client, department="KJT")
    assert "XJZX" in html and "天山精密机械有限公司" in html and "sme_18_1_new_product" in html
    assert "科技厅" in html and "财政厅" in html  # its open steps and who holds them


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": "sleeping"}, "“sleeping” is not an instance status."),
        ({"program": "no_such_process"}, "There is no process with the key “no_such_process”."),
        ({"department": "XYZ"}, "There is no department with the code “XYZ”."),
        ({"started_from": "2026-13-45"}, "Enter a date as YYYY-MM-DD"),
        ({"started_from": "2026-03-02", "started_to": "2026-03-01"}, "The end date is before the start date."),
        ({"page": "two"}, "The page must be a whole number."),
        ({"page": "0"}, "Pages start at 1."),
    ],
)
def test_a_bad_filter_is_explained_on_the_page(client, filters, message):
    log_in(client, "admin")
    client.get("/lang/en")

    status, ids, html = listed(client, **filters)

    assert status == 400
    assert message in html
    assert 'id="filter-problems"' in html
    assert ids == []


# -- one instance --------------------------------------------------------------------------------


def test_the_instance_page_shows_the_diagram_history_data_and_audit(client, api, app):
    application_id = api.apply("tianshan")
    assert api.complete("jxw", "accept", decision="approve").status_code == 200
    instance_id = instance_of(app, application_id)
    log_in(client, "admin")

    html = client.get(f"/admin/instances/{instance_id}").get_data(as_text=True)

    done = re.search(r'data-done="([^"]*)"', html).group(1).split(",")
    active = re.search(r'data-active="([^"]*)"', html).group(1).split(",")
    assert {"submit", "accept"} <= set(done)
    assert sorted(active) == ["budget_review", "tech_review"]
    assert "data-error" not in html
    history = re.findall(r'data-step="([^"]+)" data-state="([^"]+)"', html)
    assert history == [
        ("submit", "completed"),
        ("accept", "completed"),
        ("tech_review", "open"),
        ("budget_review", "open"),
    ]
    assert "经信委 王审核" in html  # who accepted
    data = re.search(r'<dl class="facts" id="instance-data">(.*?)</dl>', html, re.S).group(1)
    assert "<dt>project_name</dt><dd>五轴联动数控机床产业化</dd>" in data
    assert "<dt>decision</dt><dd>approve</dd>" in data
    audit = re.findall(r'<tr data-action="([^"]+)">', html)
    assert "task.completed" in audit
    assert 'id="action-suspend"' in html and 'id="action-terminate"' in html
    assert 'id="action-resume"' not in html and 'id="action-retry"' not in html
    assert client.get("/admin/instances/999999").status_code == 404


# -- suspend and resume --------------------------------------------------------------------------


def test_a_suspended_case_refuses_its_departments_and_resumes(client, api, app):
    application_id = api.apply("tianshan")
    instance_id = instance_of(app, application_id)
    log_in(client, "admin")

    assert act(client, instance_id, "suspend", reason="").status_code == 422  # a reason is required
    assert row(app, instance_id).status == "running"
    suspended = act(client, instance_id, "suspend", reason="企业被举报，暂停核查")
    assert suspended.status_code == 302
    assert row(app, instance_id).status == "suspended"

    refused = api.complete("jxw", "accept", decision="approve")
    assert refused.status_code == 409
    assert "suspended" in refused.get_json()["error"]
    task = api.open_task("jxw", "accept")
    assert api.post("jxw", f"/tasks/{task['id']}/claim").status_code == 409
    assert act(client, instance_id, "suspend").status_code == 409  # already suspended

    assert act(client, instance_id, "resume", reason="核查完毕").status_code == 302
    assert row(app, instance_id).status == "running"
    assert api.complete("jxw", "accept", decision="approve").status_code == 200
    assert act(client, instance_id, "resume").status_code == 409  # running: nothing to resume

    assert audit_actions(app, instance_id) == ["instance.suspended", "instance.resumed"]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "instance.suspended"))
        assert (entry.actor.username, entry.data["reason"]) == ("admin", "企业被举报，暂停核查")


def test_the_worker_does_not_fire_a_suspended_instances_timer(client, app):
    [instance_id] = waiting(app, time_limit="PT1S")
    log_in(client, "admin")
    assert act(client, instance_id, "suspend").status_code == 302
    time.sleep(1.1)

    with app.app_context():
        assert timers.fire_due_timers() == 0
    assert row(app, instance_id).status == "suspended"

    assert act(client, instance_id, "resume").status_code == 302
    with app.app_context():
        assert timers.fire_due_timers() == 1
    assert (row(app, instance_id).status, row(app, instance_id).outcome) == ("completed", "lapsed")


# -- terminate -----------------------------------------------------------------------------------


def test_terminating_closes_the_tasks_and_the_application_for_good(client, api, app):
    application_id = api.apply("tianshan")
    instance_id = instance_of(app, application_id)
    log_in(client, "admin")

    assert act(client, instance_id, "terminate", reason="申请企业已注销").status_code == 302

    with app.app_context():
        instance = db.session.get(ProcessInstance, instance_id)
        application = db.session.get(Application, application_id)
        assert (instance.status, instance.next_timer_due) == ("terminated", None)
        assert (application.status, application.closed_at is not None) == ("terminated", True)
        [accept] = [t for t in application.tasks if t.step == "accept"]
        assert (accept.state, accept.comment) == (TaskState.CANCELLED, "申请企业已注销")
        open_left = db.session.scalars(
            select(HumanTask).where(HumanTask.instance_id == instance_id, HumanTask.state == TaskState.OPEN)
        ).all()
        assert open_left == []
    for action in ACTIONS:
        refused = act(client, instance_id, action)
        assert refused.status_code == 409, action
    assert "该流程实例已经结束（已终止），不能终止。" in act(client, instance_id, "terminate").get_data(as_text=True)
    assert api.get("jxw", "/tasks").get_json()["tasks"] == []
    assert audit_actions(app, instance_id) == ["instance.terminated"]
    html = client.get(f"/admin/instances/{instance_id}").get_data(as_text=True)
    assert 'id="instance-actions"' not in html


def test_a_completed_instance_cannot_be_terminated(client, app):
    [instance_id] = waiting(app, time_limit="PT1S")
    time.sleep(1.1)
    with app.app_context():
        assert timers.fire_due_timers() == 1
    log_in(client, "admin")

    refused = act(client, instance_id, "terminate")

    assert refused.status_code == 409
    assert row(app, instance_id).status == "completed"


# -- errors and retry ----------------------------------------------------------------------------


def test_a_failing_script_refuses_the_completion_that_reaches_it(app):
    [instance_id] = start(app, FAILING_SCRIPT, {})
    with app.app_context():
        jxw = db.session.scalar(select(User).where(User.username == "jxw"))
        task = db.session.scalar(select(HumanTask).where(HumanTask.instance_id == instance_id))
        with pytest.raises(Invalid) as refused:
            tasks.complete_task(jxw, task.id, {})
    assert refused.value.status == 422
    assert "Read secrets" in str(refused.value)
    assert "open" in str(refused.value)
    assert row(app, instance_id).status == "running"


def test_an_instance_whose_timer_hits_a_failing_script_shows_the_error_and_stays_in_error(client, app):
    [instance_id] = start(app, FAILING_SCRIPT, {})
    time.sleep(1.1)
    with app.app_context():
        assert timers.fire_due_timers() == 0
    assert row(app, instance_id).status == "error"
    log_in(client, "admin")

    assert listed(client, errored="y")[1] == [instance_id]
    html = client.get(f"/admin/instances/{instance_id}").get_data(as_text=True)
    assert 'id="instance-error"' in html
    assert re.search(r'class="error-task">Read secrets', html)
    assert re.search(r'class="error-line">2<', html)
    assert "name &#39;open&#39; is not defined" in html
    assert 'data-error="read_secrets"' in html
    assert 'id="action-retry"' in html and 'id="action-suspend"' not in html

    retried = act(client, instance_id, "retry", reason="再试一次", follow_redirects=True)

    assert retried.status_code == 200
    page = retried.get_data(as_text=True)
    assert 'class="flash error"' in page and "Read secrets" in page
    assert row(app, instance_id).status == "error"
    assert audit_actions(app, instance_id) == ["timer.failed", "instance.retry_failed"]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "instance.retry_failed"))
        assert (entry.data["task"], entry.data["line"], entry.data["reason"]) == ("Read secrets", 2, "再试一次")
    assert 'class="error-task">Read secrets' in client.get(f"/admin/instances/{instance_id}").get_data(as_text=True)


def test_a_retry_after_a_passing_failure_runs_the_instance_again(client, app):
    [instance_id] = waiting(app)
    set_status(app, instance_id, "error")  # e.g. the database was away when the timer ran
    log_in(client, "admin")
    html = client.get(f"/admin/instances/{instance_id}").get_data(as_text=True)
    assert 'id="instance-error"' in html  # no failure recorded: the page says so

    assert act(client, instance_id, "retry", reason="数据库已恢复").status_code == 302

    instance = row(app, instance_id)
    assert (instance.status, instance.next_timer_due is not None) == ("running", True)
    assert audit_actions(app, instance_id) == ["instance.retried"]
    assert act(client, instance_id, "retry").status_code == 409  # running: nothing to retry
