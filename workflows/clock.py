"""The current time, in one place, so that tests can move it (timers, deadlines)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_set_to: datetime | None = None


def now() -> datetime:
    return _set_to or datetime.now(UTC)


@contextmanager
def set_to(moment: datetime) -> Iterator[None]:
    """Stamp what happens inside at `moment`: the demo's past cases happened over past months."""
    global _set_to
    before, _set_to = _set_to, moment
    try:
        yield
    finally:
        _set_to = before
