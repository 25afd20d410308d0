"""Issue a document on a case: number it, draw it, sign it, file it, tell the applicant.

Called inside the transaction of the step that gives rise to the document (submission, the
acceptance step, the decision, the deemed-acceptance timer): the number, the filed PDF, the
audit entry and the notification commit with the step or not at all.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from sqlalchemy import select

from webapp.common import audit
from webapp.common.errors import NotFound
from webapp.department_work.services import calendar
from webapp.documents.rendering.official import Notice, render
from webapp.documents.services import notices, numbering, settings, signing
from webapp.documents.services.letters import decision_letter
from webapp.extensions import db
from webapp.models import Application, Department, DocumentKind, HumanTask, IssuedDocument, TaskState
from webapp.models.application import DECISION_STEP
from webapp.models.issued_document import DECISION_KINDS
from webapp.people.services import notifications

ACCEPTANCE_STEP = "accept"  # every shipped and generated chain names the lead's acceptance step so
# The verification code is printed under the QR code: the query codes' alphabet, nothing mistaken.
VERIFY_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
VERIFY_LENGTH = 10
ACCEPTANCE_KINDS = {
    "approve": DocumentKind.ACCEPTANCE,
    "return": DocumentKind.CORRECTION,
    "reject": DocumentKind.REFUSAL_TO_ACCEPT,
}


def issue_receipt(application: Application, user) -> IssuedDocument | None:
    """The 回执 at submission, issued in the name of the department that will accept the case."""
    department = lead_department(application)
    if department is None:
        return None
    return issue(application, department, DocumentKind.RECEIPT, notices.receipt(application), user)


def issue_for_step(task: HumanTask, user) -> IssuedDocument | None:
    """The notice or decision a completed lead step gives rise to; None for other steps."""
    if task.for_applicant or task.department is None or task.application is None:
        return None
    if task.step == ACCEPTANCE_STEP and task.decision in ACCEPTANCE_KINDS:
        kind = ACCEPTANCE_KINDS[task.decision]
        return issue(task.application, task.department, kind, _acceptance_text(task, kind), user, task)
    if task.step == DECISION_STEP:
        return _issue_decision(task, user)
    return None


def issue_for_timeouts(application: Application) -> list[IssuedDocument]:
    """After a timer fired: a 视为受理通知书 for each acceptance the deadline took over, once."""
    issued = []
    for row in deemed_acceptances(application):
        if db.session.scalar(select(IssuedDocument.id).where(IssuedDocument.task_id == row.id)) is None:
            paragraphs = notices.acceptance(application, row.created_at, deemed=True)
            issued.append(issue(application, row.department, DocumentKind.DEEMED_ACCEPTANCE, paragraphs, None, row))
    return issued


def deemed_acceptances(application: Application) -> list[HumanTask]:
    """Acceptance steps nobody completed: the 5-working-day timer accepted them (completed, no person)."""
    query = select(HumanTask).where(
        HumanTask.application_id == application.id,
        HumanTask.step == ACCEPTANCE_STEP,
        HumanTask.state == TaskState.COMPLETED,
        HumanTask.completed_by_id.is_(None),
        HumanTask.decision == "approve",
    )
    return list(db.session.scalars(query.order_by(HumanTask.id)))


def _acceptance_text(task: HumanTask, kind: DocumentKind) -> list[tuple[str, str]]:
    application = task.application
    basis = notices.step_basis(application, task.step)
    if kind == DocumentKind.ACCEPTANCE:
        return notices.acceptance(application, task.completed_at, deemed=False)
    if kind == DocumentKind.CORRECTION:
        return notices.correction(application, task, basis)
    found = settings.settings_for(task.department)
    rights = notices.rights(found.reconsideration_body, found.court, "本不予受理决定", "本通知书")
    return notices.refusal_to_accept(application, task, basis, rights)


def _issue_decision(task: HumanTask, user) -> IssuedDocument:
    application = task.application
    letter = decision_letter(application)
    requested = application.amount_requested
    if not letter.approved:
        kind = DocumentKind.REFUSAL
    elif letter.amount is not None and requested is not None and letter.amount < requested:
        kind = DocumentKind.PARTIAL_APPROVAL
    else:
        kind = DocumentKind.APPROVAL
    found = settings.settings_for(task.department)
    rights = notices.rights(found.reconsideration_body, found.court)
    dissent = dissenting_opinions(application, task.department_id) if kind == DocumentKind.REFUSAL else []
    paragraphs = notices.decision(letter, kind, requested, dissent, rights)
    return issue(application, task.department, kind, paragraphs, user, task)


def dissenting_opinions(application: Application, lead_department_id: int) -> list[str]:
    """The assisting departments' "不同意" a refusal may rest on, one line each, the latest per step."""
    latest: dict[str, HumanTask] = {}
    for row in application.tasks:
        if row.state == TaskState.COMPLETED and not row.for_applicant and row.department_id != lead_department_id:
            latest[row.step] = row
    return [
        f"{row.department.name_zh}：不同意。{str((row.data or {}).get('opinion') or '').strip()}"
        for row in latest.values()
        if row.decision == "reject" and row.department is not None
    ]


