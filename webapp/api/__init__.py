"""The JSON API (/api/v1) for other agencies' systems and scripted tests; bearer-token auth."""

from flask import Blueprint

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")

from webapp.api import (  # noqa: E402,F401
    applications,
    auth,
    definitions,
    documents,
    lookup,
    notifications,
    openapi,
    programs,
    tasks,
)
