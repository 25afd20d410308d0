"""The money room's pages, one blueprint: funds, calls, notices and a case's money (pages.py), the
ledger and its exports (ledger.py)."""

from flask import Blueprint

bp = Blueprint("money", __name__)

from webapp.money.routes import ledger, pages  # noqa: E402,F401 - they attach their routes to bp
