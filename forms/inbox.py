"""The inbox's filter form (read from the query string) and the form that reassigns a task."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from webapp.department_work.services.inbox import DUE_OPTIONS, PER_PAGE, RECEIVED_OPTIONS, SORTS, InboxFilters
from workflows.programs import all_programs

MAX_PAGE = 1_000_000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _known_program(form, field) -> None:
    if field.data and field.data not in all_programs():
        raise ValidationError(_l("There is no such program."))


class InboxFilterForm(FlaskForm):
    """Every query argument of /tasks; a value it refuses is left out and said so, never a 500."""

    class Meta:
        csrf = False  # a GET that changes nothing

    program = StringField(_l("Program"), filters=[_strip], validators=[Optional(), _known_program])
    step = StringField(
        _l("Step"), filters=[_strip], validators=[Optional(), Length(max=100), Regexp(r"^[A-Za-z_][\w.-]*$")]
    )
    status = StringField(
        _l("Application status"), filters=[_strip], validators=[Optional(), Length(max=32), Regexp(r"^[a-z_]+$")]
    )
    holder = StringField(
        _l("Claimed by"), filters=[_strip], validators=[Optional(), Regexp(r"^(unclaimed|me|[1-9][0-9]{0,9})$")]
    )
    due = SelectField(_l("Due"), choices=["", *DUE_OPTIONS], default="")
    received = SelectField(_l("Received"), choices=["", *RECEIVED_OPTIONS], default="")
    enterprise = StringField(_l("Enterprise name contains"), filters=[_strip], validators=[Length(max=100)])
    number = StringField(_l("Application No. contains"), filters=[_strip], validators=[Length(max=32)])
    sort = SelectField(_l("Sort by"), choices=list(SORTS), default="received")
    order = SelectField(_l("Order"), choices=["asc", "desc"], default="asc")
    per_page = SelectField(_l("Per page"), choices=list(PER_PAGE), coerce=int, default=PER_PAGE[0])
    page = IntegerField(_l("Page"), default=1, validators=[Optional(), NumberRange(1, MAX_PAGE)])

    def filters(self) -> tuple[InboxFilters, dict[str, list[str]]]:
        """The valid values as InboxFilters (defaults where a value was refused), and the refusals."""
        self.validate()
        values, problems = {}, {}
        for name in InboxFilters.__dataclass_fields__:
            field = self[name]
            if field.errors:
                problems[name] = [str(e) for e in field.errors]
            elif field.data not in (None, ""):
                values[name] = field.data
        return InboxFilters(**values), problems


class ReassignForm(FlaskForm):
    colleague = IntegerField(_l("Give to"), validators=[InputRequired()])
    reason = TextAreaField(
        _l("Reason"), filters=[_strip], validators=[DataRequired(), Length(max=500)], render_kw={"rows": 2}
    )
