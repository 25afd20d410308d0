"""The reviewer's task page (issue 15): documents read in place, the disbursement offered the
approved amount, and the decision form saying which fields go with which answer."""

import json
import re
from html import unescape

from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import Attachment


def log_in(client, username: str) -> None:
    client.post("/login", data={"username": username, "password": DEMO_PASSWORD})


def test_a_reviewer_reads_a_document_inline_and_the_download_stays_a_download(api, client, app):
    application_id = api.apply()
    with app.app_context():
        attachment_id = db.session.scalars(
            select(Attachment.id).where(Attachment.application_id == application_id)
        ).first()
    log_in(client, "jxw")
    page = client.get(f"/tasks/{api.open_task('jxw', 'accept')['id']}").get_data(as_text=True)
    assert 'id="viewer"' in page and 'id="viewer-frame"' in page
    inline = client.get(f"/attachments/{attachment_id}?inline=1")
    assert inline.status_code == 200
    assert inline.headers["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in inline.headers["Content-Security-Policy"]
    inline.close()
    download = client.get(f"/attachments/{attachment_id}")
    assert download.headers["Content-Disposition"].startswith("attachment")
    download.close()


def test_the_disbursement_form_offers_the_approved_amount(api, client):
    api.apply(amount_requested="450000")
    api.complete("jxw", "accept", decision="approve")
    api.complete("kjt", "tech_review", decision="approve", opinion="可")
    api.complete("czt", "budget_review", decision="approve", opinion="可")
    api.complete("jxw", "decide", decision="approve", approved_amount="400000", reasons="符合（十八）1")
    log_in(client, "czt")
    page = client.get(f"/tasks/{api.open_task('czt', 'disburse')['id']}").get_data(as_text=True)
    assert re.search(r'id="disbursed_amount"[^>]*value="400000(\.00)?"', page)


def test_the_decision_form_names_the_fields_each_answer_needs(api, client):
    api.apply()
    log_in(client, "jxw")
    page = client.get(f"/tasks/{api.open_task('jxw', 'accept')['id']}").get_data(as_text=True)
    found = re.search(r'class="conditional-form" data-conditions="([^"]*)"', page)
    assert json.loads(unescape(found.group(1))) == {
        "correction_items": ["decision", "return"],
        "reasons": ["decision", "reject"],
    }
