"""Budget execution on the dashboard, per fund line and per call, checked against money moved through the
money room's services (a commitment, a partial payment, a release, a recovery) on SQLite and PostgreSQL.

The story, on fund lines of 2031 (the standing calls are 2025–2027, so year=2031 shows only these):
- 经信委's call on a 1,000,000 line: A approved 400,000, paid 250,000, the rest (150,000) released,
  then 50,000 recovered; B approved 300,000, nothing paid; C submitted and not decided.
- 科技厅's call for （六）4 on a 200,000 line: nothing moved.
"""

import pytest

from tests.support.factories import open_call
from tests.test_money_commitments import apply_under, call_figures, decide, disburse, review
from tests.test_withdraw_lookup_letter import log_in

YEAR = 2031


@pytest.fixture
def money(api, app):
    from webapp.extensions import db
    from webapp.models import FundingCall

    call = open_call(app, budget="1000000", year=YEAR)
    other = open_call(app, program="sme-6-4", budget="200000", ceiling="100000", year=YEAR)
    a = apply_under(api, call, "tianshan", "500000")
    b = apply_under(api, call, "kunlun", "300000")
    c = apply_under(api, call, "tianshan", "100000")
    assert decide(api, review(api, a), "400000").status_code == 200
    assert decide(api, review(api, b), "300000").status_code == 200
    assert disburse(api, a, "250000", "CZ-2031-1").status_code == 200
    assert api.post("czt", f"/applications/{a}/release", {"reason": "验收核减"}).status_code == 201
    recovery = {"amount": "50000", "reason": "虚报投资额", "article": "《办法》第十一条"}
    assert api.post("czt", f"/applications/{a}/recoveries", recovery).status_code == 201
    with app.app_context():
        lines = {i: db.session.get(FundingCall, i).fund_line_id for i in (call, other)}
    return {"call": call, "other": other, "line": lines[call], "other_line": lines[other], "cases": {a, b, c}}


