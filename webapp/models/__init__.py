"""Database models, one per module; imported here so Alembic sees them all."""

from webapp.models.application import Application, ApplicationStatus
from webapp.models.audit import AuditEntry
from webapp.models.calendar_day import CalendarDay
from webapp.models.case_file import Attachment, CaseComment, DeadlineExtension, InfoCopy, Rating
from webapp.models.department import Department
from webapp.models.enterprise import Enterprise
from webapp.models.fund_line import FundLevel, FundLine
from webapp.models.funding_call import FundingCall
from webapp.models.ledger_entry import EntryKind, LedgerEntry
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
    "Enterprise",
    "EntryKind",
    "FundLevel",
    "FundLine",
    "FundingCall",
    "HumanTask",
    "InfoCopy",
    "LedgerEntry",
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
