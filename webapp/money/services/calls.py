"""A lead department opens a call (申报批次) for its program: dates, a budget from a fund line, the guide."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext
from sqlalchemy import select

from webapp.common import audit
from webapp.common.errors import Conflict, Invalid, NotFound
from webapp.common.transaction import unit_of_work
from webapp.department_work.services import calendar
from webapp.extensions import db
from webapp.labels import amount as shown
from webapp.models import Application, Department, FundingCall, User
from webapp.money.services import ledger
from webapp.money.services.access import ensure_lead
from webapp.money.services.funds import get_fund_line, parse_money
from workflows.programs import get_program

GUIDE_FIELDS = ("eligibility", "conditions", "documents", "time_limit", "contact")


@dataclass
class CallForm:
    program_code: str
    fund_line_id: int
    title: str
    opens_on: date | None
    closes_on: date | None  # None with `always_open`: a continuous program's standing call
    budget: object
    ceiling: object = None
    always_open: bool = False
    notice_days: int = 5
    regions: list[str] = field(default_factory=list)
    guide: dict[str, str] = field(default_factory=dict)


def open_call(user: User, form: CallForm) -> FundingCall:
    program = get_program(form.program_code)
    if program is None:  # a form field like any other: said on the form, not a missing page
        message = "Choose the program the call is for."
        raise Invalid(message, {"program_code": [gettext(message)]})
    ensure_lead(user, program.lead)
    line = get_fund_line(form.fund_line_id)
    budget = parse_money(form.budget, "budget")
    ceiling = parse_money(form.ceiling, "ceiling") if str(form.ceiling or "").strip() else None
    _check_form(form, program, line, ceiling)
    with unit_of_work():
        line = ledger.lock_fund_line(line.id)  # two calls opened at once cannot both take the last yuan
        free = line.budget - ledger.allocated_to_calls(line)
        if budget > free:
            message = "The fund line has %(free)s yuan not yet given to a call; this call asks for %(budget)s."
            params = {"free": shown(free), "budget": shown(budget)}
            raise Invalid(message, {"budget": [gettext(message, **params)]}, **params)
        call = FundingCall(
            program_code=program.code,
            year=line.year,
            title=form.title.strip(),
            fund_line_id=line.id,
            lead_department_id=user.department_id,
            opens_on=form.opens_on,
            closes_on=None if form.always_open else form.closes_on,
            budget=budget,
            ceiling=ceiling,
            regions=[r for r in form.regions if r] or None,
            notice_days=form.notice_days,
            created_by_id=user.id,
            **{f"guide_{name}": (form.guide.get(name) or "").strip() for name in GUIDE_FIELDS},
        )
        db.session.add(call)
        db.session.flush()
        audit.record(user, "call.opened", call, None, {"program": program.code, "budget": str(budget)})
    return call


def _check_form(form: CallForm, program, line, ceiling) -> None:
    errors = {}
    if program.code not in (line.programs or []):
        errors["fund_line_id"] = [gettext("This fund line does not fund this program.")]
    if not (form.title or "").strip():
        errors["title"] = [gettext("Give the call a title.")]
    if form.opens_on is None:
        errors["opens_on"] = [gettext("Give the date the call opens.")]
    if not form.always_open and (form.closes_on is None or (form.opens_on and form.closes_on < form.opens_on)):
        errors["closes_on"] = [
            gettext("Give a closing date on or after the opening date, or make the call always open.")
        ]
    if ceiling is None and program.cap_yuan is None:
        errors["ceiling"] = [
            gettext(
                "%(ref)s names no ceiling of its own: give the most one applicant may receive.", ref=program.rule_ref
            )
        ]
    if not 0 <= int(form.notice_days or 0) <= 30:
        errors["notice_days"] = [gettext("The public notice lasts between 0 and 30 working days.")]
    if errors:
        raise Invalid("The form has errors.", errors)


def get_call(call_id: int) -> FundingCall:
    call = db.session.get(FundingCall, call_id)
    if call is None:
        raise NotFound("No such call.")
    return call


def list_calls(program_code: str | None = None) -> list[FundingCall]:
    query = select(FundingCall).order_by(FundingCall.opens_on.desc(), FundingCall.id.desc())
    if program_code:
        query = query.where(FundingCall.program_code == program_code)
    return list(db.session.scalars(query))


def open_calls(today: date | None = None, prefecture: str | None = None) -> list[FundingCall]:
    """Calls an applicant may apply under today, the soonest closing first (always-open ones last)."""
    today = today or calendar.beijing_today()
    found = [c for c in list_calls() if c.is_open_on(today) and _open_to(c, prefecture)]
    return sorted(found, key=lambda c: (c.closes_on is None, c.closes_on or date.max, c.id))


def _open_to(call: FundingCall, prefecture: str | None) -> bool:
    return not call.regions or prefecture in call.regions


def call_for_submission(application: Application) -> FundingCall:
    """The call an application is submitted under (the one it chose, or the soonest closing open
    one), or a refusal that names the dates."""
    today = calendar.beijing_today()
    if application.call_id is not None:
        chosen = get_call(application.call_id)
        if chosen.is_open_on(today):
            return chosen
        _refuse_outside(chosen, today)
    prefecture = application.enterprise.region_prefecture
    calls = [c for c in open_calls(today, prefecture) if c.program_code == application.program_code]
    if calls:
        return calls[0]
    known = [c for c in list_calls(application.program_code) if _open_to(c, prefecture)]
    upcoming = sorted((c for c in known if c.opens_on > today), key=lambda c: c.opens_on)
    if upcoming or known:
        _refuse_outside(upcoming[0] if upcoming else max(known, key=lambda c: c.closes_on or date.max), today)
    raise Conflict("No call for applications is open for this program; watch for the lead department's notice.")


def _refuse_outside(call: FundingCall, today: date):
    if today < call.opens_on:
        raise Conflict(
            "Applications under the call “%(title)s” are accepted from %(opens)s to %(closes)s; today is %(today)s.",
            title=call.title,
            opens=call.opens_on.isoformat(),
            closes=_closing(call),
            today=today.isoformat(),
        )
    raise Conflict(
        "The call “%(title)s” accepted applications from %(opens)s to %(closes)s; it is closed.",
        title=call.title,
        opens=call.opens_on.isoformat(),
        closes=_closing(call),
    )


def choose_call(application: Application, call_id) -> None:
    """The applicant applies under a call they picked from the open calls (any one of its program)."""
    if call_id in (None, ""):
        return
    call = db.session.get(FundingCall, int(call_id)) if str(call_id).isdigit() else None
    if call is None or call.program_code != application.program_code:
        raise Invalid("The form has errors.", {"call": [gettext("Choose a call of this program.")]})
    application.call_id = call.id


def _closing(call: FundingCall) -> str:
    return call.closes_on.isoformat() if call.closes_on else "—"


def lead_department(code: str) -> Department | None:
    return db.session.scalar(select(Department).where(Department.code == code))
