"""Build a WTForms form from the FieldSpecs a user task declares in its BPMN.

The same form class validates the HTML page's POST and the JSON API's payload, so a field's
rules (required, min/max, choices, length, required-if) are enforced on the server either way.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation

from forms.task_forms import FORM_CHECKS
from workflows.engine.fields import FieldSpec


class TaskForm(FlaskForm):
    """Base for generated forms; `field_specs` keeps what the model declared."""

    field_specs: tuple[FieldSpec, ...] = ()

    def clean_data(self) -> dict:
        return {spec.name: self[spec.name].data for spec in self.field_specs}

    def conditions(self) -> dict[str, list[str]]:
        """Fields asked only for one answer of another (reasons when refusing): {field: [other, value]}."""
        return {spec.name: list(spec.required_if) for spec in self.field_specs if spec.required_if}


class RequiredIf:
    """Required when another field holds a value (reasons when refusing); otherwise optional."""

    field_flags = {"optional": True}

    def __init__(self, other: str, value: str):
        self.other, self.value = other, value

    def __call__(self, form, field):
        empty = field.data is None or (isinstance(field.data, str) and not field.data.strip())
        if not empty:
            return
        field.errors[:] = []
        if self.other in form and form[self.other].data == self.value:
            raise StopValidation(_l("This field is required for this decision."))
        raise StopValidation()


def _finite_amount(form, field):
    """Amounts are finite yuan with at most two decimals: no NaN, Infinity or 0.001."""
    value = field.data
    if value is None:
        return
    if not value.is_finite():
        raise StopValidation(_l("Enter a number."))
    if value.as_tuple().exponent < -2:
        raise StopValidation(_l("At most two decimal places."))


def _number(value: str | None, kind):
    return kind(value) if value not in (None, "") else None


def _validators(spec: FieldSpec) -> list:
    checks: list = []
    if spec.required:
        checks.append(InputRequired(message=_l("This field is required.")))
    elif spec.required_if:
        checks.append(RequiredIf(*spec.required_if))
    else:
        checks.append(Optional())
    if spec.type == "decimal":
        checks.append(_finite_amount)
    if spec.type in ("decimal", "long") and (spec.min is not None or spec.max is not None):
        kind = Decimal if spec.type == "decimal" else int
        checks.append(NumberRange(min=_number(spec.min, kind), max=_number(spec.max, kind)))
    if spec.max_length:
        checks.append(Length(max=spec.max_length))
    return checks


def _field(spec: FieldSpec, locale: str):
    checks = _validators(spec)
    label = spec.label_for(locale)
    if spec.type == "enum":
        choices = [("", "—"), *spec.choices_for(locale)]
        return SelectField(label, choices=choices, validators=checks, default=spec.default)
    if spec.type == "decimal":
        return DecimalField(label, validators=checks, places=2)
    if spec.type == "long":
        return IntegerField(label, validators=checks)
    if spec.type == "date":
        return DateField(label, validators=checks)
    if spec.type == "boolean":
        return BooleanField(label)
    if spec.type == "text":
        return TextAreaField(label, validators=checks)
    return StringField(label, validators=checks)


def form_class_for(form_key: str, specs: tuple[FieldSpec, ...], locale: str = "zh") -> type[TaskForm]:
    """A form with the declared fields, plus the hand-written checks registered for this formKey."""
    attrs = {spec.name: _field(spec, str(locale)) for spec in specs}
    attrs["field_specs"] = tuple(specs)
    bases = (FORM_CHECKS[form_key], TaskForm) if form_key in FORM_CHECKS else (TaskForm,)
    return type(f"Form_{form_key or 'task'}", bases, attrs)


def form_from_payload(form_cls: type[TaskForm], payload: dict) -> TaskForm:
    """Feed a JSON object through the same form (no CSRF: the API authenticates by token)."""
    formdata = MultiDict()
    for key, value in (payload or {}).items():
        if isinstance(value, bool):
            formdata.add(key, "y" if value else "")
        elif value is not None:
            formdata.add(key, str(value))
    return form_cls(formdata=formdata, meta={"csrf": False})


def checked_draft(step, data: dict, locale: str = "zh") -> TaskForm:
    """A draft's stored values through the step's own form: the strict check before submission.

    Drafts keep whatever was typed (autosave); this is where the form's rules finally apply.
    The caller reads `form.errors` (empty when the draft may be submitted).
    """
    form = form_from_payload(form_class_for(step.form_key, step.fields, locale), data)
    form.validate()
    return form
