"""Which steps a deadline decided for, read from the engine's types.

A deadline is an interrupting timer BoundaryEvent on a user task. When it fires, the case takes
the path drawn from it; if that path starts with a script assigning `decision`, the deadline has
decided for the step (deemed agreement, 视为同意), otherwise the step was only cancelled.
"""

from __future__ import annotations

import ast
from functools import lru_cache

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from SpiffWorkflow.bpmn.specs.mixins.script_task import ScriptTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState


def timeouts(workflow: BpmnWorkflow) -> dict[str, dict]:
    """Steps a deadline took over and decided for, with what the deadline's path recorded.

    A deadline is an interrupting timer on the step's boundary; it decides for the step when the
    first task on its path is a script that assigns `decision` (e.g. 「逾期未提出意见，视为同意」:
    `decision = "approve"`). A path that only records the lapse leaves the step merely cancelled.
    """
    found = {}
    for task in workflow.tasks.values():
        if task.state != TaskState.COMPLETED or not _is_deadline(task.task_spec):
            continue
        for follower in task.children:
            if follower.state == TaskState.COMPLETED and _decides(follower.task_spec):
                for step in task.parent.children:  # the boundary's split: the step and its events
                    if not isinstance(step.task_spec, BoundaryEvent):
                        found[step.task_spec.name] = dict(follower.data)
    return found


def _is_deadline(spec) -> bool:
    return (
        isinstance(spec, BoundaryEvent)
        and spec.cancel_activity
        and isinstance(spec.event_definition, TimerEventDefinition)
    )


def _decides(spec) -> bool:
    return isinstance(spec, ScriptTask) and _assigns_decision(spec.script or "")


@lru_cache(maxsize=1024)
def _assigns_decision(script: str) -> bool:
    try:
        tree = ast.parse(script)
    except SyntaxError:
        return False
    return any(
        isinstance(node, ast.Name) and node.id == "decision" and isinstance(node.ctx, ast.Store)
        for node in ast.walk(tree)
    )
