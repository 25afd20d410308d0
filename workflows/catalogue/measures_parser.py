"""Parse 新疆维吾尔自治区实施《中华人民共和国中小企业促进法》办法 (2022): chapters and articles.

The shipped text was extracted from a PDF: every printed line is a line of its own, with blank
lines between, so an article's lines are joined again here. A line ending in 。 or ： ends a
paragraph, and so does one ending in ； before an enumerated 「（一）…」 line; any other line
break is only the page width.
"""

from __future__ import annotations

import re

from workflows.catalogue.model import Article
from workflows.catalogue.rules_parser import chinese_number

_CHAPTER = re.compile(r"^第([一二三四五六七八九十]+)章\s*(.*)$")
_ARTICLE = re.compile(r"^第([一二三四五六七八九十]+)条\s*(.*)$")


def parse_measures(text: str) -> tuple[Article, ...]:
    """Every article 第一条…, in order, with the heading of its chapter."""
    articles: list[tuple[str, str, list[str]]] = []
    chapter = ""
    chapters = 0
    for line in (raw.strip() for raw in text.splitlines()):
        chapter_match = _CHAPTER.match(line)
        article_match = _ARTICLE.match(line)
        if chapter_match and chinese_number(chapter_match[1]) == chapters + 1:
            chapters += 1
            chapter = f"第{chapter_match[1]}章　{''.join(chapter_match[2].split())}"
        elif article_match and chinese_number(article_match[1]) == len(articles) + 1:
            articles.append((article_match[1], chapter, [article_match[2]]))
        elif line and articles:
            articles[-1][2].append(line)
    return tuple(
        Article(chinese_number(numeral), numeral, heading, _join(lines)) for numeral, heading, lines in articles
    )


def _join(lines: list[str]) -> str:
    """The printed lines of one article as its paragraphs, one per line."""
    text = lines[0]
    for line in lines[1:]:
        paragraph_ends = text.endswith(("。", "：")) or (text.endswith("；") and line.startswith("（"))
        text += ("\n" if paragraph_ends else "") + line
    return text
