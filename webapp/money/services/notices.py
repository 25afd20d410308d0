"""The public notice (公示) of each call's intended awards: who, what project, how much, until when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Application, EntryKind, FundingCall, LedgerEntry
from webapp.money.services import ledger
from webapp.money.services.commitments import notice_ends


@dataclass(frozen=True)
class Award:
    call: FundingCall
    number: str
    enterprise: str
    project: str
    amount: Decimal
    notice_until: datetime | None


def awards() -> list[Award]:
    """Every committed award, newest call first: the notice shows them during and after its days."""
    committed = db.session.scalars(
        select(Application)
        .where(Application.id.in_(select(LedgerEntry.application_id).where(LedgerEntry.kind == EntryKind.COMMITMENT)))
        .order_by(Application.call_id.desc(), Application.id)
    )
    found = []
    for application in committed:
        figures = ledger.case_figures(application)
        found.append(
            Award(
                call=application.call,
                number=application.number,
                enterprise=application.enterprise.name,
                project=str(application.data.get("project_name") or application.data.get("centre_name") or ""),
                amount=figures.committed,
                notice_until=notice_ends(application),
            )
        )
    return found
