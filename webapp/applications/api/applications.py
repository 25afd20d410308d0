from flask import g, request

from forms.applications import WithdrawForm
from forms.dynamic import checked_draft, form_class_for, form_from_payload
from forms.rating import RatingForm
from webapp.api import api_bp
from webapp.api.auth import form_data, json_body, token_required
from webapp.api.schemas import REFUSALS, body, refusals
from webapp.api.serializers import application_json, iso, rating_json
from webapp.applications.api import schemas as s
from webapp.applications.services import application_drafts, applications, attachments, ratings, withdrawal
from webapp.common.errors import Invalid


@api_bp.post("/applications")
@api_bp.response(201, s.CreatedSchema)
@body(s.NewApplicationBody)
@refusals(*REFUSALS, 422)
@token_required
def create_application():
    """Create a draft application (applicants)"""
    body = json_body()
    program = applications.program_or_404(str(body.get("program", "")))
    applications.ensure_may_apply(g.api_user, program)  # permission before validation
    step = applications.application_form_step(program)
    form = form_from_payload(form_class_for(step.form_key, step.fields), form_data(body))
    if not form.validate():
        raise Invalid("The application form has errors.", form.errors)
    application = applications.create_application(g.api_user, program.code, form.clean_data(), body.get("call"))
    return {"id": application.id, "number": application.number, "status": application.status}


@api_bp.post("/applications/<int:application_id>/submit")
@api_bp.response(200, s.SubmittedApplicationSchema)
@refusals(*REFUSALS, 422, s409="Already submitted")
@token_required
def submit_application(application_id: int):
    """Submit a draft into its approval chain; the answer alone carries the query code"""
    application = applications.get_application(g.api_user, application_id)
    if application.is_draft:  # an autosaved draft keeps what was typed: the form's rules apply now
        step = applications.application_form_step(applications.program_or_404(application.program_code))
        form = checked_draft(step, application.data)
        if form.errors:
            raise Invalid("The application form has errors; open the draft and correct it.", form.errors)
    query_code = applications.submit_application(g.api_user, application)
    # The only time the query code is given out: only its hash is kept.
    return {**application_json(application, g.api_user), "query_code": query_code}


@api_bp.post("/applications/<int:application_id>/withdraw")
@api_bp.response(200, s.ApplicationSchema)
@body(s.WithdrawBody)
@refusals(*REFUSALS, 422, s409="Decided, closed or already withdrawn")
@token_required
def withdraw_application(application_id: int):
    """Withdraw an application before a decision (the applicant enterprise only)"""
    application = applications.get_application(g.api_user, application_id)
    applications.ensure_owner(g.api_user, application)
    body = json_body()
    form = form_from_payload(WithdrawForm, {"reason": body.get("reason")})
    if not form.validate():
        raise Invalid("The form has errors.", form.errors)
    withdrawal.withdraw_application(g.api_user, application, form.reason.data)
    return application_json(application, g.api_user)


@api_bp.get("/applications/<int:application_id>")
@api_bp.response(200, s.ApplicationSchema)
@refusals(*REFUSALS)
@token_required
def get_application(application_id: int):
    """Status, current tasks and history"""
    return application_json(applications.get_application(g.api_user, application_id), g.api_user)


@api_bp.get("/applications")
@api_bp.response(200, s.ApplicationListSchema)
@refusals(*REFUSALS)
@token_required
def list_applications():
    """Applications the caller may see"""
    return {"applications": [application_json(a, g.api_user) for a in applications.list_applications(g.api_user)]}


@api_bp.post("/applications/<int:application_id>/attachments")
@api_bp.response(201, s.AttachmentSchema)
@body(s.AttachmentUpload, "multipart/form-data")
@refusals(*REFUSALS, 422, s409="Not a draft or correction")
@token_required
def add_attachment(application_id: int):
    """multipart/form-data: `file` and `document_type` (one of the program's required documents)."""
    application = applications.get_application(g.api_user, application_id)
    row = attachments.add_attachment(
        g.api_user, application, request.files.get("file"), request.form.get("document_type") or None
    )
    return {
        "id": row.id,
        "document_type": row.document_type,
        "filename": row.filename,
        "content_type": row.content_type,
        "size": row.size,
        "sha256": row.sha256,
    }


@api_bp.put("/applications/<int:application_id>/draft")
@api_bp.response(200, s.DraftSchema)
@body(s.FormDataBody)
@refusals(*REFUSALS, 422, s409="Not a draft (already submitted)")
@token_required
def save_draft(application_id: int):
    """Autosave, as the page does: whatever was typed is kept; the form's rules apply at submission."""
    application = applications.get_application(g.api_user, application_id)
    application_drafts.save_draft(g.api_user, application, form_data(json_body()))
    return {"id": application.id, "data": application.data, "draft_saved_at": iso(application.draft_saved_at)}


@api_bp.post("/applications/<int:application_id>/rating")
@api_bp.response(201, s.RatingAnswerSchema)
@body(s.RatingBody)
@refusals(*REFUSALS, 422, s409="Not decided yet, or already rated")
@token_required
def rate_application(application_id: int):
    """Rate a decided case once, 1 (very dissatisfied) to 5 (very satisfied)"""
    application = applications.get_application(g.api_user, application_id)
    ratings.ensure_may_rate(g.api_user, application)
    body = json_body()
    form = form_from_payload(RatingForm, {"score": body.get("score"), "comment": body.get("comment")})
    if not form.validate():
        raise Invalid("The form has errors.", form.errors)
    rating = ratings.rate(g.api_user, application, form.score.data, form.comment.data)
    return {"rating": rating_json(rating), "can_rate": False}


@api_bp.get("/applications/<int:application_id>/rating")
@api_bp.response(200, s.RatingAnswerSchema)
@refusals(*REFUSALS)
@token_required
def get_rating(application_id: int):
    """The case's rating, or null; `can_rate` says whether the caller may give it now."""
    application = applications.get_application(g.api_user, application_id)
    rating = ratings.rating_of(application)
    return {"rating": rating_json(rating) if rating else None, "can_rate": ratings.can_rate(g.api_user, application)}
