"""Administrators: process definitions, their versions, uploads, the diagram viewer and the modeler;
process instances and the operations on them."""

from datetime import date

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forms.admin import AccountActiveForm, AccountRoleForm, DepartmentForm, StaffAccountForm, UploadDefinitionForm
from forms.calendar import CalendarDaysForm
from forms.operations import InstanceActionForm, InstanceFilterForm
from webapp.labels import department_name
from webapp.routes.access import role_required
from webapp.services import (
    accounts,
    calendar,
    definitions,
    departments,
    instance_overview,
    operations,
    process_drafts,
)
from webapp.services.errors import Invalid, NotFound, ServiceError

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
    """Shown on the case's pages: to staff of a department that worked on it, to its applicant."""
    definition = definitions.diagram_for(current_user, definition_id)
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


@bp.route("/calendar", methods=["GET", "POST"])
@role_required("admin")
def calendar_days():
    """Holidays and make-up working days for years the built-in calendar does not cover yet."""
    form = CalendarDaysForm()
    if form.validate_on_submit():
        try:
            saved = calendar.enter_days(current_user, form.days.data)
        except Invalid as exc:
            form.days.errors.append(_(exc.message))
            form.days.errors.extend((exc.errors or {}).get("days", []))
        else:
            flash(_("%(count)s days saved.", count=len(saved)), "success")
            return redirect(url_for("admin.calendar_days"))
    status = 422 if form.errors else 200
    return render_template("admin/calendar.html", form=form, days=calendar.list_days()), status


@bp.post("/calendar/<day>/remove")
@role_required("admin")
def remove_calendar_day(day: str):
    try:
        calendar.remove_day(current_user, date.fromisoformat(day))
    except ValueError as exc:
        raise Invalid("Not a date: %(day)s", day=day) from exc
    return redirect(url_for("admin.calendar_days"))


@bp.get("/departments")
@role_required("admin")
def departments_page():
    return render_template("admin/departments.html", departments=departments.all_departments())


@bp.get("/departments.json")
@role_required("admin")
def departments_json():
    """The registry for the modeler's lane picker: the applicant, then every department."""
    return jsonify(departments=departments.lane_choices())


@bp.route("/departments/<code>", methods=["GET", "POST"])
@role_required("admin")
def department(code: str):
    """A department's (or open group's) accounts; the administrator adds members here."""
    dept = departments.get_by_code(code)
    form = StaffAccountForm()
    if form.validate_on_submit():
        try:
            accounts.create_staff_account(
                current_user, dept, form.username.data, form.display_name.data, form.password.data
            )
        except Invalid as exc:
            for name, messages in (exc.errors or {}).items():
                form[name].errors.extend(_(m) for m in messages)
        else:
            flash(_("Account %(username)s added.", username=form.username.data), "success")
            return redirect(url_for("admin.department", code=dept.code))
    staff = accounts.staff_of(dept)
    return render_template(
        "admin/department.html", department=dept, staff=staff, form=form
    ), 422 if form.errors else 200


@bp.route("/departments/<code>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_department(code: str):
    """Names (zh/en), aliases, level and parent; refusals (a taken name, a cycle) are said on the field."""
    dept = departments.get_by_code(code)
    form = DepartmentForm(obj=None if request.method == "POST" else dept)
    form.parent.choices = [("", "—")] + [
        (d.code, f"{d.code} · {department_name(d)}") for d in departments.all_departments() if d.id != dept.id
    ]
    if request.method == "GET":
        form.aliases.data = "\n".join(dept.aliases or [])
        form.parent.data = dept.parent.code if dept.parent else ""
    if form.validate_on_submit():
        try:
            departments.update_department(
                current_user,
                dept,
                form.name_zh.data,
                form.name_en.data,
                form.alias_list(),
                form.level.data,
                form.parent.data or None,
            )
        except Invalid as exc:
            _field_errors(form, exc)
        else:
            flash(_("Department %(code)s saved.", code=dept.code), "success")
            return redirect(url_for("admin.department", code=dept.code))
    return render_template("admin/department_edit.html", department=dept, form=form), 422 if form.errors else 200


@bp.get("/accounts")
@role_required("admin")
def accounts_page():
    return render_template("admin/accounts.html", accounts=accounts.all_accounts())


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def account(user_id: int):
    """An account's role and department; staff and heads need one, administrators and applicants none."""
    user = accounts.get_account(user_id)
    form = AccountRoleForm(obj=None if request.method == "POST" else user)
    form.department.choices = [("", "—")] + [
        (d.code, f"{d.code} · {department_name(d)}") for d in departments.all_departments()
    ]
    if request.method == "GET":
        form.role.data = str(user.role)
        form.department.data = user.department.code if user.department else ""
    if form.validate_on_submit():
        dept = departments.get_by_code(form.department.data) if form.department.data else None
        try:
            accounts.change_role(current_user, user, form.role.data, dept)
        except Invalid as exc:
            _field_errors(form, exc)
        else:
            flash(_("Account %(username)s saved.", username=user.username), "success")
            return redirect(url_for("admin.accounts_page"))
    page = render_template("admin/account.html", user=user, form=form, active_form=AccountActiveForm(formdata=None))
    return page, 422 if form.errors else 200


@bp.post("/accounts/<int:user_id>/active")
@role_required("admin")
def account_active(user_id: int):
    """Deactivate (`active=0`) or reactivate (`active=1`) an account, with a reason."""
    user = accounts.get_account(user_id)
    active = request.form.get("active") == "1"
    active_form = AccountActiveForm()
    if active_form.validate_on_submit():
        try:
            accounts.set_active(current_user, user, active, active_form.reason.data)
        except Invalid as exc:
            _field_errors(active_form, exc)
        else:
            if active:
                flash(_("Account %(username)s reactivated.", username=user.username), "success")
            else:
                flash(_("Account %(username)s deactivated.", username=user.username), "success")
            return redirect(url_for("admin.account", user_id=user.id))
    form = AccountRoleForm(formdata=None, obj=user)
    form.role.data = str(user.role)
    form.department.choices = [("", "—")] + [
        (d.code, f"{d.code} · {department_name(d)}") for d in departments.all_departments()
    ]
    form.department.data = user.department.code if user.department else ""
    return render_template("admin/account.html", user=user, form=form, active_form=active_form), 422


def _field_errors(form, exc: Invalid) -> None:
    form.form_errors.append(_(exc.message, **exc.params))
    for name, messages in (exc.errors or {}).items():
        if name in form:
            form[name].errors = [*form[name].errors, *(_(m) for m in messages)]


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
