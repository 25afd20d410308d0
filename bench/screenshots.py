"""Every page an applicant and a department user see, in Chinese and English, on a desktop and a
390 px phone, as PNG files for review; and the clicks and page loads from home to a submitted
application, counted while an applicant goes that way in the browser.

    PYTHONPATH=. .venv/bin/python bench/screenshots.py [--out var/screenshots]   # or: make screenshots

A throwaway SQLite database is migrated, seeded and given the demo accounts and cases by the real
CLI; the app is served on a free port of 127.0.0.1 in this process; Debian's chromium is driven
by Playwright. It prints the counts, every page that is wider than the phone, and where the
files are. Nothing is asserted: the browser tests do that (tests/browser/).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from harness.server import REPO, app_env, prepare_database

sys.path.insert(0, str(REPO))

from tests.support.actors import DEMO_PASSWORD, NEW_PRODUCT_APPLICATION
from tests.support.documents import PDF

CHROMIUM = "/usr/bin/chromium"
DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ("zh", "en")
PROGRAM = "sme-18-1"


@dataclass
class Journey:
    """What the applicant did from home to a submitted application."""

    clicks: int = 0
    loads: int = 0
    steps: list[str] = field(default_factory=list)

    def click(self, page, selector: str, why: str) -> None:
        self.clicks += 1
        self.steps.append(f"click: {why}")
        page.click(selector)

    def choose_file(self, page, selector: str, name: str) -> None:
        self.clicks += 1  # opening the file chooser is the click; choosing starts the upload
        self.steps.append(f"choose a file: {name}")
        page.set_input_files(selector, {"name": name, "mimeType": "application/pdf", "buffer": PDF})


# -- the server ----------------------------------------------------------------------------------


def prepare(workdir: Path) -> dict:
    env = app_env(f"sqlite:///{workdir / 'screens.db'}")
    env["UPLOAD_DIR"] = str(workdir / "uploads")
    prepare_database(env, demo=())  # the demo as `make run` shows it: public notices of 5 working days
    return env


def serve(env: dict):
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    from webapp import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "UPLOAD_DIR": env["UPLOAD_DIR"]})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


# -- the browser ---------------------------------------------------------------------------------


def open_page(browser, base: str, username: str | None, language: str, device: str):
    viewport = DEVICES[device]
    locale = "zh-CN" if language == "zh" else "en-US"  # the file chooser's own words follow it
    context = browser.new_context(base_url=base, viewport=viewport, is_mobile=device == "phone", locale=locale)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"/lang/{language}")
    if username:
        page.goto("/login")
        page.fill("#username", username)
        page.fill("#password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
    return context, page


def walk_to_submission(browser, base: str) -> tuple[Journey, str]:
    """Home → program → draft (typed, documents chosen) → confirmation → submitted; counted."""
    context, page = open_page(browser, base, "tianshan", "zh", "desktop")
    journey = Journey()

    def loaded(frame) -> None:
        if frame == page.main_frame:
            journey.loads += 1
            journey.steps.append(f"page load: {re.sub(r'^https?://[^/]+', '', frame.url)}")

    page.goto("/")
    page.on("framenavigated", loaded)
    page.goto("/")  # home, signed in: the first page load counted
    with page.expect_navigation():
        journey.click(page, f"a[href$='/programs/{PROGRAM}']", "the program")
    with page.expect_navigation():
        journey.click(page, "#start-draft", "apply")
    for name, value in NEW_PRODUCT_APPLICATION.items():
        page.fill(f"#{name}", value)
    missing = page.locator("#attachments tr[data-present='no']")
    for code in [missing.nth(i).get_attribute("data-document") for i in range(missing.count())]:
        with page.expect_response(lambda r: r.url.endswith("/attachments") and r.status == 201):
            journey.choose_file(page, f"#document-{code} input[type=file]", f"{code}.pdf")
        page.locator(f"#document-{code}[data-present='yes']").wait_for()
    with page.expect_navigation():
        journey.click(page, "#submit-application", "check and continue")
    journey.click(page, "#declaration", "the declaration")
    with page.expect_navigation():
        journey.click(page, "#confirm-submit", "submit")
    page.locator("#query-code").wait_for()
    case_url = page.url.removeprefix(base)
    context.close()
    return journey, case_url


def first_link(browser, base: str, username: str, path: str, selector: str) -> str | None:
    context, page = open_page(browser, base, username, "zh", "desktop")
    page.goto(path)
    link = page.locator(selector).first
    href = link.get_attribute("href") if link.count() else None
    context.close()
    return href


def return_for_correction(browser, base: str, case_url: str) -> None:
    """经信委 returns the new case, so the applicant has a correction to answer."""
    context, page = open_page(browser, base, "jxw", "zh", "desktop")
    number = case_number(browser, base, case_url)
    page.goto("/tasks")
    with page.expect_navigation():
        page.locator("#inbox tbody tr", has_text=number).locator("a[href*='/tasks/']").first.click()
    with page.expect_navigation():
        page.click("section.task-form form[action$='/claim'] button")
    page.select_option("#decision", "return")
    page.fill("#correction_items", "1. 请补充清晰的鉴定证书复印件")
    with page.expect_navigation():
        page.click("section.task-form button.primary")
    context.close()


def case_number(browser, base: str, case_url: str) -> str:
    context, page = open_page(browser, base, "tianshan", "zh", "desktop")
    page.goto(case_url)
    number = page.locator("#application-number").inner_text()
    context.close()
    return number


def start_incomplete_draft(browser, base: str) -> str:
    context, page = open_page(browser, base, "tianshan", "zh", "desktop")
    page.goto(f"/programs/{PROGRAM}")
    with page.expect_navigation():
        page.click("#start-draft")
    with page.expect_response(lambda r: r.url.endswith("/draft")):
        page.fill("#project_name", "智能灌溉控制器")
    url = page.url.removeprefix(base)
    context.close()
    return url


# -- the screenshot set --------------------------------------------------------------------------


def page_lists(browser, base: str, case_url: str, draft_url: str) -> dict[str | None, list[tuple[str, str]]]:
    """For each user (None: not signed in): (name, path) of every page that user sees."""
    correction = first_link(browser, base, "tianshan", "/tasks", "main a[href*='/tasks/']")
    task = first_link(browser, base, "jxw", "/tasks", "#inbox tbody a[href*='/tasks/']")
    printable = first_link(browser, base, "tianshan", case_url, "#issued-documents a[href$='/print']")
    verify = first_link(browser, base, "tianshan", case_url, "#issued-documents a[href*='/v/']")
    call = first_link(browser, base, "jxw", "/money/calls", "main a[href^='/calls/']")
    applicant = [
        ("home", "/"),
        ("program", f"/programs/{PROGRAM}"),
        ("precheck", f"/programs/{PROGRAM}/check"),
        ("catalogue", "/catalogue"),
        ("draft", draft_url),
        ("draft-refused", f"{draft_url}?check=1"),
        ("confirm", draft_url.replace("/edit", "/confirm")),
        ("case", case_url),
        *([("receipt", printable)] if printable else []),
        ("applications", "/applications"),
        ("to-do", "/tasks"),
        *([("correction", correction)] if correction else []),
        ("notifications", "/notifications"),
        ("account", "/account"),
        ("enterprise", "/enterprise"),
    ]
    staff = [
        ("inbox", "/tasks"),
        *([("task", task)] if task else []),
        ("done", "/tasks/done"),
        ("copies", "/copies"),
        ("case", case_url),
        ("notifications", "/notifications"),
        ("statistics", "/statistics"),
        ("funds", "/money/funds"),
        ("calls", "/money/calls"),
        ("new-call", "/money/calls/new"),
        ("ledger", "/money/ledger"),
    ]
    public = [
        ("home", "/"),
        ("lookup", "/lookup"),
        ("login", "/login"),
        ("register", "/register"),
        ("notices", "/notices"),
        ("public-statistics", "/statistics/public"),
        *([("call", call)] if call else []),
        *([("verify", verify)] if verify else []),
    ]
    head = [("department", "/tasks/department"), ("ratings", "/ratings")]
    return {"tianshan": applicant, "jxw": staff, "jxw_head": head, None: public}


def shoot(browser, base: str, pages, out: Path) -> tuple[int, list[str]]:
    taken, too_wide = 0, []
    for username, paths in pages.items():
        for language in LANGUAGES:
            for device in DEVICES:
                context, page = open_page(browser, base, username, language, device)
                folder = out / (username or "public") / f"{language}-{device}"
                folder.mkdir(parents=True, exist_ok=True)
                for number, (name, path) in enumerate(paths, 1):
                    page.goto(path)
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(folder / f"{number:02d}-{name}.png"), full_page=True)
                    taken += 1
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > DEVICES[device]["width"]:
                        too_wide.append(f"{username or 'public'} {language}-{device} {name} {path}: {width} px")
                context.close()
    return taken, too_wide


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(REPO / "var" / "screenshots"), help="where the PNG files go")
    args = parser.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        raise SystemExit(f"{CHROMIUM} is absent: apt-get install -y chromium (make system-deps)")
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="sme-screens-") as tmp:
        env = prepare(Path(tmp))
        os.environ["UPLOAD_DIR"] = env["UPLOAD_DIR"]
        server, base = serve(env)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
                journey, case_url = walk_to_submission(browser, base)
                draft_url = start_incomplete_draft(browser, base)
                return_for_correction(browser, base, case_url)
                taken, too_wide = shoot(browser, base, page_lists(browser, base, case_url, draft_url), out)
                browser.close()
        finally:
            server.shutdown()
    report(journey, taken, too_wide, out)


def report(journey: Journey, taken: int, too_wide: list[str], out: Path) -> None:
    print("From home to a submitted application (signed in, zh, desktop):")
    for step in journey.steps:
        print(f"  {step}")
    print(f"clicks: {journey.clicks}   page loads: {journey.loads}   (before issue 15: 12 clicks, 7 page loads)")
    print(f"screenshots: {taken} in {out}")
    print(f"pages wider than the screen: {len(too_wide)}")
    for line in too_wide:
        print(f"  {line}")


if __name__ == "__main__":
    main()
