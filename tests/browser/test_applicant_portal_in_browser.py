"""An enterprise's whole way through the portal, in chromium: it registers (a wrong credit code is
refused first), fills its profile, checks its eligibility, starts a draft that saves itself, leaves
and comes back, uploads its documents, submits, answers a correction with a new document, is
decided, downloads the letter, is found by the public lookup and rates the service."""

from __future__ import annotations

import re

import pytest

from forms.credit_code import check_character
from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.browser.test_application_in_browser import (
    APPLICATION_NUMBER,
    confirm_and_submit,
    decide,
    status_badge,
    submit_form,
)
from tests.support.documents import png, upload_missing_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

SCREENSHOT = "/tmp/applicant-portal.png"  # noqa: S108 - the paths the review looks at
PRECHECK_SCREENSHOT = "/tmp/precheck.png"  # noqa: S108
DRAFT_SCREENSHOT = "/tmp/draft.png"  # noqa: S108
CODE17 = "91653125MA7XJ4K2Q"
CREDIT_CODE = CODE17 + check_character(CODE17)
WRONG_CODE = CODE17 + ("0" if CREDIT_CODE[-1] != "0" else "1")
PROFILE = {
    "#employees": "45",
    "#revenue": "8000000",
    "#total_assets": "12000000",
    "#contact_name": "阿依古丽",
    "#contact_phone": "0998-8521234",
    "#contact_email": "ayguli@shache-base.example",
}
DRAFT = {
    "#base_name": "莎车县小微企业创业孵化基地",
    "#amount_requested": "350000",
    "#description": "上一年度成功孵化毕业企业12家。",
}


def register(page, credit_code: str):
    page.goto("/register")
    for field, value in (
        ("#username", "shache_base"),
        ("#display_name", "阿依古丽"),
        ("#enterprise_name", "莎车县创业孵化基地有限公司"),
        ("#credit_code", credit_code),
        ("#password", "base-pass-2026"),
        ("#confirm", "base-pass-2026"),
    ):
        page.fill(field, value)
    page.select_option("#applicant_type", "incubator")  # (十四)2 pays start-up bases, not enterprises
    return submit_form(page, "main form button[type=submit]")


