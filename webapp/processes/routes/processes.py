"""Administrators: a process's draft, the diff between two of its versions, and moving its
running instances to another version. Thin: parse, call one service, render or answer JSON."""

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.common.access import role_required
from webapp.common.errors import Invalid, ServiceError
from webapp.processes.services import definitions, instance_migration, process_drafts

bp = Blueprint("processes", __name__, url_prefix="/admin/processes")


@bp.post("/<key>/draft")
@role_required("admin")
def save_draft(key: str):
    """JSON {"bpmn", "base": definition id, "revision": the draft revision loaded or null, "dmns"?}."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("bpmn"), str):
        return _refusal(Invalid('Send the diagram as JSON: {"bpmn": "<XML>"}.'), 400)
    revision, base_id, dmns = payload.get("revision"), payload.get("base"), payload.get("dmns")
    if (revision is not None and not isinstance(revision, int)) or not isinstance(base_id, int):
        return _refusal(Invalid("The draft's revision and base version must be numbers."))
    if dmns is not None and not (isinstance(dmns, list) and all(isinstance(d, str) for d in dmns)):
        return _refusal(Invalid("The decision tables must be a list of XML texts."))
    try:
        base = definitions.get_definition(base_id)
        if base.key != key:
            raise Invalid("The base version belongs to another process.")
        draft = process_drafts.save_draft(current_user, base, payload["bpmn"], revision, dmns)
    except ServiceError as exc:
        return _refusal(exc)
    return jsonify(revision=draft.revision, saved_at=draft.saved_at.isoformat() + "Z", key=draft.key)


@bp.get("/<key>/draft.bpmn")
@role_required("admin")
def draft_bpmn(key: str):
    draft = process_drafts.side(key, process_drafts.DRAFT)
    return Response(draft.bpmn_xml, mimetype="application/xml")


@bp.get("/<key>/draft/dmn/<int:index>")
@role_required("admin")
def draft_dmn(key: str, index: int):
    draft = process_drafts.side(key, process_drafts.DRAFT)
    if index >= len(draft.dmn_xml):
        raise Invalid("The draft has no decision table %(index)s.", index=index)
    return Response(draft.dmn_xml[index], mimetype="application/xml")


@bp.post("/<key>/draft/discard")
@role_required("admin")
def discard_draft(key: str):
    process_drafts.discard_draft(current_user, key)
    flash(_("The draft was discarded."), "success")
    latest = definitions.versions_of(key)[0]
    return redirect(url_for("admin.definition", definition_id=latest.id))


@bp.get("/<key>/diff")
@role_required("admin")
def diff(key: str):
    """?old=<definition id|draft>&new=<definition id|draft>; by default the latest two versions."""
    versions = definitions.versions_of(key)
    if not versions:
        raise Invalid("There is no process with the key %(key)s.", key=key)
    draft = process_drafts.get_draft(key)
    default_new = process_drafts.DRAFT if draft else str(versions[0].id)
    default_old = str(versions[0].id) if draft else str(versions[min(1, len(versions) - 1)].id)
    old, new = request.args.get("old", default_old), request.args.get("new", default_new)
    comparison = process_drafts.compare(current_user, key, old, new)
    return render_template(
        "admin/diff.html", key=key, versions=versions, draft=draft, comparison=comparison, old=old, new=new
    )


@bp.get("/<key>/diff/<side>.bpmn")
@role_required("admin")
def side_bpmn(key: str, side: str):
    return Response(process_drafts.side(key, side).bpmn_xml, mimetype="application/xml")


@bp.get("/<key>/migrate")
@role_required("admin")
def migration_preview(key: str):
    target = request.args.get("to", type=int)
    found = instance_migration.preview(current_user, key, target)
    return render_template("admin/migrate.html", key=key, preview=found)


@bp.post("/<key>/migrate")
@role_required("admin")
def migrate(key: str):
    """Form: target (definition id) and either instance (one) or all=1 (every movable one)."""
    target = request.form.get("target", type=int)
    instance_id = request.form.get("instance", type=int)
    if target is None or (instance_id is None and request.form.get("all") != "1"):
        raise Invalid("Choose a target version and an instance (or all).")
    if instance_id is not None:
        moved = instance_migration.migrate_instance(current_user, instance_id, target)
        flash(
            _("Instance %(id)s now runs on version %(version)s.", id=moved.id, version=moved.definition.version),
            "success",
        )
    else:
        moved, refused = instance_migration.migrate_all(current_user, key, target)
        flash(_("%(count)s instances moved.", count=len(moved)), "success")
        if refused:
            flash(_("%(count)s changed meanwhile and were left where they are.", count=len(refused)), "error")
    return redirect(url_for("processes.migration_preview", key=key, to=target))


def _refusal(exc: ServiceError, status: int | None = None):
    body = {"error": _(exc.message, **exc.params), "errors": exc.errors or []}
    return jsonify(body), status or exc.status
