"""One engine call's run to the next wait, and what a failure in it tells the user.

Every engine call (start, completion, timer round, retry, send-back) runs its model code in
one budget (`limits.py`) and, once the engine waits again, checks that no task it touched holds
more data than the limit: a script that grew the data fails its step like any script error.
"""

from __future__ import annotations

import time

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException

from workflows.engine import limits
from workflows.engine.errors import FormRejected, ScriptRejected


def advance(workflow: BpmnWorkflow, since: float | None = None) -> None:
    """Run the engine to the next wait, in one budget; then no task it touched may hold too much data."""
    with limits.budget():
        since = now() if since is None else since
        try:
            workflow.do_engine_steps()
        except SpiffWorkflowException as exc:
            raise rejected(exc) from exc
    check_task_data(workflow, since)


def now() -> float:
    return time.time()  # what SpiffWorkflow stamps `last_state_change` with


def check_form_data(data: dict) -> None:
    try:
        limits.check_data(data)
    except limits.DataTooLarge as exc:
        raise FormRejected({"_data": [str(exc)]}) from exc


def check_task_data(workflow: BpmnWorkflow, since: float) -> None:
    """A script may have grown the data past the limit: the step fails like any script error."""
    for task in workflow.tasks.values():
        if task.last_state_change >= since:
            try:
                limits.check_data(task.data)
            except limits.DataTooLarge as exc:
                spec = task.task_spec
                raise ScriptRejected(str(exc), task_name=spec.bpmn_name or spec.name, element=spec.bpmn_id) from exc


def rejected(exc: SpiffWorkflowException, task_name: str | None = None) -> ScriptRejected:
    task = getattr(exc, "task", None)
    spec = task.task_spec if task is not None else None
    if task_name is None and spec is not None:
        task_name = spec.bpmn_name or spec.name
    return ScriptRejected(
        describe(exc),
        task_name=task_name,
        element=getattr(spec, "bpmn_id", None),
        line=getattr(exc, "line_number", None) or None,
    )


def describe(exc: Exception) -> str:
    # A condition's error reads "Error evaluating expression ...": the limit it hit says more.
    cause = exc.__cause__ or exc.__context__
    while cause is not None and not isinstance(cause, limits.LimitError):
        cause = cause.__cause__ or cause.__context__
    return str(cause) if cause is not None else str(exc).split("\n")[0]
