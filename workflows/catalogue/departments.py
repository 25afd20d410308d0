"""The departments named in the rules' responsibility clauses, under every spelling the texts use.

Codes and `name_zh` values are stored in the database and named by the process files: never
rename them. A name the rules use that is missing here makes the rules parser fail loudly.
"""

from __future__ import annotations

from dataclasses import dataclass

REGION = "自治区"


@dataclass(frozen=True)
class DepartmentEntry:
    code: str
    name_zh: str  # as the rules write it in full, e.g. 「自治区经信委」
    short_name: str  # the rules' full short form without 自治区, e.g. 「人力资源和社会保障厅」
    name_en: str
    kind: str  # "government" | "financial regulator" | "enterprise" | "group"
    level: str  # "region" | "prefecture" | "county"
    aliases: tuple[str, ...]  # every spelling the texts use, name_zh and short_name included


def _region(code: str, short_name: str, name_en: str, *others: str, kind: str = "government") -> DepartmentEntry:
    """A regional body, spelled with and without 自治区 (and so are its other short forms)."""
    spellings = [short_name, *others]
    aliases = tuple(REGION + s for s in spellings) + tuple(spellings)
    return DepartmentEntry(code, REGION + short_name, short_name, name_en, kind, "region", aliases)


def _named(code: str, name_zh: str, name_en: str, kind: str, *others: str) -> DepartmentEntry:
    """A body whose name carries its own prefix (新疆…, 人民银行…, 各…), spelled as written."""
    return DepartmentEntry(code, name_zh, name_zh, name_en, kind, "region", (name_zh, *others))


REGISTRY: tuple[DepartmentEntry, ...] = (
    _region("JXW", "经信委", "Economic and Information Technology Commission"),
    _region("CZT", "财政厅", "Department of Finance"),
    _region("KJT", "科技厅", "Department of Science and Technology"),
    _region("FGW", "发改委", "Development and Reform Commission"),
    _region("JYT", "教育厅", "Department of Education"),
    _region("RST", "人力资源和社会保障厅", "Department of Human Resources and Social Security", "人社厅"),
    _region("SWT", "商务厅", "Department of Commerce"),
    _region("JRB", "金融办", "Financial Affairs Office"),
    _region("GSJ", "工商局", "Administration for Industry and Commerce"),
    _region("ZJJ", "质监局", "Bureau of Quality and Technical Supervision"),
    _region("TJJ", "统计局", "Statistics Bureau"),
    _region("ZSCQJ", "知识产权局", "Intellectual Property Office"),
    _region("GZW", "国资委", "State-owned Assets Supervision and Administration Commission"),
    _region("GSJU", "国税局", "State Taxation Bureau"),
    _region("DSJ", "地税局", "Local Taxation Bureau"),
    # （八） names 「税务局」 beside 国税局 and 地税局 elsewhere: the tax authority as a whole
    # (today one body, 国家税务总局新疆维吾尔自治区税务局).
    _region("SWJ", "税务局", "Taxation Bureau"),
    _region("GTZYT", "国土资源厅", "Department of Land and Resources"),
    _region("ZJT", "住房城乡建设厅", "Department of Housing and Urban-Rural Development"),
    _region("SLT", "水利厅", "Department of Water Resources"),
    _region("HBT", "环保厅", "Department of Environmental Protection"),
    _region("JFB", "减负办", "Office for Reducing Enterprise Burdens"),
    # Not in any clause of the rules: the 2022 Measures (第十一条) give it the audit of the funds.
    _region("SJT", "审计厅", "Audit Office"),
    _named(
        "RHZX",
        "人民银行乌鲁木齐中心支行",
        "People's Bank of China Urumqi Central Sub-branch",
        "financial regulator",
        "人行乌鲁木齐中心支行",
    ),
    _named("YJJ", "新疆银监局", "Xinjiang Banking Regulatory Bureau", "financial regulator"),
    _named("ZJJU", "新疆证监局", "Xinjiang Securities Regulatory Bureau", "financial regulator"),
    _named("DLGS", "新疆电力公司", "Xinjiang Electric Power Company", "enterprise"),
    # Open groups: every body of the kind, not one department.
    _named("JRJG", "各金融机构", "All financial institutions", "group"),
    _region("XWMT", "各新闻媒体单位", "All news media", kind="group"),
)


def _index(entries: tuple[DepartmentEntry, ...]) -> dict[str, DepartmentEntry]:
    index: dict[str, DepartmentEntry] = {}
    for entry in entries:
        for alias in entry.aliases:
            if index.setdefault(alias, entry) is not entry:
                raise ValueError(f"alias 「{alias}」 names both {index[alias].code} and {entry.code}")
    return index


_BY_ALIAS = _index(REGISTRY)
_BY_CODE = {entry.code: entry for entry in REGISTRY}


def resolve(name: str) -> DepartmentEntry | None:
    """The department a name in the texts means, or None if no spelling matches exactly."""
    return _BY_ALIAS.get(name.strip())


def by_code(code: str) -> DepartmentEntry:
    """The department with this code; KeyError for a code that is not in the registry."""
    return _BY_CODE[code]
