"""The money end to end in chromium: finance sets a budget, 经信委 opens a call, two enterprises apply
under it, the decider sees the budget and approves one fully and the other only up to what is left,
the public notice shows the awards, finance pays in two tranches once the notice is over, and the
auditor's exported ledger adds up to the figures on the pages."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.browser.test_application_in_browser import (
    APPLICATION_NUMBER,
    claim,
    complete,
    confirm_and_submit,
    decide,
    fill_application,
    open_task_from_inbox,
    submit_form,
)
from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.support.documents import upload_missing_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.sqlite_only, pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM)]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

FUND = "浏览器演示专项资金"


def finance_sets_a_budget(czt, year: int) -> None:
    czt.goto("/money/funds")
    czt.fill("#fl-year", str(year))
    czt.fill("#fl-name", FUND)
    czt.fill("#fl-budget", "1000000")
    czt.check("#new-fund-line input[value='sme-18-1']")
    submit_form(czt, "#new-fund-line button[type=submit]")
    row = czt.locator("#fund-lines tr", has_text=FUND)
    expect(row.locator(".budget")).to_have_text("1,000,000.00")
    row.locator("input[name=budget]").fill("800000")
    row.locator("input[name=reason]").fill("预算调整：年中压减")
    submit_form(czt, f"#fund-lines tr:has-text('{FUND}') button[type=submit]")
    expect(czt.locator("#fund-lines tr", has_text=FUND).locator(".budget")).to_have_text("800,000.00")


def lead_opens_a_call(jxw, year: int) -> str:
    today = datetime.now(UTC).date()
    jxw.goto("/money/calls/new")
    jxw.select_option("#call-program", "sme-18-1")
    jxw.select_option("#call-fund", label=f"{year} {FUND}")
    jxw.fill("#call-title", "新产品新技术补助（浏览器批次）")
    jxw.fill("#call-opens", today.isoformat())
    jxw.fill("#call-closes", (today + timedelta(days=30)).isoformat())
    jxw.fill("#call-budget", "800000")
    jxw.fill("#call-notice", "5")
    jxw.fill("#guide-eligibility", "通过自治区鉴定新产品的中小企业")
    submit_form(jxw, "#call-form button[type=submit]")
    expect(jxw).to_have_url(re.compile(r"/calls/\d+$"))
    expect(jxw.locator("#call-guide")).to_contain_text("通过自治区鉴定新产品的中小企业")
    return jxw.url


def apply_under_the_call(page, call_url: str, amount: str) -> str:
    page.goto(call_url)
    with page.expect_navigation():
        page.click("#apply-under-call")
    fill_application(page, {**NEW_PRODUCT_APPLICATION, "amount_requested": amount})
    assert submit_form(page, "main form button.primary[type=submit]").status == 200
    upload_missing_in_browser(page)
    confirm_and_submit(page)
    return APPLICATION_NUMBER.search(page.locator("main h1").inner_text()).group(0)


def test_money_from_budget_to_audited_ledger(new_page, browser_problems, monkeypatch):
    year = datetime.now(UTC).year
    czt, jxw = new_page("czt"), new_page("jxw")
    finance_sets_a_budget(czt, year)
    call_url = lead_opens_a_call(jxw, year)

    first = apply_under_the_call(new_page("tianshan"), call_url, "500000")
    second = apply_under_the_call(new_page("kunlun"), call_url, "400000")
    kjt = new_page("kjt")
    for number in (first, second):
        decide(jxw, number, "approve")
        decide(kjt, number, "approve", opinion="技术可行")
        decide(czt, number, "approve", opinion="预算可安排")

    # The decider sees the call's budget, approves the first in full.
    open_task_from_inbox(jxw, first)
    expect(jxw.locator("#call-budget .available")).to_have_text("800,000.00")
    decide(jxw, first, "approve", approved_amount="500000", reasons="符合条件")

    # The second asks 400,000 of the 300,000 left: refused with the figures, then approved at 300,000.
    open_task_from_inbox(jxw, second)
    expect(jxw.locator("#call-budget .available")).to_have_text("300,000.00")
    claim(jxw)
    jxw.select_option("#decision", "approve")
    jxw.fill("#approved_amount", "400000")
    jxw.fill("#reasons", "符合条件")
    assert complete(jxw).status == 422
    expect(jxw.locator(".field.has-error:has(#approved_amount) .error")).to_contain_text("300,000.00")
    jxw.fill("#approved_amount", "300000")
    assert complete(jxw).status == 200

    # The public notice shows both awards before anything is paid.
    public = new_page()
    public.goto("/notices")
    expect(public.locator(f"#awards tr[data-award='{first}'] .amount")).to_have_text("500,000.00")
    expect(public.locator(f"#awards tr[data-award='{second}'] .amount")).to_have_text("300,000.00")

    # Seven working days later the notice is over: finance pays the first in two tranches.
    later = datetime.now(UTC) + timedelta(days=12)
    monkeypatch.setattr("workflows.clock.now", lambda: later)
    paid_on = datetime.now(UTC).date().isoformat()  # the form refuses a date after the real today
    decide(czt, first, "", disbursed_amount="300000", disbursed_on=paid_on, voucher_no="CZ-001")
    czt.goto("/applications")
    with czt.expect_navigation():
        czt.click(f"a:has-text('{first}')")
    expect(czt.locator("main > p .status")).to_have_class(re.compile(r"\bstatus-partly_paid\b"))
    expect(czt.locator("#case-figures .unpaid")).to_have_text("200,000.00")
    czt.fill("#tranche-date", paid_on)
    czt.fill("#tranche-voucher", "CZ-002")
    submit_form(czt, "#tranche-form button[type=submit]")
    expect(czt.locator("main > p .status")).to_have_class(re.compile(r"\bstatus-disbursed\b"))

    # The auditor's ledger: the export adds up to what the page shows for the call.
    auditor = new_page("auditor")
    auditor.goto("/money/ledger")
    call_row = auditor.locator("#ledger-calls tr", has_text="浏览器批次")
    expect(call_row.locator(".committed")).to_have_text("800,000.00")
    expect(call_row.locator(".disbursed")).to_have_text("500,000.00")
    with auditor.expect_download() as download:
        auditor.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    ours = [r for r in rows if r["application"] in (first, second)]
    total = {kind: sum(Decimal(r["amount"]) for r in ours if r["kind"] == kind) for kind in ("commitment", "payment")}
    assert total == {"commitment": Decimal("800000.00"), "payment": Decimal("500000.00")}
    browser_problems.assert_none()
