"""An enterprise applies: create a draft, submit it into its approval chain, read its status."""

from __future__ import annotations

import secrets

from sqlalchemy import or_, select

from webapp.applications.services import attachments
from webapp.common import audit, locking, transaction
from webapp.common.errors import Conflict, Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.department_work.services import calendar
from webapp.documents.services import issuing
from webapp.extensions import db
from webapp.models import Application, ApplicationStatus, HumanTask, InfoCopy, ProcessDefinition, User
from webapp.models._columns import utcnow
from webapp.money.services import calls, ceilings
from webapp.processes.services import instances
from workflows import sme_size
from workflows.engine import FormRejected, ScriptRejected, runner
from workflows.engine.definitions import ProcessVersion, StepInfo
from workflows.engine.fields import from_json, to_json
from workflows.programs import Program, all_programs, get_program

# No 0/O, 1/I/L, 2/Z, 5/S or 8/B: a code read aloud over the phone or copied by hand survives.
QUERY_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
QUERY_CODE_LENGTH = 8  # 25**8 ≈ 1.5e11 codes, against 10 guesses per 10 minutes per client


def program_or_404(code: str) -> Program:
    program = get_program(code)
    if program is None:
        raise NotFound("No support program '%(code)s'.", code=code)
    return program


def current_definition(program: Program) -> ProcessDefinition:
    definition = db.session.scalar(
        select(ProcessDefinition)
        .where(ProcessDefinition.key == program.process_key, ProcessDefinition.published.is_(True))
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    )
    if definition is None:
        raise Conflict("Program '%(code)s' has no published process yet.", code=program.code)
    return definition


def application_step(version: ProcessVersion) -> StepInfo:
    """The applicant's first step: its fields are the application form."""
    for step in version.steps.values():
        if step.lane in instances.APPLICANT_LANES:
            return step
    raise Conflict("This process has no step for the applicant.")


def application_form_step(program: Program) -> StepInfo:
    return application_step(instances.version_of(current_definition(program)))


def ensure_may_apply(user: User, program: Program) -> None:
    """Only the kinds of applicant the sub-point pays may apply; where it names 中小企业, a large
    enterprise is refused before it writes anything (a school or a bank has no size class)."""
    if not user.is_applicant or user.enterprise_id is None:
        raise PermissionDenied("Only an applicant enterprise's account can apply.")
    if not program.open_to(user.enterprise.applicant_type):
        raise PermissionDenied("This program is not open to applicants of your kind.")
    if needs_sme(user, program) and user.enterprise.size_class == sme_size.LARGE:
        raise PermissionDenied(
            "Your enterprise is large by %(standard)s; these programs support small and medium enterprises only.",
            standard=sme_size.STANDARD,
        )


def needs_sme(user: User, program: Program) -> bool:
    """The size check applies where the text asks for an SME, and to enterprises only."""
    return program.sme_only and (user.enterprise.applicant_type or "enterprise") == "enterprise"


def programs_for(user: User | None) -> list[Program]:
    """The programs an applicant may apply for; everyone else sees them all."""
    programs = list(all_programs().values())
    if user is None or not getattr(user, "is_applicant", False) or getattr(user, "enterprise", None) is None:
        return programs
    return [p for p in programs if p.open_to(user.enterprise.applicant_type)]


def create_application(user: User, program_code: str, data: dict, call_id=None) -> Application:
    """A draft with validated form data and its application number (办件编号), under a call if chosen."""
    program = program_or_404(program_code)
    ensure_may_apply(user, program)
    step = application_form_step(program)
    with unit_of_work():
        application = Application(
            enterprise_id=user.enterprise_id,
            applicant_id=user.id,
            program_code=program.code,
            data=to_json(step.fields, data),
            amount_requested=data.get("amount_requested"),
        )
        calls.choose_call(application, call_id)
        db.session.add(application)
        db.session.flush()
        application.number = application_number(application)
        audit.record(user, "application.created", application, application.id, application.data)
    return application


def application_number(application: Application) -> str:
    """办件编号: the date and the row id, given as soon as a draft exists."""
    return f"XJZX{utcnow():%Y%m%d}{application.id:06d}"


def update_draft(user: User, application: Application, data: dict) -> Application:
    _ensure_owner(user, application)
    if not application.is_draft:
        raise Conflict("Only a draft can be edited; this application was already submitted.")
    step = application_form_step(program_or_404(application.program_code))
    with unit_of_work():
        if not locking.lock_application(application.id).is_draft:
            raise Conflict("Only a draft can be edited; this application was already submitted.")
        application.data = to_json(step.fields, data)
        application.amount_requested = data.get("amount_requested")
        audit.record(user, "application.updated", application, application.id, application.data)
    return application


