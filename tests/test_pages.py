"""The server-rendered pages, driven with the Flask client: what applicants, staff and admins see."""

import re

from tests.support.actors import DEMO_PASSWORD, NEW_PRODUCT_APPLICATION
from tests.support.documents import attach_required


def log_in(client, username):
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_an_applicant_applies_submits_and_follows_the_case(client):
    log_in(client, "tianshan")
    page = client.get("/programs/sme-18-1/apply")
    assert page.status_code == 200
    assert 'name="amount_requested"' in page.get_data(as_text=True)

    saved = client.post("/programs/sme-18-1/apply", data=NEW_PRODUCT_APPLICATION)
    assert saved.status_code == 302
    case_url = saved.headers["Location"]
    attach_required(client, "sme-18-1", int(case_url.rsplit("/", 1)[1]), prefix="")
    # The case page's "check and continue" leads to the confirmation; the declaration sends it.
    assert client.post(case_url + "/review").headers["Location"] == case_url + "/confirm"
    confirm = client.get(case_url + "/confirm").get_data(as_text=True)
    assert 'id="declaration"' in confirm and 'id="steps"' in confirm
    submitted = client.post(case_url + "/submit", data={"declaration": "y"})
    assert submitted.status_code == 302 and submitted.headers["Location"] == case_url

    html = client.get(case_url).get_data(as_text=True)
    assert re.search(r"XJZX\d{14}", html)
    assert "自治区工业和信息化厅" in html  # who holds it now, under its name today
    assert 'data-active="accept"' in html  # the diagram highlights the current step
    assert 'data-done="submit"' in html


def test_an_invalid_form_re_renders_with_messages_and_saves_nothing(client):
    log_in(client, "tianshan")
    response = client.post("/programs/sme-18-1/apply", data={**NEW_PRODUCT_APPLICATION, "amount_requested": "-1"})
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    assert "XJZX" not in client.get("/applications").get_data(as_text=True)


def test_a_department_works_its_inbox(client, api):
    application_id = api.apply()
    log_in(client, "jxw")
    inbox = client.get("/tasks").get_data(as_text=True)
    task_id = re.search(r'data-task-id="(\d+)"', inbox).group(1)

    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "《办法》第六条" in page  # the legal basis the step implements
    assert NEW_PRODUCT_APPLICATION["product_name"] in page  # the application data

    assert client.post(f"/tasks/{task_id}/claim").status_code == 302
    refused = client.post(f"/tasks/{task_id}", data={"decision": "return"})
    assert refused.status_code == 422
    done = client.post(f"/tasks/{task_id}", data={"decision": "return", "correction_items": "补鉴定证书"})
    assert done.status_code == 302
    assert api.application("tianshan", application_id)["status"] == "correction_requested"
    assert "补鉴定证书" not in client.get("/tasks").get_data(as_text=True)
    assert "受理审查" in client.get("/tasks/done").get_data(as_text=True)


def test_staff_of_another_department_are_refused_the_task_page(client, api):
    api.apply()
    task = api.open_task("jxw", "accept")
    log_in(client, "kunlun")
    assert client.get(f"/tasks/{task['id']}").status_code == 403
    assert client.get("/admin/definitions").status_code == 403


def test_the_language_switches_between_chinese_and_english(client):
    client.get("/lang/en")
    assert "Log in" in client.get("/login").get_data(as_text=True)
    client.get("/lang/zh")
    assert "登录" in client.get("/login").get_data(as_text=True)


def test_forms_refuse_a_missing_csrf_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/login", data={"username": "jxw", "password": DEMO_PASSWORD})
    assert response.status_code == 400


def test_an_administrator_sees_versions_and_a_bad_upload_is_explained(client):
    log_in(client, "admin")
    assert "sme_18_1_new_product" in client.get("/admin/definitions").get_data(as_text=True)
    from io import BytesIO

    response = client.post(
        "/admin/definitions/upload",
        data={"bpmn": (BytesIO(b"<bpmn:definitions><broken"), "broken.bpmn"), "publish": "y"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "line" in response.get_data(as_text=True)


def test_an_applicant_s_to_do_list_offers_the_correction_to_answer_and_nothing_to_claim(client, api):
    api.apply()
    api.complete("jxw", "accept", decision="return", correction_items="补充鉴定证书")
    log_in(client, "tianshan")
    page = client.get("/tasks").get_data(as_text=True)
    assert 'id="todo"' in page
    assert "/claim" not in page
    task_id = re.search(r'data-task-id="(\d+)"', page).group(1)
    assert client.get(f"/tasks/{task_id}").status_code == 200
