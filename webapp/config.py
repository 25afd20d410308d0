"""Configuration read from the environment; one class, as in Microblog."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-change-me")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'sme.db'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # "development" seeds demo accounts; "production" refuses to.
    APP_ENV = os.environ.get("APP_ENV", "development")
    BABEL_DEFAULT_LOCALE = "zh"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "webapp" / "translations")
    LANGUAGES = ("zh", "en")
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    API_TOKEN_HOURS = int(os.environ.get("API_TOKEN_HOURS", "12"))
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Processes shipped with the product, loaded by `flask seed`.
    PROCESS_DIR = BASE_DIR / "workflows" / "processes"

    @property
    def is_production(self) -> bool:
        return self.APP_ENV == "production"
