"""The ledger's pages: every fund line, call and entry for those who read money, its CSV and Excel
downloads, and the audit trail the auditor takes away."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.department_work.services import calendar
from webapp.money.routes import bp
from webapp.money.services import access, audit_export, calls, exports, funds, ledger


@bp.get("/money/ledger")
@login_required
def ledger_page():
    access.ensure_reads_money(current_user)
    lines = [(line, ledger.fund_figures(line)) for line in funds.list_fund_lines()]
    rows = [(c, ledger.call_figures(c)) for c in calls.list_calls()]
    entries = exports.ledger_rows(current_user)
    return render_template(
        "money/ledger.html", lines=lines, calls=rows, entries=entries, current_year=calendar.beijing_today().year
    )


@bp.get("/money/ledger.<fmt>")
@login_required
def ledger_export(fmt: str):
    rows = exports.ledger_rows(
        current_user, request.args.get("fund_line", type=int), request.args.get("call", type=int)
    )
    if fmt == "csv":
        return Response(
            exports.as_csv(rows),
            mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=ledger.csv"},
        )
    if fmt == "xlsx":
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(
            exports.as_xlsx(rows),
            mimetype=mimetype,
            headers={"Content-Disposition": "attachment; filename=ledger.xlsx"},
        )
    return redirect(url_for("money.ledger_page"))


@bp.get("/money/audit-<int:year>.csv")
@login_required
def audit_trail_export(year: int):
    """The auditor takes the audit trail of any year away."""
    body = audit_export.audit_trail_csv(current_user, year)
    return Response(
        body, mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename=audit-{year}.csv"}
    )
