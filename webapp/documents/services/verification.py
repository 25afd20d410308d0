"""The public check of an issued document, and who may download one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import undefer

from webapp.common.errors import Invalid, NotFound, PermissionDenied
from webapp.extensions import db
from webapp.models import IssuedDocument

MAX_CHECKED_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Check:
    document: IssuedDocument
    sha256: str  # of the file in hand
    genuine: bool


def by_token(token: str) -> IssuedDocument:
    """The verification page's document: anyone holding the printed address sees its facts."""
    document = db.session.scalar(select(IssuedDocument).where(IssuedDocument.token == token.strip().upper()))
    if document is None:
        raise NotFound("No document was issued under this verification code.")
    return document


def check_file(token: str, stream) -> Check:
    """Is the file in hand byte for byte the one issued? Any change, even one byte, is "altered"."""
    document = by_token(token)
    data = stream.read(MAX_CHECKED_BYTES + 1) if stream is not None else b""
    if not data:
        raise Invalid("Choose the PDF file to check.", {"file": ["Choose the PDF file to check."]})
    if len(data) > MAX_CHECKED_BYTES:
        raise Invalid("This file is larger than any document issued here.")
    digest = hashlib.sha256(data).hexdigest()
    return Check(document=document, sha256=digest, genuine=digest == document.sha256)


def open_document(user, document_id: int) -> IssuedDocument:
    """The signed PDF for whoever may read its case: the enterprise, the departments involved, administrators."""
    document = db.session.scalar(
        select(IssuedDocument).options(undefer(IssuedDocument.content)).where(IssuedDocument.id == document_id)
    )
    if document is None:
        raise NotFound("No such document.")
    if not document.application.can_view(user):
        raise PermissionDenied("This document belongs to another case.")
    return document
