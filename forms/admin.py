"""The administrator's upload form for a new process version."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, MultipleFileField
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Regexp

from webapp.labels import LEVEL_LABELS


class UploadDefinitionForm(FlaskForm):
    bpmn = FileField(_l("BPMN file"), validators=[FileRequired(), FileAllowed(["bpmn", "xml"], _l("A .bpmn file."))])
    dmn = MultipleFileField(_l("DMN files it calls (optional)"))
    publish = BooleanField(_l("Publish: new applications use this version"), default=True)


class StaffAccountForm(FlaskForm):
    username = StringField(_l("User name"), validators=[InputRequired(), Length(3, 64), Regexp(r"^[A-Za-z0-9_.-]+$")])
    display_name = StringField(_l("Name"), validators=[InputRequired(), Length(max=100)])
    password = PasswordField(_l("Initial password"), validators=[InputRequired(), Length(min=8, max=128)])


class DepartmentForm(FlaskForm):
    """Names, aliases (one per line), level and parent of a department; the service checks uniqueness and cycles."""

    name_zh = StringField(_l("Chinese name"), validators=[InputRequired(), Length(max=100)])
    name_en = StringField(_l("English name"), validators=[InputRequired(), Length(max=200)])
    aliases = TextAreaField(_l("Other names (one per line)"), validators=[Length(max=2000)])
    level = SelectField(_l("Level"), choices=list(LEVEL_LABELS.items()))  # the names the department list shows
    parent = SelectField(_l("Parent department"), validate_choice=False)

    def alias_list(self) -> list[str]:
        return [line.strip() for line in (self.aliases.data or "").splitlines() if line.strip()]


class AccountRoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=[
            ("applicant", _l("Applicant")),
            ("staff", _l("Department staff")),
            ("head", _l("Department head")),
            ("admin", _l("Administrator")),
        ],
    )
    department = SelectField(_l("Department"), validate_choice=False)


class AccountActiveForm(FlaskForm):
    """Deactivate or reactivate an account: the reason goes on the audit trail."""

    reason = TextAreaField(_l("Reason"), validators=[InputRequired(), Length(max=500)])
