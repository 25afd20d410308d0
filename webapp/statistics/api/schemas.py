"""What GET /api/v1/statistics answers and the filters it reads."""

from marshmallow import fields

from webapp.api.schemas import Moment, Out, Text


class StatisticsFiguresSchema(Out):
    """Counts, and amounts in yuan as decimal strings; approval_rate is approved / (approved + refused),
    null while nothing is decided."""

    applications = fields.Integer()
    approved = fields.Integer()
    refused = fields.Integer(metadata={"description": "Rejected at the decision or not accepted"})
    withdrawn = fields.Integer()
    approval_rate = fields.Float(allow_none=True)
    requested = fields.String()
    approved_amount = fields.String()
    paid = fields.String()


class ColumnSchema(Out):
    key = fields.String()
    label = fields.String()
    kind = fields.String(metadata={"enum": ["count", "amount", "rate", "days", "score", "text"]})


class RowSchema(Out):
    key = fields.String(metadata={"description": "The raw value: program code, prefecture, month..."})
    label = fields.String(metadata={"description": "In the language of Accept-Language"})
    values = fields.Dict(metadata={"description": "By column key; days are working days"})
    cases = fields.Dict(
        allow_none=True, metadata={"description": "Query arguments of /statistics/cases listing the row's cases"}
    )


class StatisticsTableSchema(Out):
    key = fields.String(
        metadata={
            "description": "programs, regions, counties (with a prefecture filter), sizes, industries, months, "
            "funnel, departments, steps, corrections, ratings, sme_sizes, sme_regions, sme_industries, "
            "fund_lines, calls (budget execution)"
        }
    )
    title = fields.String()
    chart = Text(description="bar, line, ranked, funnel, or null for a table alone")
    plotted = fields.String(metadata={"description": "The column the dashboard's chart draws"})
    columns = fields.List(fields.Nested(ColumnSchema))
    rows = fields.List(fields.Nested(RowSchema))
    summary = fields.Dict(metadata={"description": "A figure over the whole table (corrections: average)"})


class StatisticsSchema(Out):
    filters = fields.Dict(metadata={"description": "The filters applied (after the caller's scope)"})
    as_of = Moment("When the roll-up tables were last rebuilt")
    total = fields.Nested(StatisticsFiguresSchema)
    tables = fields.List(fields.Nested(StatisticsTableSchema))


class StatisticsQuery(Out):
    year = fields.Integer(
        metadata={
            "example": 2026,
            "description": "Beijing calendar year: cases submitted in it; for working days, steps received in it",
        }
    )
    program = fields.String(metadata={"example": "sme-18-1"})
    region = fields.String(
        metadata={"example": "喀什地区", "description": "A prefecture of Xinjiang or one of its counties"}
    )
    department = fields.String(
        metadata={
            "example": "JXW",
            "description": "Cases the department worked on, and its own steps. Staff "
            "other than the auditor (SJT) always get their own department, whatever they ask.",
        }
    )
