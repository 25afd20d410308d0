"""The departments named in the rules' responsibility clauses, under every spelling the texts use,
and the names they carry today.

Codes are stored in the database and named by the process files: never change them. `name_zh`
and `short_name` are the names as the 2011 rules write them (quoted wherever the rules are);
`history` lists each renaming since, with its date and source (docs/departments-today.md), and
the last name is the body that issues, routes and is displayed today. A name the rules use that
is missing here makes the rules parser fail loudly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

REGION = "自治区"


@dataclass(frozen=True)
class NameChange:
    """From `on` the body is called `name_zh`; `on` is as precise as the source (YYYY, YYYY-MM or a day)."""

    on: str
    name_zh: str
    short_name: str
    name_en: str
    source: str  # the act or notice, as cited in docs/departments-today.md


@dataclass(frozen=True)
class DepartmentEntry:
    code: str
    name_zh: str  # as the rules write it in full, e.g. 「自治区经信委」
    short_name: str  # the rules' full short form without 自治区, e.g. 「人力资源和社会保障厅」
    name_en: str
    kind: str  # "government" | "financial regulator" | "enterprise" | "group"
    level: str  # "region" | "prefecture" | "county"
    aliases: tuple[str, ...]  # every spelling the texts use, name_zh and short_name included
    history: tuple[NameChange, ...] = ()  # renamings since the rules, oldest first

    @property
    def today_zh(self) -> str:
        return self.history[-1].name_zh if self.history else self.name_zh

    @property
    def today_short(self) -> str:
        return self.history[-1].short_name if self.history else self.short_name

    @property
    def today_en(self) -> str:
        return self.history[-1].name_en if self.history else self.name_en

    @property
    def is_open_group(self) -> bool:
        """All bodies of a kind (各金融机构) or a body outside government (新疆电力公司): informed or
        consulted, never a lane that holds a case."""
        return self.kind in ("group", "enterprise")

    def all_names(self) -> tuple[str, ...]:
        """Every name it was ever known by, the rules' spellings first: a lane naming any of them routes here."""
        names = (*self.aliases, *(n for change in self.history for n in (change.name_zh, change.short_name)))
        return tuple(dict.fromkeys(names))


def _region(code: str, short_name: str, name_en: str, *others: str, kind: str = "government") -> DepartmentEntry:
    """A regional body, spelled with and without 自治区 (and so are its other short forms)."""
    spellings = [short_name, *others]
    aliases = tuple(REGION + s for s in spellings) + tuple(spellings)
    return DepartmentEntry(code, REGION + short_name, short_name, name_en, kind, "region", aliases)


def _named(code: str, name_zh: str, name_en: str, kind: str, *others: str) -> DepartmentEntry:
    """A body whose name carries its own prefix (新疆…, 人民银行…, 各…), spelled as written."""
    return DepartmentEntry(code, name_zh, name_zh, name_en, kind, "region", (name_zh, *others))


def _renamed(entry: DepartmentEntry, *changes: NameChange) -> DepartmentEntry:
    return replace(entry, history=changes)


REFORM_2018 = "《新疆维吾尔自治区机构改革方案》（中共中央办公厅、国务院办公厅印发，2018年）"
NFRA_2023 = "《党和国家机构改革方案》（2023年3月）；国家金融监督管理总局派出机构统一挂牌（2023年7月20日）"
CBIRC_2018 = "《深化党和国家机构改革方案》（2018年3月）：组建中国银行保险监督管理委员会及其派出机构"
PBOC_2023 = "《党和国家机构改革方案》（2023年3月）：中国人民银行分支机构改革，省级分行统一挂牌（2023年8月18日）"
FINANCE_2024 = "《党和国家机构改革方案》（2023年3月）：地方金融监管体制改革，2024年地方机构改革落地"

REGISTRY: tuple[DepartmentEntry, ...] = (
    _renamed(
        _region("JXW", "经信委", "Economic and Information Technology Commission"),
        NameChange(
            "2018-11",
            "自治区工业和信息化厅",
            "工业和信息化厅",
            "Department of Industry and Information Technology",
            REFORM_2018,
        ),
    ),
    _region("CZT", "财政厅", "Department of Finance"),
    _region("KJT", "科技厅", "Department of Science and Technology"),
    _region("FGW", "发改委", "Development and Reform Commission"),
    _region("JYT", "教育厅", "Department of Education"),
    _region("RST", "人力资源和社会保障厅", "Department of Human Resources and Social Security", "人社厅"),
    _region("SWT", "商务厅", "Department of Commerce"),
    _renamed(
        _region("JRB", "金融办", "Financial Affairs Office"),
        NameChange(
            "2018-11",
            "自治区地方金融监督管理局",
            "地方金融监督管理局",
            "Local Financial Supervision and Administration Bureau",
            REFORM_2018,
        ),
        NameChange("2024", "自治区地方金融管理局", "地方金融管理局", "Local Financial Administration", FINANCE_2024),
    ),
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
    _renamed(
        _region("GTZYT", "国土资源厅", "Department of Land and Resources"),
        NameChange("2018-11", "自治区自然资源厅", "自然资源厅", "Department of Natural Resources", REFORM_2018),
    ),
    _region("ZJT", "住房城乡建设厅", "Department of Housing and Urban-Rural Development"),
    _region("SLT", "水利厅", "Department of Water Resources"),
    _renamed(
        _region("HBT", "环保厅", "Department of Environmental Protection"),
        NameChange("2018-11", "自治区生态环境厅", "生态环境厅", "Department of Ecology and Environment", REFORM_2018),
    ),
    _region("JFB", "减负办", "Office for Reducing Enterprise Burdens"),
    # Not in any clause of the rules: the 2022 Measures (第十一条) give it the audit of the funds.
    _region("SJT", "审计厅", "Audit Office"),
    _renamed(
        _named(
            "RHZX",
            "人民银行乌鲁木齐中心支行",
            "People's Bank of China Urumqi Central Sub-branch",
            "financial regulator",
            "人行乌鲁木齐中心支行",
        ),
        NameChange(
            "2023-08-18",
            "中国人民银行新疆维吾尔自治区分行",
            "人民银行新疆分行",
            "People's Bank of China Xinjiang Uygur Autonomous Region Branch",
            PBOC_2023,
        ),
    ),
    _renamed(
        _named("YJJ", "新疆银监局", "Xinjiang Banking Regulatory Bureau", "financial regulator"),
        NameChange(
            "2018-12",
            "中国银保监会新疆监管局",
            "新疆银保监局",
            "CBIRC Xinjiang Office",
            CBIRC_2018,
        ),
        NameChange(
            "2023-07-20",
            "国家金融监督管理总局新疆监管局",
            "新疆金融监管局",
            "NFRA Xinjiang Office",
            NFRA_2023,
        ),
    ),
    _named("ZJJU", "新疆证监局", "Xinjiang Securities Regulatory Bureau", "financial regulator"),
    _named("DLGS", "新疆电力公司", "Xinjiang Electric Power Company", "enterprise"),
    # Open groups: every body of the kind, not one department.
    _named("JRJG", "各金融机构", "All financial institutions", "group"),
    _region("XWMT", "各新闻媒体单位", "All news media", kind="group"),
)


def _index(entries: tuple[DepartmentEntry, ...]) -> dict[str, DepartmentEntry]:
    index: dict[str, DepartmentEntry] = {}
    for entry in entries:
        for alias in entry.all_names():
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
