"""The administrator's upload form for a new process version."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired, MultipleFileField
from wtforms import BooleanField


class UploadDefinitionForm(FlaskForm):
    bpmn = FileField(_l("BPMN file"), validators=[FileRequired(), FileAllowed(["bpmn", "xml"], _l("A .bpmn file."))])
    dmn = MultipleFileField(_l("DMN files it calls (optional)"))
    publish = BooleanField(_l("Publish: new applications use this version"), default=True)
