"""Uploading a process version: bad models are refused with where the problem is; good ones are parsed once.

Each bad upload is the shipped (十八)1 model with one edit, as an administrator might make it.
"""

from __future__ import annotations

import pytest

from tests.engine.support import new_product_sources
from workflows.engine import InvalidDefinition, definitions

BPMN, DMNS = new_product_sources()
CAP_DMN, LIMIT_DMN = DMNS


def edited(source: bytes, old: bytes, new: bytes) -> bytes:
    assert source.count(old) >= 1, f"{old!r} is not in the model"
    return source.replace(old, new, 1)


def line_of(source: bytes, fragment: bytes) -> int:
    return source[: source.index(fragment)].count(b"\n") + 1


def problems_of(bpmn: bytes, dmns: list[bytes] = DMNS) -> list[definitions.DefinitionProblem]:
    with pytest.raises(InvalidDefinition) as refused:
        definitions.parse_version(bpmn, dmns)
    assert str(refused.value)  # the summary a caller shows
    return refused.value.problems


def test_the_shipped_model_is_accepted():
    version = definitions.parse_version(BPMN, DMNS)

    assert version.key == "sme_18_1_new_product"
    assert version.name == "（十八）1 新产品、新技术（新工艺）财政资金补助"
    assert set(version.decisions) == {"cap_18_1", "disbursement_limit"}


def test_malformed_xml_is_refused_with_its_line():
    bpmn = edited(BPMN, b'<bpmn:userTask id="decide" name=', b'<bpmn:userTask id="decide name=')

    [problem] = problems_of(bpmn)

    assert problem.message.startswith("XML syntax error")
    assert problem.line == line_of(BPMN, b'<bpmn:userTask id="decide"')


def test_a_misspelled_element_is_refused_with_its_line():
    bpmn = edited(BPMN, b"<bpmn:incoming>f13</bpmn:incoming>", b"<bpmn:incomming>f13</bpmn:incomming>")

    [problem] = problems_of(bpmn)

    assert "incomming" in problem.message
    assert problem.line == line_of(BPMN, b"<bpmn:incoming>f13</bpmn:incoming>")


def test_malformed_dmn_is_refused_with_its_line():
    dmn = edited(CAP_DMN, b'typeRef="number"', b"typeRef=")

    [problem] = problems_of(BPMN, [dmn, LIMIT_DMN])

    assert problem.message.startswith("XML syntax error")
    assert problem.line == line_of(CAP_DMN, b'typeRef="number"')


def test_a_file_with_no_executable_process_is_refused():
    bpmn = edited(BPMN, b'isExecutable="true"', b'isExecutable="false"')

    [problem] = problems_of(bpmn)

    assert "no executable" in problem.message


def test_a_user_task_outside_every_lane_is_refused():
    bpmn = edited(BPMN, b"<bpmn:flowNodeRef>decide</bpmn:flowNodeRef>", b"")

    [problem] = problems_of(bpmn)

    assert problem.element == "decide"
    assert "lane" in problem.message


@pytest.mark.parametrize("field_id", [b"typename", b"voucher-no", b"1st_voucher"])
def test_a_form_field_id_that_cannot_be_a_data_name_is_refused(field_id):
    bpmn = edited(BPMN, b'id="voucher_no"', b'id="' + field_id + b'"')

    [problem] = problems_of(bpmn)

    assert problem.element == "disburse"
    assert field_id.decode() in problem.message


def test_a_condition_with_a_python_syntax_error_is_refused_naming_its_flow():
    bpmn = edited(BPMN, b'decision == "return"', b'decision === "return"')

    [problem] = problems_of(bpmn)

    assert problem.element == "f6"  # the flow that holds the condition
    assert problem.message.startswith("Condition refused")
    assert "SyntaxError" in problem.message


@pytest.mark.parametrize("cell", [b"[1..10]", b"&gt; 5, &lt; 3"], ids=["FEEL range", "FEEL list of tests"])
def test_a_dmn_input_cell_with_a_syntax_error_is_refused_naming_table_and_row(cell):
    dmn = edited(CAP_DMN, b'<text>"sme-18-1"</text>', b"<text>" + cell + b"</text>")

    [problem] = problems_of(BPMN, [dmn, LIMIT_DMN])

    assert problem.element == "cap_18_1 row 1"
    assert problem.message.startswith("DMN input cell refused")


def test_a_dmn_output_cell_with_a_syntax_error_is_refused_naming_the_cell():
    dmn = edited(CAP_DMN, b"<text>min(500000, amount_requested)</text>", b"<text>500 000</text>")

    [problem] = problems_of(BPMN, [dmn, LIMIT_DMN])

    assert problem.element == "rule_new_product_cap"


