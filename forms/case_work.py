"""Forms of the work around a case: e-mail address, extensions, send-back, information copies, comments."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from webapp.security import db_int

# One @, no spaces, a dot in the domain: enough to catch typing mistakes (no extra dependency).
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
REASON = [InputRequired(), Length(max=2000)]


class EmailForm(FlaskForm):
    email = EmailField(
        _l("E-mail address for notifications"),
        validators=[Optional(), Length(max=254), Regexp(EMAIL, message=_l("Not an e-mail address."))],
    )


class ExtensionRequestForm(FlaskForm):
    days = IntegerField(_l("Extra working days"), validators=[InputRequired(), NumberRange(1, 60)])
    reason = TextAreaField(_l("Reason for the extension"), validators=REASON)


class ExtensionDecisionForm(FlaskForm):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


# The send-back target and the copy's department are offered by the page and checked by the
# service (which earlier steps ran; which departments exist), so the form takes any value.
class SendBackForm(FlaskForm):
    target = SelectField(_l("Send back to"), validators=[InputRequired()], choices=[], validate_choice=False)
    reason = TextAreaField(_l("Reason for sending back"), validators=REASON)


class InfoCopyForm(FlaskForm):
    department = SelectField(
        _l("Department"), coerce=db_int, validators=[InputRequired()], choices=[], validate_choice=False
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=REASON)
