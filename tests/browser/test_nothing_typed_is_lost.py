"""Issue 15 in the browser: nothing typed is ever lost, errors stay on the form in the reader's
language, and an applicant and a reviewer work on a 390 px phone without sideways scrolling."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.browser.test_application_in_browser import (
    claim,
    complete,
    confirm_and_submit,
    decide,
    fill_application,
    open_task_from_inbox,
    submit_form,
)
from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.support.documents import PDF, png, upload_missing_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
UPLOADED = lambda r: r.url.endswith("/attachments") and r.status == 201  # noqa: E731


def start_draft(page, program: str = "sme-18-1") -> str:
    page.goto(f"/programs/{program}")
    expect(page.locator("#documents-to-prepare li")).to_have_count(4)  # known before any draft exists
    submit_form(page, "#start-draft")
    expect(page).to_have_url(re.compile(r"/applications/\d+/edit$"))
    return page.url


def mark_page(page) -> None:
    """A marker only this page load carries: if it is gone, the page was reloaded."""
    page.evaluate("window.__stillHere = true")


def still_same_page(page) -> bool:
    return page.evaluate("window.__stillHere === true")


def assert_fits(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} is {width} px wide at {PHONE['width']} px ({page.url})"


def test_a_refused_submit_keeps_the_draft_saveable_and_what_was_typed(new_page, browser_problems):
    applicant = new_page("tianshan")
    edit_url = start_draft(applicant)
    fill_application(applicant, {**NEW_PRODUCT_APPLICATION, "amount_requested": "600000"})
    assert upload_missing_in_browser(applicant) == 4
    # Typed just before the button, with no autosave in between: the button carries it.
    applicant.fill("#description", "最后一刻补充的说明")
    refused = submit_form(applicant, "#submit-application")
    assert refused.status == 200
    expect(applicant).to_have_url(edit_url + "?check=1#draft-form")
    expect(applicant.locator(".field.has-error:has(#amount_requested) .error")).to_be_visible()
    expect(applicant.locator("p.flash.error")).to_be_visible()
    expect(applicant.locator("#description")).to_have_value("最后一刻补充的说明")
    expect(applicant.locator("#amount_requested")).to_have_value(re.compile(r"^600000(\.00)?$"))

    # The page still carries its token: autosave answers 200 and says when it saved.
    with applicant.expect_response(lambda r: r.url.endswith("/draft") and r.status == 200):
        applicant.fill("#amount_requested", "450000")
    expect(applicant.locator("#autosave-status")).to_have_text(re.compile(r"\d{2}:\d{2}"))
    confirm = submit_form(applicant, "#submit-application")
    assert confirm.status == 200
    expect(applicant).to_have_url(re.compile(r"/confirm$"))
    expect(applicant.locator("#steps li.current")).to_contain_text("确认")
    expect(applicant.locator("#application-data")).to_contain_text("最后一刻补充的说明")
    # Without the declaration the submit is refused on the confirmation page itself.
    submit_form(applicant, "#confirm-submit")
    expect(applicant.locator("#declaration-section .error")).to_be_visible()
    applicant.check("#declaration")
    submit_form(applicant, "#confirm-submit")
    expect(applicant).to_have_url(re.compile(r"/applications/\d+$"))
    expect(applicant.locator("#query-code-value")).to_have_text(re.compile(r"^[A-Z0-9]{8}$"))
    expect(applicant.locator("#copy-query-code")).to_be_visible()
    browser_problems.assert_none()


def test_an_upload_happens_in_place_and_loses_nothing_typed(new_page, browser_problems):
    applicant = new_page("tianshan")
    edit_url = start_draft(applicant)
    mark_page(applicant)
    # Typed and uploaded within the autosave's pause: the upload waits for the save.
    applicant.fill("#project_name", "边打字边上传")
    licence = applicant.locator("#attachments tr[data-document='business_licence']")
    with applicant.expect_response(UPLOADED):
        licence.locator("input[type=file]").set_input_files({"name": "l.png", "mimeType": "image/png", "buffer": png()})
    expect(applicant.locator("#attachments tr[data-document='business_licence']")).to_have_attribute(
        "data-present", "yes"
    )
    assert still_same_page(applicant)
    expect(applicant.locator("#project_name")).to_have_value("边打字边上传")

    # 上传 with no file says so in the row; a text file dressed as a PDF is refused in Chinese, in the row.
    statements = applicant.locator("#attachments tr[data-document='financial_statements']")
    statements.locator("button[type=submit]").click()
    expect(statements.locator(".upload-status.error")).to_have_text("请先选择要上传的文件。")
    with applicant.expect_response(lambda r: r.url.endswith("/attachments") and r.status == 422):
        statements.locator("input[type=file]").set_input_files(
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"just some text"}
        )
    expect(statements.locator(".upload-status.error")).to_contain_text("仅接受")
    expect(statements.locator(".upload-status.error")).not_to_contain_text("not a recognised")
    assert still_same_page(applicant)

    applicant.goto(edit_url)  # the save went before the upload: the typed name is stored
    expect(applicant.locator("#project_name")).to_have_value("边打字边上传")
    browser_problems.assert_none()


def test_a_correction_keeps_the_reply_through_an_upload_and_a_reload(new_page, browser_problems):
    applicant = new_page("tianshan")
    start_draft(applicant)
    fill_application(applicant, NEW_PRODUCT_APPLICATION)
    upload_missing_in_browser(applicant)
    confirm_and_submit(applicant)
    application_url = applicant.url
    number = applicant.locator("#application-number").inner_text()
    decide(new_page("jxw"), number, "return", correction_items="1. 请补充鉴定证书")

    applicant.goto(application_url)
    with applicant.expect_navigation():
        applicant.click("section.now a.button.primary[href*='/tasks/']")
    task_url = applicant.url
    mark_page(applicant)
    applicant.fill("#correction_reply", "已补充鉴定证书")
    applicant.fill("#amount_requested", "420000")
    row = applicant.locator("#attachments tr[data-document='appraisal_certificate']")
    with applicant.expect_response(UPLOADED):
        row.locator("input[type=file]").set_input_files(
            {"name": "certificate-2.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
    expect(applicant.locator("#attachments tr[data-document='appraisal_certificate']")).to_contain_text(
        "certificate-2.pdf"
    )
    assert still_same_page(applicant)
    expect(applicant.locator("#correction_reply")).to_have_value("已补充鉴定证书")

    applicant.goto(task_url)  # left and came back: the browser kept what was typed
    expect(applicant.locator("#correction_reply")).to_have_value("已补充鉴定证书")
    expect(applicant.locator("#amount_requested")).to_have_value("420000")
    expect(applicant.locator(".kept-note")).to_be_visible()
    assert complete(applicant).status == 200
    applicant.goto(application_url)
    expect(applicant.locator("ol.timeline")).to_contain_text("已补充鉴定证书")
    expect(applicant.locator("#application-data")).to_contain_text("420,000.00")
    browser_problems.assert_none()


def test_an_applicant_and_a_reviewer_work_on_a_phone_without_sideways_scrolling(browser, live_server, browser_problems):
    def phone(username):
        from tests.browser.conftest import log_in

        context = browser.new_context(base_url=live_server, locale="zh-CN", viewport=PHONE, is_mobile=True)
        page = context.new_page()
        browser_problems.watch(page)
        log_in_on_phone(page, username, log_in)
        return context, page

    applicant_context, applicant = phone("tianshan")
    try:
        assert_fits(applicant, "the home page")
        expect(applicant.locator("#main-nav")).to_be_hidden()
        applicant.click("#nav-toggle")
        expect(applicant.locator("#main-nav")).to_be_visible()
        assert_fits(applicant, "the open menu")
        start_draft(applicant)
        assert_fits(applicant, "the draft")
        fill_application(applicant, NEW_PRODUCT_APPLICATION)
        assert upload_missing_in_browser(applicant) == 4
        assert_fits(applicant, "the draft with its documents")
        submit_form(applicant, "#submit-application")
        assert_fits(applicant, "the confirmation")
        applicant.check("#declaration")
        submit_form(applicant, "#confirm-submit")
        assert_fits(applicant, "the case page")
        number = applicant.locator("#application-number").inner_text()

        reviewer_context, reviewer = phone("jxw")
        try:
            assert_fits(reviewer, "the inbox")
            open_task_from_inbox(reviewer, number)
            assert_fits(reviewer, "the task")
            # On a phone a document opens in the viewer when tapped (on a wide screen, by itself), inline.
            expect(reviewer.locator("#viewer")).to_be_hidden()
            reviewer.locator("a.attachment[data-type='application/pdf']").first.click()
            expect(reviewer.locator("#viewer[data-loaded='1']")).to_be_visible()
            assert "inline=1" in reviewer.locator("#viewer-frame").get_attribute("src")
            assert_fits(reviewer, "the task with its document open")
            # Chromium's own PDF viewer (not what a phone shows) takes the next tap while it settles:
            # the form is worked on the page as it opens.
            reviewer.reload()
            claim(reviewer)
            # 需补正事项 only when returning, 理由 only when refusing.
            expect(reviewer.locator(".field:has(#correction_items)")).to_be_hidden()
            reviewer.select_option("#decision", "return")
            expect(reviewer.locator(".field:has(#correction_items)")).to_be_visible()
            expect(reviewer.locator(".field:has(#reasons)")).to_be_hidden()
            reviewer.select_option("#decision", "reject")
            expect(reviewer.locator(".field:has(#reasons)")).to_be_visible()
            expect(reviewer.locator(".field:has(#correction_items)")).to_be_hidden()
            reviewer.select_option("#decision", "approve")
            assert_fits(reviewer, "the task form")
            assert complete(reviewer).status == 200
            assert_fits(reviewer, "the inbox after the task")
        finally:
            reviewer_context.close()
    finally:
        applicant_context.close()
    browser_problems.assert_none()


def log_in_on_phone(page, username, log_in) -> None:
    page.set_default_timeout(15_000)
    log_in(page, username)


def test_the_public_pages_fit_a_phone_in_both_languages(browser, live_server, browser_problems):
    """English names are longer: the catalogue's department filter once made the page 604 px wide."""
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True)
    try:
        page = context.new_page()
        browser_problems.watch(page)
        for language in ("zh", "en"):
            page.goto(f"/lang/{language}")
            for path in ("/catalogue", "/notices", "/statistics/public", "/lookup", "/register"):
                page.goto(path)
                assert_fits(page, f"{path} in {language}")
    finally:
        context.close()
    browser_problems.assert_none()
