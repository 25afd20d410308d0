"""Each department's document settings: the number prefix, the reconsideration body and the court.

Defaults follow the law for a department of the autonomous region's government: reconsideration
by the region's people's government (《中华人民共和国行政复议法》第二十四条), litigation before the
basic people's court where the department sits (《中华人民共和国行政诉讼法》第十四条、第十八条).
Vertically managed bodies (financial regulators, the tax authority) and courts designated for
centralised jurisdiction differ, which is why an administrator can set each department's.
"""

from __future__ import annotations

from flask_babel import gettext

from webapp.common import audit
from webapp.common.errors import Invalid
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Department, DocumentSettings

REGION_GOVERNMENT = "新疆维吾尔自治区人民政府"
LOCAL_COURT = "本机关所在地的基层人民法院"
LEVEL_GOVERNMENT = {"region": REGION_GOVERNMENT}
# Codes whose usual prefix is not the name shortened (经信委's letters on SME support).
KNOWN_PREFIXES = {"JXW": "新工信中小"}
NAME_ENDINGS = ("委员会", "厅", "委", "局", "办")


def settings_for(department: Department) -> DocumentSettings:
    """The stored settings, or the defaults (not stored) for a department nobody has set."""
    stored = db.session.get(DocumentSettings, department.id)
    return stored or default_settings(department)


def default_settings(department: Department) -> DocumentSettings:
    body = LEVEL_GOVERNMENT.get(department.level, "本机关的本级人民政府")
    if department.kind == "financial regulator" or department.code.upper() in {"GSJU", "SWJ"}:
        body = "本机关的上一级主管部门"  # vertically managed: its superior hears it (第二十七条)
    return DocumentSettings(
        department_id=department.id,
        number_prefix=default_prefix(department),
        reconsideration_body=body,
        court=LOCAL_COURT,
    )


def default_prefix(department: Department) -> str:
    if department.code.upper() in KNOWN_PREFIXES:
        return KNOWN_PREFIXES[department.code.upper()]
    name = department.name_zh.removeprefix("自治区").removeprefix("新疆")
    for ending in NAME_ENDINGS:
        if name.endswith(ending) and len(name) > len(ending) + 1:
            name = name.removesuffix(ending)
            break
    return f"新{name}"[:32]


def update_settings(user, department: Department, prefix: str, body: str, court: str) -> DocumentSettings:
    values = {"number_prefix": prefix.strip(), "reconsideration_body": body.strip(), "court": court.strip()}
    errors = {name: [gettext("Required.")] for name, value in values.items() if not value}
    if errors:
        raise Invalid("The form has errors.", errors)
    if any(c in values["number_prefix"] for c in "〔〕[]号 "):
        raise Invalid(
            "The form has errors.", {"number_prefix": [gettext("Only the code: the year and serial are added.")]}
        )
    with unit_of_work():
        stored = db.session.get(DocumentSettings, department.id)
        before = _as_dict(stored) if stored else None
        if stored is None:
            stored = DocumentSettings(department_id=department.id, **values)
            db.session.add(stored)
        else:
            for name, value in values.items():
                setattr(stored, name, value)
        audit.record(user, "department.document_settings", department, None, {"before": before, "after": values})
    return stored


def _as_dict(settings: DocumentSettings) -> dict:
    return {
        "number_prefix": settings.number_prefix,
        "reconsideration_body": settings.reconsideration_body,
        "court": settings.court,
    }
