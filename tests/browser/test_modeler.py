"""The administrator edits a process in the browser modeler and publishes it as a new version.

Edits go through the bpmn-js API the page exposes (window.SmeModelerPage.modeler) or the real
properties panel; publishing is the page's own button. Cases are started through the JSON API of
the same live server, as a client of the product would.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import HAS_CHROMIUM, NO_CHROMIUM
from tests.support.actors import DEMO_PASSWORD, NEW_PRODUCT_APPLICATION
from tests.support.documents import attach_required_live

pytestmark = [
    pytest.mark.browser,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not HAS_CHROMIUM, reason=NO_CHROMIUM),
]

if HAS_CHROMIUM:
    from playwright.sync_api import expect

KEY = "sme_18_1_new_product"
OLD_TITLE = "受理审查"
NEW_TITLE = "受理审查（新）"
SCREENSHOT = "/tmp/modeler.png"  # noqa: S108 - the path the review looks at


class LiveApi:
    """/api/v1 of the live server through Playwright's request context, one token per user."""

    def __init__(self, request):
        self.request = request
        self.tokens: dict[str, str] = {}

    def call(self, method: str, username: str, path: str, data=None) -> dict:
        if username not in self.tokens:
            answer = self.request.post("/api/v1/auth/token", data={"username": username, "password": DEMO_PASSWORD})
            assert answer.status == 200, answer.text()
            self.tokens[username] = answer.json()["token"]
        headers = {"Authorization": f"Bearer {self.tokens[username]}", "Accept-Language": "en"}
        answer = self.request.fetch(f"/api/v1{path}", method=method, headers=headers, data=data)
        assert answer.status in (200, 201), f"{method} {path}: {answer.status} {answer.text()}"
        return answer.json()

    def upload(self, username: str, path: str, multipart: dict) -> dict:
        self.call("GET", username, "/applications")  # makes sure the token exists
        headers = {"Authorization": f"Bearer {self.tokens[username]}", "Accept-Language": "en"}
        answer = self.request.post(f"/api/v1{path}", headers=headers, multipart=multipart)
        assert answer.status == 201, answer.text()
        return answer.json()

    def submit(self, username: str, application_id: int, program: str = "sme-18-1") -> dict:
        attach_required_live(self.upload, username, program, application_id)
        return self.call("POST", username, f"/applications/{application_id}/submit")

    def apply(self) -> int:
        application = self.call(
            "POST", "tianshan", "/applications", {"program": "sme-18-1", "data": NEW_PRODUCT_APPLICATION}
        )
        self.submit("tianshan", application["id"])
        return application["id"]

    def open_tasks(self, username: str, application_id: int) -> list[dict]:
        return self.call("GET", username, f"/tasks?application_id={application_id}")["tasks"]

    def complete(self, username: str, application_id: int, **data) -> None:
        (task,) = self.open_tasks(username, application_id)
        self.call("POST", username, f"/tasks/{task['id']}/complete", {"data": data})


def modeler_call(page, script: str, arg=None):
    """Run `script` (a function body) with `modeler` and `arg` in scope, in the page."""
    return page.evaluate(f"(arg) => {{ const modeler = window.SmeModelerPage.modeler; {script} }}", arg)


BREAK_CONDITION = """
    const flow = modeler.get('elementRegistry').get(arg.flow);
    const expression = modeler.get('bpmnFactory').create('bpmn:FormalExpression', { body: arg.body });
    modeler.get('modeling').updateProperties(flow, { conditionExpression: expression });
"""


def open_modeler(page) -> None:
    expect(page.locator('#modeler-page[data-ready="1"]')).to_have_count(1)
    assert page.locator("#modeler-canvas svg .djs-element").count() > 10
    expect(page.locator("#modeler-panel .bio-properties-panel")).to_be_visible()


def marked_invalid(page, element_id: str):
    return page.locator(f'#modeler-canvas g.djs-element.invalid-element[data-element-id="{element_id}"]')


