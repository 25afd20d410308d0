"""SpiffWorkflow's timers read `workflows.clock`, the time everything else here reads.

SpiffWorkflow 3.2 decides whether a timer is due with `datetime.now(timezone.utc)` inside its
timer module, while the deadlines it compares against (`working_deadline(5)`) are computed from
`workflows.clock`. With the clock moved to the past — the demo's year of past cases, tests frozen
on a day of 2026 — every timer looked overdue and fired at once: a submission was deemed
accepted the moment it arrived. The module's `datetime` is replaced by a subclass whose `now()`
is our clock; every other method is the standard library's. (../shared/docs/engine-notes.md:
timers.)
"""

from __future__ import annotations

from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions import timer

from workflows import clock


class ClockDatetime(datetime):
    @classmethod
    def now(cls, tz=None):
        moment = clock.now()
        return moment.astimezone(tz) if tz is not None else moment.astimezone().replace(tzinfo=None)


def install() -> None:
    timer.datetime = ClockDatetime
