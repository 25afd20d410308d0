"""Durations per call type, and the percentile every bench reports."""

from __future__ import annotations

import math
import threading
from collections import defaultdict


class Timings:
    """Durations (seconds) per call type; thread-safe."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self._lock = threading.Lock()

    def add(self, kind: str, seconds: float) -> None:
        with self._lock:
            self.samples[kind].append(seconds)

    def merged(self, prefix: str) -> list[float]:
        return [s for kind, values in self.samples.items() if kind.startswith(prefix) for s in values]


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def target_line(figure: str, measured: str, target: str, met: bool) -> str:
    """One row of issue 16's table, as every bench prints it: the figure, what it measured, the target
    beside it, and whether it was met. `bench/targets.py` collects these rows from the benches."""
    return f"TARGET | {figure} | {measured} | {target} | {'met' if met else 'NOT met'}"
