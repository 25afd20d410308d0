"""A model whose code runs away fails its step with the reason, and the server goes on answering.

A department completes a review; the script (or the condition) after it loops forever, sums a
huge range, builds a 10 GB string, recurses without end or writes 20 MB into the case's data.
The completion is refused (422) with the task, the line and the limit it hit, the instance stays
where it was, and a request sent while the runaway runs is answered. The timer worker sets an
instance whose timer expression runs away aside, and fires the next one.
"""

from __future__ import annotations

import threading
import time
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import select

from tests.test_operations import row, start
from webapp.extensions import db
from webapp.models import AuditEntry
from webapp.processes.services import timers
from workflows.engine import limits

TIME_LIMIT_SECONDS = 1.0  # the default is 2 s; the tests need not wait that long


def model(key: str, script: str = "checked = True", condition: str = "True", timer: str = '"PT1H"') -> bytes:
    """review (jxw, a one-second time limit) → script → gateway(condition) → a timer → end."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_{key}"
    targetNamespace="http://sme.xinjiang.example/tests">
  <bpmn:process id="{key}" name="Runaway model code" isExecutable="true">
    <bpmn:laneSet id="laneset">
      <bpmn:lane id="lane_jxw" name="自治区经信委">
        <bpmn:flowNodeRef>start</bpmn:flowNodeRef><bpmn:flowNodeRef>review</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>review_limit</bpmn:flowNodeRef><bpmn:flowNodeRef>compute</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>check</bpmn:flowNodeRef><bpmn:flowNodeRef>wait</bpmn:flowNodeRef>
        <bpmn:flowNodeRef>end_done</bpmn:flowNodeRef><bpmn:flowNodeRef>end_lapsed</bpmn:flowNodeRef>
      </bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="review" name="Review" camunda:formKey="review">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="review_limit" name="Time limit passed" attachedToRef="review" cancelActivity="true">
      <bpmn:outgoing>f6</bpmn:outgoing>
      <bpmn:timerEventDefinition id="review_timer">
        <bpmn:timeDuration>"PT1S"</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:intermediateCatchEvent id="wait" name="Wait after the time limit">
      <bpmn:incoming>f6</bpmn:incoming><bpmn:outgoing>f7</bpmn:outgoing>
      <bpmn:timerEventDefinition id="wait_timer">
        <bpmn:timeDuration>{escape(timer)}</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:scriptTask id="compute" name="Compute score">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:script>{escape(script)}</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:exclusiveGateway id="check" name="High enough?" default="f5">
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing><bpmn:outgoing>f5</bpmn:outgoing>
    </bpmn:exclusiveGateway>
    <bpmn:endEvent id="end_done"><bpmn:incoming>f4</bpmn:incoming><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>
    <bpmn:endEvent id="end_lapsed"><bpmn:incoming>f7</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="compute" />
    <bpmn:sequenceFlow id="f3" sourceRef="compute" targetRef="check" />
    <bpmn:sequenceFlow id="f4" sourceRef="check" targetRef="end_done">
      <bpmn:conditionExpression>{escape(condition)}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f5" sourceRef="check" targetRef="end_done" />
    <bpmn:sequenceFlow id="f6" sourceRef="review_limit" targetRef="wait" />
    <bpmn:sequenceFlow id="f7" sourceRef="wait" targetRef="end_lapsed" />
  </bpmn:process>
</bpmn:definitions>
""".encode()


RUNAWAYS = {
    # name: (script, condition, what the refusal says)
    "endless loop": ("checked = True\nwhile True:\n    pass", "True", "time limit exceeded"),
    "sum over a huge range": ("checked = True\ntotal = sum(range(10**12))", "True", "time limit exceeded"),
    "condition over a huge range": ("checked = True", "sum(range(10**12)) > 0", "time limit exceeded"),
    "ten-gigabyte string": ("checked = True\nhuge = 'a' * 10**10", "True", "memory limit exceeded"),
    "endless recursion": ("def deeper(n):\n    return deeper(n + 1)\nx = deeper(0)", "True", "recursion"),
    "20 MB into the case data": ("checked = True\nblob = 'a' * (20 * 1024 * 1024)", "True", "task data too large"),
}


@pytest.fixture
def short_limits(app):
    limits.configure(time_seconds=TIME_LIMIT_SECONDS)
    yield
    limits.configure(**limits.Limits().__dict__)


def open_review(api) -> dict:
    return api.open_task("jxw", "review")


@pytest.mark.parametrize("name", RUNAWAYS)
def test_runaway_model_code_fails_the_step_with_the_reason_and_keeps_the_case(app, api, short_limits, name):
    script, condition, reason = RUNAWAYS[name]
    [instance_id] = start(app, model(f"runaway_{abs(hash(name)) % 10**6}", script, condition), {})
    task = open_review(api)

    refused = api.post("jxw", f"/tasks/{task['id']}/complete", {"data": {}})

    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert reason in body
    assert ("Compute score" if condition == "True" else "High enough?") in body
    assert row(app, instance_id).status == "running"
    assert open_review(api)["id"] == task["id"]  # still open: nothing of the step was kept


def test_a_request_sent_while_a_script_runs_away_is_answered(app, api, short_limits):
    start(app, model("runaway_beside", "while True:\n    pass"), {})
    task = open_review(api)
    token = api.token("kjt")  # the other user's token first: the runaway thread holds the GIL often
    outcome = {}

    def run_away():
        outcome["response"] = api.post("jxw", f"/tasks/{task['id']}/complete", {"data": {}})

    runaway = threading.Thread(target=run_away)
    runaway.start()
    time.sleep(TIME_LIMIT_SECONDS / 4)
    answered = api.client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
    still_running = runaway.is_alive()
    runaway.join()

    assert answered.status_code == 200
    assert still_running, "the other request was answered only after the runaway had stopped"
    assert outcome["response"].status_code == 422
    assert "time limit exceeded" in outcome["response"].get_data(as_text=True)


def test_the_timer_worker_sets_aside_a_runaway_timer_expression_and_fires_the_next(app, short_limits):
    runaway = model("runaway_timer", timer='"PT" + str(sum(range(10**12))) + "S"')
    [stuck] = start(app, runaway, {})
    [healthy] = start(app, model("healthy_timer", timer='"PT1H"'), {})
    time.sleep(1.1)

    with app.app_context():
        assert timers.fire_due_timers() == 1

    assert row(app, stuck).status == "error"
    assert row(app, healthy).status == "running"  # its time limit passed: now waiting an hour
    with app.app_context():
        failed = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "timer.failed"))
        assert failed.subject_id == stuck
        assert "time limit exceeded" in failed.data["error"]
        assert failed.data["task"] == "Wait after the time limit"
