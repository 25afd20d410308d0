"""The OpenAPI document is generated from the routes' declarations (flask-smorest): it is a valid
OpenAPI document, it names every route of the API with its methods, and every key a real answer
carries is declared in that answer's schema. The browsable page loads nothing from outside."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from webapp.api.openapi import PREFIX

ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def documented_path(rule: str) -> str:
    """/api/v1/tasks/<int:task_id>/claim -> /tasks/{id}/claim: a route's one id is `{id}`."""
    names = ARGUMENT.findall(rule)
    ids = [n for n in names if n.endswith("_id")]
    path = ARGUMENT.sub(lambda m: "{" + ("id" if ids == [m.group(1)] else m.group(1)) + "}", rule)
    return path.removeprefix(PREFIX)


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def undeclared(spec: dict, schema: dict, value, where: str = "") -> list[str]:
    """Keys of `value` (recursively) that its schema does not declare."""
    schema = resolve(spec, schema)
    if isinstance(value, dict) and "properties" in schema:
        found = [f"{where}.{key}" for key in value if key not in schema["properties"]]
        for key, item in value.items():
            if key in schema["properties"] and item is not None:
                found += undeclared(spec, schema["properties"][key], item, f"{where}.{key}")
        return found
    if isinstance(value, list) and "items" in schema:
        return [f for item in value for f in undeclared(spec, schema["items"], item, f"{where}[]")]
    return []


def answer_schema(spec: dict, path: str, method: str = "get", status: str = "200") -> dict:
    return spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]


def test_the_document_is_valid_openapi(client):
    spec = document(client)
    validate(spec)
    assert spec["servers"] == [{"url": "/api/v1"}]


def test_every_route_of_the_api_is_in_the_document_with_its_methods(app, client):
    paths = document(client)["paths"]
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")]
    assert len(rules) >= 30
    missing = []
    for rule in rules:
        path = documented_path(rule.rule)
        methods = {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
        if path not in paths or not methods <= set(paths[path]):
            missing.append(f"{sorted(methods)} {path}")
    assert missing == []


def test_every_operation_declares_its_answers_and_refusals(client):
    spec = document(client)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            codes = set(operation["responses"])
            assert codes & {"200", "201"}, f"{method} {path}"
            if operation.get("security") != []:
                assert {"401", "403", "404"} <= codes, f"{method} {path}"


@pytest.mark.sqlite_only
def test_real_answers_carry_only_declared_keys(app, api, client):
    spec = document(client)
    application_id = api.apply("tianshan")
    task = api.open_task("jxw")
    answers = {
        ("/applications/{id}", "tianshan"): f"/applications/{application_id}",
        ("/applications/{id}", "jxw"): f"/applications/{application_id}",
        ("/applications", "tianshan"): "/applications",
        ("/tasks/{id}", "jxw"): f"/tasks/{task['id']}",
        ("/tasks", "jxw"): "/tasks",
        ("/statistics", "admin"): "/statistics",
        ("/funds", "auditor"): "/funds",
        ("/calls", "tianshan"): "/calls",
        ("/programs/{code}", "tianshan"): "/programs/sme-18-1",
        ("/notifications", "tianshan"): "/notifications",
        ("/applications/{id}/documents", "tianshan"): f"/applications/{application_id}/documents",
    }
    for (path, username), url in answers.items():
        response = api.get(username, url)
        assert response.status_code == 200, (url, response.get_json())
        body = response.get_json()
        assert body, url
        assert undeclared(spec, answer_schema(spec, path), body, path) == [], username


def test_the_browsable_page_loads_swagger_ui_from_this_app_and_no_inline_script(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/' in attributes and not code.strip() for attributes, code in scripts)
    assert "http://" not in html and "https://" not in html
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200, asset
        response.close()
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert client.get("/api/v1/docs/vendor/index.html").status_code == 404
