"""Probes for a load balancer or an orchestrator: /healthz (the process answers) and /readyz (it can work).

Neither needs a sign-in and neither says more than a status and, when not ready, which check
failed: enough for an operator, nothing for an attacker.
"""

from pathlib import Path

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from webapp.applications.services import file_store
from webapp.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness: the worker thread answers. Never touches the database, so a slow database does not
    get healthy nodes restarted."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Readiness: the database answers and is migrated to this code's schema; uploads can be stored."""
    checks = (("database", _database_at_head), ("uploads", file_store.disk_writable))
    failed = [name for name, check in checks if not check()]
    if failed:
        return jsonify(status="unavailable", failed=failed), 503
    return jsonify(status="ok")


def _database_at_head() -> bool:
    from alembic.script import ScriptDirectory

    try:
        current = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception:
        db.session.rollback()
        return False
    finally:
        db.session.remove()
    migrations = Path(current_app.root_path).parent / "migrations"
    heads = set(ScriptDirectory(str(migrations)).get_heads())
    return current == heads
