"""Signing in with a password, throttled per account and per client, at one cost whoever asks.

Each attempt first reserves a slot in two counters (`sign_in_throttles`): the client's (a keyed
hash of its IP) and the account's (of the user name typed, known or not, so that the answer does
not tell which names exist). A reservation is one conditional UPDATE that must hit the row: it
counts up only while the window's count is under the limit, so however many workers or nodes
receive a burst at once, exactly the limit's number of passwords are checked; the others get
429 with Retry-After, before any password is looked at. A right password gives its slots back
(the account's count starts again; the client's loses this attempt), a wrong one keeps them.

An unknown user name costs one password hash too, against a dummy hash made like real ones, so
that the time of the answer does not tell a known name from an unknown one.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.common.errors import TooManyAttempts
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import SignInThrottle, User
from webapp.models._columns import utcnow

MESSAGES = {
    "client": "Too many failed sign-ins from your network. Try again in %(minutes)s minutes.",
    "account": "Too many failed sign-ins for this account. Try again in %(minutes)s minutes.",
}


def authenticate(username: str, password: str, client_ip: str | None) -> User | None:
    """The account these credentials open, active or not (the caller refuses a deactivated one,
    saying why), or None; TooManyAttempts when the client or the account is past its limit."""
    keys = [("client", _key("client", client_ip or "unknown")), ("account", _key("account", username))]
    for scope, key in keys:
        _reserve(scope, key)
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password):
        return None
    _give_back(keys)
    return user


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not-a-password: only its cost matters")


def _limits(scope: str) -> int:
    return current_app.config["SIGN_IN_MAX_FAILURES_PER_" + scope.upper()]


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["SIGN_IN_WINDOW_MINUTES"])


def _key(scope: str, value: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    return f"{scope}:{hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()}"


def _reserve(scope: str, key: str) -> None:
    now = utcnow()
    expired = SignInThrottle.window_start <= now - _window()
    with unit_of_work():
        _insert_missing(key, now)
        counted = db.session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.key == key, (SignInThrottle.failures < _limits(scope)) | expired)
            .values(
                failures=case((expired, 1), else_=SignInThrottle.failures + 1),
                window_start=case((expired, now), else_=SignInThrottle.window_start),
            )
        )
    if counted.rowcount != 1:
        _refuse(scope, key, now)


def _insert_missing(key: str, now: datetime) -> None:
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(SignInThrottle).values(key=key, failures=0, window_start=now)
    db.session.execute(statement.on_conflict_do_nothing(index_elements=["key"]))


def _refuse(scope: str, key: str, now: datetime) -> None:
    window_start = db.session.scalar(select(SignInThrottle.window_start).where(SignInThrottle.key == key))
    db.session.rollback()
    wait = int(((window_start or now) + _window() - now).total_seconds()) + 1
    raise TooManyAttempts(MESSAGES[scope], retry_after=wait, minutes=max(1, -(-wait // 60)))


def _give_back(keys: list[tuple[str, str]]) -> None:
    """A right password: the account starts afresh; the client's count loses this one attempt."""
    with unit_of_work():
        for scope, key in keys:
            one_less = case((SignInThrottle.failures > 0, SignInThrottle.failures - 1), else_=0)
            kept = 0 if scope == "account" else one_less
            db.session.execute(update(SignInThrottle).where(SignInThrottle.key == key).values(failures=kept))
