"""The department registry: the codes the database and processes use, and every spelling of the texts."""

import re

import pytest

from workflows.catalogue.catalogue import RULES_TEXT
from workflows.catalogue.departments import REGISTRY, by_code, resolve

# Stored in the database and named by the process files: these must never change.
KEPT = {
    "JXW": "自治区经信委",
    "CZT": "自治区财政厅",
    "KJT": "自治区科技厅",
    "FGW": "自治区发改委",
    "JYT": "自治区教育厅",
    "RST": "自治区人力资源和社会保障厅",
    "SWT": "自治区商务厅",
    "JRB": "自治区金融办",
    "GSJ": "自治区工商局",
    "ZJJ": "自治区质监局",
    "TJJ": "自治区统计局",
    "ZSCQJ": "自治区知识产权局",
    "GZW": "自治区国资委",
    "GSJU": "自治区国税局",
    "DSJ": "自治区地税局",
    "GTZYT": "自治区国土资源厅",
    "ZJT": "自治区住房城乡建设厅",
    "SLT": "自治区水利厅",
    "HBT": "自治区环保厅",
    "JFB": "自治区减负办",
    "SJT": "自治区审计厅",
    "RHZX": "人民银行乌鲁木齐中心支行",
    "YJJ": "新疆银监局",
    "ZJJU": "新疆证监局",
    "DLGS": "新疆电力公司",
}


def test_the_codes_and_names_in_use_are_kept():
    assert {code: by_code(code).name_zh for code in KEPT} == KEPT


def test_codes_and_names_are_unique_and_every_entry_is_regional():
    assert len({e.code for e in REGISTRY}) == len({e.name_zh for e in REGISTRY}) == len(REGISTRY)
    assert {e.level for e in REGISTRY} == {"region"}
    assert {e.kind for e in REGISTRY} == {"government", "financial regulator", "enterprise", "group"}


def test_every_name_in_every_clause_of_the_rules_resolves():
    """Read independently of the parser: each name as written, with the 自治区 it may carry."""
    clauses = re.findall(r"（(责任单位：[^（）]*)）", RULES_TEXT.read_text(encoding="utf-8"))
    assert len(clauses) == 35
    names = {
        name.removesuffix("等")
        for clause in clauses
        for section in clause.split("；")
        for name in section.partition("：")[2].split("、")
    }
    unresolved = {n for n in names if resolve(n) is None and resolve("自治区" + n) is None}
    assert unresolved == set()
    assert len(names) > 25


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("人社厅", "RST"),
        ("自治区人社厅", "RST"),
        ("人力资源和社会保障厅", "RST"),
        ("自治区人力资源和社会保障厅", "RST"),
        ("人行乌鲁木齐中心支行", "RHZX"),
        ("人民银行乌鲁木齐中心支行", "RHZX"),
        ("经信委", "JXW"),
        ("  自治区经信委　", "JXW"),
        ("税务局", "SWJ"),
        ("各金融机构", "JRJG"),
        ("自治区各新闻媒体单位", "XWMT"),
        ("新疆电力公司", "DLGS"),
        ("审计厅", "SJT"),
    ],
)
def test_every_spelling_of_the_texts_resolves_to_one_department(spelling, code):
    assert resolve(spelling).code == code


def test_short_names_are_the_rules_full_short_form():
    assert by_code("RST").short_name == "人力资源和社会保障厅"
    assert by_code("RHZX").short_name == "人民银行乌鲁木齐中心支行"
    assert by_code("JXW").short_name == "经信委"
    assert by_code("XWMT").kind == "group"


def test_an_unknown_name_or_code_is_not_guessed():
    assert resolve("自治区气象局") is None
    assert resolve("人社") is None
    with pytest.raises(KeyError):
        by_code("XXX")
