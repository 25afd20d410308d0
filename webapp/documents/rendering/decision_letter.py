"""The decision letter as a PDF, in Chinese: it is the administrative document itself.

Chinese is set in reportlab's built-in CID font STSong-Light, which PDF readers supply
(Adobe's Asian font packs, poppler-data, pdf.js), so no font file ships with the product.
The page follows GB/T 9704 (official documents) loosely: A4, its margins, 三号 body text.
"""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import textsplit
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import paragraph as rl_paragraph

from webapp.documents.services.letters import DecisionLetter
from workflows.programs import MEASURES_TITLE, RULES_TITLE

FONT = "STSong-Light"


# reportlab's line-start rule (禁则) lists Japanese punctuation; Chinese full-width marks join it
# so that no line of the letter starts with 「，」 or 「：」.
CHINESE_CANNOT_START = "，：；！？”’》〉"


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    for module in (textsplit, rl_paragraph):  # one-font lines wrap in textsplit, mixed ones in paragraph
        module.ALL_CANNOT_START += "".join(c for c in CHINESE_CANNOT_START if c not in module.ALL_CANNOT_START)
    body = ParagraphStyle("body", fontName=FONT, fontSize=14, leading=26, wordWrap="CJK", firstLineIndent=28)
    return {
        "issuer": ParagraphStyle("issuer", body, fontSize=18, leading=30, alignment=TA_CENTER, firstLineIndent=0),
        "title": ParagraphStyle("title", body, fontSize=22, leading=36, alignment=TA_CENTER, firstLineIndent=0),
        "number": ParagraphStyle("number", body, fontSize=12, alignment=TA_CENTER, firstLineIndent=0),
        "to": ParagraphStyle("to", body, firstLineIndent=0),
        "body": body,
        "quote": ParagraphStyle("quote", body, fontSize=12, leading=22, leftIndent=28, firstLineIndent=0),
        "sign": ParagraphStyle("sign", body, alignment=TA_RIGHT, firstLineIndent=0),
    }


def render(letter: DecisionLetter, compress: bool = True) -> bytes:
    styles = _styles()
    out = BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        title=f"审批决定书 {letter.number}",
        author=letter.department,
        subject=letter.number,
        pageCompression=1 if compress else 0,
    )
    flowables = [
        Paragraph(_markup(text), styles[style]) if style else Spacer(1, 6 * mm) for style, text in _lines(letter)
    ]
    # The rights, the issuer and the date stay on one page: a date alone on the last page looks forged.
    document.build([*flowables[:-4], KeepTogether(flowables[-4:])])
    return out.getvalue()


def _lines(letter: DecisionLetter) -> list[tuple[str | None, str]]:
    program, point = letter.program, letter.program.rule_ref
    cited = "、".join(article.ref for article in letter.articles)
    measures = f"《{_nested(MEASURES_TITLE)}》（以下简称《办法》）{cited}" if cited else ""
    lines: list[tuple[str | None, str]] = [
        ("issuer", letter.department),
        ("title", "审批决定书"),
        ("number", f"办件编号：{letter.number}"),
        (None, ""),
        ("to", f"{letter.enterprise}（统一社会信用代码：{letter.credit_code}）："),
        (
            "body",
            f"你单位依据《{RULES_TITLE}》（以下简称《细则》）{point}申请的“{program.title_zh}”，"
            "本机关已依法审查。现决定如下：",
        ),
    ]
    if letter.approved:
        amount = f"{letter.amount:,.2f}" if letter.amount is not None else "—"
        lines.append(("body", f"一、准予支持，核定补助金额人民币{amount}元。"))
    else:
        lines.append(("body", "一、不予批准。"))
    lines.append(("body", f"二、{'决定理由' if letter.approved else '不予批准的理由'}：{letter.reasons or '—'}"))
    lines.append(("body", f"三、本决定依据《细则》{point}{'和' + measures if measures else ''}作出。相关条文如下："))
    lines.append(("quote", f"《细则》{point}：{program.rule_text}"))
    for article in letter.articles:
        for i, paragraph in enumerate(article.text.splitlines()):
            lines.append(("quote", f"《办法》{article.ref}：{paragraph}" if i == 0 else paragraph))
    lines += [
        ("body", f"四、{letter.rights}"),
        (None, ""),
        ("sign", letter.department),
        ("sign", f"{letter.decided_on.year}年{letter.decided_on.month}月{letter.decided_on.day}日"),
    ]
    return lines


def _markup(text: str) -> str:
    """Escaped for reportlab's paragraph markup, with Latin letters and digits set in Times.

    STSong-Light is not embedded, and readers substitute its Latin glyphs unevenly
    (「X JZX 2026…」); Times-Roman is one of the 14 fonts every PDF reader has.
    """
    parts = _LATIN.split(text)
    return "".join(f'<font name="Times-Roman">{escape(p)}</font>' if i % 2 else escape(p) for i, p in enumerate(parts))


_LATIN = re.compile(r"([0-9A-Za-z][0-9A-Za-z ,.\-/]*[0-9A-Za-z]|[0-9A-Za-z])")


def _nested(title: str) -> str:
    """A title quoted inside 《》 turns its own 《》 into 〈〉."""
    return title.replace("《", "〈").replace("》", "〉")