def tables(api, username="admin", query=f"year={YEAR}"):
    response = api.get(username, f"/statistics?{query}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return body, {t["key"]: t for t in body["tables"]}


def rows(table) -> dict:
    return {r["key"]: r for r in table["rows"]}


def test_budget_committed_paid_available_and_rates_per_line_and_call(api, money):
    _, by_key = tables(api)
    lines, calls = by_key["fund_lines"], by_key["calls"]
    assert (lines["chart"], lines["plotted"], calls["chart"]) == ("bar", "paid", "ranked")
    paid_per_call = [float(r["values"]["paid"]) for r in calls["rows"]]
    assert paid_per_call == sorted(paid_per_call, reverse=True), "ranked: the calls that paid most first"
    assert [c["kind"] for c in calls["columns"]] == ["amount"] * 4 + ["rate", "rate", "count"]
    expected = {
        "budget": "1000000.00",
        "committed": "550000.00",  # 400,000 + 300,000 − 150,000 released
        "paid": "200000.00",  # 250,000 − 50,000 recovered
        "available": "500000.00",  # budget − committed + recovered, as the money room says
        "commitment_rate": 0.55,
        "payment_rate": 0.2,
        "cases": 2,
    }
    line, call = str(money["line"]), str(money["call"])
    assert rows(lines)[line]["values"] == expected and rows(calls)[call]["values"] == expected
    assert rows(lines)[line]["label"] == f"{YEAR} · sme-18-1 专项资金"
    assert rows(lines)[line]["cases"] == {"fund_line": line} and rows(calls)[call]["cases"] == {"call": call}
    money_room = call_figures(api, money["call"])  # the money room's own figures of the call
    assert (money_room["committed"], money_room["available"]) == (expected["committed"], expected["available"])
    untouched = rows(calls)[str(money["other"])]["values"]
    assert (untouched["budget"], untouched["committed"], untouched["payment_rate"]) == ("200000.00", "0.00", 0.0)
    assert "region filter does not apply" in calls["summary"]["note"]


def test_year_program_region_and_department_scope(api, money):
    line, call, other = str(money["line"]), str(money["call"]), str(money["other"])
    _, by_key = tables(api, query="year=2030")
    assert not {line} & set(rows(by_key["fund_lines"])) and not {call, other} & set(rows(by_key["calls"]))
    _, by_key = tables(api, query=f"year={YEAR}&program=sme-18-1")
    assert set(rows(by_key["fund_lines"])) == {line} and set(rows(by_key["calls"])) == {call}
    _, by_key = tables(api, query=f"year={YEAR}&program=sme-14-2")
    assert by_key["fund_lines"]["rows"] == [] and by_key["calls"]["rows"] == []
    _, by_key = tables(api, query=f"year={YEAR}&region=喀什地区")  # budgets know no region
    assert rows(by_key["calls"])[call]["values"]["committed"] == "550000.00"
    # 科技厅 leads the （六）4 call and manages no fund line; staff get their department whatever they ask
    body, by_key = tables(api, "kjt", f"year={YEAR}&department=JXW")
    assert body["filters"]["department"] == "KJT"
    assert set(rows(by_key["calls"])) == {other} and by_key["fund_lines"]["rows"] == []
    assert set(rows(tables(api, query=f"year={YEAR}&department=KJT")[1]["calls"])) == {other}
    # finance arranges both lines, so it sees both and every call drawing on them
    _, by_key = tables(api, "czt")
    assert set(rows(by_key["fund_lines"])) == {line, str(money["other_line"])}
    assert set(rows(by_key["calls"])) == {call, other}


def test_rows_link_to_exactly_the_committed_cases(client, api, money):
    log_in(client, "admin")
    a_and_b = money["cases"] - {max(money["cases"])}  # C, the last, was never decided

    def listed(query: str) -> tuple[set[int], int]:
        page = client.get(f"/statistics/cases?{query}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        return {i for i in money["cases"] if f'data-application="{i}"' in text}, text.count("data-application=")

    assert listed(f"year={YEAR}&call={money['call']}") == (a_and_b, 2)
    assert listed(f"year={YEAR}&fund_line={money['line']}") == (a_and_b, 2)
    assert listed(f"year={YEAR}&region=喀什地区&call={money['call']}") == (a_and_b, 2)  # as the row counts
    assert listed(f"call={money['other']}")[1] == 0
    for bad in ("abc", "²", "99999999999"):
        refused = client.get(f"/statistics/cases?call={bad}")
        assert refused.status_code == 422 and "call" in refused.get_data(as_text=True)
    assert client.get("/statistics/cases?fund_line=-1").status_code == 422
    log_in(client, "kjt")  # another department's call lists nothing for 科技厅's staff
    assert listed(f"call={money['call']}")[1] == 0
    assert client.get("/statistics/cases?call=x&department=JXW").status_code == 422


def test_the_dashboard_page_and_the_downloads_show_the_tables(client, api, money):
    log_in(client, "admin")
    page = client.get(f"/statistics?year={YEAR}").get_data(as_text=True)
    assert 'id="figure-fund_lines"' in page and 'id="figure-calls"' in page
    assert "专项资金执行情况（按资金项目）" in page and "执行率（拨付÷预算）" in page and "地区筛选不适用" in page
    assert f"call={money['call']}" in page
    client.get("/lang/en")
    english = client.get(f"/statistics?year={YEAR}").get_data(as_text=True)
    assert "Budget execution by call" in english and "专项资金执行情况" not in english
    csv = client.get(f"/statistics/export/calls.csv?year={YEAR}").get_data().decode("utf-8-sig")
    assert "sme-18-1 申报批次,1000000.00,550000.00,200000.00,500000.00,0.55,0.2,2" in csv
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "fund_lines, calls" in spec["components"]["schemas"]["StatisticsTable"]["properties"]["key"]["description"]
