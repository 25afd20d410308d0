"""The ledger as a table the auditor takes away: CSV (UTF-8 with BOM, so Excel reads the Chinese) and XLSX."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook

from webapp.extensions import db
from webapp.models import Application, LedgerEntry, User
from webapp.money.services import ledger
from webapp.money.services.access import ensure_reads_money

COLUMNS = (
    "entry",
    "date",
    "kind",
    "amount",
    "fund_line",
    "call",
    "application",
    "enterprise",
    "voucher_no",
    "account",
    "reason",
    "article",
)


def ledger_rows(user: User, fund_line_id: int | None = None, call_id: int | None = None) -> list[list]:
    ensure_reads_money(user)
    condition = None
    if call_id is not None:
        condition = LedgerEntry.call_id == call_id
    elif fund_line_id is not None:
        condition = LedgerEntry.fund_line_id == fund_line_id
    rows = []
    for entry in ledger.entries(condition, limit=100_000):
        application = db.session.get(Application, entry.application_id)
        rows.append(
            [
                entry.id,
                entry.occurred_on.isoformat(),
                entry.kind,
                Decimal(entry.amount),
                entry.fund_line_id,
                entry.call_id,
                application.number,
                application.enterprise.name,
                entry.voucher_no or "",
                entry.account or "",
                entry.reason or "",
                entry.article or "",
            ]
        )
    return rows


def as_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([f"{v:.2f}" if isinstance(v, Decimal) else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ledger"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
