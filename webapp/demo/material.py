"""A stand-in for the scan an applicant uploads: one page naming the document, for the demo cases."""

from __future__ import annotations

import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"  # reportlab's built-in CID font, as in the decision letter


def demo_material(title: str) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(FONT, 16)
    page.drawString(72, 760, f"{title}（演示材料）")
    page.save()
    return buffer.getvalue()
