"""Reading a generated PDF as a person's tools would: its text, its fonts, its signature."""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import pytest


def need_poppler() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils is missing: `make system-deps` installs it")


# Each page's foot (number, verification address): read apart, so a sentence across pages reads whole.
FOOT = re.compile(
    r"文号：\S+\s*第\d+页|扫描二维码或访问以下网址，核验本文书的真实性和完整性：|https?://\S+/v/\w+|本文书附有发文机关的电子签名，对文件的任何改动都将使签名失效。"
)


def text_of(pdf: bytes, squeeze: bool = True) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    text = FOOT.sub("", out.stdout.decode())
    return re.sub(r"\s+", "", text) if squeeze else text  # lines wrap anywhere in Chinese


def foot_of(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return FOOT.findall(out.stdout.decode())


def fonts_of(pdf: bytes, tmp_path: Path) -> list[dict]:
    """pdffonts' table: one row per font with its embedded (emb) column."""
    path = tmp_path / "fonts-check.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type2] encoding emb sub uni object-id generation
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
    return rows


def signature_status(pdf: bytes, root_cert_path: Path):
    """pyHanko's validation of the one signature, trusting the given root (the demo root in tests).

    In a thread of its own: pyHanko runs an asyncio loop, and Playwright's sync API holds one in
    the test's thread.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_validate, pdf, root_cert_path).result()


def _validate(pdf: bytes, root_cert_path: Path):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(BytesIO(pdf))
    (signature,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(root_cert_path))])
    return validate_pdf_signature(signature, context)


def qr_codes_of(pdf: bytes, tmp_path: Path) -> list[str]:
    """What a phone's camera reads from the first page's QR codes: the page rasterised by poppler,
    the codes decoded by zbar (not by the library that drew them)."""
    if shutil.which("pdftoppm") is None or shutil.which("zbarimg") is None:
        pytest.skip("poppler-utils or zbar-tools is missing: `make system-deps` installs them")
    (tmp_path / "scan.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(tmp_path / "scan.pdf"), str(tmp_path / "page")],
        check=True,
    )
    (page,) = tmp_path.glob("page*.png")
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True, check=True)
    return out.stdout.split()
