"""Issue 3's acceptance test, in Debian's chromium: from the public catalogue to money paid.

Two enterprises find their programs the way a new user would — the catalogue, its search and
department filter, the item page — apply and submit; then every department of each generated
chain does its step in the browser, the cap is refused at 300 yuan a student a year, the finance
department pays, and each applicant sees the money on their application page.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.browser.test_application_in_browser import (
    APPLICATION_NUMBER,
    claim,
    complete,
    confirm_and_submit,
    decide,
    expect_diagram_rendered,
    fill_application,
    open_task_from_inbox,
    status_badge,
    submit_form,
)
from tests.support.documents import upload_missing_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

LIST_SCREENSHOT = "/tmp/catalogue-list.png"  # noqa: S108 - the paths the review looks at
ITEM_SCREENSHOT = "/tmp/catalogue-item-18.png"  # noqa: S108

BASE_APPLICATION = {  # (十四)2: incubation subsidy, by enterprises graduated last year
    "base_name": "乌鲁木齐高新区小企业创业基地",
    "graduated_enterprises": "12",
    "amount_requested": "350000",
    "description": "上一年度成功孵化毕业企业12家，申请（十四）2 孵化补助。",
}
SCHOOL_APPLICATION = {  # (二十一)3: 300 yuan per Xinjiang student per year
    "school_name": "昆仑职业技术学校",
    "school_year": "2026",
    "students_enrolled": "40",
    "finance_level": "region",
    "share_percent": "100",
    "amount_requested": "12000",
    "description": "经学籍系统审核的新疆籍在校生40人，申请2026学年自治区财政补助。",
}


def apply_and_submit(page, program: str, data: dict) -> tuple[str, str]:
    """From the catalogue item's Apply button: fill, save the draft, submit; (number, page URL)."""
    with page.expect_navigation():
        page.click(f"#programs a.button.primary.apply[data-program='{program}']")
    expect(page).to_have_url(re.compile(rf"/programs/{program}/apply$"))
    fill_application(page, data)
    assert submit_form(page, "main form button.primary[type=submit]").status == 200
    expect(page).to_have_url(re.compile(r"/applications/\d+$"))
    assert upload_missing_in_browser(page) > 0
    confirm_and_submit(page)
    expect(status_badge(page)).to_have_class(re.compile(r"\bstatus-awaiting_acceptance\b"))
    number = APPLICATION_NUMBER.search(page.locator("main h1").inner_text()).group(0)
    return number, page.url


def search(page, keyword: str = "", department: str = "") -> None:
    page.fill("#q", keyword)
    page.select_option("#department", department)
    assert submit_form(page, "#search-button").status == 200


def found_items(page) -> list[int]:
    return [int(n) for n in page.locator("li.catalogue-item").evaluate_all("els => els.map(e => e.dataset.item)")]


def expect_paid(page, url: str, amount: str) -> None:
    page.goto(url)
    expect(status_badge(page)).to_have_class(re.compile(r"\bstatus-disbursed\b"))
    expect(status_badge(page)).to_have_text(re.compile(r"已拨付|Disbursed"))
    expect(page.locator('[data-figure="approved_amount"]')).to_have_text(amount)
    expect(page.locator('[data-figure="disbursed_amount"]')).to_have_text(amount)
    expect(page.locator("section.now")).to_have_count(0)


