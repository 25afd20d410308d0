"""The current time, in one place, so that tests can move it (timers, deadlines)."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
