"""好差评: an enterprise rates a decided case once, for the department that decided it; administrators
and department heads read the statistics per department."""

from sqlalchemy import select

from tests.test_applicant_portal import english, state
from tests.test_withdraw_lookup_letter import decided, in_review
from webapp.extensions import db
from webapp.models import Department, Rating


def rate(client, application_id, score="5", comment="办理及时，说明清楚"):
    return client.post(f"/applications/{application_id}/rating", data={"score": score, "comment": comment})


def test_the_applicant_rates_a_decided_case_once_for_the_deciding_department(client, app, api):
    application_id = decided(api, "approve")
    english(client)
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert 'id="rating-form"' in page and "Very satisfied" in page

    assert rate(client, application_id, "4").status_code == 302
    with app.app_context():
        rating = db.session.scalars(select(Rating)).one()
        department = db.session.get(Department, rating.department_id)
        assert (rating.score, rating.comment, department.code) == (4, "办理及时，说明清楚", "JXW")
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert 'id="rating" data-score="4"' in page and 'id="rating-form"' not in page

    before = state(app)
    again = rate(client, application_id, "1")
    assert again.status_code == 409
    assert "already been rated" in again.get_data(as_text=True)
    assert state(app) == before


def test_an_open_case_another_enterprise_or_a_bad_score_cannot_rate_and_nothing_changes(client, app, api):
    done = decided(api, "reject")
    open_case = in_review(api)
    before = state(app)
    english(client)
    refused = rate(client, open_case)
    assert refused.status_code == 409
    assert "once it is decided" in refused.get_data(as_text=True)
    assert rate(client, done, "7").status_code == 422
    english(client, "kunlun")
    other = rate(client, done)
    assert other.status_code == 403
    english(client, "jxw")
    assert rate(client, done).status_code == 403
    assert state(app) == before
    with app.app_context():
        assert db.session.scalars(select(Rating)).all() == []


def test_statistics_per_department_for_administrators_and_heads_only(client, app, api):
    english(client)
    for score in ("5", "3"):
        application_id = decided(api, "approve")
        assert rate(client, application_id, score).status_code == 302

    for reader in ("admin", "jxw_head"):
        english(client, reader)
        page = client.get("/ratings").get_data(as_text=True)
        row = page[page.index('data-department="JXW"') :]
        assert '<td class="num" data-count>2</td>' in row
        assert '<td class="num" data-average>4.00</td>' in row
        assert 'data-score="5">1<' in row and 'data-score="3">1<' in row and 'data-score="1">0<' in row
    for outsider in ("jxw", "tianshan"):
        english(client, outsider)
        assert client.get("/ratings").status_code == 403
