"""The time, memory and size limits model code runs under, and the budget that enforces them.

Python cannot kill a thread, so a runaway script must stop itself: the sandbox rewrites model
code (see `instrument.py`) so that every loop pass, function call and guarded operation calls
`tick()` or `allocate()` here, and those raise once the step's budget is spent. A budget covers
one engine call (a completion, a timer round, a start) and every piece of model code it runs.

The limit exceptions derive from BaseException so that `except Exception:` in a model cannot
swallow them; the sandbox turns them into ordinary errors once they are out of model code.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    time_seconds: float = 2.0
    memory_bytes: int = 256 * 1024 * 1024
    task_data_bytes: int = 1024 * 1024
    int_bits: int = 100_000  # ~30,000 decimal digits: arithmetic on bigger ints is slow C code
    format_width: int = 100_000


_limits = Limits()


def configure(**values) -> Limits:
    """Set the limits (the app passes its config keys); unnamed ones keep their defaults."""
    global _limits
    _limits = Limits(**{**_limits.__dict__, **{k: v for k, v in values.items() if v is not None}})
    return _limits


def current() -> Limits:
    return _limits


class ModelCodeLimit(BaseException):
    """Raised inside model code; BaseException so a model's `except Exception` cannot catch it."""


class TimeLimitExceeded(ModelCodeLimit):
    def __init__(self, seconds: float):
        super().__init__(f"time limit exceeded ({seconds:g} s)")


class MemoryLimitExceeded(ModelCodeLimit):
    def __init__(self, what: str):
        super().__init__(f"memory limit exceeded ({what})")


class LimitError(Exception):
    """A limit exception carried out of model code, where SpiffWorkflow's handlers can see it."""


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_RSS_EVERY = 4096  # ticks between two reads of the process's resident memory
_BIG = 1024 * 1024  # an allocation this large reads the resident memory at once


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):  # not Linux: the per-operation caps still hold
        return None


class Budget:
    __slots__ = ("baseline", "deadline", "limits", "ticks")

    def __init__(self, limits: Limits):
        self.limits = limits
        self.deadline = time.monotonic() + limits.time_seconds
        self.baseline: int | None = -1  # read at the first check: most model code never gets there
        self.ticks = 0

    def check_memory(self) -> None:
        if self.baseline == -1:
            self.baseline = _resident_bytes()
            return
        if self.baseline is None:
            return
        grown = (_resident_bytes() or 0) - self.baseline
        if grown > self.limits.memory_bytes:
            raise MemoryLimitExceeded(f"{_mb(grown)} grown, {_mb(self.limits.memory_bytes)} allowed")


_budget: ContextVar[Budget | None] = ContextVar("model_code_budget", default=None)


@contextmanager
def budget() -> Iterator[Budget]:
    """The budget of the engine call under way, or a new one if none is (nested calls share it)."""
    active = _budget.get()
    if active is not None:
        yield active
        return
    fresh = Budget(_limits)
    token = _budget.set(fresh)
    try:
        yield fresh
    finally:
        _budget.reset(token)


class running_model_code:
    """Around one piece of model code: joins (or opens) the budget, ticks once on entry, and turns a
    limit hit inside into a LimitError, which SpiffWorkflow reports with the task and the line.

    A class, not @contextmanager: it wraps every condition, and costs a fraction of a generator."""

    __slots__ = ("_token",)

    def __enter__(self) -> None:
        self._token = None
        if _budget.get() is None:
            self._token = _budget.set(Budget(_limits))
        try:
            tick()  # an entry ticks too, so a loop built from gateways is bounded as well
        except ModelCodeLimit as exc:
            self.__exit__(type(exc), exc, None)

    def __exit__(self, kind, exc, tb) -> None:
        if self._token is not None:
            _budget.reset(self._token)
        if isinstance(exc, ModelCodeLimit):
            raise LimitError(str(exc)) from exc


def tick() -> None:
    """Called by instrumented model code at every loop pass and function call."""
    active = _budget.get()
    if active is None:
        return
    if time.monotonic() > active.deadline:
        raise TimeLimitExceeded(active.limits.time_seconds)
    active.ticks += 1
    if active.ticks % _RSS_EVERY == 0:
        active.check_memory()


def allocate(size: int, what: str) -> None:
    """Before model code builds something of `size` bytes (estimated): refuse it past the limit."""
    active = _budget.get()
    limit = active.limits.memory_bytes if active else _limits.memory_bytes
    if size > limit:
        raise MemoryLimitExceeded(f"{what} of {_mb(size)}, {_mb(limit)} allowed")
    if active is not None:
        tick()
        if size >= _BIG:
            active.check_memory()


def check_int_bits(bits: int) -> None:
    if bits > _limits.int_bits:
        raise MemoryLimitExceeded(f"a number of {bits} bits, {_limits.int_bits} allowed")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# -- task data ----------------------------------------------------------------------------------


class DataTooLarge(ValueError):
    def __init__(self, size: int | None):
        limit = _limits.task_data_bytes
        said = "nested too deeply" if size is None else f"{_mb(size)}"
        super().__init__(f"task data too large ({said}; {_mb(limit)} allowed)")


def data_size(data: dict) -> int | None:
    """The data's size as saved (UTF-8 JSON); None if it is nested too deeply to save at all."""
    try:
        text = json.dumps(data, default=str, ensure_ascii=False, separators=(",", ":"))
    except RecursionError:
        return None
    return len(text.encode())


def check_data(data: dict) -> None:
    size = data_size(data)
    if size is None or size > _limits.task_data_bytes:
        raise DataTooLarge(size)