def submit_application(user: User, application: Application) -> str:
    """Start the program's chain and complete the applicant's first step with the draft's data.

    Returns the application's query code, shown to the applicant this once: only its hash is kept.
    A second submission arriving at the same moment waits at the application's lock, then finds
    it submitted (409): one instance, one query code.
    """
    _ensure_owner(user, application)
    _ensure_draft(application)
    program = program_or_404(application.program_code)
    attachments.ensure_documents_complete(application)
    definition = current_definition(program)

    call = calls.call_for_submission(application)  # refused outside a call's dates, naming them

    def submit() -> str:
        _ensure_draft(locking.lock_application(application.id))
        return _start_instance(user, application, program, definition, call)

    return transaction.run(submit, "This application was submitted twice at the same moment.")


def ensure_within_ceiling(user: User, application: Application) -> None:
    """Refuse, before the confirmation page, what submission would refuse: outside a call's dates,
    or an amount above what the applicant's answers allow. The same call rule and cap table as
    submission, asked of a chain started in memory and thrown away (nothing is written)."""
    _ensure_owner(user, application)
    program = program_or_404(application.program_code)
    call = calls.call_for_submission(application)
    version = instances.version_of(current_definition(program))
    workflow = runner.start(version, _process_data(application, program))
    step = application_step(version)
    first = next((r for r in runner.ready_steps(workflow, version) if r.step.name == step.name), None)
    if first is None:
        return
    try:
        answers = from_json(step.fields, application.data)
    except (ArithmeticError, ValueError):
        return  # the form's own check names what is wrong with the answers
    ceilings.ensure_within(
        application.amount_requested, ceilings.allowed(workflow, version, first.task_id, answers, program, call)
    )


def _ensure_draft(application: Application) -> None:
    if not application.is_draft:
        raise Conflict("This application was already submitted.")


def _start_instance(user: User, application: Application, program: Program, definition, call) -> str:
    instance, version, workflow = instances.start(definition, _process_data(application, program))
    step = application_step(version)
    first = next((r for r in runner.ready_steps(workflow, version) if r.step.name == step.name), None)
    if first is None:
        raise Conflict("The process did not wait for the application form.")
    try:
        answers = from_json(step.fields, application.data)
        limit = ceilings.allowed(workflow, version, first.task_id, answers, program, call)
        ceilings.ensure_within(application.amount_requested, limit)
        runner.complete(workflow, version, first.task_id, answers)
    except (ArithmeticError, ValueError) as exc:  # a draft keeps what was typed; the route checks it first
        raise Invalid("The application form has errors; open the draft and correct it.") from exc
    except (FormRejected, ScriptRejected) as exc:
        raise Invalid(str(exc)) from exc
    db.session.flush()
    application.call_id = call.id
    application.instance = instance
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = calendar.now_utc()  # the case clock starts here
    query_code = new_query_code()
    application.set_query_code(query_code)
    _record_submission(user, application, instance, first.task_id, step)
    instances.save(instance, version, workflow, application)
    audit.record(user, "application.submitted", application, application.id, application.data)
    issuing.issue_receipt(application, user)
    return query_code


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def _record_submission(user, application, instance, spiff_task_id, step) -> None:
    now = application.submitted_at
    db.session.add(
        HumanTask(
            instance_id=instance.id,
            application_id=application.id,
            application_number=application.number,
            spiff_task_id=spiff_task_id,
            step=step.name,
            title=step.title,
            title_en=step.title_en,
            lane=step.lane,
            for_applicant=True,
            state="completed",
            created_at=now,
            completed_at=now,
            completed_by_id=user.id,
            decision="submit",
            data=application.data,
        )
    )


def _process_data(application: Application, program: Program) -> dict:
    return {
        "program": program.code,
        "application_number": application.number,
        "enterprise_name": application.enterprise.name,
    }


def get_application(user: User, application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound("No such application.")
    if not application.can_view(user):
        raise PermissionDenied("You may not see this application.")
    return application


def list_applications(user: User) -> list[Application]:
    query = select(Application).where(Application.status != "discarded").order_by(Application.id.desc())
    if user.is_applicant:
        query = query.where(Application.enterprise_id == user.enterprise_id)
    elif not (user.is_admin or user.is_auditor):  # the auditor reads every case
        query = query.where(
            or_(
                Application.tasks.any(HumanTask.department_id == user.department_id),
                Application.info_copies.any(InfoCopy.department_id == user.department_id),
            )
        )
    return list(db.session.scalars(query.limit(500)))


def ensure_owner(user: User, application: Application) -> None:
    """Only the applicant enterprise acts on its application; asked before its form is read."""
    _ensure_owner(user, application)


def _ensure_owner(user: User, application: Application) -> None:
    if not user.is_applicant or user.enterprise_id != application.enterprise_id:
        raise PermissionDenied("Only the applicant enterprise may do this.")
