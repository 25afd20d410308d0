"""The 2011 rules as shipped, parsed, against a table checked by hand against the text."""

from decimal import Decimal

import pytest

from workflows.catalogue.catalogue import RULES_TEXT
from workflows.catalogue.model import Amount
from workflows.catalogue.rules_parser import chinese_number, parse_amounts, parse_rules

ITEMS = parse_rules(RULES_TEXT.read_text(encoding="utf-8"))

# Item number: [(points covered, lead codes, assisting codes)] for each clause, in the order written.
# Read from the text: the 责任单位 before the ；, the 协助单位 after it, 自治区 carried forward.
CLAUSES = {
    1: [((1, 2, 3, 4, 5), ("GSJ",), ("FGW",))],
    2: [((1, 2, 3, 4, 5), ("CZT",), ("JXW", "FGW"))],
    3: [((), ("FGW",), ("JXW", "SLT", "DLGS"))],
    4: [((1, 2, 3, 4, 5, 6, 7, 8), ("RST",), ("CZT",))],
    5: [((1, 2, 3, 4, 5), ("JFB",), ()), ((6,), ("ZJJ",), ())],
    6: [((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), ("JXW", "CZT", "SWT", "KJT", "ZSCQJ"), ())],
    7: [((1, 2, 3, 4), ("CZT", "JXW"), ("JRB", "YJJ"))],
    8: [((1, 2, 3, 4), ("RHZX",), ("JXW", "GSJ", "SWJ", "ZJJ", "JRJG"))],
    9: [((1, 2, 3, 4, 5), ("GSJU", "DSJ"), ("CZT",))],
    10: [((1, 2, 3, 4), ("YJJ",), ("RHZX", "JXW", "CZT"))],
    11: [((1, 2, 3, 4), ("JRB",), ("RHZX", "YJJ", "CZT", "ZJJU", "JRJG"))],
    12: [((1, 2, 3, 4, 5, 6), ("JRB",), ("RHZX", "YJJ", "JXW", "CZT", "ZJJU", "JRJG"))],
    13: [((1, 2), ("JXW",), ("CZT",)), ((3,), ("CZT",), ("KJT",)), ((4,), ("ZSCQJ",), ())],
    14: [((1, 2), ("JXW",), ("CZT", "KJT")), ((3,), ("GSJ",), ())],
    15: [((1, 2), ("GTZYT",), ("ZJT",))],
    16: [((1, 2, 3, 4, 5, 6), ("JXW",), ("CZT",)), ((7,), ("SWT",), ("GZW", "JXW", "CZT", "ZSCQJ"))],
    17: [((1, 2, 3, 4), ("JXW",), ())],
    18: [((1, 2, 3), ("JXW",), ("CZT", "KJT"))],
    19: [((1, 2, 3, 4), ("JXW",), ("CZT",))],
    20: [((1, 2, 3, 4), ("JXW",), ("CZT", "SWT"))],
    21: [
        ((1,), ("JYT",), ()),
        ((2,), ("JYT",), ()),
        ((3,), ("JYT",), ("JXW", "RST", "CZT")),
        ((4,), ("JXW",), ("RST", "CZT")),
        ((5,), ("JYT",), ("JXW",)),
        ((6,), ("JXW",), ("RST",)),
        ((7,), ("RST",), ("JXW",)),
    ],
    22: [((1, 2), ("JXW",), ("FGW", "CZT", "GTZYT", "ZJT", "SLT", "HBT"))],
    23: [],
    24: [],
    25: [((1, 2, 3, 4, 5, 6), ("TJJ",), ("JXW",))],
    26: [((), ("JXW",), ("XWMT",))],
}
POINT_COUNTS = [5, 5, 0, 8, 6, 11, 4, 4, 5, 4, 4, 6, 4, 3, 2, 7, 4, 3, 4, 4, 7, 2, 0, 0, 6, 0]


def item(number):
    return next(i for i in ITEMS if i.number == number)


def test_there_are_26_items_in_order_under_seven_parts():
    assert [i.number for i in ITEMS] == list(range(1, 27))
    assert list(dict.fromkeys(i.part for i in ITEMS)) == [
        "一、优化发展环境",
        "二、强化财税支持",
        "三、缓解融资困难",
        "四、拓宽服务渠道",
        "五、促进结构优化",
        "六、提升管理水平",
        "七、加强组织领导",
    ]
    assert item(18).part == "五、促进结构优化"


def test_titles_are_the_first_sentence():
    assert item(1).title == "放宽市场准入"
    assert item(18).title == "支持中小企业科技创新"
    assert item(21).title == "鼓励职业院校招收新疆籍学生，开展对中小企业各类人员培训"
    assert item(26).title == "加强舆论宣传，营造良好环境"
    assert item(26).ref == "（二十六）"


def test_sub_points_are_numbered_from_one_in_every_item():
    assert [len(i.points) for i in ITEMS] == POINT_COUNTS
    for parsed in ITEMS:
        assert [p.number for p in parsed.points] == list(range(1, len(parsed.points) + 1))


@pytest.mark.parametrize("number", sorted(CLAUSES))
def test_every_clause_covers_its_points_with_its_leads_and_assists(number):
    parsed = [(c.points, c.lead, c.assist) for c in item(number).clauses]
    assert parsed == CLAUSES[number]


