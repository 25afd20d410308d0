"""What the processes' endpoints answer: programs (with their application form) and process versions."""

from marshmallow import fields

from webapp.api.schemas import FormSchema, Moment, Out, Text


class ProgramSchema(Out):
    code = fields.String()
    rule_ref = Text()
    title = fields.String()
    title_en = Text()
    lead = Text(description="The leading department's code")
    assisting = fields.List(fields.String())
    cap_yuan = fields.Raw(allow_none=True, metadata={"description": "The cap in yuan, or null"})
    needs_call_ceiling = fields.Boolean()
    applicant_types = fields.List(fields.String())
    sme_only = fields.Boolean()
    summary_en = Text()
    kind = Text()
    legal_basis = Text()
    form = fields.Nested(FormSchema, metadata={"description": "GET /programs/{code} only"})


class ProgramListSchema(Out):
    programs = fields.List(fields.Nested(ProgramSchema))


class DefinitionSchema(Out):
    id = fields.Integer()
    key = fields.String()
    version = fields.Integer()
    name = Text()
    published = fields.Boolean()
    created_at = Moment()


class DefinitionListSchema(Out):
    process_definitions = fields.List(fields.Nested(DefinitionSchema))


class DefinitionUpload(Out):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary"})
    dmn = fields.List(fields.Raw(metadata={"type": "string", "format": "binary"}))
    publish = fields.Boolean()
