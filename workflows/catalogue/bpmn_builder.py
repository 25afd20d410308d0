"""Write executable BPMN with a readable diagram: lanes, nodes on a grid, orthogonal flows.

The generated chains must open in bpmn-js as a drawing a civil servant can read, so every
node gets a shape (BPMNDI) from its lane and column, and every flow a right-angled path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
NSMAP = {"bpmn": BPMN, "bpmndi": BPMNDI, "dc": DC, "di": DI, "camunda": CAMUNDA}

LANE_HEIGHT = 150
TALL_LANE_HEIGHT = 220
COLUMN_WIDTH = 130
LEFT = 100
TOP = 80
SIZES = {"userTask": (100, 80), "scriptTask": (100, 80), "exclusiveGateway": (50, 50), "parallelGateway": (50, 50)}
EVENT_SIZE = (36, 36)


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


@dataclass
class FieldDef:
    """A form field as camunda:formData writes it, with our properties (English label, …)."""

    id: str
    label: str
    type: str = "string"
    label_en: str | None = None
    required: bool = False
    min: str | None = None
    max: str | None = None
    max_length: int | None = None
    choices: tuple[tuple[str, str, str], ...] = ()  # (value, 中文, English)
    required_if: str | None = None
    shown_to_applicant: bool = False


@dataclass
class Node:
    id: str
    kind: str  # startEvent, endEvent, userTask, scriptTask, boundaryEvent, exclusiveGateway, parallelGateway
    name: str
    lane: int
    column: float
    offset: int = 0  # pixels down from the lane's middle, to keep a side exit off the main line
    script: str | None = None  # scriptTask: Python, run in the sandbox
    attached_to: str | None = None  # boundaryEvent: the task it sits on (interrupting)
    time_date: str | None = None  # boundaryEvent: timeDate expression, e.g. working_deadline(10)
    form_key: str | None = None
    documentation: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    fields: list[FieldDef] = field(default_factory=list)

    def size(self) -> tuple[int, int]:
        return SIZES.get(self.kind, EVENT_SIZE)


@dataclass
class Flow:
    id: str
    source: str
    target: str
    condition: str | None = None


@dataclass
class ProcessDrawing:
    """One executable process in a pool with lanes, drawn on a grid."""

    process_id: str
    name: str
    lanes: list[str]  # lane names: department name_zh, or 申请企业
    nodes: list[Node] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    tall_lanes: set[int] = field(default_factory=set)  # lanes that need room for a timeout path
    properties: dict[str, str] = field(default_factory=dict)  # camunda properties of the process itself

    def lane_top(self, lane: int) -> float:
        return TOP + sum(self.lane_height(i) for i in range(lane))

    def lane_height(self, lane: int) -> int:
        return TALL_LANE_HEIGHT if lane in self.tall_lanes else LANE_HEIGHT

    def add(self, node: Node) -> Node:
        self.nodes.append(node)
        return node

    def connect(self, source: str, target: str, condition: str | None = None) -> None:
        self.flows.append(Flow(f"flow_{len(self.flows) + 1}", source, target, condition))

    # -- geometry ------------------------------------------------------------------------

    def _bounds(self, node: Node) -> tuple[float, float, int, int]:
        width, height = node.size()
        if node.attached_to:  # on the bottom edge of its task, towards the right
            x, y, w, h = self._bounds(next(n for n in self.nodes if n.id == node.attached_to))
            return x + w - width - 8, y + h - height / 2, width, height
        centre_x = LEFT + 80 + node.column * COLUMN_WIDTH
        centre_y = self.lane_top(node.lane) + self.lane_height(node.lane) / 2 + node.offset
        return centre_x - width / 2, centre_y - height / 2, width, height

    def _waypoints(self, flow: Flow) -> list[tuple[float, float]]:
        by_id = {n.id: n for n in self.nodes}
        sx, sy, sw, sh = self._bounds(by_id[flow.source])
        tx, ty, tw, th = self._bounds(by_id[flow.target])
        scx, scy, tcx, tcy = sx + sw / 2, sy + sh / 2, tx + tw / 2, ty + th / 2
        if abs(scy - tcy) < 1:
            if tcx > scx:
                return [(sx + sw, scy), (tx, tcy)]
            return [(scx, sy + sh), (scx, sy + sh + 25), (tcx, sy + sh + 25), (tcx, ty + th)]
        if by_id[flow.source].kind == "boundaryEvent":  # down from the task's edge, then across
            return [(scx, sy + sh), (scx, tcy), (tx, tcy)]
        if abs(scx - tcx) < 1:  # straight up or down
            return [(scx, sy if tcy < scy else sy + sh), (tcx, ty + th if tcy < scy else ty)]
        if tcx > scx:  # forward: leave on the right (or from a gateway's tip), turn once, enter on the left
            if by_id[flow.source].kind.endswith("Gateway"):
                return [(scx, sy + sh if tcy > scy else sy), (scx, tcy), (tx, tcy)]
            return [(sx + sw, scy), (tcx, scy), (tcx, ty if tcy > scy else ty + th)]
        # backward (a correction loop): out of the left side, across, into the target from above or below
        return [(sx, scy), (tcx, scy), (tcx, ty if tcy > scy else ty + th)]

    # -- XML -----------------------------------------------------------------------------

    def to_xml(self) -> bytes:
        root = etree.Element(_q(BPMN, "definitions"), nsmap=NSMAP)
        root.set("id", f"defs_{self.process_id}")
        root.set("targetNamespace", "http://sme.xinjiang.example/bpmn")
        collaboration = etree.SubElement(root, _q(BPMN, "collaboration"), id=f"collab_{self.process_id}")
        etree.SubElement(
            collaboration,
            _q(BPMN, "participant"),
            id=f"pool_{self.process_id}",
            name=self.name,
            processRef=self.process_id,
        )
        process = etree.SubElement(root, _q(BPMN, "process"), id=self.process_id, name=self.name, isExecutable="true")
        if self.properties:  # extensionElements come first in a process
            extensions = etree.SubElement(process, _q(BPMN, "extensionElements"))
            props = etree.SubElement(extensions, _q(CAMUNDA, "properties"))
            for name, value in self.properties.items():
                etree.SubElement(props, _q(CAMUNDA, "property"), name=name, value=value)
        self._lanes_xml(process)
        for node in self.nodes:
            self._node_xml(process, node)
        for flow in self.flows:
            element = etree.SubElement(
                process, _q(BPMN, "sequenceFlow"), id=flow.id, sourceRef=flow.source, targetRef=flow.target
            )
            if flow.condition:
                etree.SubElement(element, _q(BPMN, "conditionExpression")).text = flow.condition
        self._diagram_xml(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def _lanes_xml(self, process) -> None:
        lane_set = etree.SubElement(process, _q(BPMN, "laneSet"), id=f"lanes_{self.process_id}")
        for index, name in enumerate(self.lanes):
            lane = etree.SubElement(lane_set, _q(BPMN, "lane"), id=f"lane_{index}", name=name)
            for node in self.nodes:
                if node.lane == index:
                    etree.SubElement(lane, _q(BPMN, "flowNodeRef")).text = node.id

    def _node_xml(self, process, node: Node) -> None:
        element = etree.SubElement(process, _q(BPMN, node.kind), id=node.id, name=node.name)
        if node.attached_to:
            element.set("attachedToRef", node.attached_to)
            element.set("cancelActivity", "true")
        if node.form_key:
            element.set(_q(CAMUNDA, "formKey"), node.form_key)
        if node.documentation:
            etree.SubElement(element, _q(BPMN, "documentation")).text = node.documentation
        if node.properties or node.fields:
            extensions = etree.SubElement(element, _q(BPMN, "extensionElements"))
            if node.properties:
                props = etree.SubElement(extensions, _q(CAMUNDA, "properties"))
                for name, value in node.properties.items():
                    etree.SubElement(props, _q(CAMUNDA, "property"), name=name, value=value)
            if node.fields:
                form = etree.SubElement(extensions, _q(CAMUNDA, "formData"))
                for spec in node.fields:
                    _field_xml(form, spec)
        for flow in self.flows:
            if flow.target == node.id:
                etree.SubElement(element, _q(BPMN, "incoming")).text = flow.id
        for flow in self.flows:
            if flow.source == node.id:
                etree.SubElement(element, _q(BPMN, "outgoing")).text = flow.id
        if node.time_date:
            timer = etree.SubElement(element, _q(BPMN, "timerEventDefinition"), id=f"{node.id}_timer")
            etree.SubElement(timer, _q(BPMN, "timeDate")).text = node.time_date
        if node.script:
            etree.SubElement(element, _q(BPMN, "script")).text = node.script

    def _diagram_xml(self, root) -> None:
        diagram = etree.SubElement(root, _q(BPMNDI, "BPMNDiagram"), id=f"diagram_{self.process_id}")
        plane = etree.SubElement(
            diagram, _q(BPMNDI, "BPMNPlane"), id=f"plane_{self.process_id}", bpmnElement=f"collab_{self.process_id}"
        )
        width = 2 * 80 + (max(n.column for n in self.nodes) + 1) * COLUMN_WIDTH
        height = sum(self.lane_height(i) for i in range(len(self.lanes)))
        _shape(plane, f"pool_{self.process_id}", LEFT, TOP, width, height, horizontal=True)
        for index in range(len(self.lanes)):
            top, lane_height = self.lane_top(index), self.lane_height(index)
            _shape(plane, f"lane_{index}", LEFT + 30, top, width - 30, lane_height, True)
        for node in self.nodes:
            x, y, w, h = self._bounds(node)
            shape = _shape(plane, node.id, x, y, w, h)
            if node.kind == "exclusiveGateway":
                shape.set("isMarkerVisible", "true")
        for flow in self.flows:
            edge = etree.SubElement(plane, _q(BPMNDI, "BPMNEdge"), id=f"{flow.id}_di", bpmnElement=flow.id)
            for x, y in self._waypoints(flow):
                etree.SubElement(edge, _q(DI, "waypoint"), x=f"{x:.0f}", y=f"{y:.0f}")


def _shape(plane, element_id, x, y, width, height, horizontal=False):
    shape = etree.SubElement(plane, _q(BPMNDI, "BPMNShape"), id=f"{element_id}_di", bpmnElement=element_id)
    if horizontal:
        shape.set("isHorizontal", "true")
    etree.SubElement(shape, _q(DC, "Bounds"), x=f"{x:.0f}", y=f"{y:.0f}", width=f"{width:.0f}", height=f"{height:.0f}")
    return shape


def _field_xml(form, spec: FieldDef) -> None:
    element = etree.SubElement(form, _q(CAMUNDA, "formField"), id=spec.id, label=spec.label, type=spec.type)
    props = {
        "label_en": spec.label_en,
        "required_if": spec.required_if,
        "shown_to_applicant": "true" if spec.shown_to_applicant else None,
        "choices_en": "|".join(f"{v}={en}" for v, _zh, en in spec.choices) if spec.choices else None,
    }
    props = {k: v for k, v in props.items() if v}
    if props:
        holder = etree.SubElement(element, _q(CAMUNDA, "properties"))
        for name, value in props.items():
            etree.SubElement(holder, _q(CAMUNDA, "property"), id=name, value=value)
    constraints = [
        ("required", None) if spec.required else None,
        ("min", spec.min) if spec.min is not None else None,
        ("max", spec.max) if spec.max is not None else None,
        ("maxlength", str(spec.max_length)) if spec.max_length else None,
    ]
    constraints = [c for c in constraints if c]
    if constraints:
        validation = etree.SubElement(element, _q(CAMUNDA, "validation"))
        for name, config in constraints:
            constraint = etree.SubElement(validation, _q(CAMUNDA, "constraint"), name=name)
            if config is not None:
                constraint.set("config", config)
    for value, zh, _en in spec.choices:
        etree.SubElement(element, _q(CAMUNDA, "value"), id=value, name=zh)
