"""The most an applicant may ask for, from their own answers: asked at submission, before any review.

The figure comes from the decision step's own cap table (the DMN the decider's check runs, asked
through `runner.ceiling`), lowered to the call's per-applicant ceiling where the call sets one.
A sub-point that names no figure (（十六）3, （二十）4) is held to its call's ceiling.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext

from webapp.common.errors import Invalid
from webapp.labels import amount as shown
from webapp.models import FundingCall
from workflows.engine import runner
from workflows.programs import Program

DECISION_STEP = "decide"


@dataclass(frozen=True)
class Limit:
    cap: Decimal | None
    basis: str


def call_basis(call: FundingCall, program: Program) -> str:
    return gettext(
        "call “%(title)s” for %(ref)s: at most %(cap)s yuan per applicant",
        title=call.title,
        ref=program.rule_ref,
        cap=shown(call.ceiling),
    )


def allowed(workflow, version, task_id: str, answers: dict, program: Program, call: FundingCall | None) -> Limit:
    rule = runner.ceiling(workflow, version, task_id, answers, DECISION_STEP)
    if call is not None and call.ceiling is not None and (rule.cap is None or call.ceiling < rule.cap):
        return Limit(Decimal(call.ceiling), call_basis(call, program))
    return Limit(rule.cap, rule.basis)


def ensure_within(requested, limit: Limit) -> None:
    """Refuse, naming the figure and citing the sub-point, an amount above what the answers allow."""
    if limit.cap is None or requested is None:
        return
    requested = Decimal(str(requested))
    if limit.cap <= 0:
        message = "Your answers do not qualify for this grant: %(basis)s."
        params = {"basis": limit.basis}
    elif requested > limit.cap:
        message = "The most your answers allow is %(cap)s yuan (%(basis)s); you asked for %(amount)s."
        params = {"cap": shown(limit.cap), "basis": limit.basis, "amount": shown(requested)}
    else:
        return
    raise Invalid(message, {"amount_requested": [gettext(message, **params)]}, **params)
