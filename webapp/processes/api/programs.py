from flask import g, jsonify

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.api.serializers import program_json
from webapp.applications.services import applications


@api_bp.get("/programs")
@token_required
def list_programs():
    """An applicant sees the programs open to its kind (a school, a bank, an enterprise…)."""
    return jsonify(programs=[program_json(p) for p in applications.programs_for(g.api_user)])


@api_bp.get("/programs/<code>")
@token_required
def get_program(code: str):
    program = applications.program_or_404(code)
    return jsonify(program_json(program, applications.application_form_step(program)))