def issue(application, department, kind, paragraphs, user, task=None) -> IssuedDocument:
    """Number, render, sign and store a document in the caller's transaction, and tell the applicant."""
    found = settings.settings_for(department)
    issued_at = calendar.now_utc()
    issued_on = calendar.beijing_today(issued_at)
    serial = numbering.next_serial(department.id, issued_on.year)
    number = numbering.format_number(found.number_prefix, issued_on.year, serial)
    token = "".join(secrets.choice(VERIFY_ALPHABET) for _ in range(VERIFY_LENGTH))
    title = notices.TITLES[kind]
    notice = Notice(
        issuer=department.name_zh,
        number=number,
        title=title,
        addressee=notices.addressee(application),
        paragraphs=paragraphs,
        issued_on=issued_on,
        verify_url=verification_url(token),
    )
    signed, subject = signing.sign(render(notice), department, reason=f"{title} {number}")
    row = IssuedDocument(
        application_id=application.id,
        task_id=task.id if task is not None else None,
        kind=kind,
        department_id=department.id,
        year=issued_on.year,
        serial=serial,
        issuer=department.name_zh,
        addressee=notice.addressee,
        title=title,
        number=number,
        body=[list(p) for p in paragraphs],
        **_signed_content(signed, subject, token),
        issued_at=issued_at,
        issued_by_id=user.id if user is not None else None,
    )
    _record_and_notify(row, application, department, user)
    return row


def _signed_content(signed: bytes, subject: str, token: str) -> dict:
    return {"content": signed, "sha256": hashlib.sha256(signed).hexdigest(), "signer_subject": subject, "token": token}


def _record_and_notify(row: IssuedDocument, application, department, user) -> None:
    db.session.add(row)
    db.session.flush()
    audit.record(
        user, "document.issued", row, application.id, {"kind": row.kind, "number": row.number, "sha256": row.sha256}
    )
    notifications.notify(
        application.applicant,
        "document",
        f"{department.name_zh}向您出具了《{row.title}》（{row.number}），可在办件页面下载。",
        f"{department.name_en} issued a document to you: {row.title} ({row.number}); download it from the case page.",
        application=application,
    )


def verification_url(token: str) -> str:
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/v/{token}"


def lead_department(application: Application) -> Department | None:
    db.session.flush()
    query = (
        select(HumanTask)
        .where(HumanTask.application_id == application.id, HumanTask.for_applicant.is_(False))
        .order_by(HumanTask.id)
        .limit(1)
    )
    first = db.session.scalar(query)
    return first.department if first is not None else None


def documents_of(application: Application) -> list[IssuedDocument]:
    query = select(IssuedDocument).where(IssuedDocument.application_id == application.id)
    return list(db.session.scalars(query.order_by(IssuedDocument.id)))


def decision_document(application: Application) -> IssuedDocument:
    """The decision letter issued last on the case; NotFound before the decision."""
    query = select(IssuedDocument).where(
        IssuedDocument.application_id == application.id, IssuedDocument.kind.in_([str(k) for k in DECISION_KINDS])
    )
    found = db.session.scalar(query.order_by(IssuedDocument.id.desc()).limit(1))
    if found is None:
        raise NotFound("No decision has been made on this application yet.")
    return found
