"""The enterprise profile: region, industry and size, its size class derived by the national
standard, and several accounts per enterprise of which only the owner manages the others."""

from sqlalchemy import func, select

from tests.test_withdraw_lookup_letter import log_in
from webapp.extensions import db
from webapp.models import Application, AuditEntry, Enterprise, User

PROFILE = {
    "name": "天山精密机械有限公司",
    "region_prefecture": "喀什地区",
    "region_county": "莎车县",
    "industry": "industry",
    "employees": "120",
    "revenue": "35000000",
    "total_assets": "20000000",
    "contact_name": "王经理",
    "contact_phone": "0998-1234567",
    "contact_email": "wang@tianshan.example",
}


def enterprise_row(app, username="tianshan"):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        enterprise = db.session.get(Enterprise, user.enterprise_id)
        db.session.expunge(enterprise)
        return enterprise


def audit_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


def test_saving_the_profile_derives_the_size_class(client, app):
    log_in(client, "tianshan")
    client.get("/lang/en")
    response = client.post("/enterprise", data=PROFILE, follow_redirects=True)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert 'data-size="small"' in page  # 工业: 20+ people and 300万+ revenue, but under 300 people
    assert "Small" in page
    saved = enterprise_row(app)
    assert (saved.region_prefecture, saved.region_county, saved.size_class) == ("喀什地区", "莎车县", "small")
    assert (saved.employees, int(saved.revenue)) == (120, 35000000)


def test_a_county_of_another_prefecture_is_refused_and_nothing_changes(client, app):
    log_in(client, "tianshan")
    client.get("/lang/en")
    before = audit_count(app)
    county = enterprise_row(app).region_county
    response = client.post("/enterprise", data={**PROFILE, "region_prefecture": "和田地区"})
    assert response.status_code == 422
    assert "Pick a county of the chosen prefecture." in response.get_data(as_text=True)
    assert enterprise_row(app).region_county == county
    assert audit_count(app) == before


def test_the_credit_code_cannot_be_changed_on_the_profile(client, app):
    log_in(client, "tianshan")
    code = enterprise_row(app).credit_code
    client.post("/enterprise", data={**PROFILE, "credit_code": "91650100MA77X0J24B"})
    assert enterprise_row(app).credit_code == code


def test_the_owner_adds_a_member_who_cannot_manage_accounts(client, app):
    log_in(client, "tianshan")
    added = client.post(
        "/enterprise/members",
        data={"member-username": "tianshan-li", "member-display_name": "李会计", "member-password": "secret-pass-1"},
    )
    assert added.status_code == 302

    client.post("/logout")
    assert client.post("/login", data={"username": "tianshan-li", "password": "secret-pass-1"}).status_code == 302
    assert client.get("/enterprise").status_code == 200
    before = audit_count(app)
    refused = client.post(
        "/enterprise/members",
        data={"member-username": "x-friend", "member-display_name": "X", "member-password": "secret-pass-2"},
    )
    assert refused.status_code == 403
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.username == "tianshan"))
        assert client.post(f"/enterprise/members/{owner.id}/remove").status_code == 403
        assert db.session.scalar(select(User.id).where(User.username == "x-friend")) is None
    assert audit_count(app) == before


def test_a_member_sees_the_enterprise_s_applications_and_the_owner_removes_the_member(client, api, app):
    application_id = api.apply("tianshan")
    log_in(client, "tianshan")
    client.post(
        "/enterprise/members",
        data={"member-username": "tianshan-li", "member-display_name": "李会计", "member-password": "secret-pass-1"},
    )
    member_token = api.token("tianshan-li", "secret-pass-1")
    seen = client.get(f"/api/v1/applications/{application_id}", headers={"Authorization": f"Bearer {member_token}"})
    assert seen.status_code == 200
    own = api.apply("tianshan-li")  # a member applies for the enterprise, documents and all
    with app.app_context():
        filed = db.session.get(Application, own)
        assert (filed.enterprise.name, filed.status) == ("天山精密机械有限公司", "awaiting_acceptance")

    with app.app_context():
        member_id = db.session.scalar(select(User.id).where(User.username == "tianshan-li"))
    assert client.post(f"/enterprise/members/{member_id}/remove").status_code == 302
    client.post("/logout")
    assert client.post("/login", data={"username": "tianshan-li", "password": "secret-pass-1"}).status_code == 422
    gone = client.get(f"/api/v1/applications/{application_id}", headers={"Authorization": f"Bearer {member_token}"})
    assert gone.status_code == 401


def test_another_enterprise_s_owner_cannot_remove_our_member(client, app):
    log_in(client, "tianshan")
    client.post(
        "/enterprise/members",
        data={"member-username": "tianshan-li", "member-display_name": "李会计", "member-password": "secret-pass-1"},
    )
    with app.app_context():
        member_id = db.session.scalar(select(User.id).where(User.username == "tianshan-li"))
    log_in(client, "kunlun")
    assert client.post(f"/enterprise/members/{member_id}/remove").status_code == 404
    with app.app_context():
        assert db.session.get(User, member_id).enterprise_role == "member"
