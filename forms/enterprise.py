"""The enterprise profile and its member accounts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, EmailField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from forms.dynamic import _finite_amount
from workflows import regions, sme_size


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _county_choices():
    return [("", "—")] + [(c, f"{p} · {c}") for p, counties in regions.PREFECTURES.items() for c in counties]


class ProfileForm(FlaskForm):
    name = StringField(_l("Enterprise name"), validators=[InputRequired(), Length(max=200)], filters=[_strip])
    region_prefecture = SelectField(
        _l("Prefecture"), choices=[("", "—")] + [(p, p) for p in regions.PREFECTURES], validators=[InputRequired()]
    )
    region_county = SelectField(_l("County"), choices=_county_choices(), validators=[InputRequired()])
    industry = SelectField(_l("Industry"), validators=[InputRequired()])
    employees = IntegerField(_l("Employees"), validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    revenue = DecimalField(
        _l("Operating revenue last year (yuan)"), places=2, validators=[Optional(), NumberRange(min=0), _finite_amount]
    )
    total_assets = DecimalField(
        _l("Total assets (yuan)"), places=2, validators=[Optional(), NumberRange(min=0), _finite_amount]
    )
    contact_name = StringField(_l("Contact person"), validators=[InputRequired(), Length(max=100)], filters=[_strip])
    contact_phone = StringField(
        _l("Contact phone"),
        validators=[InputRequired(), Regexp(r"^[0-9+\- ]{7,32}$", message=_l("Enter a phone number."))],
        filters=[_strip],
    )
    contact_email = EmailField(
        _l("Contact e-mail"),
        validators=[
            Optional(),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an e-mail address.")),
            Length(max=254),
        ],
        filters=[_strip],
    )

    # Where its grants are paid (开户银行、账号): finance pays to what the profile says that day.
    bank_name = StringField(_l("Bank"), validators=[Optional(), Length(max=100)], filters=[_strip])
    bank_account = StringField(
        _l("Bank account No."),
        validators=[Optional(), Regexp(r"^[0-9 \-]{6,64}$", message=_l("Enter the account number."))],
        filters=[_strip],
    )

    def __init__(self, *args, locale: str = "zh", **kwargs):
        super().__init__(*args, **kwargs)
        self.industry.choices = [("", "—")] + [
            (i.code, f"{sme_size.industry_name(i.code, locale)}") for i in sme_size.INDUSTRIES
        ]

    def clean_data(self) -> dict:
        return {name: self[name].data for name in self._fields if name != "csrf_token"}


class MemberForm(FlaskForm):
    username = StringField(_l("User name"), validators=[InputRequired(), Length(3, 64), Regexp(r"^[A-Za-z0-9_.-]+$")])
    display_name = StringField(_l("Name"), validators=[InputRequired(), Length(max=100)], filters=[_strip])
    password = PasswordField(_l("Initial password"), validators=[InputRequired(), Length(min=8, max=128)])