def test_the_admin_edits_a_process_in_the_modeler_and_publishes_a_new_version(new_page, browser_problems):
    api = LiveApi(new_page().request)
    before = api.apply()
    assert [t["title"] for t in api.open_tasks("jxw", before)] == [OLD_TITLE]

    # From the version's page to the modeler.
    admin = new_page("admin")
    admin.goto("/admin/definitions")
    row = admin.locator("main table.list tbody tr", has=admin.locator("td", has_text=re.compile(f"^{KEY}$")))
    with admin.expect_navigation():
        row.locator("a[href*='/admin/definitions/']").click()
    v1_url = admin.url
    with admin.expect_navigation():
        admin.click("#edit-in-modeler")
    expect(admin).to_have_url(re.compile(r"/admin/definitions/\d+/edit$"))
    open_modeler(admin)

    # A condition that imports a module: the sandbox refuses it, the flow itself is marked.
    modeler_call(admin, BREAK_CONDITION, {"flow": "f6", "body": "__import__('os').system('id')"})
    expect(admin.locator('#modeler-page[data-dirty="1"]')).to_have_count(1)
    admin.click("#modeler-publish")  # no comment yet: the page asks for one and sends nothing
    expect(admin.locator("#modeler-problems")).to_be_visible()
    expect(admin.locator("#modeler-problem-list li")).to_have_count(0)
    expect(admin.locator("#modeler-comment")).to_be_focused()
    admin.fill("#modeler-comment", "改条件")
    admin.click("#modeler-publish")
    problems = admin.locator("#modeler-problem-list li")
    expect(problems.first).to_be_visible()
    expect(admin.locator("#modeler-problems")).to_contain_text("f6")
    expect(admin.locator("#modeler-error")).not_to_have_text("")
    expect(marked_invalid(admin, "f6")).to_have_count(1)
    expect(admin).to_have_url(re.compile(r"/edit$"))

    # The problem's element name selects it, which opens it in the properties panel.
    admin.locator("#modeler-problem-list li[data-element='f6'] button.element-link").click()
    assert modeler_call(admin, "return modeler.get('selection').get().map(e => e.id);") == ["f6"]
    expect(admin.locator("#modeler-panel #bio-properties-panel-id")).to_have_value("f6")
    admin.screenshot(path=SCREENSHOT)

    # Fix it (undo), then rename the acceptance step in the properties panel and publish.
    modeler_call(admin, "modeler.get('commandStack').undo();")
    condition = "return modeler.get('elementRegistry').get('f6').businessObject.conditionExpression.body;"
    assert modeler_call(admin, condition) == 'decision == "return"'
    expect(admin.locator("#modeler-problems")).to_have_class(re.compile(r"\bstale\b"))
    admin.click("#modeler-form button[data-zoom='fit']")
    admin.locator('#modeler-canvas g.djs-element[data-element-id="accept"]').click()
    name = admin.locator("#modeler-panel #bio-properties-panel-name")
    expect(name).to_have_value(OLD_TITLE)
    name.fill(NEW_TITLE)
    admin.wait_for_function(
        "t => window.SmeModelerPage.modeler.get('elementRegistry').get('accept').businessObject.name === t",
        arg=NEW_TITLE,
    )
    admin.fill("#modeler-comment", "受理审查改名")
    with admin.expect_navigation():
        admin.click("#modeler-publish")
    expect(admin).not_to_have_url(v1_url)
    expect(admin).to_have_url(re.compile(r"/admin/definitions/\d+$"))
    expect(admin.locator("main h1 small")).to_have_text("v2")
    expect(admin.locator("p.flash.success")).to_contain_text("受理审查改名")

    admin.goto("/admin/definitions")
    row = admin.locator(f'main table.list tbody tr[data-key="{KEY}"]')
    expect(row.locator("td").nth(1)).to_contain_text("2")
    # Editing v1 again now says what publishing it would discard.
    admin.goto(f"{v1_url}/edit")
    expect(admin.locator("#modeler-older")).to_be_visible()
    expect(admin.locator("#modeler-older")).to_contain_text("3")

    # The case started on v1 stays on v1, even for a step it reaches after the change...
    api.complete("jxw", before, decision="return", correction_items="1. 请补充鉴定证书")
    api.complete("tianshan", before, correction_reply="已补充")
    assert [t["title"] for t in api.open_tasks("jxw", before)] == [OLD_TITLE]
    # ...and a new case runs on v2.
    after = api.apply()
    assert [t["title"] for t in api.open_tasks("jxw", after)] == [NEW_TITLE]
    browser_problems.assert_none()


def test_only_administrators_open_the_modeler_or_publish(new_page):
    staff = new_page("jxw")
    response = staff.goto("/admin/definitions/1/edit")
    assert response.status == 403
    token = staff.locator("input[name=csrf_token]").first.get_attribute("value")
    refused = staff.request.post("/admin/definitions/1/publish", data={"bpmn": "<x/>"}, headers={"X-CSRFToken": token})
    assert refused.status == 403


