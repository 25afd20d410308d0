"""Send-back (退回) and the head's extension decision in Debian's chromium.

Two cases reach 经信委's decision through the live server's JSON API. On the pages: 经信委 sees
the notification count, filters the inbox to one case, claims its decision, reads the two
opinions side by side and sends the case back to 科技厅's review with a reason; 科技厅 reviews
again; 经信委 decides. On the other case 经信委 asks for more time and the head approves it.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.browser.test_application_in_browser import claim, complete, submit_form
from tests.browser.test_inbox_in_browser import apply, filter_inbox, rows
from tests.browser.test_modeler import LiveApi

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

SEND_BACK_SCREENSHOT = "/tmp/send-back.png"  # noqa: S108 - the path the review looks at
REASON = "请科技厅补充对检测报告的意见"


def to_decision(api: LiveApi, username: str) -> str:
    number = apply(api, username)
    for who, step, data in (
        ("jxw", "accept", {"decision": "approve"}),
        ("kjt", "tech_review", {"decision": "approve", "opinion": "技术指标可行"}),
        ("czt", "budget_review", {"decision": "approve", "opinion": "预算可安排"}),
    ):
        task = next(t for t in api.call("GET", who, "/tasks")["tasks"] if t["step"] == step)
        api.call("POST", who, f"/tasks/{task['id']}/complete", {"data": data})
    return number


def open_first_row(page) -> None:
    with page.expect_navigation():
        rows(page).first.locator("a[href*='/tasks/']").click()


def test_the_lead_sends_a_case_back_and_the_head_extends_a_time_limit(new_page, browser_problems):
    api = LiveApi(new_page().request)
    tianshan, kunlun = to_decision(api, "tianshan"), to_decision(api, "kunlun")

    jxw = new_page("jxw")
    expect(jxw.locator("#unread-count")).to_have_text(re.compile(r"\d+"))
    filter_inbox(jxw, enterprise="天山", step="decide")
    expect(rows(jxw)).to_have_count(1)
    expect(rows(jxw).first).to_contain_text(tianshan)
    open_first_row(jxw)
    claim(jxw)
    expect(jxw.locator("#opinions tbody tr")).to_have_count(2)
    expect(jxw.locator("#opinions")).to_contain_text("技术指标可行")
    expect(jxw.locator("#opinions")).to_contain_text("预算可安排")

    jxw.click("#send-back summary")
    jxw.select_option("#send-back-target", "tech_review")
    assert submit_form(jxw, "#send-back-submit").status == 422  # a reason is required
    jxw.go_back()
    jxw.click("#send-back summary")
    jxw.select_option("#send-back-target", "tech_review")
    jxw.fill("#send-back-reason", REASON)
    assert submit_form(jxw, "#send-back-submit").status == 200
    expect(jxw.locator("#case-notes")).to_contain_text(REASON)
    jxw.screenshot(path=SEND_BACK_SCREENSHOT, full_page=True)

    kjt = new_page("kjt")
    filter_inbox(kjt, number=tianshan[-6:])
    expect(rows(kjt)).to_have_count(1)
    open_first_row(kjt)
    claim(kjt)
    kjt.select_option("#decision", "approve")
    kjt.fill("#opinion", "检测报告已核，同意")
    assert complete(kjt).status == 200

    jxw.goto("/tasks")
    filter_inbox(jxw, enterprise="天山", step="decide")
    open_first_row(jxw)
    claim(jxw)
    expect(jxw.locator("#opinions")).to_contain_text("检测报告已核，同意")
    jxw.select_option("#decision", "approve")
    jxw.fill("#approved_amount", "400000")
    jxw.fill("#reasons", "符合（十八）1 条件")
    assert complete(jxw).status == 200

    # The other case: more time, asked by the holder and approved by the head.
    jxw.goto("/tasks")
    filter_inbox(jxw, enterprise="昆仑")
    open_first_row(jxw)
    claim(jxw)
    jxw.click("#extension summary")
    jxw.fill("#extension-days", "3")
    jxw.fill("#extension-reason", "需等待检测机构复函")
    assert submit_form(jxw, "#extension-submit").status == 200

    head = new_page("jxw_head")
    with head.expect_navigation():
        head.click("#nav-department")
    expect(head.locator("#extension-requests")).to_contain_text("需等待检测机构复函")
    assert submit_form(head, "#extension-requests button.approve").status == 200
    expect(head.locator("#extension-requests")).to_have_count(0)

    applicant = new_page("kunlun")
    applicant.goto("/applications")
    with applicant.expect_navigation():
        applicant.locator(f"a:has-text('{kunlun}')").first.click()
    expect(applicant.locator("#case-notes")).to_contain_text("需等待检测机构复函")
    browser_problems.assert_none()
