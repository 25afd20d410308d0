"""The dashboard reads roll-up tables: rebuilt by the page when that is quick, by the worker when
it is not, and saying when its figures were built; medians from a histogram as PostgreSQL's
percentile_cont computes them."""

import random
import statistics as stdlib_statistics

import pytest
from sqlalchemy import text

from webapp.extensions import db
from webapp.models import StatisticsSnapshot
from webapp.statistics.services import snapshot
from webapp.statistics.services.percentiles import percentile, summary
from webapp.worker import run_worker


def applications_on_dashboard(api) -> int:
    return api.get("jxw_head", "/statistics").get_json()["total"]["applications"]


def test_a_submission_shows_on_the_next_view_when_a_build_is_quick(api):
    before = applications_on_dashboard(api)
    api.apply("tianshan", amount_requested="300000")
    assert applications_on_dashboard(api) == before + 1
    body = api.get("jxw_head", "/statistics").get_json()
    assert body["as_of"].endswith("Z")


def test_a_slow_build_is_left_to_the_worker_and_the_page_says_as_of_when(app, api):
    assert applications_on_dashboard(api) == 0  # built now, by the page
    app.config.update(STATISTICS_INLINE_BUILD_MS=-1, STATISTICS_REFRESH_SECONDS=0)
    api.apply("tianshan", amount_requested="300000")
    assert applications_on_dashboard(api) == 0, "the page serves the last build instead of building"
    run_worker(app, interval=0.1, once=True)
    assert applications_on_dashboard(api) == 1, "the worker's round rebuilt it"


def test_the_worker_leaves_a_recent_build_alone_until_its_interval_is_over(app, api):
    applications_on_dashboard(api)
    app.config.update(STATISTICS_INLINE_BUILD_MS=-1, STATISTICS_REFRESH_SECONDS=3600)
    api.apply("tianshan", amount_requested="300000")
    with app.app_context():
        assert snapshot.refresh_if_due() is False
        app.config["STATISTICS_REFRESH_SECONDS"] = 0
        assert snapshot.refresh_if_due() is True
        assert snapshot.refresh_if_due() is False, "current now: nothing to do"


def test_the_page_shows_when_its_figures_were_built(api):
    from tests.test_withdraw_lookup_letter import log_in

    log_in(api.client, "jxw_head")
    page = api.client.get("/statistics").get_data(as_text=True)
    assert 'id="as-of"' in page and "数据截至" in page


def test_flask_statistics_refresh_rebuilds_and_says_when(app):
    result = app.test_cli_runner().invoke(args=["statistics", "refresh"])
    assert result.exit_code == 0, result.output
    assert "statistics rebuilt in" in result.output
    with app.app_context():
        built = db.session.get(StatisticsSnapshot, snapshot.SNAPSHOT_ID)
        assert built.built_at is not None and built.build_ms >= 0


@pytest.mark.parametrize("size", [1, 2, 3, 10, 57, 400])
def test_percentiles_from_a_histogram_are_those_of_the_sorted_values(size):
    rng = random.Random(size)
    values = [rng.randint(0, 30) for _ in range(size)]
    histogram: dict[int, int] = {}
    for value in values:
        histogram[value] = histogram.get(value, 0) + 1
    count, median, p90 = summary(histogram)
    assert count == size
    if size == 1:
        assert median == p90 == values[0]
        return
    cuts = stdlib_statistics.quantiles(values, n=10, method="inclusive")  # R's type 7, as percentile_cont
    assert median == pytest.approx(cuts[4]) and p90 == pytest.approx(cuts[8])
    assert percentile({}, 0.5) is None


def test_percentiles_from_a_histogram_match_postgresqls_percentile_cont(app, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("percentile_cont is PostgreSQL's")
    rng = random.Random(7)
    values = [rng.randint(0, 20) for _ in range(333)]
    histogram: dict[int, int] = {}
    for value in values:
        histogram[value] = histogram.get(value, 0) + 1
    with app.app_context():
        expected = db.session.execute(
            text(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_cont(0.9) WITHIN GROUP (ORDER BY v)"
                " FROM unnest(CAST(:values AS integer[])) AS t(v)"
            ),
            {"values": values},
        ).one()
    assert percentile(histogram, 0.5) == pytest.approx(expected[0])
    assert percentile(histogram, 0.9) == pytest.approx(expected[1])


def test_a_burst_of_views_of_a_stale_dashboard_builds_the_roll_up_once(app, api, database_url, monkeypatch):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    from tests.support.races import at_once
    from webapp.statistics.services import rollup

    api.apply("tianshan")
    api.apply("kunlun")
    builds = []
    real_rebuild = rollup.rebuild
    monkeypatch.setattr(rollup, "rebuild", lambda: (builds.append(1), real_rebuild())[1])
    headers = api.headers("jxw_head")

    def view():
        return app.test_client().get("/api/v1/statistics", headers=headers)

    answers = at_once([view] * 6)
    assert [a.status_code for a in answers] == [200] * 6
    assert {a.get_json()["total"]["applications"] for a in answers} == {2}
    assert len(builds) == 1, "one view built it; the others waited for it and found it current"
    with app.app_context():
        grouped = db.session.scalar(text("SELECT sum(applications) FROM statistics_case_groups"))
    assert grouped == 2, "no group counted twice"
