"""The fields a user task asks for, read from `camunda:formData` into plain data.

The web forms (WTForms), the JSON API and the server-side checks all work from these
FieldSpecs, so a field declared once in the model is validated the same way everywhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

SUPPORTED_TYPES = {"string", "text", "long", "decimal", "boolean", "date", "enum"}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: str = "string"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    min: str | None = None
    max: str | None = None
    max_length: int | None = None
    default: str | None = None
    # "decision:return" — required only when another field has that value.
    required_if: tuple[str, str] | None = None
    # The model is written in Chinese; English labels ride along as field properties.
    label_en: str | None = None
    choices_en: tuple[tuple[str, str], ...] = ()
    # Notices the applicant must read (correction items, reasons, amounts); other opinions are internal.
    shown_to_applicant: bool = False

    def label_for(self, locale: str) -> str:
        return self.label_en if self.label_en and str(locale).startswith("en") else self.label

    def choices_for(self, locale: str) -> tuple[tuple[str, str], ...]:
        if self.choices_en and str(locale).startswith("en"):
            english = dict(self.choices_en)
            return tuple((value, english.get(value, label)) for value, label in self.choices)
        return self.choices

    def as_dict(self) -> dict:
        data = asdict(self)
        data["choices"] = [{"value": v, "label": label} for v, label in self.choices]
        data["required_if"] = dict([self.required_if]) if self.required_if else None
        data["choices_en"] = [{"value": v, "label": label} for v, label in self.choices_en]
        return data


def fields_of(task_spec) -> list[FieldSpec]:
    form = getattr(task_spec, "form", None)
    if form is None:
        return []
    return [_field_spec(f) for f in form.fields]


def _field_spec(field) -> FieldSpec:
    rules = {v.name: v.config for v in field.validation}
    max_length = rules.get("maxlength")
    return FieldSpec(
        name=field.id,
        label=field.label or field.id,
        type=field.type if field.type in SUPPORTED_TYPES else "string",
        required="required" in rules,
        choices=tuple((o.id, o.name) for o in getattr(field, "options", [])),
        min=rules.get("min"),
        max=rules.get("max"),
        max_length=int(max_length) if max_length and max_length.isdigit() else None,
        default=field.default_value,
        required_if=_condition(field.get_property("required_if")),
        label_en=field.get_property("label_en"),
        choices_en=_pairs(field.get_property("choices_en")),
        shown_to_applicant=field.get_property("shown_to_applicant") == "true",
    )


def _pairs(text: str | None) -> tuple[tuple[str, str], ...]:
    """ "approve=Accept|return=Return for correction" -> (("approve", "Accept"), ...)."""
    if not text:
        return ()
    return tuple(tuple(part.split("=", 1)) for part in text.split("|") if "=" in part)


def _condition(text: str | None) -> tuple[str, str] | None:
    if not text or ":" not in text:
        return None
    name, value = text.split(":", 1)
    return name.strip(), value.strip()


def to_json(fields: tuple[FieldSpec, ...] | list[FieldSpec], data: dict) -> dict:
    """Form values as JSON-safe values (Decimal and date become strings), for rows and the API."""
    kinds = {f.name: f.type for f in fields}
    out = {}
    for key, value in data.items():
        if value is None or isinstance(value, (bool, int, str)):
            out[key] = value
        elif kinds.get(key) == "date" or hasattr(value, "isoformat"):
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


def from_json(fields: tuple[FieldSpec, ...] | list[FieldSpec], data: dict) -> dict:
    """The inverse of to_json: the typed values the process's conditions and DMN expect."""
    from datetime import date
    from decimal import Decimal

    kinds = {f.name: f.type for f in fields}
    out = dict(data)
    for key, value in data.items():
        if value in (None, ""):
            continue
        if kinds.get(key) == "decimal":
            out[key] = Decimal(str(value))
        elif kinds.get(key) == "long":
            out[key] = int(value)
        elif kinds.get(key) == "date" and isinstance(value, str):
            out[key] = date.fromisoformat(value)
    return out
