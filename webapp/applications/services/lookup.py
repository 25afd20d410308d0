"""The public status lookup (办件查询): an application number and its query code, no login.

Shows only what anyone holding both may know: the status, the department(s) handling the case
now, the submission date, whether the applicant must act and the case clock (working days used
and left). Nothing of the application's
data, no opinions, no names. A wrong number and a wrong code give the same answer.

Failed attempts are counted per client IP in the database (`lookup_attempts`), so every server
process shares one count and a restart does not clear it; past the limit every attempt from
that client, right or wrong, is refused with 429 until the oldest failure leaves the window.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from webapp.applications.services.case_clock import CaseClockView, case_clock_of
from webapp.common.errors import NotFound, TooManyAttempts
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Application, Department, LookupAttempt, TaskState
from webapp.models._columns import utcnow


@dataclass(frozen=True)
class PublicStatus:
    number: str
    status: str
    submitted_at: datetime | None
    departments: list[Department] = field(default_factory=list)
    applicant_must_act: bool = False
    case_clock: CaseClockView | None = None  # working days used and left: public, like the status


def lookup_status(number: str, query_code: str, client_ip: str | None) -> PublicStatus:
    client = _client_key(client_ip)
    _ensure_not_limited(client)
    application = db.session.scalar(select(Application).where(Application.number == number))
    if application is None or not application.check_query_code(query_code):
        _record_failure(client)
        # The one answer for a wrong number and a wrong code: which one was wrong is not said.
        raise NotFound("No application matches this number and query code. Check both and try again.")
    return _public_status(application)


def _public_status(application: Application) -> PublicStatus:
    open_tasks = [t for t in application.tasks if t.state == TaskState.OPEN]
    departments = list({t.department_id: t.department for t in open_tasks if t.department}.values())
    return PublicStatus(
        number=application.number,
        status=application.status,
        submitted_at=application.submitted_at,
        departments=departments,
        applicant_must_act=any(t.for_applicant for t in open_tasks),
        case_clock=case_clock_of(application),
    )


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOOKUP_WINDOW_MINUTES"])


def _ensure_not_limited(client: str) -> None:
    since = utcnow() - _window()
    count, oldest = db.session.execute(
        select(func.count(), func.min(LookupAttempt.at)).where(LookupAttempt.client == client, LookupAttempt.at > since)
    ).one()
    if count >= current_app.config["LOOKUP_MAX_FAILURES"]:
        wait = int((oldest + _window() - utcnow()).total_seconds()) + 1
        raise TooManyAttempts(
            "Too many failed lookups from your network. Try again in %(minutes)s minutes.",
            retry_after=wait,
            minutes=max(1, -(-wait // 60)),
        )


def _record_failure(client: str) -> None:
    """Committed on its own: the refusal that follows must not roll it back."""
    with unit_of_work():
        db.session.execute(delete(LookupAttempt).where(LookupAttempt.at <= utcnow() - _window()))
        db.session.add(LookupAttempt(client=client))


def _client_key(client_ip: str | None) -> str:
    """A keyed hash of the IP: the table counts attempts without keeping visitors' addresses."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, (client_ip or "unknown").encode(), hashlib.sha256).hexdigest()
