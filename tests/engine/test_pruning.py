"""A long case costs what a short one costs: each save forgets the finished history nothing reads.

The (十八)1 chain loops through corrections (受理 returns the application, the applicant corrects,
受理 again); a case corrected a hundred times must save no bigger than one corrected ten times,
and still run on, send back, migrate and join its parallel reviews as before.
"""

from __future__ import annotations

import json
from decimal import Decimal

from tests.engine.support import SavedInstance
from tests.engine.test_diff_and_migration import BPMN, version, with_precheck
from tests.engine.test_new_product_chain import APPLICATION, REVIEW, submitted
from workflows.engine import migration, rewind, runner, state


def correction_rounds(instance: SavedInstance, rounds: int, first: int = 1) -> None:
    for round_no in range(first, first + rounds):
        instance.complete("accept", decision="return", correction_items=f"第{round_no}次补正：证书复印件不清晰")
        amount = Decimal("480000") - round_no
        correction = {**APPLICATION, "amount_requested": amount, "correction_reply": f"第{round_no}次"}
        instance.complete("correct", **correction)


def at_the_decision(version, rounds: int) -> SavedInstance:
    """A case corrected `rounds` times, accepted and reviewed by both departments: awaiting the decision."""
    instance = submitted(version)
    correction_rounds(instance, rounds)
    instance.complete("accept", decision="approve")
    instance.complete("tech_review", **REVIEW)
    instance.complete("budget_review", **REVIEW)
    return instance


def size(instance: SavedInstance) -> int:
    return len(instance.saved.encode())


def depth(workflow) -> int:
    deepest = 0
    for task in workflow.tasks.values():
        level, parent = 0, task.parent
        while parent is not None:
            level, parent = level + 1, parent.parent
        deepest = max(deepest, level)
    return deepest


def approve_and_disburse(instance: SavedInstance) -> None:
    instance.complete("accept", decision="approve")
    instance.complete("tech_review", **REVIEW)
    instance.complete("budget_review", **REVIEW)
    instance.complete("decide", decision="approve", approved_amount=Decimal("450000.00"), reasons="同意补助。")
    instance.complete("disburse", disbursed_amount=Decimal("450000.00"), voucher_no="CZ-2024-0630-01")


def unpruned(instance: SavedInstance, rounds: int) -> str:
    """A state as format 2 saved it: the whole history, never pruned (the loop runs in memory)."""
    workflow = instance.load()
    for round_no in range(1, rounds + 1):
        [accept] = runner.ready_steps(workflow, instance.version)
        runner.complete(workflow, instance.version, accept.task_id, {"decision": "return", "correction_items": "补正"})
        [correct] = runner.ready_steps(workflow, instance.version)
        correction = {**APPLICATION, "correction_reply": f"第{round_no}次"}
        runner.complete(workflow, instance.version, correct.task_id, correction)
    body = json.loads(state._thread_serializer().serialize_json(workflow))
    return json.dumps({"format": 2, "workflow": body}, ensure_ascii=False)


def test_the_saved_state_stays_the_same_size_through_many_rounds_of_correction(new_product):
    instance = submitted(new_product)
    correction_rounds(instance, 10)
    at_round_10 = size(instance)
    correction_rounds(instance, 140, first=11)
    at_round_150 = size(instance)

    assert at_round_150 <= 1.2 * at_round_10
    workflow = instance.load()
    assert depth(workflow) < 20
    assert instance.data_at("accept")["correction_reply"] == "第150次"
    assert instance.data_at("accept")["amount_requested"] == Decimal("479850")


def test_a_long_corrected_case_completes_with_the_latest_answers(new_product):
    instance = submitted(new_product)
    correction_rounds(instance, 30)
    approve_and_disburse(instance)

    assert instance.ready() == {}
    assert instance.outcome() == "disbursed"
    final = instance.final_data()
    assert final["correction_reply"] == "第30次"
    assert final["disbursed_amount"] == Decimal("450000.00")


def test_past_333_rounds_the_case_still_sees_its_waiting_step(new_product):
    instance = submitted(new_product)
    correction_rounds(instance, 340)

    workflow = instance.load()
    assert not workflow.is_completed()
    assert [r.step.name for r in runner.ready_steps(workflow, new_product)] == ["accept"]
    approve_and_disburse(instance)
    assert instance.outcome() == "disbursed"


