from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from forms.accounts import LoginForm, RegisterForm
from webapp.common.errors import ServiceError, TooManyAttempts
from webapp.extensions import login_manager
from webapp.people.services import accounts, sign_in

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str):
    return accounts.load_session_user(session_id)


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = sign_in.authenticate(form.username.data, form.password.data, request.remote_addr)
        except TooManyAttempts as refusal:
            form.password.errors.append(_(refusal.message, **refusal.params))
            return render_template("auth/login.html", form=form), refusal.status, refusal.headers
        if user is None:
            form.password.errors.append(_("Wrong user name or password."))
        elif not user.active:
            form.username.errors.append(_("This account has been deactivated; ask an administrator."))
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        accounts.end_sessions(current_user)
    logout_user()
    return redirect(url_for("main.index"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register_applicant(
                form.username.data,
                form.password.data,
                form.display_name.data,
                form.enterprise_name.data,
                form.credit_code.data,
                form.applicant_type.data,
            )
        except ServiceError as exc:
            for name, messages in (exc.errors or {}).items():
                form[name].errors.extend(_(m) for m in messages)
        else:
            login_user(user)
            flash(_("Welcome! Your enterprise is registered. Complete its profile before applying."), "success")
            return redirect(url_for("enterprise.profile"))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200
