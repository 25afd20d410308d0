from flask import request

from forms.applications import LookupForm
from forms.dynamic import form_from_payload
from webapp.api import api_bp
from webapp.api.auth import json_body
from webapp.api.schemas import body, refusals
from webapp.api.serializers import public_status_json
from webapp.applications.api.schemas import LookupBody, PublicStatusSchema
from webapp.applications.services import lookup
from webapp.common.errors import Invalid


@api_bp.post("/lookup")
@api_bp.response(200, PublicStatusSchema)
@api_bp.doc(security=[])
@body(LookupBody)
@refusals(422, 429, s404="No application with this number and code (the same for either being wrong)")
def lookup_status():
    """Public status lookup by application number and query code

    No token: the application number and its query code are the credential."""
    body = json_body()
    form = form_from_payload(LookupForm, {"number": body.get("number"), "query_code": body.get("query_code")})
    if not form.validate():
        raise Invalid("The form has errors.", form.errors)
    found = lookup.lookup_status(form.number.data, form.query_code.data, request.remote_addr)
    return public_status_json(found)
