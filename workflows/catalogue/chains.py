"""Approval chains generated from the rules: one per responsibility clause, and one per grant program.

The shape follows how Chinese agencies approve (../docs in shared/domain.md): the applicant
submits; the lead department accepts, returns the case once for correction with itemised
reasons, or refuses; the assisting departments give opinions in parallel, each with a time
limit; the lead decides; co-leads sign off jointly; for grants the finance department pays.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflows.catalogue.bpmn_builder import FieldDef, Node, ProcessDrawing
from workflows.catalogue.departments import by_code
from workflows.catalogue.model import Clause, Item

APPLICANT_LANE = "申请企业"
FINANCE = "CZT"

ACCEPT = (
    ("approve", "受理", "Accept"),
    ("return", "退回补正", "Return for correction"),
    ("reject", "不予受理", "Refuse"),
)
OPINION = (("approve", "同意", "Agree"), ("reject", "不同意", "Disagree"))
DECIDE = (("approve", "批准", "Approve"), ("reject", "不予批准", "Reject"))

MATTER_FIELDS = [
    FieldDef("subject", "申请事项", label_en="Matter applied for", required=True, max_length=200),
    FieldDef("description", "事项说明", "text", label_en="Description", required=True, max_length=4000),
]


def _decision(choices) -> FieldDef:
    return FieldDef("decision", "决定", "enum", label_en="Decision", required=True, choices=choices)


def _text(name, label, label_en, required=True, required_if=None, shown=False) -> FieldDef:
    return FieldDef(
        name,
        label,
        "text",
        label_en=label_en,
        required=required,
        max_length=2000,
        required_if=required_if,
        shown_to_applicant=shown,
    )


@dataclass(frozen=True)
class Grant:
    """What turns a clause's chain into a grant program: the form, the cap table, the amounts."""

    application_fields: tuple[FieldDef, ...]
    cap_decision: str  # DMN decision id that yields amount_cap and cap_basis


def clause_process_id(item: Item, clause_index: int) -> str:
    return f"rules_{item.number:02d}_clause_{clause_index + 1}"


def clause_title(item: Item, clause: Clause) -> str:
    points = "、".join(str(p) for p in clause.points)
    return f"{item.ref}{points} {item.title}" if points else f"{item.ref} {item.title}"


def legal_basis(item: Item, clause: Clause) -> str:
    return f"《自治区关于促进中小企业发展实施意见细则》{clause_title(item, clause)}；{clause.text}"


OPINION_DAYS = 10
ACCEPT_DAYS = 5
DECIDE_DAYS = 10
DEEMED_AGREED = "逾期未提出意见，视为同意"


def _opinion_with_deadline(drawing: ProcessDrawing, task, department, lane: int, column: int) -> None:
    """An assisting department's opinion; silence past its time limit counts as agreement.

    The timeout path is a script task named `timeout_<step>`, which the app reads to record the
    step as deemed agreed rather than merely cancelled.
    """
    node_id = f"opinion_{department.code.lower()}"
    drawing.tall_lanes.add(lane)
    opinion = task(
        node_id,
        f"{department.short_name}意见",
        f"Opinion of {department.name_en}",
        lane,
        column,
        "under_review",
        OPINION_DAYS,
        [_decision(OPINION), _text("opinion", "审查意见", "Opinion")],
        f"协助单位{department.name_zh}在{OPINION_DAYS}个工作日内提出意见；逾期未提出的，视为同意。",
        timeout_note=DEEMED_AGREED,
    )
    opinion.offset = -35
    drawing.add(
        Node(
            f"{node_id}_deadline",
            "boundaryEvent",
            "逾期",
            lane,
            column,
            attached_to=node_id,
            time_date=f"working_deadline({OPINION_DAYS})",
        )
    )
    drawing.add(
        Node(
            f"timeout_{node_id}",
            "scriptTask",
            "视为同意",
            lane,
            column + 1,
            offset=50,
            script=f'decision = "approve"\nopinion = "{DEEMED_AGREED}"',
        )
    )
    # The parallel join waits for every incoming flow, so the two ways out meet first.
    merge = f"{node_id}_done"
    drawing.add(Node(merge, "exclusiveGateway", "", lane, column + 2, offset=-35))
    drawing.connect("gw_opinions", node_id)
    drawing.connect(node_id, merge)
    drawing.connect(f"{node_id}_deadline", f"timeout_{node_id}")
    drawing.connect(f"timeout_{node_id}", merge)
    drawing.connect(merge, "gw_opinions_done")


