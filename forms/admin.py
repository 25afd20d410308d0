"""The administrator's upload form for a new process version."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, MultipleFileField
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import InputRequired, Length, Regexp


class UploadDefinitionForm(FlaskForm):
    bpmn = FileField(_l("BPMN file"), validators=[FileRequired(), FileAllowed(["bpmn", "xml"], _l("A .bpmn file."))])
    dmn = MultipleFileField(_l("DMN files it calls (optional)"))
    publish = BooleanField(_l("Publish: new applications use this version"), default=True)


class StaffAccountForm(FlaskForm):
    username = StringField(_l("User name"), validators=[InputRequired(), Length(3, 64), Regexp(r"^[A-Za-z0-9_.-]+$")])
    display_name = StringField(_l("Name"), validators=[InputRequired(), Length(max=100)])
    password = PasswordField(_l("Initial password"), validators=[InputRequired(), Length(min=8, max=128)])
