"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character.

A code with a wrong check character is a typo or an invention; it is refused before anything
is stored, with a message that says which it is.
"""

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(form, field) -> None:
    """WTForms validator: shape first, then the check character."""
    code = (field.data or "").strip().upper()
    field.data = code
    if len(code) != 18 or any(char not in ALPHABET for char in code):
        raise ValidationError(_l("A unified social credit code has 18 digits and capital letters (no I, O, S, V, Z)."))
    if check_character(code[:17]) != code[17]:
        raise ValidationError(_l("The last character does not match: please check the code on your business licence."))
