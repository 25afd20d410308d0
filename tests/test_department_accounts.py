"""An administrator fills a department or an open group (各金融机构) with accounts; they then get its tasks."""

from tests.support.actors import DEMO_PASSWORD


def log_in(client, username, password=DEMO_PASSWORD):
    client.post("/logout")
    assert client.post("/login", data={"username": username, "password": password}).status_code == 302


def test_an_administrator_adds_a_bank_to_the_financial_institutions_group_and_it_gets_the_group_s_work(client, api):
    log_in(client, "admin")
    assert 'data-code="JRJG"' in client.get("/admin/departments").get_data(as_text=True)
    added = client.post(
        "/admin/departments/JRJG",
        data={"username": "icbc_xj", "display_name": "工商银行新疆分行 信贷部", "password": "bank-pass-2026"},
    )
    assert added.status_code == 302
    assert 'data-username="icbc_xj"' in client.get("/admin/departments/JRJG").get_data(as_text=True)

    listing = {"listing_board": "chinext", "listing_costs": "800000", "amount_requested": "300000"}
    created = api.post(
        "tianshan",
        "/applications",
        {"program": "sme-11-2", "data": {"project_name": "创业板上市", "description": "说明", **listing}},
    )
    assert api.submit("tianshan", created.get_json()["id"], "sme-11-2").status_code == 200
    assert api.complete("jrb", "accept", decision="approve").status_code == 200

    api.token("icbc_xj", "bank-pass-2026")
    task = api.open_task("icbc_xj", "opinion_jrjg")
    assert task["department"] == "JRJG"


def test_a_taken_user_name_is_refused_and_staff_cannot_add_accounts(client):
    log_in(client, "admin")
    taken = client.post("/admin/departments/JXW", data={"username": "jxw", "display_name": "x", "password": "12345678"})
    assert taken.status_code == 422
    log_in(client, "jxw")
    assert (
        client.post(
            "/admin/departments/JXW", data={"username": "n", "display_name": "x", "password": "12345678"}
        ).status_code
        == 403
    )
    log_in(client, "admin")
    assert client.get("/admin/departments/NOPE").status_code == 404
