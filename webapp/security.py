"""Guards every request goes through: the production key, response headers, ids the database can
hold and text it can store.

They sit at the edge, once, rather than in each endpoint: a new route gets them without a line of
its own.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from webapp.common.errors import Invalid
from webapp.config import DEFAULT_SECRET_KEY

# Primary keys are INTEGER on PostgreSQL (32 bits); SQLite's are 64 bits. An id past the smaller
# bound names nothing on either, so it is refused before it reaches a query that would overflow.
MAX_ID = 2**31 - 1

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        # bpmn-js and dmn-js set style attributes on the SVG they draw.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class InsecureConfiguration(RuntimeError):
    """Production refuses to start with a key anyone can read in the source."""


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number a primary key can hold, or the address matches nothing (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def db_int(value) -> int:
    """`type=` for query and form numbers that end up in a query: out of range is a ValueError, like junk."""
    number = int(value)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError("out of range")
    return number


def int_arg(values, name: str, default: int | None = None) -> int | None:
    """A whole number from the query string or a form, in a key's range; junk or too large is 422."""
    raw = values.get(name)
    if raw is None or raw == "":
        return default
    try:
        return db_int(raw)
    except ValueError:
        raise Invalid("'%(name)s' must be a whole number of at most %(max)s.", name=name, max=MAX_ID) from None


def check_secret_key(app: Flask) -> None:
    key = app.config.get("SECRET_KEY") or ""
    if app.config.get("APP_ENV") == "production" and (not key.strip() or key == DEFAULT_SECRET_KEY or len(key) < 32):
        raise InsecureConfiguration(
            "APP_ENV=production needs its own SECRET_KEY of at least 32 characters: anyone who knows the key "
            "can sign a session cookie for any account. Make one with\n"
            "    python -c 'import secrets; print(secrets.token_urlsafe(48))'\n"
            "and set it in the environment as SECRET_KEY=<that value> (keep it out of git; every worker and "
            "node must have the same one)."
        )


def unstorable_text(value) -> str | None:
    """Why a parsed value cannot be stored as text: a NUL (PostgreSQL refuses it) or a lone UTF-16
    surrogate (no database encodes it), anywhere in keys or values; None when it can."""
    if isinstance(value, str):
        if "\x00" in value:
            return "a NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "a lone UTF-16 surrogate (\\ud800-\\udfff)"
        return None
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        reason = unstorable_text(item)
        if reason:
            return reason
    return None


def _refuse_unstorable(reason: str, where: str):
    raise Invalid(
        "The request contains %(reason)s in %(where)s, which cannot be stored; remove it and send again.",
        reason=reason,
        where=where,
    )


def _guard_request_text() -> None:
    """Query strings and form fields may carry %00; refused here for every route at once."""
    for where, values in (("the address", request.args), ("the form", request.form)):
        for key, value in values.items(multi=True):
            reason = unstorable_text(key) or unstorable_text(value)
            if reason:
                _refuse_unstorable(reason, where)
    if request.is_json and request.content_length:
        body = request.get_json(silent=True)
        reason = unstorable_text(body)
        if reason:
            _refuse_unstorable(reason, "the JSON body")


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def install(app: Flask) -> None:
    """Called by create_app before the blueprints, so their `<int:…>` rules use IdConverter."""
    check_secret_key(app)
    app.url_map.converters["int"] = IdConverter
    if app.config.get("APP_ENV") == "production":
        # Served over HTTPS (directly or behind the proxy): the cookie never travels in clear text.
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.before_request(_guard_request_text)
    app.after_request(_security_headers)
