"""The money endpoints' part of the OpenAPI document (merged into webapp/api/openapi.py's SPEC)."""

MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "Yuan, two decimals, as a string"}
REFUSED = {
    "description": "Refused",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}

SCHEMAS = {
    "FundLine": {
        "type": "object",
        "description": "A special-fund line (专项资金). Every figure but the budget is summed from the ledger: "
        "committed = commitments − releases; available = budget − committed + recovered.",
        "required": ["id", "year", "name", "budget", "committed", "disbursed", "recovered", "available", "programs"],
        "properties": {
            "id": {"type": "integer"},
            "year": {"type": "integer"},
            "name": {"type": "string"},
            "budget": MONEY,
            "committed": MONEY,
            "disbursed": MONEY,
            "recovered": MONEY,
            "available": MONEY,
            "programs": {"type": "array", "items": {"type": "string"}, "description": "Program codes drawing on it"},
        },
    },
    "Call": {
        "type": "object",
        "description": "A call for applications (申报批次) for one program, committing up to its budget.",
        "required": ["id", "program", "opens_on", "closes_on", "budget", "ceiling", "committed", "available", "status"],
        "properties": {
            "id": {"type": "integer"},
            "program": {"type": "string"},
            "opens_on": {"type": "string", "format": "date"},
            "closes_on": {"type": ["string", "null"], "format": "date", "description": "null: always open"},
            "budget": MONEY,
            "ceiling": {**MONEY, "type": ["string", "null"], "description": "Per applicant; null: the sub-point's own"},
            "committed": MONEY,
            "available": MONEY,
            "status": {"enum": ["upcoming", "open", "closed"]},
        },
    },
}


def _movement(summary: str, properties: dict, required: list[str]) -> dict:
    body = {"type": "object", "required": required, "properties": properties}
    return {
        "post": {
            "summary": summary,
            "parameters": [ID],
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
            "responses": {
                "201": {"description": "{id, kind, amount, occurred_on}"},
                "403": REFUSED,
                "404": REFUSED,
                "409": REFUSED,
                "422": REFUSED,
            },
        }
    }


PATHS = {
    "/funds": {
        "get": {
            "summary": "Fund lines with their figures (staff, auditors, administrators)",
            "parameters": [{"name": "year", "in": "query", "schema": {"type": "integer"}}],
            "responses": {
                "200": {
                    "description": "{funds: [FundLine]}",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "funds": {"type": "array", "items": {"$ref": "#/components/schemas/FundLine"}}
                                },
                            }
                        }
                    },
                },
                "403": REFUSED,
            },
        }
    },
    "/calls": {
        "get": {
            "summary": "Calls for applications with their figures (anyone signed in)",
            "parameters": [
                {"name": "program", "in": "query", "schema": {"type": "string"}},
                {"name": "status", "in": "query", "schema": {"enum": ["upcoming", "open", "closed"]}},
            ],
            "responses": {
                "200": {
                    "description": "{calls: [Call]}",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "calls": {"type": "array", "items": {"$ref": "#/components/schemas/Call"}}
                                },
                            }
                        }
                    },
                },
            },
        }
    },
    "/applications/{id}/payments": _movement(
        "Finance pays a further tranche of a partly paid case (the account is the enterprise profile's)",
        {"amount": MONEY, "paid_on": {"type": "string", "format": "date"}, "voucher_no": {"type": "string"}},
        ["amount", "voucher_no"],
    ),
    "/applications/{id}/release": _movement(
        "Finance releases the unpaid remainder to the call's budget", {"reason": {"type": "string"}}, ["reason"]
    ),
    "/applications/{id}/recoveries": _movement(
        "Finance records money recovered (追回) after payment, with the reason and the article",
        {"amount": MONEY, "reason": {"type": "string"}, "article": {"type": "string"}},
        ["amount", "reason", "article"],
    ),
}
