"""The product as people use it, in Debian's chromium: the real pages, forms, CSRF tokens and diagram.

Selectors rely on ids (form fields carry the BPMN field id), classes and URLs rather than on visible
text, because the interface is Chinese by default and its catalog is still being translated.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.support.documents import upload_missing_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

APPLICATION_NUMBER = re.compile(r"XJZX\d{14}")
SCREENSHOT = "/tmp/browser-final.png"  # noqa: S108 - the path the review looks at


# -- what a user does on a page ------------------------------------------------------------------


def submit_form(page, button: str):
    """Click a submit button and wait for the page the server answers with; returns that response."""
    with page.expect_navigation() as navigation:
        page.click(button)
    return navigation.value


def confirm_and_submit(page):
    """From a draft (its page or the case page): check and continue, confirm the declaration, submit."""
    submit_form(page, "#submit-application")
    expect(page).to_have_url(re.compile(r"/applications/\d+/confirm$"))
    page.check("#declaration")
    return submit_form(page, "#confirm-submit")


def fill_application(page, data: dict) -> None:
    for name, value in data.items():
        field = page.locator(f"#{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)  # the date input takes yyyy-mm-dd through fill()


def open_task_from_inbox(page, number: str) -> None:
    """The staff member's inbox (#inbox) lists the case; the step's link opens the task page."""
    page.goto("/tasks")
    row = page.locator("#inbox tbody tr", has_text=number)
    expect(row).to_have_count(1)
    with page.expect_navigation():
        row.locator("a[href*='/tasks/']").click()
    expect(page).to_have_url(re.compile(r"/tasks/\d+$"))


def claim(page) -> None:
    submit_form(page, "section.task-form form[action$='/claim'] button[type=submit]")
    expect(page).to_have_url(re.compile(r"/tasks/\d+$"))
    expect(page.locator("section.task-form form[action$='/unclaim']")).to_be_visible()


def complete(page):
    """The task form's own button (the claim/release buttons are not .primary)."""
    return submit_form(page, "section.task-form button.primary[type=submit]")


def decide(page, number: str, decision: str, **fields) -> None:
    """Open the case's task from the inbox, claim it, fill the decision form and complete it."""
    open_task_from_inbox(page, number)
    claim(page)
    if decision:
        page.select_option("#decision", decision)
    for name, value in fields.items():
        page.fill(f"#{name}", value)
    response = complete(page)
    assert response.status == 200, page.locator("main").inner_text()
    expect(page).to_have_url(re.compile(r"/tasks$"))
    expect(page.locator("p.flash.success")).to_be_visible()


def status_badge(page):
    """The application's status badge on its page (class status-<status>)."""
    return page.locator("main > p .status")


def expect_diagram_rendered(page) -> None:
    diagram = page.locator(".bpmn-diagram")
    expect(diagram).to_have_count(1)
    expect(page.locator('.bpmn-diagram[data-rendered="1"]')).to_have_count(1)
    expect(diagram.locator(".diagram-error")).to_have_count(0)
    expect(diagram.locator("svg").first).to_be_visible()
    # Something was drawn: bpmn-js gives every shape a .djs-element inside the svg.
    assert diagram.locator("svg .djs-element").count() > 10


# -- the tests -----------------------------------------------------------------------------------


