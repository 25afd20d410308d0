"""Reference data every installation needs: the departments of the rules and the shipped processes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Department, ProcessDefinition
from webapp.processes.services import definitions
from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.departments import REGISTRY
from workflows.catalogue.generate import clause_chains, filing_processes, grant_processes
from workflows.engine import definitions as engine_definitions
from workflows.shipped import SHIPPED_PROCESSES, shipped_sources


def seed_departments() -> int:
    """Add each department of the catalogue's registry that is not in the database yet, under the
    name it carries today; every name it had (the rules' of 2011 first) is an alias lanes route by."""
    added = 0
    with unit_of_work():
        existing = set(db.session.scalars(select(Department.code)))
        for entry in REGISTRY:
            if entry.code not in existing:
                db.session.add(
                    Department(
                        code=entry.code,
                        name_zh=entry.today_zh,
                        name_en=entry.today_en,
                        kind=entry.kind,
                        level=entry.level,
                        aliases=list(entry.all_names()),
                        name_history=[
                            {"on": c.on, "name_zh": c.name_zh, "name_en": c.name_en, "source": c.source}
                            for c in entry.history
                        ]
                        or None,
                    )
                )
                added += 1
    return added


def seed_processes(process_dir: Path) -> list[ProcessDefinition]:
    """Load the shipped and generated processes: each new source becomes a new version, unless an
    administrator has changed that process since (their version is never overwritten)."""
    loaded = []
    for bpmn, dmns in _product_processes(process_dir):
        if _should_load(bpmn, dmns):
            loaded.append(definitions.upload_definition(None, bpmn, dmns))
    return loaded


def _product_processes(process_dir: Path):
    for bpmn_name in SHIPPED_PROCESSES:
        yield shipped_sources(bpmn_name, process_dir)
    catalogue = load_catalogue()
    limit = (process_dir / "disbursement_limit.dmn").read_bytes()
    for process in clause_chains(catalogue) + filing_processes(catalogue) + grant_processes(catalogue, limit):
        yield process.bpmn, list(process.dmns)


def _should_load(bpmn: bytes, dmns: list[bytes]) -> bool:
    digest = engine_definitions.source_hash(bpmn, dmns)
    if db.session.scalar(select(ProcessDefinition.id).where(ProcessDefinition.source_hash == digest)):
        return False
    key = engine_definitions.load_version(bpmn, dmns).key
    latest = db.session.scalar(
        select(ProcessDefinition)
        .where(ProcessDefinition.key == key)
        .order_by(ProcessDefinition.version.desc())
        .limit(1)
    )
    return latest is None or latest.uploaded_by_id is None
