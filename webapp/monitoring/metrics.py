"""Prometheus metrics at /metrics: every request (count and duration by endpoint, through
prometheus-flask-exporter) and the queues the worker drains, read from the database when scraped.

Under gunicorn each worker is a process: with PROMETHEUS_MULTIPROC_DIR set (as `make run` and the
deployment guide do) the request metrics are written there and summed across workers at scrape
time. The queue gauges are not per process: they are counted from the database on each scrape,
with queries the existing indexes answer.
"""

import os
from datetime import UTC

from flask import Response, current_app
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_flask_exporter import PrometheusMetrics
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import HumanTask, OutgoingEmail, ProcessInstance, TaskState
from webapp.models.process import InstanceStatus
from workflows import clock


def init_metrics(app) -> None:
    if not app.config["METRICS_ENABLED"]:
        return
    registry = CollectorRegistry()
    # Request counts and durations by endpoint; /metrics itself and the probes are not counted.
    PrometheusMetrics(app, path=None, registry=registry, group_by="endpoint", excluded_paths=["/healthz", "/readyz"])
    app.extensions["metrics_registry"] = registry
    app.add_url_rule("/metrics", "metrics", _metrics)


def _metrics():
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = current_app.extensions["metrics_registry"]
    queues = CollectorRegistry()
    queues.register(QueueCollector())
    body = generate_latest(registry) + generate_latest(queues)
    return Response(body, mimetype=CONTENT_TYPE_LATEST)


class QueueCollector:
    """What waits: open and overdue steps, due timers, unsent e-mail."""

    def collect(self):
        now = clock.now().astimezone(UTC).replace(tzinfo=None)  # stored times are naive UTC
        try:
            open_tasks = _count(HumanTask, HumanTask.state == TaskState.OPEN)
            overdue = _count(HumanTask, HumanTask.state == TaskState.OPEN, HumanTask.due_at < now)
            timers_due = _count(
                ProcessInstance, ProcessInstance.status == InstanceStatus.RUNNING, ProcessInstance.next_timer_due <= now
            )
            mail_waiting = _count(OutgoingEmail, OutgoingEmail.sent_at.is_(None))
        finally:
            db.session.remove()
        yield _gauge("sme_open_steps", "User tasks waiting for someone to act", open_tasks)
        yield _gauge("sme_overdue_steps", "Open user tasks past their due time", overdue)
        yield _gauge("sme_timers_due", "Running instances whose next timer is due: the worker's queue", timers_due)
        yield _gauge("sme_emails_waiting", "Queued e-mails not sent yet", mail_waiting)


def _gauge(name: str, documentation: str, value: int) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0