def test_an_application_travels_through_every_department_in_the_browser(new_page, browser_problems):
    # 天山精密机械 applies for (十八)1 from the program page, saves a draft, then submits it.
    applicant = new_page("tianshan")
    applicant.goto("/programs/sme-18-1")
    submit_form(applicant, "#start-draft")
    expect(applicant).to_have_url(re.compile(r"/applications/\d+/edit$"))
    application_url = applicant.url.removesuffix("/edit")
    fill_application(applicant, NEW_PRODUCT_APPLICATION)
    assert upload_missing_in_browser(applicant) == 4

    confirm_and_submit(applicant)
    expect(applicant).to_have_url(application_url)
    expect(status_badge(applicant)).to_have_class(re.compile(r"\bstatus-awaiting_acceptance\b"))
    number = APPLICATION_NUMBER.search(applicant.locator("main h1").inner_text()).group(0)
    expect(applicant.locator("p.flash.success")).to_contain_text(number)
    expect(applicant.locator("#submit-application")).to_have_count(0)

    # 经信委 sees it in the inbox, claims it and returns it with itemised corrections.
    jxw = new_page("jxw")
    expect(jxw).to_have_url(re.compile(r"/tasks$"))
    expect(jxw.locator("#inbox")).to_contain_text(number)
    corrections = "1. 鉴定证书复印件不清晰，请重新上传"
    decide(jxw, number, "return", correction_items=corrections)

    # The applicant sees the correction notice and answers it from the application page.
    applicant.goto(application_url)
    expect(status_badge(applicant)).to_have_class(re.compile(r"\bstatus-correction_requested\b"))
    expect(status_badge(applicant)).to_have_text(re.compile(r"补正|Correction requested"))
    with applicant.expect_navigation():
        applicant.click("section.now a.button.primary[href*='/tasks/']")
    expect(applicant.locator("ol.timeline")).to_contain_text(corrections)
    expect(applicant.locator("#project_name")).to_have_value(NEW_PRODUCT_APPLICATION["project_name"])
    expect(applicant.locator("#appraisal_date")).to_have_value(NEW_PRODUCT_APPLICATION["appraisal_date"])
    applicant.fill("#amount_requested", "420000")
    applicant.fill("#correction_reply", "已重新上传清晰的鉴定证书复印件")
    assert complete(applicant).status == 200
    applicant.goto(application_url)
    expect(status_badge(applicant)).to_have_class(re.compile(r"\bstatus-awaiting_acceptance\b"))

    # 经信委 accepts; 科技厅 and 财政厅 review in parallel.
    decide(jxw, number, "approve")
    kjt = new_page("kjt")
    decide(kjt, number, "approve", opinion="鉴定结论可靠，技术先进")
    czt = new_page("czt")
    decide(czt, number, "approve", opinion="预算可安排")

    # 经信委 decides: over the cap first, which the form refuses with the cap in its message.
    open_task_from_inbox(jxw, number)
    decision_url = jxw.url
    claim(jxw)
    jxw.select_option("#decision", "approve")
    jxw.fill("#approved_amount", "600000")
    jxw.fill("#reasons", "符合（十八）1 的条件")
    refused = complete(jxw)
    assert refused.status == 422
    expect(jxw).to_have_url(decision_url)
    error = jxw.locator(".field.has-error:has(#approved_amount) .error")
    expect(error).to_contain_text("（十八）1")
    expect(jxw.locator("main > p.ref .status")).to_have_class(re.compile(r"\bstatus-awaiting_decision\b"))
    expect(jxw.locator("#decision")).to_have_value("approve")
    expect(jxw.locator("#reasons")).to_have_value("符合（十八）1 的条件")
    jxw.fill("#approved_amount", "400000")
    assert complete(jxw).status == 200
    expect(jxw).to_have_url(re.compile(r"/tasks$"))

    # 财政厅 records the disbursement.
    decide(czt, number, "", disbursed_amount="400000", disbursed_on="2026-11-20", voucher_no="CZ-2026-001")

    # The applicant's page: disbursed, every department's step in the timeline, the diagram drawn.
    applicant.goto(application_url)
    expect(status_badge(applicant)).to_have_class(re.compile(r"\bstatus-disbursed\b"))
    expect(status_badge(applicant)).to_have_text(re.compile(r"已拨付|Disbursed"))
    expect(applicant.locator("section.now")).to_have_count(0)
    steps = applicant.locator("ol.timeline > li")
    expect(steps).to_have_count(8)
    holders = [text.split("·")[1].strip().split()[0] for text in steps.locator(".what").all_inner_texts()]
    assert (
        holders
        == [
            "申请企业",
            "自治区工业和信息化厅",  # 经信委 since the 2018 reform
            "申请企业",
            "自治区工业和信息化厅",  # 经信委 since the 2018 reform
            *sorted(holders[4:6]),
            "自治区工业和信息化厅",  # 经信委 since the 2018 reform
            "自治区财政厅",
        ]
    ), holders
    assert sorted(holders[4:6]) == ["自治区科技厅", "自治区财政厅"], holders
    expect(steps.locator(".decision-return")).to_have_count(1)
    expect(applicant.locator("#application-data")).to_contain_text("420,000.00")
    expect(applicant.locator('[data-figure="approved_amount"]')).to_have_text("400,000.00")
    expect(applicant.locator('[data-figure="disbursed_amount"]')).to_have_text("400,000.00")
    expect_diagram_rendered(applicant)
    applicant.screenshot(path=SCREENSHOT, full_page=True)
    browser_problems.assert_none()


