"""Applicants: see programs, apply, submit, follow their applications."""

from datetime import UTC

from flask import Blueprint, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from forms.applications import WithdrawForm
from forms.dynamic import checked_draft, form_class_for
from forms.rating import RatingForm
from webapp.applications.services import application_drafts, applications, attachments, case_clock, ratings, timeline
from webapp.applications.services.withdrawal import withdraw_application
from webapp.common.access import role_required
from webapp.common.errors import Invalid, ServiceError
from webapp.department_work.routes import case_work as case_work_routes
from webapp.department_work.services import case_work
from webapp.documents.routes.verify import pdf_response
from webapp.documents.services import issuing, verification
from webapp.people.services import departments
from webapp.processes.services import instances
from workflows import sme_size
from workflows.programs import required_documents

bp = Blueprint("applicant", __name__)


@bp.get("/programs/<code>")
def program(code: str):
    program = applications.program_or_404(code)
    version = instances.version_of(applications.current_definition(program))
    names = departments.by_codes([program.lead, *program.assisting])
    return render_template(
        "applicant/program.html",
        program=program,
        step=applications.application_step(version),
        departments=names,
        locale=str(get_locale()),
        documents=required_documents(program.code),
        time_limit=version.case_time_limit_days,
    )


@bp.route("/programs/<code>/check", methods=["GET", "POST"])
@role_required("applicant")
def precheck(code: str):
    """Which conditions of the program's table the enterprise meets, before it writes anything."""
    program = applications.program_or_404(code)
    form = form_class_for("precheck", application_drafts.precheck_inputs(program), get_locale())()
    checked = form.validate_on_submit() or not form.field_specs  # nothing to ask: the answer is ready
    result = application_drafts.precheck(current_user, program, form.clean_data() if checked else {})
    page = render_template(
        "applicant/precheck.html",
        program=program,
        form=form,
        result=result,
        checked=checked,
        sme_basis=application_drafts.SME_BASIS,
        size_label=sme_size.label(result.size_class, str(get_locale())),
    )
    return page, 422 if form.errors else 200


@bp.post("/programs/<code>/start")
@role_required("applicant")
def start(code: str):
    """Start a draft carrying the values entered in the pre-check."""
    application = application_drafts.start_draft(current_user, code, request.form.to_dict())
    flash(_("Draft %(number)s started; it saves itself as you type.", number=application.number), "success")
    return redirect(url_for("applicant.edit", application_id=application.id))


@bp.post("/applications/<int:application_id>/draft")
@role_required("applicant")
def autosave(application_id: int):
    """The page's script posts the form here a moment after each change and on leaving."""
    application = applications.get_application(current_user, application_id)
    application_drafts.save_draft(current_user, application, request.form.to_dict())
    saved = format_datetime(application.draft_saved_at.replace(tzinfo=UTC), "HH:mm")
    return jsonify(saved_at=saved, message=_("Saved at %(time)s", time=saved))


@bp.post("/applications/<int:application_id>/delete")
@role_required("applicant")
def delete_draft(application_id: int):
    application = applications.get_application(current_user, application_id)
    number = application.number
    application_drafts.delete_draft(current_user, application)
    flash(_("Draft %(number)s deleted.", number=number), "success")
    return redirect(url_for("main.index"))


@bp.route("/programs/<code>/apply", methods=["GET", "POST"])
@role_required("applicant")
def apply(code: str):
    program = applications.program_or_404(code)
    step = applications.application_form_step(program)
    form = form_class_for(step.form_key, step.fields, get_locale())()
    if form.validate_on_submit():
        call_id = request.args.get("call")  # applying from a call's page
        application = applications.create_application(current_user, program.code, form.clean_data(), call_id)
        flash(_("Draft saved as %(number)s. Check it, then submit.", number=application.number), "success")
        return redirect(url_for("applicant.application", application_id=application.id))
    return render_template("applicant/apply.html", program=program, step=step, form=form), 422 if form.errors else 200


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@role_required("applicant")
def edit(application_id: int):
    application = applications.get_application(current_user, application_id)
    program = applications.program_or_404(application.program_code)
    step = applications.application_form_step(program)
    if request.method == "GET" and request.args.get("check"):
        # Sent back from a refused submission: the stored draft with every problem marked.
        form = checked_draft(step, application.data, get_locale())
        if not form.errors:
            _mark_ceiling(form, application)
        return _draft_page(program, step, form, application, checked=True), 200
    form_cls = form_class_for(step.form_key, step.fields, get_locale())
    # A draft keeps what was typed, valid or not: show it back as typed.
    form = form_cls() if request.method == "POST" else form_cls(formdata=_as_formdata(application.data))
    if form.validate_on_submit():
        applications.update_draft(current_user, application, form.clean_data())
        flash(_("Draft saved."), "success")
        return redirect(url_for("applicant.application", application_id=application.id))
    return _draft_page(program, step, form, application), 422 if form.errors else 200


