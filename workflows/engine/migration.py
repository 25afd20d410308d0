"""Move a running instance onto another version of its process, when the engine says it is safe.

SpiffWorkflow 3.2 ships the pieces (`SpiffWorkflow.bpmn.util.diff`): `SpecDiff` aligns the two
specs by BPMN id, `WorkflowDiff` says which of the instance's tasks lost or changed their spec,
and `migrate_workflow` points the tasks at the new specs and re-predicts the waiting ones.
What is safe is our rule, checked here before anything changes:

- every task the case has reached (completed, or open: ready, waiting, started, in error) must
  still exist in the target version — history cannot point at a step that is gone (runs pruned
  from the tree before a save count too: `pruning.ran_elements`);
- an open task must keep its type and its lane — a user task cannot become a script task under
  a person's hands, nor move to another department while its row sits in an inbox;
- subprocesses the case is in must exist in the target too;
- the migrated instance must save and restore against the target (a dry run of exactly what
  will be stored).

Changes to what lies ahead (added steps, new flows, a fixed script, a new cap) are what
migration is for and never block it. Moving back to an older version is the same check the
other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from SpiffWorkflow.bpmn.util.diff import SpecDiff, WorkflowDiff, migrate_workflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from workflows.engine import pruning, state
from workflows.engine.definitions import ProcessVersion

REACHED = TaskState.COMPLETED | TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR
OPEN = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR
# Attribute changes of an open task that would strand it; everything else is re-read from the new spec.
BLOCKING = ("typename", "lane")


@dataclass(frozen=True)
class Blocker:
    """Why the instance cannot move: the step (BPMN id and name) and what is wrong with it."""

    element: str
    name: str
    reason: str  # removed, type_changed, lane_changed, subprocess_removed, engine

    def as_dict(self) -> dict:
        return {"element": self.element, "name": self.name, "reason": self.reason}


@dataclass
class MigrationCheck:
    blockers: list[Blocker] = field(default_factory=list)
    changed_open: list[str] = field(default_factory=list)  # open steps whose spec changed harmlessly

    @property
    def safe(self) -> bool:
        return not self.blockers


def check(workflow: BpmnWorkflow, target: ProcessVersion) -> MigrationCheck:
    """Can `workflow` move to `target`? Nothing is changed (the dry run works on a copy)."""
    result = _static_check(workflow, target)
    if result.safe:
        try:
            copy = state.load_state(state.dump_state(workflow), _version_of(workflow), workflow.script_engine)
            migrate(copy, target)
            state.load_state(state.dump_state(copy), target, workflow.script_engine)
        except Exception as exc:  # the engine's refusal, whatever its type, is the answer
            result.blockers.append(Blocker("", "", f"engine: {exc}"))
    return result


def migrate(workflow: BpmnWorkflow, target: ProcessVersion) -> BpmnWorkflow:
    """Point `workflow` at `target` in place; call `check` first. Returns the same workflow."""
    registry = state.spec_registry()
    spec_diff = SpecDiff(registry, workflow.spec, target.spec)
    diff = WorkflowDiff(workflow, spec_diff)
    # A waiting timer keeps its start: re-predicting would restart a 10-working-day limit.
    kept = {t.id: dict(t.internal_data) for t in workflow.get_tasks(state=TaskState.WAITING) if t.internal_data}
    migrate_workflow(diff, workflow, target.spec)
    for sub in workflow.subprocesses.values():
        new_spec = target.subprocess_specs[sub.spec.name]
        sub_diff = WorkflowDiff(sub, SpecDiff(registry, sub.spec, new_spec))
        migrate_workflow(sub_diff, sub, new_spec)
    workflow.subprocess_specs = target.subprocess_specs
    for task_id, internal in kept.items():
        task = workflow.tasks.get(task_id)
        if task is not None and task.state == TaskState.WAITING:
            task.internal_data.update(internal)
    return workflow


def _static_check(workflow: BpmnWorkflow, target: ProcessVersion) -> MigrationCheck:
    result = MigrationCheck()
    registry = state.spec_registry()
    _check_one(workflow, SpecDiff(registry, workflow.spec, target.spec), result)
    for sub in workflow.subprocesses.values():
        new_spec = target.subprocess_specs.get(sub.spec.name)
        if new_spec is None:
            result.blockers.append(Blocker(sub.spec.name, sub.spec.description or "", "subprocess_removed"))
        else:
            _check_one(sub, SpecDiff(registry, sub.spec, new_spec), result)
    return result


def _check_one(workflow, spec_diff: SpecDiff, result: MigrationCheck) -> None:
    diff = WorkflowDiff(workflow, spec_diff)
    seen = set()
    for task in diff.removed:
        if task.state & REACHED and task.task_spec.name not in seen:
            seen.add(task.task_spec.name)
            result.blockers.append(Blocker(task.task_spec.name, _name(task.task_spec), "removed"))
    specs = workflow.spec.task_specs
    for name in sorted(pruning.ran_elements(workflow) - seen):  # runs pruned from the tree are history too
        if name in specs and specs[name] in spec_diff.removed:
            seen.add(name)
            result.blockers.append(Blocker(name, _name(specs[name]), "removed"))
    changes = spec_diff.changed
    for task in diff.changed:
        if not task.state & OPEN or task.task_spec.name in seen:
            continue
        seen.add(task.task_spec.name)
        keys = changes.get(task.task_spec, [])
        if "typename" in keys:
            result.blockers.append(Blocker(task.task_spec.name, _name(task.task_spec), "type_changed"))
        elif "lane" in keys and task.state & TaskState.READY:
            result.blockers.append(Blocker(task.task_spec.name, _name(task.task_spec), "lane_changed"))
        else:
            result.changed_open.append(task.task_spec.name)


def _name(spec) -> str:
    return getattr(spec, "bpmn_name", None) or ""


def _version_of(workflow: BpmnWorkflow) -> ProcessVersion:
    """A stand-in ProcessVersion carrying the workflow's own spec, to restore the dry-run copy."""
    return ProcessVersion(workflow.spec.name, "", workflow.spec, workflow.subprocess_specs, {})
