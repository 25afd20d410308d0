"""Running the product: liveness and readiness probes, Prometheus metrics, JSON logs with a request id."""


def init_monitoring(app) -> None:
    from webapp.monitoring import health, logs, metrics

    logs.init_request_ids(app)
    app.register_blueprint(health.bp)
    metrics.init_metrics(app)
