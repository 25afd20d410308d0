"""`flask inbox recount`: count every open task afresh into the inbox's kept counts (after a bulk
import that wrote task rows around the application)."""

import time

import click
from flask.cli import AppGroup

from webapp.department_work.services import kept_counts


@click.group("inbox", cls=AppGroup)
def inbox_group():
    """The inbox's kept counts."""


@inbox_group.command("recount")
def recount_command():
    """Rebuild the kept counts from the task rows (waits for the steps in flight)."""
    started = time.perf_counter()
    tasks = kept_counts.recount()
    click.echo(f"inbox counts rebuilt: {tasks} open tasks in {time.perf_counter() - started:.1f} s")
