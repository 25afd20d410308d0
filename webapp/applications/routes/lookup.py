"""The public status lookup (办件查询): no login, an application number and its query code."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from forms.applications import LookupForm
from webapp.applications.services import lookup as lookup_service
from webapp.common.errors import NotFound, TooManyAttempts

bp = Blueprint("lookup", __name__)


@bp.route("/lookup", methods=["GET", "POST"])
def lookup():
    form = LookupForm()
    if not form.validate_on_submit():
        return render_template("lookup.html", form=form), 422 if form.errors else 200
    try:
        found = lookup_service.lookup_status(form.number.data, form.query_code.data, request.remote_addr)
    except (NotFound, TooManyAttempts) as refusal:
        page = render_template("lookup.html", form=form, refusal=_(refusal.message, **refusal.params))
        return page, refusal.status, refusal.headers
    return render_template("lookup.html", form=form, found=found)
