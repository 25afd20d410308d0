"""好差评: the applicant rates a decided case; administrators and heads read the statistics."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.rating import RatingForm
from webapp.applications.services import applications, ratings
from webapp.common.access import role_required
from webapp.common.errors import Invalid

bp = Blueprint("ratings", __name__)


@bp.post("/applications/<int:application_id>/rating")
@role_required("applicant")
def rate(application_id: int):
    application = applications.get_application(current_user, application_id)
    form = RatingForm()
    if not form.validate_on_submit():
        raise Invalid("The form has errors.", form.errors)
    ratings.rate(current_user, application, form.score.data, form.comment.data)
    flash(_("Thank you for your rating."), "success")
    return redirect(url_for("applicant.application", application_id=application.id))


@bp.get("/ratings")
@login_required
def statistics():
    return render_template("ratings.html", rows=ratings.statistics(current_user), scores=ratings.SCORES)
