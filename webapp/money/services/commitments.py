"""An approval commits its amount against the case's call and fund line, or is refused with the figures.

Called by the task completion (webapp/services/tasks.py) inside its transaction: the engine's
state, the task rows, the audit entry and the ledger row commit together or not at all.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext

from webapp.common import audit
from webapp.common.errors import Conflict, Invalid
from webapp.department_work.services import calendar
from webapp.extensions import db
from webapp.labels import amount as shown
from webapp.models import Application, EntryKind, FundingCall, HumanTask, LedgerEntry, User
from webapp.money.services import ledger, payments

DECISION_STEP = "decide"
DISBURSE_STEP = "disburse"


def on_step_completed(user: User, task: HumanTask, stored: dict) -> None:
    """The money side of a completed step: a decision to approve commits, a disbursement pays."""
    application = task.application
    if application is None or application.call_id is None:
        return  # submitted before calls existed: nothing was budgeted for it
    if task.step == DECISION_STEP and stored.get("decision") == "approve":
        commit(user, application, Decimal(str(stored["approved_amount"])))
    elif task.step == DISBURSE_STEP:
        paid_on = date.fromisoformat(str(stored["disbursed_on"]))
        payments.record_payment(
            user, application, Decimal(str(stored["disbursed_amount"])), paid_on, stored.get("voucher_no")
        )


def commit(user: User, application: Application, amount: Decimal) -> LedgerEntry:
    call = application.call
    line = ledger.lock_fund_line(call.fund_line_id)  # held until this transaction commits
    if ledger.case_figures(application).committed > 0:
        raise Conflict("An amount was already committed to this case.")
    _ensure_within_call_ceiling(call, amount)
    _ensure_available(ledger.call_figures(call), amount, "call", "approved_amount")
    _ensure_available(ledger.fund_figures(line), amount, "fund", "approved_amount")
    entry = LedgerEntry(
        fund_line_id=line.id,
        call_id=call.id,
        application_id=application.id,
        kind=EntryKind.COMMITMENT,
        amount=amount,
        occurred_on=calendar.beijing_today(),
        recorded_by_id=user.id,
    )
    db.session.add(entry)
    audit.record(user, "money.committed", application, application.id, {"call": call.id, "amount": str(amount)})
    return entry


def _ensure_within_call_ceiling(call: FundingCall, amount: Decimal) -> None:
    if call.ceiling is not None and amount > call.ceiling:
        message = "The call “%(title)s” grants at most %(cap)s yuan per applicant; you approved %(amount)s."
        params = {"title": call.title, "cap": shown(call.ceiling), "amount": shown(amount)}
        raise Invalid(message, {"approved_amount": [gettext(message, **params)]}, **params)


def _ensure_available(figures: ledger.Figures, amount: Decimal, what: str, field: str) -> None:
    if amount <= figures.available:
        return
    message = (
        "Only %(available)s yuan is available (budget %(budget)s, committed %(committed)s, disbursed "
        "%(disbursed)s, recovered %(recovered)s); this approval asks for %(amount)s."
        if what == "call"
        else "The fund line has only %(available)s yuan available (budget %(budget)s, committed %(committed)s, "
        "disbursed %(disbursed)s, recovered %(recovered)s); this approval asks for %(amount)s."
    )
    params = {key: shown(value) for key, value in figures.as_dict().items()} | {"amount": shown(amount)}
    raise Invalid(message, {field: [gettext(message, **params)]}, **params)


def notice_ends(application: Application) -> datetime | None:
    """The end of the public notice (公示) of the case's award: N working days after the commitment."""
    entry = next(
        (e for e in ledger.entries(LedgerEntry.application_id == application.id) if e.kind == EntryKind.COMMITMENT),
        None,
    )
    if entry is None:
        return None
    if not application.call.notice_days:
        return entry.recorded_at
    return calendar.deadline_after(entry.recorded_at, application.call.notice_days)[0]