def test_an_enterprise_goes_from_registration_to_its_rating(new_page, browser_problems):
    applicant = new_page(locale="en-US")
    applicant.goto("/lang/en")

    # Registration: the wrong check character is refused with the reason, then the right code.
    refused = register(applicant, WRONG_CODE)
    assert refused.status == 422
    expect(applicant.locator(".field.has-error:has(#credit_code) .error")).to_contain_text("does not match")
    register(applicant, CREDIT_CODE)
    expect(applicant).to_have_url(re.compile(r"/enterprise$"))
    expect(applicant.locator("#credit-code")).to_have_text(CREDIT_CODE)

    # Profile: Kashgar / Yarkand, industry, people, revenue → a small enterprise by the 2011 standard.
    applicant.select_option("#region_prefecture", "喀什地区")
    expect(applicant.locator("#region_county option[value='墨玉县']")).to_be_disabled()  # 和田's, not 喀什's
    applicant.select_option("#region_county", "莎车县")
    applicant.select_option("#industry", "industry")
    for field, value in PROFILE.items():
        applicant.fill(field, value)
    submit_form(applicant, "#profile-save")
    expect(applicant.locator("#size-class")).to_have_attribute("data-size", "small")
    expect(applicant.locator("#size-class")).to_contain_text("Small")

    # Pre-check for (十四)2: no graduates fails citing the sub-point; twelve pass.
    applicant.goto("/programs/sme-14-2")
    with applicant.expect_navigation():
        applicant.click("#precheck-link")
    applicant.fill("#graduated_enterprises", "0")
    submit_form(applicant, "#precheck-run")
    failed = applicant.locator("tr[data-condition='row-1']")
    expect(failed).to_have_attribute("data-outcome", "failed")
    expect(failed).to_contain_text("（十四）2：上一年度须有成功孵化毕业的企业")
    expect(applicant.locator("tr[data-condition='sme']")).to_have_attribute("data-outcome", "passed")
    applicant.screenshot(path=PRECHECK_SCREENSHOT, full_page=True)
    applicant.fill("#graduated_enterprises", "12")
    submit_form(applicant, "#precheck-run")
    expect(applicant.locator("#precheck-verdict")).to_have_attribute("data-eligible", "yes")
    submit_form(applicant, "#start-application")
    expect(applicant).to_have_url(re.compile(r"/applications/\d+/edit$"))
    edit_url = applicant.url
    expect(applicant.locator("#graduated_enterprises")).to_have_value("12")  # carried from the pre-check

    # The draft saves itself while being typed; leaving and coming back loses nothing.
    with applicant.expect_response(lambda r: r.url.endswith("/draft") and r.status == 200):
        for field, value in DRAFT.items():
            applicant.fill(field, value)
    expect(applicant.locator("#autosave-status")).to_have_text(re.compile(r"Saved at \d{2}:\d{2}"))
    applicant.goto("/")
    row = applicant.locator("#drafts tr[data-draft]")
    expect(row).to_have_count(1)
    with applicant.expect_navigation():
        row.locator("a.button").click()
    expect(applicant).to_have_url(edit_url)
    for field, value in DRAFT.items():
        expect(applicant.locator(field)).to_have_value(value)

    # Documents: submitting without them is refused, listing what is missing; then upload each.
    refused = submit_form(applicant, "#submit-application")
    assert refused.status == 200
    expect(applicant).to_have_url(re.compile(r"/edit\?check=1#draft-form$"))
    expect(applicant.locator("p.flash.error")).to_contain_text("Business licence, Financial statements")
    expect(applicant.locator("#attachments tr.has-error")).to_have_count(3)
    assert upload_missing_in_browser(applicant) == 3
    expect(applicant.locator("#attachments tr[data-present='yes']")).to_have_count(3)
    applicant.screenshot(path=DRAFT_SCREENSHOT, full_page=True)
    confirm_and_submit(applicant)
    expect(applicant).to_have_url(re.compile(r"/applications/\d+$"))
    application_url = applicant.url
    number = APPLICATION_NUMBER.search(applicant.locator("main h1").inner_text()).group(0)
    query_code = applicant.locator("#query-code code").inner_text()
    expect(status_badge(applicant)).to_have_class(re.compile(r"\bstatus-awaiting_acceptance\b"))

    # 经信委 asks for a correction; the applicant replaces the licence scan and answers.
    jxw = new_page("jxw")
    decide(jxw, number, "return", correction_items="1. 营业执照扫描件不清晰，请重新上传")
    applicant.goto(application_url)
    with applicant.expect_navigation():
        applicant.click("section.now a.button.primary[href*='/tasks/']")
    licence = applicant.locator("#attachments tr[data-document='business_licence']")
    with applicant.expect_response(lambda r: r.url.endswith("/attachments") and r.status == 201):
        licence.locator("input[type=file]").set_input_files(
            {"name": "licence-clear.png", "mimeType": "image/png", "buffer": png()}
        )
    expect(applicant.locator("#attachments tr[data-document='business_licence']")).to_contain_text("licence-clear.png")
    expect(applicant.locator("#base_name")).to_have_value(DRAFT["#base_name"])
    applicant.fill("#correction_reply", "已重新上传清晰的营业执照")
    assert submit_form(applicant, "section.task-form button.primary[type=submit]").status == 200

    # The departments: 经信委 accepts and sees the new licence; 科技厅, 财政厅 agree; 经信委 approves.
    decide(jxw, number, "approve")
    kjt = new_page("kjt")
    decide(kjt, number, "approve", opinion="孵化成效属实")
    czt = new_page("czt")
    decide(czt, number, "approve", opinion="资金可安排")
    decide(jxw, number, "approve", approved_amount="300000", reasons="按孵化毕业企业个数核定")

    # The letter, the public lookup and the rating.
    applicant.goto(application_url)
    expect(applicant.locator("#decision-letter")).to_be_visible()
    letter = applicant.request.get(applicant.locator("#decision-letter").get_attribute("href"))
    assert letter.status == 200 and letter.body().startswith(b"%PDF-")
    public = new_page(locale="en-US")
    public.goto("/lookup")
    public.fill("#number", number)
    public.fill("#query_code", query_code)
    submit_form(public, "main form button[type=submit]")
    expect(public.locator("#lookup-result")).to_be_visible()
    applicant.click("#rate summary")  # the rating waits, folded, until the applicant opens it
    applicant.check("input[name=score][value='5']")
    applicant.fill("#comment", "材料一次补正即通过，办理很快")
    submit_form(applicant, "#rating-submit")
    expect(applicant.locator("#rating")).to_have_attribute("data-score", "5")
    applicant.screenshot(path=SCREENSHOT, full_page=True)
    browser_problems.assert_none()
