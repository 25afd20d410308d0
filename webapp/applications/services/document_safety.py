"""Content a document must not carry: PDF that runs code, and files that are also ZIP archives.

A PDF may hold JavaScript (run by readers when the file opens) or a Launch action (starts a
program), as names in its objects or inside compressed object streams; names may be spelled with
#xx escapes (/J#61vaScript). Any file may also be a ZIP archive (a polyglot: one reader sees a
letter, an unzip tool an executable). Neither is a scanned document, so both are refused.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from webapp.common.errors import Invalid

ACTIVE_NAMES = {b"/JavaScript", b"/JS", b"/Launch"}
NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
# What decompressing a file's streams may produce at most: a 10 MB upload cannot unpack into gigabytes.
INFLATE_BUDGET = 64 * 1024 * 1024


def refuse_active_content(content: bytes, mime: str, filename: str) -> None:
    if zipfile.is_zipfile(io.BytesIO(content)):
        raise Invalid(
            "%(name)s is also a ZIP archive; upload the document alone.", {"file": ["zip polyglot"]}, name=filename
        )
    if mime == "application/pdf" and _pdf_has_active_content(content):
        raise Invalid(
            "%(name)s carries JavaScript or a launch action; print it to a new PDF (or scan it) and upload that.",
            {"file": ["active content"]},
            name=filename,
        )


def _pdf_has_active_content(content: bytes) -> bool:
    if _names_in(content) & ACTIVE_NAMES:
        return True
    budget = INFLATE_BUDGET
    for stream in STREAM.finditer(content):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(stream.group(1), budget)
        except zlib.error:
            continue  # not Flate (an image, a font): nothing a reader would run
        budget -= len(inflated)
        if _names_in(inflated) & ACTIVE_NAMES:
            return True
        if budget <= 0:
            return True  # a stream that unpacks past the budget is a bomb, not a document
    return False


def _names_in(data: bytes) -> set[bytes]:
    return {_unescape(name) for name in NAME.findall(data)}


def _unescape(name: bytes) -> bytes:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)
