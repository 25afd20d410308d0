"""The public catalogue of the rules: items, their clauses and chains, the departments, the grants.

Everything here is public law, read without signing in. The texts come from the parsed
catalogue (workflows/catalogue); only the clause chains' process versions come from the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from webapp.common.errors import Invalid, NotFound
from webapp.extensions import db
from webapp.models import ProcessDefinition
from workflows.catalogue.basis import articles_for
from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.chains import clause_process_id
from workflows.catalogue.departments import DepartmentEntry, by_code
from workflows.catalogue.model import Article, Clause, Item, Point
from workflows.programs import Program, all_programs

KEYWORD_MAX = 100
CHAIN_KEY = re.compile(r"rules_\d{2}_clause_\d+")


@dataclass(frozen=True)
class Found:
    """One item in the list: who leads it, whether it has grants, which sub-points the keyword hit."""

    item: Item
    leads: tuple[str, ...]
    programs: tuple[Program, ...]
    points: tuple[Point, ...] = ()  # the sub-points the keyword was found in
    intro: str = ""  # the item's opening words, when the keyword was found there


@dataclass(frozen=True)
class Search:
    keyword: str
    department: str
    parts: tuple[tuple[str, tuple[Found, ...]], ...]  # (part heading, its matching items), in order
    count: int
    departments: tuple[DepartmentEntry, ...]  # the select's choices: every department a clause names

    @property
    def filtered(self) -> bool:
        return bool(self.keyword or self.department)


@dataclass(frozen=True)
class ClauseView:
    number: int  # 1, 2, … in the item's clause order, as in the chain's process key
    clause: Clause
    key: str
    definition: ProcessDefinition | None  # the newest version of the chain, if it is loaded


@dataclass(frozen=True)
class ItemPage:
    item: Item
    intro: str  # the item's own words before its first sub-point
    clauses: tuple[ClauseView, ...]
    articles: tuple[Article, ...]
    programs: tuple[Program, ...]


@dataclass(frozen=True)
class Role:
    item: Item
    number: int
    clause: Clause


@dataclass(frozen=True)
class DepartmentPage:
    department: DepartmentEntry
    leads: tuple[Role, ...]
    assists: tuple[Role, ...]
    programs: tuple[tuple[Program, str], ...]  # (program, "lead" | "assisting")


def search_items(keyword: str = "", department: str = "") -> Search:
    """Items whose title, opening words or sub-points contain the keyword and that the department
    leads or assists; no criteria means every item."""
    keyword, department = (keyword or "").strip(), (department or "").strip().upper()
    if len(keyword) > KEYWORD_MAX:
        raise Invalid("Search words can be at most %(max)s characters.", max=KEYWORD_MAX)
    choices = clause_departments()
    if department and department not in {d.code for d in choices}:
        raise Invalid("No department in the rules has the code '%(code)s'; choose one from the list.", code=department)
    found = [
        hit
        for item in load_catalogue().items
        if (not department or department in _codes(item)) and (hit := _match(item, keyword.lower())) is not None
    ]
    parts: dict[str, list[Found]] = {}
    for hit in found:
        parts.setdefault(hit.item.part, []).append(hit)
    return Search(keyword, department, tuple((p, tuple(h)) for p, h in parts.items()), len(found), choices)


def item_page(number: int) -> ItemPage:
    item = _item_or_404(number)
    clauses = tuple(_clause_view(item, index, clause) for index, clause in enumerate(item.clauses))
    articles = _articles(articles_for(item.number))
    return ItemPage(item, intro_of(item), clauses, articles, programs_of(item.number))


def department_page(code: str) -> DepartmentPage:
    try:
        department = by_code((code or "").upper())
    except KeyError:
        raise NotFound("No department in the rules has the code '%(code)s'.", code=code) from None
    leads, assists = [], []
    for item in load_catalogue().items:
        for index, clause in enumerate(item.clauses):
            if department.code in clause.lead:
                leads.append(Role(item, index + 1, clause))
            elif department.code in clause.assist:
                assists.append(Role(item, index + 1, clause))
    programs = tuple(
        (program, "lead" if program.lead == department.code else "assisting")
        for program in all_programs().values()
        if department.code in (program.lead, *program.assisting)
    )
    return DepartmentPage(department, tuple(leads), tuple(assists), programs)


def latest_definition(key: str) -> ProcessDefinition | None:
    """The newest version of a process, published or not: the catalogue shows what is on file."""
    return db.session.scalar(
        select(ProcessDefinition)
        .where(ProcessDefinition.key == key)
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    )


def chain_bpmn(definition_id: int) -> str:
    """A clause chain's BPMN for the public diagram; other processes stay behind sign-in."""
    definition = db.session.get(ProcessDefinition, definition_id)
    if definition is None or not CHAIN_KEY.fullmatch(definition.key):
        raise NotFound("No such approval chain.")
    return definition.bpmn_xml


def clause_departments() -> tuple[DepartmentEntry, ...]:
    """Every department some clause names, in the registry's order."""
    named = {code for item in load_catalogue().items for code in _codes(item)}
    return tuple(entry for entry in load_catalogue().departments if entry.code in named)


def programs_of(item: int) -> tuple[Program, ...]:
    return tuple(p for p in all_programs().values() if p.item == item)


def intro_of(item: Item) -> str:
    """The item's words after its title and before sub-point 1 (all of them if it has none)."""
    text = item.text.split("\n1.", 1)[0] if item.points else item.text
    return text.removeprefix(item.ref).removeprefix(item.title).lstrip("。").strip()


def _clause_view(item: Item, index: int, clause: Clause) -> ClauseView:
    key = clause_process_id(item, index)
    return ClauseView(index + 1, clause, key, latest_definition(key))


def _item_or_404(number: int) -> Item:
    try:
        return load_catalogue().item(number)
    except StopIteration:
        raise NotFound("The rules have no item %(number)s; they run from 1 to 26.", number=number) from None


def _codes(item: Item) -> set[str]:
    return {code for clause in item.clauses for code in (*clause.lead, *clause.assist)}


def _match(item: Item, keyword: str) -> Found | None:
    leads = tuple(dict.fromkeys(code for clause in item.clauses for code in clause.lead))
    found = Found(item, leads, programs_of(item.number))
    if not keyword:
        return found
    points = tuple(p for p in item.points if keyword in p.text.lower())
    intro = intro_of(item) if keyword in intro_of(item).lower() else ""
    if points or intro or keyword in item.title.lower():
        return Found(item, leads, found.programs, points, intro)
    return None


def _articles(numbers: tuple[int, ...]) -> tuple[Article, ...]:
    by_number = {article.number: article for article in load_catalogue().articles}
    return tuple(by_number[n] for n in numbers if n in by_number)
