"""GET /api/v1/statistics: the dashboard's figures as JSON, for the same readers and filters."""

from flask import g, jsonify, request

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.statistics.services import dashboard, scope


@api_bp.get("/statistics")
@token_required
def statistics():
    scope.ensure_reader(g.api_user)
    board = dashboard.dashboard(g.api_user, scope.parse_filters(request.args))
    return jsonify(board.as_json())
