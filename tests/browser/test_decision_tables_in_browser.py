"""The administrator changes a cap in the decision-table editor (dmn-js) and publishes it with the diagram."""

from __future__ import annotations

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.browser.test_modeler import LiveApi, open_modeler
from tests.browser.test_versions_in_browser import edit_url
from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.support.documents import attach_required_live

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

WITHIN_THE_NEW_CAP = {**NEW_PRODUCT_APPLICATION, "amount_requested": "300000"}
CAP_CELL = 'td[data-element-id="rule_new_product_cap"]'


def type_into(page, cell, text: str) -> None:
    """Replace the cell's text as a person would: select what is there, type over it."""
    cell.locator(".content-editable").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def to_decision(api: LiveApi, case: int) -> None:
    api.complete("jxw", case, decision="approve")
    for username in ("kjt", "czt"):
        api.complete(username, case, decision="approve", opinion="同意")


def decide(api: LiveApi, case: int, amount: str):
    """The raw answer: a cap refusal is a 422, which LiveApi.call would not accept."""
    (task,) = api.open_tasks("jxw", case)
    return api.request.post(
        f"/api/v1/tasks/{task['id']}/complete",
        headers={"Authorization": f"Bearer {api.tokens['jxw']}", "Accept-Language": "en"},
        data={"data": {"decision": "approve", "approved_amount": amount, "reasons": "符合条件"}},
    )


def submit(api: LiveApi, application_id: int):
    """The raw answer to a submission: a ceiling refusal is a 422, which LiveApi.call would not accept."""
    return api.request.post(
        f"/api/v1/applications/{application_id}/submit",
        headers={"Authorization": f"Bearer {api.tokens['tianshan']}", "Accept-Language": "en"},
    )


def test_a_cap_changed_in_the_decision_table_applies_to_new_cases_only(new_page, browser_problems):
    api = LiveApi(new_page().request)
    before = api.apply()  # asks for 450,000

    admin = new_page("admin")
    admin.goto(edit_url(admin))
    open_modeler(admin)
    cell = admin.locator(f"#modeler-decisions {CAP_CELL}")
    expect(cell).to_contain_text("min(500000, amount_requested)")

    # A cell the sandbox refuses is named by table and row, and nothing is published.
    type_into(admin, cell, "__import__('os').getcwd()")
    expect(admin.locator('#modeler-decisions .dmn-table[data-dirty="1"]')).to_have_count(1)
    admin.fill("#modeler-comment", "上限降为30万元")
    admin.click("#modeler-publish")
    expect(admin.locator("#modeler-problems")).to_contain_text("cap_18_1 row 1")

    type_into(admin, cell, "min(300000, amount_requested)")
    expect(cell.locator(".content-editable")).to_have_text("min(300000, amount_requested)")
    with admin.expect_navigation():
        admin.click("#modeler-publish")
    expect(admin.locator("main h1 small")).to_have_text("v2")

    # The same table is asked at submission: 450,000 is now above the cap, named with its figure.
    asked_too_much = api.call(
        "POST", "tianshan", "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION}
    )
    attach_required_live(api.upload, "tianshan", "sme-18-1", asked_too_much["id"])
    refused = submit(api, asked_too_much["id"])
    assert refused.status == 422, refused.text()
    assert "The most your answers allow is 300,000.00 yuan" in refused.text()

    after = api.call("POST", "tianshan", "/applications", {"program": "sme-18-1", "data": WITHIN_THE_NEW_CAP})
    api.submit("tianshan", after["id"])
    to_decision(api, after["id"])
    refused = decide(api, after["id"], "300000.01")
    assert refused.status == 422, refused.text()
    assert "The most allowed here is 300,000.00 yuan" in refused.text()
    assert decide(api, after["id"], "300000").status == 200

    to_decision(api, before)  # started on v1: its cap is still 500,000
    assert decide(api, before, "400000").status == 200
    browser_problems.assert_none()
