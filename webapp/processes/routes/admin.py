"""Administrators: process definitions, their versions, uploads, the diagram viewer and the modeler;
process instances and the operations on them."""

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forms.admin import UploadDefinitionForm
from forms.operations import InstanceActionForm, InstanceFilterForm
from webapp.common.access import role_required
from webapp.common.errors import Invalid, NotFound, ServiceError
from webapp.labels import department_name
from webapp.processes.services import definitions, instance_overview, operations, process_drafts

bp = Blueprint("admin", __name__, url_prefix="/admin")

COMMENT_MAX = 500


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
    versions = definitions.versions_of(definition.key)
    draft = process_drafts.get_draft(definition.key)
    return render_template("admin/definition.html", definition=definition, lanes=lanes, versions=versions, draft=draft)


@bp.get("/definitions/<int:definition_id>/diagram.bpmn")
@login_required
def diagram(definition_id: int):
    """The BPMN is public procedure, shown to applicants too: any signed-in user may read it."""
    definition = definitions.get_definition(definition_id)
    return Response(definition.bpmn_xml, mimetype="application/xml")


@bp.get("/definitions/<int:definition_id>/dmn/<int:index>")
@role_required("admin")
def dmn(definition_id: int, index: int):
    """One of the version's decision tables, as stored."""
    definition = definitions.get_definition(definition_id)
    if index >= len(definition.dmn_xml or []):
        raise NotFound("This version has no decision table %(index)s.", index=index)
    return Response(definition.dmn_xml[index], mimetype="application/xml")


@bp.get("/definitions/<int:definition_id>/edit")
@role_required("admin")
def edit(definition_id: int):
    """The browser modeler on this version's BPMN; publishing makes the next version."""
    definition = definitions.get_definition(definition_id)
    latest = definitions.latest_version(definition.key)
    draft = process_drafts.get_draft(definition.key)
    return render_template(
        "admin/modeler.html", definition=definition, latest=latest, comment_max=COMMENT_MAX, draft=draft
    )


@bp.post("/definitions/<int:definition_id>/publish")
@role_required("admin")
def publish(definition_id: int):
    """The modeler's XML, with the edited version's DMN tables, as the next published version.

    The modeler's script reads JSON either way: 201 with the new version's page, or the refusal
    with its problems (`errors: [{element, line, message}]`) so the page can mark each element.
    """
    definition = definitions.get_definition(definition_id)
    payload = request.get_json(silent=True)
    bpmn = payload.get("bpmn") if isinstance(payload, dict) else None
    comment = payload.get("comment") if isinstance(payload, dict) else None
    dmns = payload.get("dmns") if isinstance(payload, dict) else None
    if not isinstance(bpmn, str) or not bpmn.strip():
        return _refusal(Invalid('Send the diagram as JSON: {"bpmn": "<XML>"}.'), 400)
    if comment is not None and (not isinstance(comment, str) or len(comment) > COMMENT_MAX):
        return _refusal(Invalid("The comment must be text of at most %(max)s characters.", max=COMMENT_MAX))
    if dmns is not None and not (isinstance(dmns, list) and all(isinstance(d, str) for d in dmns)):
        return _refusal(Invalid("The decision tables must be a list of XML texts."))
    try:
        published = definitions.publish_edit(current_user, definition, bpmn, comment or "", dmns)
    except ServiceError as exc:
        return _refusal(exc)
    note = (comment or "").strip()
    flash(
        _("Uploaded %(key)s version %(version)s.", key=published.key, version=published.version)
        + (f" {note}" if note else ""),
        "success",
    )
    url = url_for("admin.definition", definition_id=published.id)
    return jsonify(id=published.id, key=published.key, version=published.version, url=url), 201


def _refusal(exc: ServiceError, status: int | None = None):
    body = {"error": _(exc.message, **exc.params), "errors": exc.errors or []}
    return jsonify(body), status or exc.status


@bp.get("/instances", endpoint="instances")
@role_required("admin")
def instances_page():
    """Process instances, filtered; a filter value that makes no sense is said on the page."""
    keys, depts = instance_overview.filter_choices()
    choices = [(d.code, f"{d.code} · {department_name(d)}") for d in depts]
    form = InstanceFilterForm(request.args, keys, choices)
    if not form.validate():
        return render_template("admin/instances.html", form=form, listing=None, query={}), 400
    listing = instance_overview.list_instances(current_user, form.filters(), form.page.data or 1)
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("admin/instances.html", form=form, listing=listing, query=query)


@bp.get("/instances/<int:instance_id>")
@role_required("admin")
def instance(instance_id: int):
    return _instance_page(instance_id, InstanceActionForm())


INSTANCE_ACTIONS = {
    "suspend": (operations.suspend_instance, _l("Instance %(id)s is suspended.")),
    "resume": (operations.resume_instance, _l("Instance %(id)s runs again.")),
    "terminate": (operations.terminate_instance, _l("Instance %(id)s is terminated.")),
}


@bp.post("/instances/<int:instance_id>/<any(retry, suspend, resume, terminate):action>")
@role_required("admin")
def instance_action(instance_id: int, action: str):
    form = InstanceActionForm()
    if not form.validate_on_submit():
        return _instance_page(instance_id, form, 422)
    if action == "retry":
        outcome = operations.retry_instance(current_user, instance_id, form.reason.data)
        if outcome.recovered:
            flash(_("Instance %(id)s runs again.", id=instance_id), "success")
        else:
            flash(_("The retry failed again: %(error)s", error=outcome.error), "error")
    else:
        act, done = INSTANCE_ACTIONS[action]
        act(current_user, instance_id, form.reason.data)
        flash(str(done) % {"id": instance_id}, "success")
    return redirect(url_for("admin.instance", instance_id=instance_id))


def _instance_page(instance_id: int, form: InstanceActionForm, status: int = 200):
    detail = instance_overview.instance_detail(current_user, instance_id)
    actions = operations.allowed_actions(detail.instance)
    return render_template("admin/instance.html", detail=detail, form=form, actions=actions), status
