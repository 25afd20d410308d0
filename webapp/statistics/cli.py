"""`flask statistics refresh`: rebuild the roll-up tables now (after a bulk import, or from cron
where no worker runs)."""

import time

import click
from flask.cli import AppGroup

from webapp.statistics.services import snapshot


@click.group("statistics", cls=AppGroup)
def statistics_group():
    """The statistics' roll-up tables."""


@statistics_group.command("refresh")
def refresh_command():
    """Rebuild the roll-up from the cases and task rows, whether or not it is behind."""
    started = time.perf_counter()
    built_at = snapshot.refresh(force=True)
    seconds = time.perf_counter() - started
    click.echo(f"statistics rebuilt in {seconds:.1f} s (as of {built_at:%Y-%m-%d %H:%M:%S} UTC)")
