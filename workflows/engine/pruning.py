"""Forget the finished history of a running instance before it is saved, so a step costs the same
at the 200th round of corrections as at the first.

SpiffWorkflow keeps every task that ever ran: a correction loop (accept → return → correct →
accept …) hangs each round under the last, the saved state grows ~720 bytes a step and the tree
deepens until, past ~333 rounds, the engine's depth limit silently hides the live task. What
the case's history means to people is already recorded elsewhere — the task rows and the audit
trail hold who did what and when — so the engine only has to keep what it still reads:

- every unfinished task (ready, waiting, predicted) and its parent, whose data it inherits
  when it becomes ready, and whose spec a join reads as the branch that arrived;
- the branches a join (parallel or inclusive gateway) counts: for a live join and for the
  latest firing of each join, the other arrivals since the firing before, with their parents
  (a rewind into one branch re-opens the join that fired, and it counts the others again);
- the latest completed run of each element, with its parent: send-back rewinds to the latest
  run of a user step and copies its parent's data; past a join it resets the latest run of
  that join; a step with a deadline keeps its boundary events (its parent's other children),
  which a rewind re-arms; the runner's `latest_data` reads the task completed last;
- tasks that own a subprocess, and the workflow's `last_task`.

Everything else finished is dropped, and a kept task hangs under its nearest kept ancestor, so
the tree's depth no longer grows with loops while ancestry among kept tasks stays as it was.
The diagram's "has run" marks and migration's "history must still exist" check read the
elements of what was dropped from the root task's internal data (`ran_elements`).
"""

from __future__ import annotations

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

RAN_ELEMENTS = "ran_elements"


def prune(workflow: BpmnWorkflow) -> int:
    """Drop the finished tasks nothing reads any more, here and in every subprocess; how many went."""
    owners = set(workflow.subprocesses)
    removed = _prune_tree(workflow, owners)
    for sub in workflow.subprocesses.values():
        removed += _prune_tree(sub, owners)
    if removed:
        manager = workflow.event_manager
        for task in list(manager.tasks.values()):
            if task.workflow.tasks.get(task.id) is not task:
                manager.remove_task(task)
    return removed


def ran_elements(workflow) -> set[str]:
    """Spec names of the elements whose completed runs were pruned from this (sub)workflow."""
    return set(workflow.task_tree.internal_data.get(RAN_ELEMENTS, ()))


def _prune_tree(workflow, subprocess_owners: set) -> int:
    tasks = workflow.tasks
    keep = _needed(workflow, subprocess_owners)
    if len(keep) == len(tasks):
        return 0
    ran = ran_elements(workflow)
    for task in tasks.values():
        if task.id not in keep and task.state == TaskState.COMPLETED and task.task_spec.bpmn_id:
            ran.add(task.task_spec.name)
    _splice(workflow, keep)
    removed = len(tasks) - len(keep)
    # Parents stay before their children: loading rebuilds each task's data from its parent's.
    workflow.tasks = {task_id: task for task_id, task in tasks.items() if task_id in keep}
    workflow.task_tree.internal_data[RAN_ELEMENTS] = sorted(ran)
    return removed


def _needed(workflow, subprocess_owners: set) -> set:
    keep = {workflow.task_tree.id}
    if workflow.last_task is not None:
        keep.add(workflow.last_task.id)
    latest_run = {}
    live_joins = []
    for task in workflow.tasks.values():
        if not task.has_state(TaskState.FINISHED_MASK):
            _keep_with_parent(keep, task)
            if isinstance(task.task_spec, UnstructuredJoin):
                live_joins.append(task)
        elif task.state == TaskState.COMPLETED:
            seen = latest_run.get(task.task_spec.name)
            if seen is None or task.last_state_change >= seen.last_state_change:
                latest_run[task.task_spec.name] = task
        if task.id in subprocess_owners:
            keep.add(task.id)
    for task in latest_run.values():
        _keep_with_parent(keep, task)
        parent = task.parent
        if parent is not None and isinstance(parent.task_spec, BoundaryEventSplit):
            keep.update(sibling.id for sibling in parent.children)
    # A rewind into one branch re-opens the join that last fired, which then counts the
    # other branches' arrivals again.
    last_fired = [t for t in latest_run.values() if isinstance(t.task_spec, UnstructuredJoin)]
    for join in live_joins + last_fired:
        for arrival in _arrivals_since_last_firing(workflow, join):
            _keep_with_parent(keep, arrival)
    return keep


def _arrivals_since_last_firing(workflow, join) -> list:
    """The other tasks of this join's spec it counts: those since the join last fired above it.

    A join in a loop would otherwise also count a branch that arrived in an earlier round.
    """
    fired_before = max(
        (a.last_state_change for a in _ancestors(join) if a.task_spec is join.task_spec),
        default=float("-inf"),
    )
    return [
        task
        for task in workflow.tasks.values()
        if task.task_spec is join.task_spec and task is not join and task.last_state_change > fired_before
    ]


def _keep_with_parent(keep: set, task) -> None:
    keep.add(task.id)
    if task.parent is not None:
        keep.add(task.parent.id)


def _splice(workflow, keep: set) -> None:
    """Hang every kept task under its nearest kept ancestor, its children in their old order."""
    new_parent = {}
    for task_id in keep:
        task = workflow.tasks[task_id]
        parent = task.parent
        while parent is not None and parent.id not in keep:
            parent = parent.parent
        new_parent[task_id] = parent.id if parent is not None else None
    children = {task_id: [] for task_id in keep}
    for task_id in workflow.tasks:  # creation order: siblings keep their order
        if task_id in keep and new_parent[task_id] is not None:
            children[new_parent[task_id]].append(task_id)
    tasks = workflow.tasks
    for task_id in keep:
        task = tasks[task_id]
        task.parent = tasks[new_parent[task_id]] if new_parent[task_id] is not None else None
        task.children = [tasks[child] for child in children[task_id]]


def _ancestors(task):
    parent = task.parent
    while parent is not None:
        yield parent
        parent = parent.parent
