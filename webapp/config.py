"""Configuration read from the environment; one class, as in Microblog."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Public on purpose, for development; production refuses to start with it (webapp/security.py).
DEFAULT_SECRET_KEY = "dev-only-secret-change-me"  # noqa: S105


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'sme.db'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # "development" seeds demo accounts; "production" refuses to.
    APP_ENV = os.environ.get("APP_ENV", "development")
    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "webapp" / "translations")
    LANGUAGES = ("zh", "en")
    # Uploaded documents: each file at most ATTACHMENT_MAX_BYTES (checked by the service with a
    # clear message); a request may be a little larger for the form around it, and anything
    # beyond MAX_CONTENT_LENGTH is cut off by Werkzeug (413) before it is read.
    ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "10")) * 1024 * 1024
    MAX_CONTENT_LENGTH = ATTACHMENT_MAX_BYTES + 1024 * 1024
    # Outside the web root; files are named by their SHA-256.
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(BASE_DIR / "var" / "uploads"))
    # Where uploaded files' bytes live: "disk" (UPLOAD_DIR, this node only) or "database" (every
    # node behind a load balancer sees them); webapp/applications/services/file_store.py.
    FILE_STORE = os.environ.get("FILE_STORE", "disk")
    API_TOKEN_HOURS = int(os.environ.get("API_TOKEN_HOURS", "12"))
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # The public status lookup: this many failed attempts per client IP within the window → 429.
    LOOKUP_MAX_FAILURES = int(os.environ.get("LOOKUP_MAX_FAILURES", "10"))
    LOOKUP_WINDOW_MINUTES = int(os.environ.get("LOOKUP_WINDOW_MINUTES", "10"))
    # Failed sign-ins (web and API) within the window, per account and per client IP → 429.
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("SIGN_IN_MAX_FAILURES_PER_ACCOUNT", "10"))
    SIGN_IN_MAX_FAILURES_PER_CLIENT = int(os.environ.get("SIGN_IN_MAX_FAILURES_PER_CLIENT", "50"))
    SIGN_IN_WINDOW_MINUTES = int(os.environ.get("SIGN_IN_WINDOW_MINUTES", "15"))
    # How many reverse proxies (nginx, …) stand in front of gunicorn. With 0, the client IP is the
    # connection's; behind a proxy set 1, or every visitor shares the proxy's IP (and its rate limit).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # E-mail for notifications, sent by the worker after the commit. Without MAIL_SERVER
    # (development) the worker appends each message to the mbox file MAIL_OUTBOX instead.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1").lower() not in ("0", "false", "no", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "noreply@sme.example.cn")
    MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX", str(BASE_DIR / "var" / "mail" / "outbox.mbox"))
    # Where links in e-mails point: the site's address as users reach it.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Reminders go this many working days before a step's due date (a step may say otherwise).
    REMINDER_WORKING_DAYS = int(os.environ.get("REMINDER_WORKING_DAYS", "2"))
    # Model code (scripts, conditions, DMN cells, timer expressions) of one engine call — a
    # completion, a start, a timer round — stops past this time or this growth of the worker's
    # memory, and the step fails like a script error; a task's data may hold this much (as JSON).
    MODEL_CODE_TIME_LIMIT_SECONDS = float(os.environ.get("MODEL_CODE_TIME_LIMIT_SECONDS", "2"))
    MODEL_CODE_MEMORY_LIMIT_MB = int(os.environ.get("MODEL_CODE_MEMORY_LIMIT_MB", "256"))
    TASK_DATA_MAX_KB = int(os.environ.get("TASK_DATA_MAX_KB", "1024"))
    # Statistics read roll-up tables (webapp/statistics/services/snapshot.py). A request rebuilds them
    # when they are behind and the last build took at most STATISTICS_INLINE_BUILD_MS; otherwise the
    # worker does, at most every STATISTICS_REFRESH_SECONDS. Open steps turn overdue with time alone:
    # a build older than STATISTICS_MAX_AGE_SECONDS is behind even when nothing changed.
    STATISTICS_INLINE_BUILD_MS = int(os.environ.get("STATISTICS_INLINE_BUILD_MS", "500"))
    STATISTICS_REFRESH_SECONDS = int(os.environ.get("STATISTICS_REFRESH_SECONDS", "300"))
    STATISTICS_MAX_AGE_SECONDS = int(os.environ.get("STATISTICS_MAX_AGE_SECONDS", "300"))
    # Logs: "json" (one object a line, with the request id) or "text"; JSON by default in production.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if os.environ.get("APP_ENV") == "production" else "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # Prometheus metrics at /metrics (block it at the proxy: it is for the monitoring network).
    METRICS_ENABLED = os.environ.get("METRICS_ENABLED", "1").lower() not in ("0", "false", "no", "")

    # Each department's signing key and certificate for the documents it issues (<code>.key.pem,
    # <code>.cert.pem, <code>.chain.pem); outside development an operator installs them, and a
    # department without one cannot issue (docs/architecture.md says how). In development a demo
    # root and per-department certificates are generated here on first use.
    SIGNING_DIR = os.environ.get("SIGNING_DIR", str(BASE_DIR / "var" / "signing"))
    SIGNING_DEMO_CERTIFICATES = os.environ.get("SIGNING_DEMO_CERTIFICATES", "") not in ("0", "false", "no") and (
        APP_ENV != "production" or os.environ.get("SIGNING_DEMO_CERTIFICATES") in ("1", "true", "yes")
    )
    SIGNING_KEY_PASSPHRASE = os.environ.get("SIGNING_KEY_PASSPHRASE") or None
    # Processes shipped with the product, loaded by `flask seed`.
    PROCESS_DIR = BASE_DIR / "workflows" / "processes"

    @property
    def is_production(self) -> bool:
        return self.APP_ENV == "production"
