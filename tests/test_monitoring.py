"""An operator runs the product: probes say whether a node can work, /metrics says how busy it is and
what waits, and every log line can be traced to its request."""

import io
import json
import logging

import pytest
from sqlalchemy import func, select, text

from tests.test_reminders import submit_14_2
from webapp import create_app
from webapp.extensions import db
from webapp.models import HumanTask, TaskState


def test_a_live_node_answers_healthz_without_the_database(app, client):
    with app.app_context():
        db.engine.dispose()
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:////nonexistent/dir/db.sqlite"
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_a_migrated_node_with_writable_uploads_is_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_a_node_whose_database_is_behind_the_code_is_not_ready(app, client):
    with app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = 'f79fd84a1459'"))
        db.session.commit()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "failed": ["database"]}


def test_a_node_that_cannot_write_uploads_is_not_ready(app, client, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    app.config["UPLOAD_DIR"] = str(blocker / "uploads")
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["failed"] == ["uploads"]


def test_metrics_count_requests_by_endpoint_and_what_waits(app, client, api):
    submit_14_2(api)
    assert client.get("/catalogue").status_code == 200
    body = client.get("/metrics").get_data(as_text=True)
    with app.app_context():
        open_steps = db.session.scalar(select(func.count()).where(HumanTask.state == TaskState.OPEN))
    assert open_steps >= 1
    assert f"sme_open_steps {float(open_steps)}" in body
    assert "sme_timers_due " in body and "sme_emails_waiting " in body
    assert 'flask_http_request_duration_seconds_count{endpoint="catalogue.index",method="GET",status="200"} 1.0' in body


def test_every_answer_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy(client):
    made = client.get("/healthz").headers["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "nginx-4f2a9c01"}).headers["X-Request-ID"] == (
        "nginx-4f2a9c01"
    )
    forged = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"}).headers["X-Request-ID"]
    assert forged != "<script>alert(1)</script>" and len(forged) == 32


@pytest.fixture
def root_logging():
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    yield root
    root.handlers, _ = saved[0], root.setLevel(saved[1])


@pytest.mark.sqlite_only
def test_json_logs_name_the_request_they_belong_to(database_url, tmp_path, root_logging):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "LOG_FORMAT": "json", "UPLOAD_DIR": str(tmp_path)}
    )
    stream = io.StringIO()
    root_logging.handlers[0].setStream(stream)

    @app.get("/log-something")
    def log_something():
        logging.getLogger("webapp.test").warning("库已满 %s", 3)
        return "ok"

    response = app.test_client().get("/log-something", headers={"X-Request-ID": "req-12345678"})
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert response.headers["X-Request-ID"] == "req-12345678"
    assert line["message"] == "库已满 3" and line["level"] == "WARNING" and line["request_id"] == "req-12345678"
    with app.app_context():
        db.engine.dispose()
