"""Downloading issued documents, the public verification page, each department's document settings."""

from flask import Blueprint

bp = Blueprint("documents", __name__)

from webapp.documents.routes import admin, verify  # noqa: E402,F401
