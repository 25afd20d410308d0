"""Scripts, conditions, DMN cells and timer expressions run here, never in plain exec.

SpiffWorkflow's default engine runs model code with `exec`, so anyone allowed to upload a
model could run anything as the server. RestrictedPython rewrites the code so that imports,
`open`, dunder attributes and `__import__` are refused at compile time, and attribute/item
access goes through guards at run time. Compiled code is cached: most expressions repeat.
"""

from __future__ import annotations

import ast
import datetime as _dt
import traceback
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from types import CodeType, ModuleType

from RestrictedPython import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Eval import default_guarded_getitem
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safe_builtins,
)
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from workflows import clock
from workflows.engine import guards, limits
from workflows.engine.instrument import LimitingTransformer
from workflows.working_days import BEIJING, WorkingCalendar, deadline_end

# BaseException is left out: the limits derive from it, and a model must not catch them.
_BUILTINS = {name: value for name, value in safe_builtins.items() if name != "BaseException"}


def _binop(kind: str, left, right):
    return guards.BINARY[kind](left, right)


def today() -> _dt.date:
    # date.today() called from sandboxed code looks up __import__ in the sandbox's builtins
    # (its C code imports `time`), so model code gets these plain-Python helpers instead.
    return clock.now().astimezone(BEIJING).date()


def now() -> _dt.datetime:
    return clock.now()


_calendar_provider: Callable[[], WorkingCalendar] = WorkingCalendar


def use_calendar(provider: Callable[[], WorkingCalendar]) -> None:
    """The app supplies the calendar with administrators' entries; the engine alone knows the package's."""
    global _calendar_provider
    _calendar_provider = provider


def working_deadline(days: int) -> str:
    """For timeDate timers: the end (Beijing time) of the N-th working day from now, as ISO UTC."""
    due, _estimated = deadline_end(clock.now(), int(days), _calendar_provider())
    return due.isoformat()


SAFE_GLOBALS: dict = {
    "__builtins__": {**_BUILTINS, **guards.BUILTINS},
    "_getattr_": guards.getattr_,
    "_getitem_": default_guarded_getitem,
    "_getiter_": guards.ticking,
    "_write_": full_write_guard,
    "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
    "_unpack_sequence_": guarded_unpack_sequence,
    "_inplacevar_": guards.inplacevar,
    "_tick_": limits.tick,
    "_binop_": _binop,
    "_format_": guards.formatted,
    "Decimal": Decimal,
    "date": _dt.date,
    "datetime": _dt.datetime,
    "timedelta": _dt.timedelta,
    "today": today,
    "now": now,
    "working_deadline": working_deadline,
}


@lru_cache(maxsize=4096)
def _compile(source: str, mode: str) -> CodeType:
    compiler = compile_restricted_eval if mode == "eval" else compile_restricted_exec
    result = compiler(source, filename="<bpmn>", policy=LimitingTransformer)
    if not result.errors and _imports(source):
        raise PermissionError("import statements are not allowed in model code")
    if result.errors or result.code is None:
        # PermissionError, not SyntaxError: the engine's error handler chokes on a bare
        # SyntaxError raised from here, and "refused" is what the user needs to read.
        raise PermissionError("; ".join(result.errors) or "could not compile")
    return result.code


def _imports(source: str) -> bool:
    # RestrictedPython compiles `import os` and only fails when it runs; refuse it up front.
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return any(isinstance(node, ast.Import | ast.ImportFrom) for node in ast.walk(tree))


def _is_data(value: object) -> bool:
    return not callable(value) and not isinstance(value, ModuleType)


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates and executes model code against task data with RestrictedPython."""

    def evaluate(self, expression, context, external_context=None):
        code = _compile(expression, "eval")
        scope = {**SAFE_GLOBALS, **(external_context or {}), **context}
        with limits.running_model_code():
            return eval(code, scope)  # noqa: S307 - restricted code

    def execute(self, script, context, external_context=None):
        code = _compile(script, "exec")
        scope = {**SAFE_GLOBALS, **(external_context or {}), **context}
        with limits.running_model_code():
            exec(code, scope)  # noqa: S102 - restricted code
        hidden = SAFE_GLOBALS.keys() | (external_context or {}).keys()
        for key in list(context):
            if key not in scope:
                del context[key]
        context.update({k: v for k, v in scope.items() if k not in hidden and _is_data(v)})
        return True

    def call_service(self, context, **kwargs):
        raise PermissionError("service tasks are not enabled on this platform")


class SandboxedScriptEngine(PythonScriptEngine):
    """The only script engine workflows get; validation compiles with the same rules."""

    def __init__(self):
        super().__init__(environment=RestrictedEnvironment())

    def validate(self, expression):
        # DMN's needs_eq() relies on SyntaxError for "not an expression on its own".
        result = compile_restricted_eval(expression, filename="<bpmn>")
        if result.errors:
            raise SyntaxError("; ".join(result.errors))

    def get_error_line_number_and_content(self, script, err):
        # The base class looks for the frame of a file named "<string>"; model code compiles as "<bpmn>".
        line, text = super().get_error_line_number_and_content(script, err)
        if line or isinstance(err, SyntaxError):
            return line, text
        # A limit was raised inside the model code and carried out of it: its traceback has the line.
        origin = err.__cause__ if isinstance(err, limits.LimitError) else err
        frames = [f for f in traceback.extract_tb(origin.__traceback__) if f.filename == "<bpmn>" and f.lineno]
        lines = script.splitlines()
        if frames and frames[-1].lineno <= len(lines):
            return frames[-1].lineno, lines[frames[-1].lineno - 1]
        return 0, ""

    def call_service(self, task, **kwargs):
        # The base class has a NameError on its failure path; there are no services to call.
        raise PermissionError("service tasks are not enabled on this platform")


def check_source(source: str, mode: str) -> str | None:
    """The sandbox's objection to a piece of model code, or None: used when a model is uploaded."""
    try:
        _compile(source, mode)
    except PermissionError as exc:
        return str(exc)
    except SyntaxError as exc:  # pragma: no cover - RestrictedPython reports these as errors
        return str(exc)
    return None
