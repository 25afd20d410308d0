"""Hand-written forms for signing in and registering an applicant enterprise."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

from forms.credit_code import validate_credit_code
from workflows.catalogue.grant_spec import APPLICANT_TYPES, ENTERPRISE, applicant_type_label


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[InputRequired()])
    password = PasswordField(_l("Password"), validators=[InputRequired()])


class RegisterForm(FlaskForm):
    username = StringField(_l("User name"), validators=[InputRequired(), Length(3, 64), Regexp(r"^[A-Za-z0-9_.-]+$")])
    display_name = StringField(_l("Your name"), validators=[InputRequired(), Length(max=100)])
    applicant_type = SelectField(_l("Kind of applicant"), default=ENTERPRISE)
    enterprise_name = StringField(_l("Name of the applicant"), validators=[InputRequired(), Length(max=200)])
    credit_code = StringField(_l("Unified social credit code"), validators=[InputRequired(), validate_credit_code])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(min=8, max=128)])
    confirm = PasswordField(_l("Repeat password"), validators=[EqualTo("password", message=_l("Passwords differ."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rules pay schools, banks, guarantee agencies, bases, parks and platforms as well as SMEs.
        locale = str(get_locale())
        self.applicant_type.choices = [(code, applicant_type_label(code, locale)) for code in APPLICANT_TYPES]


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[InputRequired()])
    new_password = PasswordField(_l("New password"), validators=[InputRequired(), Length(min=8, max=128)])
    confirm = PasswordField(
        _l("Repeat the new password"), validators=[EqualTo("new_password", message=_l("Passwords differ."))]
    )
