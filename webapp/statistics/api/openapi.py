"""GET /api/v1/statistics described for the OpenAPI document (webapp/api/openapi.py merges it)."""

FILTERS = [
    {
        "name": "year",
        "in": "query",
        "schema": {"type": "integer", "example": 2026},
        "description": "Beijing calendar year: cases submitted in it; for working days, steps received in it",
    },
    {"name": "program", "in": "query", "schema": {"type": "string", "example": "sme-18-1"}},
    {
        "name": "region",
        "in": "query",
        "schema": {"type": "string", "example": "喀什地区"},
        "description": "A prefecture-level division of Xinjiang or one of its counties (the enterprise's profile)",
    },
    {
        "name": "department",
        "in": "query",
        "schema": {"type": "string", "example": "JXW"},
        "description": "Cases the department worked on, and its own steps. Staff other than the auditor (SJT) "
        "always get their own department, whatever they ask.",
    },
]

FIGURES = {
    "type": "object",
    "description": "Counts, and amounts in yuan as decimal strings; approval_rate is approved / (approved + "
    "refused), null while nothing is decided.",
    "properties": {
        "applications": {"type": "integer"},
        "approved": {"type": "integer"},
        "refused": {"type": "integer", "description": "Rejected at the decision or not accepted"},
        "withdrawn": {"type": "integer"},
        "approval_rate": {"type": ["number", "null"]},
        "requested": {"type": "string"},
        "approved_amount": {"type": "string"},
        "paid": {"type": "string"},
    },
}

TABLE = {
    "type": "object",
    "required": ["key", "title", "columns", "rows"],
    "properties": {
        "key": {
            "type": "string",
            "description": "programs, regions, counties (with a prefecture filter), sizes, industries, months, "
            "funnel, departments, steps, corrections, ratings, sme_sizes, sme_regions, sme_industries, "
            "fund_lines, calls (budget execution: budget, committed net of releases, paid net of recoveries, "
            "available = budget − committed + recovered, commitment_rate and payment_rate as fractions of the "
            "budget, null when it is 0, and the cases committed; a row's cases are {fund_line: id} or {call: id})",
        },
        "title": {"type": "string"},
        "chart": {"type": ["string", "null"], "enum": ["bar", "line", "ranked", "funnel", None]},
        "plotted": {"type": "string", "description": "The column the dashboard's chart draws"},
        "columns": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "label": {"type": "string"},
                    "kind": {"type": "string", "enum": ["count", "amount", "rate", "days", "score", "text"]},
                },
            },
        },
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "key": {"type": "string", "description": "The raw value: program code, prefecture, month..."},
                    "label": {"type": "string", "description": "In the language of Accept-Language"},
                    "values": {"type": "object", "description": "By column key; days are working days"},
                    "cases": {
                        "type": ["object", "null"],
                        "description": "Query arguments of /statistics/cases listing the cases behind the row",
                    },
                },
            },
        },
        "summary": {
            "type": "object",
            "description": "A figure over the whole table (corrections: average); note: what a filter does not "
            "apply to (the budget tables)",
        },
    },
}

SCHEMAS = {
    "StatisticsFigures": FIGURES,
    "StatisticsTable": TABLE,
    "Statistics": {
        "type": "object",
        "properties": {
            "filters": {"type": "object", "description": "The filters applied (after the caller's scope)"},
            "total": {"$ref": "#/components/schemas/StatisticsFigures"},
            "tables": {"type": "array", "items": {"$ref": "#/components/schemas/StatisticsTable"}},
        },
    },
}

PATHS = {
    "/statistics": {
        "get": {
            "summary": "The statistics dashboard's figures (administrators, heads, the auditor; staff: their "
            "department)",
            "description": "Submitted applications, approvals, refusals and amounts by program, prefecture, "
            "county, size class, industry and month; the funnel from draft to payment; working days per "
            "department and step (median, 90th percentile) and overdue rates; corrections per case; ratings "
            "per department; registered enterprises by size, prefecture and industry with how many applied "
            "and were supported; budget execution per fund line and per call (year: the fund line's year; "
            "department: the lines it plans or arranges, the calls it leads or that draw on them; the region "
            "filter does not apply to budgets). docs/architecture.md says what each figure counts.",
            "parameters": FILTERS,
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Statistics"}}},
                },
                "401": {"description": "No or bad token"},
                "403": {"description": "Applicants may not read statistics"},
                "422": {"description": "A filter names nothing (errors by filter)"},
            },
        }
    }
}
