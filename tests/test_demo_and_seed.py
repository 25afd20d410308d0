"""`flask demo --json` lists the demo accounts, idempotently, and never runs in production."""

import json

from webapp import create_app
from webapp.extensions import db
from workflows.programs import all_programs


def test_demo_accounts_are_printed_as_json_and_seeding_twice_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "--json"])
    second = runner.invoke(args=["demo", "--json"])
    assert first.exit_code == 0, first.output
    accounts = json.loads(first.output)
    assert accounts == json.loads(second.output)
    by_name = {a["username"]: a for a in accounts}
    assert by_name["jxw"] == {
        "username": "jxw",
        "password": "demo12345",
        "role": "staff",
        "department": "JXW",
        "enterprise": None,
    }
    assert by_name["jxw_head"] == {
        "username": "jxw_head",
        "password": "demo12345",
        "role": "head",
        "department": "JXW",
        "enterprise": None,
    }
    acting = set()
    for program in all_programs().values():
        acting |= {program.lead, *program.assisting}
    staffed = [a["department"] for a in accounts if a["role"] == "staff"]
    headed = [a["department"] for a in accounts if a["role"] == "head"]
    assert set(staffed) == acting | {"CZT"}
    assert sorted(headed) == sorted(staffed)  # one head for each department with demo staff
    # Two enterprises, and a start-up base, a vocational school and a bank (issue 14).
    assert [a["role"] for a in accounts].count("applicant") == 5
    assert [a["role"] for a in accounts].count("admin") == 1


def test_demo_accounts_are_refused_in_production(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "APP_ENV": "production", "SECRET_KEY": "k" * 48})
    result = app.test_cli_runner().invoke(args=["demo", "--json"])
    with app.app_context():
        db.engine.dispose()
    assert result.exit_code != 0
    assert "production" in result.output


def test_seeding_again_loads_no_duplicate_process_version(app):
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0
    assert "process versions loaded: 0" in result.output


def test_the_demo_puts_three_cases_at_three_stages_in_the_departments_inboxes_once(app, api):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "demo case" not in again.output  # the demo enterprises have cases now

    assert [t["step"] for t in api.get("jxw", "/tasks").get_json()["tasks"]] == ["accept"]
    assert [t["step"] for t in api.get("kjt", "/tasks").get_json()["tasks"]] == ["tech_review"]
    assert sorted(t["step"] for t in api.get("czt", "/tasks").get_json()["tasks"]) == ["budget_review", "disburse"]
    statuses = sorted(a["status"] for a in api.get("tianshan", "/applications").get_json()["applications"])
    assert len(statuses) == 2


def test_the_demo_enterprises_have_a_profile_and_a_size_class(app):
    from sqlalchemy import select

    from webapp.models import Enterprise

    with app.app_context():
        query = select(Enterprise.name, Enterprise.size_class).where(Enterprise.applicant_type == "enterprise")
        sizes = dict(db.session.execute(query).all())
    assert sizes == {"天山精密机械有限公司": "small", "昆仑新材料科技有限公司": "small"}
