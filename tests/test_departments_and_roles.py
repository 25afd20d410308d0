"""Administrators edit the department registry (names, aliases, level, parent) and accounts' roles."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import AuditEntry, Department, User


def log_in(client, username: str = "admin") -> None:
    client.post("/logout")
    assert client.post("/login", data={"username": username, "password": DEMO_PASSWORD}).status_code == 302
    client.get("/lang/en")


def edit(client, code: str, **changes):
    with client.application.app_context():
        dept = db.session.scalar(select(Department).where(Department.code == code))
        data = {
            "name_zh": dept.name_zh,
            "name_en": dept.name_en,
            "aliases": "\n".join(dept.aliases or []),
            "level": dept.level,
            "parent": dept.parent.code if dept.parent else "",
        }
    return client.post(f"/admin/departments/{code}/edit", data={**data, **changes})


def department(app, code: str) -> Department:
    with app.app_context():
        dept = db.session.scalar(select(Department).where(Department.code == code))
        db.session.expunge(dept)
        return dept


def test_a_department_is_installed_under_today_s_name_and_the_2011_lanes_still_reach_it(api, app):
    jxw = department(app, "JXW")
    assert (jxw.name_zh, jxw.name_en) == ("自治区工业和信息化厅", "Department of Industry and Information Technology")
    assert "自治区经信委" in jxw.aliases
    assert [(h["on"], h["name_zh"]) for h in jxw.name_history] == [("2018-11", "自治区工业和信息化厅")]
    # The shipped (十八)1 model's lane still says 自治区经信委: the case reaches today's department.
    api.apply("tianshan")
    task = api.open_task("jxw", "accept")
    assert task["department"] == "JXW"
    assert task["department_name"] == "自治区工业和信息化厅"


def test_a_renamed_department_keeps_its_old_name_as_an_alias_and_still_gets_its_tasks(client, api, app):
    log_in(client)
    saved = edit(
        client,
        "JXW",
        name_zh="自治区工业和信息化厅（试点）",
        name_en="Department of Industry and IT",
        aliases="工信厅\n经信委\n自治区经信委",
        level="region",
    )
    assert saved.status_code == 302
    jxw = department(app, "JXW")
    assert (jxw.name_zh, jxw.name_en) == ("自治区工业和信息化厅（试点）", "Department of Industry and IT")
    assert jxw.aliases == ["工信厅", "经信委", "自治区经信委", "自治区工业和信息化厅"]

    api.apply("tianshan")
    assert api.open_task("jxw", "accept")["department"] == "JXW"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "department.updated"))
        assert entry.actor.username == "admin"
        assert (entry.data["before"]["name_zh"], entry.data["after"]["name_zh"]) == (
            "自治区工业和信息化厅",
            "自治区工业和信息化厅（试点）",
        )


def test_taken_names_unknown_levels_and_cycles_are_refused_on_the_field(client, app):
    log_in(client)
    taken = edit(client, "JXW", name_zh="自治区财政厅")
    assert taken.status_code == 422
    assert "“自治区财政厅” already names CZT." in taken.get_data(as_text=True)
    alias = edit(client, "JXW", aliases="KJT")
    assert alias.status_code == 422 and "“KJT” already names KJT" in alias.get_data(as_text=True)
    assert edit(client, "JXW", level="galaxy").status_code == 422

    assert edit(client, "KJT", parent="JXW").status_code == 302
    cycle = edit(client, "JXW", parent="KJT")
    assert cycle.status_code == 422
    assert "KJT is under JXW: that would make a cycle." in cycle.get_data(as_text=True)
    own = edit(client, "JXW", parent="JXW")
    assert own.status_code == 422 and "cannot be its own parent" in own.get_data(as_text=True)
    assert department(app, "JXW").name_zh == "自治区工业和信息化厅"
    assert department(app, "KJT").parent_id == department(app, "JXW").id
    page = client.get("/admin/departments").get_data(as_text=True)
    assert "<td>Autonomous region</td><td>JXW</td>" in page  # KJT's parent


def user_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def test_roles_change_with_the_department_staff_need_and_each_change_is_audited(client, app, api):
    log_in(client)
    kunlun, jxw, admin = user_id(app, "kunlun"), user_id(app, "jxw"), user_id(app, "admin")

    promoted = client.post(f"/admin/accounts/{jxw}", data={"role": "head", "department": "JXW"})
    assert promoted.status_code == 302
    assert api.get("jxw", "/tasks").status_code == 200
    no_department = client.post(f"/admin/accounts/{jxw}", data={"role": "staff", "department": ""})
    assert no_department.status_code == 422
    assert "Staff and department heads need a department." in no_department.get_data(as_text=True)
    not_an_enterprise = client.post(f"/admin/accounts/{jxw}", data={"role": "applicant", "department": ""})
    assert not_an_enterprise.status_code == 422
    assert client.post(f"/admin/accounts/{admin}", data={"role": "staff", "department": "JXW"}).status_code == 422
    assert client.post(f"/admin/accounts/{kunlun}", data={"role": "wizard", "department": ""}).status_code == 422
    moved = client.post(f"/admin/accounts/{jxw}", data={"role": "staff", "department": "KJT"})
    assert moved.status_code == 302

    with app.app_context():
        user = db.session.get(User, jxw)
        assert (str(user.role), user.department.code) == ("staff", "KJT")
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.role_changed")).all()
        assert [
            (e.data["before"]["role"], e.data["after"]["role"], e.data["after"]["department"]) for e in entries
        ] == [
            ("staff", "head", "JXW"),
            ("head", "staff", "KJT"),
        ]
    assert 'data-username="jxw" data-role="staff"' in client.get("/admin/accounts").get_data(as_text=True)

    log_in(client, "jxw")
    assert client.get("/admin/accounts").status_code == 403
    assert client.post(f"/admin/accounts/{jxw}", data={"role": "admin", "department": ""}).status_code == 403
    assert client.post("/admin/departments/JXW/edit", data={"name_zh": "x"}).status_code == 403


def test_the_department_list_names_kinds_and_levels_in_the_reader_s_language(client):
    log_in(client)
    client.get("/lang/zh")
    row = re.search(r'<tr data-code="JXW">(.*?)</tr>', client.get("/admin/departments").get_data(as_text=True), re.S)
    assert "政府部门" in row.group(1) and "自治区级" in row.group(1)
    assert "government" not in row.group(1)
