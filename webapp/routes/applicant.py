"""Applicants: see programs, apply, submit, follow their applications."""

from flask import Blueprint, flash, make_response, redirect, render_template, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.applications import WithdrawForm
from forms.dynamic import form_class_for
from webapp.documents import decision_letter
from webapp.routes import case_work as case_work_routes
from webapp.routes.access import role_required
from webapp.services import applications, case_work, departments, letters, timeline
from workflows.engine.fields import from_json

bp = Blueprint("applicant", __name__)


@bp.get("/programs/<code>")
def program(code: str):
    program = applications.program_or_404(code)
    step = applications.application_form_step(program)
    names = departments.by_codes([program.lead, *program.assisting])
    return render_template(
        "applicant/program.html", program=program, step=step, departments=names, locale=str(get_locale())
    )


@bp.route("/programs/<code>/apply", methods=["GET", "POST"])
@role_required("applicant")
def apply(code: str):
    program = applications.program_or_404(code)
    step = applications.application_form_step(program)
    form = form_class_for(step.form_key, step.fields, get_locale())()
    if form.validate_on_submit():
        application = applications.create_application(current_user, program.code, form.clean_data())
        flash(_("Draft saved as %(number)s. Check it, then submit.", number=application.number), "success")
        return redirect(url_for("applicant.application", application_id=application.id))
    return render_template("applicant/apply.html", program=program, step=step, form=form), 422 if form.errors else 200


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@role_required("applicant")
def edit(application_id: int):
    application = applications.get_application(current_user, application_id)
    program = applications.program_or_404(application.program_code)
    step = applications.application_form_step(program)
    form_cls = form_class_for(step.form_key, step.fields, get_locale())
    form = form_cls(data=from_json(step.fields, application.data))
    if form.validate_on_submit():
        applications.update_draft(current_user, application, form.clean_data())
        flash(_("Draft saved."), "success")
        return redirect(url_for("applicant.application", application_id=application.id))
    return render_template(
        "applicant/apply.html", program=program, step=step, form=form, application=application
    ), 422 if form.errors else 200


@bp.post("/applications/<int:application_id>/submit")
@role_required("applicant")
def submit(application_id: int):
    application = applications.get_application(current_user, application_id)
    query_code = applications.submit_application(current_user, application)
    session["new_query_code"] = [application.id, query_code]  # shown once, by the next page
    flash(_("Submitted. Application number %(number)s.", number=application.number), "success")
    return redirect(url_for("applicant.application", application_id=application.id))


@bp.post("/applications/<int:application_id>/withdraw")
@role_required("applicant")
def withdraw(application_id: int):
    application = applications.get_application(current_user, application_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _application_page(application, form), 422
    applications.withdraw_application(current_user, application, form.reason.data)
    flash(_("Application %(number)s was withdrawn.", number=application.number), "success")
    return redirect(url_for("applicant.application", application_id=application.id))


@bp.get("/applications/<int:application_id>/decision.pdf")
@login_required
def decision_pdf(application_id: int):
    application = applications.get_application(current_user, application_id)
    response = make_response(decision_letter.render(letters.decision_letter(application)))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="decision-{application.number}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/applications")
@login_required
def my_applications():
    return render_template("applicant/list.html", applications=applications.list_applications(current_user))


@bp.get("/applications/<int:application_id>")
@login_required
def application(application_id: int):
    application = applications.get_application(current_user, application_id)
    case_work.mark_copies_read(current_user, application)
    return _application_page(application, WithdrawForm())


def _application_page(application, withdraw_form: WithdrawForm) -> str:
    program = applications.program_or_404(application.program_code)
    view = timeline.case_view(application, current_user, str(get_locale()))
    shown = session.get("new_query_code")
    query_code = None
    if shown and shown[0] == application.id:
        query_code = session.pop("new_query_code")[1]
    return render_template(
        "applicant/application.html",
        application=application,
        program=program,
        view=view,
        withdraw_form=withdraw_form,
        query_code=query_code,
        work=None if current_user.is_applicant else case_work_routes.panel(application),
    )