def test_a_publish_that_renames_the_process_or_breaks_the_xml_is_refused_and_changes_nothing(new_page):
    admin = new_page("admin")
    admin.goto("/admin/definitions")
    row = admin.locator("main table.list tbody tr", has=admin.locator("td", has_text=re.compile(f"^{KEY}$")))
    edit_url = row.locator("a[href*='/admin/definitions/']").get_attribute("href") + "/edit"
    admin.goto(edit_url)
    open_modeler(admin)
    publish_url = admin.locator("#modeler-page").get_attribute("data-publish-url")
    headers = {"X-CSRFToken": admin.locator("#modeler-page").get_attribute("data-csrf-token")}
    xml = modeler_call(admin, "return modeler.saveXML({ format: true }).then(r => r.xml);")

    renamed = admin.request.post(
        publish_url, data={"bpmn": xml.replace(f'id="{KEY}"', 'id="another_process"')}, headers=headers
    )
    assert renamed.status == 422, renamed.text()
    assert KEY in renamed.json()["error"]
    assert [e["element"] for e in renamed.json()["errors"]] == ["another_process"]

    broken = admin.request.post(publish_url, data={"bpmn": xml.replace("</bpmn:process>", "", 1)}, headers=headers)
    assert broken.status == 422, broken.text()
    assert broken.json()["errors"][0]["line"]

    not_json = admin.request.post(publish_url, form={"bpmn": xml}, headers=headers)
    assert not_json.status == 400

    admin.goto("/admin/definitions")
    expect(row).to_have_count(1)


ADD_PRECHECK = """
    const registry = modeler.get('elementRegistry');
    const modeling = modeler.get('modeling');
    const moddle = modeler.get('moddle');
    const accept = registry.get('accept');
    const lane = registry.get('lane_jxw');
    const shape = modeler.get('elementFactory').createShape({
      type: 'bpmn:UserTask',
      businessObject: modeler.get('bpmnFactory').create('bpmn:UserTask', { id: 'precheck', name: arg.name })
    });
    modeling.createShape(shape, { x: accept.x + 50, y: lane.y + lane.height - 50 }, accept.parent);
    const field = moddle.create('camunda:FormField', { id: arg.field, label: '意见', type: 'string' });
    const formData = moddle.create('camunda:FormData', { fields: [field] });
    const extensions = moddle.create('bpmn:ExtensionElements', { values: [formData] });
    modeling.updateProperties(shape, { extensionElements: extensions });
    const f3 = registry.get('f3');
    modeling.reconnectEnd(f3, shape, { x: shape.x + shape.width / 2, y: shape.y + shape.height / 2 });
    modeling.connect(shape, accept, { type: 'bpmn:SequenceFlow' });
"""
RENAME_FIELD = """
    const shape = modeler.get('elementRegistry').get('precheck');
    const field = shape.businessObject.extensionElements.values[0].fields[0];
    modeler.get('modeling').updateModdleProperties(shape, field, { id: arg });
"""
PRECHECK_TITLE = "形式审查"


def accept_and_finish(api: LiveApi, case: int) -> None:
    api.complete("jxw", case, decision="approve")
    api.complete("kjt", case, decision="approve", opinion="技术先进")
    api.complete("czt", case, decision="approve", opinion="预算可安排")
    api.complete("jxw", case, decision="approve", approved_amount="400000", reasons="符合（十八）1")
    api.complete("czt", case, disbursed_amount="400000", disbursed_on="2026-11-20", voucher_no="CZ-001")


def test_the_admin_adds_a_step_fixes_what_the_check_marks_and_publishes_old_cases_accept_and_finish(
    new_page, browser_problems
):
    api = LiveApi(new_page().request)
    before = api.apply()

    admin = new_page("admin")
    admin.goto("/admin/definitions")
    row = admin.locator(f'main table.list tbody tr[data-key="{KEY}"]')
    admin.goto(row.locator("a[href*='/admin/definitions/']").get_attribute("href") + "/edit")
    open_modeler(admin)

    # A form check by 经信委 before acceptance, with a field id the engine cannot use.
    modeler_call(admin, ADD_PRECHECK, {"name": PRECHECK_TITLE, "field": "1st opinion"})
    lane_of = "return modeler.get('elementRegistry').get('lane_jxw').businessObject.flowNodeRef.map(e => e.id);"
    assert "precheck" in modeler_call(admin, lane_of)
    admin.fill("#modeler-comment", "受理前增加形式审查")
    admin.click("#modeler-publish")
    expect(marked_invalid(admin, "precheck")).to_have_count(1)
    expect(admin.locator("#modeler-problem-list li[data-element='precheck']")).to_contain_text("1st opinion")
    expect(admin).to_have_url(re.compile(r"/edit$"))

    modeler_call(admin, RENAME_FIELD, "remarks")
    with admin.expect_navigation():
        admin.click("#modeler-publish")
    expect(admin.locator("main h1 small")).to_have_text("v2")

    # The case started before finishes on v1, without the new step...
    accept_and_finish(api, before)
    assert api.call("GET", "tianshan", f"/applications/{before}")["status"] == "disbursed"
    # ...and a new case goes through it first.
    after = api.apply()
    assert [t["title"] for t in api.open_tasks("jxw", after)] == [PRECHECK_TITLE]
    api.complete("jxw", after, remarks="材料齐全")
    assert [t["title"] for t in api.open_tasks("jxw", after)] == [OLD_TITLE]
    accept_and_finish(api, after)
    assert api.call("GET", "tianshan", f"/applications/{after}")["status"] == "disbursed"
    browser_problems.assert_none()
