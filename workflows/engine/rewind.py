"""Sending a case back (退回): the user steps it may return to, and rewinding the engine to one.

Split from runner.py, whose other functions move a case forward; the caller loads the workflow,
calls one of these and saves it, as for the runner.
"""

from __future__ import annotations

from SpiffWorkflow.bpmn.specs.mixins.inclusive_gateway import InclusiveGateway
from SpiffWorkflow.bpmn.specs.mixins.parallel_gateway import ParallelGateway
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from workflows.engine.definitions import ProcessVersion
from workflows.engine.errors import NotAnEarlierStep
from workflows.engine.runner import ready_task
from workflows.engine.stepping import advance

JOIN_GATEWAYS = (ParallelGateway, InclusiveGateway)


def earlier_steps(workflow: BpmnWorkflow, version: ProcessVersion, from_task_id: str) -> list[str]:
    """The user steps a case may be sent back to from this READY task: completed before it became READY."""
    current = ready_task(workflow, from_task_id)
    names = []
    for task in sorted(workflow.tasks.values(), key=lambda t: t.last_state_change):
        name = task.task_spec.name
        if (
            task.state == TaskState.COMPLETED
            and name in version.steps
            and task.last_state_change <= current.last_state_change
            and name not in names
        ):
            names.append(name)
    return names


def send_back(workflow: BpmnWorkflow, version: ProcessVersion, from_task_id: str, step_name: str) -> None:
    """Rewind the case to the latest run of an earlier user step (退回): it is READY again, and
    everything that followed it is gone.

    SpiffWorkflow's `reset_from_task_id` drops the target's descendants only. Past a parallel
    join the steps after the join hang under the branch that arrived last, so rewinding into the
    other branch would leave them READY beside the target; the join of that branch is reset
    too, and waits again for the target's branch.
    """
    if step_name not in earlier_steps(workflow, version, from_task_id):
        raise NotAnEarlierStep(f"{step_name} is not a step completed before this one")
    target = max(
        (t for t in workflow.tasks.values() if t.task_spec.name == step_name and t.state == TaskState.COMPLETED),
        key=lambda t: t.last_state_change,
    )
    workflow.reset_from_task_id(target.id)
    _reset_joins_past(workflow, target)
    _forget_dropped_events(workflow)
    advance(workflow)


def _forget_dropped_events(workflow: BpmnWorkflow) -> None:
    """SpiffWorkflow 3.2's reset leaves the event tasks it dropped (a deadline's timer) registered;
    the next `refresh_timers` would update a task that has no parent any more."""
    manager = workflow.event_manager
    for task in list(manager.tasks.values()):
        if task.workflow.tasks.get(task.id) is not task or task.has_state(TaskState.FINISHED_MASK):
            manager.remove_task(task)


def _reset_joins_past(workflow: BpmnWorkflow, target) -> None:
    before_target = {a.id for a in _ancestors(target)} | {target.id}
    under_target = {t.id for t in target}
    for task in list(workflow.get_tasks(state=TaskState.READY | TaskState.WAITING)):
        if task.id in under_target or task.id not in workflow.tasks:
            continue
        joins = []
        for ancestor in _ancestors(task):
            if ancestor.id in before_target:
                break
            if isinstance(ancestor.task_spec, JOIN_GATEWAYS) and ancestor.state == TaskState.COMPLETED:
                joins.append(ancestor)
        if joins:
            joins[-1].reset_branch(None)  # the one nearest the split: everything after it goes


def _ancestors(task):
    parent = task.parent
    while parent is not None:
        yield parent
        parent = parent.parent
