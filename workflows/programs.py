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
    # The rules give no figure: the year's call (申报通知) sets the ceiling (read by the money room).
    needs_call_ceiling: bool = False
    applicants: tuple[str, ...] = ("enterprise",)  # applicant types (workflows/catalogue/grant_spec.py)
    sme_only: bool = True  # the text names 中小企业: an enterprise applicant must not be large
    summary_en: str = ""
    kind: str = "grant"  # "grant" pays money; "filing" (备案) is recorded with a receipt, never decided

    def open_to(self, applicant_type: str | None) -> bool:
        return (applicant_type or "enterprise") in self.applicants

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
    from workflows.catalogue.generate import clause_of, program_departments
    from workflows.catalogue.grants import GRANTS

    catalogue = load_catalogue()
    programs = [NEW_PRODUCT]
    for spec in GRANTS:
        item = catalogue.item(spec.item)
        clause = clause_of(item, spec.point)
        lead, assisting = program_departments(spec, clause)
        point = next(p for p in item.points if p.number == spec.point)
        programs.append(
            Program(
                code=spec.code,
                rule_ref=f"{item.ref}{spec.point}",
                title_zh=spec.title_zh,
                title_en=spec.title_en,
                process_key=spec.process_id,
                lead=lead[0],
                assisting=assisting,
                cap_yuan=spec.cap_yuan,
                rule_text=f"{point.text}{clause.text if clause.text not in point.text else ''}",
                measures_articles=spec.measures_articles,
                item=spec.item,
                point=spec.point,
                needs_call_ceiling=spec.needs_call_ceiling,
                applicants=spec.applicants,
                sme_only=spec.sme_only,
                summary_en=spec.summary_en,
            )
        )
    programs.extend(_filings(catalogue))
    programs.sort(key=lambda p: (p.item or 0, p.point or 0))
    return {p.code: p for p in programs}


FILING_TITLES = {
    (1, 5): ("困难群体初次创业备案", "Filing of a first business by a person in difficulty"),
    (9, 5): ("企业所得税优惠事先备案", "Advance filing for an enterprise income-tax preference"),
}
FILING_SUMMARIES_EN = {
    (1, 5): "A person in difficulty registering a first business files it (a one-year, free start-up "
    "filing); the filing is recorded with a receipt — nothing is decided or paid.",
    (9, 5): "An enterprise taking the income-tax preferences of Xin Zheng Fa [2010] No. 92 files in advance; "
    "the filing is recorded with a receipt — nothing is decided or paid.",
}


def _filings(catalogue) -> list[Program]:
    """The filing sub-points (备案): applied for like a program, recorded with a receipt."""
    from workflows.catalogue.chains import FILINGS, filing_process_id
    from workflows.catalogue.generate import clause_of

    filings = []
    for number, point in sorted(FILINGS):
        item = catalogue.item(number)
        clause = clause_of(item, point)
        text = next(p for p in item.points if p.number == point).text
        title_zh, title_en = FILING_TITLES[(number, point)]
        filings.append(
            Program(
                code=f"filing-{number}-{point}",
                rule_ref=f"{item.ref}{point}",
                title_zh=title_zh,
                title_en=title_en,
                process_key=filing_process_id(number, point),
                lead=clause.lead[0],
                assisting=(),
                cap_yuan=None,
                rule_text=f"{text}{clause.text if clause.text not in text else ''}",
                item=number,
                point=point,
                sme_only=False,
                summary_en=FILING_SUMMARIES_EN[(number, point)],
                kind="filing",
            )
        )
    return filings


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
FINANCIAL_LICENCE = DocumentType("financial_licence", "金融许可证", "Financial licence")
GUARANTEE_LICENCE = DocumentType("guarantee_licence", "融资性担保机构经营许可证", "Guarantee business licence")
CAPITAL_VERIFICATION = DocumentType("capital_verification", "验资报告", "Capital verification report")
LOAN_STATISTICS = DocumentType("loan_statistics", "贷款余额统计报表", "Loan balance statistics")
INSURANCE_RECEIPTS = DocumentType("insurance_receipts", "社会保险缴费凭证", "Social-insurance payment records")
LABOUR_CONTRACTS = DocumentType("labour_contracts", "劳动合同", "Labour contracts")
TRAINING_RECORDS = DocumentType("training_records", "培训记录及费用凭证", "Training records and receipts")
LOAN_CONTRACTS = DocumentType("loan_contracts", "贷款合同及付息凭证", "Loan contracts and interest receipts")
INVESTMENT_PROOF = DocumentType("investment_proof", "投资凭证（合同、发票）", "Proof of investment")
FILING_FORM = DocumentType("filing_form", "备案表", "Filing form")
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
        FINANCIAL_LICENCE,
        GUARANTEE_LICENCE,
        CAPITAL_VERIFICATION,
        LOAN_STATISTICS,
        INSURANCE_RECEIPTS,
        LABOUR_CONTRACTS,
        TRAINING_RECORDS,
        LOAN_CONTRACTS,
        INVESTMENT_PROOF,
        FILING_FORM,
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
    # （四）: the payments the text counts — insurance paid, contracts, training, loans.
    "sme-4-1": (BUSINESS_LICENCE, INSURANCE_RECEIPTS, LABOUR_CONTRACTS),
    "sme-4-2": (BUSINESS_LICENCE, FINANCIAL_STATEMENTS, INSURANCE_RECEIPTS),
    "sme-4-3": (BUSINESS_LICENCE, INSURANCE_RECEIPTS, LABOUR_CONTRACTS),
    "sme-4-4": (BUSINESS_LICENCE, LABOUR_CONTRACTS, LOAN_CONTRACTS),
    "sme-4-5": (BUSINESS_LICENCE, TRAINING_RECORDS),
    "sme-4-6": (BUSINESS_LICENCE, LABOUR_CONTRACTS, INSURANCE_RECEIPTS),
    # Institutions prove what they are licensed as, and the figure the sub-point counts.
    "sme-7-4": (BUSINESS_LICENCE, GUARANTEE_LICENCE, CAPITAL_VERIFICATION),
    "sme-10-3": (BUSINESS_LICENCE, FINANCIAL_LICENCE, LOAN_STATISTICS),
    "sme-12-2": (BUSINESS_LICENCE, FINANCIAL_LICENCE, FINANCIAL_STATEMENTS, LOAN_STATISTICS),
    "sme-13-2": (BUSINESS_LICENCE, PROJECT_PROPOSAL, INVESTMENT_PROOF),
    "sme-13-3": (BUSINESS_LICENCE, FINANCIAL_STATEMENTS, PROJECT_PROPOSAL),
    "sme-19-2": (BUSINESS_LICENCE, PROJECT_PROPOSAL, INVESTMENT_PROOF),
    "sme-22-1": (BUSINESS_LICENCE, PROJECT_PROPOSAL, INVESTMENT_PROOF),
    **{f"sme-6-{point}": (*COMMON_DOCUMENTS, INVESTMENT_PROOF) for point in range(1, 11)},
    "filing-1-5": (BUSINESS_LICENCE, FILING_FORM),
    "filing-9-5": (BUSINESS_LICENCE, FILING_FORM),
}


def required_documents(program_code: str) -> tuple[DocumentType, ...]:
    return REQUIRED_DOCUMENTS.get(program_code, COMMON_DOCUMENTS)


def get_program(code: str) -> Program | None:
    return all_programs().get(code)
