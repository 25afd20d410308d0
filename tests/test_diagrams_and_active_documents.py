"""Who reads a version's diagram, and documents that would run code on the reader's machine."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from sqlalchemy import select

from tests.support.documents import PDF, png, upload
from tests.test_departments_and_roles import log_in
from tests.test_refusals import snapshot
from webapp.extensions import db
from webapp.models import Application, ProcessInstance


def definition_of(app, application_id: int) -> int:
    with app.app_context():
        instance_id = db.session.scalar(select(Application.instance_id).where(Application.id == application_id))
        return db.session.get(ProcessInstance, instance_id).definition_id


@pytest.mark.parametrize(
    ("username", "status"),
    [("tianshan", 200), ("kunlun", 403), ("jxw", 200), ("jxw_head", 200), ("swt", 403), ("admin", 200)],
)
def test_a_diagram_is_read_by_the_case_s_applicant_and_departments_and_administrators(
    client, app, api, username, status
):
    definition_id = definition_of(app, api.apply("tianshan"))
    log_in(client, username)
    response = client.get(f"/admin/definitions/{definition_id}/diagram.bpmn")
    assert response.status_code == status
    if status == 200:
        assert b"bpmn:definitions" in response.data


def new_draft(api) -> int:
    from tests.support.actors import NEW_PRODUCT_APPLICATION

    body = {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION}
    return api.post("tianshan", "/applications", body).get_json()["id"]


def pdf_with(body: bytes) -> bytes:
    return PDF.replace(b"trailer", body + b"\ntrailer")


def zipped(content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("run.exe", b"MZ" + b"\x00" * 64)
    return content + buffer.getvalue()


def compressed_object_stream(text: bytes) -> bytes:
    packed = zlib.compress(text)
    return b"5 0 obj <</Type /ObjStm /Filter /FlateDecode /Length %d>>\nstream\n%s\nendstream endobj" % (
        len(packed),
        packed,
    )


ACTIVE = {
    "JavaScript on open": pdf_with(b"2 0 obj <</S /JavaScript /JS (app.alert(1))>> endobj"),
    "an escaped name": pdf_with(b"2 0 obj <</S /J#61vaScript /J#53 (app.alert(1))>> endobj"),
    "a launch action": pdf_with(b"2 0 obj <</S /Launch /F (cmd.exe)>> endobj"),
    "JavaScript in a compressed stream": pdf_with(compressed_object_stream(b"<</S /JavaScript /JS (x)>>")),
}


@pytest.mark.parametrize("what", ACTIVE)
def test_a_pdf_that_would_run_code_is_refused(client, app, api, what):
    draft = new_draft(api)
    before = snapshot(app)
    url = f"/api/v1/applications/{draft}/attachments"
    refused = upload(client, url, "business_licence", ACTIVE[what], "licence.pdf", api.headers("tianshan"))
    assert refused.status_code == 422
    assert "JavaScript or a launch action" in refused.get_json()["error"]
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("content", "name"), [(zipped(PDF[:-6]) + b"%%EOF\n", "licence.pdf"), (zipped(png()), "l.png")]
)
def test_a_document_that_is_also_a_zip_archive_is_refused(client, app, api, content, name):
    draft = new_draft(api)
    url = f"/api/v1/applications/{draft}/attachments"
    refused = upload(client, url, "business_licence", content, name, api.headers("tianshan"))
    assert refused.status_code == 422
    assert "also a ZIP archive" in refused.get_json()["error"]


def test_a_plain_pdf_with_compressed_text_is_still_accepted(client, api):
    draft = new_draft(api)
    content = pdf_with(compressed_object_stream(b"BT /F1 12 Tf (Business licence) Tj ET"))
    url = f"/api/v1/applications/{draft}/attachments"
    assert upload(client, url, "business_licence", content, "licence.pdf", api.headers("tianshan")).status_code == 201
