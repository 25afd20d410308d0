"""An assisting department said 不同意: the decider sees it, and approving over it needs a reason on file."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from webapp.common.errors import Invalid
from webapp.models import HumanTask, TaskState
from webapp.models.application import DECISION_STEP

REASON_FIELD = "dissent_reason"
REASON_LABEL = _l("Reason for approving over the disagreement")
REASON_MAX = 2000


def dissents(task: HumanTask) -> list[HumanTask]:
    """On the lead's decision step: the other departments' latest opinions that disagree."""
    if task.step != DECISION_STEP or task.application is None:
        return []
    latest: dict[str, HumanTask] = {}
    for row in task.application.tasks:
        if row.state == TaskState.COMPLETED and not row.for_applicant and row.department_id != task.department_id:
            latest[row.step] = row
    return [row for row in latest.values() if row.decision == "reject"]


def checked_reason(task: HumanTask, data: dict, reason: str | None) -> str | None:
    """The reason, required (422) when the decision approves over a disagreement; None otherwise."""
    if data.get("decision") != "approve" or not dissents(task):
        return None
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        message = gettext("An assisting department disagreed: give the reason for approving over its opinion.")
        raise Invalid("The form has errors.", {REASON_FIELD: [message]})
    return reason
