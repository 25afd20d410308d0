"""Words and formats the templates share: statuses, decisions, titles, times, amounts."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l

from workflows.programs import get_program

STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "awaiting_acceptance": _l("Awaiting acceptance"),
    "correction_requested": _l("Correction requested"),
    "under_review": _l("Under joint review"),
    "awaiting_decision": _l("Awaiting decision"),
    "awaiting_disbursement": _l("Approved, awaiting disbursement"),
    "disbursed": _l("Disbursed"),
    "rejected": _l("Rejected"),
    "not_accepted": _l("Not accepted"),
    "completed": _l("Completed"),
    "in_progress": _l("In progress"),
    "open": _l("Open"),
    "cancelled": _l("Cancelled"),
}

DECISION_LABELS = {
    "approve": _l("Approved"),
    "return": _l("Returned for correction"),
    "reject": _l("Rejected"),
    "submit": _l("Submitted"),
}


def _english() -> bool:
    return str(get_locale()).startswith("en")


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def decision_text(decision: str | None) -> str:
    return str(DECISION_LABELS.get(decision, decision or ""))


def task_title(task) -> str:
    return task.title_en if _english() and task.title_en else task.title


def department_name(department) -> str:
    return department.name(str(get_locale())) if department else ""


def program_title(code: str) -> str:
    program = get_program(code)
    return program.title(str(get_locale())) if program else code


def local_time(moment: datetime | None) -> str:
    """Stored times are UTC; people read Beijing time (BABEL_DEFAULT_TIMEZONE)."""
    return format_datetime(moment, "yyyy-MM-dd HH:mm") if moment else ""


def local_date(moment: datetime | None) -> str:
    return format_datetime(moment, "yyyy-MM-dd") if moment else ""


def amount(value) -> str:
    """300000 -> 300,000.00; anything that is not a number is shown as it is."""
    try:
        return format_decimal(Decimal(str(value)), format="#,##0.00")
    except (InvalidOperation, ValueError):
        return str(value)


def register(app) -> None:
    app.jinja_env.globals.update(
        status_label=status_label,
        decision_text=decision_text,
        task_title=task_title,
        department_name=department_name,
        program_title=program_title,
        get_locale=get_locale,
    )
    app.jinja_env.filters.update(local_time=local_time, local_date=local_date, amount=amount)
