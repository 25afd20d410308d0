"""The decider sees an assisting department's 不同意, and approving over it needs a reason kept on file."""

from sqlalchemy import select

from tests.test_withdraw_lookup_letter import in_review, log_in
from webapp.extensions import db
from webapp.models import AuditEntry, HumanTask


def disagreed(api) -> int:
    application_id = in_review(api)
    api.complete("kjt", "tech_review", decision="reject", opinion="鉴定结论与申报产品不一致。")
    api.complete("czt", "budget_review", decision="approve", opinion="预算可行。")
    return application_id


def test_the_decider_sees_the_disagreement_highlighted(api, client):
    disagreed(api)
    task = api.open_task("jxw", "decide")
    log_in(client, "jxw")

    page = client.get(f"/tasks/{task['id']}").get_data(as_text=True)

    assert 'data-dissent="true"' in page and "鉴定结论与申报产品不一致。" in page
    assert 'id="dissent-warning"' in page
    assert 'name="dissent_reason"' in page


def test_approving_over_a_disagreement_needs_a_reason_which_is_kept(api, app):
    application_id = disagreed(api)
    decision = {"decision": "approve", "approved_amount": "300000", "reasons": "符合条件。"}

    refused = api.complete("jxw", "decide", **decision)
    assert refused.status_code == 422
    assert "dissent_reason" in refused.get_json()["errors"]
    assert api.open_task("jxw", "decide")  # nothing moved

    task = api.open_task("jxw", "decide")
    reason = "科技厅所指不一致系型号笔误，企业已补充说明，经核实产品一致。"
    done = api.post("jxw", f"/tasks/{task['id']}/complete", {"data": decision, "dissent_reason": reason})
    assert done.status_code == 200

    with app.app_context():
        row = db.session.get(HumanTask, task["id"])
        assert row.data["dissent_reason"] == reason
        entry = db.session.scalar(
            select(AuditEntry).where(AuditEntry.subject_id == row.id, AuditEntry.action == "task.completed")
        )
        assert entry.data["dissent_reason"] == reason
    applicant_view = api.application("tianshan", application_id)
    assert reason not in str(applicant_view)  # an internal reason, not a notice to the applicant


def test_refusing_after_a_disagreement_needs_no_extra_reason(api):
    disagreed(api)
    assert api.complete("jxw", "decide", decision="reject", reasons="鉴定结论与申报产品不一致。").status_code == 200