def test_a_dmn_input_expression_with_a_syntax_error_is_refused():
    dmn = edited(CAP_DMN, b"<text>program</text>", b"<text>program ==</text>")

    assert problems_of(BPMN, [dmn, LIMIT_DMN])


def test_a_dmn_dash_cell_means_any_value_and_is_accepted():
    dmn = edited(CAP_DMN, b'<text>"sme-18-1"</text>', b"<text>-</text>")

    version = definitions.parse_version(BPMN, [dmn, LIMIT_DMN])

    assert set(version.decisions) == {"cap_18_1", "disbursement_limit"}


def test_a_cap_decision_naming_a_missing_dmn_is_refused():
    [problem] = problems_of(BPMN, [LIMIT_DMN])

    assert problem.element == "decide"
    assert "cap_18_1" in problem.message


def test_every_problem_is_reported_at_once():
    bpmn = edited(BPMN, b"<bpmn:flowNodeRef>decide</bpmn:flowNodeRef>", b"")
    bpmn = edited(bpmn, b'id="voucher_no"', b'id="typename"')
    bpmn = edited(bpmn, b'decision == "return"', b'decision === "return"')

    problems = problems_of(bpmn)

    assert sorted(p.element for p in problems) == ["decide", "disburse", "f6"]
    assert all(set(p.as_dict()) == {"element", "line", "message"} for p in problems)


def test_the_same_sources_are_parsed_once():
    first = definitions.load_version(BPMN, DMNS)
    second = definitions.load_version(bytes(BPMN), list(DMNS))

    assert second is first
    assert first.source_hash == definitions.source_hash(BPMN, DMNS)


def test_different_sources_give_different_versions():
    original = definitions.load_version(BPMN, DMNS)
    capped_lower = definitions.load_version(
        BPMN, [edited(CAP_DMN, b"<text>min(500000, amount_requested)</text>", b"<text>300000</text>"), LIMIT_DMN]
    )
    relabelled = definitions.load_version(edited(BPMN, "资金拨付".encode(), "资金拨付（修订）".encode()), DMNS)

    assert len({id(original), id(capped_lower), id(relabelled)}) == 3
    assert len({original.source_hash, capped_lower.source_hash, relabelled.source_hash}) == 3
    assert relabelled.steps["disburse"].title == "资金拨付（修订）"
    assert original.steps["disburse"].title == "资金拨付"


def test_a_refused_upload_is_not_cached():
    bpmn = edited(BPMN, b"<bpmn:flowNodeRef>decide</bpmn:flowNodeRef>", b"")

    for _ in range(2):
        with pytest.raises(InvalidDefinition):
            definitions.load_version(bpmn, DMNS)


def test_a_step_may_set_its_own_reminder_and_information_copies():
    from tests.engine.support import new_product_sources

    bpmn, dmns = new_product_sources()
    marker = (
        b'<camunda:property name="time_limit_days" value="5"/><camunda:property name="title_en" value="Acceptance"/>'
    )
    assert marker in bpmn
    extra = b'<camunda:property name="reminder_days" value="1"/><camunda:property name="info_copy" value="SWT, JRB"/>'
    version = definitions.parse_version(bpmn.replace(marker, marker + extra), dmns)
    accept = version.steps["accept"]
    assert accept.reminder_days == 1
    assert accept.info_copy == ("SWT", "JRB")
    assert version.steps["decide"].reminder_days is None and version.steps["decide"].info_copy == ()


CASE_LIMIT = b'<camunda:property name="case_time_limit_days" value="20"/>'


def test_the_case_time_limit_is_read_from_the_process_element():
    assert definitions.parse_version(BPMN, DMNS).case_time_limit_days == 20
    without = definitions.parse_version(edited(BPMN, CASE_LIMIT, b""), DMNS)
    assert without.case_time_limit_days is None  # no property: no case clock


@pytest.mark.parametrize("value", [b"twenty", b"0", b"-3", b"400"])
def test_a_case_time_limit_that_is_no_number_of_working_days_is_refused(value):
    bpmn = edited(BPMN, CASE_LIMIT, b'<camunda:property name="case_time_limit_days" value="' + value + b'"/>')
    (problem,) = problems_of(bpmn)
    assert problem.element == "sme_18_1_new_product" and "case_time_limit_days" in problem.message


def test_a_special_step_stops_the_case_clock():
    marker = b'<camunda:property name="title_en" value="Technical review"/>'
    bpmn = edited(BPMN, marker, marker + b'<camunda:property name="stops_clock" value="true"/>')
    version = definitions.parse_version(bpmn, DMNS)
    assert version.steps["tech_review"].stops_clock
    assert not version.steps["budget_review"].stops_clock and not version.steps["correct"].stops_clock
