"""Saving and restoring a running instance without copying its process spec each time.

Saved and loaded through SpiffWorkflow's own public path: `serialize_json` writes the state
with the engine's format version (`serializer_version`), and loading runs the engine's
`migrate` before `from_dict`, so an engine upgrade converts old cases instead of misreading
them. The spec stays out through the hook the engine documents for this — a converter per
class in the serializer's config: the process spec is written as a reference to its name and
read back as the cached, versioned spec of the instance's definition (`definitions.py`).

Our own envelope, `{"format": N, "workflow": <the engine's JSON>}`, numbers our layout; old
formats are upgraded by `_UPGRADES`. A state written by an engine version this one does not
know is refused with a clear error rather than guessed at.

Every save first prunes the finished history nothing reads any more (`pruning.py`), so the
state of a long case stays the size of a short one; an older state loads as it is and is
pruned at its next save.
"""

from __future__ import annotations

import json
import threading
from contextvars import ContextVar
from datetime import date
from decimal import Decimal

from SpiffWorkflow.bpmn.serializer.helpers.bpmn_converter import BpmnConverter
from SpiffWorkflow.bpmn.serializer.helpers.registry import DefaultRegistry
from SpiffWorkflow.bpmn.serializer.migration.version_migration import MIGRATIONS
from SpiffWorkflow.bpmn.serializer.workflow import VERSION as ENGINE_FORMAT
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs import BpmnProcessSpec
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

from workflows.engine.definitions import ProcessVersion
from workflows.engine.errors import EngineError
from workflows.engine.pruning import prune

# Bump when our envelope or the spec reference changes, and add an upgrade step to _UPGRADES.
STATE_FORMAT = 3
_VERSION_KEY = BpmnWorkflowSerializer.VERSION_KEY

# The process version whose specs the state being loaded refers to.
_loading: ContextVar[ProcessVersion | None] = ContextVar("loading_version", default=None)


class UnknownEngineFormat(EngineError):
    """A state saved by an engine version this one cannot read (a newer one, or a foreign one)."""


class SpecReferenceConverter(BpmnConverter):
    """Writes a process spec as its name; reads it back from the version being loaded."""

    def to_dict(self, spec):
        return {"name": spec.name}

    def from_dict(self, dct):
        version = _loading.get()
        if version is None:
            raise EngineError("restoring an instance needs its process version")
        if dct["name"] == version.spec.name:
            return version.spec
        if dct["name"] in version.subprocess_specs:
            return version.subprocess_specs[dct["name"]]
        raise EngineError(f"process {dct['name']!r} is not part of {version.spec.name!r}")


class CompactEncoder(json.JSONEncoder):
    """Chinese stays as UTF-8 (a third of the \\uXXXX size) and no blanks between items."""

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "ensure_ascii": False, "separators": (",", ":")})


def _registry() -> DefaultRegistry:
    registry = DefaultRegistry()
    # Exactly what WTForms' DecimalField and DateField produce.
    registry.register(Decimal, lambda v: {"value": str(v)}, lambda v: Decimal(v["value"]))
    registry.register(date, lambda v: {"value": v.isoformat()}, lambda v: date.fromisoformat(v["value"]))
    return registry


def _serializer() -> BpmnWorkflowSerializer:
    config = {**CAMUNDA_CONFIG, BpmnProcessSpec: SpecReferenceConverter}
    return BpmnWorkflowSerializer(
        BpmnWorkflowSerializer.configure(config, _registry()), json_encoder_cls=CompactEncoder
    )


# The serializer flips a flag on its registry while it writes, so each thread keeps its own
# (gunicorn's threaded workers save instances concurrently).
_local = threading.local()


def _thread_serializer() -> BpmnWorkflowSerializer:
    if not hasattr(_local, "serializer"):
        _local.serializer = _serializer()
    return _local.serializer


def dump_state(workflow: BpmnWorkflow) -> str:
    """The state to store; prunes `workflow` in place first (read what the history tells before)."""
    prune(workflow)
    body = _thread_serializer().serialize_json(workflow)
    # The engine's JSON goes in as text: parsing it again only to wrap it would double the cost.
    return f'{{"format":{STATE_FORMAT},"workflow":{body}}}'


def load_state(text: str, version: ProcessVersion, script_engine) -> BpmnWorkflow:
    saved = _upgraded(json.loads(text), version)
    body = saved["workflow"]
    serializer = _thread_serializer()
    engine_format = serializer.get_version(body)
    if engine_format != ENGINE_FORMAT and engine_format not in MIGRATIONS:
        raise UnknownEngineFormat(
            f"this case was saved by workflow engine format {engine_format!r}; this server reads "
            f"{ENGINE_FORMAT} and the formats it can upgrade ({', '.join(sorted(MIGRATIONS))})"
        )
    serializer.migrate(body)  # the engine's own upgrade of older layouts
    token = _loading.set(version)
    try:
        workflow = serializer.from_dict(body)
    finally:
        _loading.reset(token)
    workflow.script_engine = script_engine  # never serialized: set it after every load
    return workflow


def _upgraded(saved: dict, version: ProcessVersion) -> dict:
    fmt = saved.get("format")
    while fmt != STATE_FORMAT:
        if fmt not in _UPGRADES:
            raise EngineError(f"saved state format {fmt!r} cannot be read by format {STATE_FORMAT}")
        saved, fmt = _UPGRADES[fmt](saved, version), fmt + 1
    return saved


def _from_format_1(saved: dict, version: ProcessVersion) -> dict:
    """Format 1 left the spec keys out and kept the engine's version beside the body."""
    body = saved["workflow"]
    body.pop("spec", None)
    body["spec"] = {"typename": "BpmnProcessSpec", "name": version.spec.name}
    body["subprocess_specs"] = {
        name: {"typename": "BpmnProcessSpec", "name": name} for name in version.subprocess_specs
    }
    body[_VERSION_KEY] = saved.get("spiff")
    return {"format": 2, "workflow": body}


def _from_format_2(saved: dict, version: ProcessVersion) -> dict:
    """Format 2 kept the whole history; it reads as it is (format 3 may have pruned some of it)
    and is pruned at its next save. The number tells an older server it cannot assume a full
    history is there."""
    return {"format": 3, "workflow": saved["workflow"]}


_UPGRADES = {1: _from_format_1, 2: _from_format_2}

_full_registry: DefaultRegistry | None = None


def spec_registry():
    """A registry that converts specs in full: SpiffWorkflow's spec diff compares specs through it."""
    global _full_registry
    if _full_registry is None:
        _full_registry = BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG, _registry())
    return _full_registry
