"""Run an instance: start it, list the steps waiting for people, complete one, fire timers.

Every function works on an in-memory workflow; the caller loads it (state.load_state),
calls one of these, and saves it. Nothing is persisted here, so a refusal changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException, TaskNotFoundException
from SpiffWorkflow.util.task import TaskState

from workflows.engine import limits, pruning, timer_clock
from workflows.engine.deadlines import timeouts  # noqa: F401 - part of the runner's interface
from workflows.engine.definitions import ProcessVersion, StepInfo
from workflows.engine.errors import FormRejected, ScriptRejected, TaskNotReady
from workflows.engine.sandbox import SandboxedScriptEngine
from workflows.engine.stepping import advance, check_form_data, describe, now, rejected

SCRIPT_ENGINE = SandboxedScriptEngine()
timer_clock.install()


def _with_subclasses(cls: type) -> set[type]:
    return {cls}.union(*(_with_subclasses(sub) for sub in cls.__subclasses__()))


# `waiting_events()` reports an event's type by its class name (3.2: DurationTimerEventDefinition,
# TimeDateEventDefinition, ...): the names are read from the engine's timer classes, not listed.
TIMER_EVENTS = frozenset(cls.__name__ for cls in _with_subclasses(TimerEventDefinition))


def is_timer(event) -> bool:
    """Whether a pending event of `workflow.waiting_events()` is a timer."""
    return event.event_type in TIMER_EVENTS


@dataclass(frozen=True)
class ReadyStep:
    task_id: str
    step: StepInfo


class AmountOverCap(FormRejected):
    """The amount exceeds the cap the process's DMN table gives for this case."""

    def __init__(self, field: str, amount: Decimal, cap: Decimal, basis: str):
        self.field, self.amount, self.cap, self.basis = field, amount, cap, basis
        super().__init__({field: [f"{amount} exceeds the cap of {cap} ({basis})"]})


# Stands in for the amount asked while the cap table is asked what the other answers allow:
# `min(amount_requested, costs)` then gives the costs, and a cap this large means "no figure".
UNBOUNDED = Decimal("1e15")


@dataclass(frozen=True)
class Ceiling:
    """What the decision step's cap table allows for these answers, before anyone has reviewed them."""

    cap: Decimal | None  # None: the table names no figure of its own (the call's ceiling applies)
    basis: str


def ceiling(workflow: BpmnWorkflow, version: ProcessVersion, task_id: str, data: dict, step_name: str) -> Ceiling:
    """Ask the cap table of `step_name` (the decision) with the applicant's answers, on their READY task.

    The same DMN the decider's check runs: one rule, asked at submission and at the decision. The
    task's data is put back as it was, so nothing of the question stays in the instance.
    """
    step = version.steps.get(step_name)
    if step is None or not step.cap_decision:
        return Ceiling(None, "")
    task = ready_task(workflow, task_id)
    kept = dict(task.data)
    task.data.update(data)
    task.data["amount_requested"] = UNBOUNDED
    try:
        outcome = version.decisions[step.cap_decision].result(task)
    except SpiffWorkflowException as exc:
        raise rejected(exc, task_name=step.title) from exc
    finally:
        task.data.clear()
        task.data.update(kept)
    if "amount_cap" not in outcome:
        return Ceiling(None, "")
    cap = Decimal(str(outcome["amount_cap"]))
    return Ceiling(None if cap >= UNBOUNDED else cap, str(outcome.get("cap_basis", "")))


def start(version: ProcessVersion, data: dict) -> BpmnWorkflow:
    check_form_data(data)
    workflow = BpmnWorkflow(version.spec, version.subprocess_specs, script_engine=SCRIPT_ENGINE)
    workflow.task_tree.data.update(data)
    advance(workflow)
    return workflow


def ready_steps(workflow: BpmnWorkflow, version: ProcessVersion) -> list[ReadyStep]:
    return [
        ReadyStep(str(task.id), version.steps[task.task_spec.name])
        for task in workflow.get_tasks(state=TaskState.READY, manual=True)
        if task.task_spec.name in version.steps
    ]


def complete(workflow: BpmnWorkflow, version: ProcessVersion, task_id: str, data: dict) -> None:
    """Complete a READY user task with (already validated) form data and run on to the next wait."""
    task = ready_task(workflow, task_id)
    step = version.steps[task.task_spec.name]
    check_form_data(data)
    with limits.budget():  # the DMN cap, the task's own scripts and all that follows share it
        since = now()
        task.data.update(data)
        if step.cap_decision:
            _check_cap(task, step, version)
        try:
            task.run()
        except SpiffWorkflowException as exc:
            raise rejected(exc, step.title) from exc
        advance(workflow, since)


