"""The administrator picks a lane's department, saves a draft, reopens it, compares it with the
published version side by side, publishes it, and moves a running case to the new version."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.browser.test_modeler import KEY, LiveApi, modeler_call, open_modeler

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

LANE_NAME = "return modeler.get('elementRegistry').get(arg).businessObject.name;"


def edit_url(page) -> str:
    page.goto("/admin/definitions")
    row = page.locator(f'main table.list tbody tr[data-key="{KEY}"]')
    return row.locator("a[href*='/admin/definitions/']").get_attribute("href") + "/edit"


def test_a_lane_department_is_picked_saved_as_a_draft_compared_and_published(new_page, browser_problems):
    admin = new_page("admin")
    url = edit_url(admin)
    admin.goto(url)
    open_modeler(admin)

    # The lane of 科技厅 moves to 人社厅, picked from the registry in the properties panel.
    admin.click("#modeler-form button[data-zoom='fit']")
    modeler_call(admin, "modeler.get('selection').select(modeler.get('elementRegistry').get('lane_kjt'));")
    select = admin.locator("#modeler-panel select#bio-properties-panel-sme-lane-department-select")
    expect(select).to_have_value("自治区科技厅")
    assert select.locator("option").filter(has_text="申请企业").count() == 1
    rst = select.locator("option").filter(has_text="RST ·").get_attribute("value")
    assert rst.startswith("自治区人力资源")
    select.select_option(rst)
    admin.wait_for_function(
        "n => window.SmeModelerPage.modeler.get('elementRegistry').get('lane_kjt').businessObject.name === n", arg=rst
    )

    admin.click("#modeler-save-draft")
    expect(admin.locator("#modeler-page[data-draft-saved]")).to_have_count(1)
    # Reopening the modeler opens the draft, not the published version.
    admin.goto(url)
    open_modeler(admin)
    expect(admin.locator("#modeler-draft")).to_be_visible()
    assert modeler_call(admin, LANE_NAME, "lane_kjt") == rst

    # The draft against the published version: the lane is listed and coloured on the right.
    admin.goto(f"/admin/processes/{KEY}/diff")
    expect(admin.locator('#diff-elements tr[data-element="lane_kjt"][data-change="changed"]')).to_have_count(1)
    expect(admin.locator("#diff-elements")).to_contain_text(f"自治区科技厅 → {rst}")
    expect(admin.locator('#diff-right[data-rendered="1"]')).to_have_count(1)
    expect(admin.locator('#diff-right g.djs-element.diff-changed[data-element-id="lane_kjt"]')).to_have_count(1)
    expect(admin.locator('#diff-left g.djs-element.diff-changed[data-element-id="lane_kjt"]')).to_have_count(1)
    expect(admin.locator("#diff-text .add").filter(has_text=rst)).to_have_count(1)

    admin.goto(url)
    open_modeler(admin)
    admin.fill("#modeler-comment", "科技厅的审查改由人社厅承担")
    with admin.expect_navigation():
        admin.click("#modeler-publish")
    expect(admin.locator("main h1 small")).to_have_text("v2")
    expect(admin.locator("#versions tr[data-version='2'] td.comment")).to_have_text("科技厅的审查改由人社厅承担")
    expect(admin.locator("#draft-note")).to_have_count(0)
    browser_problems.assert_none()


def test_a_running_case_is_moved_to_the_new_version_from_the_preview(new_page, browser_problems):
    api = LiveApi(new_page().request)
    case = api.apply()
    admin = new_page("admin")
    url = edit_url(admin)
    admin.goto(url)
    open_modeler(admin)
    modeler_call(
        admin,
        "modeler.get('modeling').updateProperties(modeler.get('elementRegistry').get('accept'), { name: arg });",
        "受理审查（新）",
    )
    admin.fill("#modeler-comment", "改名")
    with admin.expect_navigation():
        admin.click("#modeler-publish")
    assert [t["title"] for t in api.open_tasks("jxw", case)] == ["受理审查"]

    admin.click("#migrate-instances")
    row = admin.locator("#migration-candidates tbody tr").first
    expect(row).to_have_attribute("data-movable", "yes")
    expect(row).to_contain_text("v1 → v2")
    with admin.expect_navigation():
        row.locator("button.migrate-one").click()
    expect(admin.locator("p.flash.success")).to_be_visible()
    expect(admin.locator("#migration-none")).to_be_visible()
    assert [t["title"] for t in api.open_tasks("jxw", case)] == ["受理审查（新）"]
    api.complete("jxw", case, decision="approve")
    assert len(api.open_tasks("kjt", case)) == 1  # on to the joint review, on v2
    assert re.search(r"/admin/processes/.+/migrate", admin.url)
    browser_problems.assert_none()
