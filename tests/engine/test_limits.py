"""Model code stops at its time and memory limits, and what it leaves in the case data is bounded.

Each refusal is an ordinary script error: the task, the line where it stopped and the limit it
hit. Model code cannot catch the limit and carry on, and the ordinary things models do still work.
"""

from __future__ import annotations

import time

import pytest

from tests.engine.test_sandbox import enter_figures, version_with
from workflows.engine import FormRejected, ScriptRejected, limits, runner

TIME_LIMIT = 0.3  # seconds; the product's default is 2


@pytest.fixture(autouse=True)
def short_time_limit():
    limits.configure(time_seconds=TIME_LIMIT, memory_bytes=64 * 1024 * 1024, task_data_bytes=64 * 1024)
    yield
    limits.configure(**limits.Limits().__dict__)


def refusal(script: str = "score = x", condition: str = "score > 0") -> ScriptRejected:
    with pytest.raises(ScriptRejected) as refused:
        enter_figures(version_with(script, condition), x=1)
    return refused.value


@pytest.mark.parametrize(
    "script",
    [
        "score = x\nwhile True:\n    pass",
        "score = x\ntotal = sum(range(10**12))",
        "score = x\nfigures = [n for n in range(10**12)]",
        "score = x\nordered = sorted(range(10**12))",
        "score = x\nfib = lambda n: n if n < 2 else fib(n - 1) + fib(n - 2)\nbig = fib(60)",
        "score = x\nwhile True:\n    try:\n        pass\n    except:\n        pass",
        "score = x\nwhile True:\n    try:\n        pass\n    except Exception:\n        pass",
    ],
)
def test_a_script_that_runs_away_stops_at_the_time_limit_on_its_line(script):
    refused = refusal(script)

    assert str(refused).startswith(f"time limit exceeded ({TIME_LIMIT:g} s)")
    assert refused.task_name == "Compute score"
    assert refused.element == "compute_score"
    assert refused.line in (2, 3, 4, 5)


def test_a_condition_that_runs_away_stops_at_the_time_limit():
    refused = refusal(condition="sum(range(10**12)) > 0")

    assert str(refused).startswith("time limit exceeded")
    assert refused.task_name == "Score high enough?"


@pytest.mark.parametrize(
    "script",
    [
        "score = x\nhuge = 'a' * 10**10",
        "score = x\nhuge = [0] * 10**10",
        "score = x\nhuge = 10 ** 10 ** 9",
        "score = x\nhuge = pow(7, 10**9)",
        "score = x\nhuge = 1 << 10**10",
        "score = x\nhuge = 'a'.ljust(10**10)",
        "score = x\nhuge = ('ab' * 1000).replace('a', 'a' * 10**6)",
        "score = x\nhuge = f'{x:>10000000000}'",
        "score = x\nhuge = '%10000000000d' % x",
        "score = x\nchunk = 'a' * (3 * 10**7)\nheap = [chunk + chunk for n in range(5)]",
    ],
)
def test_a_script_that_would_fill_memory_is_stopped_before(script):
    limits.configure(time_seconds=30)  # big strings take a while on a busy machine: memory must stop it
    refused = refusal(script)

    assert str(refused).startswith("memory limit exceeded")
    assert refused.task_name == "Compute score"
    assert refused.line in (2, 3)


def test_endless_recursion_is_an_ordinary_script_error():
    refused = refusal("def deeper(n):\n    return deeper(n + 1)\nscore = deeper(x)")

    assert "recursion" in str(refused)
    assert refused.task_name == "Compute score"


def test_a_script_that_writes_too_much_into_the_case_data_fails_its_step():
    refused = refusal("score = x\nblob = 'a' * (100 * 1024)")

    assert str(refused).startswith("task data too large")
    assert refused.task_name == "Compute score"


def test_form_data_past_the_size_limit_is_refused_before_the_engine_runs():
    version = version_with()
    workflow = runner.start(version, {})
    [step] = runner.ready_steps(workflow, version)

    with pytest.raises(FormRejected) as refused:
        runner.complete(workflow, version, step.task_id, {"x": 1, "note": "字" * 100_000})

    assert "task data too large" in str(refused.value)
    assert [r.task_id for r in runner.ready_steps(workflow, version)] == [step.task_id]


def test_ordinary_model_code_runs_as_before():
    script = (
        "rows = [{'n': n, 'sq': n ** 2} for n in range(100)]\n"
        "score = x + sum(r['sq'] for r in rows) - sum(n * n for n in range(100))\n"
        "label = f'{score:>6}|' + '%3d' % x + 'a'.ljust(4, '.') + '-'.join(['a', 'b']) + 'ab' * 3\n"
        "note = '金额 1000000 元，第 %s 号' % x\n"
        "def twice(v):\n    return v * 2\n"
        "score = twice(score) // 2\n"
        "score += 0"
    )
    workflow = enter_figures(version_with(script), x=5)

    data = runner.latest_data(workflow)
    assert data["score"] == 5
    assert data["label"] == "     5|  5a...a-bababab"
    assert data["note"] == "金额 1000000 元，第 5 号"


def test_one_budget_covers_every_piece_of_model_code_of_a_step():
    # Each condition alone is quick; a step that evaluates them in a loop of gateways is not.
    with limits.budget() as budget:
        budget.deadline = time.monotonic() - 1  # already spent
        with pytest.raises(limits.LimitError), limits.running_model_code():
            pass
