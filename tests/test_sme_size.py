"""The size class follows 《中小企业划型标准规定》（工信部联企业〔2011〕300号）第四条, row by row."""

import pytest

from workflows import regions
from workflows.sme_size import INDUSTRIES, classify, is_sme

WAN = 10000  # the standard writes revenue and assets in 万元; the profile stores yuan


@pytest.mark.parametrize(
    ("employees", "revenue_wan", "expected"),
    [
        # 第四条（二）工业：从业人员1000人以下或营业收入40000万元以下的为中小微型企业。
        (1000, 40000, "large"),
        (1000, 39999, "medium"),  # below the revenue bound: an SME although it has 1000 people
        (999, 90000, "medium"),
        # 其中，从业人员300人及以上，且营业收入2000万元及以上的为中型企业；
        (300, 2000, "medium"),
        (300, 1999, "small"),
        # 从业人员20人及以上，且营业收入300万元及以上的为小型企业；
        (20, 300, "small"),
        # 从业人员20人以下或营业收入300万元以下的为微型企业。
        (19, 5000, "micro"),
        (500, 299, "micro"),
    ],
)
def test_industry_row_2(employees, revenue_wan, expected):
    assert classify("industry", employees, revenue_wan * WAN) == expected


def test_retail_row_5_uses_its_own_thresholds():
    # 零售业：从业人员50人及以上且营业收入500万元及以上为中型；10人及以上且100万元及以上为小型。
    assert classify("retail", 50, 500 * WAN) == "medium"
    assert classify("retail", 10, 100 * WAN) == "small"
    assert classify("retail", 9, 100 * WAN) == "micro"
    assert classify("retail", 300, 20000 * WAN) == "large"


def test_construction_row_3_reads_revenue_and_total_assets():
    # 建筑业：营业收入6000万元及以上，且资产总额5000万元及以上的为中型企业。
    assert classify("construction", None, 6000 * WAN, 5000 * WAN) == "medium"
    assert classify("construction", None, 6000 * WAN, 4999 * WAN) == "small"
    assert classify("construction", None, 6000 * WAN, None) is None  # assets are needed


def test_agriculture_row_1_reads_revenue_only():
    assert classify("agriculture", None, 49 * WAN) == "micro"
    assert classify("agriculture", None, 50 * WAN) == "small"
    assert classify("agriculture", None, 500 * WAN) == "medium"
    assert classify("agriculture", None, 20000 * WAN) == "large"


def test_leasing_row_15_reads_employees_and_assets():
    assert classify("leasing_business", 100, None, 8000 * WAN) == "medium"
    assert classify("leasing_business", 100, 10**12, None) is None


def test_every_row_has_thresholds_falling_from_large_to_small():
    assert len(INDUSTRIES) == 16
    for row in INDUSTRIES:
        assert len(row.large) == len(row.medium) == len(row.small) == len(row.measures)
        assert all(lg >= md >= sm for lg, md, sm in zip(row.large, row.medium, row.small, strict=True)), row.code


def test_only_large_is_not_an_sme_and_unknown_industries_have_no_class():
    assert [is_sme(c) for c in ("large", "medium", "small", "micro", None)] == [False, True, True, True, False]
    assert classify("mining_on_mars", 10, 10) is None


def test_xinjiang_has_14_prefecture_level_divisions_and_their_counties():
    assert len([p for p in regions.PREFECTURES if p != regions.DIRECT]) == 14
    assert regions.is_county_of("喀什地区", "莎车县")
    assert not regions.is_county_of("和田地区", "莎车县")
