"""Eligibility before the form: a program's DMN table, evaluated row by row.

A grant's table lists its refusal rows first (cap 0, the reason citing the sub-point) and then
the row that computes the cap (see workflows/catalogue/dmn_builder.py). At the decision the
engine only wants the first match; an applicant checking beforehand wants every condition, so
each refusal row is evaluated on its own, with the same sandboxed DMN cell evaluation the
engine uses, and reported as passed, failed (the row matches: the reason applies) or not yet
known (an input is missing or cannot be read).
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass

from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine

from workflows.engine import limits
from workflows.engine.runner import SCRIPT_ENGINE

PASSED, FAILED, UNKNOWN = "passed", "failed", "unknown"
_NOT_INPUTS = set(dir(builtins)) | {"today", "now", "timedelta", "date", "datetime", "Decimal", "working_deadline"}


@dataclass(frozen=True)
class Condition:
    """One refusal row of the table, read as a condition the applicant must meet."""

    row: int
    citation: str  # the row's annotation: the reason and the sub-point it rests on
    inputs: tuple[str, ...]  # the data names the row reads
    outcome: str  # PASSED, FAILED or UNKNOWN
    detail: str = ""  # why it is UNKNOWN


@dataclass(frozen=True)
class Eligibility:
    conditions: tuple[Condition, ...]
    cap_basis: tuple[str, ...]  # annotations of the rows that compute the cap

    @property
    def eligible(self) -> bool:
        return all(c.outcome == PASSED for c in self.conditions)

    @property
    def failed(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if c.outcome == FAILED)


def inputs_read(table: DMNEngine) -> tuple[str, ...]:
    """The data names the refusal rows read: what an applicant must answer before a pre-check."""
    names: dict[str, None] = {}
    for rule in _refusal_rules(table):
        for name in _rule_inputs(rule):
            names[name] = None
    return tuple(names)


def check(table: DMNEngine, data: dict) -> Eligibility:
    """Every refusal row against `data`, one by one; the cap rows are returned as their basis.

    All cells share one model-code budget: past it, the remaining rows read "time limit exceeded"."""
    with limits.budget():
        return _check(table, _Context(data), data)


def _check(table: DMNEngine, context, data: dict) -> Eligibility:
    conditions = []
    for rule in _refusal_rules(table):
        inputs = _rule_inputs(rule)
        missing = [name for name in inputs if data.get(name) in (None, "")]
        if missing:
            conditions.append(Condition(rule.row_number, rule.description, inputs, UNKNOWN, ", ".join(missing)))
            continue
        try:
            matches = all(
                table.evaluate(entry.input.expression, lhs, context)
                for entry in rule.inputEntries
                for lhs in entry.lhs
                if lhs is not None
            )
        except Exception as exc:  # a cell that cannot read these values: say so, never crash the page
            conditions.append(Condition(rule.row_number, rule.description, inputs, UNKNOWN, str(exc).split("\n")[0]))
            continue
        conditions.append(Condition(rule.row_number, rule.description, inputs, FAILED if matches else PASSED))
    caps = tuple(rule.description for rule in table.decision_table.rules if not _is_refusal(rule))
    return Eligibility(tuple(conditions), caps)


def _refusal_rules(table: DMNEngine) -> list:
    return [rule for rule in table.decision_table.rules if _is_refusal(rule)]


def _is_refusal(rule) -> bool:
    """A row whose cap is the constant 0 refuses; dmn_builder writes them so."""
    return any(e.output.name == "amount_cap" and e.text.strip() == "0" for e in rule.outputEntries)


def _rule_inputs(rule) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for entry in rule.inputEntries:
        if all(lhs is None for lhs in entry.lhs):
            continue
        for source in (entry.input.expression, *(lhs for lhs in entry.lhs if lhs)):
            for name in _names(source):
                names[name] = None
    return tuple(names)


def _names(source: str) -> list[str]:
    try:
        tree = ast.parse(source.replace("?", "dmninputexpr"), mode="eval")
    except SyntaxError:
        return []
    return [
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id not in _NOT_INPUTS and node.id != "dmninputexpr"
    ]


class _Workflow:
    """What DMNEngine and SpiffWorkflow's error reporting read from a workflow, and no more."""

    script_engine = SCRIPT_ENGINE

    class spec:  # the attribute SpiffWorkflow reads
        file = "eligibility"

    @property
    def top_workflow(self):
        return self


class _Context:
    """Stands in for a task: the engine evaluates DMN cells against `task.data`."""

    class task_spec:
        bpmn_name = name = "eligibility"

    def __init__(self, data: dict):
        self.data = dict(data)
        self.workflow = _Workflow()
