"""Every notice in writing: each turn of a case issues a numbered, signed document the applicant downloads.

Each document is read back as a person's tools would: pdftotext for its words, pdffonts for its
fonts (every one embedded), pyHanko for its signature (valid; broken by one changed byte).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.pdfs import fonts_of, need_poppler, signature_status, text_of
from tests.test_withdraw_lookup_letter import log_in

NUMBER = re.compile(r"^新工信中小〔\d{4}〕(\d+)号$")


@pytest.fixture(autouse=True)
def _poppler():
    need_poppler()


def documents(api, application_id: int, username: str = "tianshan") -> list[dict]:
    response = api.get(username, f"/applications/{application_id}/documents")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["documents"]


def download(api, document: dict, username: str = "tianshan") -> bytes:
    response = api.client.get(document["download"], headers=api.headers(username))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    return response.data


def check_document(api, app, document: dict, tmp_path: Path) -> str:
    """Fonts embedded, signature valid and broken by one byte; returns the text."""
    pdf = download(api, document)
    fonts = fonts_of(pdf, tmp_path)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    root = Path(app.config["SIGNING_DIR"]) / "demo-root.cert.pem"
    status = signature_status(pdf, root)
    assert status.intact and status.valid and status.trusted, status.summary()
    assert status.coverage.name == "ENTIRE_FILE"
    altered = bytearray(pdf)
    altered[pdf.index(b"stream") + 20] ^= 0x01  # one byte of the first page's drawing: still a readable PDF
    broken = signature_status(bytes(altered), root)
    assert not broken.intact and not broken.bottom_line
    text = text_of(pdf)
    assert document["number"] in text
    return text


def test_submission_gives_a_receipt_numbered_signed_and_with_the_documents_received(api, app, tmp_path):
    application_id = api.apply()

    (receipt,) = documents(api, application_id)

    assert receipt["kind"] == "receipt"
    assert NUMBER.match(receipt["number"]), receipt["number"]
    assert receipt["issuer"] == "自治区工业和信息化厅"
    assert len(receipt["sha256"]) == 64
    text = check_document(api, app, receipt, tmp_path)
    number = api.application("tianshan", application_id)["number"]
    for expected in ("申请材料接收回执", number, "营业执照", "自治区鉴定证书", "5个工作日内", "20个工作日", "/lookup"):
        assert expected in text, expected


def test_acceptance_notice_states_the_date_and_the_time_limit(api, app, tmp_path):
    application_id = api.apply()
    api.complete("jxw", "accept", decision="approve")

    receipt, accepted = documents(api, application_id)

    assert accepted["kind"] == "acceptance"
    assert int(NUMBER.match(accepted["number"]).group(1)) == int(NUMBER.match(receipt["number"]).group(1)) + 1
    text = check_document(api, app, accepted, tmp_path)
    assert "受理通知书" in text and "决定予以受理" in text and "第三十二条" in text


def test_the_correction_notice_lists_every_item_its_basis_deadline_and_consequence(api, app, tmp_path):
    application_id = api.apply()
    items = "1. 营业执照副本不清晰，请重新上传。\n2、项目申报书缺少盖章页。"
    api.complete("jxw", "accept", decision="return", correction_items=items)

    notice = documents(api, application_id)[-1]

    assert notice["kind"] == "correction"
    text = check_document(api, app, notice, tmp_path)
    assert "（一）营业执照副本不清晰，请重新上传。" in text
    assert "（二）项目申报书缺少盖章页。" in text
    assert "新疆维吾尔自治区中小企业发展专项资金管理办法" in text or "第六条" in text
    assert re.search(r"请你单位于\d{4}年\d{1,2}月\d{1,2}日前", text)
    assert "视为你单位放弃本次申请" in text


def test_refusal_to_accept_gives_reasons_basis_and_appeal_rights(api, app, tmp_path):
    application_id = api.apply()
    api.complete("jxw", "accept", decision="reject", reasons="申请项目不属于本专项资金支持范围。")

    notice = documents(api, application_id)[-1]

    assert notice["kind"] == "refusal_to_accept"
    text = check_document(api, app, notice, tmp_path)
    for expected in (
        "不予受理通知书",
        "申请项目不属于本专项资金支持范围。",
        "新疆维吾尔自治区人民政府申请行政复议",
        "六十日内",
        "六个月内",
        "《中华人民共和国行政诉讼法》第四十六条",
        "提起行政诉讼",
    ):
        assert expected in text, expected


def decide(api, amount: str | None, tech: str = "approve", reasons: str = "符合（十八）1的条件。") -> int:
    application_id = api.apply()
    api.complete("jxw", "accept", decision="approve")
    api.complete("kjt", "tech_review", decision=tech, opinion="鉴定结论与申报产品不一致。")
    api.complete("czt", "budget_review", decision="approve", opinion="预算可行。")
    if amount is None:
        api.complete("jxw", "decide", decision="reject", reasons=reasons)
    else:
        api.complete("jxw", "decide", decision="approve", approved_amount=amount, reasons=reasons)
    return application_id


@pytest.mark.parametrize(
    ("amount", "kind", "expected"),
    [
        ("450000", "approval", ["准予财政资金补助决定书", "核定补助金额人民币450,000.00元"]),
        ("300000", "partial_approval", ["部分准予", "核定补助金额人民币300,000.00元", "核减人民币150,000.00元"]),
    ],
)
def test_the_approval_letters_name_the_amount_the_reconsideration_body_and_the_court(
    api, app, tmp_path, amount, kind, expected
):
    application_id = decide(api, amount)

    letter = documents(api, application_id)[-1]

    assert letter["kind"] == kind
    text = check_document(api, app, letter, tmp_path)
    for phrase in (*expected, "新疆维吾尔自治区人民政府申请行政复议", "本机关所在地的基层人民法院提起行政诉讼"):
        assert phrase in text, phrase
    assert "预算可行" not in text  # assisting opinions stay internal on an approval
    log_in(api.client, "tianshan")
    assert api.client.get(f"/applications/{application_id}/decision.pdf").data == download(api, letter)


def test_a_refusal_resting_on_an_assisting_department_summarises_its_opinion(api, app, tmp_path):
    application_id = decide(api, None, tech="reject", reasons="科技厅审查认为鉴定结论与申报产品不一致。")

    letter = documents(api, application_id)[-1]

    assert letter["kind"] == "refusal"
    text = check_document(api, app, letter, tmp_path)
    assert "不予批准决定书" in text
    assert "自治区科技厅：不同意。鉴定结论与申报产品不一致。" in text.replace("科技厅：", "自治区科技厅：", 1) or (
        "科技厅：不同意。鉴定结论与申报产品不一致。" in text
    )
    assert "预算可行" not in text


def test_numbers_run_per_department_without_gaps(api):
    first = api.apply()
    second = api.apply()
    api.complete("jxw", "accept", decision="approve")
    serials = sorted(int(NUMBER.match(d["number"]).group(1)) for a in (first, second) for d in documents(api, a))
    assert serials == list(range(serials[0], serials[0] + 3))


def test_documents_are_the_case_readers_and_nobody_elses(api, client):
    application_id = api.apply()
    (receipt,) = documents(api, application_id)
    assert api.client.get(receipt["download"], headers=api.headers("jxw")).status_code == 200
    assert api.get("kunlun", f"/applications/{application_id}/documents").status_code == 403
    assert api.client.get(receipt["download"], headers=api.headers("kunlun")).status_code == 403
    assert api.client.get(receipt["download"]).status_code == 401

    log_in(client, "tianshan")
    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert 'id="issued-documents"' in page and receipt["number"] in page
    printable = client.get(f"/documents/{receipt['id']}/print").get_data(as_text=True)
    assert receipt["number"] in printable and "申请材料接收回执" in printable


def test_the_applicant_is_told_of_each_document(api):
    application_id = api.apply()
    api.complete("jxw", "accept", decision="approve")
    notes = api.get("tianshan", "/notifications").get_json()["notifications"]
    told = [n for n in notes if n["kind"] == "document" and n["application_id"] == application_id]
    assert len(told) == 2
