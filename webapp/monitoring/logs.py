"""Logs one JSON object a line, each carrying the id of the request it belongs to.

The id comes from the proxy's `X-Request-ID` when it sends a sane one (so nginx's access log and
ours can be joined), otherwise it is made here; it is returned in the response's `X-Request-ID`.
"""

import logging
import re
import uuid

from flask import g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def init_request_ids(app) -> None:
    @app.before_request
    def _take_request_id():
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = offered if _SANE_ID.match(offered) else uuid.uuid4().hex

    @app.after_request
    def _give_request_id(response):
        if "request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.request_id
        return response

    if app.config["LOG_FORMAT"] == "json":
        _log_json(app)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


def _log_json(app) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            json_ensure_ascii=False,
        )
    )
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(app.config["LOG_LEVEL"])
