"""Database models, one per module; imported here so Alembic sees them all."""

from webapp.models.application import Application, ApplicationStatus
from webapp.models.attachment import Attachment
from webapp.models.audit import AuditChainHead, AuditEntry
from webapp.models.calendar_day import CalendarDay
from webapp.models.call_money_group import CallMoneyGroup
from webapp.models.case_comment import CaseComment
from webapp.models.case_figure_group import CaseFigureGroup
from webapp.models.deadline_extension import DeadlineExtension
from webapp.models.department import Department
from webapp.models.document_counter import DocumentCounter
from webapp.models.document_settings import DocumentSettings
from webapp.models.enterprise import Enterprise
from webapp.models.enterprise_figure_group import EnterpriseFigureGroup
from webapp.models.file_content import FileContent
from webapp.models.fund_line import FundLevel, FundLine
from webapp.models.funding_call import FundingCall
from webapp.models.inbox_count import InboxCount, InboxReference
from webapp.models.info_copy import InfoCopy
from webapp.models.issued_document import DocumentKind, IssuedDocument
from webapp.models.ledger_entry import EntryKind, LedgerEntry
from webapp.models.lookup_attempt import LookupAttempt
from webapp.models.notification import Notification, OutgoingEmail
from webapp.models.process import InstanceStatus, ProcessDefinition, ProcessDraft, ProcessInstance
from webapp.models.rating import Rating
from webapp.models.sign_in_throttle import SignInThrottle
from webapp.models.statistics_snapshot import StatisticsSnapshot
from webapp.models.step_figure_group import StepFigureGroup
from webapp.models.task import HumanTask, TaskState
from webapp.models.user import ApiToken, Role, User
from webapp.models.working_day_number import WorkingDayNumber

__all__ = [
    "ApiToken",
    "Application",
    "ApplicationStatus",
    "Attachment",
    "AuditChainHead",
    "AuditEntry",
    "CalendarDay",
    "CallMoneyGroup",
    "CaseComment",
    "CaseFigureGroup",
    "DeadlineExtension",
    "Department",
    "DocumentCounter",
    "DocumentKind",
    "DocumentSettings",
    "Enterprise",
    "EnterpriseFigureGroup",
    "EntryKind",
    "FileContent",
    "FundLevel",
    "FundLine",
    "FundingCall",
    "HumanTask",
    "InboxCount",
    "InboxReference",
    "InfoCopy",
    "InstanceStatus",
    "IssuedDocument",
    "LedgerEntry",
    "LookupAttempt",
    "Notification",
    "OutgoingEmail",
    "ProcessDefinition",
    "ProcessDraft",
    "ProcessInstance",
    "Rating",
    "Role",
    "SignInThrottle",
    "StatisticsSnapshot",
    "StepFigureGroup",
    "TaskState",
    "User",
    "WorkingDayNumber",
]
