"""The applicant portal before submission: the pre-check, autosaved drafts and required documents,
and the refusals that must change nothing."""

import gc
import hashlib
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.support.documents import EXECUTABLE, PDF, attach_required, png, upload
from tests.test_refusals import snapshot
from tests.test_withdraw_lookup_letter import in_review, log_in, withdraw
from webapp.extensions import db
from webapp.models import Application, Attachment, Enterprise, User

IN_PLACE = {"X-Requested-With": "upload"}  # what the page's upload script sends


def english(client, username="tianshan"):
    log_in(client, username)
    client.get("/lang/en")


def set_size(app, username, size_class):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        db.session.get(Enterprise, user.enterprise_id).size_class = size_class
        db.session.commit()


def state(app):
    """What a refused request must not change: the counters of test_refusals plus files and drafts."""
    with app.app_context():
        files = db.session.scalar(select(func.count()).select_from(Attachment))
        drafts = tuple(db.session.execute(select(Application.id, Application.data, Application.draft_saved_at)).all())
    return snapshot(app), files, drafts


def draft(client, app, program="sme-18-3", **values) -> int:
    response = client.post(f"/programs/{program}/start", data=values)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        return db.session.scalar(select(func.max(Application.id)))


# -- the pre-check ------------------------------------------------------------------------------


def test_the_pre_check_lists_each_condition_with_its_sub_point_and_the_verdict(client, app):
    set_size(app, "tianshan", "small")
    english(client)
    page = client.get("/programs/sme-4-3/check").get_data(as_text=True)
    assert 'name="new_hires"' in page and 'name="xinjiang_hires"' in page
    assert "招用新疆籍员工不得少于50%" in page

    checked = client.post("/programs/sme-4-3/check", data={"new_hires": "10", "xinjiang_hires": "4"})
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200
    assert 'data-condition="sme" data-outcome="passed"' in page
    assert 'data-condition="row-1" data-outcome="passed"' in page  # no more Xinjiang hires than hires
    assert 'data-condition="row-2" data-outcome="failed"' in page  # 4 of 10: under （四）3's half
    assert 'data-eligible="no"' in page


def test_start_application_carries_the_pre_check_answers_into_the_draft(client, app):
    english(client, "chuangye")  # a start-up base: (十四)2 pays incubators
    page = client.post("/programs/sme-14-2/check", data={"graduated_enterprises": "3"}).get_data(as_text=True)
    assert 'data-eligible="yes"' in page
    application_id = draft(client, app, program="sme-14-2", graduated_enterprises="3")
    form = client.get(f"/applications/{application_id}/edit").get_data(as_text=True)
    assert 'name="graduated_enterprises" type="number" value="3"' in form or 'value="3"' in form
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert (application.status, application.data["graduated_enterprises"]) == ("draft", "3")
        assert application.number.startswith("XJZX")


