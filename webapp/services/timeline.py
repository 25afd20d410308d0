"""What a case looks like to a reader: who holds it, what each step decided, where it is on the diagram."""

from __future__ import annotations

from dataclasses import dataclass, field

from webapp.models import Application, HumanTask, TaskState
from webapp.services import instances
from workflows.engine.definitions import StepInfo


@dataclass
class TimelineEntry:
    task: HumanTask
    step: StepInfo | None
    department_name: str


@dataclass
class CaseView:
    entries: list[TimelineEntry] = field(default_factory=list)
    open_entries: list[TimelineEntry] = field(default_factory=list)
    active_ids: list[str] = field(default_factory=list)
    done_ids: list[str] = field(default_factory=list)
    definition_id: int | None = None
    fields: dict[str, str] = field(default_factory=dict)


def case_view(application: Application) -> CaseView:
    view = CaseView()
    if application.instance is None:
        return view
    definition = application.instance.definition
    version = instances.version_of(definition)
    view.definition_id = definition.id
    for step in version.steps.values():
        view.fields.update({f.name: f.label for f in step.fields})
    for task in application.tasks:
        entry = TimelineEntry(task, version.steps.get(task.step), _holder(task))
        view.entries.append(entry)
        if task.state == TaskState.OPEN:
            view.open_entries.append(entry)
            view.active_ids.append(task.step)
        elif task.state == TaskState.COMPLETED and task.step not in view.done_ids:
            view.done_ids.append(task.step)
    if application.instance.outcome:  # show where the case ended
        view.active_ids.append(f"end_{application.instance.outcome}")
    return view


def _holder(task: HumanTask) -> str:
    if task.for_applicant:
        return "申请企业 Applicant"
    return task.department.name_zh if task.department else task.lane
