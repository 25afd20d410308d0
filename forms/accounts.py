"""Hand-written forms for signing in and registering an applicant enterprise."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

from forms.credit_code import validate_credit_code


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[InputRequired()])
    password = PasswordField(_l("Password"), validators=[InputRequired()])


class RegisterForm(FlaskForm):
    username = StringField(_l("User name"), validators=[InputRequired(), Length(3, 64), Regexp(r"^[A-Za-z0-9_.-]+$")])
    display_name = StringField(_l("Your name"), validators=[InputRequired(), Length(max=100)])
    enterprise_name = StringField(_l("Enterprise name"), validators=[InputRequired(), Length(max=200)])
    credit_code = StringField(_l("Unified social credit code"), validators=[InputRequired(), validate_credit_code])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(min=8, max=128)])
    confirm = PasswordField(_l("Repeat password"), validators=[EqualTo("password", message=_l("Passwords differ."))])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[InputRequired()])
    new_password = PasswordField(_l("New password"), validators=[InputRequired(), Length(min=8, max=128)])
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[EqualTo("new_password", message=_l("Passwords differ."))]
    )
