import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import enum_values, utcnow
from webapp.models.department import Department
from webapp.models.process import ProcessInstance
from webapp.models.user import User


class TaskState(enum.StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# The inbox's orders, each with its index of open tasks, and what those indexes carry besides.
OPEN_TASK_ORDERS = {
    "ix_human_tasks_open_received": "created_at",
    "ix_human_tasks_open_due": "due_at",
    "ix_human_tasks_open_number": "application_number",
}
OPEN_TASK_CARRIED = ("created_at", "due_at", "application_number", "claimed_by_id", "step", "application_id")


def _open_task_index(name: str, column: str) -> Index:
    return Index(
        name,
        "department_id",
        column,
        "id",
        postgresql_where=text("state = 'open'"),
        postgresql_include=[c for c in OPEN_TASK_CARRIED if c != column],
        sqlite_where=text("state = 'open'"),
    )


class HumanTask(db.Model):
    """One row per user task the engine has made READY: the inbox reads these, not the engine."""

    __tablename__ = "human_tasks"
    __table_args__ = (
        # The inbox's counts group a department's open tasks by step, holder, application and the
        # due and received buckets: with every column they read in the index, the count never
        # touches the table (bench/inbox.py: 100,000 open tasks, the page from ~280 to ~125 ms on
        # SQLite). It also serves every lookup by department and state.
        Index(
            "ix_human_tasks_inbox_counts",
            "department_id",
            "state",
            "step",
            "claimed_by_id",
            "application_id",
            "due_at",
            "created_at",
        ),
        Index("ix_human_tasks_instance_state", "instance_id", "state"),
        # The inbox's page: a department's open tasks in the order shown, the id breaking ties, so
        # the first rows of a page come off the index in order at any number of tasks; only open
        # tasks are in them, so they stay the size of the inboxes, not of the history. On
        # PostgreSQL each carries the other columns the inbox filters and sorts on, so a page with
        # filters is found in the index alone (migration e6c3a8d1f5b2).
        *(_open_task_index(name, column) for name, column in OPEN_TASK_ORDERS.items()),
        # The inbox sorts a department's open tasks by receipt or by due date (bench/inbox.py).
        Index("ix_human_tasks_department_state_created", "department_id", "state", "created_at"),
        Index("ix_human_tasks_department_state_due", "department_id", "state", "due_at"),
        # The worker finds the open tasks whose reminder or escalation is due, across departments.
        Index("ix_human_tasks_state_remind", "state", "remind_at"),
        Index("ix_human_tasks_state_due", "state", "due_at"),
        # Statistics: working days and overdue rates per department and step read only this index
        # (bench/statistics_queries.py), and a case's decision and disbursement rows are found by the second.
        Index(
            "ix_human_tasks_statistics",
            "state",
            "department_id",
            "step",
            "created_at",
            "completed_at",
            "due_at",
            "application_id",
        ),
        Index("ix_human_tasks_application_step", "application_id", "step", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    # The application's number, copied when the task arrives (it never changes once given): the
    # inbox sorts by it off an index of open tasks instead of joining and sorting every one.
    application_number: Mapped[str | None] = mapped_column(String(32))
    spiff_task_id: Mapped[str] = mapped_column(String(36))
    step: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str | None] = mapped_column(String(300))
    lane: Mapped[str] = mapped_column(String(100))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    for_applicant: Mapped[bool] = mapped_column(default=False)
    state: Mapped[TaskState] = mapped_column(
        Enum(TaskState, native_enum=False, length=16, values_callable=enum_values), default=TaskState.OPEN
    )
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime | None]
    # The deadline fell in a year with no holiday data: counted Monday to Friday, shown as an estimate.
    due_is_estimate: Mapped[bool] = mapped_column(default=False)
    # A reminder goes to the holder before the due date; past it, the department head is told.
    remind_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    decision: Mapped[str | None] = mapped_column(String(32))
    data: Mapped[dict | None] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=1)

    instance: Mapped[ProcessInstance] = relationship()
    department: Mapped[Department | None] = relationship()
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])
    application = relationship("Application", back_populates="tasks")

    __mapper_args__ = {"version_id_col": revision}

    @property
    def is_open(self) -> bool:
        return self.state == TaskState.OPEN
