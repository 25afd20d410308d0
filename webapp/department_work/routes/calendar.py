"""Administrators keep the working-day calendar: holidays and make-up days for years not yet built in."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.calendar import CalendarDaysForm
from webapp.common.access import role_required
from webapp.common.errors import Invalid
from webapp.department_work.services import calendar

bp = Blueprint("calendar", __name__, url_prefix="/admin")


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
            return redirect(url_for("calendar.calendar_days"))
    status = 422 if form.errors else 200
    return render_template("admin/calendar.html", form=form, days=calendar.list_days()), status


@bp.post("/calendar/<day>/remove")
@role_required("admin")
def remove_calendar_day(day: str):
    try:
        calendar.remove_day(current_user, date.fromisoformat(day))
    except ValueError as exc:
        raise Invalid("Not a date: %(day)s", day=day) from exc
    return redirect(url_for("calendar.calendar_days"))
