"""Errors the engine glue raises, each carrying what a caller needs to tell the user."""

from dataclasses import dataclass, field


class EngineError(Exception):
    """Base class: something the engine refused or could not do."""


@dataclass
class DefinitionProblem:
    message: str
    element: str | None = None
    line: int | None = None

    def as_dict(self) -> dict:
        return {"element": self.element, "line": self.line, "message": self.message}


class InvalidDefinition(EngineError):
    """An uploaded BPMN/DMN file that no engine could run."""

    def __init__(self, problems: list[DefinitionProblem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


class TaskNotReady(EngineError):
    """The task is not (or no longer) waiting for a person."""


class NotAnEarlierStep(EngineError):
    """A send-back names a step that did not run before the task sending it back."""


@dataclass
class FormRejected(EngineError):
    """Form data the process refuses, keyed by field name."""

    errors: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(f"{k}: {', '.join(v)}" for k, v in self.errors.items())


class ScriptRejected(EngineError):
    """A script, condition or DMN cell tried something the sandbox forbids, or failed."""

    def __init__(self, message: str, task_name: str | None = None, element: str | None = None, line: int | None = None):
        # `element` is the BPMN id (to mark it on the diagram), `line` the script's line when known.
        self.task_name, self.element, self.line = task_name, element, line
        where = f" in task '{task_name}'" if task_name else ""
        super().__init__(f"{message}{where}")
