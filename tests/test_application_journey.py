"""An enterprise's application travels 经信委 → 科技厅 and 财政厅 in parallel → 经信委 → 财政厅."""

from tests.support.actors import NEW_PRODUCT_APPLICATION


def test_an_application_with_a_correction_round_is_approved_and_disbursed(api):
    application_id = api.apply("tianshan")
    case = api.application("tianshan", application_id)
    assert case["status"] == "awaiting_acceptance"
    assert case["number"].startswith("XJZX")
    assert [t["department"] for t in case["current_tasks"]] == ["JXW"]

    returned = api.complete("jxw", "accept", decision="return", correction_items="1. 鉴定证书复印件不清晰")
    assert returned.status_code == 200
    assert api.application("tianshan", application_id)["status"] == "correction_requested"

    corrected = {**NEW_PRODUCT_APPLICATION, "amount_requested": "420000", "correction_reply": "已重新上传证书"}
    assert api.complete("tianshan", "correct", **corrected).status_code == 200
    assert api.complete("jxw", "accept", decision="approve").status_code == 200

    case = api.application("jxw", application_id)
    assert case["status"] == "under_review"
    assert sorted(t["department"] for t in case["current_tasks"]) == ["CZT", "KJT"]

    assert api.complete("kjt", "tech_review", decision="approve", opinion="技术先进").status_code == 200
    assert api.complete("czt", "budget_review", decision="approve", opinion="预算可安排").status_code == 200
    decided = api.complete("jxw", "decide", decision="approve", approved_amount="400000", reasons="符合（十八）1")
    assert decided.status_code == 200
    assert api.application("tianshan", application_id)["status"] == "awaiting_disbursement"

    paid = api.complete("czt", "disburse", disbursed_amount="400000", disbursed_on="2026-11-20", voucher_no="CZ-001")
    assert paid.status_code == 200

    case = api.application("tianshan", application_id)
    assert case["status"] == "disbursed"
    assert case["current_tasks"] == []
    assert case["amount_requested"] == "420000.00"
    steps = [(h["step"], h["department"], h["decision"]) for h in case["history"]]
    assert steps == [
        ("submit", None, "submit"),
        ("accept", "JXW", "return"),
        ("correct", None, "submit"),
        ("accept", "JXW", "approve"),
        ("tech_review", "KJT", "approve"),
        ("budget_review", "CZT", "approve"),
        ("decide", "JXW", "approve"),
        ("disburse", "CZT", None),
    ]
    assert case["history"][1]["data"]["correction_items"] == "1. 鉴定证书复印件不清晰"


def test_the_lead_refuses_to_accept_with_reasons(api):
    application_id = api.apply("tianshan")
    assert api.complete("jxw", "accept", decision="reject", reasons="不属于新产品鉴定范围").status_code == 200
    case = api.application("tianshan", application_id)
    assert case["status"] == "not_accepted"
    assert case["closed_at"] is not None
    assert api.get("kjt", "/tasks").get_json()["tasks"] == []


def test_the_lead_rejects_after_joint_review(api):
    application_id = api.apply("kunlun")
    api.complete("jxw", "accept", decision="approve")
    api.complete("kjt", "tech_review", decision="reject", opinion="创新性不足")
    api.complete("czt", "budget_review", decision="approve", opinion="可安排")
    assert api.complete("jxw", "decide", decision="reject", reasons="科技厅审查未通过").status_code == 200
    assert api.application("kunlun", application_id)["status"] == "rejected"
    assert api.get("czt", "/tasks").get_json()["tasks"] == []
