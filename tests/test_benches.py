"""Every bench still runs (issue 16: benchmarks that never rot).

Each bench is run as a person runs it — its own process, from the checkout — at a tiny size, so a
change that breaks one fails the suite. Its figures are not judged here: the benches print them
with their targets beside them, and timings on a shared CI machine would only flake.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

TINY = {
    "approval_chain.py": ["--applications", "2"],
    "engine_steps.py": ["-n", "3"],
    "inbox.py": ["--tasks", "300", "--applications", "20", "--requests", "3"],
    "long_case.py": ["--steps", "12", "--window", "2"],
    "races.py": ["--rounds", "1", "--clicks", "2", "--kills", "1"],
    "runaway_scripts.py": ["-n", "1", "--threads", "2"],
    "sign_in.py": ["--rounds", "2"],
    "statistics_queries.py": ["--applications", "200", "--tasks-per-case", "2", "--requests", "2"],
    "timers.py": ["--instances", "10"],
    "targets.py": ["--tiny"],  # issue 16's table: the benches above, gathered (a durable PostgreSQL of its own)
}
# Not here: screenshots.py drives chromium over pages the browser tests already walk.
NOT_SMOKED = {"screenshots.py"}


def test_every_bench_has_a_tiny_run_and_shadows_no_standard_module():
    benches = {path.name for path in (REPO / "bench").glob("*.py")}
    assert benches - NOT_SMOKED == set(TINY)
    # A bench runs with bench/ first on sys.path: bench/statistics.py once hid the stdlib's statistics.
    assert not {name.removesuffix(".py") for name in benches} & sys.stdlib_module_names


@pytest.mark.parametrize("bench", sorted(TINY))
def test_the_bench_runs_and_prints_its_figures(bench):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DATABASE_URL", None)  # each bench makes its own throwaway database
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / bench), *TINY[bench]],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, f"{bench} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert any(char.isdigit() for char in done.stdout), f"{bench} printed no figures:\n{done.stdout}"
