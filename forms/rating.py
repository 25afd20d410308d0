"""好差评: a score from 非常满意 (5) to 非常不满意 (1) and an optional comment."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from webapp.applications.services.ratings import COMMENT_MAX, SCORES


class RatingForm(FlaskForm):
    score = RadioField(
        _l("Your rating"),
        choices=list(SCORES.items()),
        coerce=int,
        validators=[InputRequired(message=_l("Pick a rating from 1 to 5."))],
    )
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=COMMENT_MAX)])
