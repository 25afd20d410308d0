"""The pre-check reads a grant's DMN table row by row: every refusal row is a condition, passed or
failed with the sub-point it cites, evaluated in the same sandbox as the decision itself."""

from datetime import date, timedelta

import pytest

from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.generate import grant_process
from workflows.catalogue.grants import grant_for
from workflows.engine import definitions, eligibility
from workflows.shipped import shipped_sources


def table(item: int, point: int):
    spec = grant_for(item, point)
    limit = shipped_sources("sme_18_1_new_product.bpmn")[1][-1]
    generated = grant_process(load_catalogue(), spec, limit)
    version = definitions.load_version(generated.bpmn, list(generated.dmns))
    return version.decisions[spec.decision_id]


def test_the_inputs_asked_for_are_the_names_the_refusal_rows_read():
    assert eligibility.inputs_read(table(4, 6)) == ("contract_years", "insurance_paid")
    assert eligibility.inputs_read(table(14, 2)) == ("graduated_enterprises",)


def test_each_condition_of_the_trainee_subsidy_is_judged_on_its_own_citing_4_6():
    # A one-year contract (the text asks for 2 years or more), social insurance paid.
    result = eligibility.check(table(4, 6), {"contract_years": 1, "insurance_paid": "yes"})

    assert [(c.outcome, c.citation) for c in result.conditions] == [
        ("failed", "《自治区关于促进中小企业发展实施意见细则》（四）6：须与见习毕业生签订2年以上期限劳动合同"),
        ("passed", "《自治区关于促进中小企业发展实施意见细则》（四）6：须为见习毕业生缴纳社会保险费"),
    ]
    assert not result.eligible
    assert "剩余期限见习补贴" in result.cap_basis[0]


def test_an_incubator_with_graduates_passes_and_one_without_fails():
    assert eligibility.check(table(14, 2), {"graduated_enterprises": 3}).eligible
    refused = eligibility.check(table(14, 2), {"graduated_enterprises": 0})
    assert [c.citation for c in refused.failed] == [
        "《自治区关于促进中小企业发展实施意见细则》（十四）2：上一年度须有成功孵化毕业的企业"
    ]


@pytest.mark.parametrize(("days_ago", "outcome"), [(100, "passed"), (800, "failed")])
def test_a_date_condition_uses_the_sandboxes_today(days_ago, outcome):
    result = eligibility.check(table(20, 4), {"awarded_on": date.today() - timedelta(days=days_ago)})
    assert [c.outcome for c in result.conditions] == [outcome]


def test_an_unanswered_input_is_unknown_not_a_pass():
    result = eligibility.check(table(4, 6), {"contract_years": 3})
    assert [(c.outcome, c.detail) for c in result.conditions] == [
        ("passed", ""),
        ("unknown", "insurance_paid"),
    ]
    assert not result.eligible


def test_a_value_a_cell_cannot_compare_is_unknown_with_the_reason():
    result = eligibility.check(table(14, 2), {"graduated_enterprises": "three"})
    assert result.conditions[0].outcome == "unknown"
    assert "Error evaluating expression" in result.conditions[0].detail
