"""Column helpers shared by the models."""

from datetime import UTC, datetime

from workflows import clock


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so every timestamp is stored as UTC without one."""
    return datetime.now(UTC).replace(tzinfo=None)


def clock_utcnow() -> datetime:
    """Naive UTC on the product's clock (workflows.clock), which the deadlines and timers read:
    a ledger entry's time is compared with them (the public notice before payment)."""
    return clock.now().astimezone(UTC).replace(tzinfo=None)


def enum_values(enum_cls) -> list[str]:
    """Store an enum's values ('open'), not its member names ('OPEN')."""
    return [member.value for member in enum_cls]
