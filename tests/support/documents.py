"""Small real files for uploads: a PDF, a PNG, and an executable dressed as a PDF."""

from __future__ import annotations

import io

from PIL import Image

from workflows.programs import required_documents

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
# The start of a Windows executable: "MZ", the DOS stub, then a PE header further in.
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 44
    + b"\x80\x00\x00\x00"
    + (b"\x00" * 64 + b"PE\x00\x00" + b"\x00" * 200)
)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, url: str, document_type: str, content: bytes, filename: str, headers=None):
    data = {"document_type": document_type, "file": (io.BytesIO(content), filename)}
    return client.post(url, data=data, headers=headers or {}, content_type="multipart/form-data")


def attach_required(client, program_code: str, application_id: int, headers=None, prefix: str = "/api/v1") -> None:
    """Upload a small PDF for every document the program requires."""
    for document in required_documents(program_code):
        response = upload(
            client,
            f"{prefix}/applications/{application_id}/attachments",
            document.code,
            PDF,
            f"{document.code}.pdf",
            headers,
        )
        assert response.status_code in (201, 302), response.get_data(as_text=True)


def upload_missing_in_browser(page) -> int:
    """On a page with the documents table: upload a small PDF into every row still missing one."""
    uploaded = 0
    while (row := page.locator("#attachments tr[data-present='no']").first).count():
        code = row.get_attribute("data-document")
        # Choosing the file uploads it in place: the row is drawn anew, the page is not reloaded.
        with page.expect_response(lambda r: r.url.endswith("/attachments") and r.status == 201):
            row.locator("input[type=file]").set_input_files(
                {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": PDF}
            )
        page.locator(f"#attachments tr[data-document='{code}'][data-present='yes']").wait_for()
        uploaded += 1
    return uploaded


def attach_required_live(call, username: str, program_code: str, application_id: int) -> None:
    """Through a Playwright request context: `call(path, multipart)` posts as `username`."""
    for document in required_documents(program_code):
        call(
            username,
            f"/applications/{application_id}/attachments",
            {
                "document_type": document.code,
                "file": {"name": f"{document.code}.pdf", "mimeType": "application/pdf", "buffer": PDF},
            },
        )
