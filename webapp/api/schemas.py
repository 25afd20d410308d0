"""The API's shared marshmallow shapes, and the decorators that declare a route's contract.

Each room declares its own response schemas next to its endpoints (webapp/<room>/api/); flask-smorest
dumps every answer through its schema and apispec writes the OpenAPI document from the same classes.
"""

from __future__ import annotations

from flask import current_app
from marshmallow import Schema, fields, pre_dump

from webapp.api import api_bp


class Out(Schema):
    """A response shape. Under test an answer with a key the schema does not declare is an error:
    the document can never again list fewer fields than the API returns."""

    @pre_dump
    def _declares_every_key(self, data, **kwargs):
        if isinstance(data, dict) and current_app.testing:
            undeclared = set(data) - {field.attribute or name for name, field in self.fields.items()}
            if undeclared:
                raise AssertionError(f"{type(self).__name__} does not declare {sorted(undeclared)}")
        return data


def Moment(description: str | None = None):
    """A UTC moment already written as ISO 8601 with a Z, or null."""
    metadata = {"format": "date-time", **({"description": description} if description else {})}
    return fields.String(allow_none=True, metadata=metadata)


def Day(description: str | None = None):
    metadata = {"format": "date", **({"description": description} if description else {})}
    return fields.String(allow_none=True, metadata=metadata)


def Money(description: str = "Yuan, two decimals, as a string"):
    return fields.String(allow_none=True, metadata={"pattern": r"^-?\d+\.\d{2}$", "description": description})


def Text(description: str | None = None, **kwargs):
    return fields.String(allow_none=True, metadata={"description": description} if description else {}, **kwargs)


class ErrorSchema(Schema):
    error = fields.String(required=True)
    errors = fields.Raw(
        metadata={"description": "By field: a list of messages; for a BPMN upload a list of {element, line, message}"}
    )


class CaseClockSchema(Out):
    """Working days of the whole case, from submission to the decision (or the close). The day of
    submission does not count; today counts once it has begun. The clock stops while a step of the
    applicant's (a correction) or a special step (`stops_clock` in the model) is open."""

    limit_working_days = fields.Integer(metadata={"description": "base limit plus approved extensions"})
    base_limit_working_days = fields.Integer(metadata={"description": "the model's case_time_limit_days"})
    extended_working_days = fields.Integer(metadata={"description": "approved by department heads"})
    used_working_days = fields.Integer()
    left_working_days = fields.Integer(metadata={"description": "0 on the due day, negative overdue"})
    stopped_working_days = fields.Integer()
    stopped = fields.Boolean(metadata={"description": "the clock is stopped now"})
    stopped_since = Moment()
    stopped_by_step = Text()
    stopped_with_applicant = fields.Boolean()
    due_at = Moment("end of the due day (Beijing) in UTC; while stopped, as if it restarted today")
    due_is_estimate = fields.Boolean()
    overdue = fields.Boolean()
    closed = fields.Boolean(metadata={"description": "decided or closed: `used_working_days` is the total"})


class ChoiceSchema(Out):
    value = fields.String()
    label = fields.String()


class FieldSchema(Out):
    """A field of a BPMN task form (validated by the form machinery, not by this document)."""

    name = fields.String()
    label = fields.String()
    type = fields.String(metadata={"enum": ["string", "text", "long", "decimal", "boolean", "date", "enum"]})
    required = fields.Boolean()
    choices = fields.List(fields.Nested(ChoiceSchema))
    min = Text()
    max = Text()
    max_length = fields.Integer(allow_none=True)
    default = Text()
    required_if = fields.Dict(allow_none=True, metadata={"description": "{field: value} that makes it required"})
    label_en = Text()
    choices_en = fields.List(fields.Nested(ChoiceSchema))
    shown_to_applicant = fields.Boolean()


class FormSchema(Out):
    fields_ = fields.List(fields.Nested(FieldSchema), attribute="fields", data_key="fields")


MESSAGES = {
    401: "No or bad token",
    403: "Not your department or role",
    404: "Not found",
    409: "Conflicts with the case's state (stale, already done)",
    422: "The request has errors (by field in `errors`)",
    429: "Too many attempts; the Retry-After header says how many seconds to wait",
}
REFUSALS = (401, 403, 404)


def refusals(*codes: int, **described: str):
    """Declare the JSON refusals a route may answer: `refusals(*REFUSALS, 409, s422="…")`."""
    extra = {int(key.removeprefix("s")): text for key, text in described.items()}

    def decorate(view):
        for code in sorted({*codes, *extra}, reverse=True):
            text = extra.get(code, MESSAGES[code])
            view = api_bp.alt_response(code, schema=ErrorSchema, description=text)(view)
        return view

    return decorate


def body(schema, content_type: str = "application/json"):
    """The request body's shape for the document. The view reads and validates it itself, after the
    permission check (an applicant probing a department's step gets 403, not the field names)."""
    return api_bp.doc(requestBody={"required": True, "content": {content_type: {"schema": schema}}})


def query(schema):
    """Query arguments for the document; the view parses them (see `body`)."""
    return api_bp.doc(parameters=[{"in": "query", "schema": schema}])
