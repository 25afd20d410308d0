"""PAdES signatures with the issuing department's certificate (pyHanko).

An operator puts each department's key and certificate in SIGNING_DIR, named by the department's
code: `<code>.key.pem`, `<code>.cert.pem` and, if the certificate was issued by an intermediate,
`<code>.chain.pem` (docs/architecture.md, "Installing a department's certificate"). In development
and tests (SIGNING_DEMO_CERTIFICATES) a missing pair is generated with `cryptography`: a demo root
`demo-root.cert.pem` signs a certificate per department. No private key is ever in git.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from flask import current_app
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from sqlalchemy import select

from webapp.common.errors import ServiceError

DEMO_ROOT = "demo-root"


class CertificateMissing(ServiceError):
    status = 503


def sign(pdf: bytes, department, reason: str) -> tuple[bytes, str]:
    """The PDF with an invisible PAdES-B-B signature, and the signer's subject as the PDF shows it."""
    signer = _signer(department)
    meta = signers.PdfSignatureMetadata(
        field_name="IssuerSignature",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location="新疆维吾尔自治区",
        name=department.name_zh,
    )
    out = _outside_any_event_loop(
        signers.sign_pdf,
        IncrementalPdfFileWriter(BytesIO(pdf)),
        meta,
        signer=signer,
        bytes_reserved=_room_for_signature(signer),
    )
    return out.getvalue(), signer.signing_cert.subject.human_friendly


# What a CMS signature holds besides the certificates: the signed attributes, the signature value
# (72 bytes ECDSA P-256, 512 bytes RSA-4096) and the structure around them; under 2 kB in practice.
SIGNATURE_OVERHEAD_BYTES = 4096


def _room_for_signature(signer: signers.SimpleSigner) -> int:
    """The hex digits the PDF reserves for the signature, from the certificates it embeds.

    Left to itself pyHanko makes a whole dummy signature to measure it, which was half the time
    of signing (profile, issue 16); the certificates are almost all of a signature's size.
    """
    certificates = [signer.signing_cert, *signer.cert_registry]
    return 2 * (sum(len(cert.dump()) for cert in certificates) + SIGNATURE_OVERHEAD_BYTES)


def _outside_any_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous API calls asyncio.run(), which refuses to start inside a thread whose
    event loop is running (an async worker, or Playwright's synchronous API driving the browser
    tests); there the signature is made on a short-lived thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="signing") as pool:
        return pool.submit(function, *args, **kwargs).result()


def signing_dir() -> Path:
    return Path(current_app.config["SIGNING_DIR"])


def _signer(department) -> signers.SimpleSigner:
    folder, code = signing_dir(), department.code
    key, cert, chain = (folder / f"{code.lower()}.{part}.pem" for part in ("key", "cert", "chain"))
    if not (key.exists() and cert.exists()):
        if not current_app.config["SIGNING_DEMO_CERTIFICATES"]:
            raise CertificateMissing(
                "No signing certificate is installed for department %(code)s; an operator must install one.",
                code=code,
            )
        make_demo_certificate(folder, code, department.name_zh)
    passphrase = current_app.config.get("SIGNING_KEY_PASSPHRASE")
    return signers.SimpleSigner.load(
        str(key),
        str(cert),
        ca_chain_files=(str(chain),) if chain.exists() else None,
        key_passphrase=passphrase.encode() if passphrase else None,
    )


def ensure_demo_certificates() -> int:
    """Every department's demo certificate, made at setup (`make run`); how many were new."""
    from webapp.extensions import db
    from webapp.models import Department

    if not current_app.config["SIGNING_DEMO_CERTIFICATES"]:
        raise CertificateMissing("Demo certificates are not made in production; install each department's own.")
    folder, made = signing_dir(), 0
    for department in db.session.scalars(select(Department)):
        if not (folder / f"{department.code.lower()}.cert.pem").exists():
            make_demo_certificate(folder, department.code, department.name_zh)
            made += 1
    return made


def make_demo_certificate(folder: Path, code: str, name: str) -> None:
    """A development certificate for one department, issued by the folder's demo root."""
    folder.mkdir(parents=True, exist_ok=True)
    root_key, root_cert = _demo_root(folder)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(f"{name[:14]}（演示证书）", code.upper())  # X.509 allows 64 bytes of UTF-8
    usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
    cert = (
        _builder(subject, root_cert.subject, key)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(root_key, hashes.SHA256())
    )
    _write_once(folder / f"{code.lower()}.key.pem", _key_pem(key))
    _write_once(folder / f"{code.lower()}.cert.pem", cert.public_bytes(serialization.Encoding.PEM))
    _write_once(folder / f"{code.lower()}.chain.pem", root_cert.public_bytes(serialization.Encoding.PEM))


def _demo_root(folder: Path):
    key_path, cert_path = folder / f"{DEMO_ROOT}.key.pem", folder / f"{DEMO_ROOT}.cert.pem"
    if not cert_path.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        name = _name("中小企业扶持平台演示根证书", "DEMO-ROOT")
        usage = x509.KeyUsage(True, False, False, False, False, True, True, False, False)
        cert = (
            _builder(name, name, key)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(usage, critical=True)
            .sign(key, hashes.SHA256())
        )
        _write_once(key_path, _key_pem(key))
        _write_once(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    return key, x509.load_pem_x509_certificate(cert_path.read_bytes())


def _name(common_name: str, unit: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "新疆中小企业扶持平台（仅供开发测试）"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(subject: x509.Name, issuer: x509.Name, key) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
    )


def _key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _write_once(path: Path, data: bytes) -> None:
    """Written whole and never over an existing file: two processes starting at once keep one pair."""
    handle, temporary = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o600)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
