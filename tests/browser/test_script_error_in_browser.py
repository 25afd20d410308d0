"""A script that reads a file fails with the task, line and message on the instance page; the
administrator uploads a fixed version, moves the instance to it and retries: the case finishes."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.test_operations import FAILING_SCRIPT, start
from webapp import create_app
from webapp.extensions import db
from webapp.processes.services import timers

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

FIXED = FAILING_SCRIPT.replace(b"secret = open('/etc/passwd').read()", b"secret = 'not read'")


@pytest.fixture
def errored_instance(database_url, live_server) -> int:
    """An instance whose timer ran into the script, on the live server's database."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    [instance_id] = start(app, FAILING_SCRIPT, {})
    time.sleep(1.1)
    with app.app_context():
        assert timers.fire_due_timers() == 0
        db.session.remove()
        db.engine.dispose()
    return instance_id


def test_the_failing_script_is_shown_fixed_by_a_new_version_and_the_instance_retried(
    new_page, errored_instance, browser_problems
):
    admin = new_page("admin", locale="en-US")
    admin.goto(f"/admin/instances/{errored_instance}")
    expect(admin.locator("#instance-error .error-task")).to_have_text("Read secrets (read_secrets)")
    expect(admin.locator("#instance-error .error-line")).to_have_text("2")
    expect(admin.locator("#instance-error")).to_contain_text("name 'open' is not defined")

    admin.goto("/admin/definitions/upload")
    admin.set_input_files(
        "input[name=bpmn]", {"name": "ops_failing.bpmn", "mimeType": "application/xml", "buffer": FIXED}
    )
    with admin.expect_navigation():
        admin.click("#form-submit")
    expect(admin.locator("main h1 small")).to_have_text("v2")

    admin.goto(f"/admin/instances/{errored_instance}")
    with admin.expect_navigation():
        admin.click("#instance-migrate")
    row = admin.locator(f'#migration-candidates tr[data-instance-id="{errored_instance}"]')
    expect(row).to_have_attribute("data-movable", "yes")
    with admin.expect_navigation():
        row.locator("button.migrate-one").click()
    expect(admin.locator("#migration-none")).to_be_visible()

    admin.goto(f"/admin/instances/{errored_instance}")
    expect(admin.locator("#instance-facts")).to_contain_text("ops_failing v2")
    admin.fill("#instance-actions textarea[name=reason]", "脚本已修正，不再读取文件")
    with admin.expect_navigation():
        admin.click("#action-retry")
    expect(admin.locator("p.flash.success")).to_be_visible()
    expect(admin.locator("h1 .status")).to_have_attribute("data-status", "completed")
    browser_problems.assert_none()
