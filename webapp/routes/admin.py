"""Administrators: process definitions, their versions, uploads, and the diagram viewer."""

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.admin import UploadDefinitionForm
from webapp.routes.access import role_required
from webapp.services import definitions
from webapp.services.errors import Invalid

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/definitions", endpoint="definitions")
@role_required("admin")
def list_definitions():
    return render_template("admin/definitions.html", definitions=definitions.list_definitions())


@bp.route("/definitions/upload", methods=["GET", "POST"])
@role_required("admin")
def upload():
    form = UploadDefinitionForm()
    problems = None
    if form.validate_on_submit():
        dmns = [f.read() for f in form.dmn.data or [] if getattr(f, "filename", "")]
        try:
            definition = definitions.upload_definition(current_user, form.bpmn.data.read(), dmns, form.publish.data)
        except Invalid as exc:
            problems = exc.errors
            form.bpmn.errors.append(_(exc.message))
        else:
            flash(_("Uploaded %(key)s version %(version)s.", key=definition.key, version=definition.version), "success")
            return redirect(url_for("admin.definition", definition_id=definition.id))
    status = 422 if form.errors or problems else 200
    return render_template("admin/upload.html", form=form, problems=problems), status


@bp.get("/definitions/<int:definition_id>")
@role_required("admin")
def definition(definition_id: int):
    definition = definitions.get_definition(definition_id)
    lanes = definitions.departments_by_lane(definition)
    return render_template("admin/definition.html", definition=definition, lanes=lanes)


@bp.get("/definitions/<int:definition_id>/diagram.bpmn")
@login_required
def diagram(definition_id: int):
    """The BPMN is public procedure, shown to applicants too: any signed-in user may read it."""
    definition = definitions.get_definition(definition_id)
    return Response(definition.bpmn_xml, mimetype="application/xml")
