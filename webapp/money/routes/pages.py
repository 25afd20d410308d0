"""The money pages: fund lines (finance), calls (lead departments), a case's money, the ledger and
its exports (auditors), and the public notice of awards. Thin: parse, call one service, render."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from webapp.common.errors import Conflict, Invalid, ServiceError
from webapp.department_work.services import calendar
from webapp.money.routes import bp
from webapp.money.services import (
    access,
    calls,
    commitments,
    funds,
    ledger,
    notices,
    payments,
    related,
)
from workflows.programs import all_programs, get_program

MONEY_STEPS = ("accept", commitments.DECISION_STEP)  # where duplicate funding is looked for


CALL_STATUS = {"upcoming": _l("Not yet open"), "open": _l("Open"), "closed": _l("Closed")}
LEDGER_KINDS = {
    "commitment": _l("Commitment"),
    "payment": _l("Payment"),
    "release": _l("Release"),
    "recovery": _l("Recovery"),
}


@bp.app_context_processor
def money_helpers():
    return {
        "case_money": case_money,
        "open_calls_now": _open_calls_for_viewer,
        "call_status": lambda status: str(CALL_STATUS.get(status, status)),
        "ledger_kind": lambda kind: str(LEDGER_KINDS.get(kind, kind)),
    }


def case_money(application, step: str | None = None) -> dict | None:
    """What a case's page shows of its money, for staff, auditors and administrators."""
    if application is None or not current_user.is_authenticated or current_user.is_applicant:
        return None
    call = application.call
    return {
        "call": call,
        "call_figures": ledger.call_figures(call) if call else None,
        "case_figures": ledger.case_figures(application) if call else None,
        "related": related.related_cases(application) if step in MONEY_STEPS or step is None else [],
        "may_pay": access.is_finance(current_user) and application.status == payments.PARTLY_PAID,
        "may_recover": access.is_finance(current_user) and call is not None,
        "notice_until": commitments.notice_ends(application) if call else None,
    }


def _open_calls_for_viewer():
    prefecture = current_user.enterprise.region_prefecture if getattr(current_user, "enterprise", None) else None
    return calls.open_calls(prefecture=prefecture)


def _refused(exc: ServiceError) -> dict:
    flash(_(exc.message, **exc.params), "error")
    return exc.errors if isinstance(exc.errors, dict) else {}


@bp.get("/money/funds")
@login_required
def fund_lines():
    access.ensure_reads_money(current_user)
    lines = [(line, ledger.fund_figures(line), ledger.allocated_to_calls(line)) for line in funds.list_fund_lines()]
    return render_template(
        "money/funds.html",
        lines=lines,
        programs=all_programs().values(),
        is_finance=access.is_finance(current_user),
        year=calendar.beijing_today().year,
    )


@bp.post("/money/funds")
@login_required
def create_fund_line():
    access.ensure_finance(current_user)
    form = request.form
    try:
        year = int(form.get("year", ""))
    except ValueError:
        year = 0
    try:
        funds.create_fund_line(
            current_user,
            year,
            form.get("name", ""),
            form.get("budget", ""),
            form.getlist("programs"),
            form.get("level", "region"),
            form.get("region"),
        )
    except Invalid as exc:
        _refused(exc)
        for name, messages in (exc.errors or {}).items():
            for message in messages:
                flash(f"{name}: {message}", "error")
        return redirect(url_for("money.fund_lines"))
    flash(_("Fund line saved."), "success")
    return redirect(url_for("money.fund_lines"))


@bp.post("/money/funds/<int:line_id>/budget")
@login_required
def adjust_budget(line_id: int):
    try:
        funds.adjust_budget(current_user, line_id, request.form.get("budget", ""), request.form.get("reason", ""))
    except Invalid as exc:
        _refused(exc)
    else:
        flash(_("Budget changed."), "success")
    return redirect(url_for("money.fund_lines"))


