"""The administrator's form for entering a year's holidays and make-up working days."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length


class CalendarDaysForm(FlaskForm):
    days = TextAreaField(
        _l("Days, one per line: date, holiday or workday, name"),
        validators=[InputRequired(), Length(max=20000)],
        render_kw={"rows": 10, "placeholder": "2027-01-01 holiday 元旦\n2027-02-06 workday 春节调休"},
    )
