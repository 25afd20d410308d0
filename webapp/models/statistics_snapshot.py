from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class StatisticsSnapshot(db.Model):
    """One row: when the statistics' roll-up tables were last built, and from what.

    `audit_seq` is the audit chain's length when the build began: every change the figures count
    (a submission, a step, a payment, a profile, a calendar day) writes an audit entry, so a longer
    chain means the roll-up is behind. `build_ms` decides who rebuilds it: a request, when a build
    is quick; the worker, when it is not (webapp/statistics/services/snapshot.py).
    """

    __tablename__ = "statistics_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    built_at: Mapped[datetime | None]  # naive UTC on the product's clock; None: never built
    audit_seq: Mapped[int] = mapped_column(default=-1)
    build_ms: Mapped[int] = mapped_column(default=0)
