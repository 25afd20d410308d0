"""The JSON API fuzzed from its own OpenAPI document (schemathesis), in-process against the WSGI
app: every operation, as an applicant, department staff and an administrator, with a bounded
number of generated requests and a fixed seed so that a run is repeatable. None may answer 5xx.

A submitted case (with its task, attachment and notifications) is set up first so that the
generated ids sometimes name real things; the document's examples point at them.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, seed, settings

from tests.support.actors import NEW_PRODUCT_APPLICATION

EXAMPLES_PER_OPERATION = 10
# Operations that would end the fuzzing's own session or take minutes per example.
SKIPPED = {("POST", "/auth/token")}  # fuzzed by test_token_requests_never_give_a_server_error


def operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) not in SKIPPED:
            yield operation


def server_errors(app, operation, headers) -> list[str]:
    found = []

    @seed(20261203)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @given(case=operation.as_strategy())
    def fuzz(case):
        response = case.call(headers=headers)
        if response.status_code >= 500:
            found.append(f"{case.method} {case.formatted_path} {case.query} {case.body!r} -> {response.status_code}")

    fuzz()
    return found


@pytest.mark.parametrize("username", ["tianshan", "jxw", "admin"])
def test_the_api_never_answers_a_server_error_to_generated_requests(app, api, username):
    application_id = api.apply("tianshan")
    api.post("tianshan", "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION})
    assert application_id
    headers = api.headers(username)
    errors = []
    for operation in operations(app):
        errors += server_errors(app, operation, headers)
    assert errors == [], "\n".join(errors[:40])


@pytest.mark.sqlite_only
def test_token_requests_never_give_a_server_error(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema["/auth/token"]["POST"]
    app.config["SIGN_IN_MAX_FAILURES_PER_CLIENT"] = 10_000
    app.config["SIGN_IN_MAX_FAILURES_PER_ACCOUNT"] = 10_000
    assert server_errors(app, operation, {}) == []
