"""The statistics pages: the dashboard, the cases behind a figure, downloads, and the public page."""

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.people.services import departments
from webapp.statistics.services import cases, dashboard, export, public, scope
from webapp.statistics.services.tables import FUNNEL_STAGES
from workflows.programs import all_programs
from workflows.regions import PREFECTURES

bp = Blueprint("statistics", __name__, url_prefix="/statistics")


@bp.get("")
@login_required
def dashboard_page():
    scope.ensure_reader(current_user)
    filters = scope.parse_filters(request.args)
    board = dashboard.dashboard(current_user, filters)
    return render_template(
        "statistics/dashboard.html",
        board=board,
        link_for=lambda link, column=None: _cases_url(board.filters, link, column),
        export_url=lambda key, fmt: url_for("statistics.download", key=key, fmt=fmt, **board.filters.as_query()),
        **_choices(),
    )


@bp.get("/export/<key>.<fmt>")
@login_required
def download(key: str, fmt: str):
    if fmt not in export.FORMATS:
        abort(404)
    scope.ensure_reader(current_user)
    board = dashboard.dashboard(current_user, scope.parse_filters(request.args))
    table = next((t for t in board.tables if t.key == key), None)
    if table is None:
        abort(404)
    return _file(table, fmt)


@bp.get("/cases")
@login_required
def case_list():
    scope.ensure_reader(current_user)
    query = cases.parse_case_query(current_user, request.args)
    page = request.args.get("page", 1, type=int) or 1
    rows, total = cases.list_cases(query, page)
    return render_template(
        "statistics/cases.html",
        rows=rows,
        total=total,
        page=page,
        query=query,
        page_size=cases.PAGE_SIZE,
        stages=FUNNEL_STAGES,
    )


@bp.get("/public")
def public_page():
    filters = scope.parse_filters({k: request.args.get(k) for k in ("year", "program")})
    table = public.public_table(filters)
    return render_template(
        "statistics/public.html",
        table=table,
        filters=filters,
        programs=all_programs(),
        export_url=lambda _key, fmt: url_for("statistics.public_download", fmt=fmt, **filters.as_query()),
    )


@bp.get("/public/export.<fmt>")
def public_download(fmt: str):
    if fmt not in export.FORMATS:
        abort(404)
    filters = scope.parse_filters({k: request.args.get(k) for k in ("year", "program")})
    return _file(public.public_table(filters), fmt)


def _file(table, fmt: str) -> Response:
    filename = f"statistics-{table.key}.{fmt}"
    return Response(
        export.export(table, fmt),
        mimetype=export.FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# A count of approvals, refusals or withdrawals lists only those cases of its row.
COLUMN_OUTCOMES = {"approved": "approved", "refused": "refused", "withdrawn": "withdrawn", "overdue": None}


def _cases_url(filters, link: dict | None, column: str | None = None) -> str | None:
    if link is None:
        return None
    narrower = dict(link)
    if COLUMN_OUTCOMES.get(column):
        narrower["outcome"] = COLUMN_OUTCOMES[column]
    if column == "overdue":
        narrower["overdue"] = 1
    return url_for("statistics.case_list", **filters.as_query(**narrower))


def _choices() -> dict:
    return {
        "programs": all_programs(),
        "prefectures": PREFECTURES,
        "departments": departments.all_departments(),
        "may_read_all": scope.may_read_all(current_user),
    }
