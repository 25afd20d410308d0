"""How models look in the API's JSON."""

from webapp.applications.services import case_clock, ratings, timeline
from webapp.applications.services.lookup import PublicStatus
from webapp.department_work.services import tasks
from webapp.labels import local_date, status_label
from webapp.models import Application, HumanTask, ProcessDefinition, Rating, User
from webapp.money.services import ledger
from webapp.processes.services import instances
from workflows.engine.definitions import StepInfo
from workflows.programs import Program


def iso(moment):
    return moment.isoformat() + "Z" if moment else None


def program_json(program: Program, step: StepInfo | None = None) -> dict:
    data = {
        "code": program.code,
        "rule_ref": program.rule_ref,
        "title": program.title_zh,
        "title_en": program.title_en,
        "lead": program.lead,
        "assisting": list(program.assisting),
        "cap_yuan": program.cap_yuan,
        "needs_call_ceiling": program.needs_call_ceiling,
        "applicant_types": list(program.applicants),
        "sme_only": program.sme_only,
        "summary_en": program.summary_en,
        "kind": program.kind,
        "legal_basis": program.rule_text,
    }
    if step is not None:
        data["form"] = {"fields": [f.as_dict() for f in step.fields]}
    return data


def task_json(task: HumanTask, step: StepInfo | None = None, viewer: User | None = None) -> dict:
    hide_officials = viewer is not None and viewer.is_applicant
    data = {
        "id": task.id,
        "application_id": task.application_id,
        "application_number": task.application.number if task.application else None,
        "step": task.step,
        "title": task.title,
        "title_en": task.title_en,
        "department": task.department.code if task.department else None,
        "department_name": task.department.name_zh if task.department else None,
        "for_applicant": task.for_applicant,
        "state": str(task.state),
        "claimed_by": None if hide_officials or not task.claimed_by else task.claimed_by.username,
        "created_at": iso(task.created_at),
        "due_at": iso(task.due_at),
        "completed_at": iso(task.completed_at),
        "completed_by": None if hide_officials or not task.completed_by else task.completed_by.username,
        "decision": task.decision,
    }
    if step is not None:
        data["legal_basis"] = step.legal_basis
        data["form"] = {"fields": [f.as_dict() for f in step.fields]}
    return data


def task_detail_json(task: HumanTask, step: StepInfo, viewer: User) -> dict:
    """A task with its form, and for a correction what to correct and the values to start from."""
    data = task_json(task, step, viewer)
    data["form"]["defaults"] = tasks.form_defaults(task)
    data["notice"] = tasks.correction_notice(task)
    return data


def application_json(application: Application, viewer: User) -> dict:
    view = timeline.case_view(application, viewer, "zh")
    steps = instances.version_of(application.instance.definition).steps if application.instance else {}
    return {
        "id": application.id,
        "number": application.number,
        "program": application.program_code,
        "status": application.status,
        "enterprise": application.enterprise.name,
        "amount_requested": str(application.amount_requested) if application.amount_requested is not None else None,
        "data": application.data,
        "created_at": iso(application.created_at),
        "submitted_at": iso(application.submitted_at),
        "closed_at": iso(application.closed_at),
        "withdrawal_reason": application.withdrawal_reason,
        "call": application.call_id,
        "money": ledger.case_figures(application).as_dict() if application.call_id else None,
        "figures": {name: value for name, (_label, value) in view.figures.items()},
        "case_clock": clock.as_json() if (clock := case_clock.case_clock_of(application)) else None,
        "current_tasks": [task_json(t, viewer=viewer) for t in application.tasks if t.is_open],
        "history": [
            {**task_json(t, viewer=viewer), "data": timeline.visible_data(t, steps.get(t.step), viewer)}
            for t in application.tasks
            if not t.is_open
        ],
    }


def public_status_json(found: PublicStatus) -> dict:
    """All the public lookup gives: no data, no opinions, no names of people."""
    return {
        "number": found.number,
        "status": found.status,
        "status_label": status_label(found.status),
        "submitted_on": local_date(found.submitted_at) or None,  # Beijing date
        "departments": [{"code": d.code, "name": d.name_zh, "name_en": d.name_en} for d in found.departments],
        "applicant_must_act": found.applicant_must_act,
        "case_clock": found.case_clock.as_json() if found.case_clock else None,
    }


def definition_json(definition: ProcessDefinition) -> dict:
    return {
        "id": definition.id,
        "key": definition.key,
        "version": definition.version,
        "name": definition.name,
        "published": definition.published,
        "created_at": iso(definition.created_at),
    }


def rating_json(rating: Rating) -> dict:
    return {
        "score": rating.score,
        "label": str(ratings.SCORES[rating.score]),
        "comment": rating.comment,
        "department": rating.department.code if rating.department else None,
        "created_at": iso(rating.created_at),
    }
