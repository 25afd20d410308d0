"""Before and while an application is filled in: the eligibility pre-check, starting a draft
with what the pre-check asked, autosaving it leniently, and deleting it.

Strict validation belongs to submission (the form's rules, then the engine's); a draft keeps
what was typed, so that leaving the page never loses anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from webapp.applications.services import applications
from webapp.common import audit, locking
from webapp.common.errors import Conflict, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Application, User
from webapp.models._columns import utcnow
from webapp.processes.services import instances
from workflows import sme_size
from workflows.engine import eligibility
from workflows.engine.fields import FieldSpec
from workflows.programs import MEASURES_TITLE, Program

SME_BASIS = f"《{MEASURES_TITLE}》第三条；{sme_size.STANDARD}".replace("《《", "《").replace("》》", "》")
DRAFT_TEXT_MAX = 4000
DISCARDED = "discarded"  # a draft its enterprise deleted
AMOUNT_MAX = Decimal("999999999999.99")  # what applications.amount_requested (14, 2) holds


@dataclass(frozen=True)
class Precheck:
    program: Program
    inputs: tuple[FieldSpec, ...]  # the form fields the refusal rows read
    size_class: str | None
    size_outcome: str  # eligibility.PASSED / FAILED / UNKNOWN
    result: eligibility.Eligibility

    @property
    def eligible(self) -> bool:
        return self.size_outcome == eligibility.PASSED and self.result.eligible


def precheck_inputs(program: Program) -> tuple[FieldSpec, ...]:
    """The fields the table's refusal rows read, without their own limits: the rows judge the values."""
    step = applications.application_form_step(program)
    table = _table(program)
    names = eligibility.inputs_read(table) if table else ()
    return tuple(replace(spec, min=None, max=None, required=True) for spec in step.fields if spec.name in names)


def precheck(user: User, program: Program, data: dict) -> Precheck:
    """Every condition of the program's table against `data`, and the enterprise's size class."""
    enterprise = _enterprise(user)
    table = _table(program)
    result = eligibility.check(table, data) if table else eligibility.Eligibility((), ())
    size = enterprise.size_class
    if not applications.needs_sme(user, program):
        size_outcome = eligibility.PASSED  # the sub-point does not ask for an SME, or no enterprise applies
    elif size is None:
        size_outcome = eligibility.UNKNOWN
    else:
        size_outcome = eligibility.PASSED if sme_size.is_sme(size) else eligibility.FAILED
    return Precheck(program, precheck_inputs(program), size, size_outcome, result)


def start_draft(user: User, program_code: str, values: dict) -> Application:
    """A draft carrying what the applicant entered in the pre-check."""
    program = applications.program_or_404(program_code)
    applications.ensure_may_apply(user, program)
    step = applications.application_form_step(program)
    with unit_of_work():
        application = Application(
            enterprise_id=user.enterprise_id,
            applicant_id=user.id,
            program_code=program.code,
            data=lenient(step.fields, values),
            draft_saved_at=utcnow(),
        )
        application.amount_requested = _amount(application.data.get("amount_requested"))
        db.session.add(application)
        db.session.flush()
        application.number = applications.application_number(application)
        audit.record(user, "application.created", application, application.id, application.data)
    return application


def save_draft(user: User, application: Application, values: dict) -> Application:
    """Autosave: keep what was typed (only the form's own fields), whatever its type."""
    _ensure_draft(user, application)
    step = applications.application_form_step(applications.program_or_404(application.program_code))
    with unit_of_work("This draft was saved from another window at the same moment."):
        _ensure_draft(user, locking.lock_application(application.id))
        application.data = lenient(step.fields, values)
        application.amount_requested = _amount(application.data.get("amount_requested"))
        application.draft_saved_at = utcnow()
    return application


def delete_draft(user: User, application: Application) -> None:
    """The draft leaves the applicant's lists; the row stays, because the audit trail names it."""
    _ensure_draft(user, application)
    with unit_of_work():
        _ensure_draft(user, locking.lock_application(application.id))
        application.status = DISCARDED
        application.closed_at = utcnow()
        audit.record(user, "application.draft_deleted", application, application.id, {"number": application.number})


def drafts_of(user: User) -> list[Application]:
    if not user.is_applicant or user.enterprise_id is None:
        return []
    query = (
        select(Application)
        .where(Application.enterprise_id == user.enterprise_id, Application.status == "draft")
        .order_by(Application.id.desc())
    )
    return list(db.session.scalars(query))


def lenient(fields: tuple[FieldSpec, ...], values: dict) -> dict:
    """The form's fields as typed: text trimmed to its length, a ticked box True, nothing else judged."""
    kept: dict = {}
    for spec in fields:
        value = values.get(spec.name)
        if spec.type == "boolean":
            kept[spec.name] = value in (True, "y", "on", "true", "1")
        elif value is None:
            continue
        else:
            kept[spec.name] = str(value).strip()[: spec.max_length or DRAFT_TEXT_MAX]
    return kept


def _amount(value) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or abs(amount) > AMOUNT_MAX:
        return None
    return amount.quantize(Decimal("0.01"))


def _table(program: Program):
    version = instances.version_of(applications.current_definition(program))
    decide = [s for s in version.steps.values() if s.cap_decision and s.name == "decide"]
    named = decide[0].cap_decision if decide else None
    return version.decisions.get(named) if named else None


def _enterprise(user: User):
    if not user.is_applicant or user.enterprise is None:
        raise PermissionDenied("Only an applicant enterprise's account can apply.")
    return user.enterprise


def _ensure_draft(user: User, application: Application) -> None:
    if application is None:
        raise NotFound("No such application.")
    if not user.is_applicant or user.enterprise_id != application.enterprise_id:
        raise PermissionDenied("Only the applicant enterprise may do this.")
    if not application.is_draft:
        raise Conflict("Only a draft can be changed; this application was already submitted.")
