"""Issue 4's inbox in Debian's chromium: a department filters its open work, claims, sends a case back
with correction items, completes another; the head reads the department overview and reassigns a task.

Three cases reach 经信委 through the JSON API of the live server (two from 天山精密机械, one from
昆仑新材料); everything after that happens on the pages, in Chinese, with CSRF tokens on.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.browser.test_application_in_browser import claim, complete, submit_form
from tests.browser.test_modeler import LiveApi
from tests.support.actors import NEW_PRODUCT_APPLICATION

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

INBOX_SCREENSHOT = "/tmp/inbox.png"  # noqa: S108 - the paths the review looks at
OVERVIEW_SCREENSHOT = "/tmp/department-overview.png"  # noqa: S108
REASSIGN_SCREENSHOT = "/tmp/reassign.png"  # noqa: S108
REASON = "李科长熟悉数控机床类项目，请其办理"


def apply(api: LiveApi, username: str) -> str:
    """Create and submit a (十八)1 application; its application number."""
    created = api.call("POST", username, "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION})
    return api.submit(username, created["id"])["number"]


def rows(page):
    return page.locator("#inbox tbody tr")


def filter_inbox(page, **fields) -> None:
    """Fill the filter form (text boxes by id, selects by value) and send it."""
    for name, value in fields.items():
        target = page.locator(f"#inbox-filters #{name}")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    submit_form(page, "#filter-button")


def test_a_department_works_its_inbox_and_the_head_hands_out_the_rest(new_page, browser_problems):
    api = LiveApi(new_page().request)
    tianshan_first, tianshan_second = apply(api, "tianshan"), apply(api, "tianshan")
    kunlun = apply(api, "kunlun")

    # 经信委 王审核 opens the inbox: three cases, all unclaimed, counted beside the options.
    jxw = new_page("jxw")
    expect(jxw).to_have_url(re.compile(r"/tasks$"))
    expect(rows(jxw)).to_have_count(3)
    expect(jxw.locator("#inbox-total")).to_have_attribute("data-total", "3")
    expect(jxw.locator("#quick-unclaimed")).to_have_attribute("data-count", "3")
    expect(jxw.locator("#quick-mine")).to_have_attribute("data-count", "0")
    expect(jxw.locator('#holder option[value="unclaimed"]')).to_have_attribute("data-count", "3")

    # Filters: by enterprise name, then by part of an application number, newest first.
    filter_inbox(jxw, enterprise="昆仑")
    expect(jxw).to_have_url(re.compile(r"enterprise="))
    expect(rows(jxw)).to_have_count(1)
    expect(rows(jxw).first).to_contain_text(kunlun)

    # Claim from the list; the task page opens, claimed. Send it back with itemised corrections.
    with jxw.expect_navigation():
        rows(jxw).first.locator("form[action$='/claim'] button").click()
    expect(jxw).to_have_url(re.compile(r"/tasks/\d+$"))
    expect(jxw.locator("section.task-form form[action$='/unclaim']")).to_be_visible()
    jxw.select_option("#decision", "return")
    jxw.fill("#correction_items", "1. 鉴定证书复印件不清晰，请重新上传\n2. 补充产品检测报告")
    assert complete(jxw).status == 200
    expect(jxw).to_have_url(re.compile(r"/tasks$"))
    expect(jxw.locator("p.flash.success")).to_be_visible()
    expect(rows(jxw)).to_have_count(2)
    expect(jxw.locator("#inbox")).not_to_contain_text(kunlun)

    jxw.goto("/tasks")
    filter_inbox(jxw, number=tianshan_first[-6:], sort="number", order="desc")
    expect(rows(jxw)).to_have_count(1)
    expect(rows(jxw).first).to_contain_text(tianshan_first)
    expect(jxw.locator("#sort")).to_have_value("number")
    with jxw.expect_navigation():
        rows(jxw).first.locator("a[href*='/tasks/']").click()
    claim(jxw)
    jxw.select_option("#decision", "approve")
    assert complete(jxw).status == 200
    expect(rows(jxw)).to_have_count(1)
    expect(rows(jxw).first).to_contain_text(tianshan_second)

    # The head: one unclaimed task; its number opens the inbox filtered to it.
    head = new_page("jxw_head")
    with head.expect_navigation():
        head.click("#nav-department")
    expect(head).to_have_url(re.compile(r"/tasks/department$"))
    unclaimed = head.locator('#workload tr[data-holder="unclaimed"] td[data-kind="total"]')
    expect(unclaimed).to_have_attribute("data-count", "1")
    expect(head.locator('#workload tfoot td[data-kind="total"]')).to_have_attribute("data-count", "1")
    head.screenshot(path=OVERVIEW_SCREENSHOT, full_page=True)
    with head.expect_navigation():
        unclaimed.locator("a").click()
    expect(head).to_have_url(re.compile(r"holder=unclaimed"))
    expect(head.locator("#holder")).to_have_value("unclaimed")
    expect(rows(head)).to_have_count(1)
    with head.expect_navigation():
        rows(head).first.locator("a[href*='/tasks/']").click()
    task_url = head.url

    # A reason is required: the form comes back with the message, then goes through.
    head.click("#reassign summary")
    head.select_option("#reassign-colleague", label="经信委 王审核")
    assert submit_form(head, "#reassign-submit").status == 422
    expect(head.locator("#reassign-form .field.has-error")).to_have_count(1)
    head.screenshot(path=REASSIGN_SCREENSHOT, full_page=True)
    head.fill("#reassign-reason", REASON)
    assert submit_form(head, "#reassign-submit").status == 200
    expect(head).to_have_url(task_url)
    expect(head.locator("p.flash.success")).to_contain_text("经信委 王审核")
    expect(head.locator("#reassigned")).to_contain_text(REASON)

    # 王审核 finds it under 「由我签收」 with the head's reason on the task page.
    jxw.goto("/tasks")
    expect(jxw.locator("#quick-mine")).to_have_attribute("data-count", "1")
    with jxw.expect_navigation():
        jxw.click("#quick-mine")
    expect(rows(jxw)).to_have_count(1)
    expect(rows(jxw).first.locator("td.holder")).to_have_text("经信委 王审核")
    jxw.screenshot(path=INBOX_SCREENSHOT, full_page=True)
    with jxw.expect_navigation():
        rows(jxw).first.locator("a[href*='/tasks/']").click()
    expect(jxw.locator("#reassigned")).to_contain_text(REASON)
    browser_problems.assert_none()
