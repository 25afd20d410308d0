"""An administrator fills a department or an open group (各金融机构) with accounts; they then get its tasks."""

from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import Department


def log_in(client, username, password=DEMO_PASSWORD):
    client.post("/logout")
    assert client.post("/login", data={"username": username, "password": password}).status_code == 302


def test_a_bank_added_to_the_financial_institutions_group_reads_the_group_s_information_copies(app, client, api):
    log_in(client, "admin")
    assert 'data-code="JRJG"' in client.get("/admin/departments").get_data(as_text=True)
    added = client.post(
        "/admin/departments/JRJG",
        data={"username": "icbc_xj", "display_name": "工商银行新疆分行 信贷部", "password": "bank-pass-2026"},
    )
    assert added.status_code == 302
    assert 'data-username="icbc_xj"' in client.get("/admin/departments/JRJG").get_data(as_text=True)

    # 各金融机构 is named in clauses but never a step a case waits on (issue 14): its work is the
    # information copy (抄告), and a bank added to the group reads it.
    listing = {"listing_board": "chinext", "listing_costs": "800000", "amount_requested": "300000"}
    created = api.post(
        "tianshan",
        "/applications",
        {"program": "sme-11-2", "data": {"project_name": "创业板上市", "description": "说明", **listing}},
    )
    application_id = created.get_json()["id"]
    assert api.submit("tianshan", application_id, "sme-11-2").status_code == 200
    log_in(client, "jrb")  # the lead, holding the acceptance step
    with app.app_context():
        group = db.session.scalar(select(Department.id).where(Department.code == "JRJG"))
    sent = client.post(f"/applications/{application_id}/copies", data={"department": group, "note": "请知悉"})
    assert sent.status_code == 302

    log_in(client, "icbc_xj", "bank-pass-2026")
    copies = client.get("/copies").get_data(as_text=True)
    assert f'data-application="{application_id}"' in copies and "请知悉" in copies
    assert client.get(f"/applications/{application_id}").status_code == 200


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
