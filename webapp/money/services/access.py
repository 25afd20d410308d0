"""Who may do what with money: finance arranges funds and pays; a program's lead opens its calls;
the auditor (审计厅) and administrators read everything."""

from __future__ import annotations

from webapp.common.errors import PermissionDenied
from webapp.models import FundLine, User
from workflows.catalogue.chains import FINANCE

AUDIT_OFFICE = "SJT"  # 自治区审计厅


def is_finance(user: User) -> bool:
    return user.is_staff and user.department is not None and user.department.code == FINANCE


def may_read_money(user: User) -> bool:
    return user.is_admin or user.is_auditor or user.is_staff


def ensure_reads_money(user: User) -> None:
    if not may_read_money(user):
        raise PermissionDenied("Only staff, auditors and administrators may see the funds and the ledger.")


def ensure_finance(user: User, line: FundLine | None = None) -> None:
    """Finance staff enter and adjust budgets and make payments; on a line, its arranging department's."""
    if not is_finance(user):
        raise PermissionDenied("Only the finance department's staff may do this.")
    if line is not None and line.arranging_department_id not in (None, user.department_id):
        raise PermissionDenied("This fund line is arranged by another finance department.")


def ensure_lead(user: User, lead_code: str) -> None:
    if not (user.is_staff and user.department is not None and user.department.code == lead_code):
        raise PermissionDenied("Only the program's lead department may open a call for it.")
