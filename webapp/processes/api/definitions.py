from flask import g, request

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.api.schemas import REFUSALS, body, refusals
from webapp.api.serializers import definition_json
from webapp.common.errors import Invalid, PermissionDenied
from webapp.processes.api.schemas import DefinitionListSchema, DefinitionSchema, DefinitionUpload
from webapp.processes.services import definitions


@api_bp.get("/process-definitions")
@api_bp.response(200, DefinitionListSchema)
@refusals(*REFUSALS)
@token_required
def list_definitions():
    """Process versions"""
    return {"process_definitions": [definition_json(d) for d in definitions.list_definitions()]}


@api_bp.post("/process-definitions")
@api_bp.response(201, DefinitionSchema)
@body(DefinitionUpload, "multipart/form-data")
@refusals(*REFUSALS, s422="The BPMN is refused: [{element, line, message}]")
@token_required
def upload_definition():
    """Upload a new process version (administrators)"""
    if not g.api_user.is_admin:
        raise PermissionDenied("Only administrators may upload processes.")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Invalid(
            "Send the BPMN as multipart field 'file'.", [{"element": None, "line": None, "message": "file missing"}]
        )
    dmns = [f.read() for f in request.files.getlist("dmn") if f.filename]
    publish = request.form.get("publish", "true").lower() not in ("false", "0", "no")
    definition = definitions.upload_definition(g.api_user, upload.read(), dmns, publish)
    return definition_json(definition)