def run_due_timers(workflow: BpmnWorkflow) -> None:
    with limits.budget():
        since = now()
        try:
            workflow.refresh_timers()  # evaluates timer expressions: model code
        except SpiffWorkflowException as exc:
            raise rejected(exc) from exc
        advance(workflow, since)


def retry(workflow: BpmnWorkflow) -> None:
    """Run again what failed: any task left in ERROR, then the due timers, on to the next wait.

    A saved state holds no ERROR task today (a failure is never saved), so this is mostly the
    timers; a task in ERROR re-runs as SpiffWorkflow allows once its cause is gone.
    """
    with limits.budget():
        for task in workflow.get_tasks(state=TaskState.ERROR):
            try:
                task.run()
            except SpiffWorkflowException as exc:
                raise rejected(exc) from exc
        run_due_timers(workflow)


def latest_data(workflow: BpmnWorkflow) -> dict:
    """What the instance knows now: the data of the task completed last (the start data before that)."""
    done = [t for t in workflow.tasks.values() if t.state == TaskState.COMPLETED]
    if not done:
        return dict(workflow.task_tree.data)
    return dict(max(done, key=lambda t: t.last_state_change).data)


def completed_elements(workflow: BpmnWorkflow) -> list[str]:
    """The BPMN ids of the elements that have run, for the diagram (the engine's own specs have none).

    Read from every task, not `get_tasks(state=COMPLETED)`, which skips unfinished parents,
    and from the record of runs pruned before a save.
    """
    ids = {t.task_spec.bpmn_id for t in workflow.tasks.values() if t.state == TaskState.COMPLETED}
    specs = workflow.spec.task_specs
    ids.update(specs[name].bpmn_id for name in pruning.ran_elements(workflow) if name in specs)
    return sorted(i for i in ids if i)


def next_timer_due(workflow: BpmnWorkflow) -> datetime | None:
    due = [
        # Parse as the engine does (a date without a zone is the server's local time).
        TimerEventDefinition.get_datetime(event.value)
        for event in workflow.waiting_events()
        # 3.2 reports the subclass: DurationTimerEventDefinition, TimeDateEventDefinition, ...
        if is_timer(event) and isinstance(event.value, str)
    ]
    return min(due) if due else None


def outcome(workflow: BpmnWorkflow) -> str | None:
    """How a finished instance ended: the id of its end event, less the `end_` prefix."""
    if not workflow.is_completed():
        return None
    ends = [
        t
        for t in workflow.get_tasks(state=TaskState.COMPLETED)
        if isinstance(t.task_spec, EndEvent) and t.task_spec.bpmn_id
    ]
    if not ends:
        return "completed"
    name = ends[-1].task_spec.bpmn_id
    return name[4:] if name.startswith("end_") else name


def cancel(workflow: BpmnWorkflow) -> None:
    """Stop the instance where it stands, e.g. when the applicant withdraws.

    SpiffWorkflow 3.2's `BpmnWorkflow.cancel()` marks every unfinished task CANCELLED (its
    subprocesses too) and the workflow completed with `success = False`; the serializer
    saves both flags, so a restored instance is finished and offers no READY task.
    """
    workflow.cancel()


def task_data(workflow: BpmnWorkflow, task_id: str) -> dict:
    return dict(_task(workflow, task_id).data)


def _task(workflow: BpmnWorkflow, task_id: str):
    try:
        return workflow.get_task_from_id(UUID(task_id))
    except (ValueError, TaskNotFoundException) as exc:
        raise TaskNotReady(f"no task {task_id} in this instance") from exc


def ready_task(workflow: BpmnWorkflow, task_id: str):
    """The READY user task `task_id`, or TaskNotReady."""
    # task.run() on a FUTURE task "succeeds", so READY must be checked here.
    task = _task(workflow, task_id)
    if task.state != TaskState.READY or not task.task_spec.manual:
        raise TaskNotReady(f"task {task_id} is {TaskState.get_name(task.state)}, not READY")
    return task


def _check_cap(task, step: StepInfo, version: ProcessVersion) -> None:
    """A step's amount may not exceed what its DMN table allows; a refusal or return is not held to it."""
    declares_decision = any(f.name == "decision" for f in step.fields)
    if not step.cap_field or (declares_decision and task.data.get("decision") != "approve"):
        return
    try:
        outcome = version.decisions[step.cap_decision].result(task)
    except SpiffWorkflowException as exc:
        raise ScriptRejected(describe(exc), task_name=step.title) from exc
    if "amount_cap" not in outcome:
        return
    try:
        amount = Decimal(str(task.data.get(step.cap_field)))
        cap = Decimal(str(outcome["amount_cap"]))
    except InvalidOperation as exc:
        raise FormRejected({step.cap_field: ["not a number"]}) from exc
    if amount > cap:
        raise AmountOverCap(step.cap_field, amount, cap, str(outcome.get("cap_basis", "")))
