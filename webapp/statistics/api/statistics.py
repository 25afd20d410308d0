"""GET /api/v1/statistics: the dashboard's figures as JSON, for the same readers and filters."""

from flask import g, request

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.api.schemas import REFUSALS, query, refusals
from webapp.statistics.api.schemas import StatisticsQuery, StatisticsSchema
from webapp.statistics.services import dashboard, scope


@api_bp.get("/statistics")
@api_bp.response(200, StatisticsSchema)
@query(StatisticsQuery)
@refusals(*REFUSALS, s422="A filter names nothing (errors by filter)")
@token_required
def statistics():
    """The statistics dashboard's figures (administrators, heads, the auditor; staff: their department)

    docs/architecture.md says what each figure counts."""
    scope.ensure_reader(g.api_user)
    board = dashboard.dashboard(g.api_user, scope.parse_filters(request.args))
    return board.as_json()
