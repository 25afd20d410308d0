from flask import jsonify

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.api.serializers import program_json
from webapp.applications.services import applications
from workflows.programs import all_programs


@api_bp.get("/programs")
@token_required
def list_programs():
    return jsonify(programs=[program_json(p) for p in all_programs().values()])


@api_bp.get("/programs/<code>")
@token_required
def get_program(code: str):
    program = applications.program_or_404(code)
    return jsonify(program_json(program, applications.application_form_step(program)))