def test_a_large_enterprise_is_told_why_and_cannot_start(client, app, api):
    set_size(app, "tianshan", "large")
    english(client)
    page = client.get("/programs/sme-18-3/check").get_data(as_text=True)
    assert 'data-condition="sme" data-outcome="failed"' in page
    before = state(app)
    refused = client.post("/programs/sme-18-3/start", data={"industry": "new_energy"})
    assert refused.status_code == 403
    assert "small and medium enterprises only" in refused.get_data(as_text=True)
    via_api = api.post("tianshan", "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION})
    assert via_api.status_code == 403
    assert state(app) == before


def test_a_large_enterprise_may_apply_where_the_text_does_not_ask_for_an_sme(client, app):
    """（四）3 pays 「在新疆注册的各类企业」: the size check does not apply."""
    set_size(app, "tianshan", "large")
    english(client)
    page = client.post("/programs/sme-4-3/check", data={"new_hires": "10", "xinjiang_hires": "6"}).get_data(
        as_text=True
    )
    assert 'data-condition="sme" data-outcome="passed"' in page
    assert 'data-eligible="yes"' in page
    draft(client, app, program="sme-4-3", new_hires="10", xinjiang_hires="6")


# -- drafts -------------------------------------------------------------------------------------


def test_autosave_keeps_what_was_typed_and_the_form_shows_it_again(client, app):
    english(client)
    application_id = draft(client, app, program="sme-18-1")
    typed = {**NEW_PRODUCT_APPLICATION, "amount_requested": "四十五万", "appraisal_date": "2026-13-40"}
    saved = client.post(f"/applications/{application_id}/draft", data={**typed, "not_a_field": "x"})
    assert saved.status_code == 200
    assert saved.get_json()["message"].startswith("Saved at ")

    page = client.get(f"/applications/{application_id}/edit").get_data(as_text=True)
    for value in ("四十五万", "2026-13-40", "XJ-500 五轴联动数控机床", "新经信鉴字〔2026〕018号"):
        assert value in page
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert "not_a_field" not in application.data
        assert application.draft_saved_at is not None
        assert application.amount_requested is None  # not a number yet


def test_submitting_a_draft_with_bad_values_is_refused_on_the_form_and_changes_nothing(client, app, api):
    english(client)
    application_id = draft(client, app, program="sme-18-1")
    client.post(f"/applications/{application_id}/draft", data={**NEW_PRODUCT_APPLICATION, "amount_requested": "abc"})
    attach_required(client, "sme-18-1", application_id, prefix="")
    before = state(app)
    refused = client.post(f"/applications/{application_id}/submit", data={"declaration": "y"})
    # Back to the draft page (a GET with its own token), the field marked where it is.
    assert refused.status_code == 302
    assert refused.headers["Location"].endswith(f"/{application_id}/edit?check=1#draft-form")
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "not complete yet" in page and 'name="csrf_token"' in page
    assert re.search(r'class="field has-error">\s*<label for="amount_requested"', page)
    through_api = api.post("tianshan", f"/applications/{application_id}/submit")
    assert through_api.status_code == 422
    assert "amount_requested" in through_api.get_json()["errors"]
    assert state(app) == before


def test_drafts_are_listed_on_the_home_page_and_can_be_deleted(client, app):
    english(client)
    application_id = draft(client, app)
    home = client.get("/").get_data(as_text=True)
    assert f'data-draft="{application_id}"' in home
    assert client.post(f"/applications/{application_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Application, application_id).status == "discarded"
    assert f'data-draft="{application_id}"' not in client.get("/").get_data(as_text=True)
    assert client.post(f"/applications/{application_id}/draft", data={"industry": "bio"}).status_code == 409


# -- documents ----------------------------------------------------------------------------------


def test_a_document_is_stored_once_under_its_hash_and_submission_waits_for_all(client, app):
    english(client)
    application_id = draft(client, app, program="sme-18-1")
    client.post(f"/applications/{application_id}/draft", data=NEW_PRODUCT_APPLICATION)
    url = f"/applications/{application_id}/attachments"
    assert upload(client, url, "business_licence", png(), "licence.png").status_code == 302

    before = state(app)
    refused = client.post(f"/applications/{application_id}/submit", data={"declaration": "y"})
    assert refused.status_code == 302
    text = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "missing" in text and "Financial statements" in text and "Project proposal" in text
    assert "missing: Business licence" not in text
    assert re.search(r'id="document-financial_statements"\s*class="has-error"', text)
    assert state(app) == before

    for kind in ("financial_statements", "project_proposal", "appraisal_certificate"):
        assert upload(client, url, kind, PDF, f"{kind}.pdf").status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(Attachment).where(Attachment.application_id == application_id)).all()
        digests = {row.sha256 for row in rows}
        assert {row.content_type for row in rows} == {"image/png", "application/pdf"}
        folder = Path(app.config["UPLOAD_DIR"])
        assert len(digests) == 2  # three identical PDFs are one file
        assert (folder / hashlib.sha256(PDF).hexdigest()[:2] / hashlib.sha256(PDF).hexdigest()).read_bytes() == PDF
        pdf_id = next(row.id for row in rows if row.content_type == "application/pdf")
    without_declaration = client.post(f"/applications/{application_id}/submit")
    assert without_declaration.headers["Location"].endswith(f"/{application_id}/confirm?declaration=missing")
    assert client.post(f"/applications/{application_id}/submit", data={"declaration": "y"}).status_code == 302

    download = client.get(f"/attachments/{pdf_id}")
    assert (download.status_code, download.data, download.mimetype) == (200, PDF, "application/pdf")
    download.close()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (EXECUTABLE, "licence.pdf", "Only PDF, JPEG or PNG files are accepted"),
        (b"just some text, not a document", "licence.pdf", "Only PDF, JPEG or PNG files are accepted"),
        (PDF[:-7], "licence.pdf", "is not a complete PDF file"),
        (png()[:40], "licence.png", "not a readable image"),
        (PDF, "licence.png", "does not match its content"),
        (b"", "licence.pdf", "The file is empty"),
    ],
)
def test_a_disguised_or_broken_file_is_refused_with_a_reason_and_nothing_is_stored(
    client, app, content, filename, message
):
    english(client)
    application_id = draft(client, app)
    before = state(app)
    url = f"/applications/{application_id}/attachments"
    refused = upload(client, url, "business_licence", content, filename, headers=IN_PLACE)
    assert refused.status_code == 422
    assert message in refused.get_json()["error"]
    assert state(app) == before
    # Without the page's script the form comes back to the draft with the reason flashed on it.
    posted = upload(client, url, "business_licence", content, filename)
    assert posted.status_code == 302 and posted.headers["Location"].endswith(f"/applications/{application_id}/edit")
    assert message in client.get(posted.headers["Location"]).get_data(as_text=True)
    assert not any(Path(app.config["UPLOAD_DIR"]).rglob("*")) if Path(app.config["UPLOAD_DIR"]).exists() else True


