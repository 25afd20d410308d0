"""The bare SpiffWorkflow engine on the same model the server ran: what one step costs without the
web app around it (load the state, complete the step, save the state)."""

from __future__ import annotations

import time

from harness.api import APPLICATION, FINAL_STATUS, PROGRAM, STEPS
from harness.measure import Timings


def read_back(database_url: str) -> tuple[bytes, list[bytes], list[int]]:
    """From the database the server wrote: the process version its instances ran (BPMN and DMN
    sources, so the engine phase runs exactly the same model) and every saved state's size in bytes."""
    from sqlalchemy import select

    from webapp import create_app
    from webapp.extensions import db
    from webapp.models import ProcessInstance

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        try:
            last = db.session.scalar(select(ProcessInstance).order_by(ProcessInstance.id.desc()).limit(1))
            bpmn, dmns = last.definition.sources()
            sizes = [len(s.encode()) for s in db.session.scalars(select(ProcessInstance.state))]
            return bpmn, dmns, sizes
        finally:
            db.session.remove()
            db.engine.dispose()


def typed(fields, payload: dict) -> dict:
    """What the web form's clean_data() hands the engine: every declared field, typed."""
    from workflows.engine.fields import from_json

    values = from_json(fields, {f.name: payload.get(f.name) for f in fields})
    return {f.name: (None if values[f.name] == "" else values[f.name]) for f in fields}


def run_engine(n: int, bpmn: bytes, dmns: list[bytes], timings: Timings) -> tuple[float, int]:
    """n instances, load -> complete -> save per step; returns (wall seconds, last saved-state bytes)."""
    from webapp.processes.services.instances import APPLICANT_LANES
    from workflows.engine import definitions, runner, state

    version = definitions.load_version(bpmn, dmns)  # parsed once, as the server's cache does
    first = next(s for s in version.steps.values() if s.lane in APPLICANT_LANES)
    chain = [(first.name, APPLICATION)] + [(step, data) for step, _user, data in STEPS]
    forms = {name: typed(version.steps[name].fields, data) for name, data in chain}

    saved = ""
    started = time.perf_counter()
    for index in range(n):
        t0 = time.perf_counter()
        workflow = runner.start(
            version, {"program": PROGRAM, "application_number": f"BENCH{index:06d}", "enterprise_name": "天山精密机械"}
        )
        saved = state.dump_state(workflow)
        timings.add("engine:start+save", time.perf_counter() - t0)
        for name, _data in chain:
            ready = {r.step.name: r.task_id for r in runner.ready_steps(workflow, version)}
            task_id = ready[name]
            t0 = time.perf_counter()
            workflow = state.load_state(saved, version, runner.SCRIPT_ENGINE)
            runner.complete(workflow, version, task_id, dict(forms[name]))
            saved = state.dump_state(workflow)
            timings.add(f"engine:step:{name}", time.perf_counter() - t0)
        if runner.outcome(workflow) != FINAL_STATUS:
            raise RuntimeError(f"engine instance {index} ended as {runner.outcome(workflow)!r}")
    return time.perf_counter() - started, len(saved.encode())
