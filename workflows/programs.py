"""Support programs: a grant sub-point of the rules, the process that runs it, and what it cites.

Pure data. (十八)1 is the hand-drawn foundation program; the other grant sub-points are
generated from the parsed rules (workflows/catalogue/grants.py), each with the departments of
the clause that covers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

RULES_TITLE = "自治区关于促进中小企业发展实施意见细则"
MEASURES_TITLE = "新疆维吾尔自治区实施《中华人民共和国中小企业促进法》办法"


@dataclass(frozen=True)
class Program:
    code: str
    rule_ref: str
    title_zh: str
    title_en: str
    process_key: str
    lead: str
    assisting: tuple[str, ...]
    cap_yuan: int | None
    rule_text: str
    measures_articles: tuple[int, ...] = ()  # article numbers of the 2022 Measures
    item: int | None = None
    point: int | None = None

    def title(self, locale: str) -> str:
        return self.title_en if str(locale).startswith("en") else self.title_zh


NEW_PRODUCT = Program(
    code="sme-18-1",
    rule_ref="（十八）1",
    title_zh="新产品、新技术（新工艺）财政资金补助",
    title_en="Subsidy for new products and new technologies (processes)",
    process_key="sme_18_1_new_product",
    lead="JXW",
    assisting=("CZT", "KJT"),
    cap_yuan=500_000,
    rule_text=(
        "鼓励中小企业加快产品和技术更新换代，对通过自治区鉴定的新产品、新技术（新工艺）"
        "给予不超过50万元的财政资金补助。（责任单位：自治区经信委；协助单位：自治区财政厅、科技厅）"
    ),
    measures_articles=(10, 11, 31, 32, 33),
    item=18,
    point=1,
)


@cache
def all_programs() -> dict[str, Program]:
    """Every program, in the order of the rules."""
    from workflows.catalogue.catalogue import load_catalogue
    from workflows.catalogue.generate import clause_of
    from workflows.catalogue.grants import GRANTS

    catalogue = load_catalogue()
    programs = [NEW_PRODUCT]
    for spec in GRANTS:
        item = catalogue.item(spec.item)
        clause = clause_of(item, spec.point)
        point = next(p for p in item.points if p.number == spec.point)
        programs.append(
            Program(
                code=spec.code,
                rule_ref=f"{item.ref}{spec.point}",
                title_zh=spec.title_zh,
                title_en=spec.title_en,
                process_key=spec.process_id,
                lead=clause.lead[0],
                assisting=tuple(c for c in clause.assist if c not in clause.lead),
                cap_yuan=spec.cap_yuan,
                rule_text=f"{point.text}{clause.text if clause.text not in point.text else ''}",
                measures_articles=spec.measures_articles,
                item=spec.item,
                point=spec.point,
            )
        )
    programs.sort(key=lambda p: (p.item or 0, p.point or 0))
    return {p.code: p for p in programs}


@dataclass(frozen=True)
class DocumentType:
    """A document an applicant uploads with an application (申报材料)."""

    code: str
    name_zh: str
    name_en: str

    def name(self, locale: str) -> str:
        return self.name_en if str(locale).startswith("en") else self.name_zh


BUSINESS_LICENCE = DocumentType("business_licence", "营业执照", "Business licence")
FINANCIAL_STATEMENTS = DocumentType("financial_statements", "上一年度财务报表", "Financial statements of last year")
PROJECT_PROPOSAL = DocumentType("project_proposal", "项目申报书", "Project proposal")
APPRAISAL_CERTIFICATE = DocumentType("appraisal_certificate", "自治区鉴定证书", "Regional appraisal certificate")
SCHOOL_LICENCE = DocumentType("school_licence", "办学许可证", "School operating licence")
ENROLMENT_LIST = DocumentType("enrolment_list", "学籍系统学生名单", "Enrolment list from the student registry")
OTHER = DocumentType("other", "其他材料", "Other documents")

DOCUMENT_TYPES = {
    d.code: d
    for d in (
        BUSINESS_LICENCE,
        FINANCIAL_STATEMENTS,
        PROJECT_PROPOSAL,
        APPRAISAL_CERTIFICATE,
        SCHOOL_LICENCE,
        ENROLMENT_LIST,
        OTHER,
    )
}
# What each program's applicants must upload before they may submit. Every enterprise proves who
# it is and what size it is (licence, statements) and describes the project; programs whose
# sub-point names a proof ask for it too. A program not listed asks for the common three.
COMMON_DOCUMENTS = (BUSINESS_LICENCE, FINANCIAL_STATEMENTS, PROJECT_PROPOSAL)
REQUIRED_DOCUMENTS: dict[str, tuple[DocumentType, ...]] = {
    "sme-18-1": (*COMMON_DOCUMENTS, APPRAISAL_CERTIFICATE),  # 「通过自治区鉴定的新产品」
    "sme-21-3": (SCHOOL_LICENCE, ENROLMENT_LIST),  # schools: 「经学籍系统审核」
}


def required_documents(program_code: str) -> tuple[DocumentType, ...]:
    return REQUIRED_DOCUMENTS.get(program_code, COMMON_DOCUMENTS)


def get_program(code: str) -> Program | None:
    return all_programs().get(code)
