"""Statistics: every figure of the dashboard checked against cases that applicants and departments
made through the services, at known Beijing times, on SQLite and PostgreSQL.

The story (March and April 2026 have no holiday on these days):
- A, 天山 (乌鲁木齐市): submitted Mon 2 March, accepted Wed 4, 科技厅 Fri 6, 财政厅 Mon 9, approved
  400,000 Tue 10, 380,000 paid Thu 12.
- B, 昆仑 (昌吉州): submitted Tue 3 March, accepted Thu 5, both reviews Fri 6, refused Mon 16 — 6
  working days for a 5-day step: late.
- C, 天山: submitted Mon 13 April, returned for correction Tue 14, corrected Wed 15, accepted Fri 17;
  both reviews still open on 1 June: overdue.
- D, 昆仑: submitted Tue 14 April, not accepted Fri 17.
"""

from datetime import UTC, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.test_withdraw_lookup_letter import log_in
from workflows.working_days import BEIJING


class Clock:
    def __init__(self):
        self.moment = datetime.now(UTC)

    def at(self, month: int, day: int, hour: int = 10) -> None:
        self.moment = datetime(2026, month, day, hour, tzinfo=BEIJING).astimezone(UTC)


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock()
    monkeypatch.setattr("workflows.clock.now", lambda: frozen.moment)
    return frozen


def step(api, clock, when, username, case, name, **data):
    """`username` completes the step `name` of the case `case` at a Beijing moment (month, day[, hour])."""
    clock.at(*when)
    tasks = api.get(username, "/tasks").get_json()["tasks"]
    [task] = [t for t in tasks if t["application_id"] == case and t["step"] == name]
    response = api.post(username, f"/tasks/{task['id']}/complete", {"data": data})
    assert response.status_code == 200, response.get_json()


def submitted(api, clock, when, username, amount) -> int:
    clock.at(*when)
    return api.apply(username, amount_requested=amount)


@pytest.fixture
def story(api, clock):
    a = submitted(api, clock, (3, 2), "tianshan", "450000")
    b = submitted(api, clock, (3, 3), "kunlun", "300000")
    step(api, clock, (3, 4), "jxw", a, "accept", decision="approve")
    step(api, clock, (3, 5), "jxw", b, "accept", decision="approve")
    step(api, clock, (3, 6), "kjt", a, "tech_review", decision="approve", opinion="同意")
    step(api, clock, (3, 6, 11), "kjt", b, "tech_review", decision="approve", opinion="同意")
    step(api, clock, (3, 6, 12), "czt", b, "budget_review", decision="approve", opinion="同意")
    step(api, clock, (3, 9), "czt", a, "budget_review", decision="approve", opinion="同意")
    step(api, clock, (3, 10), "jxw", a, "decide", decision="approve", approved_amount="400000", reasons="符合")
    paid = {"disbursed_amount": "380000", "disbursed_on": "2026-03-12", "voucher_no": "CZ-001"}
    step(api, clock, (3, 12), "czt", a, "disburse", **paid)
    step(api, clock, (3, 16), "jxw", b, "decide", decision="reject", reasons="不符合")
    c = submitted(api, clock, (4, 13), "tianshan", "200000")
    step(api, clock, (4, 14), "jxw", c, "accept", decision="return", correction_items="补充鉴定证书")
    corrected = {**NEW_PRODUCT_APPLICATION, "amount_requested": "200000", "correction_reply": "已补充"}
    step(api, clock, (4, 15), "tianshan", c, "correct", **corrected)
    d = submitted(api, clock, (4, 14, 11), "kunlun", "100000")
    step(api, clock, (4, 17), "jxw", c, "accept", decision="approve")
    step(api, clock, (4, 17, 11), "jxw", d, "accept", decision="reject", reasons="不属于支持范围")
    clock.at(6, 1)
    for application_id, username, score in ((a, "tianshan", "4"), (b, "kunlun", "2")):
        log_in(api.client, username)
        assert api.client.post(f"/applications/{application_id}/rating", data={"score": score}).status_code == 302
    return {"A": a, "B": b, "C": c, "D": d}