def test_there_are_35_clauses_and_each_is_kept_as_written():
    clauses = [c for i in ITEMS for c in i.clauses]
    assert len(clauses) == 35
    assert item(8).clauses[0].text == (
        "（责任单位：人民银行乌鲁木齐中心支行；协助单位：自治区经信委、工商局、税务局、质监局、各金融机构等）"
    )


def test_every_point_of_an_item_with_clauses_is_covered_exactly_once():
    for parsed in ITEMS:
        if parsed.clauses and parsed.points:
            covered = [n for c in parsed.clauses for n in c.points]
            assert covered == [p.number for p in parsed.points], parsed.ref


def test_a_point_starting_mid_line_is_split_from_the_one_before_and_clauses_are_not_point_text():
    assert item(2).points[3].text.endswith("专供中小企业进行采购。")  # 「…采购。5．金融机构…」
    assert item(2).points[4].text.startswith("金融机构和专业担保机构")
    assert item(16).points[5].text.endswith("技改扩建项目。")  # 「…）7.大企业…」
    assert item(16).points[6].text == "大企业不得拖欠和预收中小企业货款和服务费用。"
    assert item(6).points[10].text.startswith("自治区其它支持企业发展的各类专项资金")
    assert item(9).points[0].text.startswith("2010年至2020年")
    assert not any("责任单位" in p.text for i in ITEMS for p in i.points)


def test_item_text_is_kept_whole():
    assert item(3).text.startswith("（三）降低鼓励类商业水电收费价格。")
    assert item(3).text.endswith("（责任单位：自治区发改委；协助单位：自治区经信委、水利厅、新疆电力公司）")


def amounts(number, point):
    return [(a.value, a.unit, a.kind) for a in item(number).points[point - 1].amounts]


def test_the_grant_caps_and_rates_of_domain_md():
    assert amounts(14, 1) == [(Decimal(1_000_000), "yuan", "cap"), (Decimal(2_000_000), "yuan", "cap")]
    assert amounts(14, 2) == [(Decimal(500_000), "yuan", "cap")]
    assert amounts(18, 1) == [(Decimal(500_000), "yuan", "cap")]
    assert amounts(18, 2) == [(Decimal(1_000_000), "yuan", "cap")]
    assert amounts(18, 3) == [(Decimal(1_000_000), "yuan", "cap")]
    assert amounts(21, 3) == [(Decimal(300), "yuan_per_student_year", "rate")]
    assert amounts(4, 4) == [(Decimal(50_000), "yuan_per_person_year", "rate"), (Decimal(5), "years", "duration")]
    assert [a.text for a in item(4).points[3].amounts] == ["每人每年5万元", "最长不超过5年"]
    assert amounts(4, 1) == [(Decimal(3), "years", "duration")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("给予不超过100万元的补助", [Amount(Decimal(1_000_000), "yuan", "cap", "不超过100万元")]),
        ("最高不超过50万元", [Amount(Decimal(500_000), "yuan", "cap", "最高不超过50万元")]),
        ("补助20万元以内", [Amount(Decimal(200_000), "yuan", "cap", "20万元以内")]),
        ("注册资本达到5000万元人民币", [Amount(Decimal(50_000_000), "yuan", "amount", "5000万元")]),
        ("资本金不低于1亿元", [Amount(Decimal(100_000_000), "yuan", "amount", "不低于1亿元")]),
        ("每生每年300元", [Amount(Decimal(300), "yuan_per_student_year", "rate", "每生每年300元")]),
        ("每人每年1.5万元", [Amount(Decimal(15_000), "yuan_per_person_year", "rate", "每人每年1.5万元")]),
        ("比例可以达到注册资本的70％", [Amount(Decimal(70), "percent", "amount", "70％")]),
        ("2010年至2020年，第三至第五年", []),  # calendar years are not durations
        ("通过5年一次的全国经济普查", []),  # nor is a frequency
    ],
)
def test_amounts_are_read_in_yuan_with_their_kind(text, expected):
    assert list(parse_amounts(text)) == expected


UNKNOWN = "一、优化发展环境\n（一）放宽市场准入。\n1.试行。（责任单位：自治区经信委；协助单位：自治区财政厅、气象局等）"


def test_an_unknown_department_is_refused_with_the_item_and_the_name():
    with pytest.raises(ValueError, match=r"（一）: unknown department 「气象局」"):
        parse_rules(UNKNOWN)


def test_a_clause_that_cannot_be_read_is_refused():
    with pytest.raises(ValueError, match="（一）"):
        parse_rules(UNKNOWN.replace("协助单位：", "配合单位："))


def test_a_skipped_sub_point_at_a_line_start_is_refused():
    with pytest.raises(ValueError, match="sub-point 3 found where 2 was expected"):
        parse_rules("一、优化发展环境\n（一）放宽市场准入。\n1.试行。\n3.试行。\n")


def test_chinese_numerals():
    assert [chinese_number(n) for n in ("一", "十", "十一", "二十", "二十六", "五十七")] == [1, 10, 11, 20, 26, 57]
