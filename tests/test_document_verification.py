"""Anyone holding a document checks it on the public page; numbers stay unique when issued at once;
administrators set where each department's applicants may appeal."""

from __future__ import annotations

import io
import subprocess
import threading

import pytest

from tests.support.factories import create_staff
from tests.support.pdfs import need_poppler, qr_codes_of, text_of
from tests.test_issued_documents import NUMBER, documents, download
from tests.test_withdraw_lookup_letter import log_in
from webapp.documents.services import numbering


def token_of(document: dict) -> str:
    return document["verify"].rsplit("/", 1)[1]


def test_the_verification_page_shows_the_facts_and_tells_genuine_from_altered(api, client):
    application_id = api.apply()
    (receipt,) = documents(api, application_id)
    pdf = download(api, receipt)
    client.post("/logout")  # the page is public

    page = client.get(f"/v/{token_of(receipt)}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for fact in (receipt["number"], receipt["issuer"], "天山精密机械有限公司", receipt["sha256"], "申请材料接收回执"):
        assert fact in page, fact

    def check(data: bytes) -> str:
        response = client.post(
            f"/v/{token_of(receipt)}",
            data={"file": (io.BytesIO(data), "in-hand.pdf")},
            headers={"Accept-Language": "en"},
            content_type="multipart/form-data",
        )
        assert response.status_code == 200
        return response.get_data(as_text=True)

    assert 'data-result="genuine"' in check(pdf)
    changed = bytearray(pdf)
    changed[len(pdf) // 2] ^= 0x20  # one byte
    altered = check(bytes(changed))
    assert 'data-result="altered"' in altered and "Altered" in altered
    assert client.get("/v/ACDEFGHJKM").status_code == 404


def test_the_document_names_its_verification_address_under_the_qr_code(api):
    need_poppler()
    application_id = api.apply()
    (receipt,) = documents(api, application_id)
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=download(api, receipt), capture_output=True, check=True
    )
    assert receipt["verify"] in raw.stdout.decode()
    assert "核验本文书的真实性和完整性" in raw.stdout.decode()


def test_a_phone_scanning_the_qr_code_is_taken_to_the_verification_page(api, tmp_path):
    application_id = api.apply()
    (receipt,) = documents(api, application_id)
    assert qr_codes_of(download(api, receipt), tmp_path) == [receipt["verify"]]


def test_numbers_issued_at_the_same_moment_are_distinct_and_gapless(api, app, monkeypatch, backend):
    if backend.__class__.__name__ != "PostgresTemplate":
        pytest.skip("SQLite has one writer at a time: the race is PostgreSQL's (the production database)")
    create_staff(app, "jxw2", "JXW")
    first, second = api.apply(), api.apply()
    tasks = {
        "jxw": api.get("jxw", f"/tasks?application_id={first}").get_json()["tasks"][0]["id"],
        "jxw2": api.get("jxw2", f"/tasks?application_id={second}").get_json()["tasks"][0]["id"],
    }
    barrier = threading.Barrier(2, timeout=20)
    real_next = numbering.next_serial

    def next_when_both_are_here(department_id, year):
        barrier.wait()  # both transactions have completed their step and now ask for a number
        return real_next(department_id, year)

    results = {}

    def accept(username):
        results[username] = api.post(username, f"/tasks/{tasks[username]}/complete", {"data": {"decision": "approve"}})

    monkeypatch.setattr(numbering, "next_serial", next_when_both_are_here)
    threads = [threading.Thread(target=accept, args=(name,)) for name in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert [results[name].status_code for name in tasks] == [200, 200]
    issued = documents(api, first) + documents(api, second)
    serials = sorted(int(NUMBER.match(d["number"]).group(1)) for d in issued)
    assert serials == [1, 2, 3, 4]  # two receipts, then the two acceptances, one number each


def test_an_administrator_sets_the_court_and_the_next_letter_names_it(api, client):
    need_poppler()
    log_in(client, "jxw")
    assert client.get(f"/admin/departments/{_jxw_id(api)}/documents").status_code == 403
    log_in(client, "admin")
    department_id = _jxw_id(api)
    page = client.get(f"/admin/departments/{department_id}/documents").get_data(as_text=True)
    assert 'id="document-settings"' in page and "新工信中小" in page  # the default
    refused = client.post(
        f"/admin/departments/{department_id}/documents",
        data={"number_prefix": "新工信中小〔2026〕", "reconsideration_body": "新疆维吾尔自治区人民政府", "court": "x"},
    )
    assert refused.status_code == 422
    saved = client.post(
        f"/admin/departments/{department_id}/documents",
        data={
            "number_prefix": "新经信中小",
            "reconsideration_body": "新疆维吾尔自治区人民政府",
            "court": "乌鲁木齐铁路运输法院",
        },
    )
    assert saved.status_code == 302

    application_id = api.apply()
    api.complete("jxw", "accept", decision="reject", reasons="不属于支持范围。")
    notice = documents(api, application_id)[-1]
    assert notice["number"].startswith("新经信中小〔")
    assert "向乌鲁木齐铁路运输法院提起行政诉讼" in text_of(download(api, notice))


def _jxw_id(api) -> int:
    from webapp.extensions import db
    from webapp.models import Department

    with api.client.application.app_context():
        return db.session.query(Department).filter_by(code="JXW").one().id
