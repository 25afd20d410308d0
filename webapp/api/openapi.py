"""GET /api/v1/openapi.json: the API described for other agencies' developers (OpenAPI 3.1)."""

from flask import jsonify

from webapp.api import api_bp
from webapp.money.api import openapi_money
from webapp.statistics.api import openapi as statistics_openapi


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _json(schema_ref: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


# Ids are 32-bit keys on PostgreSQL; a larger one names nothing (404), as webapp/security.py says.
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
REFUSALS = {"401": _error("No or bad token"), "403": _error("Not your department or role"), "404": _error("Not found")}
DATA_BODY = _body({"type": "object", "properties": {"data": {"type": "object"}}})

SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "SME support approvals API",
        "version": "1.0.0",
        "description": "Applications for Xinjiang SME support programs and the departments' tasks. "
        "Decisions use one vocabulary in every process: decision = approve | return | reject.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"type": "string"}, "errors": {"type": ["object", "array"]}},
            },
            "Field": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "label": {"type": "string"},
                    "type": {"enum": ["string", "text", "long", "decimal", "boolean", "date", "enum"]},
                    "required": {"type": "boolean"},
                    "choices": {"type": "array", "items": {"type": "object"}},
                    "min": {"type": ["string", "null"]},
                    "max": {"type": ["string", "null"]},
                    "required_if": {"type": ["object", "null"]},
                },
            },
            "Program": {"type": "object", "properties": {"code": {"type": "string"}, "title": {"type": "string"}}},
            "Task": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "step": {"type": "string"},
                    "department": {"type": ["string", "null"]},
                    "state": {"enum": ["open", "completed", "cancelled"]},
                    "form": {
                        "type": "object",
                        "properties": {"fields": {"type": "array", "items": {"$ref": "#/components/schemas/Field"}}},
                    },
                },
            },
            "Application": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "number": {"type": "string"},
                    "status": {"type": "string"},
                    "current_tasks": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}},
                    "history": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}},
                    "case_clock": {
                        "oneOf": [{"$ref": "#/components/schemas/CaseClock"}, {"type": "null"}],
                        "description": "The case time limit (承诺办结时限); null when the process sets none "
                        "or the application is not submitted.",
                    },
                },
            },
            "CaseClock": {
                "type": "object",
                "description": "Working days of the whole case, counted from submission to the decision (or the "
                "close). The day of submission does not count; today counts once it has begun. The clock stops "
                "while a step of the applicant's (a correction) or a special step (expert review, public notice: "
                "`stops_clock` in the model) is open: the working days after the day it stopped up to and "
                "including the day it restarted are not counted, and the due date moves back by as many.",
                "properties": {
                    "limit_working_days": {"type": "integer", "description": "base limit plus approved extensions"},
                    "base_limit_working_days": {"type": "integer", "description": "the model's case_time_limit_days"},
                    "extended_working_days": {"type": "integer", "description": "approved by department heads"},
                    "used_working_days": {"type": "integer"},
                    "left_working_days": {"type": "integer", "description": "0 on the due day, negative overdue"},
                    "stopped_working_days": {"type": "integer"},
                    "stopped": {"type": "boolean", "description": "the clock is stopped now"},
                    "stopped_since": {"type": ["string", "null"], "format": "date-time"},
                    "stopped_by_step": {"type": ["string", "null"]},
                    "stopped_with_applicant": {"type": "boolean"},
                    "due_at": {
                        "type": "string",
                        "format": "date-time",
                        "description": "end of the due day (Beijing) in UTC; while stopped, as if it restarted today",
                    },
                    "due_is_estimate": {"type": "boolean"},
                    "overdue": {"type": "boolean"},
                    "closed": {"type": "boolean", "description": "decided or closed: `used_working_days` is the total"},
                },
            },
            "PublicStatus": {
                "type": "object",
                "description": "What anyone holding an application number and its query code may know.",
                "properties": {
                    "number": {"type": "string"},
                    "status": {"type": "string"},
                    "status_label": {"type": "string"},
                    "submitted_on": {"type": ["string", "null"], "format": "date"},
                    "departments": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "code": {"type": "string"},
                                "name": {"type": "string"},
                                "name_en": {"type": "string"},
                            },
                        },
                    },
                    "applicant_must_act": {"type": "boolean"},
                    "case_clock": {"oneOf": [{"$ref": "#/components/schemas/CaseClock"}, {"type": "null"}]},
                },
            },
            "Definition": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "key": {"type": "string"}, "version": {"type": "integer"}},
            },
        },
    },
    "paths": {
        "/auth/token": {
            "post": {
                "summary": "Exchange a user name and password for a bearer token",
                "security": [],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["username", "password"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                    }
                ),
                "responses": {
                    "200": {"description": "A token"},
                    "401": _error("Wrong credentials"),
                    "403": _error("The account is deactivated"),
                    "422": _error("Body is not a JSON object of two texts, or holds a NUL or a lone surrogate"),
                    "429": _error(
                        "Too many failed sign-ins for this account or from this client; the Retry-After header says "
                        "how many seconds to wait"
                    ),
                },
            }
        },
        "/programs": {
            "get": {"summary": "Support programs", "responses": {"200": {"description": "Programs"}, **REFUSALS}}
        },
        "/programs/{code}": {
            "get": {
                "summary": "One program with its application form's fields",
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json("#/components/schemas/Program"), **REFUSALS},
            }
        },
        "/applications": {
            "get": {
                "summary": "Applications the caller may see",
                "responses": {"200": {"description": "Applications"}, **REFUSALS},
            },
            "post": {
                "summary": "Create a draft application (applicants)",
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["program", "data"],
                        "properties": {"program": {"type": "string"}, "data": {"type": "object"}},
                    }
                ),
                "responses": {
                    "201": {"description": "{id, number, status}"},
                    **REFUSALS,
                    "422": _error("Form errors by field"),
                },
            },
        },
        "/applications/{id}": {
            "get": {
                "summary": "Status, current tasks and history",
                "parameters": [ID],
                "responses": {"200": _json("#/components/schemas/Application"), **REFUSALS},
            }
        },
        "/applications/{id}/attachments": {
            "post": {
                "summary": "Upload a required document (multipart: file, document_type)",
                "description": "PDF, JPEG or PNG, identified by content, at most ATTACHMENT_MAX_MB (10) MB. "
                "Allowed on a draft, or while a correction is asked of the applicant; a document type "
                "uploaded again replaces the earlier file (both stay on file).",
                "parameters": [ID],
                "responses": {"201": {"description": "Stored"}, **REFUSALS, "409": _error("Not a draft or correction")},
            }
        },
        "/applications/{id}/submit": {
            "post": {
                "summary": "Submit a draft into its approval chain",
                "description": "The response alone carries `query_code` (8 characters): with the application "
                "number it opens POST /lookup. Only its hash is kept, so it cannot be shown again.",
                "parameters": [ID],
                "responses": {
                    "200": _json("#/components/schemas/Application"),
                    **REFUSALS,
                    "409": _error("Already submitted"),
                },
            }
        },
        "/applications/{id}/withdraw": {
            "post": {
                "summary": "Withdraw an application before a decision (the applicant enterprise only)",
                "description": "Cancels the running process and closes every open step with the reason.",
                "parameters": [ID],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["reason"],
                        "properties": {"reason": {"type": "string", "maxLength": 500}},
                    }
                ),
                "responses": {
                    "200": _json("#/components/schemas/Application"),
                    **REFUSALS,
                    "409": _error("Decided, closed or already withdrawn"),
                    "422": _error("Reason missing or longer than 500 characters"),
                },
            }
        },
        "/applications/{id}/draft": {
            "put": {
                "summary": "Save a draft as typed (autosave; the applicant enterprise only)",
                "description": "Keeps the application form's own fields whatever their type, as the page's "
                "autosave does; the form's rules apply at submit. Answers {id, data, draft_saved_at}.",
                "parameters": [ID],
                "requestBody": DATA_BODY,
                "responses": {
                    "200": {"description": "The values kept and when"},
                    **REFUSALS,
                    "409": _error("Not a draft (already submitted)"),
                    "422": _error("The body or `data` is not a JSON object"),
                },
            }
        },
        "/applications/{id}/rating": {
            "get": {
                "summary": "The case's rating (好差评) or null, and whether the caller may rate it now",
                "parameters": [ID],
                "responses": {"200": {"description": "{rating, can_rate}"}, **REFUSALS},
            },
            "post": {
                "summary": "Rate a decided case once, 1 (very dissatisfied) to 5 (very satisfied)",
                "description": "The applicant enterprise only; the rating counts for the department that decided.",
                "parameters": [ID],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["score"],
                        "properties": {
                            "score": {"type": "integer", "minimum": 1, "maximum": 5},
                            "comment": {"type": "string", "maxLength": 500},
                        },
                    }
                ),
                "responses": {
                    "201": {"description": "{rating, can_rate}"},
                    **REFUSALS,
                    "409": _error("Not decided yet, or already rated"),
                    "422": _error("Score not 1–5, or comment longer than 500 characters"),
                },
            },
        },
        "/applications/{id}/documents": {
            "get": {
                "summary": "The documents issued on the case (receipt, notices, decision letters)",
                "description": "`documents`: each with `kind` (receipt, acceptance, deemed_acceptance, correction, "
                "refusal_to_accept, approval, partial_approval, refusal), `number` (文号), `issuer`, `addressee`, "
                "`issued_at`, `sha256` of the signed PDF, `download` (opened with the same token) and `verify` "
                "(the public verification page printed on the document).",
                "parameters": [ID],
                "responses": {"200": {"description": "{documents: [...]}"}, **REFUSALS},
            }
        },
        "/documents/{id}": {
            "get": {
                "summary": "The signed PDF of an issued document, as filed",
                "parameters": [ID],
                "responses": {"200": {"description": "application/pdf (PAdES-signed)"}, **REFUSALS},
            }
        },
        "/lookup": {
            "post": {
                "summary": "Public status lookup by application number and query code (no token)",
                "security": [],
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["number", "query_code"],
                        "properties": {"number": {"type": "string"}, "query_code": {"type": "string"}},
                    }
                ),
                "responses": {
                    "200": _json("#/components/schemas/PublicStatus"),
                    "404": _error("No application with this number and code (the same for either being wrong)"),
                    "422": _error("Number or code missing"),
                    "429": _error("Too many failed lookups from this client; see Retry-After"),
                },
            }
        },
        "/tasks": {
            "get": {
                "summary": "The caller's open tasks, oldest first: {tasks, total, limit, offset}",
                "parameters": [
                    {"name": "application_id", "in": "query", "schema": {"type": "integer", "maximum": 2**31 - 1}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                    {
                        "name": "offset",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
                    },
                ],
                "responses": {"200": {"description": "Tasks"}, **REFUSALS, "422": _error("Bad limit or offset")},
            }
        },
        "/tasks/{id}": {
            "get": {
                "summary": "One task with its form fields",
                "parameters": [ID],
                "responses": {"200": _json("#/components/schemas/Task"), **REFUSALS},
            }
        },
        "/tasks/{id}/claim": {
            "post": {
                "summary": "Claim a task",
                "parameters": [ID],
                "responses": {
                    "200": _json("#/components/schemas/Task"),
                    **REFUSALS,
                    "409": _error("Claimed by someone else or completed"),
                },
            }
        },
        "/tasks/{id}/unclaim": {
            "post": {
                "summary": "Release a claimed task",
                "parameters": [ID],
                "responses": {
                    "200": _json("#/components/schemas/Task"),
                    **REFUSALS,
                    "409": _error("Not claimed by you"),
                },
            }
        },
        "/tasks/{id}/complete": {
            "post": {
                "summary": "Complete a task with its form data",
                "description": "Approving on the decision step over an assisting department's 不同意 also needs "
                "`dissent_reason` beside `data` (422 without it); it is kept with the step.",
                "parameters": [ID],
                "requestBody": DATA_BODY,
                "responses": {
                    "200": _json("#/components/schemas/Task"),
                    **REFUSALS,
                    "409": _error("Stale or already completed"),
                    "422": _error("Form errors by field"),
                },
            }
        },
        "/tasks/{id}/send-back": {
            "post": {
                "summary": "Send the case back to an earlier step (退回): {target: step name, reason}",
                "parameters": [ID],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["target", "reason"],
                                "properties": {"target": {"type": "string"}, "reason": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": _json("#/components/schemas/Task"),
                    **REFUSALS,
                    "409": _error("Stale or already completed"),
                    "422": _error("Not an earlier step, or no reason"),
                },
            }
        },
        "/notifications": {
            "get": {
                "summary": "The caller's notifications, newest first: {notifications, unread}",
                "responses": {"200": {"description": "Notifications"}, **REFUSALS},
            }
        },
        "/notifications/{id}/read": {
            "post": {
                "summary": "Mark one notification read",
                "parameters": [ID],
                "responses": {"200": {"description": "The notification"}, **REFUSALS},
            }
        },
        "/process-definitions": {
            "get": {"summary": "Process versions", "responses": {"200": {"description": "Versions"}, **REFUSALS}},
            "post": {
                "summary": "Upload a new version (administrators)",
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "dmn": {"type": "array", "items": {"type": "string", "format": "binary"}},
                                    "publish": {"type": "boolean"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": _json("#/components/schemas/Definition"),
                    **REFUSALS,
                    "422": _error("[{element, line, message}]"),
                },
            },
        },
    },
}


SPEC["paths"].update(statistics_openapi.PATHS)
SPEC["components"]["schemas"].update(statistics_openapi.SCHEMAS)

# The money room describes its own endpoints (webapp/money/api/openapi_money.py).
SPEC["components"]["schemas"].update(openapi_money.SCHEMAS)
SPEC["paths"].update(openapi_money.PATHS)


@api_bp.get("/openapi.json")
def openapi_document():
    return jsonify(SPEC)
