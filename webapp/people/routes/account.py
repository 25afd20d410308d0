"""Every signed-in user: their notifications and their account settings (the e-mail address)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.case_work import EmailForm
from webapp.department_work.services import case_work
from webapp.people.services import accounts, notifications

bp = Blueprint("account", __name__)


@bp.app_context_processor
def unread_notifications():
    def count() -> int:
        return notifications.unread_count(current_user) if current_user.is_authenticated else 0

    def copies() -> int:
        return case_work.unread_copies(current_user) if current_user.is_authenticated else 0

    return {"unread_notifications": count, "unread_info_copies": copies}


@bp.get("/notifications")
@login_required
def notification_list():
    return render_template("account/notifications.html", notes=notifications.list_for(current_user))


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    note = notifications.mark_read(current_user, notification_id)
    if request.form.get("open") and note.link and note.link.startswith("/"):
        return redirect(note.link)
    return redirect(url_for("account.notification_list"))


@bp.post("/notifications/read-all")
@login_required
def read_all():
    notifications.mark_all_read(current_user)
    return redirect(url_for("account.notification_list"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    form = EmailForm(data={"email": current_user.email})
    if form.is_submitted():
        if form.validate():
            accounts.set_email(current_user, form.email.data)
            flash(_("Saved."), "success")
            return redirect(url_for("account.settings"))
        return render_template("account/settings.html", form=form), 422
    return render_template("account/settings.html", form=form)
