"""What the applicant's endpoints answer, and the bodies they read (the application form's own
fields stay in `data`, validated by the program's form)."""

from marshmallow import fields

from webapp.api.schemas import CaseClockSchema, Day, Moment, Out, Text
from webapp.department_work.api.schemas import TaskSchema
from webapp.money.api.schemas import FiguresSchema


class HistoryTaskSchema(TaskSchema):
    data = fields.Dict(allow_none=True, metadata={"description": "What the step recorded, as the caller may see"})


class ApplicationSchema(Out):
    id = fields.Integer()
    number = Text()
    program = fields.String()
    status = fields.String()
    enterprise = fields.String()
    amount_requested = Text(description="Yuan as a decimal string")
    data = fields.Dict(allow_none=True, metadata={"description": "The application form's fields by name"})
    created_at = Moment()
    submitted_at = Moment()
    closed_at = Moment()
    withdrawal_reason = Text()
    call = fields.Integer(allow_none=True, metadata={"description": "The call's id"})
    money = fields.Nested(FiguresSchema, allow_none=True)
    figures = fields.Dict(metadata={"description": "The case's key figures by name"})
    case_clock = fields.Nested(CaseClockSchema, allow_none=True)
    current_tasks = fields.List(fields.Nested(TaskSchema))
    history = fields.List(fields.Nested(HistoryTaskSchema))


class SubmittedApplicationSchema(ApplicationSchema):
    query_code = fields.String(metadata={"description": "Given out once: with the number it opens POST /lookup"})


class ApplicationListSchema(Out):
    applications = fields.List(fields.Nested(ApplicationSchema))


class CreatedSchema(Out):
    id = fields.Integer()
    number = Text()
    status = fields.String()


class AttachmentSchema(Out):
    id = fields.Integer()
    document_type = Text()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()


class DraftSchema(Out):
    id = fields.Integer()
    data = fields.Dict(allow_none=True)
    draft_saved_at = Moment()


class RatingSchema(Out):
    score = fields.Integer()
    label = fields.String()
    comment = Text()
    department = Text()
    created_at = Moment()


class RatingAnswerSchema(Out):
    rating = fields.Nested(RatingSchema, allow_none=True)
    can_rate = fields.Boolean()


class DepartmentSchema(Out):
    code = fields.String()
    name = fields.String()
    name_en = Text()


class PublicStatusSchema(Out):
    """What anyone holding an application number and its query code may know."""

    number = fields.String()
    status = fields.String()
    status_label = fields.String()
    submitted_on = Day("Beijing date")
    departments = fields.List(fields.Nested(DepartmentSchema))
    applicant_must_act = fields.Boolean()
    case_clock = fields.Nested(CaseClockSchema, allow_none=True)


class NewApplicationBody(Out):
    program = fields.String(required=True)
    data = fields.Dict(required=True, metadata={"description": "The program's application form by field"})
    call = fields.Integer(metadata={"description": "The call applied to, where the program has calls"})


class FormDataBody(Out):
    data = fields.Dict(metadata={"description": "The form's fields by name"})


class WithdrawBody(Out):
    reason = fields.String(required=True, metadata={"maxLength": 500})


class RatingBody(Out):
    score = fields.Integer(required=True, metadata={"minimum": 1, "maximum": 5})
    comment = fields.String(metadata={"maxLength": 500})


class AttachmentUpload(Out):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})
    document_type = fields.String(required=True)


class LookupBody(Out):
    number = fields.String(required=True)
    query_code = fields.String(required=True)
