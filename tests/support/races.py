"""Barriers that make a race certain: every request has read the case before any acts on it.

`hold_after(module, name, parties)` wraps a function the requests call after loading what they
act on, so that each waits there until all have got that far. Where the fix serialises the
requests with a row lock *before* that point, the first one would wait for the others forever:
the barrier then gives up after `patience` seconds and lets everyone go on in turn, so the same
test runs with and without the lock.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager, suppress


@contextmanager
def hold_after(monkeypatch, targets, parties: int, patience: float = 20.0):
    """`targets`: (module, function name) pairs; one barrier for all of them."""
    barrier = threading.Barrier(parties, timeout=patience)
    held = threading.local()  # each request is held once, at its first pass (the check before the lock)

    def holding(real):
        def call_then_wait(*args, **kwargs):
            result = real(*args, **kwargs)
            if not getattr(held, "done", False):
                held.done = True
                with suppress(threading.BrokenBarrierError):  # serialised by a lock: nobody else can arrive
                    barrier.wait()
            return result

        return call_then_wait

    with monkeypatch.context() as patch:
        for module, name in targets:
            patch.setattr(module, name, holding(getattr(module, name)))
        yield


def at_once(calls) -> list:
    """Run each call in its own thread, all started together; their results in order."""
    results: list = [None] * len(calls)
    start = threading.Barrier(len(calls), timeout=20)

    def run(index, call):
        start.wait()
        try:
            results[index] = call()
        except BaseException as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results
