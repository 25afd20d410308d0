"""The applicant withdraws a case before its decision (撤回): the instance is cancelled, every open
step closed, and the departments working on it told."""

from __future__ import annotations

from flask_babel import gettext

from webapp.applications.services.applications import ensure_owner
from webapp.common import audit, locking, transaction
from webapp.common.errors import Conflict, Invalid
from webapp.department_work.services import calendar
from webapp.labels import status_label
from webapp.models import Application, ApplicationStatus, User
from webapp.people.services import notifications
from webapp.processes.services import instances

WITHDRAWAL_REASON_MAX = 500


def withdraw_application(user: User, application: Application, reason: str) -> Application:
    """The applicant withdraws before a decision: the instance is cancelled and every open step closed."""
    ensure_owner(user, application)
    reason = (reason or "").strip()
    if not reason or len(reason) > WITHDRAWAL_REASON_MAX:
        message = gettext("Give the reason for withdrawing, in at most 500 characters.")
        raise Invalid("The form has errors.", {"reason": [message]})
    _ensure_withdrawable(application)

    def withdraw() -> Application:
        _ensure_withdrawable(locking.lock_application(application.id))
        _version, workflow = instances.load(application.instance)
        closed = instances.withdraw(application.instance, workflow, reason)
        application.status = ApplicationStatus.WITHDRAWN
        application.closed_at = calendar.now_utc()
        application.withdrawal_reason = reason
        audit.record(
            user,
            "application.withdrawn",
            application,
            application.id,
            {"reason": reason, "closed_tasks": [row.step for row in closed]},
        )
        for row in closed:  # the departments that were working on it stop
            notifications.notify_all(
                notifications.people_for_task(row),
                "withdrawn",
                f"办件 {application.number} 已由申请人撤回：{reason}",
                f"Case {application.number} was withdrawn by the applicant: {reason}",
                application=application,
            )
        return application

    return transaction.run(withdraw, "This case changed while you were withdrawing it; reload and try again.")


def _ensure_withdrawable(application: Application) -> None:
    if application.is_withdrawn:
        raise Conflict("This application was already withdrawn.")
    if application.is_draft or application.instance is None:
        raise Conflict("This application has not been submitted; a draft needs no withdrawal.")
    if application.decision_task is not None:
        raise Conflict("A decision has already been made on this application; it can no longer be withdrawn.")
    if application.instance.status == "completed":
        raise Conflict(
            "This application is closed (%(status)s); it can no longer be withdrawn.",
            status=status_label(application.status),
        )
    if application.instance.status != "running":
        raise Conflict(
            "This case is not running (%(state)s); only a running case can be withdrawn.",
            state=status_label(application.instance.status),
        )
