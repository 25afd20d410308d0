"""Median and 90th percentile per group, in SQL, on PostgreSQL and SQLite alike.

PostgreSQL has `percentile_cont`. SQLite has no ordered-set aggregate, so each group's values are
numbered by a window (row_number, count) and the two ranks around the percentile's position are
interpolated as `percentile_cont` does: position 1 + p·(n − 1), between its floor and ceiling.
"""

from __future__ import annotations

from sqlalchemy import Integer, Select, case, cast, func, select

from webapp.extensions import db

QUANTILES = (0.5, 0.9)


def percentiles(source: Select, groups: list[str], value: str) -> dict[tuple, tuple[int, float, float]]:
    """{group key: (count, median, p90)} of `value` over the rows of `source`, grouped by `groups`."""
    sub = source.subquery()
    if db.session.get_bind().dialect.name == "postgresql":
        statement = _ordered_set(sub, groups, value)
    else:
        statement = _windowed(sub, groups, value)
    return {tuple(row[: len(groups)]): tuple(row[len(groups) :]) for row in db.session.execute(statement)}


def _ordered_set(sub, groups: list[str], value: str) -> Select:
    keys = [sub.c[name] for name in groups]
    ordered = [func.percentile_cont(q).within_group(sub.c[value]) for q in QUANTILES]
    return select(*keys, func.count(), *ordered).group_by(*keys)


def _windowed(sub, groups: list[str], value: str) -> Select:
    keys = [sub.c[name] for name in groups]
    numbered = select(
        *keys,
        sub.c[value].label("v"),
        func.row_number().over(partition_by=keys, order_by=sub.c[value]).label("rank"),
        func.count().over(partition_by=keys).label("n"),
    ).subquery()
    outer_keys = [numbered.c[name] for name in groups]
    return select(*outer_keys, func.max(numbered.c.n), *[_interpolated(numbered, q) for q in QUANTILES]).group_by(
        *outer_keys
    )


def _interpolated(numbered, q: float):
    position = 1 + q * (numbered.c.n - 1)
    below = cast(position, Integer)  # positions are ≥ 1, so the cast is the floor
    above = below + case((position > below, 1), else_=0)
    low = func.max(case((numbered.c.rank == below, numbered.c.v)))
    high = func.max(case((numbered.c.rank == above, numbered.c.v)))
    return low + (func.max(position) - func.max(below)) * (high - low)
