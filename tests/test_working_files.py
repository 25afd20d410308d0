"""Departments add working files to a case they work on; the applicant sees only those shared."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from tests.support.documents import PDF
from tests.test_department_work import browser
from webapp.extensions import db
from webapp.models import Attachment


def add_working_file(client, application_id, name, shared=False):
    data = {"file": (io.BytesIO(PDF), name), "next": f"/applications/{application_id}"}
    if shared:
        data["share_with_applicant"] = "y"
    return client.post(f"/applications/{application_id}/attachments", data=data, content_type="multipart/form-data")


def file_id(app, name) -> int:
    with app.app_context():
        return db.session.scalar(select(Attachment.id).where(Attachment.filename == name))


def test_the_lead_adds_an_internal_note_and_a_shared_notice_and_the_applicant_sees_only_the_shared_one(app, api):
    application_id = api.apply("tianshan")
    lead = browser(app, "jxw")
    page = lead.get(f"/applications/{application_id}").get_data(as_text=True)
    assert 'id="working-file-form"' in page

    assert add_working_file(lead, application_id, "site-visit.pdf").status_code == 302
    assert add_working_file(lead, application_id, "notice.pdf", shared=True).status_code == 302
    page = lead.get(f"/applications/{application_id}").get_data(as_text=True)
    assert "site-visit.pdf" in page and "(departments only)" in page and "notice.pdf" in page

    applicant = browser(app, "tianshan")
    seen = applicant.get(f"/applications/{application_id}").get_data(as_text=True)
    assert "notice.pdf" in seen and "site-visit.pdf" not in seen
    with applicant.get(f"/attachments/{file_id(app, 'notice.pdf')}") as download:
        assert download.data == PDF
    assert applicant.get(f"/attachments/{file_id(app, 'site-visit.pdf')}").status_code == 403


def test_a_department_without_a_step_on_the_case_cannot_add_files(app, api):
    application_id = api.apply("tianshan")
    outsider = browser(app, "tjj") if _has_user(app, "tjj") else browser(app, "czt")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Attachment))
    page = outsider.get(f"/applications/{application_id}")
    assert page.status_code == 403
    assert add_working_file(outsider, application_id, "stray.pdf").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == before


def _has_user(app, username) -> bool:
    from webapp.models import User

    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username)) is not None
