"""`flask --app wsgi seed`, `demo [--json]`, `signing-certificates`, `catalog export --format json`,
`audit verify`, `worker [--once]`, `statistics refresh`, `inbox recount` and `files copy-to-database`: each command
at module level, added to the app by `register`."""

import json
import logging

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from webapp import worker
from webapp.applications.cli import files_group
from webapp.common import audit_chain
from webapp.common.errors import ServiceError
from webapp.demo import accounts as demo
from webapp.demo import cases as demo_cases
from webapp.demo import history as demo_history
from webapp.department_work.cli import inbox_group
from webapp.department_work.services import calendar
from webapp.money.services import demo_money
from webapp.processes.services import seed
from webapp.statistics.cli import statistics_group
from workflows.catalogue import catalogue


@click.command("seed")
@with_appcontext
def seed_command():
    """Departments of the rules and the shipped processes (idempotent)."""
    added = seed.seed_departments()
    loaded = seed.seed_processes(current_app.config["PROCESS_DIR"])
    click.echo(f"departments added: {added}; process versions loaded: {len(loaded)}")


@click.command("demo")
@click.option("--json", "as_json", is_flag=True, help="Print the demo accounts as JSON.")
@click.option(
    "--notice-days",
    type=click.IntRange(0, 30),
    default=5,
    show_default=True,
    help="Working days the demo calls' public notice lasts before a grant is paid (0: at once).",
)
@with_appcontext
def demo_command(as_json, notice_days):
    """Create the demo accounts (never in production) and list them."""
    production = current_app.config["APP_ENV"] == "production"
    try:
        seed.seed_departments()
        accounts = demo.seed_demo_accounts(production)
        demo_money.seed_demo_money(production, calendar.beijing_today().year, notice_days)
        cases = demo_cases.seed_demo_cases(production)
        history = demo_history.seed_demo_history(production)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(accounts, ensure_ascii=False, indent=2))
        return
    for account in accounts:
        department = account["department"] or ""
        click.echo(f"{account['username']:10} {account['password']:10} {account['role']:9} {department}")
    for case in cases:
        click.echo(f"demo case {case.number}: {case.status}")
    if history:
        click.echo(f"past cases for the statistics: {len(history)}")


@click.command("signing-certificates")
@with_appcontext
def signing_certificates_command():
    """Development: a demo root and a signing certificate per department (never in production)."""
    from webapp.documents.services import signing

    try:
        made = signing.ensure_demo_certificates()
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"signing certificates in {signing.signing_dir()}: {made} new")


@click.group("catalog", cls=AppGroup)
def catalog_group():
    """The support items, departments and articles parsed from the shipped rules and Measures."""


@catalog_group.command("export")
@click.option("--format", "output_format", type=click.Choice(["json"]), default="json", show_default=True)
def catalog_export_command(output_format):
    """Print the whole catalogue (only JSON for now)."""
    exported = catalogue.export_json(catalogue.load_catalogue())
    click.echo(json.dumps(exported, ensure_ascii=False, indent=2))


@click.group("audit", cls=AppGroup)
def audit_group():
    """The audit trail's hash chain."""


@audit_group.command("verify")
def audit_verify_command():
    """Check every entry's link; exit 1 naming the first broken one."""
    report = audit_chain.verify_chain()
    if not report.intact:
        where = f"entry #{report.broken_seq}" if report.broken_seq is not None else "the chain"
        row = f" (row id {report.broken_id})" if report.broken_id is not None else ""
        raise click.ClickException(
            f"audit chain broken at {where}{row}: {report.reason}; {report.checked} entries before it hold"
        )
    click.echo(f"audit chain intact: {report.checked} entries")


@click.command("worker")
@click.option("--once", is_flag=True, help="Fire what is due now, then exit (for cron and tests).")
@click.option(
    "--interval", type=click.FloatRange(min=0.1), default=5.0, show_default=True, help="Seconds between polls."
)
@click.option("--batch", type=click.IntRange(min=1), default=50, show_default=True, help="Instances per claim.")
@with_appcontext
def worker_command(once, interval, batch):
    """Wake instances whose timers are due, send reminders and mail, keep the statistics current;
    runs until SIGTERM or SIGINT."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    fired = worker.run_worker(current_app._get_current_object(), interval, batch=batch, once=once)
    click.echo(f"instances woken by their timers: {fired}")


COMMANDS = (
    seed_command,
    demo_command,
    signing_certificates_command,
    catalog_group,
    audit_group,
    worker_command,
    statistics_group,
    inbox_group,
    files_group,
)


def register(app) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
