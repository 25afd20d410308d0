"""Hand-written checks for task forms, chosen by the user task's `camunda:formKey`.

The fields still come from the BPMN; a class here adds what a field list cannot say.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError


class DisbursementChecks:
    """formKey "disburse": a payment cannot be recorded before it happened."""

    def validate_disbursed_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("A disbursement cannot be dated in the future."))


FORM_CHECKS: dict[str, type] = {"disburse": DisbursementChecks}
