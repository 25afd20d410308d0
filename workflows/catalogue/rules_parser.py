"""Parse 自治区关于促进中小企业发展实施意见细则 (2011): parts, items, sub-points, clauses, amounts.

The text is the shipped one, as published: sub-points sometimes start in the middle of a line
(「…采购。5．金融机构…」, 「…财政厅）7.大企业…」), so they are found by their expected next
number after a line start or a sentence end, never by a bare digit-and-dot.
"""

from __future__ import annotations

import re
from decimal import Decimal

from workflows.catalogue.departments import REGION, resolve
from workflows.catalogue.model import Amount, Clause, Item, Point

_DIGITS = dict(zip("一二三四五六七八九", range(1, 10), strict=True))

_PART = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）(.*)$", re.DOTALL)
_POINT = re.compile(r"(?:^|(?<=[。；）]))(\d{1,2})[.．]", re.MULTILINE)
_CLAUSE = re.compile(r"（(责任单位：[^（）]*)）")
# A name with its own prefix never takes the 自治区 carried from an earlier name in the list.
_OWN_PREFIX = (REGION, "新疆", "人民银行", "人行", "各")


def _number(name: str) -> str:
    return rf"(?<![\d.])(?P<{name}>\d+(?:\.\d+)?)"


_AMOUNT = re.compile(
    rf"(?P<rate>每人每年|每生每年){_number('rate_value')}(?P<rate_unit>万元|元)"
    rf"|(?P<cap>最高不超过|不超过|最高)?(?:不低于|不少于)?{_number('value')}(?P<unit>亿元|万元|元)(?P<within>以内)?"
    rf"|(?:最长不超过|不超过|最长)?(?<!\d)(?P<years>\d{{1,2}})年(?!一次)"
    rf"|(?:不得少于|不少于|不低于)?{_number('percent')}[%％]"
)
_YUAN = {"亿元": 100_000_000, "万元": 10_000, "元": 1}
_RATE_UNIT = {"每人每年": "yuan_per_person_year", "每生每年": "yuan_per_student_year"}


def chinese_number(numeral: str) -> int:
    """「二十六」 → 26; enough for the numbers of parts, items, chapters and articles (1–99)."""
    if "十" not in numeral:
        return _DIGITS[numeral]
    tens, _, ones = numeral.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def parse_rules(text: str) -> tuple[Item, ...]:
    """Every item （一）…, in order, with the part it sits under."""
    items = []
    part = None
    lines: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        part_match = _PART.match(line)
        if part_match and chinese_number(part_match[1]) == _number_of(part) + 1:
            _flush(items, part, lines)
            part, lines = line, []
        elif part and _ITEM.match(line):
            _flush(items, part, lines)
            lines = [line]
        elif line and lines:
            lines.append(line)
    _flush(items, part, lines)
    for expected, item in enumerate(items, start=1):
        if item.number != expected:
            raise ValueError(f"item {item.ref} found where item {expected} was expected")
    return tuple(items)


def _number_of(part: str | None) -> int:
    return chinese_number(part.split("、", 1)[0]) if part else 0


def _flush(items: list[Item], part: str | None, lines: list[str]) -> None:
    if lines:
        items.append(_parse_item(part or "", "\n".join(lines)))


def _parse_item(part: str, text: str) -> Item:
    """One item from its full text, which starts with 「（N）title。」."""
    numeral, rest = _ITEM.match(text).groups()
    ref = f"（{numeral}）"
    title = re.split(r"[。\n]", rest, maxsplit=1)[0]
    markers = _point_markers(ref, text)
    clauses = [(m.start(), m.end(), m[0], m[1]) for m in _CLAUSE.finditer(text)]
    if text.count("责任单位") != len(clauses):
        raise ValueError(f"{ref}: a responsibility clause is not written 「（责任单位：…）」")
    points = []
    for index, (number, _, start) in enumerate(markers):
        end = markers[index + 1][1] if index + 1 < len(markers) else len(text)
        body = _CLAUSE.sub("", text[start:end]).strip()
        points.append(Point(number, body, parse_amounts(body)))
    parsed_clauses = []
    previous_end = 0
    for start, end, written, inner in clauses:
        covered = tuple(n for n, at, _ in markers if previous_end <= at < start)
        lead, assist = _clause_departments(ref, inner)
        parsed_clauses.append(Clause(covered, lead, assist, written))
        previous_end = end
    return Item(chinese_number(numeral), numeral, title, part, tuple(points), tuple(parsed_clauses), text)


def _point_markers(ref: str, text: str) -> list[tuple[int, int, int]]:
    """(number, offset of 「N.」, offset of its text) of each sub-point 1., 2., … in order."""
    markers: list[tuple[int, int, int]] = []
    for match in _POINT.finditer(text):
        number = int(match[1])
        if number == len(markers) + 1:
            markers.append((number, match.start(), match.end()))
        elif match.start() == 0 or text[match.start() - 1] == "\n":
            raise ValueError(f"{ref}: sub-point {number} found where {len(markers) + 1} was expected")
    return markers


def _clause_departments(ref: str, inner: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """「责任单位：A、B；协助单位：C、D等」 → (codes of A, B), (codes of C, D)."""
    roles = {}
    for section in inner.split("；"):
        label, _, names = section.partition("：")
        if label not in ("责任单位", "协助单位") or label in roles or not names:
            raise ValueError(f"{ref}: cannot read 「{section}」 in the clause 「（{inner}）」")
        roles[label] = _codes(ref, names)
    return roles["责任单位"], roles.get("协助单位", ())


def _codes(ref: str, names: str) -> tuple[str, ...]:
    """「自治区经信委、发改委、各金融机构等」 → JXW, FGW, JRJG: 自治区 carries to the names after it."""
    codes = []
    carried = ""
    for written in names.removesuffix("等").split("、"):
        name = written.strip()
        candidates = [name]
        if name.startswith(REGION):
            carried = REGION
        elif carried and not name.startswith(_OWN_PREFIX):
            candidates.insert(0, carried + name)
        entry = next((e for e in map(resolve, candidates) if e), None)
        if entry is None:
            raise ValueError(f"{ref}: unknown department 「{name}」 in 「{names}」; add it to the registry")
        codes.append(entry.code)
    return tuple(codes)


def parse_amounts(text: str) -> tuple[Amount, ...]:
    """The amounts, rates, durations and percentages a sub-point states, in the order written."""
    return tuple(_amount(match) for match in _AMOUNT.finditer(text))


def _amount(match: re.Match) -> Amount:
    if match["rate"]:
        value = _yuan(match["rate_value"], match["rate_unit"])
        return Amount(value, _RATE_UNIT[match["rate"]], "rate", match[0])
    if match["unit"]:
        kind = "cap" if match["cap"] or match["within"] else "amount"
        return Amount(_yuan(match["value"], match["unit"]), "yuan", kind, match[0])
    if match["years"]:
        return Amount(Decimal(match["years"]), "years", "duration", match[0])
    return Amount(Decimal(match["percent"]), "percent", "amount", match[0])


def _yuan(number: str, unit: str) -> Decimal:
    value = Decimal(number) * _YUAN[unit]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
