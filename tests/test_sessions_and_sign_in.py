"""Who may hold a session: production refuses a public key, cookies are sealed, sessions end on the
server (logout, a new password, deactivation), and passwords cannot be guessed at full speed."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from tests.test_departments_and_roles import log_in
from webapp import create_app
from webapp.extensions import db
from webapp.models import ApiToken, User
from webapp.people.services import sign_in
from webapp.security import InsecureConfiguration

STRONG_KEY = "k" * 48


@pytest.mark.parametrize("key", ["", "   ", "dev-only-secret-change-me", "short"])
def test_production_refuses_to_start_with_an_empty_or_public_secret_key(database_url, key):
    with pytest.raises(InsecureConfiguration) as refused:
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "APP_ENV": "production", "SECRET_KEY": key})
    assert "SECRET_KEY" in str(refused.value)
    assert "secrets.token_urlsafe" in str(refused.value)  # says how to make one


def test_in_production_the_session_cookie_is_secure_httponly_and_samesite(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "APP_ENV": "production", "SECRET_KEY": STRONG_KEY})
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    response = client.post("/login", data={"username": "admin", "password": DEMO_PASSWORD})
    with app.app_context():
        db.engine.dispose()
    cookie = response.headers["Set-Cookie"]
    assert response.status_code == 302
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_every_answer_carries_the_security_headers(client):
    for path in ("/", "/login", "/api/v1/programs", "/no-such-page"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def copy_of(client, app):
    """Another browser holding the same session cookie (copied, stolen or kept)."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    other.set_cookie("session", cookie.value)
    return other


def test_a_session_cookie_copied_before_logout_is_refused_after_it(client, app):
    log_in(client, "jxw")
    copied = copy_of(client, app)
    assert copied.get("/tasks").status_code == 200

    client.post("/logout")

    assert copied.get("/tasks").status_code == 302  # back to the login page
    assert "/login" in copied.get("/tasks").headers["Location"]


def test_a_new_password_ends_the_other_sessions_and_the_tokens_but_not_this_one(client, app, api):
    api.token("jxw")
    log_in(client, "jxw")
    copied = copy_of(client, app)

    changed = client.post(
        "/account/password",
        data={"current_password": DEMO_PASSWORD, "new_password": "a-new-secret-9", "confirm": "a-new-secret-9"},
    )

    assert changed.status_code == 302
    assert client.get("/tasks").status_code == 200  # the session that changed it goes on
    assert copied.get("/tasks").status_code == 302
    assert api.get("jxw", "/tasks").status_code == 401
    with app.app_context():
        jxw = db.session.scalar(select(User).where(User.username == "jxw"))
        assert db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == jxw.id)) is None
    fresh = app.test_client()
    assert fresh.post("/login", data={"username": "jxw", "password": "a-new-secret-9"}).status_code == 302


def test_a_wrong_current_password_changes_nothing(client, app):
    log_in(client, "jxw")
    copied = copy_of(client, app)
    refused = client.post(
        "/account/password", data={"current_password": "nope", "new_password": "x" * 10, "confirm": "x" * 10}
    )
    assert refused.status_code == 422
    assert "Wrong password." in refused.get_data(as_text=True)
    assert copied.get("/tasks").status_code == 200


def test_a_deactivated_account_loses_even_a_copied_session_after_reactivation(client, app):
    jxw = app.test_client()
    log_in(jxw, "jxw")
    copied = copy_of(jxw, app)
    log_in(client)
    with app.app_context():
        target = db.session.scalar(select(User.id).where(User.username == "jxw"))
    client.post(f"/admin/accounts/{target}/active", data={"active": "0", "reason": "调离"})
    client.post(f"/admin/accounts/{target}/active", data={"active": "1", "reason": "调回"})
    assert copied.get("/tasks").status_code == 302


def wrong_logins(client, count: int, username: str = "jxw"):
    english = {"Accept-Language": "en"}  # the refusals are read in English here; Chinese is the default
    return [
        client.post("/login", data={"username": username, "password": "guess"}, headers=english) for _ in range(count)
    ]


def test_web_sign_ins_are_throttled_per_account_with_retry_after(client, app):
    app.config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"] = 5
    answers = wrong_logins(client, 6)
    assert [a.status_code for a in answers] == [422] * 5 + [429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert "Too many failed sign-ins for this account" in answers[-1].get_data(as_text=True)
    # Even the right password waits: the guesser cannot learn it is right.
    right = client.post("/login", data={"username": "jxw", "password": DEMO_PASSWORD})
    assert right.status_code == 429
    # Another account from the same client is not locked by it.
    assert client.post("/login", data={"username": "kjt", "password": DEMO_PASSWORD}).status_code == 302


def test_token_requests_are_throttled_per_client_across_accounts(client, app):
    app.config["SIGN_IN_MAX_FAILURES_PER_CLIENT"] = 4
    answers = [
        client.post(
            "/api/v1/auth/token", json={"username": name, "password": "guess"}, headers={"Accept-Language": "en"}
        )
        for name in ("jxw", "kjt", "czt", "nobody", "admin")
    ]
    assert [a.status_code for a in answers] == [401] * 4 + [429]
    assert "from your network" in answers[-1].get_json()["error"]
    assert int(answers[-1].headers["Retry-After"]) > 0


def test_a_right_password_starts_the_account_afresh(client, app):
    app.config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"] = 3
    wrong_logins(client, 2)
    assert client.post("/login", data={"username": "jxw", "password": DEMO_PASSWORD}).status_code == 302
    client.post("/logout")
    assert [a.status_code for a in wrong_logins(client, 3)] == [422] * 3


def test_an_unknown_user_name_costs_one_password_hash_like_a_known_one(client, app, monkeypatch):
    hashed = []
    real_check = sign_in.check_password_hash

    def counting_check(pwhash, password):
        hashed.append(pwhash.split("$")[0])
        return real_check(pwhash, password)

    monkeypatch.setattr(sign_in, "check_password_hash", counting_check)
    monkeypatch.setattr("webapp.models.user.check_password_hash", counting_check)
    client.post("/api/v1/auth/token", json={"username": "jxw", "password": "guess"})
    client.post("/api/v1/auth/token", json={"username": "no-such-user", "password": "guess"})
    assert len(hashed) == 2 and hashed[0] == hashed[1]  # the same method and cost both times


def test_a_burst_of_wrong_passwords_gets_exactly_the_limit_checked(client, app, monkeypatch):
    """Sixteen wrong token requests for one account arrive together (held at a barrier until all
    sixteen are in, then let through at once): exactly ten are checked, six get 429."""
    burst = 16
    barrier = threading.Barrier(burst, timeout=30)
    real_reserve = sign_in._reserve

    def reserve_together(scope, key):
        if scope == "client":
            barrier.wait()
        return real_reserve(scope, key)

    monkeypatch.setattr(sign_in, "_reserve", reserve_together)
    results = [None] * burst

    def guess(index):
        body = {"username": "jxw", "password": f"guess-{index}"}
        results[index] = app.test_client().post("/api/v1/auth/token", json=body).status_code

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(burst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(results) == [401] * 10 + [429] * 6