@bp.post("/applications/<int:application_id>/review")
@role_required("applicant")
def review(application_id: int):
    """The draft form's "check and continue": keep what the form carries, then the strict check."""
    application = applications.get_application(current_user, application_id)
    if request.form.get("draft_form"):  # from the draft page: its fields as they are now
        application_drafts.save_draft(current_user, application, request.form.to_dict())
    if _refusal(application):
        return redirect(url_for("applicant.edit", application_id=application.id, check=1, _anchor="draft-form"))
    return redirect(url_for("applicant.confirm", application_id=application.id))


@bp.get("/applications/<int:application_id>/confirm")
@role_required("applicant")
def confirm(application_id: int):
    """The last look before submitting: what will be sent, and the applicant's declaration."""
    application = applications.get_application(current_user, application_id)
    if not application.is_draft:
        return redirect(url_for("applicant.application", application_id=application.id))
    view = timeline.case_view(application, current_user, str(get_locale()))
    return render_template(
        "applicant/confirm.html",
        application=application,
        program=applications.program_or_404(application.program_code),
        view=view,
        documents=attachments.case_documents(current_user, application),
        may_upload=False,
        declaration_missing=bool(request.args.get("declaration")),
    )


@bp.post("/applications/<int:application_id>/submit")
@role_required("applicant")
def submit(application_id: int):
    """Refusals go back to the draft page (a GET with its own CSRF token), never a page at this address."""
    application = applications.get_application(current_user, application_id)
    if application.is_draft:
        if _refusal(application):
            return redirect(url_for("applicant.edit", application_id=application.id, check=1, _anchor="draft-form"))
        if request.form.get("declaration") != "y":
            flash(_("Confirm the declaration before submitting."), "error")
            return redirect(url_for("applicant.confirm", application_id=application.id, declaration="missing"))
    try:
        query_code = applications.submit_application(current_user, application)
    except Invalid as exc:  # e.g. the program's cap, checked by the process itself
        flash(_(exc.message, **exc.params), "error")
        return redirect(url_for("applicant.edit", application_id=application.id, check=1, _anchor="draft-form"))
    session["new_query_code"] = [application.id, query_code]  # shown once, by the next page
    flash(_("Submitted. Application number %(number)s.", number=application.number), "success")
    return redirect(url_for("applicant.application", application_id=application.id))


def _refusal(application) -> bool:
    """Flash why the draft cannot be submitted yet; the draft page marks each field and document."""
    step = applications.application_form_step(applications.program_or_404(application.program_code))
    form = checked_draft(step, application.data, get_locale())
    missing = attachments.missing_documents(application)
    if form.errors:
        flash(_("The application is not complete yet: correct the fields marked below, then submit."), "error")
    if missing:
        locale = str(get_locale())
        names = (", " if locale == "en" else "、").join(d.name(locale) for d in missing)
        flash(_("Upload every required document before submitting; missing: %(names)s.", names=names), "error")
    if form.errors or missing:
        return True
    try:
        applications.ensure_within_ceiling(current_user, application)
    except ServiceError as exc:
        flash(_(exc.message, **exc.params), "error")
        return True
    return False


def _mark_ceiling(form, application) -> None:
    """The ceiling's refusal beside the amount, as the form's own errors are shown."""
    try:
        applications.ensure_within_ceiling(current_user, application)
    except Invalid as exc:
        for name, messages in (exc.errors or {}).items():
            if name in form:
                form[name].errors = list(messages)
    except ServiceError:
        pass  # outside a call's dates: told by the flash of the refused step


@bp.post("/applications/<int:application_id>/withdraw")
@role_required("applicant")
def withdraw(application_id: int):
    application = applications.get_application(current_user, application_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _application_page(application, form), 422
    withdraw_application(current_user, application, form.reason.data)
    flash(_("Application %(number)s was withdrawn.", number=application.number), "success")
    return redirect(url_for("applicant.application", application_id=application.id))


@bp.get("/applications/<int:application_id>/decision.pdf")
@login_required
def decision_pdf(application_id: int):
    application = applications.get_application(current_user, application_id)
    return pdf_response(verification.open_document(current_user, issuing.decision_document(application).id))


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


def _draft_page(program, step, form, application, checked: bool = False) -> str:
    return render_template(
        "applicant/apply.html",
        program=program,
        step=step,
        form=form,
        application=application,
        documents=attachments.case_documents(current_user, application),
        may_upload=application.is_draft,
        checked=checked,
    )


def _as_formdata(data: dict) -> MultiDict:
    formdata = MultiDict()
    for key, value in (data or {}).items():
        if value is True:
            formdata.add(key, "y")
        elif value not in (None, False):
            formdata.add(key, str(value))
    return formdata


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
        documents=attachments.case_documents(current_user, application),
        may_upload=application.is_draft and current_user.is_applicant,
        rating=ratings.rating_of(application),
        may_rate=ratings.can_rate(current_user, application),
        rating_form=RatingForm(),
        rating_scores=ratings.SCORES,
        work=None if current_user.is_applicant else case_work_routes.panel(application),
        case_clock=case_clock.case_clock_of(application),
        issued=issuing.documents_of(application),
    )
