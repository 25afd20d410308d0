"""An enterprise registers with its 统一社会信用代码; a code whose check character is wrong is refused."""

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import Enterprise

REGISTRATION = {
    "username": "hami_melon",
    "display_name": "哈密瓜业 王经理",
    "enterprise_name": "哈密瓜业有限公司",
    "credit_code": "91350100M000100Y43",
    "password": "s3cure-passw0rd",
    "confirm": "s3cure-passw0rd",
}


def enterprises(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Enterprise))


def test_an_enterprise_registers_and_is_signed_in(client, app):
    before = enterprises(app)
    response = client.post("/register", data=REGISTRATION)
    assert response.status_code == 302
    assert enterprises(app) == before + 1
    assert "哈密瓜业 王经理" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "does not match"),  # one character off: the check fails
        ("91350100M000100Y4", "18"),
        ("91350100M00010OY43", "18"),  # a letter O, never used in these codes
    ],
)
def test_a_wrong_credit_code_is_refused_with_a_reason_and_nothing_is_stored(client, app, code, message):
    client.get("/lang/en")
    before = enterprises(app)
    response = client.post("/register", data={**REGISTRATION, "credit_code": code})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert enterprises(app) == before


def test_a_credit_code_already_registered_is_refused(client, app):
    client.post("/register", data=REGISTRATION)
    client.post("/logout")
    client.get("/lang/en")
    before = enterprises(app)
    again = client.post("/register", data={**REGISTRATION, "username": "another_user"})
    assert again.status_code == 422
    assert "already registered" in again.get_data(as_text=True)
    assert enterprises(app) == before
