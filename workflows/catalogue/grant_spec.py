"""What a grant program is made of: its form, its cap table's cells, who may apply, who runs it.

Pure data shared by the grant tables (grants.py and the modules it gathers). The cap is Python
over the form's fields, run in the sandbox; every figure in a cap or a refusal cites its sub-point.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflows.catalogue.basis import articles_for
from workflows.catalogue.bpmn_builder import FieldDef
from workflows.catalogue.dmn_builder import Refusal

RULES = "《自治区关于促进中小企业发展实施意见细则》"

# Who applies. The rules pay enterprises, and also schools, banks, guarantee agencies, start-up
# bases, parks, service platforms and venture-capital enterprises (（七）（十）（十二）（十三）
# （十四）（二十一）（二十二）). Codes are stored in enterprises.applicant_type: never rename them.
ENTERPRISE = "enterprise"
VOCATIONAL_SCHOOL = "vocational_school"
FINANCIAL_INSTITUTION = "financial_institution"
GUARANTEE_AGENCY = "guarantee_agency"
VENTURE_CAPITAL = "venture_capital"
INCUBATOR = "incubator"
PARK = "park"
SERVICE_PLATFORM = "service_platform"
APPLICANT_TYPES: dict[str, tuple[str, str]] = {
    ENTERPRISE: ("企业", "Enterprise"),
    VOCATIONAL_SCHOOL: ("职业院校", "Vocational school"),
    FINANCIAL_INSTITUTION: ("银行等金融机构", "Bank or other financial institution"),
    GUARANTEE_AGENCY: ("融资性担保机构", "Financing guarantee agency"),
    VENTURE_CAPITAL: ("创业投资企业", "Venture-capital enterprise"),
    INCUBATOR: ("小企业创业基地（孵化器）", "Start-up base (incubator)"),
    PARK: ("园区（开发区）", "Industrial park (development zone)"),
    SERVICE_PLATFORM: ("中小企业服务机构或平台", "SME service centre or platform"),
}


def applicant_type_label(code: str | None, locale: str) -> str:
    zh, en = APPLICANT_TYPES.get(code or ENTERPRISE, APPLICANT_TYPES[ENTERPRISE])
    return en if str(locale).startswith("en") else zh


@dataclass(frozen=True)
class GrantSpec:
    item: int
    point: int
    title_zh: str
    title_en: str
    fields: tuple[FieldDef, ...]
    cap: str  # Python over the form's fields, run in the sandbox
    basis: str  # why that is the cap, citing the sub-point
    refusals: tuple[Refusal, ...] = ()
    cap_yuan: int | None = None  # the fixed ceiling, where the rules state one
    # The rules give no figure (「适当」「一定比例」「给予支持」): the call (申报通知) sets the ceiling.
    # Read by the money branch (issue 11); the DMN table holds only what the text itself caps.
    needs_call_ceiling: bool = False
    applicants: tuple[str, ...] = (ENTERPRISE,)
    sme_only: bool = True  # the text names 中小企业; the size check applies to enterprises only then
    # Who runs it, where the clause names more bodies than the sub-point concerns: (lead, assisting).
    departments: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    summary_en: str = ""

    @property
    def measures_articles(self) -> tuple[int, ...]:
        """The 2022 Measures' articles the grant rests on: the special funds, then the topic's own."""
        return articles_for(self.item, grant=True)

    @property
    def code(self) -> str:
        return f"sme-{self.item}-{self.point}"

    @property
    def process_id(self) -> str:
        return f"sme_{self.item}_{self.point}"

    @property
    def decision_id(self) -> str:
        return f"cap_{self.item}_{self.point}"


def money(name: str, label: str, label_en: str, maximum: int | None = None, minimum: int = 1) -> FieldDef:
    return FieldDef(
        name,
        label,
        "decimal",
        label_en=label_en,
        required=True,
        min=str(minimum),
        max=str(maximum) if maximum else None,
    )


def count(name: str, label: str, label_en: str, minimum: int = 1, maximum: int | None = None) -> FieldDef:
    return FieldDef(
        name,
        label,
        "long",
        label_en=label_en,
        required=True,
        min=str(minimum),
        max=str(maximum) if maximum is not None else None,
    )


def text(name: str, label: str, label_en: str, long: bool = False) -> FieldDef:
    return FieldDef(
        name, label, "text" if long else "string", label_en=label_en, required=True, max_length=4000 if long else 200
    )


def enum(name: str, label: str, label_en: str, *choices: tuple[str, str, str]) -> FieldDef:
    return FieldDef(name, label, "enum", label_en=label_en, required=True, choices=choices)


YES_NO = (("yes", "是", "Yes"), ("no", "否", "No"))
PROJECT = text("project_name", "项目名称", "Project name")
SUMMARY = text("description", "项目简介", "Project summary", long=True)


def requested(maximum: int | None = None) -> FieldDef:
    """The amount asked. Its ceiling is not a field limit: submission asks the cap table (with the
    call's ceiling), so a refusal names the figure and cites the sub-point; `maximum` documents it."""
    del maximum
    return money("amount_requested", "申请补助金额（元）", "Amount requested (yuan)")
