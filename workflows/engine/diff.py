"""What changed between two versions of a process: a unified diff of the XML, and by element.

Pure code over the BPMN XML (no engine, no Flask): the administrators' diff page and its
coloured diagrams read `element_changes`; `text_diff` is the reviewer's view of the same thing.

Elements are matched by BPMN id. A task, event or gateway, a sequence flow and a lane each
count as one element; a form field (camunda:formField) and a property (camunda:property) are
reported under the element that declares them, as `<element id>.<field id>` and
`<element id>#<property name>`, so a changed cap field or time limit is named precisely.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from lxml import etree

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"

# Flow nodes the diff names "task" (anything a case can stand on), besides flows and lanes.
_NODE_TAGS = {
    "task", "userTask", "scriptTask", "serviceTask", "manualTask", "businessRuleTask", "sendTask",
    "receiveTask", "callActivity", "subProcess", "startEvent", "endEvent", "intermediateCatchEvent",
    "intermediateThrowEvent", "boundaryEvent", "exclusiveGateway", "parallelGateway",
    "inclusiveGateway", "eventBasedGateway",
}  # fmt: skip


@dataclass(frozen=True)
class ElementChange:
    """One element added, removed or changed; `details` says what changed for a `changed` one."""

    element: str
    kind: str  # task, flow, lane, field, property
    change: str  # added, removed, changed
    name: str = ""
    details: tuple[str, ...] = ()
    # The diagram element the change shows on (the task owning a field, the flow itself).
    diagram_id: str = ""

    def as_dict(self) -> dict:
        return {
            "element": self.element,
            "kind": self.kind,
            "change": self.change,
            "name": self.name,
            "details": list(self.details),
            "diagram_id": self.diagram_id or self.element,
        }


def text_diff(old: str, new: str, old_label: str = "old", new_label: str = "new", context: int = 3) -> str:
    """A unified diff of two XML texts (empty when they are equal)."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=False), new.splitlines(keepends=False), old_label, new_label, n=context, lineterm=""
    )
    return "\n".join(lines)


def element_changes(old: str | bytes, new: str | bytes) -> list[ElementChange]:
    """Tasks, flows, lanes, fields and properties added, removed or changed, by id, in document order."""
    before, after = _elements(old), _elements(new)
    changes = []
    for ident, item in after.items():
        if ident not in before:
            changes.append(ElementChange(ident, item["kind"], "added", item["name"], (), item["owner"]))
    for ident, item in before.items():
        if ident not in after:
            changes.append(ElementChange(ident, item["kind"], "removed", item["name"], (), item["owner"]))
            continue
        details = _differences(item, after[ident])
        if details:
            name = after[ident]["name"] or item["name"]
            changes.append(ElementChange(ident, item["kind"], "changed", name, details, item["owner"]))
    order = {"removed": 0, "changed": 1, "added": 2}
    return sorted(changes, key=lambda c: (order[c.change], c.kind, c.element))


def _differences(old: dict, new: dict) -> tuple[str, ...]:
    details = []
    if old["tag"] != new["tag"]:
        details.append(f"type: {old['tag']} → {new['tag']}")
    for key in sorted(set(old["facts"]) | set(new["facts"])):
        a, b = old["facts"].get(key), new["facts"].get(key)
        if a != b:
            details.append(f"{key}: {_show(a)} → {_show(b)}")
    return tuple(details)


def _show(value) -> str:
    if value is None:
        return "—"
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:77] + "…"


def _elements(xml: str | bytes) -> dict[str, dict]:
    root = etree.fromstring(xml.encode() if isinstance(xml, str) else xml)
    found: dict[str, dict] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        qname = etree.QName(el)
        tag = qname.localname
        if qname.namespace == BPMN_NS and el.get("id") and (tag in _NODE_TAGS or tag in ("sequenceFlow", "lane")):
            kind = "flow" if tag == "sequenceFlow" else "lane" if tag == "lane" else "task"
            found[el.get("id")] = _entry(el, tag, kind, el.get("id"), _node_facts(el, tag))
            for field in el.iter(f"{{{CAMUNDA_NS}}}formField"):
                ident = f"{el.get('id')}.{field.get('id')}"
                found[ident] = _entry(field, "formField", "field", el.get("id"), _field_facts(field))
                found[ident]["name"] = field.get("label") or field.get("id") or ""
            for prop in _own_properties(el):
                ident = f"{el.get('id')}#{prop.get('name')}"
                found[ident] = _entry(prop, "property", "property", el.get("id"), {"value": prop.get("value")})
                found[ident]["name"] = prop.get("name") or ""
    return found


def _entry(el, tag: str, kind: str, owner: str, facts: dict) -> dict:
    return {"tag": tag, "kind": kind, "name": el.get("name") or "", "owner": owner, "facts": facts}


def _node_facts(el, tag: str) -> dict:
    facts = {k: v for k, v in el.attrib.items() if k != "id"}
    if tag == "lane":
        facts["elements"] = ", ".join(sorted(ref.text or "" for ref in el.findall(f"{{{BPMN_NS}}}flowNodeRef")))
    for child in ("conditionExpression", "script", "documentation"):
        node = el.find(f"{{{BPMN_NS}}}{child}")
        if node is not None:
            facts[child] = (node.text or "").strip()
    for timer in el.iter(f"{{{BPMN_NS}}}timerEventDefinition"):
        for part in timer:
            if isinstance(part.tag, str):
                facts[f"timer {etree.QName(part).localname}"] = (part.text or "").strip()
    return facts


def _field_facts(field) -> dict:
    facts = {k: v for k, v in field.attrib.items() if k != "id"}
    values = [f"{v.get('id')}={v.get('name')}" for v in field.iter(f"{{{CAMUNDA_NS}}}value")]
    if values:
        facts["values"] = ", ".join(values)
    constraints = [f"{c.get('name')}={c.get('config')}" for c in field.iter(f"{{{CAMUNDA_NS}}}constraint")]
    if constraints:
        facts["validation"] = ", ".join(constraints)
    props = [f"{p.get('id')}={p.get('value')}" for p in field.iter(f"{{{CAMUNDA_NS}}}property")]
    if props:
        facts["properties"] = ", ".join(props)
    return facts


def _own_properties(el):
    """camunda:property entries of the element itself, not those inside its form fields."""
    ext = el.find(f"{{{BPMN_NS}}}extensionElements")
    if ext is None:
        return []
    holder = ext.find(f"{{{CAMUNDA_NS}}}properties")
    return [] if holder is None else holder.findall(f"{{{CAMUNDA_NS}}}property")
