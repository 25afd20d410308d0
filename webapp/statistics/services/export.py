"""A table of figures as CSV or as an Excel workbook (openpyxl), as the page shows it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from webapp.statistics.services.tables import Table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cells(table: Table) -> list[list]:
    header = ["", *[str(label) for _key, label, _kind in table.columns]]
    body = [[row.label, *[_cell(row.values.get(key), kind) for key, _l, kind in table.columns]] for row in table.rows]
    return [header, *body]


def _cell(value, kind: str):
    if value is None:
        return ""
    if kind == "amount":
        return Decimal(str(value))
    return value


def as_csv(table: Table) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([[table.title], *_cells(table)])
    return ("\ufeff" + out.getvalue()).encode()  # the byte-order mark lets Excel read the Chinese


def as_xlsx(table: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.key[:31]
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True)
    for line in _cells(table):
        sheet.append(line)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for index, (_key, _label, kind) in enumerate(table.columns, start=2):
        if kind == "amount":
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 36
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(table: Table, fmt: str) -> bytes:
    return as_csv(table) if fmt == "csv" else as_xlsx(table)