def figures(api, username="admin", query="year=2026"):
    response = api.get(username, f"/statistics?{query}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return body, {t["key"]: {r["key"]: r for r in t["rows"]} for t in body["tables"]}


def test_counts_amounts_rates_corrections_ratings_and_sme_monitoring(api, story):
    body, tables = figures(api)
    assert body["total"] == {
        "applications": 4,
        "approved": 1,
        "refused": 2,
        "withdrawn": 0,
        "approval_rate": 0.3333,
        "requested": "1050000.00",
        "approved_amount": "400000.00",
        "paid": "380000.00",
    }
    assert tables["programs"]["sme-18-1"]["values"]["applications"] == 4
    urumqi, changji = tables["regions"]["乌鲁木齐市"]["values"], tables["regions"]["昌吉回族自治州"]["values"]
    assert (urumqi["applications"], urumqi["approved"], urumqi["paid"]) == (2, 1, "380000.00")
    assert (changji["applications"], changji["refused"], changji["requested"]) == (2, 2, "400000.00")
    assert {k: r["values"]["applications"] for k, r in tables["months"].items()} == {"2026-03": 2, "2026-04": 2}
    assert tables["sizes"]["small"]["values"]["applications"] == 4
    assert tables["industries"]["industry"]["values"]["approval_rate"] == 0.3333
    funnel = {k: r["values"]["cases"] for k, r in tables["funnel"].items()}
    assert funnel == {"started": 4, "submitted": 4, "accepted": 3, "approved": 1, "paid": 1}
    assert figures(api, query="year=2025")[0]["total"]["applications"] == 0
    assert {k: r["values"]["cases"] for k, r in tables["corrections"].items()} == {"0": 3, "1": 1}
    assert tables["ratings"]["JXW"]["values"] == {"ratings": 2, "average": 3.0}
    # SME monitoring (第七条): enterprises from their profiles, how many applied and were supported
    assert tables["sme_sizes"]["small"]["values"] == {"registered": 2, "applied": 2, "supported": 1}
    assert tables["sme_regions"]["昌吉回族自治州"]["values"] == {"registered": 1, "applied": 1, "supported": 0}


def test_working_days_medians_p90_and_overdue_rates_with_a_frozen_clock(api, story):
    _, tables = figures(api)
    jxw = tables["departments"]["JXW"]["values"]  # accept 2, 2, 1, 2, 3 and decide 1, 6
    assert (jxw["completed"], jxw["median_days"], jxw["p90_days"]) == (7, 2.0, 4.2)
    assert (jxw["with_deadline"], jxw["overdue"], jxw["overdue_rate"]) == (7, 1, 0.1429)
    accept, decide = tables["steps"]["JXW:accept"]["values"], tables["steps"]["JXW:decide"]["values"]
    assert (accept["median_days"], accept["p90_days"], accept["overdue_rate"]) == (2.0, 2.6, 0.0)
    assert (decide["median_days"], decide["p90_days"], decide["overdue_rate"]) == (3.5, 5.5, 0.5)
    kjt = tables["departments"]["KJT"]["values"]  # 2 and 1 done, C's still open on 1 June
    assert (kjt["completed"], kjt["median_days"], kjt["p90_days"], kjt["overdue_rate"]) == (2, 1.5, 1.9, 0.3333)
    czt = tables["departments"]["CZT"]["values"]  # budget 3 and 1, disbursement 2; C's review open
    assert (czt["median_days"], czt["p90_days"], czt["with_deadline"], czt["overdue"]) == (2.0, 2.8, 4, 1)


def test_filters_by_region_program_and_department(api, story):
    body, tables = figures(api, query="year=2026&region=昌吉回族自治州")
    assert body["total"]["applications"] == 2 and set(tables["regions"]) == {"昌吉回族自治州"}
    assert set(tables["counties"]) == {"昌吉市"}
    assert figures(api, query="region=新市区")[0]["total"]["applications"] == 2  # a county
    assert figures(api, query="program=sme-14-2")[0]["total"]["applications"] == 0
    body, tables = figures(api, query="department=KJT")
    assert body["total"]["applications"] == 3  # D never reached 科技厅
    assert set(tables["departments"]) == {"KJT"}
    # staff read their own department's figures only; applicants none
    body, tables = figures(api, "kjt", "department=JXW")
    assert body["filters"]["department"] == "KJT" and set(tables["departments"]) == {"KJT"}
    assert figures(api, "jxw_head")[0]["filters"] == {"year": 2026}  # heads read every department
    assert api.get("tianshan", "/statistics").status_code == 403
    assert api.get("tianshan", "/statistics?year=abc").status_code == 403  # asked before validating
    refused = api.get("admin", "/statistics?year=abc&region=巴黎")
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"year", "region"}


