from flask import g

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.api.schemas import REFUSALS, refusals
from webapp.api.serializers import program_json
from webapp.applications.services import applications
from webapp.processes.api.schemas import ProgramListSchema, ProgramSchema


@api_bp.get("/programs")
@api_bp.response(200, ProgramListSchema)
@refusals(*REFUSALS)
@token_required
def list_programs():
    """An applicant sees the programs open to its kind (a school, a bank, an enterprise…)."""
    return {"programs": [program_json(p) for p in applications.programs_for(g.api_user)]}


@api_bp.get("/programs/<code>")
@api_bp.response(200, ProgramSchema)
@refusals(*REFUSALS)
@token_required
def get_program(code: str):
    """One program with its application form's fields"""
    program = applications.program_or_404(code)
    return program_json(program, applications.application_form_step(program))
