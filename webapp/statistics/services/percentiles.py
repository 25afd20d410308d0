"""Median and 90th percentile from a histogram of whole days, as PostgreSQL's `percentile_cont`.

Working days are whole numbers, so the roll-up keeps how many steps took each number of days;
the percentile's position 1 + p·(n − 1) then falls between two ranks of the sorted durations,
found by cumulative counts, and is interpolated between their values.
"""

from __future__ import annotations

QUANTILES = (0.5, 0.9)


def percentile(histogram: dict[int, int], q: float) -> float | None:
    """The q-th percentile (0 ≤ q ≤ 1) of the values {value: how many}; None when there are none."""
    values = sorted((v, n) for v, n in histogram.items() if n > 0)
    count = sum(n for _, n in values)
    if not count:
        return None
    position = 1 + q * (count - 1)
    below = int(position)  # positions are ≥ 1, so this is the floor
    low, high = _value_at(values, below), _value_at(values, min(below + 1, count))
    return low + (position - below) * (high - low)


def _value_at(values: list[tuple[int, int]], rank: int) -> int:
    """The value of the rank-th smallest (1-based) of the counted values."""
    seen = 0
    for value, n in values:
        seen += n
        if seen >= rank:
            return value
    raise ValueError(rank)


def summary(histogram: dict[int, int]) -> tuple[int, float | None, float | None]:
    """(count, median, p90) of a histogram."""
    return (sum(histogram.values()), *[percentile(histogram, q) for q in QUANTILES])
