"""Write a DMN decision table for a grant: eligibility rows first, then the cap or rate.

SpiffWorkflow evaluates UNIQUE tables by returning the first matching row, so each refusal
row (cap 0, with the reason) comes before the final row that computes the cap. Cells are
Python run in the sandbox (SpiffWorkflow 3.2 has no FEEL).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

DMN = "https://www.omg.org/spec/DMN/20191111/MODEL/"


@dataclass(frozen=True)
class Refusal:
    """A condition under which nothing may be granted, and the reason citing the rule."""

    input: str  # the expression the column reads, e.g. "graduated_enterprises"
    cell: str  # the test on it, e.g. "< 1"
    reason: str


def cap_table(decision_id: str, name: str, refusals: tuple[Refusal, ...], cap: str, basis: str) -> bytes:
    inputs = list(dict.fromkeys(r.input for r in refusals)) or ["program"]
    root = etree.Element(f"{{{DMN}}}definitions", nsmap={None: DMN})
    root.set("id", f"defs_{decision_id}")
    root.set("name", name)
    root.set("namespace", "http://sme.xinjiang.example/dmn")
    decision = etree.SubElement(root, f"{{{DMN}}}decision", id=decision_id, name=name)
    table = etree.SubElement(decision, f"{{{DMN}}}decisionTable", id=f"{decision_id}_table", hitPolicy="UNIQUE")
    for index, expression in enumerate(inputs):
        column = etree.SubElement(table, f"{{{DMN}}}input", id=f"in_{index}", label=expression)
        source = etree.SubElement(column, f"{{{DMN}}}inputExpression", id=f"in_{index}_expr", typeRef="string")
        etree.SubElement(source, f"{{{DMN}}}text").text = expression
    etree.SubElement(table, f"{{{DMN}}}output", id="out_cap", label="上限（元）", name="amount_cap", typeRef="number")
    etree.SubElement(table, f"{{{DMN}}}output", id="out_basis", label="依据", name="cap_basis", typeRef="string")
    rows = [(r.reason, {r.input: r.cell}, "0", r.reason) for r in refusals] + [(basis, {}, cap, basis)]
    for number, (description, cells, cap_cell, basis_text) in enumerate(rows, start=1):
        rule = etree.SubElement(table, f"{{{DMN}}}rule", id=f"rule_{number}")
        etree.SubElement(rule, f"{{{DMN}}}description").text = description
        for index, expression in enumerate(inputs):
            entry = etree.SubElement(rule, f"{{{DMN}}}inputEntry", id=f"rule_{number}_in_{index}")
            etree.SubElement(entry, f"{{{DMN}}}text").text = cells.get(expression, "-")
        for suffix, text in (("cap", cap_cell), ("basis", _quoted(basis_text))):
            entry = etree.SubElement(rule, f"{{{DMN}}}outputEntry", id=f"rule_{number}_{suffix}")
            etree.SubElement(entry, f"{{{DMN}}}text").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
