"""The JSON API does what the applicant's pages do: autosave a draft leniently, and rate a decided
case once (好差评); its refusals are JSON and change nothing."""

from __future__ import annotations

from sqlalchemy import select

from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.test_applicant_portal import state
from tests.test_withdraw_lookup_letter import decided, in_review
from webapp.extensions import db
from webapp.models import Application, AuditEntry, Rating


def put_draft(api, username: str, application_id: int, body):
    return api.client.put(f"/api/v1/applications/{application_id}/draft", json=body, headers=api.headers(username))


def new_draft(api) -> int:
    response = api.post("tianshan", "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_put_draft_keeps_what_was_typed_as_the_page_autosave_does(app, api):
    application_id = new_draft(api)
    typed = {**NEW_PRODUCT_APPLICATION, "amount_requested": "四十五万", "appraisal_date": "2026-13-40"}
    saved = put_draft(api, "tianshan", application_id, {"data": {**typed, "not_a_field": "x"}})
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert body["id"] == application_id
    assert body["data"]["amount_requested"] == "四十五万"
    assert body["data"]["appraisal_date"] == "2026-13-40"
    assert "not_a_field" not in body["data"]
    assert body["draft_saved_at"].endswith("Z")
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.data == body["data"]
        assert application.amount_requested is None  # not a number yet
        assert application.status == "draft"

    # The form's rules apply at submission, as on the page.
    api.attach_documents("tianshan", application_id)
    refused = api.post("tianshan", f"/applications/{application_id}/submit")
    assert refused.status_code == 422
    assert "amount_requested" in refused.get_json()["errors"]


def test_put_draft_refusals_are_json_and_change_nothing(app, api):
    application_id = new_draft(api)
    submitted = api.apply()
    before = state(app)
    other = put_draft(api, "kunlun", application_id, {"data": {"project_name": "x"}})
    assert other.status_code == 403 and other.get_json()["error"]
    assert put_draft(api, "jxw", submitted, {"data": {"project_name": "x"}}).status_code == 403
    assert put_draft(api, "tianshan", 999999, {"data": {}}).status_code == 404
    late = put_draft(api, "tianshan", submitted, {"data": {"project_name": "x"}})
    assert late.status_code == 409
    assert "already submitted" in late.get_json()["error"]
    assert put_draft(api, "tianshan", application_id, ["not", "an", "object"]).status_code == 422
    assert put_draft(api, "tianshan", application_id, {"data": "text"}).status_code == 422
    assert state(app) == before


def test_the_api_rates_a_decided_case_once_and_reads_the_rating(app, api):
    application_id = decided(api, "approve")
    unrated = api.get("tianshan", f"/applications/{application_id}/rating")
    assert unrated.status_code == 200
    assert unrated.get_json() == {"rating": None, "can_rate": True}

    rated = api.post("tianshan", f"/applications/{application_id}/rating", {"score": 4, "comment": "办理及时"})
    assert rated.status_code == 201, rated.get_json()
    rating = rated.get_json()["rating"]
    assert (rating["score"], rating["label"], rating["comment"], rating["department"]) == (
        4,
        "Satisfied",
        "办理及时",
        "JXW",
    )
    read = api.get("tianshan", f"/applications/{application_id}/rating").get_json()
    assert read == {"rating": rating, "can_rate": False}
    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "application.rated")).data["score"] == 4

    before = state(app)
    again = api.post("tianshan", f"/applications/{application_id}/rating", {"score": 1})
    assert again.status_code == 409
    assert "already been rated" in again.get_json()["error"]
    assert state(app) == before


def test_rating_refusals_are_json_and_change_nothing(app, api):
    done = decided(api, "reject")
    open_case = in_review(api)
    before = state(app)
    early = api.post("tianshan", f"/applications/{open_case}/rating", {"score": 5})
    assert early.status_code == 409 and "once it is decided" in early.get_json()["error"]
    for bad in ({"score": 7}, {"score": "abc"}, {}, {"score": 3, "comment": "x" * 501}):
        refused = api.post("tianshan", f"/applications/{done}/rating", bad)
        assert refused.status_code == 422, bad
        assert refused.get_json()["errors"]
    assert api.post("kunlun", f"/applications/{done}/rating", {"score": 5}).status_code == 403
    assert api.get("kunlun", f"/applications/{done}/rating").status_code == 403
    assert api.post("jxw", f"/applications/{done}/rating", {"score": 5}).status_code == 403
    assert api.post("tianshan", "/applications/999999/rating", {"score": 5}).status_code == 404
    assert state(app) == before
    with app.app_context():
        assert db.session.scalars(select(Rating)).all() == []


def test_the_openapi_document_describes_the_draft_and_rating_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "put" in paths["/applications/{id}/draft"]
    assert {"get", "post"} <= set(paths["/applications/{id}/rating"])
