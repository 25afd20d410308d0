"""An administrator opens the statistics in chromium after the demo (`flask demo`: a year of past
cases made through the services), filters by a prefecture, and clicks a bar through to the cases
behind it; the public page draws its chart without signing in."""

from __future__ import annotations

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from webapp import create_app
from webapp.extensions import db

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

SCREENSHOT = "/tmp/statistics.png"  # noqa: S108 - the path the review looks at
KASHGAR = "喀什地区"  # three past demo cases: two paid, one refused


@pytest.fixture
def demo(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()


def bar_point(page, figure: str, index: int = 0) -> tuple[float, float]:
    """Where the index-th bar of a figure's chart is drawn, in page coordinates."""
    chart = page.locator(f"#figure-{figure} .chart")
    box = chart.bounding_box()
    x, y = page.evaluate(
        """([selector, index]) => {
            const chart = echarts.getInstanceByDom(document.querySelector(selector));
            const layout = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(index);
            return [layout.x + layout.width / 2, layout.y + layout.height / 2];
        }""",
        [f"#figure-{figure} .chart", index],
    )
    return box["x"] + x, box["y"] + y


def test_the_dashboard_filters_by_a_prefecture_and_a_bar_opens_its_cases(demo, new_page, browser_problems):
    page = new_page("admin")
    page.goto("/statistics")
    expect(page.locator("#figure-months .chart[data-drawn=true]")).to_be_visible()
    assert int(page.locator('[data-figure="applications"]').inner_text()) >= 15

    page.select_option("#region", KASHGAR)
    with page.expect_navigation():
        page.click("#apply-filters")
    expect(page.locator('[data-figure="applications"]')).to_have_text("3")
    expect(page.locator("#table-regions tbody tr")).to_have_count(1)
    expect(page.locator("#figure-counties .chart[data-drawn=true]")).to_be_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)

    with page.expect_navigation():
        page.mouse.click(*bar_point(page, "programs"))
    assert "/statistics/cases" in page.url and "program=" in page.url
    rows = page.locator("#statistics-cases tbody tr")
    expect(rows.first).to_be_visible()
    listed = rows.count()
    page.go_back()
    first_program = page.locator("#table-programs tbody tr").first
    assert int(first_program.locator('td[data-column="applications"]').get_attribute("data-value")) == listed

    public = new_page()
    public.goto("/statistics/public")
    expect(public.locator("#figure-public .chart[data-drawn=true]")).to_be_visible()
    browser_problems.assert_none()
