"""The administrator's forms on process instances: the list's filters, and the reason every action needs."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.processes.services.instance_overview import INSTANCE_STATUSES, InstanceFilters
from webapp.processes.services.operations import REASON_MAX


class _IsoDateField(DateField):
    """A date as the browser's date input sends it; anything else is refused in the reader's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Enter a date as YYYY-MM-DD, e.g. 2026-03-18.")) from exc


class _PageField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("The page must be a whole number.")) from exc


class InstanceFilterForm(FlaskForm):
    """Read from the query string (GET): no CSRF token, and every value checked before it is used."""

    class Meta:
        csrf = False

    program = SelectField(_l("Process"), validators=[Optional()], validate_choice=False)
    status = SelectField(_l("Status"), validators=[Optional()], validate_choice=False)
    department = SelectField(_l("Held by"), validators=[Optional()], validate_choice=False)
    started_from = _IsoDateField(_l("Started from"), validators=[Optional()])
    started_to = _IsoDateField(_l("Started until"), validators=[Optional()])
    errored = BooleanField(_l("Errored only"))
    page = _PageField(_l("Page"), validators=[Optional(), NumberRange(min=1, message=_l("Pages start at 1."))])

    def __init__(self, formdata, keys: list[str], departments: list[tuple[str, str]]):
        super().__init__(formdata=formdata)
        self.program.choices = [("", _l("All processes")), *((k, k) for k in keys)]
        self.status.choices = [("", _l("All statuses")), *((s, s) for s in INSTANCE_STATUSES)]
        self.department.choices = [("", _l("Any department")), *departments]

    def validate_program(self, field):
        if field.data and field.data not in dict(field.choices):
            raise ValidationError(_l("There is no process with the key “%(key)s”.", key=field.data))

    def validate_status(self, field):
        if field.data and field.data not in INSTANCE_STATUSES:
            raise ValidationError(_l("“%(status)s” is not an instance status.", status=field.data))

    def validate_department(self, field):
        if field.data and field.data not in dict(field.choices):
            raise ValidationError(_l("There is no department with the code “%(code)s”.", code=field.data))

    def validate_started_to(self, field):
        if field.data and self.started_from.data and field.data < self.started_from.data:
            raise ValidationError(_l("The end date is before the start date."))

    def filters(self) -> InstanceFilters:
        return InstanceFilters(
            program=self.program.data or None,
            status=self.status.data or None,
            department=self.department.data or None,
            started_from=self.started_from.data,
            started_to=self.started_to.data,
            errored_only=bool(self.errored.data),
        )


class InstanceActionForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(), Length(max=REASON_MAX)], render_kw={"rows": 2})
