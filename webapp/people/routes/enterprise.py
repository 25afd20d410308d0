"""The applicant enterprise's own pages: its profile and, for the owner, its user accounts."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from forms.enterprise import MemberForm, ProfileForm
from webapp.common.access import role_required
from webapp.common.errors import Invalid
from webapp.people.services import enterprises
from workflows import regions, sme_size

bp = Blueprint("enterprise", __name__)


@bp.route("/enterprise", methods=["GET", "POST"])
@role_required("applicant")
def profile():
    enterprise = enterprises.enterprise_of(current_user)
    form = ProfileForm(obj=enterprise, locale=str(get_locale()))
    if form.validate_on_submit():
        try:
            enterprises.update_profile(current_user, form.clean_data())
        except Invalid as exc:
            for name, messages in (exc.errors or {}).items():
                form[name].errors.extend(_(m) for m in messages)
        else:
            flash(_("Profile saved."), "success")
            return redirect(url_for("enterprise.profile"))
    return _page(enterprise, form, MemberForm(prefix="member")), 422 if form.errors else 200


@bp.post("/enterprise/members")
@role_required("applicant")
def add_member():
    enterprise = enterprises.enterprise_of(current_user)
    enterprises.ensure_owner(current_user)
    form = MemberForm(prefix="member")
    if form.validate_on_submit():
        try:
            member = enterprises.add_member(
                current_user, form.username.data, form.display_name.data, form.password.data
            )
        except Invalid as exc:
            for name, messages in (exc.errors or {}).items():
                form[name].errors.extend(_(m) for m in messages)
        else:
            flash(_("Account %(username)s added.", username=member.username), "success")
            return redirect(url_for("enterprise.profile"))
    return _page(enterprise, ProfileForm(obj=enterprise, locale=str(get_locale())), form), 422


@bp.post("/enterprise/members/<int:member_id>/remove")
@role_required("applicant")
def remove_member(member_id: int):
    enterprises.remove_member(current_user, member_id)
    flash(_("The account was removed from the enterprise."), "success")
    return redirect(url_for("enterprise.profile"))


def _page(enterprise, form, member_form):
    return render_template(
        "applicant/enterprise.html",
        enterprise=enterprise,
        form=form,
        member_form=member_form,
        members=enterprises.members_of(current_user),
        regions=regions.PREFECTURES,
        size_label=sme_size.label(enterprise.size_class, str(get_locale())),
        standard=sme_size.STANDARD,
    )