def test_after_pruning_the_case_is_sent_back_to_the_latest_run_of_an_earlier_step(new_product):
    instance = at_the_decision(new_product, rounds=20)

    workflow = instance.load()
    decide = instance.task_id("decide")
    assert "correct" in rewind.earlier_steps(workflow, new_product, decide)
    rewind.send_back(workflow, new_product, decide, "correct")
    instance.saved = state.dump_state(workflow)

    assert sorted(instance.ready()) == ["correct"]
    # The latest round's step, as it was when it became ready: with the 19th round's answers.
    assert instance.data_at("correct")["correction_reply"] == "第19次"
    instance.complete("correct", **{**APPLICATION, "correction_reply": "退回后再次补正"})
    approve_and_disburse(instance)
    assert instance.outcome() == "disbursed"
    assert instance.final_data()["correction_reply"] == "退回后再次补正"


def test_after_pruning_a_send_back_into_one_review_makes_the_decision_wait_for_it_again(new_product):
    instance = at_the_decision(new_product, rounds=5)

    workflow = instance.load()
    rewind.send_back(workflow, new_product, instance.task_id("decide"), "budget_review")
    instance.saved = state.dump_state(workflow)

    assert sorted(instance.ready()) == ["budget_review"]
    instance.complete("budget_review", decision="approve", opinion="复核同意")
    assert sorted(instance.ready()) == ["decide"]


def test_the_joint_review_waits_for_both_branches_in_every_round(new_product):
    instance = submitted(new_product)
    for _ in range(15):  # the lead sends the case back to acceptance; both reviews run again
        instance.complete("accept", decision="approve")
        instance.complete("tech_review", **REVIEW)
        assert sorted(instance.ready()) == ["budget_review"]  # the join waits, counting no earlier round
        instance.complete("budget_review", **REVIEW)
        assert sorted(instance.ready()) == ["decide"]
        workflow = instance.load()
        rewind.send_back(workflow, new_product, instance.task_id("decide"), "accept")
        instance.saved = state.dump_state(workflow)
        assert sorted(instance.ready()) == ["accept"]

    approve_and_disburse(instance)
    assert instance.outcome() == "disbursed"


def test_a_pruned_running_case_migrates_to_a_new_version(new_product):
    v1, v2 = version(BPMN), version(with_precheck())
    instance = submitted(v1)
    correction_rounds(instance, 25)
    instance.complete("accept", decision="return", correction_items="再补正")
    assert sorted(instance.ready()) == ["correct"]

    check = migration.check(instance.load(), v2)
    assert check.safe, check.as_dict()
    workflow = migration.migrate(instance.load(), v2)
    instance.version, instance.saved = v2, state.dump_state(workflow)

    instance.complete("correct", **{**APPLICATION, "correction_reply": "迁移后补正"})
    assert sorted(instance.ready()) == ["precheck"]
    instance.complete("precheck", remarks="材料齐全")
    approve_and_disburse(instance)
    assert instance.outcome() == "disbursed"


def test_a_step_pruned_from_the_tree_still_blocks_a_version_that_removes_it(new_product):
    """Migration's "history must still exist" still sees a step whose older runs were pruned."""
    v2 = version(with_precheck())
    instance = submitted(v2)
    for round_no in range(3):  # precheck runs each round; its older runs are pruned
        instance.complete("precheck", remarks="材料齐全")
        instance.complete("accept", decision="return", correction_items="补正")
        instance.complete("correct", **{**APPLICATION, "correction_reply": f"第{round_no}次"})
    instance.complete("precheck", remarks="材料齐全")
    instance.complete("accept", decision="approve")
    instance.complete("tech_review", **REVIEW)

    check = migration.check(instance.load(), version(BPMN))
    assert not check.safe
    assert ("precheck", "removed") in {(b.element, b.reason) for b in check.blockers}


def test_the_diagram_still_marks_the_steps_that_ran_long_ago(new_product):
    instance = submitted(new_product)
    correction_rounds(instance, 12)
    approve_and_disburse(instance)

    ran = runner.completed_elements(instance.load())
    assert {"submit", "accept", "correct", "tech_review", "budget_review", "decide", "disburse"} <= set(ran)


def test_an_old_unpruned_state_loads_runs_on_and_is_pruned_at_its_next_save(new_product):
    instance = submitted(new_product)
    instance.saved = unpruned(instance, 40)
    old_size = size(instance)

    assert sorted(instance.ready()) == ["accept"]
    instance.complete("accept", decision="return", correction_items="再补正")

    assert json.loads(instance.saved)["format"] == state.STATE_FORMAT
    assert size(instance) * 3 < old_size
    instance.complete("correct", **{**APPLICATION, "correction_reply": "旧案续办"})
    approve_and_disburse(instance)
    assert instance.outcome() == "disbursed"
