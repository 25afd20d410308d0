"""The SME size class (大型/中型/小型/微型) by the national standard.

《中小企业划型标准规定》（工信部联企业〔2011〕300号）, 第四条: each industry is classified by
employees (从业人员), operating revenue (营业收入) or total assets (资产总额) — two of them, or
one. An enterprise is in a class when it reaches *every* measure the row names for that class
(「从业人员X人及以上，且营业收入Y万元及以上」); it is large (not an SME) when it reaches every
measure of the row's upper bound (the standard's 「X人以下或Y万元以下的为中小微型企业」 read
the other way round). Figures below are in 万元 (10,000 yuan) and people, as the standard writes them.
Pure data and arithmetic: no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

LARGE, MEDIUM, SMALL, MICRO = "large", "medium", "small", "micro"
SIZE_CLASSES = (LARGE, MEDIUM, SMALL, MICRO)
SIZE_LABELS_ZH = {LARGE: "大型", MEDIUM: "中型", SMALL: "小型", MICRO: "微型"}
SIZE_LABELS_EN = {LARGE: "Large", MEDIUM: "Medium", SMALL: "Small", MICRO: "Micro"}
STANDARD = "《中小企业划型标准规定》（工信部联企业〔2011〕300号）"

EMPLOYEES, REVENUE, ASSETS = "employees", "revenue", "assets"


@dataclass(frozen=True)
class Industry:
    """One row of 第四条: the measures it uses and the thresholds (large, medium, small)."""

    code: str
    name_zh: str
    name_en: str
    clause: str  # the sub-clause of 第四条, e.g. "（二）"
    measures: tuple[str, ...]
    large: tuple[int, ...]
    medium: tuple[int, ...]
    small: tuple[int, ...]


# A data table, aligned by hand so it reads as the source prints it.
# fmt: off
INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "agriculture",
        "农、林、牧、渔业",
        "Agriculture, forestry, animal husbandry and fishery",
        "（一）",
        (REVENUE,),
        (20000,),
        (500,),
        (50,),
    ),
    Industry(
        "industry",
        "工业",
        "Industry (mining, manufacturing, utilities)",
        "（二）",
        (EMPLOYEES, REVENUE),
        (1000, 40000),
        (300, 2000),
        (20, 300),
    ),
    Industry(
        "construction", "建筑业", "Construction", "（三）", (REVENUE, ASSETS), (80000, 80000), (6000, 5000), (300, 300)
    ),
    Industry("wholesale", "批发业", "Wholesale", "（四）", (EMPLOYEES, REVENUE), (200, 40000), (20, 5000), (5, 1000)),
    Industry("retail", "零售业", "Retail", "（五）", (EMPLOYEES, REVENUE), (300, 20000), (50, 500), (10, 100)),
    Industry(
        "transport", "交通运输业", "Transport", "（六）", (EMPLOYEES, REVENUE), (1000, 30000), (300, 3000), (20, 200)
    ),
    Industry(
        "warehousing", "仓储业", "Warehousing", "（七）", (EMPLOYEES, REVENUE), (200, 30000), (100, 1000), (20, 100)
    ),
    Industry(
        "postal", "邮政业", "Postal services", "（八）", (EMPLOYEES, REVENUE), (1000, 30000), (300, 2000), (20, 100)
    ),
    Industry(
        "accommodation", "住宿业", "Accommodation", "（九）", (EMPLOYEES, REVENUE), (300, 10000), (100, 2000), (10, 100)
    ),
    Industry("catering", "餐饮业", "Catering", "（十）", (EMPLOYEES, REVENUE), (300, 10000), (100, 2000), (10, 100)),
    Industry(
        "telecom",
        "信息传输业",
        "Information transmission",
        "（十一）",
        (EMPLOYEES, REVENUE),
        (2000, 100000),
        (100, 1000),
        (10, 100),
    ),
    Industry(
        "software",
        "软件和信息技术服务业",
        "Software and IT services",
        "（十二）",
        (EMPLOYEES, REVENUE),
        (300, 10000),
        (100, 1000),
        (10, 50),
    ),
    Industry(
        "real_estate",
        "房地产开发经营",
        "Real-estate development",
        "（十三）",
        (REVENUE, ASSETS),
        (200000, 10000),
        (1000, 5000),
        (100, 2000),
    ),
    Industry(
        "property_management",
        "物业管理",
        "Property management",
        "（十四）",
        (EMPLOYEES, REVENUE),
        (1000, 5000),
        (300, 1000),
        (100, 500),
    ),
    Industry(
        "leasing_business",
        "租赁和商务服务业",
        "Leasing and business services",
        "（十五）",
        (EMPLOYEES, ASSETS),
        (300, 120000),
        (100, 8000),
        (10, 100),
    ),
    Industry("other", "其他未列明行业", "Other industries", "（十六）", (EMPLOYEES,), (300,), (100,), (10,)),
)
# fmt: on
BY_CODE = {industry.code: industry for industry in INDUSTRIES}
WAN = Decimal(10000)


def classify(industry_code: str, employees: int | None, revenue_yuan, assets_yuan=None) -> str | None:
    """The size class, or None when a measure the industry's row needs is missing."""
    industry = BY_CODE.get(industry_code)
    if industry is None:
        return None
    values = {
        EMPLOYEES: Decimal(employees) if employees is not None else None,
        REVENUE: Decimal(str(revenue_yuan)) / WAN if revenue_yuan is not None else None,
        ASSETS: Decimal(str(assets_yuan)) / WAN if assets_yuan is not None else None,
    }
    if any(values[m] is None for m in industry.measures):
        return None

    def reaches(thresholds: tuple[int, ...]) -> bool:
        return all(values[m] >= t for m, t in zip(industry.measures, thresholds, strict=True))

    if reaches(industry.large):
        return LARGE
    if reaches(industry.medium):
        return MEDIUM
    if reaches(industry.small):
        return SMALL
    return MICRO


def is_sme(size_class: str | None) -> bool:
    return size_class in (MEDIUM, SMALL, MICRO)


def label(size_class: str | None, locale: str) -> str:
    labels = SIZE_LABELS_EN if str(locale).startswith("en") else SIZE_LABELS_ZH
    return labels.get(size_class or "", "")


def industry_name(code: str | None, locale: str) -> str:
    industry = BY_CODE.get(code or "")
    if industry is None:
        return ""
    return industry.name_en if str(locale).startswith("en") else industry.name_zh