DEEMED_ACCEPTED = "逾期未作出受理决定，自收到申请之日起视为受理"


def _deemed_acceptance(drawing: ProcessDrawing, lead: int) -> None:
    """No acceptance, correction notice or refusal within 5 working days: the case is accepted.

    As for an opinion, the timeout path is a script task named `timeout_accept`; the app reads it
    to record the acceptance as deemed and to issue the 视为受理通知书.
    """
    drawing.tall_lanes.add(lead)  # the timeout path is drawn below the acceptance gateway
    deadline = Node(
        "accept_deadline",
        "boundaryEvent",
        "逾期",
        lead,
        3,
        attached_to="accept",
        time_date=f"working_deadline({ACCEPT_DAYS})",
    )
    drawing.add(deadline)
    script = f'decision = "approve"\nopinion = "{DEEMED_ACCEPTED}"'
    drawing.add(Node("timeout_accept", "scriptTask", "视为受理", lead, 4, offset=50, script=script))
    drawing.connect("accept_deadline", "timeout_accept")
    drawing.connect("timeout_accept", "gw_accept")


def build_chain(process_id: str, name: str, item: Item, clause: Clause, grant: Grant | None = None) -> ProcessDrawing:
    """The drawing for this clause (and grant, if it is one)."""
    leads = list(clause.lead)
    assists = [c for c in clause.assist if c not in leads]
    finance_lane_needed = grant is not None and FINANCE not in leads + assists
    codes = leads + assists + ([FINANCE] if finance_lane_needed else [])
    lanes = [APPLICANT_LANE] + [by_code(code).name_zh for code in codes]
    lane_of = {code: index + 1 for index, code in enumerate(codes)}
    lead = lane_of[leads[0]]
    basis = legal_basis(item, clause)
    # 承诺办结时限 up to the decision: the sum of the steps' own limits on the way (acceptance, the
    # parallel opinions, the decision), so the case limit never asks for less than its steps allow.
    case_limit = ACCEPT_DAYS + (OPINION_DAYS if assists else 0) + DECIDE_DAYS
    drawing = ProcessDrawing(process_id, name, lanes, properties={"case_time_limit_days": str(case_limit)})
    fields = list(grant.application_fields) if grant else MATTER_FIELDS

    def task(node_id, title, title_en, lane, column, status, limit, task_fields, doc, **props):
        properties = {"status": status, "legal_basis": basis, "title_en": title_en}
        if limit:
            properties["time_limit_days"] = str(limit)
        properties.update(props)
        return drawing.add(
            Node(
                node_id,
                "userTask",
                title,
                lane,
                column,
                form_key=node_id,
                documentation=doc,
                properties=properties,
                fields=task_fields,
            )
        )

    drawing.add(Node("start", "startEvent", "申请", 0, 0))
    task("submit", "提交申请", "Submit application", 0, 1, "submitted", None, fields, "申请人填写并提交申请。")
    drawing.add(Node("gw_merge", "exclusiveGateway", "", lead, 2))
    task(
        "accept",
        "受理审查",
        "Acceptance",
        lead,
        3,
        "awaiting_acceptance",
        ACCEPT_DAYS,
        [
            _decision(ACCEPT),
            _text(
                "correction_items",
                "需补正事项（逐项列明）",
                "Items to correct, one per line",
                False,
                "decision:return",
                True,
            ),
            _text("reasons", "理由", "Reasons", False, "decision:reject", True),
        ],
        "牵头单位审查申请是否齐全、是否符合条件；需补正的一次性告知。",
    )
    drawing.add(Node("gw_accept", "exclusiveGateway", "受理?", lead, 4))
    _deemed_acceptance(drawing, lead)
    task(
        "correct",
        "补正材料",
        "Correct the application",
        0,
        4,
        "correction_requested",
        None,
        [*fields, _text("correction_reply", "补正说明", "What was corrected")],
        "按补正通知逐项修改后重新提交。",
    )
    drawing.add(Node("end_not_accepted", "endEvent", "不予受理", lead, 5, offset=45))
    drawing.connect("start", "submit")
    drawing.connect("submit", "gw_merge")
    drawing.connect("gw_merge", "accept")
    drawing.connect("accept", "gw_accept")
    drawing.connect("gw_accept", "correct", 'decision == "return"')
    drawing.connect("correct", "gw_merge")
    drawing.connect("gw_accept", "end_not_accepted", 'decision == "reject"')

    column = 6
    previous, condition = "gw_accept", 'decision == "approve"'
    if assists:
        drawing.add(Node("gw_opinions", "parallelGateway", "", lead, column))
        drawing.add(Node("gw_opinions_done", "parallelGateway", "", lead, column + 3))
        drawing.connect(previous, "gw_opinions", condition)
        for code in assists:
            _opinion_with_deadline(drawing, task, by_code(code), lane_of[code], column + 1)
        previous, condition, column = "gw_opinions_done", None, column + 4

    decide_fields = [_decision(DECIDE), _text("reasons", "决定理由", "Reasons", shown=True)]
    cap = {}
    if grant:
        decide_fields.insert(
            1,
            FieldDef(
                "approved_amount",
                "核定补助金额（元）",
                "decimal",
                label_en="Approved amount (yuan)",
                min="1",
                required_if="decision:approve",
                shown_to_applicant=True,
            ),
        )
        cap = {"cap_decision": grant.cap_decision, "cap_field": "approved_amount"}
    task(
        "decide",
        "审批决定",
        "Decision",
        lead,
        column,
        "awaiting_decision",
        DECIDE_DAYS,
        decide_fields,
        "牵头单位综合各方意见作出决定。",
        **cap,
    )
    drawing.connect(previous, "decide", condition)
    drawing.add(Node("gw_decide", "exclusiveGateway", "批准?", lead, column + 1))
    drawing.connect("decide", "gw_decide")
    drawing.add(Node("end_rejected", "endEvent", "不予批准", lead, column + 2, offset=45))
    drawing.connect("gw_decide", "end_rejected", 'decision == "reject"')
    previous, condition, column = "gw_decide", 'decision == "approve"', column + 3

    if len(leads) > 1:  # co-leads sign off jointly
        drawing.add(Node("gw_cosign", "parallelGateway", "", lead, column))
        drawing.add(Node("gw_cosign_done", "parallelGateway", "", lead, column + 2))
        drawing.connect(previous, "gw_cosign", condition)
        for code in leads[1:]:
            node_id = f"cosign_{code.lower()}"
            department = by_code(code)
            task(
                node_id,
                f"{department.short_name}会签",
                f"Co-signature of {department.name_en}",
                lane_of[code],
                column + 1,
                "awaiting_cosign",
                5,
                [_decision(OPINION), _text("opinion", "会签意见", "Opinion")],
                "共同责任单位会签。",
            )
            drawing.connect("gw_cosign", node_id)
            drawing.connect(node_id, "gw_cosign_done")
        previous, condition, column = "gw_cosign_done", None, column + 3

    if grant:
        task(
            "disburse",
            "资金拨付",
            "Disbursement",
            lane_of[FINANCE],
            column,
            "awaiting_disbursement",
            15,
            [
                FieldDef(
                    "disbursed_amount",
                    "拨付金额（元）",
                    "decimal",
                    label_en="Amount disbursed (yuan)",
                    required=True,
                    min="1",
                    shown_to_applicant=True,
                ),
                FieldDef(
                    "disbursed_on",
                    "拨付日期",
                    "date",
                    label_en="Date disbursed",
                    required=True,
                    shown_to_applicant=True,
                ),
                FieldDef("voucher_no", "拨款凭证号", label_en="Payment voucher No.", required=True, max_length=64),
            ],
            "财政部门按核定金额拨付并登记凭证。",
            cap_decision="disbursement_limit",
            cap_field="disbursed_amount",
        )
        drawing.connect(previous, "disburse", condition)
        drawing.add(Node("end_disbursed", "endEvent", "已拨付", lane_of[FINANCE], column + 1))
        drawing.connect("disburse", "end_disbursed")
    else:
        drawing.add(Node("end_approved", "endEvent", "已批准", lead, column))
        drawing.connect(previous, "end_approved", condition)
    return drawing
