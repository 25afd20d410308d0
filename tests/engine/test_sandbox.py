"""Model code runs in the sandbox: scripts and gateway conditions in a real BPMN model.

The fixture (data/score.bpmn.template): 'Enter figures' (a person) → 'Compute score' (script)
→ 'Score high enough?' (gateway) → 'Review score' (a person) or the end `end_too_low`.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser

from tests.engine.support import reload, score_model
from workflows.engine import InvalidDefinition, ScriptRejected, definitions, runner
from workflows.engine.sandbox import check_source


def version_with(script: str = "score = x", condition: str = "score > 0") -> definitions.ProcessVersion:
    return definitions.parse_version(score_model(script, condition), [])


def unchecked_version_with(script: str) -> definitions.ProcessVersion:
    """The model as it would run had it slipped past the upload check (say, stored before it existed)."""
    checked = version_with()
    parser = CamundaParser()
    parser.add_bpmn_str(score_model(script))
    spec, subprocess_specs = parser.get_spec("score"), parser.get_subprocess_specs("score")
    return dataclasses.replace(checked, spec=spec, subprocess_specs=subprocess_specs)


def enter_figures(version, **figures):
    """Start an instance and complete 'Enter figures'; the script and the gateway run on from there."""
    workflow = runner.start(version, {})
    [step] = runner.ready_steps(workflow, version)
    runner.complete(workflow, version, step.task_id, figures)
    return workflow


def review_data(workflow, version) -> dict:
    [step] = runner.ready_steps(workflow, version)
    assert step.step.name == "review_score"
    return runner.task_data(workflow, step.task_id)


RUN_TIME_REFUSALS = {
    "open": "score = len(open('/etc/passwd').read())",
    "getattr dunder": "score = getattr(x, '__class__')",
}
COMPILE_TIME_REFUSALS = {
    "__import__": "score = __import__('os').getcwd()",
    "subclasses escape": "score = len(().__class__.__base__.__subclasses__())",
}


@pytest.mark.parametrize("script", RUN_TIME_REFUSALS.values(), ids=RUN_TIME_REFUSALS.keys())
def test_a_script_reaching_outside_the_sandbox_is_refused_naming_the_task(script):
    version = version_with(script)

    with pytest.raises(ScriptRejected) as refused:
        enter_figures(version, x=3)

    assert refused.value.task_name == "Compute score"
    assert "'Compute score'" in str(refused.value)


@pytest.mark.parametrize("script", COMPILE_TIME_REFUSALS.values(), ids=COMPILE_TIME_REFUSALS.keys())
def test_a_forbidden_script_is_refused_at_run_time_even_if_it_got_past_the_upload_check(script):
    version = unchecked_version_with(script)

    with pytest.raises(ScriptRejected) as refused:
        enter_figures(version, x=3)

    assert refused.value.task_name == "Compute score"
    assert 'starts with "_"' in str(refused.value)


@pytest.mark.parametrize("script", COMPILE_TIME_REFUSALS.values(), ids=COMPILE_TIME_REFUSALS.keys())
def test_a_forbidden_script_is_refused_at_upload_naming_the_element(script):
    with pytest.raises(InvalidDefinition) as refused:
        version_with(script)

    [problem] = refused.value.problems
    assert problem.element == "compute_score"
    assert problem.message.startswith("Script refused")
    assert 'starts with "_"' in problem.message


def test_a_script_that_imports_is_refused_at_upload():
    with pytest.raises(InvalidDefinition) as refused:
        version_with("import os\nscore = 1")

    assert refused.value.problems[0].element == "compute_score"


def test_an_allowed_script_runs_and_its_variables_land_in_the_task_data():
    script = "\n".join(
        [
            "weights = {'innovation': Decimal('0.6'), 'market': Decimal('0.4')}",
            "parts = [marks[k] * weights[k] for k in sorted(weights)]",
            "score = sum(parts)",
            "summary = {'parts': len(parts), 'best': max(marks.values())}",
            "del marks",
        ]
    )
    version = version_with(script)

    workflow = enter_figures(version, marks={"innovation": Decimal("80"), "market": Decimal("70")})

    data = review_data(workflow, version)
    assert data["score"] == Decimal("76.0")
    assert type(data["score"]) is Decimal
    assert data["parts"] == [Decimal("48.0"), Decimal("28.0")]
    assert data["summary"] == {"parts": 2, "best": Decimal("80")}
    assert "marks" not in data
    assert "weights" in data


def test_script_results_survive_a_save_and_load():
    version = version_with("score = x * Decimal('1.5')\nnotes = [str(i) for i in range(2)]")

    workflow = reload(enter_figures(version, x=Decimal("2")), version)

    data = review_data(workflow, version)
    assert data["score"] == Decimal("3.0")
    assert data["notes"] == ["0", "1"]


def test_functions_defined_by_a_script_do_not_land_in_the_task_data():
    version = version_with("def double(v):\n    return v * 2\nscore = double(x)")

    workflow = enter_figures(version, x=4)

    data = review_data(workflow, version)
    assert data["score"] == 8
    assert "double" not in data


def test_augmented_assignment_works_in_a_script():
    version = version_with("score = x\nscore += 1")

    workflow = enter_figures(version, x=1)

    assert review_data(workflow, version)["score"] == 2


def test_a_gateway_condition_routes_on_script_results():
    version = version_with("score = x", condition="score >= Decimal('60')")

    high = enter_figures(version, x=Decimal("75"))
    low = enter_figures(version, x=Decimal("40"))

    assert [s.step.name for s in runner.ready_steps(high, version)] == ["review_score"]
    assert runner.outcome(low) == "too_low"


def test_a_gateway_condition_is_evaluated_in_the_sandbox():
    # Under SpiffWorkflow's plain engine this condition is true: it opens the file.
    version = version_with("score = x", condition="open('/etc/passwd') is not None")

    with pytest.raises(ScriptRejected) as refused:
        enter_figures(version, x=1)

    assert refused.value.task_name == "Score high enough?"
    assert "open('/etc/passwd')" in str(refused.value)


def test_a_gateway_condition_that_escapes_the_sandbox_is_refused_at_upload():
    with pytest.raises(InvalidDefinition) as refused:
        version_with(condition="().__class__.__base__ is not None")

    [problem] = refused.value.problems
    assert problem.element == "f4"  # the flow that holds the condition
    assert problem.message.startswith("Condition refused")


@pytest.mark.parametrize(
    ("source", "mode"),
    [
        ("__import__('os')", "eval"),
        ("x.__class__", "eval"),
        ("x._private", "eval"),
        ("(i for i in []).gi_frame", "eval"),
        ("def f():\n    return __builtins__\n", "exec"),
    ],
)
def test_check_source_objects_to_dunder_and_frame_access(source, mode):
    assert check_source(source, mode)


@pytest.mark.parametrize(
    ("source", "mode"),
    [
        ('decision == "approve"', "eval"),
        ("amount > Decimal('500000')", "eval"),
        ("total = sum([v for v in values])\nok = total > 0", "exec"),
    ],
)
def test_check_source_accepts_ordinary_model_code(source, mode):
    assert check_source(source, mode) is None
