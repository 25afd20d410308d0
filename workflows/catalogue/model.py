"""What the catalogue holds: items, sub-points, responsibility clauses, amounts, articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Amount:
    """An amount, rate or limit stated in a sub-point, e.g. 「不超过100万元」 or 「每生每年300元」."""

    value: Decimal
    unit: str  # "yuan" | "yuan_per_person_year" | "yuan_per_student_year" | "years" | "percent"
    kind: str  # "cap" (不超过…), "rate" (每…), "duration" (最长…年), "amount" (anything else)
    text: str  # the words in the rules it was read from


@dataclass(frozen=True)
class Point:
    number: int  # 1, 2, … within its item
    text: str
    amounts: tuple[Amount, ...] = ()


@dataclass(frozen=True)
class Clause:
    """「（责任单位：…；协助单位：…）」: who leads and who assists for a run of sub-points."""

    points: tuple[int, ...]
    lead: tuple[str, ...]  # department codes, co-leads in the order written
    assist: tuple[str, ...]  # department codes, in the order written
    text: str  # the clause as written


@dataclass(frozen=True)
class Item:
    number: int  # 18 for （十八）
    numeral: str  # "十八"
    title: str  # 「支持中小企业科技创新」
    part: str  # the part heading it sits under, e.g. 「五、支持创业创新」
    points: tuple[Point, ...]
    clauses: tuple[Clause, ...]
    text: str  # the item's full text as written

    @property
    def ref(self) -> str:
        return f"（{self.numeral}）"


@dataclass(frozen=True)
class Article:
    number: int  # 10 for 第十条
    numeral: str  # "十"
    chapter: str  # 「第二章　资金支持」
    text: str

    @property
    def ref(self) -> str:
        return f"第{self.numeral}条"


@dataclass(frozen=True)
class Catalogue:
    items: tuple[Item, ...]
    articles: tuple[Article, ...]
    departments: tuple = field(default=())  # tuple[DepartmentEntry, ...] from departments.py

    def item(self, number: int) -> Item:
        return next(i for i in self.items if i.number == number)
