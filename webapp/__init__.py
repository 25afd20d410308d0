"""The web app: create_app() wires config, extensions, blueprints and error handlers."""

from flask import Flask, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine

from webapp.config import Config
from webapp.extensions import babel, csrf, db, login_manager, migrate


def select_locale() -> str:
    from flask import current_app, has_request_context

    if not has_request_context():  # the worker, the CLI, seeding: the product's own language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(Config())
    if config:
        app.config.update(config)

    from webapp import security

    security.install(app)  # before the blueprints: their <int:…> rules take its bounded converter
    app.json.ensure_ascii = False  # Chinese stays readable in API responses
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"], x_proto=app.config["PROXY_COUNT"])
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    from webapp import cli, errors, labels
    from webapp.api import api_bp, openapi
    from webapp.blueprints import register_blueprints
    from webapp.department_work.services import kept_counts  # noqa: F401  its session events keep the counts
    from webapp.monitoring import init_monitoring

    init_monitoring(app)
    register_blueprints(app)
    openapi.install(app)  # registers api_bp and generates its OpenAPI document
    csrf.exempt(api_bp)
    errors.register(app)
    cli.register(app)
    labels.register(app)
    _use_app_calendar()
    _limit_model_code(app.config)
    _check_file_store(app.config)
    return app


def _check_file_store(config) -> None:
    from webapp.applications.services.file_store import KINDS

    if config["FILE_STORE"] not in KINDS:
        raise RuntimeError(f"FILE_STORE must be one of {', '.join(KINDS)}, not {config['FILE_STORE']!r}.")


def _limit_model_code(config) -> None:
    """Scripts, conditions, DMN cells and timer expressions run under these (docs/architecture.md)."""
    from workflows.engine import limits

    limits.configure(
        time_seconds=float(config["MODEL_CODE_TIME_LIMIT_SECONDS"]),
        memory_bytes=int(config["MODEL_CODE_MEMORY_LIMIT_MB"]) * 1024 * 1024,
        task_data_bytes=int(config["TASK_DATA_MAX_KB"]) * 1024,
    )


def _use_app_calendar() -> None:
    """Timer expressions (working_deadline) count holidays the administrators entered, too."""
    from webapp.department_work.services.calendar import calendar_for_timers
    from workflows.engine import sandbox

    sandbox.use_calendar(calendar_for_timers)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    # Foreign keys are off by default in SQLite; WAL lets readers run beside the one writer.
    # synchronous=FULL syncs the log at every commit: an acknowledged step survives a crash of the
    # process and of the machine (NORMAL would survive the process only; docs/architecture.md).
    if dbapi_connection.__class__.__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
