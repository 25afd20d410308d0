"""The steps of a generated chain, each drawn by the method that decides it: acceptance and
correction, the assisting departments' opinions, the decision, co-signature, payment, filing.

Each method takes the flow it continues from (the node, the condition on the way out, the
column) and returns where the next part continues, so build_chain reads as the chain's order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workflows.catalogue.bpmn_builder import FieldDef, Node, ProcessDrawing
from workflows.catalogue.departments import DepartmentEntry, by_code

if TYPE_CHECKING:
    from workflows.catalogue.chains import Roles

FINANCE = "CZT"
OPINION_DAYS = 10
ACCEPT_DAYS = 5
DEEMED_ACCEPTED = "逾期未作出受理决定，自收到申请之日起视为受理"
DECIDE_DAYS = 10
COSIGN_DAYS = 5
DISBURSE_DAYS = 15
DEEMED_AGREED = "逾期未提出意见，视为同意"

ACCEPT = (
    ("approve", "受理", "Accept"),
    ("return", "退回补正", "Return for correction"),
    ("reject", "不予受理", "Refuse"),
)
OPINION = (("approve", "同意", "Agree"), ("reject", "不同意", "Disagree"))
DECIDE = (("approve", "批准", "Approve"), ("reject", "不予批准", "Reject"))

Continuation = tuple[str, str | None, float]  # (node, condition on the way out, next column)


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


def correction_items() -> FieldDef:
    return _text(
        "correction_items", "需补正事项（逐项列明）", "Items to correct, one per line", False, "decision:return", True
    )


class ChainDrawer:
    def __init__(self, drawing: ProcessDrawing, lane_of: dict[str, int], roles: Roles):
        self.drawing = drawing
        self.lane_of = lane_of
        self.roles = roles
        self.lead = lane_of[roles.leads[0]]
        self.basis = ""

    def task(self, node_id, title, title_en, lane, column, status, limit, fields, doc, **props) -> Node:
        properties = {"status": status, "legal_basis": self.basis, "title_en": title_en}
        if limit:
            properties["time_limit_days"] = str(limit)
        properties.update(props)
        node = Node(node_id, "userTask", title, lane, column, form_key=node_id, documentation=doc)
        node.properties, node.fields = properties, list(fields)
        return self.drawing.add(node)

    def _informed(self) -> dict[str, str]:
        """Open groups learn of the decision (抄告); they never hold the case."""
        return {"info_copy": ",".join(self.roles.informed)} if self.roles.informed else {}

    def submission(self, fields: list[FieldDef]) -> None:
        self.drawing.add(Node("start", "startEvent", "申请", 0, 0))
        self.task("submit", "提交申请", "Submit application", 0, 1, "submitted", None, fields, "申请人填写并提交申请。")
        self.drawing.add(Node("gw_merge", "exclusiveGateway", "", self.lead, 2))
        correction = [*fields, _text("correction_reply", "补正说明", "What was corrected")]
        self.task(
            "correct",
            "补正材料",
            "Correct the application",
            0,
            4,
            "correction_requested",
            None,
            correction,
            "按补正通知逐项修改后重新提交。",
        )
        for source, target in (("start", "submit"), ("submit", "gw_merge")):
            self.drawing.connect(source, target)

    def submission_and_acceptance(self, fields: list[FieldDef]) -> None:
        """Submit; the lead accepts, returns once with itemised corrections, or refuses with reasons."""
        self.submission(fields)
        decide = [
            _decision(ACCEPT),
            correction_items(),
            _text("reasons", "理由", "Reasons", False, "decision:reject", True),
        ]
        self.task(
            "accept",
            "受理审查",
            "Acceptance",
            self.lead,
            3,
            "awaiting_acceptance",
            ACCEPT_DAYS,
            decide,
            "牵头单位审查申请是否齐全、是否符合条件；需补正的一次性告知。",
        )
        self.drawing.add(Node("gw_accept", "exclusiveGateway", "受理?", self.lead, 4))
        self._deemed_acceptance()
        self.drawing.add(Node("end_not_accepted", "endEvent", "不予受理", self.lead, 5, offset=45))
        connect = self.drawing.connect
        connect("gw_merge", "accept")
        connect("accept", "gw_accept")
        connect("gw_accept", "correct", 'decision == "return"')
        connect("correct", "gw_merge")
        connect("gw_accept", "end_not_accepted", 'decision == "reject"')

    def _deemed_acceptance(self) -> None:
        """No acceptance, correction notice or refusal within 5 working days: the case is accepted.

        As for an opinion, the timeout path starts with a script assigning the decision; the app
        reads it to record the acceptance as deemed and to issue the 视为受理通知书.
        """
        self.drawing.tall_lanes.add(self.lead)  # the timeout path is drawn below the acceptance gateway
        deadline = f"working_deadline({ACCEPT_DAYS})"
        self.drawing.add(
            Node("accept_deadline", "boundaryEvent", "逾期", self.lead, 3, attached_to="accept", time_date=deadline)
        )
        script = f'decision = "approve"\nopinion = "{DEEMED_ACCEPTED}"'
        self.drawing.add(Node("timeout_accept", "scriptTask", "视为受理", self.lead, 4, offset=50, script=script))
        self.drawing.connect("accept_deadline", "timeout_accept")
        self.drawing.connect("timeout_accept", "gw_accept")

    def opinions(self, column: float) -> Continuation:
        """The assisting departments' opinions in parallel, each deemed agreed at its time limit."""
        if not self.roles.assists:
            return "gw_accept", 'decision == "approve"', column
        self.drawing.add(Node("gw_opinions", "parallelGateway", "", self.lead, column))
        self.drawing.add(Node("gw_opinions_done", "parallelGateway", "", self.lead, column + 3))
        self.drawing.connect("gw_accept", "gw_opinions", 'decision == "approve"')
        for code in self.roles.assists:
            self._opinion_with_deadline(by_code(code), self.lane_of[code], column + 1)
        return "gw_opinions_done", None, column + 4

    def _opinion_with_deadline(self, department: DepartmentEntry, lane: int, column: float) -> None:
        """The timeout path starts with a script assigning the decision (`timeout_<step>`, a name for
        readers only), which the app reads to record the step as deemed agreed rather than cancelled."""
        node_id = f"opinion_{department.code.lower()}"
        self.drawing.tall_lanes.add(lane)
        fields = [_decision(OPINION), _text("opinion", "审查意见", "Opinion")]
        doc = f"协助单位{department.today_zh}在{OPINION_DAYS}个工作日内提出意见；逾期未提出的，视为同意。"
        opinion = self.task(
            node_id,
            f"{department.today_short}意见",
            f"Opinion of {department.today_en}",
            lane,
            column,
            "under_review",
            OPINION_DAYS,
            fields,
            doc,
            timeout_note=DEEMED_AGREED,
        )
        opinion.offset = -35
        self._deemed_agreement(node_id, lane, column)

    def _deemed_agreement(self, node_id: str, lane: int, column: float) -> None:
        deadline, timeout, merge = f"{node_id}_deadline", f"timeout_{node_id}", f"{node_id}_done"
        self.drawing.add(
            Node(
                deadline,
                "boundaryEvent",
                "逾期",
                lane,
                column,
                attached_to=node_id,
                time_date=f"working_deadline({OPINION_DAYS})",
            )
        )
        script = f'decision = "approve"\nopinion = "{DEEMED_AGREED}"'
        self.drawing.add(Node(timeout, "scriptTask", "视为同意", lane, column + 1, offset=50, script=script))
        # The parallel join waits for every incoming flow, so the two ways out meet first.
        self.drawing.add(Node(merge, "exclusiveGateway", "", lane, column + 2, offset=-35))
        for source, target in (("gw_opinions", node_id), (node_id, merge), (deadline, timeout), (timeout, merge)):
            self.drawing.connect(source, target)
        self.drawing.connect(merge, "gw_opinions_done")

    def decision(self, previous: str, condition: str | None, column: float, cap_decision: str | None) -> Continuation:
        """The lead decides; a grant's approved amount is held to its cap table."""
        fields = [_decision(DECIDE), _text("reasons", "决定理由", "Reasons", shown=True)]
        cap = {}
        if cap_decision:
            amount = FieldDef(
                "approved_amount",
                "核定补助金额（元）",
                "decimal",
                label_en="Approved amount (yuan)",
                min="1",
                required_if="decision:approve",
                shown_to_applicant=True,
            )
            fields.insert(1, amount)
            cap = {"cap_decision": cap_decision, "cap_field": "approved_amount"}
        cap.update(self._informed())
        self.task(
            "decide",
            "审批决定",
            "Decision",
            self.lead,
            column,
            "awaiting_decision",
            DECIDE_DAYS,
            fields,
            "牵头单位综合各方意见作出决定。",
            **cap,
        )
        self.drawing.connect(previous, "decide", condition)
        self.drawing.add(Node("gw_decide", "exclusiveGateway", "批准?", self.lead, column + 1))
        self.drawing.connect("decide", "gw_decide")
        self.drawing.add(Node("end_rejected", "endEvent", "不予批准", self.lead, column + 2, offset=45))
        self.drawing.connect("gw_decide", "end_rejected", 'decision == "reject"')
        return "gw_decide", 'decision == "approve"', column + 3

    def cosignatures(self, previous: str, condition: str | None, column: float) -> Continuation:
        """Co-leads sign off jointly, in parallel."""
        if len(self.roles.leads) < 2:
            return previous, condition, column
        self.drawing.add(Node("gw_cosign", "parallelGateway", "", self.lead, column))
        self.drawing.add(Node("gw_cosign_done", "parallelGateway", "", self.lead, column + 2))
        self.drawing.connect(previous, "gw_cosign", condition)
        for code in self.roles.leads[1:]:
            node_id, department = f"cosign_{code.lower()}", by_code(code)
            fields = [_decision(OPINION), _text("opinion", "会签意见", "Opinion")]
            self.task(
                node_id,
                f"{department.today_short}会签",
                f"Co-signature of {department.today_en}",
                self.lane_of[code],
                column + 1,
                "awaiting_cosign",
                COSIGN_DAYS,
                fields,
                "共同责任单位会签。",
            )
            self.drawing.connect("gw_cosign", node_id)
            self.drawing.connect(node_id, "gw_cosign_done")
        return "gw_cosign_done", None, column + 3

    def disbursement(self, previous: str, condition: str | None, column: float) -> None:
        """Finance pays the approved amount, never more than the disbursement limit allows."""
        fields = [
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
                "disbursed_on", "拨付日期", "date", label_en="Date disbursed", required=True, shown_to_applicant=True
            ),
            FieldDef("voucher_no", "拨款凭证号", label_en="Payment voucher No.", required=True, max_length=64),
        ]
        finance = self.lane_of[FINANCE]
        self.task(
            "disburse",
            "资金拨付",
            "Disbursement",
            finance,
            column,
            "awaiting_disbursement",
            DISBURSE_DAYS,
            fields,
            "财政部门按核定金额拨付并登记凭证。",
            cap_decision="disbursement_limit",
            cap_field="disbursed_amount",
        )
        self.drawing.connect(previous, "disburse", condition)
        self.drawing.add(Node("end_disbursed", "endEvent", "已拨付", finance, column + 1))
        self.drawing.connect("disburse", "end_disbursed")

    def approved(self, previous: str, condition: str | None, column: float) -> None:
        self.drawing.add(Node("end_approved", "endEvent", "已批准", self.lead, column))
        self.drawing.connect(previous, "end_approved", condition)
