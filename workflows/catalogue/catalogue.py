"""The catalogue read from the shipped texts, and its JSON export (`flask catalog export`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from workflows.catalogue.departments import REGISTRY, DepartmentEntry, by_code
from workflows.catalogue.measures_parser import parse_measures
from workflows.catalogue.model import Amount, Article, Catalogue, Clause, Item, Point
from workflows.catalogue.rules_parser import parse_rules

TEXTS = Path(__file__).resolve().parent / "texts"
RULES_TEXT = TEXTS / "rules_2011.txt"
MEASURES_TEXT = TEXTS / "measures_2022.txt"


@cache
def load_catalogue() -> Catalogue:
    """Parsed once per process: the texts are shipped with the code and never change at run time."""
    items = parse_rules(RULES_TEXT.read_text(encoding="utf-8"))
    articles = parse_measures(MEASURES_TEXT.read_text(encoding="utf-8"))
    return Catalogue(items=items, articles=articles, departments=REGISTRY)


def export_json(catalogue: Catalogue) -> dict:
    """Plain data for JSON; departments inside items by the rules' short form (经信委, not JXW)."""
    return {
        "items": [_item(item) for item in catalogue.items],
        "departments": [_department(entry) for entry in catalogue.departments],
        "articles": [_article(article) for article in catalogue.articles],
    }


def _item(item: Item) -> dict:
    return {
        "number": item.number,
        "title": item.title,
        "points": [_point(point) for point in item.points],
        "clauses": [_clause(clause) for clause in item.clauses],
    }


def _point(point: Point) -> dict:
    return {"number": point.number, "text": point.text, "amounts": [_amount(amount) for amount in point.amounts]}


def _amount(amount: Amount) -> dict:
    return {"value": str(amount.value), "unit": amount.unit, "kind": amount.kind, "text": amount.text}


def _clause(clause: Clause) -> dict:
    return {
        "points": list(clause.points),
        "lead": [by_code(code).short_name for code in clause.lead],
        "assist": [by_code(code).short_name for code in clause.assist],
    }


def _department(entry: DepartmentEntry) -> dict:
    return {
        "code": entry.code,
        "name": entry.name_zh,
        "short_name": entry.short_name,
        "name_en": entry.name_en,
        "kind": entry.kind,
        "level": entry.level,
        "aliases": list(entry.aliases),
    }


def _article(article: Article) -> dict:
    return {"number": article.number, "chapter": article.chapter, "text": article.text}
