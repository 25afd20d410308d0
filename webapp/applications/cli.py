"""`flask files copy-to-database`: a disk store's files into the database, before a node switches
to FILE_STORE=database (see webapp/applications/services/file_store.py)."""

import click
from flask.cli import AppGroup

from webapp.applications.services import file_store
from webapp.common.transaction import unit_of_work


@click.group("files", cls=AppGroup)
def files_group():
    """Where uploaded files' bytes are stored."""


@files_group.command("copy-to-database")
def copy_to_database_command():
    """Copy every file under UPLOAD_DIR into the database (files already there are skipped)."""
    with unit_of_work():
        copied = file_store.copy_disk_to_database()
    click.echo(f"files copied into the database: {copied}")
