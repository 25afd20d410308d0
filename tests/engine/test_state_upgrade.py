"""Cases saved before an upgrade go on after it: states of the previous format load and run on.

The two files in data/ were written by the glue of format 1 (before the state was saved through
SpiffWorkflow's public serializer path): a (十八)1 case waiting for the budget review, with a
Decimal amount and a date in its data, and a case waiting on a one-second reply deadline.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from SpiffWorkflow.bpmn.serializer.workflow import VERSION as ENGINE_FORMAT

from tests.engine.support import DATA, fixture_bytes, reload
from tests.engine.test_new_product_chain import REVIEW
from workflows.engine import EngineError, definitions, runner, state


def saved_before(name: str) -> str:
    return (DATA / f"state_format_1_{name}.json").read_text(encoding="utf-8")


def test_a_case_saved_in_format_1_waits_where_it_was_with_its_data(new_product):
    assert json.loads(saved_before("new_product"))["format"] == 1

    workflow = state.load_state(saved_before("new_product"), new_product, runner.SCRIPT_ENGINE)

    [waiting] = runner.ready_steps(workflow, new_product)
    assert waiting.step.name == "budget_review"
    data = runner.task_data(workflow, waiting.task_id)
    assert data["amount_requested"] == Decimal("480000.00")
    assert data["appraisal_date"] == date(2024, 3, 18)
    assert runner.completed_elements(workflow)[:1]  # its history came along


def test_a_case_saved_in_format_1_runs_on_to_its_decision_and_saves_in_the_current_format(new_product):
    workflow = state.load_state(saved_before("new_product"), new_product, runner.SCRIPT_ENGINE)
    [waiting] = runner.ready_steps(workflow, new_product)
    runner.complete(workflow, new_product, waiting.task_id, dict(REVIEW))

    saved = json.loads(state.dump_state(workflow))
    assert saved["format"] == state.STATE_FORMAT
    assert saved["workflow"]["serializer_version"] == ENGINE_FORMAT
    again = reload(workflow, new_product)
    assert [r.step.name for r in runner.ready_steps(again, new_product)] == ["decide"]


def test_a_timer_saved_in_format_1_still_fires():
    version = definitions.load_version(fixture_bytes("reply_deadline.bpmn"))
    workflow = state.load_state(saved_before("reply_deadline"), version, runner.SCRIPT_ENGINE)
    assert runner.next_timer_due(workflow) is not None  # due long ago: the file was saved before this run

    runner.run_due_timers(workflow)

    assert runner.outcome(reload(workflow, version)) == "lapsed"


@pytest.mark.parametrize("engine_format", ["9.9", None, "2.0-beta"])
def test_a_state_from_an_unknown_engine_version_is_refused_with_the_version(new_product, engine_format):
    workflow = state.load_state(saved_before("new_product"), new_product, runner.SCRIPT_ENGINE)
    saved = json.loads(state.dump_state(workflow))
    saved["workflow"]["serializer_version"] = engine_format

    with pytest.raises(state.UnknownEngineFormat, match=f"engine format {engine_format!r}"):
        state.load_state(json.dumps(saved), new_product, runner.SCRIPT_ENGINE)


def test_a_state_loaded_against_another_process_is_refused(new_product):
    other = definitions.load_version(fixture_bytes("reply_deadline.bpmn"))

    with pytest.raises(EngineError, match="not part of"):
        state.load_state(state.dump_state(runner.start(new_product, {})), other, runner.SCRIPT_ENGINE)
