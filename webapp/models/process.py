import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.extensions import db
from webapp.models._columns import utcnow


class ProcessDefinition(db.Model):
    """One uploaded version of a process: its BPMN, the DMN tables it calls, and who put it there.

    Versions are never edited: a change is a new version, and instances keep the one they began on.
    """

    __tablename__ = "process_definitions"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(300))
    bpmn_xml: Mapped[str] = mapped_column(Text)
    dmn_xml: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_hash: Mapped[str] = mapped_column(String(64))
    published: Mapped[bool] = mapped_column(default=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What the administrator said the version changes, given when publishing.
    comment: Mapped[str | None] = mapped_column(Text)

    uploaded_by = relationship("User")

    def sources(self) -> tuple[bytes, list[bytes]]:
        return self.bpmn_xml.encode(), [d.encode() for d in self.dmn_xml]


class ProcessDraft(db.Model):
    """Unpublished work on a process in the modeler: one per process key, shared by the administrators.

    Saving a draft runs nothing; publishing it makes a new ProcessDefinition version.
    `revision` turns two administrators saving over each other into a conflict.
    """

    __tablename__ = "process_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    bpmn_xml: Mapped[str] = mapped_column(Text)
    dmn_xml: Mapped[list[str]] = mapped_column(JSON, default=list)
    base_definition_id: Mapped[int | None] = mapped_column(ForeignKey("process_definitions.id"))
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    revision: Mapped[int] = mapped_column(default=1)

    base_definition: Mapped[ProcessDefinition | None] = relationship()
    saved_by = relationship("User")

    __mapper_args__ = {"version_id_col": revision}


class InstanceStatus(enum.StrEnum):
    """Where an instance stands: the worker wakes only RUNNING ones; UNFINISHED can still move on."""

    RUNNING = "running"
    COMPLETED = "completed"
    ERROR = "error"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"

    @classmethod
    def unfinished(cls) -> tuple["InstanceStatus", ...]:
        return (cls.RUNNING, cls.ERROR, cls.SUSPENDED)


class ProcessInstance(db.Model):
    """A running (or finished) approval chain; `revision` makes concurrent saves collide loudly."""

    __tablename__ = "process_instances"

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"), index=True)
    state: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=InstanceStatus.RUNNING, index=True)
    outcome: Mapped[str | None] = mapped_column(String(64))
    next_timer_due: Mapped[datetime | None] = mapped_column(index=True)
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    definition: Mapped[ProcessDefinition] = relationship()

    __mapper_args__ = {"version_id_col": revision}
