"""Saved state: our own versioned format, without the process spec, and timers that survive a reload."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from SpiffWorkflow.bpmn.serializer.helpers.registry import DefaultRegistry
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

from tests.engine.support import SavedInstance, fixture_bytes, reload, score_model
from workflows.engine import EngineError, ScriptRejected, definitions, runner, state

REPLY_WITHIN = timedelta(seconds=1)  # the "PT1S" boundary timer in data/reply_deadline.bpmn


def submitted(version) -> SavedInstance:
    instance = SavedInstance(version, {"program": "sme-18-1"})
    instance.complete(
        "submit",
        project_name="棉纺智能质检系统",
        product_name="棉纱疵点在线检测仪",
        appraisal_certificate_no="新科鉴字〔2024〕第017号",
        appraisal_date=date(2024, 3, 18),
        amount_requested=Decimal("480000.00"),
        description="在线检测棉纱疵点。",
    )
    return instance


def spiffs_own_json(workflow) -> str:
    """What SpiffWorkflow's serializer writes for the same instance, as compact as ours."""
    registry = DefaultRegistry()
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda v: Decimal(v["value"]))
    registry.register(date, lambda v: {"value": v.isoformat()}, lambda v: date.fromisoformat(v["value"]))
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG, registry))
    return json.dumps(json.loads(serializer.serialize_json(workflow)), ensure_ascii=False, separators=(",", ":"))


def test_saved_state_carries_our_format_number(new_product):
    saved = json.loads(submitted(new_product).saved)

    assert saved["format"] == 3
    assert saved["format"] == state.STATE_FORMAT


def test_saved_state_leaves_the_process_spec_out(new_product):
    instance = submitted(new_product)
    documentation = new_product.steps["accept"].documentation
    assert documentation

    assert "task_specs" not in instance.saved
    assert documentation not in instance.saved
    assert new_product.steps["accept"].legal_basis not in instance.saved
    assert "task_specs" in spiffs_own_json(instance.load())


def test_saved_state_is_well_under_half_of_spiffworkflows_own(new_product):
    instance = submitted(new_product)

    ours = len(instance.saved.encode())
    theirs = len(spiffs_own_json(instance.load()).encode())

    assert ours * 2 < theirs


def test_a_reloaded_instance_waits_on_the_same_task_with_the_same_data(new_product):
    instance = submitted(new_product)
    before = instance.load()
    [waiting] = runner.ready_steps(before, new_product)

    after = reload(before, new_product)

    assert [(r.task_id, r.step.name) for r in runner.ready_steps(after, new_product)] == [(waiting.task_id, "accept")]
    data = runner.task_data(after, waiting.task_id)
    assert data["amount_requested"] == Decimal("480000.00")
    assert data["appraisal_date"] == date(2024, 3, 18)
    assert state.dump_state(after) == state.dump_state(before)


def test_a_reloaded_instance_still_runs_model_code_in_the_sandbox():
    version = definitions.parse_version(score_model("score = x", "open('/etc/passwd') is not None"), [])
    workflow = reload(runner.start(version, {}), version)
    [step] = runner.ready_steps(workflow, version)

    with pytest.raises(ScriptRejected) as refused:
        runner.complete(workflow, version, step.task_id, {"x": 1})

    assert refused.value.task_name == "Score high enough?"


@pytest.mark.parametrize("fmt", [0, 4, 99, None, "1"])
def test_a_state_of_an_unknown_format_is_refused(new_product, fmt):
    saved = json.loads(submitted(new_product).saved)
    saved["format"] = fmt

    with pytest.raises(EngineError, match="format"):
        state.load_state(json.dumps(saved), new_product, runner.SCRIPT_ENGINE)


def test_a_state_without_a_format_is_refused(new_product):
    saved = json.loads(submitted(new_product).saved)
    del saved["format"]

    with pytest.raises(EngineError, match="format"):
        state.load_state(json.dumps(saved), new_product, runner.SCRIPT_ENGINE)


def reply_deadline() -> definitions.ProcessVersion:
    return definitions.load_version(fixture_bytes("reply_deadline.bpmn"))


def test_a_waiting_timer_says_when_it_is_due():
    version = reply_deadline()
    started = datetime.now(UTC)
    workflow = runner.start(version, {})

    due = runner.next_timer_due(reload(workflow, version))

    assert isinstance(due, datetime)
    assert started < due <= datetime.now(UTC) + REPLY_WITHIN


def test_a_due_timer_moves_the_instance_on_after_a_save_and_load():
    version = reply_deadline()
    instance = SavedInstance(version, {})
    started = time.monotonic()

    early = instance.load()
    runner.run_due_timers(early)
    assert [r.step.name for r in runner.ready_steps(early, version)] == ["reply"]
    assert runner.outcome(early) is None

    time.sleep(max(0.0, REPLY_WITHIN.total_seconds() + 0.1 - (time.monotonic() - started)))
    workflow = instance.load()
    runner.run_due_timers(workflow)

    lapsed = reload(workflow, version)
    assert runner.ready_steps(lapsed, version) == []
    assert runner.outcome(lapsed) == "lapsed"
    assert lapsed.waiting_events() == []


def test_a_reply_in_time_ends_the_case_and_its_timer():
    version = reply_deadline()
    instance = SavedInstance(version, {})

    instance.complete("reply", answer="已答复")

    workflow = instance.load()
    assert runner.outcome(workflow) == "answered"
    assert workflow.waiting_events() == []
