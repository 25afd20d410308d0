"""What a case looks like to a reader: who holds it, what each step decided, where it is on the diagram.

Applicants see every step, its department, its time and its decision, plus the notices meant for
them (correction items, reasons, amounts: fields marked `shown_to_applicant`); the departments'
internal opinions and the names of the officials stay inside the government.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext
from sqlalchemy import select

from webapp.extensions import db
from webapp.labels import amount, local_date
from webapp.models import Application, Department, HumanTask, TaskState, User
from webapp.processes.services import instances
from workflows.engine.definitions import ProcessVersion, StepInfo
from workflows.engine.fields import FieldSpec
from workflows.programs import get_program


@dataclass
class TimelineEntry:
    task: HumanTask
    title: str
    department_name: str
    decision_label: str | None
    actor_name: str | None
    shown: list[tuple[str, object]] = field(default_factory=list)


@dataclass
class CaseView:
    entries: list[TimelineEntry] = field(default_factory=list)
    open_entries: list[TimelineEntry] = field(default_factory=list)
    active_ids: list[str] = field(default_factory=list)
    done_ids: list[str] = field(default_factory=list)
    definition_id: int | None = None
    application_data: list[tuple[str, object]] = field(default_factory=list)
    figures: dict[str, tuple[str, object]] = field(default_factory=dict)
    # Changes to the case beside its steps: send-backs and extended time limits, oldest first.
    notes: list[tuple[datetime, str]] = field(default_factory=list)


def case_view(application: Application, viewer: User, locale: str) -> CaseView:
    view = CaseView()
    version = _version(application)
    if version is None:
        return view
    specs = _field_specs(version)
    view.application_data = [
        (_label(specs, k, locale), shown_value(specs.get(k), v, locale)) for k, v in application.data.items()
    ]
    if application.instance is None:
        return view
    view.definition_id = application.instance.definition_id
    previous_application: dict = {}
    for task in application.tasks:
        step = version.steps.get(task.step)
        entry = _entry(task, step, specs, viewer, locale, previous_application)
        if task.for_applicant and task.data:
            previous_application = task.data
        view.entries.append(entry)
        if task.state == TaskState.OPEN:
            view.open_entries.append(entry)
            view.active_ids.append(task.step)
        elif task.state == TaskState.COMPLETED:
            view.done_ids.append(task.step)
            _collect_figures(view, task, specs, locale)
    if application.instance.outcome:  # show where the case ended
        view.active_ids.append(f"end_{application.instance.outcome}")
    view.notes = case_notes(application, version, locale)
    return view


def case_notes(application: Application, version: ProcessVersion, locale: str) -> list[tuple[datetime, str]]:
    """What happened to the case beside its steps, oldest first: send-backs, extended time limits,
    deemed acceptances."""
    notes = [
        *_send_back_notes(application, version, locale),
        *_extension_notes(application, version, locale),
        *_deemed_acceptance_notes(application),
    ]
    return sorted(notes, key=lambda note: note[0])


def _send_back_notes(application: Application, version: ProcessVersion, locale: str):
    from webapp.department_work.services import send_back

    for entry in send_back.history(application.id):
        data = entry.data or {}
        step = version.steps.get(data.get("to_step"))
        department = db.session.scalar(select(Department).where(Department.code == data.get("department")))
        text = gettext(
            "Sent back to %(step)s by %(department)s: %(reason)s",
            step=step.title_for(locale) if step else data.get("to_step"),
            department=department.name(locale) if department else "",
            reason=data.get("reason", ""),
        )
        yield entry.at, text


def _extension_notes(application: Application, version: ProcessVersion, locale: str):
    from webapp.department_work.services import deadlines

    for extension in deadlines.extensions_of(application.id):
        step = version.steps.get(extension.task.step)
        text = gettext(
            "Time limit of %(step)s extended by %(days)s working days: %(reason)s",
            step=step.title_for(locale) if step else extension.task.title,
            days=extension.days,
            reason=extension.reason,
        )
        yield extension.decided_at, text


def _deemed_acceptance_notes(application: Application):
    from webapp.documents.services.issuing import deemed_acceptances

    for row in deemed_acceptances(application):
        text = gettext(
            "Deemed accepted as from %(date)s, the day the application arrived: "
            "no decision on acceptance within 5 working days",
            date=local_date(row.created_at),
        )
        yield row.completed_at, text


def _version(application: Application) -> ProcessVersion | None:
    if application.instance is not None:
        return instances.version_of(application.instance.definition)
    from webapp.applications.services.applications import current_definition  # drafts: the version they will run

    program = get_program(application.program_code)
    return instances.version_of(current_definition(program)) if program else None


def _field_specs(version: ProcessVersion) -> dict[str, FieldSpec]:
    specs: dict[str, FieldSpec] = {}
    for step in version.steps.values():
        for spec in step.fields:
            specs.setdefault(spec.name, spec)
    return specs


def shown_value(spec: FieldSpec | None, value, locale: str = "zh"):
    """Amounts one way everywhere (450,000.00), whatever form they were stored in; a choice by its
    label in the reader's language (自治区财政), not the value the form stores (region)."""
    if spec is None or value in (None, ""):
        return value
    if spec.type == "decimal":
        return amount(value)
    return dict(spec.choices_for(locale)).get(value, value) if spec.choices else value


def _same(spec: FieldSpec | None, before, after) -> bool:
    """450000 and 450000.00 are the same amount: a correction that only reformats it changed nothing."""
    if spec is not None and spec.type == "decimal":
        try:
            return Decimal(str(before)) == Decimal(str(after))
        except (InvalidOperation, ValueError):
            pass
    return before == after


def _label(specs: dict[str, FieldSpec], name: str, locale: str) -> str:
    return specs[name].label_for(locale) if name in specs else name


def visible_data(task: HumanTask, step: StepInfo | None, viewer: User) -> dict:
    """The task's submitted data as this viewer may see it: applicants see only the notices for them."""
    if not (viewer.is_applicant and not task.for_applicant):
        return dict(task.data or {})
    public = {f.name for f in step.fields if f.shown_to_applicant} if step else set()
    return {k: v for k, v in (task.data or {}).items() if k in public or k == "decision"}


def _entry(task, step: StepInfo | None, specs, viewer: User, locale: str, previous: dict) -> TimelineEntry:
    internal = viewer.is_applicant and not task.for_applicant
    shown = []
    for name, value in visible_data(task, step, viewer).items():
        if value in (None, "") or name == "decision":
            continue
        if task.for_applicant and _same(specs.get(name), previous.get(name), value):
            continue  # a correction shows what changed, not the whole application again
        if task.for_applicant and not previous and name in task.data:
            continue  # the submitted application is shown once, above
        shown.append((_label(specs, name, locale), shown_value(specs.get(name), value, locale)))
    decision = step.decision_label(task.decision, locale) if step and task.decision else None
    return TimelineEntry(
        task=task,
        title=step.title_for(locale) if step else task.title,
        department_name=_holder(task, locale),
        decision_label=decision,
        actor_name=None if internal or task.completed_by is None else task.completed_by.display_name,
        shown=shown,
    )


def _collect_figures(view: CaseView, task: HumanTask, specs, locale: str) -> None:
    for name, value in (task.data or {}).items():
        spec = specs.get(name)
        if spec is not None and spec.type == "decimal" and spec.shown_to_applicant and value not in (None, ""):
            view.figures[name] = (spec.label_for(locale), value)


def _holder(task: HumanTask, locale: str) -> str:
    if task.for_applicant:
        return "Applicant" if str(locale).startswith("en") else "申请企业"
    return task.department.name(str(locale)) if task.department else task.lane
