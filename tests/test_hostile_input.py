"""Bytes a careless or hostile client sends are refused with the reason and store nothing: text no
database can hold, ids past what a key can hold, files that are not what they claim."""

from __future__ import annotations

from io import BytesIO

import pytest

from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.test_departments_and_roles import log_in
from tests.test_process_definitions import BPMN, DMNS, upload
from tests.test_refusals import snapshot
from webapp.extensions import db
from webapp.models import Application

LONE_SURROGATE = '"\\ud800"'  # valid JSON, yet no UTF-8 (and so no database) can hold it


def new_draft(api) -> int:
    created = api.post("tianshan", "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION})
    assert created.status_code == 201
    return created.get_json()["id"]


def test_a_lone_surrogate_in_draft_json_is_refused_and_the_draft_kept(api, app):
    draft = new_draft(api)
    body = '{"data": {"project_name": ' + LONE_SURROGATE + "}}"
    response = api.client.put(
        f"/api/v1/applications/{draft}/draft",
        data=body,
        content_type="application/json",
        headers=api.headers("tianshan"),
    )
    assert response.status_code == 422
    assert "surrogate" in response.get_json()["error"]
    with app.app_context():
        assert db.session.get(Application, draft).data["project_name"] == NEW_PRODUCT_APPLICATION["project_name"]


def test_a_nul_byte_in_an_anonymous_lookup_is_refused(client, app):
    before = snapshot(app)
    response = client.post("/api/v1/lookup", json={"number": "SME\x00", "query_code": "x"})
    assert response.status_code == 422
    assert "NUL" in response.get_json()["error"]
    assert snapshot(app) == before


@pytest.mark.parametrize("field", ["username", "password"])
def test_a_nul_byte_in_a_token_request_is_refused(client, field):
    body = {"username": "jxw", "password": "demo12345", field: "jxw\x00"}
    response = client.post("/api/v1/auth/token", json=body)
    assert response.status_code == 422
    assert "NUL" in response.get_json()["error"]


def test_a_nul_byte_in_a_web_form_or_query_is_refused(client):
    assert client.post("/login", data={"username": "jxw\x00", "password": "x"}).status_code == 422
    assert client.get("/catalogue?q=%00").status_code == 422


@pytest.mark.parametrize("number", [2**31, 2**63, 10**30])
def test_ids_past_what_a_key_holds_name_nothing(api, client, number):
    assert api.get("tianshan", f"/applications/{number}").status_code == 404
    assert api.get("jxw", f"/tasks/{number}").status_code == 404
    log_in(client, "admin")
    assert client.get(f"/admin/instances/{number}").status_code == 404
    assert client.get(f"/catalogue/items/{number}").status_code == 404


@pytest.mark.parametrize("number", [2**31, 2**63])
def test_an_offset_or_filter_past_what_a_key_holds_is_refused(api, number):
    assert api.get("jxw", f"/tasks?offset={number}").status_code == 422
    assert api.get("jxw", f"/tasks?application_id={number}").status_code == 422


NOT_DMN = {
    "a PDF": b"%PDF-1.4\n1 0 obj<<>>endobj\n",
    "a BPMN file": BPMN,
    "other XML": b"<?xml version='1.0'?><table><row/></table>",
}


@pytest.mark.parametrize("what", NOT_DMN)
def test_a_file_that_is_not_dmn_given_as_a_decision_table_is_refused_by_the_api(api, app, what):
    before = snapshot(app)
    response = upload(api, "admin", BPMN, [NOT_DMN[what]])
    assert response.status_code == 422
    assert "Decision table file 1" in response.get_json()["errors"][0]["message"]
    assert snapshot(app) == before


def test_a_file_that_is_not_dmn_given_as_a_decision_table_is_refused_by_the_upload_page(client, app):
    log_in(client, "admin")
    before = snapshot(app)
    response = client.post(
        "/admin/definitions/upload",
        data={"bpmn": (BytesIO(BPMN), "p.bpmn"), "dmn": [(BytesIO(BPMN), "t.dmn")], "publish": "y"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "is not a DMN decision table" in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_a_business_rule_task_that_names_no_decision_is_refused_on_the_element(api, app):
    rule = (
        b'<bpmn:businessRuleTask id="cap_check"><bpmn:incoming>f_in</bpmn:incoming>'
        b"<bpmn:outgoing>f_out</bpmn:outgoing></bpmn:businessRuleTask>"
    )
    bpmn = BPMN.replace(b"</bpmn:process>", rule + b"</bpmn:process>", 1)
    before = snapshot(app)
    response = upload(api, "admin", bpmn, DMNS)
    assert response.status_code == 422
    problem = response.get_json()["errors"][0]
    assert problem["element"] == "cap_check" and "names no decision" in problem["message"]
    assert snapshot(app) == before
