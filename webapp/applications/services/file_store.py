"""Where a stored file's bytes live, under their SHA-256 (the same content is stored once).

FILE_STORE=disk (the embedded default): under UPLOAD_DIR on this node's disk, written atomically.
FILE_STORE=database: in the `file_contents` table, in the transaction that records the file, so
every app node behind a load balancer reads what any node stored and a file never outlives or
precedes its record. An S3-compatible store would be a third kind here; it is not built.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from webapp.extensions import db
from webapp.models import FileContent

KINDS = ("disk", "database")


def in_database() -> bool:
    return current_app.config["FILE_STORE"] == "database"


def put(digest: str, content: bytes) -> None:
    """Store the bytes; call it inside the unit of work that records the file (first, so on disk
    no row lock is held while writing; a file left by a rolled-back record is harmless)."""
    if in_database():
        _insert_once(digest, content)
    else:
        _write(_path(digest), content)


def fetch(digest: str) -> Path | io.BytesIO | None:
    """What `send_file` serves: the file on disk, or the bytes from the database; None if missing."""
    if in_database():
        content = db.session.scalar(select(FileContent.content).where(FileContent.sha256 == digest))
        return None if content is None else io.BytesIO(content)
    path = _path(digest)
    return path if path.is_file() else None


def disk_writable() -> bool:
    """For the readiness probe: a disk store needs UPLOAD_DIR writable; a database store needs nothing more."""
    if in_database():
        return True
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    try:
        upload_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(upload_dir, os.W_OK)


def copy_disk_to_database() -> int:
    """Every file under UPLOAD_DIR into `file_contents` (before switching a node to FILE_STORE=database);
    how many were new. The caller commits."""
    copied = 0
    for path in sorted(Path(current_app.config["UPLOAD_DIR"]).glob("??/*")):
        if path.is_file() and len(path.name) == 64 and path.parent.name == path.name[:2]:
            copied += _insert_once(path.name, path.read_bytes())
    return copied


def _insert_once(digest: str, content: bytes) -> int:
    """1 if the bytes were new, 0 if stored already (by anyone, even at this moment)."""
    if db.session.scalar(select(FileContent.sha256).where(FileContent.sha256 == digest)) is not None:
        return 0
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(FileContent)
        .values(sha256=digest, content=content, size=len(content))
        .on_conflict_do_nothing(index_elements=["sha256"])
    )
    return 1 if db.session.execute(statement).rowcount != 0 else 0  # SQLite may report -1


def _path(digest: str) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / digest[:2] / digest


def _write(path: Path, content: bytes) -> None:
    if path.is_file():
        return  # the same content is stored once
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(content)
    os.replace(partial, path)  # atomic: a reader never sees half a file
