"""The background worker (`flask --app wsgi worker`): timers, reminders and escalations, e-mail.

Each round it fires due timers until none are left, sends the reminders and escalations that
are due (task rows), sends the queued e-mails (after the commits that queued them), moves the
inbox's kept counts to the current day's buckets, rebuilds the statistics' roll-up when it is
behind and due, sleeps `interval` seconds, and starts again. SIGTERM
and SIGINT end it after the instance in hand: each instance is one transaction, so a stop (or
a crash) leaves every instance either fired and committed or untouched.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading

from flask import Flask

from webapp.department_work.services import kept_counts, reminders
from webapp.people.services import mail
from webapp.processes.services import timers
from webapp.statistics.services import snapshot as statistics_snapshot

log = logging.getLogger(__name__)


def run_worker(
    app: Flask, interval: float, stop: threading.Event | None = None, *, batch: int = 50, once: bool = False
) -> int:
    """Run until `stop` is set (or, with `once`, until nothing is due); how many instances moved on.

    Without a `stop` of its own the worker listens for SIGTERM and SIGINT (main thread only).
    """
    listen = stop is None
    stop = stop or threading.Event()
    total = 0
    with _stopped_by_signals(stop, listen):
        while not stop.is_set():
            try:
                total += _fire_until_none_due(app, batch, stop)
                _remind_and_mail(app, batch, stop)
                _roll_inbox_counts(app)
                _refresh_statistics(app)
            except Exception:
                # The database went away or a bug surfaced: say so, wait, try again.
                log.exception("timer round failed; retrying in %s s", interval)
                if once:
                    raise
            if once:
                break
            stop.wait(interval)
    return total


def _fire_until_none_due(app: Flask, batch: int, stop: threading.Event) -> int:
    total = 0
    while not stop.is_set():
        with app.app_context():  # a fresh session per batch
            fired = timers.fire_due_timers(batch=batch, stop=stop)
        if not fired:
            break
        total += fired
        log.info("fired the due timers of %d instance(s)", fired)
    return total


def _roll_inbox_counts(app: Flask) -> None:
    with app.app_context():
        moved = kept_counts.roll()
        if moved:
            log.info("moved %d open task(s) to their due/received bucket of now", moved)


def _refresh_statistics(app: Flask) -> None:
    with app.app_context():
        if statistics_snapshot.refresh_if_due():
            log.info("rebuilt the statistics' roll-up tables")


def _remind_and_mail(app: Flask, batch: int, stop: threading.Event) -> None:
    with app.app_context():
        reminded = reminders.send_due(batch=batch, stop=stop)
        if reminded:
            log.info("sent %d reminder(s) and escalation(s)", reminded)
    while not stop.is_set():
        with app.app_context():
            sent = mail.send_queued(batch=batch)
        if not sent:
            break
        log.info("sent %d e-mail(s)", sent)


@contextlib.contextmanager
def _stopped_by_signals(stop: threading.Event, listen: bool):
    if not listen or threading.current_thread() is not threading.main_thread():
        yield  # Python delivers signals to the main thread only; elsewhere the owner sets `stop`
        return

    def request_stop(signum, _frame):
        if not stop.is_set():
            log.info("%s: stopping after the instance in hand", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
