from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class InboxCount(db.Model):
    """How many open tasks of a department share every dimension the inbox counts by.

    Kept in the transaction that changes a task or its application's status
    (webapp/department_work/services/kept_counts.py), so the inbox reads a few hundred rows
    instead of grouping a million tasks. The due and received buckets are those of the moments in
    `InboxReference`; a reader corrects them for the tasks that crossed a bucket's edge since.
    Empty keys instead of NULLs ("" no application, 0 unclaimed) so a key is one row.
    """

    __tablename__ = "inbox_counts"

    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)
    program_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(32), primary_key=True)
    step: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder_id: Mapped[int] = mapped_column(primary_key=True)
    bucket: Mapped[int] = mapped_column(primary_key=True)  # due * 3 + received (task_counts.bucket_of)
    tasks: Mapped[int] = mapped_column(default=0)


class InboxReference(db.Model):
    """One row: the moments the kept counts' due and received buckets were computed against.

    Rolled forward by the worker (it moves the tasks that crossed an edge, then these moments);
    `version` tells a reader that read these moments whether its counts were kept against them.
    """

    __tablename__ = "inbox_reference"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    now: Mapped[datetime]
    today_start: Mapped[datetime]
    recent_start: Mapped[datetime]
    soon_end: Mapped[datetime]
