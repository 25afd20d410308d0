"""Duplicate funding: what auditors look for is the same project funded twice.

Shown to the department when it accepts and decides a case: the same enterprise's other
applications in this and the past two years, and any enterprise's cases whose project name or
summary closely matches this one's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Application
from webapp.money.services import ledger

SIMILAR = 0.8  # a project name this close (difflib's ratio) is worth a look
LOOKBACK = 500  # the latest cases compared by name


@dataclass(frozen=True)
class Related:
    application: Application
    why: str  # "same_enterprise" or "similar_project"
    committed: object


def related_cases(application: Application) -> list[Related]:
    since = datetime(application.created_at.year - 2, 1, 1)
    own = db.session.scalars(
        select(Application)
        .where(Application.enterprise_id == application.enterprise_id, Application.id != application.id)
        .where(Application.created_at >= since, Application.status.notin_(("draft", "discarded")))
        .order_by(Application.id.desc())
    )
    found = {a.id: Related(a, "same_enterprise", ledger.case_figures(a).committed) for a in own}
    name = _project(application)
    if name:
        others = db.session.scalars(
            select(Application)
            .where(
                Application.enterprise_id != application.enterprise_id,
                Application.status.notin_(("draft", "discarded")),
            )
            .order_by(Application.id.desc())
            .limit(LOOKBACK)
        )
        for other in others:
            if SequenceMatcher(None, name, _project(other)).ratio() >= SIMILAR:
                found[other.id] = Related(other, "similar_project", ledger.case_figures(other).committed)
    return list(found.values())


def _project(application: Application) -> str:
    data = application.data or {}
    return str(data.get("project_name") or data.get("centre_name") or data.get("base_name") or "").strip()
