"""Two app nodes and two workers on one PostgreSQL, as a province deploys them (docs/deployment.md):
applicants and departments work through both nodes, one node dies in the middle of the departments'
work (SIGKILL, requests in hand cut), the work goes on through the other — and nothing is lost or
done twice: every step completed once, every file served by the surviving node, the audit chain
whole, every e-mail sent once by one of the two workers."""

from __future__ import annotations

import mailbox
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.support.actors import DEMO_PASSWORD, NEW_PRODUCT_APPLICATION
from tests.support.documents import PDF
from tests.support.nodes import REPO, AppNode, Worker, node_env
from workflows.programs import required_documents

CASES = 8
REVIEWS = [
    ("kjt", "tech_review", {"decision": "approve", "opinion": "技术可行"}),
    ("czt", "budget_review", {"decision": "approve", "opinion": "预算可安排"}),
]
DECISION = {"decision": "approve", "approved_amount": "400000", "reasons": "符合（十八）1"}


class Client:
    """One user's calls to /api/v1, to a preferred node, falling over to the other when it is gone."""

    def __init__(self, username: str, nodes: list[AppNode]) -> None:
        self.nodes = nodes
        self.session = requests.Session()
        body = {"username": username, "password": DEMO_PASSWORD}
        token = self._send(0, "POST", "/auth/token", json=body).json()["token"]
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept-Language": "en"})

    def call(self, prefer: int, method: str, path: str, **kwargs) -> requests.Response:
        return self._send(prefer, method, path, **kwargs)

    def _send(self, prefer: int, method: str, path: str, **kwargs) -> requests.Response:
        for node in (self.nodes[prefer], *[n for n in self.nodes if n is not self.nodes[prefer]]):
            if node.proc.poll() is not None:
                continue
            try:
                return self.session.request(method, f"{node.base}/api/v1{path}", timeout=60, **kwargs)
            except requests.ConnectionError:
                continue  # the node died under this request: the other one answers
        raise RuntimeError("no node answers")


def apply(client: Client, node: int) -> int:
    created = client.call(node, "POST", "/applications", json={"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION})
    assert created.status_code == 201, created.text
    application_id = created.json()["id"]
    for document in required_documents("sme-18-1"):
        files = {"file": (f"{document.code}.pdf", PDF, "application/pdf")}
        path = f"/applications/{application_id}/attachments"
        uploaded = client.call(node, "POST", path, data={"document_type": document.code}, files=files)
        assert uploaded.status_code == 201, uploaded.text
    submitted = client.call(node, "POST", f"/applications/{application_id}/submit")
    assert submitted.status_code == 200, submitted.text
    return application_id


def complete(client: Client, node: int, application_id: int, step: str, data: dict) -> None:
    """Complete the case's open step; a retry that finds it done (the dead node had committed it) is fine."""
    tasks = client.call(node, "GET", f"/tasks?application_id={application_id}").json()["tasks"]
    [task] = [t for t in tasks if t["step"] == step]
    answer = client.call(node, "POST", f"/tasks/{task['id']}/complete", json={"data": data})
    assert answer.status_code in (200, 409), answer.text


@pytest.fixture
def deployment(database_url, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.skip("several nodes share PostgreSQL, the production database")
    engine = create_engine(database_url)
    with engine.begin() as conn:  # staff with mailboxes, so every notification is an e-mail too
        conn.execute(text("UPDATE users SET email = username || '@nodes.example.cn'"))
    env = node_env(database_url, tmp_path)
    nodes = [AppNode(env, tmp_path, "node-a"), AppNode(env, tmp_path, "node-b")]
    workers = [Worker(env, tmp_path, "worker-1"), Worker(env, tmp_path, "worker-2")]
    try:
        for node in nodes:
            node.wait_ready()
        yield nodes, workers, engine, env, tmp_path
    finally:
        for process in (*nodes, *workers):
            process.stop()
        engine.dispose()


def test_a_node_dies_mid_run_and_nothing_is_lost_or_done_twice(deployment):
    nodes, workers, engine, env, workdir = deployment
    applicant, jxw = Client("tianshan", nodes), Client("jxw", nodes)
    cases = [apply(applicant, index % 2) for index in range(CASES)]  # half through each node

    # The acceptances, four at a time through both nodes; node A dies after the second is done.
    done, killed = [], threading.Event()

    def accept(index: int) -> None:
        complete(jxw, index % 2, cases[index], "accept", {"decision": "approve"})
        done.append(index)
        if len(done) == 2 and not killed.is_set():
            killed.set()
            nodes[0].kill()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(accept, range(CASES)))
    assert killed.is_set() and nodes[0].proc.poll() is not None

    for username, step, data in REVIEWS:  # the rest through whichever node lives
        reviewer = Client(username, nodes)
        for application_id in cases:
            complete(reviewer, 0, application_id, step, data)
    for application_id in cases:
        complete(jxw, 0, application_id, "decide", DECISION)

    assert_every_step_done_once(engine, cases)
    assert_files_served_by(nodes[1], engine, cases)
    assert_audit_chain_whole(env)
    assert_every_email_sent_once(engine, workdir, workers)


def rows(engine, sql: str, **params) -> list:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def assert_every_step_done_once(engine, cases: list[int]) -> None:
    steps = rows(
        engine,
        "SELECT application_id, step, count(*) FILTER (WHERE state = 'completed'),"
        " count(*) FILTER (WHERE state = 'open') FROM human_tasks"
        " WHERE application_id = ANY(:ids) AND NOT for_applicant GROUP BY application_id, step",
        ids=cases,
    )
    expected = {(a, s, 1, 0) for a in cases for s in ("accept", "tech_review", "budget_review", "decide")}
    expected |= {(a, "disburse", 0, 1) for a in cases}  # the next step, waiting for finance, once
    assert {tuple(row) for row in steps} == expected, "every step completed exactly once, the next one open once"
    statuses = {row[0] for row in rows(engine, "SELECT status FROM applications WHERE id = ANY(:ids)", ids=cases)}
    assert len(statuses) == 1 and statuses != {"under_review"}, statuses


def assert_files_served_by(node: AppNode, engine, cases: list[int]) -> None:
    """Uploaded through both nodes, every file is served by the one left."""
    files = [row[0] for row in rows(engine, "SELECT id FROM attachments WHERE application_id = ANY(:ids)", ids=cases)]
    browser = requests.Session()
    page = browser.get(f"{node.base}/login", timeout=30).text
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form = {"csrf_token": csrf, "username": "jxw", "password": DEMO_PASSWORD}
    assert browser.post(f"{node.base}/login", data=form, timeout=30, allow_redirects=False).status_code == 302
    for attachment_id in files:
        response = browser.get(f"{node.base}/attachments/{attachment_id}", timeout=30)
        assert (response.status_code, response.content) == (200, PDF)


def assert_audit_chain_whole(env: dict) -> None:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "audit", "verify"]
    verified = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def assert_every_email_sent_once(engine, workdir, workers) -> None:
    deadline = time.monotonic() + 60
    while (unsent := rows(engine, "SELECT count(*) FROM outgoing_emails WHERE sent_at IS NULL")[0][0]) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.5)
    emails = rows(engine, "SELECT count(*) FROM outgoing_emails")[0][0]
    assert emails > 0 and unsent == 0, f"{unsent} of {emails} e-mails unsent:\n{workers[0].log_tail()}"
    box = mailbox.mbox(str(workdir / "outbox.mbox"))
    try:
        assert len(box) == emails, "each e-mail sent once, by one worker"
    finally:
        box.close()
