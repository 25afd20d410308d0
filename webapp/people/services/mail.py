"""Sending the queued e-mails: what the worker does after the steps that queued them committed.

Each message is sent in its own transaction with its row locked (`FOR UPDATE SKIP LOCKED`), so
two workers never send one twice. A failure is recorded on the row (attempts, last error) and
tried again later, waiting longer each time; after MAX_ATTEMPTS it is left for a person.
Without MAIL_SERVER (development) messages are appended to a local mbox file instead.
"""

from __future__ import annotations

import logging
import mailbox
import smtplib
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from webapp.common.transaction import claim_ids
from webapp.extensions import db
from webapp.models import OutgoingEmail
from webapp.models._columns import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, … minutes after the n-th failure, never more than six hours."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def send_queued(now: datetime | None = None, batch: int = 50) -> int:
    """Send up to `batch` e-mails that are due; how many went out."""
    now = now or utcnow()
    ids = _claim(now, batch)
    return sum(_send_one(email_id, now) for email_id in ids)


def _pending(now: datetime):
    return (
        OutgoingEmail.sent_at.is_(None),
        OutgoingEmail.next_attempt_at <= now,
        OutgoingEmail.attempts < MAX_ATTEMPTS,
    )


def _claim(now: datetime, batch: int) -> list[int]:
    return claim_ids(
        select(OutgoingEmail.id)
        .where(*_pending(now))
        .order_by(OutgoingEmail.next_attempt_at, OutgoingEmail.id)
        .limit(batch)
    )


def _send_one(email_id: int, now: datetime) -> bool:
    email = db.session.scalar(
        select(OutgoingEmail)
        .where(OutgoingEmail.id == email_id, *_pending(now))
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    if email is None:  # another worker sent it, or holds it now
        db.session.rollback()
        return False
    email.attempts += 1
    try:
        deliver(_message(email))
    except Exception as exc:
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        email.next_attempt_at = now + retry_delay(email.attempts)
        log.warning("e-mail %s to %s failed (attempt %s): %s", email.id, email.to_address, email.attempts, exc)
        db.session.commit()
        return False
    email.sent_at = utcnow()
    email.last_error = None
    db.session.commit()
    return True


def _message(email: OutgoingEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Message-ID"] = f"<notification-{email.id}@{current_app.config['MAIL_FROM'].split('@')[-1]}>"
    message.set_content(email.body)
    return message


def _lock_waiting(box: mailbox.mbox, seconds: float = 10.0) -> None:
    """mbox's lock does not wait: with two workers appending at once one failed and waited minutes
    for its retry (tests/test_two_nodes.py). Wait for the other's append instead."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            box.lock()
            return
        except mailbox.ExternalClashError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def deliver(message: EmailMessage) -> None:
    """Over SMTP when MAIL_SERVER is set; otherwise into the development mailbox (MAIL_OUTBOX)."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        path = Path(config["MAIL_OUTBOX"])
        path.parent.mkdir(parents=True, exist_ok=True)
        box = mailbox.mbox(str(path))
        try:
            _lock_waiting(box)
            box.add(message)
            box.flush()
        finally:
            box.unlock()
            box.close()
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