# Werkzeug leaves the spooled temporary file of a body it cut off at MAX_CONTENT_LENGTH to the
# garbage collector; collect it here, inside this test, where the warning is expected.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(client, app):
    english(client)
    application_id = draft(client, app)
    before = state(app)
    big = PDF[:-6] + b"\0" * (app.config["ATTACHMENT_MAX_BYTES"]) + b"%%EOF\n"
    url = f"/applications/{application_id}/attachments"
    refused = upload(client, url, "business_licence", big, "big.pdf", headers=IN_PLACE)
    assert refused.status_code == 422
    assert "larger than 10 MB" in refused.get_json()["error"]
    assert state(app) == before
    far_too_big = client.post(
        f"/applications/{application_id}/attachments",
        data={"document_type": "business_licence", "file": (io.BytesIO(b"\0" * (12 * 1024 * 1024)), "huge.pdf")},
    )
    assert far_too_big.status_code == 413
    assert "The upload is too large." in far_too_big.get_data(as_text=True)
    in_place = client.post(url, data={"file": (io.BytesIO(b"\0" * (12 * 1024 * 1024)), "huge.pdf")}, headers=IN_PLACE)
    assert (in_place.status_code, in_place.get_json()["error"]) == (413, "The upload is too large.")
    assert state(app) == before
    del refused, far_too_big, in_place
    gc.collect()


# -- another enterprise's application ---------------------------------------------------------


def test_another_enterprise_cannot_view_save_upload_to_or_download_from_an_application(client, app, api):
    english(client)
    application_id = draft(client, app, program="sme-18-1")
    client.post(f"/applications/{application_id}/draft", data=NEW_PRODUCT_APPLICATION)
    upload(client, f"/applications/{application_id}/attachments", "business_licence", PDF, "licence.pdf")
    with app.app_context():
        attachment_id = db.session.scalar(select(Attachment.id))

    english(client, "kunlun")
    before = state(app)
    assert client.get(f"/applications/{application_id}").status_code == 403
    assert client.get(f"/applications/{application_id}/edit").status_code == 403
    saved = client.post(f"/applications/{application_id}/draft", data={"project_name": "hijacked"})
    assert saved.status_code == 403
    assert "You may not see this application." in saved.get_data(as_text=True)
    uploaded = upload(client, f"/applications/{application_id}/attachments", "business_licence", PDF, "x.pdf")
    assert uploaded.status_code == 403
    assert client.get(f"/attachments/{attachment_id}").status_code == 403
    assert client.post(f"/applications/{application_id}/delete").status_code == 403
    assert client.get("/attachments/999999").status_code == 404
    # A department with no task on the case cannot read its files either.
    english(client, "kjt")
    assert client.get(f"/attachments/{attachment_id}").status_code == 403
    assert state(app) == before

    # The lead department gets a task once it is submitted, and with it the files.
    attach_required(api.client, "sme-18-1", application_id, api.headers("tianshan"))
    assert api.post("tianshan", f"/applications/{application_id}/submit").status_code == 200
    english(client, "jxw")
    download = client.get(f"/attachments/{attachment_id}")
    assert download.status_code == 200
    download.close()
    task_page = client.get(f"/tasks/{api.open_task('jxw', 'accept')['id']}").get_data(as_text=True)
    with app.app_context():
        current = db.session.scalar(
            select(func.max(Attachment.id)).where(Attachment.document_type == "business_licence")
        )
    assert current != attachment_id  # the licence uploaded again replaced the first (both stay on file)
    assert f"/attachments/{current}" in task_page
    assert 'data-document="business_licence" data-present="yes"' in task_page


def test_a_withdrawn_case_s_task_is_refused_and_its_documents_cannot_change(client, app, api):
    application_id = in_review(api)
    budget_task = api.open_task("czt", "budget_review")
    assert withdraw(api, application_id).status_code == 200
    before = state(app)
    completed = api.post(
        "czt", f"/tasks/{budget_task['id']}/complete", {"data": {"decision": "approve", "opinion": "可"}}
    )
    assert completed.status_code == 409
    assert "withdrawn" in completed.get_json()["error"]
    english(client)
    url = f"/applications/{application_id}/attachments"
    late = upload(client, url, "business_licence", PDF, "late.pdf", headers=IN_PLACE)
    assert late.status_code == 409 and "not now" in late.get_json()["error"]
    assert state(app) == before
