"""Every notice in writing, in the browser: at each turn the applicant downloads the document issued,
and each is read back for its words, its number, its embedded fonts and its signature (pyHanko)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.browser.test_application_in_browser import (
    APPLICATION_NUMBER,
    complete,
    confirm_and_submit,
    decide,
    fill_application,
    submit_form,
)
from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.support.documents import upload_missing_in_browser
from tests.support.pdfs import fonts_of, need_poppler, signature_status, text_of
from webapp.config import Config

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

NUMBER = re.compile(r"^新工信中小〔\d{4}〕\d+号$")


def apply(page) -> tuple[str, str]:
    page.goto("/programs/sme-18-1/apply")
    fill_application(page, NEW_PRODUCT_APPLICATION)
    assert submit_form(page, "main form button.primary[type=submit]").status == 200
    url = page.url
    upload_missing_in_browser(page)
    confirm_and_submit(page)
    number = APPLICATION_NUMBER.search(page.locator("main h1").inner_text()).group(0)
    return url, number


def downloaded(page, url: str, kind: str, tmp_path: Path, *expected: str) -> str:
    """The applicant's page lists the document; its PDF is fetched with the page's own session and checked."""
    page.goto(url)
    row = page.locator(f"#issued-documents tr[data-kind='{kind}']").last
    expect(row).to_be_visible()
    number = row.get_attribute("data-number")
    assert NUMBER.match(number), number
    response = page.request.get(row.locator("a[data-download]").get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    fonts = fonts_of(pdf, tmp_path)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    status = signature_status(pdf, Path(Config.SIGNING_DIR) / "demo-root.cert.pem")
    assert status.intact and status.valid and status.trusted, status.summary()
    text = text_of(pdf)
    for phrase in (number, *expected):
        assert phrase in text, (kind, phrase)
    return number


def test_the_applicant_downloads_every_document_at_its_turn(new_page, browser_problems, tmp_path):
    need_poppler()
    applicant, jxw = new_page("tianshan"), new_page("jxw")
    kjt, czt = new_page("kjt"), new_page("czt")

    # One application is returned for correction, accepted and approved.
    url, number = apply(applicant)
    numbers = [downloaded(applicant, url, "receipt", tmp_path, "申请材料接收回执", number, "营业执照")]
    decide(jxw, number, "return", correction_items="1. 鉴定证书复印件不清晰，请重新上传")
    numbers.append(
        downloaded(
            applicant, url, "correction", tmp_path, "补正材料通知书", "（一）鉴定证书复印件不清晰", "视为你单位放弃"
        )
    )
    applicant.goto(url)
    with applicant.expect_navigation():
        applicant.click("section.now a.button.primary[href*='/tasks/']")
    applicant.fill("#correction_reply", "已重新上传清晰的鉴定证书复印件")
    assert complete(applicant).status == 200
    decide(jxw, number, "approve")
    numbers.append(downloaded(applicant, url, "acceptance", tmp_path, "受理通知书", "决定予以受理"))
    decide(kjt, number, "approve", opinion="鉴定结论可靠")
    decide(czt, number, "approve", opinion="预算可安排")
    decide(jxw, number, "approve", approved_amount="450000", reasons="符合（十八）1的条件。")
    numbers.append(
        downloaded(
            applicant, url, "approval", tmp_path, "准予财政资金补助决定书", "新疆维吾尔自治区人民政府申请行政复议"
        )
    )

    # Another is refused at acceptance.
    url, number = apply(applicant)
    numbers.append(downloaded(applicant, url, "receipt", tmp_path, number))
    decide(jxw, number, "reject", reasons="申请项目不属于本专项资金支持范围。")
    numbers.append(
        downloaded(
            applicant, url, "refusal_to_accept", tmp_path, "不予受理通知书", "申请项目不属于本专项资金支持范围。"
        )
    )

    # A third is refused on the merits, resting on 科技厅's 不同意, which the decider sees highlighted.
    url, number = apply(applicant)
    numbers.append(downloaded(applicant, url, "receipt", tmp_path, number))
    decide(jxw, number, "approve")
    numbers.append(downloaded(applicant, url, "acceptance", tmp_path, number))
    decide(kjt, number, "reject", opinion="鉴定结论与申报产品不一致。")
    decide(czt, number, "approve", opinion="预算可安排")
    decide(jxw, number, "reject", reasons="鉴定结论与申报产品不一致，不符合（十八）1的条件。")
    numbers.append(
        downloaded(applicant, url, "refusal", tmp_path, "不予批准决定书", "科技厅：不同意。鉴定结论与申报产品不一致。")
    )

    serials = [int(re.search(r"〕(\d+)号", n).group(1)) for n in numbers]
    assert serials == list(range(serials[0], serials[0] + len(serials)))  # one department, no gap
    browser_problems.assert_none()
