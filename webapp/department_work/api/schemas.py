"""What the departments' task endpoints answer, and the bodies they read."""

from marshmallow import fields

from webapp.api.schemas import FieldSchema, FormSchema, Moment, Out, Text
from webapp.security import MAX_ID


class TaskSchema(Out):
    id = fields.Integer()
    application_id = fields.Integer(allow_none=True)
    application_number = Text()
    step = fields.String()
    title = Text()
    title_en = Text()
    department = Text(description="The department's code; null for the applicant's steps")
    department_name = Text()
    for_applicant = fields.Boolean()
    state = fields.String(metadata={"enum": ["open", "completed", "cancelled"]})
    claimed_by = Text(description="User name; hidden (null) from applicants")
    created_at = Moment()
    due_at = Moment()
    completed_at = Moment()
    completed_by = Text(description="User name; hidden (null) from applicants")
    decision = Text(description="approve | return | reject")
    legal_basis = Text()
    form = fields.Nested(FormSchema)


class TaskFormSchema(Out):
    fields_ = fields.List(fields.Nested(FieldSchema), attribute="fields", data_key="fields")
    defaults = fields.Dict(metadata={"description": "The values the form starts from (a correction: the case's)"})


class CorrectionNoticeSchema(Out):
    items = fields.Raw(allow_none=True, metadata={"description": "What to correct, as the department wrote it"})
    from_step = fields.String()
    at = Moment()


class TaskDetailSchema(TaskSchema):
    form = fields.Nested(TaskFormSchema)
    notice = fields.Nested(CorrectionNoticeSchema, allow_none=True)


class TaskPageSchema(Out):
    tasks = fields.List(fields.Nested(TaskSchema))
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()


class TaskQuery(Out):
    application_id = fields.Integer(metadata={"minimum": 1, "maximum": MAX_ID})
    limit = fields.Integer(metadata={"minimum": 1, "maximum": 500, "default": 100})
    offset = fields.Integer(metadata={"minimum": 0, "maximum": MAX_ID, "default": 0})


class CompletionBody(Out):
    data = fields.Dict(metadata={"description": "The task form's fields by name (see the task's `form`)"})
    dissent_reason = fields.String(
        metadata={"description": "Approving over an assisting department's 不同意 needs it (422 without)"}
    )


class SendBackBody(Out):
    target = fields.String(required=True, metadata={"description": "An earlier step's name"})
    reason = fields.String(required=True)
