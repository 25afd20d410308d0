"""Uploaded files where every app node sees them: with FILE_STORE=database a document an applicant
uploads through one node is downloaded through another (with disk stores it is not), the same
content is stored once, a disk store is copied over before switching, and a wrong setting stops
the app at start."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.support.actors import NEW_PRODUCT_APPLICATION
from tests.support.documents import PDF
from tests.test_withdraw_lookup_letter import log_in
from webapp import create_app
from webapp.extensions import db
from webapp.models import Attachment, FileContent


@pytest.fixture
def database_store(app):
    app.config["FILE_STORE"] = "database"
    return app


@pytest.fixture
def other_node(database_url, tmp_path):
    """A second app node on the same database, with a disk of its own."""
    made = []

    def start(store: str):
        node = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": database_url,
                "TESTING": True,
                "WTF_CSRF_ENABLED": False,
                "UPLOAD_DIR": str(tmp_path / "other-node"),
                "FILE_STORE": store,
            }
        )
        made.append(node)
        return node

    yield start
    for node in made:
        with node.app_context():
            db.engine.dispose()


def first_document(app, application_id: int) -> Attachment:
    with app.app_context():
        return db.session.scalars(
            select(Attachment).where(Attachment.application_id == application_id).order_by(Attachment.id)
        ).first()


def download_as(node, username: str, attachment_id: int):
    client = node.test_client()
    log_in(client, username)
    return client.get(f"/attachments/{attachment_id}")


def stored_rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(FileContent))


def test_a_document_uploaded_through_one_node_downloads_through_another(database_store, api, other_node):
    application_id = api.apply("tianshan")
    document = first_document(database_store, application_id)
    upload_dir = Path(database_store.config["UPLOAD_DIR"])
    assert not upload_dir.exists() or not any(upload_dir.rglob("*")), "nothing on this node's disk"

    response = download_as(other_node("database"), "jxw", document.id)
    assert (response.status_code, response.data) == (200, PDF)
    assert document.sha256 in response.headers["ETag"]


def test_with_disk_stores_the_other_node_does_not_have_the_file(app, api, other_node):
    application_id = api.apply("tianshan")
    document = first_document(app, application_id)

    response = download_as(other_node("disk"), "jxw", document.id)
    assert response.status_code == 404
    assert "文件内容在存储中缺失" in response.get_data(as_text=True)  # "the file's content is missing"


def test_the_same_content_is_stored_once(database_store, api):
    api.apply("tianshan")
    api.apply("kunlun")  # the same small PDF for every required document of both
    assert stored_rows(database_store) == 1


def test_a_disk_store_is_copied_into_the_database_before_switching(app, api, other_node):
    application_id = api.apply("tianshan")
    document = first_document(app, application_id)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["files", "copy-to-database"])
    assert result.exit_code == 0 and "files copied into the database: 1" in result.output
    assert runner.invoke(args=["files", "copy-to-database"]).output.strip().endswith(": 0")

    response = download_as(other_node("database"), "jxw", document.id)
    assert (response.status_code, response.data) == (200, PDF)


def test_a_node_with_the_database_store_is_ready_without_a_writable_disk(database_store, client, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    database_store.config["UPLOAD_DIR"] = str(blocker / "uploads")
    assert client.get("/readyz").status_code == 200


def test_an_unknown_file_store_stops_the_app_at_start(database_url):
    with pytest.raises(RuntimeError, match="FILE_STORE must be one of disk, database, not 's3'"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "FILE_STORE": "s3"})


def test_the_same_file_uploaded_at_the_same_instant_is_stored_once(database_store, api, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("simultaneous writers are PostgreSQL's; SQLite has one writer at a time")
    from tests.support.documents import upload
    from tests.support.races import at_once

    drafts = []
    for username in ("tianshan", "kunlun"):
        body = {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION}
        drafts.append((username, api.post(username, "/applications", body).get_json()["id"]))

    def send(username, application_id):
        client = database_store.test_client()
        url = f"/api/v1/applications/{application_id}/attachments"
        return upload(client, url, "project_proposal", PDF, "proposal.pdf", api.headers(username))

    answers = at_once([lambda u=u, a=a: send(u, a) for u, a in drafts])
    assert [a.status_code for a in answers] == [201, 201], [a.get_data(as_text=True) for a in answers]
    assert stored_rows(database_store) == 1
