"""Hand-written forms of the applicant portal: withdrawing an application, the public status lookup.

The HTML pages and the JSON API use the same classes (the API through `form_from_payload`).
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from webapp.applications.services.withdrawal import WITHDRAWAL_REASON_MAX


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for withdrawing"),
        validators=[DataRequired(), Length(max=WITHDRAWAL_REASON_MAX)],
        filters=[_strip],  # a reason of blanks is no reason
        render_kw={"maxlength": WITHDRAWAL_REASON_MAX},
    )


def _squeeze(value):
    """「xjzx 2026…」 or 「acde-3479」 as typed: upper case, without spaces or hyphens."""
    return "".join(value.split()).replace("-", "").upper() if isinstance(value, str) else value


class LookupForm(FlaskForm):
    number = StringField(_l("Application number"), validators=[InputRequired(), Length(max=32)], filters=[_squeeze])
    query_code = StringField(_l("Query code"), validators=[InputRequired(), Length(max=16)], filters=[_squeeze])