def test_every_figure_links_to_its_cases_and_tables_download_as_csv_and_excel(client, api, story):
    log_in(client, "admin")
    page = client.get("/statistics?year=2026").get_data(as_text=True)
    assert 'id="figure-regions"' in page and 'data-chart="ranked"' in page
    assert "通过率" in page and "用时中位数（工作日）" in page and "按地州市" in page
    client.get("/lang/en")
    english = client.get("/statistics?year=2026").get_data(as_text=True)
    assert "Approval rate" in english and "Median working days" in english and "通过率" not in english
    client.get("/lang/zh")
    listed = client.get("/statistics/cases?year=2026&region=昌吉回族自治州&outcome=refused").get_data(as_text=True)
    assert listed.count("data-application=") == 2 and "昆仑新材料科技有限公司" in listed
    assert (
        client.get("/statistics/cases?department=JXW&step=decide&overdue=1")
        .get_data(as_text=True)
        .count("data-application=")
        == 1
    )
    corrected = client.get("/statistics/cases?corrections=1").get_data(as_text=True)
    assert f'data-application="{story["C"]}"' in corrected and corrected.count("data-application=") == 1
    log_in(client, "kjt")
    mine = client.get("/statistics/cases?department=JXW").get_data(as_text=True)
    assert mine.count("data-application=") == 3  # 科技厅's cases, whatever it asked
    log_in(client, "admin")
    csv = client.get("/statistics/export/regions.csv?year=2026")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.get_data().decode("utf-8-sig")
    assert "乌鲁木齐市,2,1,0,0,1.0,650000.00,400000.00,380000.00" in text  # C is not decided yet
    xlsx = client.get("/statistics/export/months.xlsx?year=2026")
    sheet = load_workbook(BytesIO(xlsx.get_data())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [r[:2] for r in rows] == [["2026-03", 2], ["2026-04", 2]]
    assert client.get("/statistics/export/nothing.csv").status_code == 404


def test_the_public_page_names_no_enterprise(client, api, story):
    client.post("/logout")
    page = client.get("/statistics/public?year=2026")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="table-public"' in text and ">4<" in text
    exported = client.get("/statistics/public/export.csv").get_data().decode("utf-8-sig")
    for leak in (
        "天山精密机械有限公司",
        "昆仑新材料科技有限公司",
        "91650100MA77XK4R3R",
        "91650104MA78B2NJ0M",
        "乌鲁木齐市",
        "昌吉",
        "刘经理",
        "XJZX",
    ):
        assert leak not in text and leak not in exported
    assert client.get("/statistics").status_code == 302  # the dashboard wants a sign-in


def test_working_days_follow_a_holiday_an_administrator_enters(client, api, story):
    """Wed 11 March 2026 made a holiday: B's decision (Fri 6 → Mon 16) took 5 working days, not 6."""
    log_in(client, "admin")
    entered = client.post("/admin/calendar", data={"days": "2026-03-11 holiday 演示假日"})
    assert entered.status_code == 302
    _, tables = figures(api)
    assert tables["steps"]["JXW:decide"]["values"]["p90_days"] == 4.6  # 1 and 5 working days


def test_the_openapi_document_describes_the_statistics_endpoint(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    described = spec["paths"]["/statistics"]["get"]
    assert [p["name"] for p in described["parameters"]] == ["year", "program", "region", "department"]
    assert spec["components"]["schemas"]["Statistics"]["properties"]["tables"]["items"]["$ref"].endswith("Table")
