"""Benchmark: the bare engine's cost per persisted step, and the saved state's size.

Runs the shipped (十八)1 chain N times in one thread, exactly as the web app drives the engine
between two requests (load_state -> runner.complete -> dump_state), plus a micro-benchmark of
model code (a condition and a small looping script) through the sandbox. No server, no database:
this is the floor under every completion, used to compare engine-glue changes before and after.

    PYTHONPATH=. .venv/bin/python bench/engine_steps.py -n 200
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness.api import PROGRAM
from harness.bare_engine import run_engine
from harness.measure import Timings, percentile

from workflows.shipped import shipped_sources

SCRIPT = "total = 0\nfor i in range(50):\n    total += i\nlabel = 'ok' if total > 10 else 'low'"
CONDITION = "amount_requested > 100000 and program == 'sme-18-1'"


def model_code(rounds: int) -> dict[str, float]:
    """Microseconds per call of a condition and of a small loop, through the sandbox."""
    from workflows.engine.sandbox import RestrictedEnvironment

    env = RestrictedEnvironment()
    context = {"amount_requested": 450000, "program": PROGRAM}
    figures = {}
    for name, call in (
        ("condition", lambda: env.evaluate(CONDITION, dict(context))),
        ("50-pass loop script", lambda: env.execute(SCRIPT, dict(context))),
    ):
        call()
        t0 = time.perf_counter()
        for _ in range(rounds):
            call()
        figures[name] = (time.perf_counter() - t0) / rounds * 1e6
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="instances (200)")
    args = parser.parse_args()
    bpmn, dmns = shipped_sources("sme_18_1_new_product.bpmn")
    timings = Timings()
    seconds, size = run_engine(args.n, bpmn, dmns, timings)
    steps = timings.merged("engine:step:")
    ms = 1000
    print(f"bare engine: {args.n / seconds:.1f} instances/s ({args.n} in {seconds:.2f} s)")
    print(f"start+save p50 {percentile(timings.samples['engine:start+save'], 50) * ms:.3f} ms")
    print(f"load-complete-save p50 {percentile(steps, 50) * ms:.3f} ms, p95 {percentile(steps, 95) * ms:.3f} ms")
    print(f"saved state after the last step: {size} bytes")
    for name, micros in model_code(5000).items():
        print(f"model code, {name}: {micros:.1f} µs per call")


if __name__ == "__main__":
    main()
