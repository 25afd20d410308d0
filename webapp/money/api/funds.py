"""GET /api/v1/funds and /api/v1/calls (the figures every line and call stands at), and finance's
payment, release and recovery of a case's money."""

from __future__ import annotations

from datetime import date

from flask import g, request
from flask_babel import gettext

from webapp.api import api_bp
from webapp.api.auth import json_body, token_required
from webapp.api.schemas import REFUSALS, body, query, refusals
from webapp.common.errors import Invalid
from webapp.department_work.services import calendar
from webapp.money.api import schemas as s
from webapp.money.services import access, calls, funds, ledger, payments


def fund_json(line) -> dict:
    figures = ledger.fund_figures(line)
    return {"id": line.id, "year": line.year, "name": line.name, **figures.as_dict(), "programs": list(line.programs)}


def call_json(call, today: date) -> dict:
    figures = ledger.call_figures(call)
    return {
        "id": call.id,
        "program": call.program_code,
        "opens_on": call.opens_on.isoformat(),
        "closes_on": call.closes_on.isoformat() if call.closes_on else None,
        "budget": f"{call.budget:.2f}",
        "ceiling": f"{call.ceiling:.2f}" if call.ceiling is not None else None,
        "committed": f"{figures.committed:.2f}",
        "available": f"{figures.available:.2f}",
        "status": call.status_on(today),
    }


@api_bp.get("/funds")
@api_bp.response(200, s.FundListSchema)
@query(s.FundQuery)
@refusals(*REFUSALS, 422)
@token_required
def list_funds():
    """Fund lines with their figures (staff, auditors, administrators)"""
    access.ensure_reads_money(g.api_user)
    return {"funds": [fund_json(line) for line in funds.list_fund_lines(_year(request.args.get("year")))]}


@api_bp.get("/calls")
@api_bp.response(200, s.CallListSchema)
@query(s.CallQuery)
@refusals(*REFUSALS)
@token_required
def list_calls():
    """Anyone signed in reads the calls: applicants look for open ones."""
    today = calendar.beijing_today()
    found = calls.list_calls(request.args.get("program") or None)
    if request.args.get("status"):
        found = [c for c in found if c.status_on(today) == request.args["status"]]
    return {"calls": [call_json(c, today) for c in found]}


def _year(value: str | None) -> int | None:
    """A budget year as the statistics read one; anything else is refused, not widened to every year."""
    value = (value or "").strip()
    if value and not (value.isdigit() and 2000 <= int(value) <= 2100):
        raise Invalid("The form has errors.", {"year": [gettext("A year such as 2026.")]})
    return int(value) if value else None


def _date(value, field: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise Invalid("The form has errors.", {field: ["YYYY-MM-DD"]}) from exc


def _entry_json(entry) -> dict:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "amount": str(entry.amount),
        "occurred_on": entry.occurred_on.isoformat(),
    }


@api_bp.post("/applications/<int:application_id>/payments")
@api_bp.response(201, s.EntrySchema)
@body(s.PaymentBody)
@refusals(*REFUSALS, 409, 422)
@token_required
def pay(application_id: int):
    """Finance pays a further tranche of a partly paid case"""
    access.ensure_finance(g.api_user)  # who may, before what they sent
    body = json_body()
    paid_on = _date(body.get("paid_on") or calendar.beijing_today().isoformat(), "paid_on")
    entry = payments.pay_tranche(g.api_user, application_id, body.get("amount"), paid_on, body.get("voucher_no"))
    return _entry_json(entry)


@api_bp.post("/applications/<int:application_id>/release")
@api_bp.response(201, s.EntrySchema)
@body(s.ReleaseBody)
@refusals(*REFUSALS, 409, 422)
@token_required
def release(application_id: int):
    """Finance releases the unpaid remainder to the call's budget"""
    access.ensure_finance(g.api_user)
    entry = payments.release_remainder(g.api_user, application_id, json_body().get("reason"))
    return _entry_json(entry)


@api_bp.post("/applications/<int:application_id>/recoveries")
@api_bp.response(201, s.EntrySchema)
@body(s.RecoveryBody)
@refusals(*REFUSALS, 409, 422)
@token_required
def recover(application_id: int):
    """Finance records money recovered (追回) after payment, with the reason and the article"""
    access.ensure_finance(g.api_user)
    body = json_body()
    entry = payments.recover(g.api_user, application_id, body.get("amount"), body.get("reason"), body.get("article"))
    return _entry_json(entry)
