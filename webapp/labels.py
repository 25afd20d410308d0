"""Translated names for the status and decision values the processes use."""

from flask_babel import lazy_gettext as _l

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
}

DECISION_LABELS = {
    "approve": _l("Approved"),
    "return": _l("Returned for correction"),
    "reject": _l("Rejected"),
    "submit": _l("Submitted"),
}


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def decision_text(decision: str | None) -> str:
    return str(DECISION_LABELS.get(decision, decision or ""))


def register(app) -> None:
    from flask_babel import get_locale

    app.jinja_env.globals.update(status_label=status_label, decision_text=decision_text, get_locale=get_locale)
