"""Drive process versions the way the web app does: only the saved state lives between steps."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from workflows.engine import runner, state
from workflows.engine.definitions import ProcessVersion
from workflows.shipped import shipped_sources

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = ROOT / "workflows" / "processes"
DATA = Path(__file__).resolve().parent / "data"


def new_product_sources() -> tuple[bytes, list[bytes]]:
    return shipped_sources("sme_18_1_new_product.bpmn")


def fixture_bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()


def score_model(script: str = "score = x", condition: str = "score > 0") -> bytes:
    """The scoring fixture with this script in 'Compute score' and this condition on 'Score high enough?'."""
    text = (DATA / "score.bpmn.template").read_text(encoding="utf-8")
    return text.replace("{{SCRIPT}}", escape(script)).replace("{{CONDITION}}", escape(condition)).encode()


def reload(workflow, version: ProcessVersion):
    """Save and restore, as between two web requests."""
    return state.load_state(state.dump_state(workflow), version, runner.SCRIPT_ENGINE)


class SavedInstance:
    """One process instance kept as the app keeps it: a saved-state text, loaded for every step."""

    def __init__(self, version: ProcessVersion, data: dict):
        self.version = version
        self.saved = state.dump_state(runner.start(version, data))

    def load(self):
        return state.load_state(self.saved, self.version, runner.SCRIPT_ENGINE)

    def ready(self) -> dict[str, runner.ReadyStep]:
        return {r.step.name: r for r in runner.ready_steps(self.load(), self.version)}

    def task_id(self, step_name: str) -> str:
        ready = self.ready()
        assert step_name in ready, f"{step_name} is not waiting; waiting: {sorted(ready)}"
        return ready[step_name].task_id

    def data_at(self, step_name: str) -> dict:
        """The process data the person doing this step sees."""
        return runner.task_data(self.load(), self.task_id(step_name))

    def complete(self, step_name: str, **data) -> None:
        """Load, complete the step, save; a refusal leaves the last saved state as it was."""
        self.complete_task(self.task_id(step_name), data)

    def complete_task(self, task_id: str, data: dict) -> None:
        workflow = self.load()
        runner.complete(workflow, self.version, task_id, data)
        self.saved = state.dump_state(workflow)

    def outcome(self) -> str | None:
        return runner.outcome(self.load())

    def final_data(self) -> dict:
        return dict(self.load().data)
