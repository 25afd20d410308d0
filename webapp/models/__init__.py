"""Database models, one per module; imported here so Alembic sees them all."""

from webapp.models.application import Application, ApplicationStatus
from webapp.models.audit import AuditEntry
from webapp.models.calendar_day import CalendarDay
from webapp.models.case_file import Attachment, CaseComment, DeadlineExtension, InfoCopy, Rating
from webapp.models.department import Department
from webapp.models.document_counter import DocumentCounter
from webapp.models.document_settings import DocumentSettings
from webapp.models.enterprise import Enterprise
from webapp.models.issued_document import DocumentKind, IssuedDocument
from webapp.models.lookup_attempt import LookupAttempt
from webapp.models.notification import Notification, OutgoingEmail
from webapp.models.process import ProcessDefinition, ProcessDraft, ProcessInstance
from webapp.models.task import HumanTask, TaskState
from webapp.models.user import ApiToken, Role, User

__all__ = [
    "ApiToken",
    "Application",
    "ApplicationStatus",
    "Attachment",
    "AuditEntry",
    "CalendarDay",
    "CaseComment",
    "DeadlineExtension",
    "Department",
    "DocumentCounter",
    "DocumentKind",
    "DocumentSettings",
    "Enterprise",
    "HumanTask",
    "InfoCopy",
    "IssuedDocument",
    "LookupAttempt",
    "Notification",
    "OutgoingEmail",
    "ProcessDefinition",
    "ProcessDraft",
    "ProcessInstance",
    "Rating",
    "Role",
    "TaskState",
    "User",
]