@bp.get("/money/calls")
@login_required
def call_list():
    access.ensure_reads_money(current_user)
    today = calendar.beijing_today()
    rows = [(c, ledger.call_figures(c), c.status_on(today)) for c in calls.list_calls()]
    leads = {
        p.code for p in all_programs().values() if current_user.department and p.lead == current_user.department.code
    }
    return render_template("money/calls.html", rows=rows, may_open=bool(leads))


@bp.route("/money/calls/new", methods=["GET", "POST"])
@login_required
def new_call():
    department = current_user.department.code if current_user.department else None
    programs = [p for p in all_programs().values() if p.lead == department]
    if not programs or not current_user.is_staff:
        access.ensure_lead(current_user, "")
    errors = {}
    if request.method == "POST":
        try:
            call = calls.open_call(current_user, _call_form(request.form))
        except Invalid as exc:
            errors = exc.errors or {}
            if not errors:
                _refused(exc)
        else:
            flash(_("The call is open."), "success")
            return redirect(url_for("money.call_page", call_id=call.id))
    lines = funds.list_fund_lines()
    return render_template(
        "money/call_new.html",
        programs=programs,
        lines=lines,
        errors=errors,
        form=request.form,
        today=calendar.beijing_today(),
    ), 422 if errors else 200


def _call_form(form) -> calls.CallForm:
    return calls.CallForm(
        program_code=form.get("program_code", ""),
        fund_line_id=int(form.get("fund_line_id") or 0),
        title=form.get("title", ""),
        opens_on=_date(form.get("opens_on")),
        closes_on=_date(form.get("closes_on")),
        always_open=form.get("always_open") == "y",
        budget=form.get("budget", ""),
        ceiling=form.get("ceiling", ""),
        notice_days=int(form.get("notice_days") or 0) if (form.get("notice_days") or "0").isdigit() else -1,
        regions=[r.strip() for r in form.get("regions", "").replace("，", ",").split(",") if r.strip()],
        guide={name: form.get(f"guide_{name}", "") for name in calls.GUIDE_FIELDS},
    )


def _date(value) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.get("/calls/<int:call_id>")
def call_page(call_id: int):
    """The call and its guide (申兑指南): public, as the notice itself is."""
    call = calls.get_call(call_id)
    return render_template(
        "money/call.html",
        call=call,
        program=get_program(call.program_code),
        status=call.status_on(calendar.beijing_today()),
    )


@bp.get("/notices")
def public_notices():
    return render_template("money/notices.html", awards=notices.awards(), now=calendar.now_utc())


@bp.post("/money/cases/<int:application_id>/payments")
@login_required
def pay(application_id: int):
    form = request.form
    return _on_case_page(
        application_id,
        lambda: payments.pay_tranche(
            current_user, application_id, form.get("amount"), _date(form.get("paid_on")), form.get("voucher_no", "")
        ),
        _("Payment recorded."),
    )


@bp.post("/money/cases/<int:application_id>/release")
@login_required
def release(application_id: int):
    return _on_case_page(
        application_id,
        lambda: payments.release_remainder(current_user, application_id, request.form.get("reason", "")),
        _("The remainder was released to the budget."),
    )


@bp.post("/money/cases/<int:application_id>/recoveries")
@login_required
def recover(application_id: int):
    form = request.form
    return _on_case_page(
        application_id,
        lambda: payments.recover(
            current_user, application_id, form.get("amount"), form.get("reason", ""), form.get("article", "")
        ),
        _("Recovery recorded."),
    )


def _on_case_page(application_id: int, change, done: str):
    """A money form on the case page: the change, then back to the page with what happened.
    A refusal of permission is not caught: it is a 403 page."""
    try:
        change()
    except (Invalid, Conflict) as exc:
        _refused(exc)
    else:
        flash(done, "success")
    return redirect(url_for("applicant.application", application_id=application_id))