def test_a_form_error_re_renders_with_messages_and_changes_nothing(new_page, browser_problems):
    applicant = new_page("tianshan")
    applicant.goto("/programs/sme-18-1/apply")
    fill_application(applicant, {**NEW_PRODUCT_APPLICATION, "project_name": "", "amount_requested": "-5"})
    refused = submit_form(applicant, "main form button.primary[type=submit]")

    assert refused.status == 422
    expect(applicant).to_have_url(re.compile(r"/programs/sme-18-1/apply$"))
    for name in ("project_name", "amount_requested"):
        expect(applicant.locator(f".field.has-error:has(#{name}) p.error")).not_to_have_text("")
    expect(applicant.locator(".field.has-error")).to_have_count(2)
    # What was typed correctly is still there to fix the rest.
    expect(applicant.locator("#product_name")).to_have_value(NEW_PRODUCT_APPLICATION["product_name"])

    # CSRF protection is on: the same, valid data posted without the form's token is refused.
    forged = applicant.request.post("/programs/sme-18-1/apply", form=NEW_PRODUCT_APPLICATION)
    assert forged.status == 400

    applicant.goto("/applications")
    expect(applicant.locator("main p.empty")).to_be_visible()
    expect(applicant.locator("main table.list")).to_have_count(0)
    browser_problems.assert_none()


BROKEN_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs_broken">
  <bpmn:process id="sme_18_1_new_product" isExecutable="true">
    <bpmn:startEvent id="start">
  </bpmn:process>
</bpmn:definitions>
"""


def test_the_admin_sees_the_process_and_a_broken_upload_is_refused_with_its_line(new_page, browser_problems, tmp_path):
    admin = new_page("admin")
    expect(admin).to_have_url(re.compile(r"/admin/definitions$"))
    rows = admin.locator('main table.list tbody tr[data-key="sme_18_1_new_product"]')
    expect(rows).to_have_count(1)
    expect(rows.locator("td").nth(1)).to_have_text("1")

    with admin.expect_navigation():
        rows.locator("a[href*='/admin/definitions/']").click()
    expect(admin.locator("main h1 small")).to_have_text("v1")
    expect_diagram_rendered(admin)

    broken = tmp_path / "broken.bpmn"
    broken.write_text(BROKEN_BPMN, encoding="utf-8")
    admin.goto("/admin/definitions")
    with admin.expect_navigation():
        admin.click("main a.button.primary[href$='/admin/definitions/upload']")
    admin.set_input_files("#bpmn", str(broken))
    refused = submit_form(admin, "main form button.primary[type=submit]")

    assert refused.status == 422
    problems = admin.locator("#upload-problems li")
    expect(problems).to_have_count(1)
    line = re.search(r"\(\D*(\d+)\D*\)", problems.first.inner_text())
    assert line, problems.first.inner_text()
    assert int(line.group(1)) == 5, problems.first.inner_text()  # where </bpmn:process> closes <bpmn:startEvent>
    expect(admin.locator(".field.has-error:has(#bpmn) p.error")).not_to_have_text("")

    admin.goto("/admin/definitions")
    expect(rows).to_have_count(1)
    expect(rows.locator("td").nth(1)).to_have_text("1")
    browser_problems.assert_none()