def test_two_enterprises_find_apply_and_are_paid_through_the_catalogue(new_page, browser_problems):
    # 天山: the catalogue from the header, a keyword search, item (十四), the (十四)2 program.
    tianshan = new_page("chuangye")  # a start-up base: (十四)2 is open to incubators
    with tianshan.expect_navigation():
        tianshan.click("#nav-catalogue")
    expect(tianshan.locator("#result-count")).to_have_attribute("data-count", "26")
    search(tianshan, "创业基地")
    assert 14 in found_items(tianshan)
    expect(tianshan.locator("li.catalogue-item[data-item='14'] .matched-points mark").first).to_have_text("创业基地")
    with tianshan.expect_navigation():
        tianshan.click("li.catalogue-item[data-item='14'] a.item-link")
    expect(tianshan.locator("h1 .item-ref")).to_have_text("（十四）")
    expect(tianshan.locator("#point-2 mark.amount")).to_have_text("最高不超过50万元")
    base_number, base_url = apply_and_submit(tianshan, "sme-14-2", BASE_APPLICATION)

    # 昆仑: the department filter (教育厅 leads (二十一)3), then item (二十一) and the (二十一)3 program.
    kunlun = new_page("zhiye")  # a vocational school: (二十一)3 is open to schools
    kunlun.goto("/catalogue")
    search(kunlun, department="JYT")
    assert found_items(kunlun) == [21]
    with kunlun.expect_navigation():
        kunlun.click("li.catalogue-item[data-item='21'] a.item-link")
    expect(kunlun.locator("#point-3 mark.amount")).to_have_text("每生每年300元")
    school_number, school_url = apply_and_submit(kunlun, "sme-21-3", SCHOOL_APPLICATION)

    # (十四)2's chain: 经信委 accepts, 科技厅 and 财政厅 give opinions, 经信委 approves 300,000.
    jxw = new_page("jxw")
    decide(jxw, base_number, "approve")
    kjt = new_page("kjt")
    decide(kjt, base_number, "approve", opinion="孵化成效属实")
    czt = new_page("czt")
    decide(czt, base_number, "approve", opinion="资金可在专项资金中安排")
    decide(jxw, base_number, "approve", approved_amount="300000", reasons="按孵化毕业企业个数核定")

    # (二十一)3's chain: 教育厅 accepts, 经信委, 人社厅 and 财政厅 give opinions.
    jyt = new_page("jyt")
    decide(jyt, school_number, "approve")
    decide(jxw, school_number, "approve", opinion="同意")
    rst = new_page("rst")
    decide(rst, school_number, "approve", opinion="同意")
    decide(czt, school_number, "approve", opinion="同意")

    # 教育厅 decides: a fen over 300 x 40 students at the region's 100% share is refused, citing the rule.
    open_task_from_inbox(jyt, school_number)
    decision_url = jyt.url
    claim(jyt)
    jyt.select_option("#decision", "approve")
    jyt.fill("#approved_amount", "12000.01")
    jyt.fill("#reasons", "按每生每年300元核定")
    refused = complete(jyt)
    assert refused.status == 422
    expect(jyt).to_have_url(decision_url)
    error = jyt.locator(".field.has-error:has(#approved_amount) .error")
    expect(error).to_contain_text("每生每年300元")
    expect(error).to_contain_text("12,000.00")
    jyt.fill("#approved_amount", "12000")
    assert complete(jyt).status == 200
    expect(jyt).to_have_url(re.compile(r"/tasks$"))

    # 财政厅 pays both.
    decide(czt, base_number, "", disbursed_amount="300000", disbursed_on="2026-11-20", voucher_no="CZ-2026-014")
    decide(czt, school_number, "", disbursed_amount="12000", disbursed_on="2026-11-20", voucher_no="CZ-2026-021")

    expect_paid(tianshan, base_url, "300,000.00")
    expect_paid(kunlun, school_url, "12,000.00")
    browser_problems.assert_none()


def test_anyone_reads_the_catalogue_and_the_chain_diagram_without_signing_in(new_page, browser_problems):
    reader = new_page()
    reader.goto("/catalogue")
    expect(reader.locator("li.catalogue-item")).to_have_count(26)
    expect(reader.locator("section.part h2")).to_have_count(7)
    reader.screenshot(path=LIST_SCREENSHOT, full_page=True)

    reader.goto("/catalogue?department=NOPE")  # a hand-edited address
    expect(reader.locator("#search-problem")).to_contain_text("NOPE")

    reader.goto("/catalogue/items/18")
    expect(reader.locator("ol.points > li")).to_have_count(3)
    expect(reader.locator("#programs a.apply")).to_have_count(3)
    expect(reader.locator("#measures details.measure")).to_have_count(3)
    expect_diagram_rendered(reader)
    reader.screenshot(path=ITEM_SCREENSHOT, full_page=True)

    with reader.expect_navigation():
        reader.click(".lead-departments a[data-department='JXW']")
    expect(reader).to_have_url(re.compile(r"/catalogue/departments/JXW$"))
    expect(reader.locator("#leads li[data-item='18']")).to_have_count(1)
    browser_problems.assert_none()
