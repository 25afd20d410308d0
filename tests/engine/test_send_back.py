"""Send-back (退回): the lead rewinds a case to an earlier step; what followed it is gone, nothing stray stays."""

from __future__ import annotations

from datetime import datetime

import pytest
from SpiffWorkflow.util.task import TaskState

from tests.engine.support import new_product_sources
from tests.engine.test_new_product_chain import REVIEW, at_decision
from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.generate import clause_chains
from workflows.engine import NotAnEarlierStep, definitions, rewind, runner, state
from workflows.engine.sandbox import working_deadline


@pytest.fixture(scope="module")
def version():
    return definitions.load_version(*new_product_sources())


def waiting(workflow, version) -> list[str]:
    return sorted(r.step.name for r in runner.ready_steps(workflow, version))


def reloaded(workflow, version):
    return state.load_state(state.dump_state(workflow), version, runner.SCRIPT_ENGINE)


def decide_id(workflow, version) -> str:
    return next(r.task_id for r in runner.ready_steps(workflow, version) if r.step.name == "decide")


def test_the_lead_sends_a_case_back_to_acceptance_past_the_parallel_reviews(version):
    workflow = at_decision(version).load()
    rewind.send_back(workflow, version, decide_id(workflow, version), "accept")
    workflow = reloaded(workflow, version)
    assert waiting(workflow, version) == ["accept"]


def test_sent_back_to_the_applicant_the_case_runs_again_from_the_submission(version):
    workflow = at_decision(version).load()
    rewind.send_back(workflow, version, decide_id(workflow, version), "submit")
    assert waiting(workflow, version) == ["submit"]


@pytest.mark.parametrize("branch,other", [("tech_review", "budget_review"), ("budget_review", "tech_review")])
def test_sent_back_into_one_parallel_branch_the_decision_waits_for_it_again(version, branch, other):
    workflow = at_decision(version).load()
    rewind.send_back(workflow, version, decide_id(workflow, version), branch)
    workflow = reloaded(workflow, version)
    assert waiting(workflow, version) == [branch]  # no stray 'decide' left under the other branch

    ready = runner.ready_steps(workflow, version)[0]
    runner.complete(workflow, version, ready.task_id, {"decision": "approve", "opinion": "复核同意"})
    assert waiting(workflow, version) == ["decide"]
    runner.complete(workflow, version, decide_id(workflow, version), {"decision": "reject", "reasons": "预算不足"})
    assert workflow.is_completed() and runner.outcome(workflow) == "rejected"
    decided = [t for t in workflow.tasks.values() if t.task_spec.name == "decide" and t.state == TaskState.COMPLETED]
    assert len(decided) == 1


def test_only_a_step_completed_before_the_task_can_be_the_target(version):
    instance = at_decision(version)
    workflow = instance.load()
    assert rewind.earlier_steps(workflow, version, decide_id(workflow, version)) == [
        "submit",
        "accept",
        "tech_review",
        "budget_review",
    ]
    for target in ("decide", "disburse", "correct", "no_such_step"):
        with pytest.raises(NotAnEarlierStep):
            rewind.send_back(workflow, version, decide_id(workflow, version), target)
    assert waiting(workflow, version) == ["decide"]  # a refusal changes nothing


def test_a_parallel_review_cannot_send_back_to_its_sibling(version):
    from tests.engine.test_new_product_chain import submitted

    instance = submitted(version)
    instance.complete("accept", decision="approve")
    instance.complete("budget_review", **REVIEW)
    workflow = instance.load()
    tech = next(r.task_id for r in runner.ready_steps(workflow, version) if r.step.name == "tech_review")
    assert "budget_review" not in rewind.earlier_steps(workflow, version, tech)


def test_a_generated_chain_rewinds_past_its_timed_opinions_without_stray_tasks():
    chain = next(c for c in clause_chains(load_catalogue()) if c.key == "rules_14_clause_1")
    version = definitions.parse_version(chain.bpmn, [])
    workflow = runner.start(version, {})
    answers = {"decision": "approve", "opinion": "同意", "reasons": "符合", "subject": "事项", "description": "说明"}
    while "decide" not in waiting(workflow, version):
        ready = runner.ready_steps(workflow, version)[0]
        runner.complete(workflow, version, ready.task_id, answers)
        workflow = reloaded(workflow, version)
    opinions = [s for s in version.steps if s.startswith("opinion_")]
    assert opinions

    rewind.send_back(workflow, version, decide_id(workflow, version), opinions[0])
    workflow = reloaded(workflow, version)
    assert waiting(workflow, version) == [opinions[0]]
    assert runner.next_timer_due(workflow) is not None  # its deadline is armed again

    rewind.send_back(workflow, version, runner.ready_steps(workflow, version)[0].task_id, "accept")
    workflow = reloaded(workflow, version)
    assert waiting(workflow, version) == ["accept"]
    # The opinions' timers went with them; only the acceptance's own 5-day deadline is armed again.
    assert runner.next_timer_due(workflow) == datetime.fromisoformat(working_deadline(5))
