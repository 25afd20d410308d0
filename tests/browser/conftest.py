"""Browser fixtures: the real app served on a free port, and Debian's chromium driven by Playwright.

`live_server` serves a fresh, migrated and seeded database (the `database_url` fixture) with CSRF
protection on, so every form the browser sends must carry its token as in production.
`new_page(username)` opens a fresh browser context (its own cookies) per user, so several users
can be signed in at once; it signs in through the real /login form when given a user name.
"""

from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from tests.support.actors import DEMO_PASSWORD
from webapp import create_app
from webapp.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
NO_CHROMIUM = f"{CHROMIUM} is absent (apt-get install -y chromium; `make test` installs it)"
HAS_CHROMIUM = os.access(CHROMIUM, os.X_OK)

TIMEOUT_MS = 15_000


@pytest.fixture
def live_server(database_url, tmp_path):
    """The app on 127.0.0.1:<free port>, in a daemon thread; yields the base URL."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "UPLOAD_DIR": str(tmp_path / "up")})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not HAS_CHROMIUM:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


class BrowserProblems:
    """What went wrong inside the pages: uncaught script errors, console errors, failed static files."""

    def __init__(self) -> None:
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self.failed_assets: list[str] = []

    def watch(self, page) -> None:
        page.on("pageerror", lambda exc: self.page_errors.append(f"{page.url}: {exc}"))
        page.on(
            "console",
            lambda msg: self.console_errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None,
        )
        page.on(
            "response",
            lambda r: self.failed_assets.append(f"{r.status} {r.url}")
            if "/static/" in r.url and r.status >= 400
            else None,
        )
        # The browser's own PDF viewer (an extension, in the document viewer's frame) is not ours.
        page.on(
            "requestfailed",
            lambda r: None if r.url.startswith("chrome-extension://") else self.failed_assets.append(f"failed {r.url}"),
        )

    def assert_none(self) -> None:
        assert not self.page_errors, self.page_errors
        assert not self.failed_assets, self.failed_assets


@pytest.fixture
def browser_problems():
    return BrowserProblems()


@pytest.fixture
def new_page(browser, live_server, browser_problems):
    """new_page(username=None, locale="zh-CN") -> a Page in its own context, signed in if a user is named.

    The default locale is Chinese, as the product's users have it; selectors should rely on ids,
    names, classes and URLs, not on visible text.
    """
    contexts = []

    def make(username: str | None = None, *, locale: str = "zh-CN"):
        context = browser.new_context(base_url=live_server, locale=locale, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        browser_problems.watch(page)
        if username:
            log_in(page, username)
        return page

    yield make
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Through the real form: /login, user name, password, the form's submit button."""
    from playwright.sync_api import expect

    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator("header .who")).to_have_count(1)  # folded into the menu on a phone
