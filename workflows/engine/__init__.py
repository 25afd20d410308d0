"""Engine glue: parse and cache process versions, run them in a sandbox, save their state."""

from workflows.engine.errors import (
    EngineError,
    FormRejected,
    InvalidDefinition,
    NotAnEarlierStep,
    ScriptRejected,
    TaskNotReady,
)

__all__ = ["EngineError", "FormRejected", "InvalidDefinition", "NotAnEarlierStep", "ScriptRejected", "TaskNotReady"]
