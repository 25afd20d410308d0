"""What the money endpoints answer, and the bodies finance sends."""

from marshmallow import fields

from webapp.api.schemas import Day, Money, Out, Text


class FiguresSchema(Out):
    """A case's, a line's or a call's money: committed = commitments − releases; available = budget −
    committed + recovered."""

    budget = Money()
    committed = Money()
    disbursed = Money()
    recovered = Money()
    available = Money()


class FundLineSchema(FiguresSchema):
    """A special-fund line (专项资金). Every figure but the budget is summed from the ledger."""

    id = fields.Integer()
    year = fields.Integer()
    name = fields.String()
    programs = fields.List(fields.String(), metadata={"description": "Program codes drawing on it"})


class FundListSchema(Out):
    funds = fields.List(fields.Nested(FundLineSchema))


class CallSchema(Out):
    """A call for applications (申报批次) for one program, committing up to its budget."""

    id = fields.Integer()
    program = fields.String()
    opens_on = Day()
    closes_on = Day("null: always open")
    budget = Money()
    ceiling = Money("Per applicant; null: the sub-point's own")
    committed = Money()
    available = Money()
    status = fields.String(metadata={"enum": ["upcoming", "open", "closed"]})


class CallListSchema(Out):
    calls = fields.List(fields.Nested(CallSchema))


class EntrySchema(Out):
    id = fields.Integer()
    kind = fields.String()
    amount = Money()
    occurred_on = Day()


class FundQuery(Out):
    year = fields.Integer(metadata={"minimum": 2000, "maximum": 2100})


class CallQuery(Out):
    program = fields.String()
    status = fields.String(metadata={"enum": ["upcoming", "open", "closed"]})


class PaymentBody(Out):
    amount = Money()
    paid_on = Day()
    voucher_no = fields.String()


class ReleaseBody(Out):
    reason = Text()


class RecoveryBody(Out):
    amount = Money()
    reason = fields.String()
    article = fields.String()
