"""What a source file must be before SpiffWorkflow's parser sees it.

The parser trusts its input: a file that is XML but not DMN, given as a decision table, fails
inside its XPath with no message a modeler can use, and a business rule task that names no
decision (as other modelers write them, with the decision wired elsewhere) fails with a bare
KeyError. Both are checked here first and told as problems on the file or the element.
"""

from __future__ import annotations

from lxml import etree

from workflows.engine.errors import DefinitionProblem, InvalidDefinition

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def _root(source: bytes, what: str | None = None) -> etree._Element:
    """`what` names the file where several are checked; the BPMN file's line says enough alone."""
    try:
        return etree.fromstring(source, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        # Told as the parser told it before, naming the file where there are several.
        message = f"XML syntax error: {exc.msg} ({what})" if what else f"XML syntax error: {exc.msg}"
        raise InvalidDefinition([DefinitionProblem(message, line=exc.lineno)]) from exc


def check_decision_tables(dmns: list[bytes]) -> None:
    """Each file given as a decision table is a DMN <definitions> document."""
    for number, source in enumerate(dmns, start=1):
        what = f"Decision table file {number}"
        root = _root(source, what)
        namespace = etree.QName(root).namespace or ""
        if etree.QName(root).localname != "definitions" or "/DMN/" not in namespace.upper():
            raise InvalidDefinition(
                [DefinitionProblem(f"{what} is not a DMN decision table (its root element is <{root.tag}>).")]
            )


def check_business_rule_tasks(bpmn: bytes) -> None:
    """Every business rule task names the decision it evaluates (camunda:decisionRef)."""
    root = _root(bpmn)
    problems = [
        DefinitionProblem(
            "This business rule task names no decision: set its decision reference (camunda:decisionRef) "
            "to the id of a decision in one of the DMN files.",
            element=task.get("id"),
            line=task.sourceline,
        )
        for task in root.iter(f"{{{BPMN_NS}}}businessRuleTask")
        if not (task.get(f"{{{CAMUNDA_NS}}}decisionRef") or "").strip()
    ]
    if problems:
        raise InvalidDefinition(problems)
