"""Helpers that act as the product's users: the API client and a ready-made application."""

from __future__ import annotations

DEMO_PASSWORD = "demo12345"

NEW_PRODUCT_APPLICATION = {
    "project_name": "五轴联动数控机床产业化",
    "product_name": "XJ-500 五轴联动数控机床",
    "appraisal_certificate_no": "新经信鉴字〔2026〕018号",
    "appraisal_date": "2026-03-18",
    "amount_requested": "450000",
    "description": "通过自治区新产品鉴定，申请（十八）1 补助。",
}


class Api:
    """Calls /api/v1 as a named user; remembers each user's token."""

    def __init__(self, client):
        self.client = client
        self.tokens: dict[str, str] = {}
        self.query_codes: dict[int, str] = {}  # given once, in the submit response

    def token(self, username: str, password: str = DEMO_PASSWORD) -> str:
        if username not in self.tokens:
            response = self.client.post("/api/v1/auth/token", json={"username": username, "password": password})
            assert response.status_code == 200, response.get_json()
            self.tokens[username] = response.get_json()["token"]
        return self.tokens[username]

    def headers(self, username: str, language: str = "en") -> dict:
        # English messages read better in assertions; Chinese ones are checked in test_refusals.
        return {"Authorization": f"Bearer {self.token(username)}", "Accept-Language": language}

    def get(self, username: str, path: str):
        return self.client.get(f"/api/v1{path}", headers=self.headers(username))

    def post(self, username: str, path: str, json=None, **kwargs):
        return self.client.post(f"/api/v1{path}", json=json, headers=self.headers(username), **kwargs)

    # -- the product's verbs ------------------------------------------------------------

    def apply(self, username: str = "tianshan", **changes) -> int:
        response = self.post(
            username, "/applications", {"program": "sme-18-1", "data": {**NEW_PRODUCT_APPLICATION, **changes}}
        )
        assert response.status_code == 201, response.get_json()
        application_id = response.get_json()["id"]
        self.attach_documents(username, application_id)
        submitted = self.post(username, f"/applications/{application_id}/submit")
        assert submitted.status_code == 200, submitted.get_json()
        self.query_codes[application_id] = submitted.get_json()["query_code"]
        return application_id

    def attach_documents(self, username: str, application_id: int, program: str = "sme-18-1") -> None:
        """Every document the program requires, as small PDFs: submission refuses without them."""
        from tests.support.documents import attach_required

        attach_required(self.client, program, application_id, self.headers(username))

    def submit(self, username: str, application_id: int, program: str = "sme-18-1"):
        self.attach_documents(username, application_id, program)
        return self.post(username, f"/applications/{application_id}/submit")

    def open_task(self, username: str, step: str | None = None) -> dict:
        tasks = self.get(username, "/tasks").get_json()["tasks"]
        matching = [t for t in tasks if step is None or t["step"] == step]
        assert matching, f"{username} has no open task {step or ''}: {tasks}"
        return matching[0]

    def complete(self, username: str, step: str, **data):
        task = self.open_task(username, step)
        return self.post(username, f"/tasks/{task['id']}/complete", {"data": data})

    def application(self, username: str, application_id: int) -> dict:
        response = self.get(username, f"/applications/{application_id}")
        assert response.status_code == 200, response.get_json()
        return response.get_json()
