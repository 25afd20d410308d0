"""The (十八)1 new-product subsidy chain, walked down every path with a save and load between steps.

申请企业 submits → 经信委 accepts (or returns for correction, or refuses) → 科技厅 and 财政厅 review
in parallel → 经信委 decides, the approved amount held to the DMN cap → 财政厅 disburses.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.engine.support import SavedInstance
from workflows.engine import TaskNotReady, runner

APPLICATION = {
    "project_name": "棉纺智能质检系统",
    "product_name": "基于机器视觉的棉纱疵点在线检测仪",
    "appraisal_certificate_no": "新科鉴字〔2024〕第017号",
    "appraisal_date": date(2024, 3, 18),
    "amount_requested": Decimal("480000.00"),
    "description": "在线检测棉纱疵点，替代人工抽检。",
}
REVIEW = {"decision": "approve", "opinion": "同意。"}


def submitted(version, **changes) -> SavedInstance:
    instance = SavedInstance(version, {"program": "sme-18-1", "application_number": "XJ-2024-0001"})
    instance.complete("submit", **{**APPLICATION, **changes})
    return instance


def at_decision(version, **changes) -> SavedInstance:
    instance = submitted(version, **changes)
    instance.complete("accept", decision="approve")
    instance.complete("tech_review", **REVIEW)
    instance.complete("budget_review", **REVIEW)
    assert set(instance.ready()) == {"decide"}
    return instance


def test_the_steps_sit_in_the_four_departments_lanes(new_product):
    lanes = {name: step.lane for name, step in new_product.steps.items()}

    assert lanes == {
        "submit": "申请企业",
        "correct": "申请企业",
        "accept": "自治区经信委",
        "decide": "自治区经信委",
        "tech_review": "自治区科技厅",
        "budget_review": "自治区财政厅",
        "disburse": "自治区财政厅",
    }
    assert new_product.lanes() == {"申请企业", "自治区经信委", "自治区科技厅", "自治区财政厅"}


def test_every_step_cites_its_legal_basis(new_product):
    missing = [name for name, step in new_product.steps.items() if not step.legal_basis.strip()]

    assert missing == []
    assert "（十八）1" in new_product.steps["decide"].legal_basis


def test_a_new_instance_waits_for_the_application(new_product):
    instance = SavedInstance(new_product, {"program": "sme-18-1"})

    assert set(instance.ready()) == {"submit"}
    assert instance.outcome() is None


def test_two_rounds_of_correction_then_acceptance(new_product):
    instance = submitted(new_product)

    for round_no, amount in ((1, Decimal("460000.00")), (2, Decimal("450000.50"))):
        instance.complete("accept", decision="return", correction_items=f"第{round_no}次补正：鉴定证书复印件不清晰")
        assert set(instance.ready()) == {"correct"}
        assert instance.ready()["correct"].step.lane == "申请企业"
        correction = {**APPLICATION, "amount_requested": amount, "correction_reply": f"第{round_no}次已补正"}
        instance.complete("correct", **correction)
        assert set(instance.ready()) == {"accept"}

    seen_by_acceptance = instance.data_at("accept")
    assert seen_by_acceptance["amount_requested"] == Decimal("450000.50")
    assert seen_by_acceptance["correction_reply"] == "第2次已补正"

    instance.complete("accept", decision="approve")
    assert set(instance.ready()) == {"tech_review", "budget_review"}


def test_technical_and_budget_reviews_wait_at_the_same_time_and_both_must_finish(new_product):
    instance = submitted(new_product)
    instance.complete("accept", decision="approve")

    ready = instance.ready()
    assert set(ready) == {"tech_review", "budget_review"}
    assert {r.step.lane for r in ready.values()} == {"自治区科技厅", "自治区财政厅"}

    instance.complete("budget_review", **REVIEW)
    assert set(instance.ready()) == {"tech_review"}
    instance.complete("tech_review", **REVIEW)
    assert set(instance.ready()) == {"decide"}


def test_refusal_to_accept_ends_the_case_as_not_accepted(new_product):
    instance = submitted(new_product)

    instance.complete("accept", decision="reject", reasons="不属于（十八）1 支持范围。")

    assert instance.ready() == {}
    assert instance.outcome() == "not_accepted"


def test_rejection_at_the_decision_ends_the_case_as_rejected(new_product):
    instance = at_decision(new_product)

    instance.complete("decide", decision="reject", reasons="鉴定结论不足以支持补助。")

    assert instance.ready() == {}
    assert instance.outcome() == "rejected"


def test_an_approved_amount_over_the_cap_is_refused_and_the_case_stays_at_the_decision(new_product):
    instance = at_decision(new_product, amount_requested=Decimal("900000"))
    saved_before = instance.saved

    with pytest.raises(runner.AmountOverCap) as refused:
        instance.complete("decide", decision="approve", approved_amount=Decimal("500000.01"), reasons="同意。")

    assert refused.value.field == "approved_amount"
    assert refused.value.amount == Decimal("500000.01")
    assert refused.value.cap == Decimal("500000")
    assert "（十八）1" in refused.value.basis
    [message] = refused.value.errors["approved_amount"]
    assert "500000" in message
    assert "（十八）1" in message
    assert instance.saved == saved_before
    assert set(instance.ready()) == {"decide"}


def test_no_more_than_was_requested_may_be_approved(new_product):
    instance = at_decision(new_product)  # 480,000 requested

    with pytest.raises(runner.AmountOverCap) as refused:
        instance.complete("decide", decision="approve", approved_amount=Decimal("480000.01"), reasons="同意。")

    assert refused.value.cap == Decimal("480000.00")
    assert "申请金额" in refused.value.basis


def test_the_cap_itself_may_be_approved(new_product):
    instance = at_decision(new_product, amount_requested=Decimal("500000"))

    instance.complete("decide", decision="approve", approved_amount=Decimal("500000"), reasons="同意。")

    assert set(instance.ready()) == {"disburse"}


def test_a_rejection_is_not_held_to_the_cap(new_product):
    instance = at_decision(new_product)

    instance.complete("decide", decision="reject", approved_amount=Decimal("900000"), reasons="超出上限。")

    assert instance.outcome() == "rejected"


def test_full_approval_disburses_and_keeps_decimals_and_dates(new_product):
    instance = at_decision(new_product)
    instance.complete("decide", decision="approve", approved_amount=Decimal("450000.00"), reasons="同意补助。")
    assert instance.ready()["disburse"].step.lane == "自治区财政厅"

    instance.complete(
        "disburse", disbursed_amount=Decimal("450000.00"), disbursed_on=date(2024, 6, 30), voucher_no="CZ-2024-0630-01"
    )

    assert instance.ready() == {}
    assert instance.outcome() == "disbursed"
    data = instance.final_data()
    assert data["approved_amount"] == Decimal("450000.00")
    assert type(data["approved_amount"]) is Decimal
    assert type(data["disbursed_amount"]) is Decimal
    assert type(data["amount_requested"]) is Decimal
    assert data["disbursed_on"] == date(2024, 6, 30)
    assert type(data["disbursed_on"]) is date
    assert type(data["appraisal_date"]) is date
    assert data["voucher_no"] == "CZ-2024-0630-01"


def test_a_step_already_done_cannot_be_done_again_from_a_stale_page(new_product):
    instance = submitted(new_product)
    accept_task = instance.task_id("accept")
    instance.complete_task(accept_task, {"decision": "approve"})

    with pytest.raises(TaskNotReady):
        instance.complete_task(accept_task, {"decision": "reject", "reasons": "重复提交"})

    assert set(instance.ready()) == {"tech_review", "budget_review"}


def test_a_step_that_is_not_yet_due_cannot_be_done(new_product):
    instance = submitted(new_product)
    workflow = instance.load()
    [later_review] = [t for t in workflow.get_tasks() if t.task_spec.name == "tech_review"]

    with pytest.raises(TaskNotReady):
        instance.complete_task(str(later_review.id), REVIEW)

    assert set(instance.ready()) == {"accept"}
