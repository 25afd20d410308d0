"""Every route of the app, tried by every kind of user: who may read it and who may write to it.

The table below has one row per endpoint; a route added without a row fails the test, so whoever
adds one decides who may use it. A write is tried with an empty form (or `{}` for the API): the
ones allowed get past the permission check (a 4xx about the form, a 409, a redirect), the ones
not allowed get 403 (or the login page, or 401 for the API) — never a 422 that shows them the
form of a step they may not take. Nobody gets a 500.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import (
    Application,
    Attachment,
    DeadlineExtension,
    Department,
    FundingCall,
    FundLine,
    IssuedDocument,
    Notification,
    ProcessDefinition,
    User,
)
from webapp.processes.services.catalogue import CHAIN_KEY

ANON, OWNER, OTHER, STAFF, FOREIGN, HEAD, ADMIN = "anon", "tianshan", "kunlun", "jxw", "swt", "jxw_head", "admin"
ROLES = (ANON, OWNER, OTHER, STAFF, FOREIGN, HEAD, ADMIN)
ANYONE = frozenset(ROLES)
SIGNED = ANYONE - {ANON}
APPLICANTS = frozenset({OWNER, OTHER})
STAFF_ALL = frozenset({STAFF, FOREIGN, HEAD})
ON_CASE = frozenset({STAFF, HEAD})  # the department the case is with: its staff and head
CASE_READERS = frozenset({OWNER, STAFF, HEAD, ADMIN})
ADMINS = frozenset({ADMIN})
NOBODY: frozenset = frozenset()

# endpoint: (who may read it with GET, who may write to it with POST/PUT); None where the route
# has no such method. "Who may" means the permission check lets them through.
ROUTES = {
    "account.notification_list": (SIGNED, None),
    "account.read": (None, frozenset({STAFF})),  # the notification is jxw's
    "account.read_all": (None, SIGNED),
    "account.settings": (SIGNED, SIGNED),
    "account.change_password": (None, SIGNED),
    "administration.account": (ADMINS, ADMINS),
    "administration.account_active": (None, ADMINS),
    "administration.accounts_page": (ADMINS, None),
    "calendar.calendar_days": (ADMINS, ADMINS),
    "admin.definition": (ADMINS, None),
    "admin.definitions": (ADMINS, None),
    "administration.department": (ADMINS, ADMINS),
    "administration.departments_json": (ADMINS, None),
    "administration.departments_page": (ADMINS, None),
    "admin.diagram": (CASE_READERS, None),
    "admin.dmn": (ADMINS, None),
    "admin.edit": (ADMINS, None),
    "administration.edit_department": (ADMINS, ADMINS),
    "admin.instance": (ADMINS, None),
    "admin.instance_action": (None, ADMINS),
    "admin.instances": (ADMINS, None),
    "admin.publish": (None, ADMINS),
    "calendar.remove_calendar_day": (None, ADMINS),
    "admin.upload": (ADMINS, ADMINS),
    "api.add_attachment": (None, frozenset({OWNER}) | ON_CASE),
    "api.claim_task": (None, ON_CASE),
    "api.complete_task": (None, ON_CASE),
    "api.create_application": (None, APPLICANTS),
    "api.get_application": (CASE_READERS, None),
    "api.get_program": (SIGNED, None),
    "api.get_rating": (CASE_READERS, None),
    "api.get_task": (CASE_READERS, None),
    "api.issue_token": (None, ANYONE),
    "api.list_applications": (SIGNED, None),
    "api.list_definitions": (SIGNED, None),
    "api.list_notifications": (SIGNED, None),
    "api.list_programs": (SIGNED, None),
    "api.list_tasks": (SIGNED, None),
    "api.lookup_status": (None, ANYONE),
    "api.openapi_document": (ANYONE, None),
    "api_docs.docs_page": (ANYONE, None),
    "api_docs.swagger_ui_file": (ANYONE, None),
    "api.rate_application": (None, frozenset({OWNER})),
    "api.read_notification": (None, frozenset({STAFF})),
    "api.save_draft": (None, frozenset({OWNER})),
    "api.send_back_task": (None, frozenset({STAFF})),  # jxw holds it at this point: not even the head
    "api.submit_application": (None, frozenset({OWNER})),
    "api.unclaim_task": (None, ON_CASE),
    "api.upload_definition": (None, ADMINS),
    "api.withdraw_application": (None, frozenset({OWNER})),
    "applicant.application": (CASE_READERS, None),
    "applicant.apply": (APPLICANTS, APPLICANTS),
    "applicant.autosave": (None, frozenset({OWNER})),
    "applicant.confirm": (frozenset({OWNER}), None),
    "applicant.review": (None, frozenset({OWNER})),
    "applicant.decision_pdf": (CASE_READERS, None),
    "applicant.delete_draft": (None, frozenset({OWNER})),
    "applicant.edit": (frozenset({OWNER}), frozenset({OWNER})),
    "applicant.my_applications": (SIGNED, None),  # each sees the cases of their enterprise or department
    "applicant.precheck": (APPLICANTS, APPLICANTS),
    "applicant.program": (ANYONE, None),
    "applicant.start": (None, APPLICANTS),
    "applicant.submit": (None, frozenset({OWNER})),
    "applicant.withdraw": (None, frozenset({OWNER})),
    "attachments.download": (CASE_READERS, None),
    "attachments.upload": (None, frozenset({OWNER}) | ON_CASE),
    "audit_trail.audit_page": (ADMINS, None),
    "auth.login": (ANYONE, ANYONE),
    "auth.logout": (None, ANYONE),
    "auth.register": (ANYONE, ANYONE),
    "case_work.comment": (None, ON_CASE),
    "case_work.copies": (SIGNED, None),  # copies sent to one's department: none for others
    "case_work.decide_extension": (None, frozenset({HEAD})),
    "case_work.request_extension": (None, ON_CASE),
    "case_work.send_back_task": (None, ON_CASE),
    "case_work.send_copy": (None, ON_CASE),
    "catalogue.chain_diagram": (ANYONE, None),
    "catalogue.department": (ANYONE, None),
    "catalogue.index": (ANYONE, None),
    "catalogue.item": (ANYONE, None),
    "enterprise.add_member": (None, APPLICANTS),
    "enterprise.profile": (APPLICANTS, APPLICANTS),
    "enterprise.remove_member": (None, frozenset({OWNER})),
    "lookup.lookup": (ANYONE, ANYONE),
    "health.healthz": (ANYONE, None),
    "health.readyz": (ANYONE, None),
    "metrics": (ANYONE, None),  # counts only; an operator keeps it behind the proxy (architecture.md)
    "main.index": (ANYONE, None),
    "main.set_language": (ANYONE, None),
    "processes.diff": (ADMINS, None),
    "processes.discard_draft": (None, ADMINS),
    "processes.draft_bpmn": (ADMINS, None),
    "processes.draft_dmn": (ADMINS, None),
    "processes.migrate": (None, ADMINS),
    "processes.migration_preview": (ADMINS, None),
    "processes.save_draft": (None, ADMINS),
    "processes.side_bpmn": (ADMINS, None),
    "ratings.rate": (None, frozenset({OWNER})),
    "ratings.statistics": (frozenset({HEAD, ADMIN}), None),
    "staff.claim": (None, ON_CASE),
    "staff.department": (frozenset({HEAD}), None),
    "staff.done": (SIGNED, None),  # the steps one completed, corrections included
    "staff.inbox": (SIGNED, None),
    "staff.reassign": (None, ON_CASE),  # the head, or the colleague holding it (jxw claimed it above)
    "staff.task": (CASE_READERS, ON_CASE),
    "staff.unclaim": (None, ON_CASE),
    "static": (ANYONE, None),
    "money.fund_lines": (STAFF_ALL | ADMINS, None),
    "money.create_fund_line": (None, NOBODY),  # finance staff only; none of these is
    "money.adjust_budget": (None, NOBODY),
    "money.call_list": (STAFF_ALL | ADMINS, None),
    "money.new_call": (STAFF_ALL, STAFF_ALL),  # the lead of some program: jxw and swt lead programs
    "money.call_page": (ANYONE, None),  # a call and its guide are public
    "money.public_notices": (ANYONE, None),
    "money.pay": (None, NOBODY),
    "money.release": (None, NOBODY),
    "money.recover": (None, NOBODY),
    "money.ledger_page": (STAFF_ALL | ADMINS, None),
    "money.ledger_export": (STAFF_ALL | ADMINS, None),
    "money.audit_trail_export": (ADMINS, None),  # and the auditor
    "api.list_funds": (STAFF_ALL | ADMINS, None),
    "api.list_calls": (SIGNED, None),
    "api.pay": (None, NOBODY),
    "api.release": (None, NOBODY),
    "api.recover": (None, NOBODY),
    "documents.download": (CASE_READERS, None),
    "documents.printable": (CASE_READERS, None),
    "documents.verify": (ANYONE, None),  # the public verification page
    "documents.check": (None, ANYONE),
    "documents.document_settings": (ADMINS, None),
    "documents.save_document_settings": (None, ADMINS),
    "api.application_documents": (CASE_READERS, None),
    "api.download_document": (CASE_READERS, None),
    "statistics.dashboard_page": (STAFF_ALL | ADMINS, None),  # staff see their own department's figures
    "statistics.download": (STAFF_ALL | ADMINS, None),
    "statistics.case_list": (STAFF_ALL | ADMINS, None),
    "statistics.public_page": (ANYONE, None),
    "statistics.public_download": (ANYONE, None),
    "api.statistics": (STAFF_ALL | ADMINS, None),
}

# Where what the path names does not exist for this case yet (no decision, no draft of the
# process, no rating): an allowed reader is answered 404 or 409 after the permission check.
NOT_THERE_YET = {
    "api.create_application",  # `{}` names no program
    "applicant.decision_pdf",
    "api.get_rating",
    "processes.draft_bpmn",
    "processes.draft_dmn",
    "processes.discard_draft",
}
CODES = {"main.set_language": "en", "administration.department": "JXW", "administration.edit_department": "JXW"}
CODES |= {"catalogue.department": "JXW"}


@dataclass
class Scene:
    """One submitted case of tianshan's, waiting for jxw's acceptance, and what hangs from it."""

    values: dict


def set_the_scene(app, api, client) -> Scene:
    application_id = api.apply(OWNER)
    task = api.open_task(STAFF, "accept")
    assert api.post(STAFF, f"/tasks/{task['id']}/claim").status_code == 200
    client.post("/login", data={"username": STAFF, "password": DEMO_PASSWORD})
    assert client.post(f"/tasks/{task['id']}/extension", data={"days": "5", "reason": "材料复杂"}).status_code == 302
    client.post("/logout")
    client.post("/login", data={"username": OWNER, "password": DEMO_PASSWORD})
    client.post(
        "/enterprise/members",
        data={"member-username": "tianshan2", "member-display_name": "会计", "member-password": "x" * 10},
    )
    client.post("/logout")
    with app.app_context():
        application = db.session.get(Application, application_id)
        chain_id = next(d.id for d in db.session.scalars(select(ProcessDefinition)) if CHAIN_KEY.fullmatch(d.key))
        users = {u.username: u.id for u in db.session.scalars(select(User))}
        receipt = db.session.scalar(select(IssuedDocument).where(IssuedDocument.application_id == application_id))
        return Scene(
            {
                "application_id": application_id,
                "task_id": task["id"],
                "attachment_id": db.session.scalar(
                    select(Attachment.id).where(Attachment.application_id == application_id)
                ),
                "notification_id": db.session.scalar(
                    select(Notification.id).where(Notification.user_id == users[STAFF])
                ),
                "extension_id": db.session.scalar(select(DeadlineExtension.id)),
                "user_id": users[STAFF],
                "member_id": users["tianshan2"],
                "definition_id": application.instance.definition_id,
                "instance_id": application.instance_id,
                "index": 0,
                "chain_id": chain_id,
                "action": "retry",
                "verdict": "refuse",
                "key": application.instance.definition.key,
                "side": str(application.instance.definition_id),
                "number": 1,
                "day": "2027-01-01",
                "filename": "css/app.css",
                "code": "sme-18-1",
                "line_id": db.session.scalar(select(FundLine.id).limit(1)),
                "call_id": db.session.scalar(select(FundingCall.id).limit(1)),
                "document_id": receipt.id,
                "token": receipt.token,
                "department_id": db.session.scalar(select(Department.id).where(Department.code == "JXW")),
                "year": 2026,
                "fmt": "csv",
            }
        )


def path_of(app, rule, scene: Scene) -> str:
    values = {name: scene.values.get(name) for name in rule.arguments}
    if rule.endpoint == "catalogue.chain_diagram":
        values["definition_id"] = scene.values["chain_id"]
    if rule.endpoint == "statistics.download":
        values["key"] = "ratings"
    if rule.endpoint == "api_docs.swagger_ui_file":
        values["filename"] = "swagger-ui.css"
    if "fmt" in rule.arguments:
        values["fmt"] = "csv"
    if "code" in rule.arguments:
        values["code"] = CODES.get(rule.endpoint, "sme-18-1")
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def refused(role: str, path: str, response) -> bool:
    if role == ANON and not path.startswith("/api/"):
        return response.status_code == 302 and "/login" in response.headers.get("Location", "")
    if role == ANON:
        return response.status_code == 401
    return response.status_code in (403, 404)


def let_through(endpoint: str, response) -> bool:
    if response.status_code in (401, 403) or response.status_code >= 500:
        return False
    return response.status_code != 404 or endpoint in NOT_THERE_YET


def signed_in_clients(app):
    clients = {}
    for role in ROLES:
        client = app.test_client()
        if role != ANON:
            answer = client.post("/login", data={"username": role, "password": DEMO_PASSWORD})
            assert answer.status_code == 302, role
        clients[role] = client
    return clients


def call(client, api, role, method, path):
    headers = api.headers(role) if path.startswith("/api/") and role != ANON else {}
    if method == "GET":
        return client.get(path, headers=headers)
    if path.startswith("/api/"):
        return client.open(path, method=method, json={}, headers=headers)
    return client.open(path, method=method, data={}, headers=headers)


def rules_in_order(app):
    """Logout last: it ends the session every later request of that user would need."""
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.endpoint == "auth.logout", rule.endpoint))


def test_every_route_has_a_row_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - ROUTES.keys() == set(), "new routes: decide who may read and write them"
    assert ROUTES.keys() - endpoints == set(), "rows for routes that are gone"


def test_each_kind_of_user_reads_and_writes_exactly_what_the_table_says(app, api, client):
    scene = set_the_scene(app, api, client)
    clients = signed_in_clients(app)
    wrong = []
    for rule in rules_in_order(app):
        read, write = ROUTES[rule.endpoint]
        path = path_of(app, rule, scene)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            allowed = read if method == "GET" else write
            for role in ROLES:
                response = call(clients[role], api, role, method, path)
                response.close()  # a static file's handle
                ok = (
                    let_through(rule.endpoint, response)
                    if role in (allowed or NOBODY)
                    else refused(role, path, response)
                )
                if not ok:
                    wrong.append(f"{method} {path} as {role}: {response.status_code}")
    assert wrong == [], "\n".join(wrong)
