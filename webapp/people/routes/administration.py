"""Administrators keep the departments (names, aliases, level, parent) and everyone's accounts."""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.admin import AccountActiveForm, AccountRoleForm, DepartmentForm, StaffAccountForm
from webapp.common.access import role_required
from webapp.common.errors import Invalid
from webapp.labels import department_name
from webapp.people.services import accounts, departments

bp = Blueprint("administration", __name__, url_prefix="/admin")


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
            return redirect(url_for("administration.department", code=dept.code))
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
            return redirect(url_for("administration.department", code=dept.code))
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
            return redirect(url_for("administration.accounts_page"))
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
            return redirect(url_for("administration.account", user_id=user.id))
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
