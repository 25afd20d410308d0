"""Support programs: a grant sub-point of the rules, the process that runs it, and what it cites.

Pure data. The catalogue issue will generate these from the rules' text; until then the
programs are listed here by hand, each checked against the text in the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    measures_articles: tuple[str, ...] = ()

    def title(self, locale: str) -> str:
        return self.title_en if locale.startswith("en") else self.title_zh


PROGRAMS: dict[str, Program] = {
    p.code: p
    for p in [
        Program(
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
            measures_articles=("第十条", "第十一条", "第三十二条"),
        ),
    ]
}


def get_program(code: str) -> Program | None:
    return PROGRAMS.get(code)
