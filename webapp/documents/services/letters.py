"""The written decision (审批决定书): what it says, gathered from the stored case when it is asked for.

Nothing is filed: the decide step's data, the program and the Measures' articles are all kept,
so the letter can be drawn again at any time and always matches the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date
from decimal import Decimal, InvalidOperation

from webapp.common.errors import NotFound
from webapp.models import Application
from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.model import Article
from workflows.programs import Program, get_program
from workflows.working_days import BEIJING

RIGHTS = (
    "你单位如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，"
    "也可以自收到本决定书之日起六个月内依法提起行政诉讼。"
)


@dataclass(frozen=True)
class DecisionLetter:
    number: str
    enterprise: str
    credit_code: str
    program: Program
    approved: bool
    amount: Decimal | None  # the approved amount in yuan; None for a rejection
    reasons: str
    articles: list[Article]
    department: str  # the deciding department, as the letter's issuer
    decided_on: date  # Beijing date
    rights: str = RIGHTS


def decision_letter(application: Application) -> DecisionLetter:
    """The letter for a case whose lead has decided; NotFound before that (the caller checked access)."""
    task = application.decision_task
    program = get_program(application.program_code)
    if task is None or program is None:
        raise NotFound("No decision has been made on this application yet.")
    data = task.data or {}
    approved = data.get("decision") == "approve"
    return DecisionLetter(
        number=application.number,
        enterprise=application.enterprise.name,
        credit_code=application.enterprise.credit_code,
        program=program,
        approved=approved,
        amount=_yuan(data.get("approved_amount")) if approved else None,
        reasons=str(data.get("reasons") or "").strip(),
        articles=_articles(program.measures_articles),
        department=task.department.name_zh if task.department else task.lane,
        decided_on=task.completed_at.replace(tzinfo=UTC).astimezone(BEIJING).date(),
    )


def _yuan(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _articles(numbers) -> list[Article]:
    by_number = {article.number: article for article in load_catalogue().articles}
    return [by_number[n] for n in numbers if n in by_number]
