"""An official document (公文) as a PDF: GB/T 9704's page, an embedded Chinese font, a QR code.

The Chinese font is a TrueType file installed from Debian (`fonts-arphic-uming`, by `make
system-deps`); reportlab embeds the subset of glyphs a document uses, so every reader shows the
same characters whether or not it has a Chinese font. One font sets Chinese, Latin and digits, so
a line is one run of text and the line-start rule (禁则) below applies to every line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import paragraph as rl_paragraph

FONT = "ARPLUMing"
FONT_FILES = ("/usr/share/fonts/truetype/arphic/uming.ttc",)
RED = colors.Color(0.85, 0.05, 0.05)
QUIET_ZONE_MODULES = 4  # the white margin a QR reader needs around the symbol (ISO/IEC 18004)

# Punctuation that must not begin a line (GB/T 15834 and the 禁则 of CJK typesetting): reportlab's
# list is Japanese; the Chinese full-width marks join it so that a lone 「：」 never wraps alone.
CANNOT_START = "，。、：；！？）》〉」』”’〕】…—％"
# …and what must not end one: an opening bracket is carried to the next line with its word.
CANNOT_END = "（《〈「『“‘〔【"


class FontMissing(RuntimeError):
    """The Chinese font file is not installed: `make system-deps` installs fonts-arphic-uming."""


@dataclass(frozen=True)
class Notice:
    """What a document says, as the services gathered it; drawn here and nothing looked up."""

    issuer: str
    number: str  # 文号
    title: str
    addressee: str
    paragraphs: list[tuple[str, str]]  # (style, text): body, item, quote, heading
    issued_on: date
    verify_url: str
    cc: list[str] = field(default_factory=list)


def font_path() -> Path:
    for candidate in FONT_FILES:
        if Path(candidate).exists():
            return Path(candidate)
    raise FontMissing("The Chinese font is not installed: run `make system-deps` (Debian fonts-arphic-uming).")


@cache
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(TTFont(FONT, str(font_path()), subfontIndex=0))
    for module in (textsplit, rl_paragraph):  # one-font lines wrap in textsplit, mixed ones in paragraph
        module.ALL_CANNOT_START += "".join(c for c in CANNOT_START if c not in module.ALL_CANNOT_START)
    if hasattr(textsplit, "ALL_CANNOT_END"):
        textsplit.ALL_CANNOT_END += "".join(c for c in CANNOT_END if c not in textsplit.ALL_CANNOT_END)
    body = ParagraphStyle("body", fontName=FONT, fontSize=16, leading=28, wordWrap="CJK", firstLineIndent=32)
    plain = {"firstLineIndent": 0}
    return {
        "issuer": ParagraphStyle("issuer", body, fontSize=26, leading=40, alignment=TA_CENTER, textColor=RED, **plain),
        "number": ParagraphStyle("number", body, alignment=TA_CENTER, **plain),
        "title": ParagraphStyle("title", body, fontSize=22, leading=36, alignment=TA_CENTER, **plain),
        "to": ParagraphStyle("to", body, **plain),
        "body": body,
        "heading": ParagraphStyle("heading", body),
        "item": ParagraphStyle("item", body, leftIndent=32, firstLineIndent=0),
        "quote": ParagraphStyle("quote", body, fontSize=14, leading=24, leftIndent=32, firstLineIndent=0),
        "sign": ParagraphStyle("sign", body, alignment=TA_RIGHT, rightIndent=32, **plain),
        "small": ParagraphStyle("small", body, fontSize=10.5, leading=16, **plain),
    }


def render(notice: Notice) -> bytes:
    styles = _styles()
    out = BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=37 * mm,
        bottomMargin=45 * mm,  # room for the verification block at the foot of each page
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        title=f"{notice.title} {notice.number}",
        author=notice.issuer,
        subject=notice.number,
        creator="新疆中小企业扶持平台",
        lang="zh-CN",
        initialFontName=FONT,  # else every page names Helvetica, an unembedded font
    )
    head = [
        Paragraph(escape(notice.issuer), styles["issuer"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(notice.number), styles["number"]),
        HRFlowable(width="100%", thickness=1.5, color=RED, spaceBefore=2 * mm, spaceAfter=8 * mm),
        Paragraph(escape(notice.title), styles["title"]),
        Spacer(1, 6 * mm),
        Paragraph(escape(notice.addressee) + "：", styles["to"]),
    ]
    body = [Paragraph(escape(text), styles[style]) for style, text in notice.paragraphs]
    issued = notice.issued_on
    # The issuer and the date stay with the last paragraph: a date alone on a page looks forged.
    closing = [
        *body[-1:],
        Spacer(1, 10 * mm),
        Paragraph(escape(notice.issuer), styles["sign"]),
        Paragraph(f"{issued.year}年{issued.month}月{issued.day}日", styles["sign"]),
    ]
    document.build([*head, *body[:-1], KeepTogether(closing)], onFirstPage=_foot(notice), onLaterPages=_foot(notice))
    return out.getvalue()


def _foot(notice: Notice):
    """Each page's foot: the QR code of the verification page, its short URL, the number."""

    def draw(canvas, document):
        canvas.saveState()
        size = 26 * mm
        left, bottom = document.leftMargin, 12 * mm
        _draw_qr(canvas, notice.verify_url, left, bottom, size)
        canvas.setFont(FONT, 9)
        lines = (
            f"文号：{notice.number}　第{canvas.getPageNumber()}页",
            "扫描二维码或访问以下网址，核验本文书的真实性和完整性：",
            notice.verify_url,
            "本文书附有发文机关的电子签名，对文件的任何改动都将使签名失效。",
        )
        for i, line in enumerate(lines):
            canvas.drawString(left + size + 4 * mm, bottom + size - 5 * mm - i * 5 * mm, line)
        canvas.restoreState()

    return draw


def _draw_qr(canvas, text: str, left: float, bottom: float, size: float) -> None:
    """The QR code's dark modules as one filled path, a rectangle per horizontal run.

    segno computes the symbol (with the standard's choice of mask); reportlab's QR widget drew
    each module as a shape object, computed the symbol twice and took a third of the time of
    every step that issues a document.
    """
    count, runs = _qr_runs(text)
    module = size / (count + 2 * QUIET_ZONE_MODULES)
    path = canvas.beginPath()
    for y, start, length in runs:
        top = bottom + size - (y + QUIET_ZONE_MODULES + 1) * module
        path.rect(left + (start + QUIET_ZONE_MODULES) * module, top, length * module, module)
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)


@lru_cache(maxsize=64)
def _qr_runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The symbol's size in modules and its dark runs (row, first column, length): computed once
    for a document, whose every page carries the same code."""
    rows = segno.make_qr(text, error="m", boost_error=False).matrix
    return len(rows), tuple((y, start, length) for y, row in enumerate(rows) for start, length in _dark_runs(row))


def _dark_runs(row) -> list[tuple[int, int]]:
    """(first column, length) of each run of dark modules in one row of the symbol."""
    runs, start = [], None
    for x, dark in enumerate([*row, 0]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x - start))
            start = None
    return runs
