"""gunicorn settings (`gunicorn -c python:webapp.monitoring.gunicorn_config`): a worker that exits
has its Prometheus files marked dead, so the live gauges of a restarted worker are not summed twice."""

import os


def child_exit(server, worker):
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
