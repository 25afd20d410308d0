"""Files on a case: checked by their content, stored outside the web root under their SHA-256
(file_store.py: on disk, or in the database), and handed out only to those who may see the case.

`add_attachment` serves the applicant's required documents (draft and correction rounds) and,
with `document_type=None`, a department's working files; `open_attachment` is the one door out.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import filetype
from flask import current_app
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from webapp.applications.services import file_store
from webapp.applications.services.document_safety import refuse_active_content
from webapp.common import audit
from webapp.common.errors import Conflict, Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Application, Attachment, TaskState, User
from webapp.models._columns import utcnow
from workflows.programs import DOCUMENT_TYPES, DocumentType, required_documents

# Detected content type → the file name endings it may carry.
ALLOWED_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Stored:
    attachment: Attachment
    body: Path | io.BytesIO  # what send_file serves


def add_attachment(
    user: User, application: Application, file_storage, document_type: str | None = None, visible_to_applicant=True
) -> Attachment:
    """Check, store and record one uploaded file; a refusal stores nothing."""
    department_id = _ensure_may_add(user, application, document_type)
    content = _read(file_storage)
    filename = _safe_name(file_storage.filename or "upload")
    content_type = _checked_type(content, filename)
    digest = hashlib.sha256(content).hexdigest()
    with unit_of_work():
        file_store.put(digest, content)  # before the row: a row never points at missing bytes
        if document_type and user.is_applicant:
            for older in _current(application, document_type):
                older.removed_at = utcnow()  # replaced, kept on file: the history shows both
        row = Attachment(
            application_id=application.id,
            document_type=document_type,
            filename=filename,
            content_type=content_type,
            size=len(content),
            sha256=digest,
            uploaded_by_id=user.id,
            department_id=department_id,
            visible_to_applicant=visible_to_applicant or user.is_applicant,
        )
        db.session.add(row)
        db.session.flush()
        audit.record(
            user,
            "attachment.added",
            row,
            application.id,
            {"document_type": document_type, "filename": filename, "sha256": digest, "size": len(content)},
        )
    return row


def open_attachment(user: User, attachment_id: int) -> Stored:
    row = db.session.get(Attachment, attachment_id)
    if row is None:
        raise NotFound("No such file.")
    application = db.session.get(Application, row.application_id)
    if not application.can_view(user) or (user.is_applicant and not row.visible_to_applicant):
        raise PermissionDenied("You may not see the files of this application.")
    body = file_store.fetch(row.sha256)
    if body is None:
        raise NotFound("The file's content is missing from the store; tell the administrator.")
    return Stored(row, body)


def attachments_of(user: User, application: Application, include_removed: bool = False) -> list[Attachment]:
    query = select(Attachment).where(Attachment.application_id == application.id).order_by(Attachment.id)
    if not include_removed:
        query = query.where(Attachment.removed_at.is_(None))
    if user.is_applicant:
        query = query.where(Attachment.visible_to_applicant.is_(True))
    return list(db.session.scalars(query))


def missing_documents(application: Application) -> list[DocumentType]:
    present = set(
        db.session.scalars(
            select(Attachment.document_type).where(
                Attachment.application_id == application.id, Attachment.removed_at.is_(None)
            )
        )
    )
    return [d for d in required_documents(application.program_code) if d.code not in present]


def ensure_documents_complete(application: Application) -> None:
    missing = missing_documents(application)
    if missing:
        names = "、".join(d.name_zh for d in missing)
        raise Invalid(
            "Upload every required document before submitting; missing: %(names)s.",
            {"attachments": [d.code for d in missing]},
            names=names,
        )


def _ensure_may_add(user: User, application: Application, document_type: str | None) -> int | None:
    """The enterprise on its draft or when a correction is asked of it; a department on a case it works."""
    if user.is_applicant:
        if user.enterprise_id != application.enterprise_id:
            raise PermissionDenied("Only the applicant enterprise may add files to this application.")
        if document_type not in DOCUMENT_TYPES:
            raise Invalid("The form has errors.", {"document_type": ["Pick the kind of document."]})
        if not (application.is_draft or _correction_open(application)):
            raise Conflict("Files can be added to a draft or while a correction is asked for, not now.")
        return None
    if can_add_working_file(user, application):
        return user.department_id
    raise PermissionDenied("You may not add files to this application.")


def can_add_working_file(user: User, application: Application) -> bool:
    """Staff of a department that has or had a step on the case add working files to it."""
    return user.is_staff and any(t.department_id == user.department_id for t in application.tasks)


def _correction_open(application: Application) -> bool:
    return any(t.for_applicant and t.state == TaskState.OPEN for t in application.tasks)


def _current(application: Application, document_type: str) -> list[Attachment]:
    query = select(Attachment).where(
        Attachment.application_id == application.id,
        Attachment.document_type == document_type,
        Attachment.removed_at.is_(None),
    )
    return list(db.session.scalars(query))


def _read(file_storage) -> bytes:
    """Read at most the limit plus one byte: enough to know a file is too large without holding it all."""
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    if file_storage is None or not getattr(file_storage, "filename", ""):
        raise Invalid("The form has errors.", {"file": ["Choose a file."]})
    buffer = io.BytesIO()
    while chunk := file_storage.stream.read(CHUNK):
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise Invalid(
                "The file is larger than %(limit)s MB; upload a smaller scan or split it.",
                {"file": ["too large"]},
                limit=limit // (1024 * 1024),
            )
    content = buffer.getvalue()
    if not content:
        raise Invalid("The file is empty.", {"file": ["empty"]})
    return content


def _checked_type(content: bytes, filename: str) -> str:
    """What the bytes are, whatever the name says; only PDF, JPEG and PNG, each structurally whole."""
    kind = filetype.guess(content)
    mime = kind.mime if kind else None
    if mime is None:  # no known kind at all: say so without naming one in English
        raise Invalid(
            "Only PDF, JPEG or PNG files are accepted; %(name)s is not one of them.",
            {"file": ["type not allowed"]},
            name=filename,
        )
    if mime not in ALLOWED_TYPES:
        raise Invalid(
            "Only PDF, JPEG or PNG files are accepted; the content of %(name)s is %(kind)s.",
            {"file": ["type not allowed"]},
            name=filename,
            kind=mime,
        )
    if not filename.lower().endswith(ALLOWED_TYPES[mime]):
        raise Invalid(
            "The name %(name)s does not match its content (%(kind)s); rename the file or upload the right one.",
            {"file": ["name does not match content"]},
            name=filename,
            kind=mime,
        )
    if mime == "application/pdf":
        if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-2048:]:
            raise Invalid("%(name)s is not a complete PDF file.", {"file": ["broken pdf"]}, name=filename)
    else:
        try:
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise Invalid("%(name)s is not a readable image.", {"file": ["broken image"]}, name=filename) from exc
    refuse_active_content(content, mime, filename)
    return mime


def _safe_name(name: str) -> str:
    """Keep the name the applicant gave (for download), without any path."""
    base = os.path.basename(name.replace("\\", "/")).strip().replace("\x00", "")
    return (base or "upload")[:255]


@dataclass(frozen=True)
class DocumentSlot:
    """One required document type and the files on it now (what the upload section shows)."""

    document_type: DocumentType
    files: tuple[Attachment, ...]


def case_documents(user: User, application: Application) -> tuple[list[DocumentSlot], list[Attachment]]:
    """The program's required documents with their current files, and every other visible file."""
    rows = attachments_of(user, application)
    required = required_documents(application.program_code)
    slots = [DocumentSlot(d, tuple(r for r in rows if r.document_type == d.code)) for d in required]
    codes = {d.code for d in required}
    return slots, [r for r in rows if r.document_type not in codes]
