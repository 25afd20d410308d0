"""The roll-up of the ledger (CallMoneyGroup): each call's entries summed by kind, and its cases
committed, for the budget execution tables (rollup.py calls this)."""

from __future__ import annotations

from sqlalchemy import case, func, insert, select

from webapp.extensions import db
from webapp.models import CallMoneyGroup, EntryKind, LedgerEntry
from webapp.statistics.services.sql import flag


def insert_call_money() -> None:
    """The ledger per call: each kind of entry summed, and the cases committed (each case once,
    hashed per case first: count(DISTINCT) would sort)."""
    kinds = [kind.value for kind in EntryKind]
    per_case = (
        select(
            LedgerEntry.call_id,
            LedgerEntry.fund_line_id,
            *[func.sum(case((LedgerEntry.kind == kind, LedgerEntry.amount), else_=0)).label(kind) for kind in kinds],
            func.max(flag(LedgerEntry.kind == EntryKind.COMMITMENT)).label("committed"),
        )
        .group_by(LedgerEntry.call_id, LedgerEntry.fund_line_id, LedgerEntry.application_id)
        .subquery("per_case")
    )
    keys = [per_case.c.call_id, per_case.c.fund_line_id]
    statement = select(*keys, *[func.sum(per_case.c[k]) for k in kinds], func.sum(per_case.c.committed)).group_by(*keys)
    columns = ["call_id", "fund_line_id", *kinds, "cases"]
    db.session.execute(insert(CallMoneyGroup).from_select(columns, statement))
