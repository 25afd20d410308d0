"""The JSON API as the benches drive it: the demo accounts, the (十八)1 application, and a client on
one keep-alive connection that times every call."""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
from datetime import date

from harness.measure import Timings
from harness.server import REPO

sys.path.insert(0, str(REPO))  # the tests' ready-made application and files, so the two never drift
from tests.support.actors import DEMO_PASSWORD as PASSWORD
from tests.support.actors import NEW_PRODUCT_APPLICATION as APPLICATION
from tests.support.documents import PDF as SMALL_PDF

__all__ = [
    "APPLICANTS",
    "APPLICATION",
    "FINAL_STATUS",
    "PASSWORD",
    "PROGRAM",
    "SMALL_PDF",
    "STEPS",
    "ApiClient",
    "CountingConnection",
]
PROGRAM = "sme-18-1"
APPLICANTS = ("tianshan", "kunlun")


# (step, staff user, form payload) after the applicant's submit, in process order. The award is
# small so that the demo's call budget (10,000,000 yuan) holds a long run's commitments: at
# 400,000 each it refused the 25th approval (the ceiling is checked, as it must be).
AWARD = "5000"
STEPS = [
    ("accept", "jxw", {"decision": "approve"}),
    ("tech_review", "kjt", {"decision": "approve", "opinion": "技术先进，鉴定结论可信"}),
    ("budget_review", "czt", {"decision": "approve", "opinion": "预算可安排"}),
    ("decide", "jxw", {"decision": "approve", "approved_amount": AWARD, "reasons": "符合（十八）1"}),
    (
        "disburse",
        "czt",
        {"disbursed_amount": AWARD, "disbursed_on": date.today().isoformat(), "voucher_no": "CZ-BENCH"},
    ),
]
FINAL_STATUS = "disbursed"


class CountingConnection(http.client.HTTPConnection):
    opened = 0
    _lock = threading.Lock()

    def connect(self):
        super().connect()
        with CountingConnection._lock:
            CountingConnection.opened += 1


class ApiClient:
    """One keep-alive connection; reconnects when the server closes it (sync workers always do)."""

    def __init__(self, port: int, timings: Timings) -> None:
        self.conn = CountingConnection("127.0.0.1", port, timeout=120)
        self.timings = timings
        self.requests = 0

    def call(self, kind: str, method: str, path: str, token: str | None = None, body=None, expect=200) -> dict:
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self._timed(kind, method, path, payload, headers, expect)

    def upload(self, kind: str, path: str, token: str, document_type: str) -> dict:
        """A small PDF as one document of the application, multipart as a browser sends it."""
        boundary = "bench-boundary-7MA4YWxkTrZu0gW"
        payload = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="document_type"\r\n\r\n{document_type}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{document_type}.pdf"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + SMALL_PDF
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {
            "Accept": "application/json",
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        return self._timed(kind, "POST", path, payload, headers, 201)

    def _timed(self, kind: str, method: str, path: str, payload, headers: dict, expect: int) -> dict:
        reused = self.conn.sock is not None
        started = time.perf_counter()
        try:
            status, raw = self._send(method, path, payload, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            # The server dropped an idle keep-alive connection before reading the request: resend.
            self.conn.close()
            started = time.perf_counter()
            status, raw = self._send(method, path, payload, headers)
        self.timings.add(kind, time.perf_counter() - started)
        self.requests += 1
        if status != expect:
            try:
                detail = json.dumps(json.loads(raw), ensure_ascii=False)[:800]
            except ValueError:
                detail = raw[:800].decode(errors="replace")
            raise RuntimeError(f"{method} {path} -> {status} (expected {expect}): {detail}")
        return json.loads(raw)

    def _send(self, method, path, payload, headers):
        self.conn.request(method, path, body=payload, headers=headers)
        response = self.conn.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.conn.close()
