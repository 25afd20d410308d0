"""Finance pays an approved grant in tranches (拨付), releases an unpaid remainder, recovers misused money (追回).

A case whose payments fall short of what was committed is "partly paid" until the rest is paid
or released with a reason (it returns to the call's budget). Every movement locks the fund line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext

from webapp.common import audit
from webapp.common.errors import Conflict, Invalid, NotFound
from webapp.common.transaction import unit_of_work
from webapp.department_work.services import calendar
from webapp.extensions import db
from webapp.labels import amount as shown
from webapp.models import Application, EntryKind, LedgerEntry, User
from webapp.money.services import ledger
from webapp.money.services.access import ensure_finance

PARTLY_PAID = "partly_paid"
PAID = "disbursed"
RECOVERED = "recovered"


def record_payment(user: User, application: Application, amount: Decimal, paid_on: date, voucher_no: str | None):
    """One tranche, in the caller's transaction: within what is committed and unpaid, after the notice."""
    call = application.call
    line = ledger.lock_fund_line(call.fund_line_id)
    figures = ledger.case_figures(application)
    _ensure_notice_over(application)
    if amount > figures.outstanding:
        message = "Only %(outstanding)s yuan of this grant is unpaid (committed %(committed)s, paid %(paid)s)."
        params = {
            "outstanding": shown(figures.outstanding),
            "committed": shown(figures.committed),
            "paid": shown(figures.disbursed),
        }
        raise Invalid(message, {"disbursed_amount": [gettext(message, **params)]}, **params)
    enterprise = application.enterprise
    account = " ".join(filter(None, (enterprise.bank_name, enterprise.bank_account))) or None
    entry = _entry(
        user,
        application,
        line.id,
        EntryKind.PAYMENT,
        amount,
        occurred_on=paid_on,
        voucher_no=(voucher_no or "").strip() or None,
        account=account,
    )
    application.status = PAID if amount == figures.outstanding else PARTLY_PAID
    audit.record(
        user,
        "money.paid",
        application,
        application.id,
        {"amount": str(amount), "voucher_no": entry.voucher_no, "account": account},
    )
    return entry


def _ensure_notice_over(application: Application) -> None:
    from webapp.money.services.commitments import notice_ends

    ends = notice_ends(application)
    if ends is not None and calendar.now_utc() < ends:
        raise Conflict(
            "The award is under public notice until %(until)s; it can be paid after that.",
            until=ends.strftime("%Y-%m-%d"),
        )


def pay_tranche(user: User, application_id: int, amount, paid_on: date | None, voucher_no: str) -> LedgerEntry:
    """A further tranche on a partly paid case, from the case's money page."""
    application = _partly_paid(user, application_id)
    errors = {}
    if not (voucher_no or "").strip():
        errors["voucher_no"] = [gettext("Give the payment voucher number.")]
    if paid_on is None:
        errors["paid_on"] = [gettext("Give the date paid.")]
    if errors:
        raise Invalid("The form has errors.", errors)
    value = _positive(amount, "disbursed_amount")
    with unit_of_work("This case's money changed at the same moment; reload and retry."):
        return record_payment(user, application, value, paid_on, voucher_no)


def release_remainder(user: User, application_id: int, reason: str) -> LedgerEntry:
    """The unpaid rest of a grant goes back to the call's budget; the case is closed as paid."""
    application = _partly_paid(user, application_id)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why the remainder is released.", {"reason": [gettext("Say why the remainder is released.")]})
    with unit_of_work("This case's money changed at the same moment; reload and retry."):
        line = ledger.lock_fund_line(application.call.fund_line_id)
        figures = ledger.case_figures(application)
        if figures.outstanding <= 0:
            raise Conflict("Nothing of this grant is unpaid.")
        entry = _entry(user, application, line.id, EntryKind.RELEASE, figures.outstanding, reason=reason)
        application.status = PAID
        audit.record(
            user, "money.released", application, application.id, {"amount": str(figures.outstanding), "reason": reason}
        )
    return entry


def recover(user: User, application_id: int, amount, reason: str, article: str) -> LedgerEntry:
    """Money obtained or used improperly is recovered to the fund, with the reason and the article."""
    application = _case(user, application_id)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [gettext("Say why the money is recovered.")]
    if not (article or "").strip():
        errors["article"] = [gettext("Cite the article the recovery rests on.")]
    if errors:
        raise Invalid("The form has errors.", errors)
    value = _positive(amount, "amount")
    with unit_of_work("This case's money changed at the same moment; reload and retry."):
        line = ledger.lock_fund_line(application.call.fund_line_id)
        figures = ledger.case_figures(application)
        if value > figures.disbursed - figures.recovered:
            message = "Only %(paid)s yuan was paid and not yet recovered on this case."
            params = {"paid": shown(figures.disbursed - figures.recovered)}
            raise Invalid(message, {"amount": [gettext(message, **params)]}, **params)
        entry = _entry(
            user, application, line.id, EntryKind.RECOVERY, value, reason=reason.strip(), article=article.strip()
        )
        application.status = RECOVERED
        audit.record(
            user,
            "money.recovered",
            application,
            application.id,
            {"amount": str(value), "reason": reason, "article": article},
        )
    return entry


def _case(user: User, application_id: int) -> Application:
    ensure_finance(user)
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFound("No such application.")
    if application.call_id is None:
        raise Conflict("This case was submitted before calls existed; its money is not in the ledger.")
    return application


def _partly_paid(user: User, application_id: int) -> Application:
    application = _case(user, application_id)
    if application.status != PARTLY_PAID:
        raise Conflict("Only a partly paid case takes a further tranche or a release.")
    return application


def _positive(value, field: str) -> Decimal:
    from webapp.money.services.funds import parse_money

    amount = parse_money(value, field)
    if amount <= 0:
        raise Invalid("The form has errors.", {field: [gettext("Enter an amount in yuan, such as 500000.")]})
    return amount


def _entry(user, application, line_id, kind, amount, occurred_on=None, **details) -> LedgerEntry:
    entry = LedgerEntry(
        fund_line_id=line_id,
        call_id=application.call_id,
        application_id=application.id,
        kind=kind,
        amount=amount,
        occurred_on=occurred_on or calendar.beijing_today(),
        recorded_by_id=user.id,
        **details,
    )
    db.session.add(entry)
    return entry
