"""Saving and restoring a running instance without copying its process spec each time.

SpiffWorkflow's serializer writes the whole parsed spec into every saved instance. We keep
the spec in the definition row (parsed once, cached in `definitions.py`) and save only the
instance's tasks and data, under our own format number so that old rows can be upgraded.
"""

from __future__ import annotations

import json
import threading
from datetime import date
from decimal import Decimal
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.helpers.registry import DefaultRegistry
from SpiffWorkflow.bpmn.serializer.workflow import VERSION as SPIFF_FORMAT
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

from workflows.engine.definitions import ProcessVersion
from workflows.engine.errors import EngineError

# Bump when the saved layout changes, and add an upgrade step to _UPGRADES.
STATE_FORMAT = 1


class SpeclessWorkflowConverter(BpmnWorkflowConverter):
    """Writes the instance without its spec; reads it back against the cached spec."""

    def to_dict(self, workflow):
        dct = super(BpmnWorkflowConverter, self).to_dict(workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct, version: ProcessVersion | None = None):
        if version is None:
            raise EngineError("restoring an instance needs its process version")
        dct["spec"] = None
        workflow = self.target_class(version.spec, version.subprocess_specs, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], _uuid, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(_uuid(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _uuid(value: str) -> UUID:
    return UUID(value)


def _registry() -> DefaultRegistry:
    registry = DefaultRegistry()
    # Exactly what WTForms' DecimalField and DateField produce.
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda v: Decimal(v["value"]))
    registry.register(date, lambda v: {"value": v.isoformat()}, lambda v: date.fromisoformat(v["value"]))
    return registry


def _serializer() -> BpmnWorkflowSerializer:
    config = dict(CAMUNDA_CONFIG)
    config[BpmnWorkflow] = SpeclessWorkflowConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config, _registry()))


# The serializer flips a flag on its registry while it writes, so each thread keeps its own
# (gunicorn's threaded workers save instances concurrently).
_local = threading.local()
_UPGRADES: dict[int, callable] = {}


def _thread_serializer() -> BpmnWorkflowSerializer:
    if not hasattr(_local, "serializer"):
        _local.serializer = _serializer()
    return _local.serializer


def dump_state(workflow: BpmnWorkflow) -> str:
    serializer = _thread_serializer()
    registry = serializer.registry
    # Encoder mode leaves Decimal/date in task data for the JSON encoder to tag.
    registry._encoder_mode = True
    try:
        body = serializer.to_dict(workflow)
        return json.dumps(
            {"format": STATE_FORMAT, "spiff": SPIFF_FORMAT, "workflow": body},
            cls=serializer._encoder_cls,
            ensure_ascii=False,
            separators=(",", ":"),
        )
    finally:
        registry._encoder_mode = False


def load_state(text: str, version: ProcessVersion, script_engine) -> BpmnWorkflow:
    saved = json.loads(text)
    fmt = saved.get("format")
    while fmt != STATE_FORMAT:
        if fmt not in _UPGRADES:
            raise EngineError(f"saved state format {fmt!r} cannot be read by format {STATE_FORMAT}")
        saved, fmt = _UPGRADES[fmt](saved), fmt + 1
    workflow = _thread_serializer().from_dict(saved["workflow"], version=version)
    workflow.script_engine = script_engine  # never serialized: set it after every load
    return workflow


def spec_registry():
    """The serializer's converter registry; SpiffWorkflow's spec diff compares specs through it."""
    return _thread_serializer().registry
