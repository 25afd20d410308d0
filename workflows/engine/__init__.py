"""Engine glue: parse and cache process versions, run them in a sandbox, save their state."""

from workflows.engine.errors import (
    EngineError,
    FormRejected,
    InvalidDefinition,
    ScriptRejected,
    TaskNotReady,
)

__all__ = ["EngineError", "FormRejected", "InvalidDefinition", "ScriptRejected", "TaskNotReady"]
