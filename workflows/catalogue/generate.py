"""Every clause's approval chain, every filing and every grant's program, generated from the parsed rules."""

from __future__ import annotations

from dataclasses import dataclass

from workflows.catalogue.chains import (
    DUTY_ITEMS,
    FILINGS,
    Grant,
    build_chain,
    build_filing,
    clause_process_id,
    clause_title,
    roles_of,
)
from workflows.catalogue.dmn_builder import cap_table
from workflows.catalogue.grants import GRANTS, GrantSpec
from workflows.catalogue.model import Catalogue, Clause, Item


@dataclass(frozen=True)
class GeneratedProcess:
    key: str
    name: str
    bpmn: bytes
    dmns: tuple[bytes, ...]
    item: int
    points: tuple[int, ...]


def clause_of(item: Item, point: int) -> Clause:
    """The clause that covers a sub-point: the first one written after it."""
    for clause in item.clauses:
        if point in clause.points:
            return clause
    raise LookupError(f"{item.ref}{point} is covered by no responsibility clause")


def program_departments(spec: GrantSpec, clause: Clause) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(lead and co-leads, assisting departments that give opinions) of a grant program."""
    roles = roles_of(clause, spec.departments)
    return roles.leads, roles.assists


def clause_chains(catalogue: Catalogue) -> list[GeneratedProcess]:
    """One approval chain per clause, except for items that are duties of departments (nobody applies)."""
    chains = []
    for item in catalogue.items:
        if item.number in DUTY_ITEMS:
            continue
        for index, clause in enumerate(item.clauses):
            key = clause_process_id(item, index)
            drawing = build_chain(key, clause_title(item, clause), item, clause)
            chains.append(GeneratedProcess(key, drawing.name, drawing.to_xml(), (), item.number, clause.points))
    return chains


def filing_processes(catalogue: Catalogue) -> list[GeneratedProcess]:
    """Each filing (备案) sub-point: recorded with a receipt, never approved or refused."""
    filings = []
    for number, point in sorted(FILINGS):
        item = catalogue.item(number)
        drawing = build_filing(item, clause_of(item, point), point)
        filings.append(GeneratedProcess(drawing.process_id, drawing.name, drawing.to_xml(), (), number, (point,)))
    return filings


def grant_process(catalogue: Catalogue, spec: GrantSpec, limit_dmn: bytes) -> GeneratedProcess:
    item = catalogue.item(spec.item)
    clause = clause_of(item, spec.point)
    name = f"{item.ref}{spec.point} {spec.title_zh}"
    grant = Grant(spec.fields, spec.decision_id, spec.point, spec.departments)
    drawing = build_chain(spec.process_id, name, item, clause, grant)
    cap = cap_table(spec.decision_id, f"{name} 补助上限", spec.refusals, spec.cap, spec.basis)
    return GeneratedProcess(spec.process_id, name, drawing.to_xml(), (cap, limit_dmn), item.number, (spec.point,))


def grant_processes(catalogue: Catalogue, limit_dmn: bytes) -> list[GeneratedProcess]:
    return [grant_process(catalogue, spec, limit_dmn) for spec in GRANTS]
