"""Approval chains generated from the rules: one per responsibility clause, and one per grant program.

The shape follows how Chinese agencies approve (../docs in shared/domain.md): the applicant
submits; the lead department accepts, returns the case once for correction with itemised
reasons, or refuses; the assisting departments give opinions in parallel, each with a time
limit; the lead decides; co-leads sign off jointly; for grants the finance department pays.
Open groups (各金融机构, 各新闻媒体单位) and bodies outside government (新疆电力公司) are never a lane:
the decision is copied to them (抄告). A filing (备案) is recorded, not decided.
"""

from __future__ import annotations

from dataclasses import dataclass

from workflows.catalogue.bpmn_builder import FieldDef, Node, ProcessDrawing
from workflows.catalogue.chain_steps import (
    ACCEPT_DAYS,
    DECIDE_DAYS,
    FINANCE,
    OPINION_DAYS,
    ChainDrawer,
    correction_items,
)
from workflows.catalogue.departments import by_code
from workflows.catalogue.model import Clause, Item

RULES = "《自治区关于促进中小企业发展实施意见细则》"
APPLICANT_LANE = "申请企业"
# Items whose sub-points are duties of departments (prices, statistics, publicity): nobody applies.
DUTY_ITEMS = frozenset({3, 25, 26})
# Sub-points that are filings (备案): the applicant files, the department records and gives a receipt.
FILINGS = frozenset({(1, 5), (9, 5)})

MATTER_FIELDS = [
    FieldDef("subject", "申请事项", label_en="Matter applied for", required=True, max_length=200),
    FieldDef("description", "事项说明", "text", label_en="Description", required=True, max_length=4000),
]


@dataclass(frozen=True)
class Grant:
    """What turns a clause's chain into a grant program: the form, the cap table, the amounts."""

    application_fields: tuple[FieldDef, ...]
    cap_decision: str  # DMN decision id that yields amount_cap and cap_basis
    point: int | None = None  # the sub-point the program cites
    departments: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # (lead, assisting) if not the clause's


@dataclass(frozen=True)
class Roles:
    """Who does what in a chain, as department codes."""

    leads: tuple[str, ...]
    assists: tuple[str, ...]  # an opinion lane each
    informed: tuple[str, ...]  # open groups and companies: copied, never waited on


def roles_of(clause: Clause, departments: tuple[tuple[str, ...], tuple[str, ...]] | None = None) -> Roles:
    leads, assists = departments or (clause.lead, clause.assist)
    named = [c for c in assists if c not in leads]
    informed = tuple(c for c in (*named, *clause.assist) if by_code(c).is_open_group)
    return Roles(
        tuple(leads),
        tuple(c for c in named if not by_code(c).is_open_group),
        tuple(dict.fromkeys(informed)),
    )


def clause_process_id(item: Item, clause_index: int) -> str:
    return f"rules_{item.number:02d}_clause_{clause_index + 1}"


def filing_process_id(item: int, point: int) -> str:
    return f"filing_{item}_{point}"


def clause_title(item: Item, clause: Clause) -> str:
    points = "、".join(str(p) for p in clause.points)
    return f"{item.ref}{points} {item.title}" if points else f"{item.ref} {item.title}"


def legal_basis(item: Item, clause: Clause, point: int | None = None) -> str:
    """What a step cites: its program's own sub-point if it has one, else the clause's; the clause's
    words as the 2011 rules write them (the departments' names of that day)."""
    cited = f"{item.ref}{point} {item.title}" if point else clause_title(item, clause)
    return f"{RULES}{cited}；{clause.text}"


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
    roles = roles_of(clause, grant.departments if grant else None)
    codes = list(dict.fromkeys([*roles.leads, *roles.assists, *([FINANCE] if grant else [])]))
    # 承诺办结时限 up to the decision: the sum of the steps' own limits on the way (acceptance, the
    # parallel opinions, the decision), so the case limit never asks for less than its steps allow.
    case_limit = ACCEPT_DAYS + (OPINION_DAYS if roles.assists else 0) + DECIDE_DAYS
    drawer = _drawer(process_id, name, codes, roles, {"case_time_limit_days": str(case_limit)})
    drawer.basis = legal_basis(item, clause, grant.point if grant else None)
    fields = list(grant.application_fields) if grant else MATTER_FIELDS
    drawer.submission_and_acceptance(fields)
    previous, condition, column = drawer.opinions(6)
    previous, condition, column = drawer.decision(previous, condition, column, grant.cap_decision if grant else None)
    previous, condition, column = drawer.cosignatures(previous, condition, column)
    if grant:
        drawer.disbursement(previous, condition, column)
    else:
        drawer.approved(previous, condition, column)
    return drawer.drawing


def build_filing(item: Item, clause: Clause, point: int) -> ProcessDrawing:
    """A filing (备案) of one sub-point: the applicant files, the lead records it and gives a receipt."""
    roles = roles_of(clause)
    name = f"{item.ref}{point} {item.title}（备案）"
    drawer = _drawer(filing_process_id(item.number, point), name, list(roles.leads[:1]), roles, {})
    drawer.basis = legal_basis(item, clause, point)
    drawer.submission(MATTER_FIELDS)
    drawer.task(
        "accept",
        "备案登记",
        "Record the filing",
        drawer.lead,
        3,
        "awaiting_filing",
        ACCEPT_DAYS,
        _receipt_fields(),
        "材料齐全的予以备案并出具备案回执；不齐全的一次性告知补正。不作批准或不批准的决定。",
    )
    drawer.drawing.add(Node("gw_accept", "exclusiveGateway", "齐全?", drawer.lead, 4))
    drawer.drawing.add(Node("end_filed", "endEvent", "已备案", drawer.lead, 5))
    for source, target, condition in (
        ("gw_merge", "accept", None),
        ("accept", "gw_accept", None),
        ("gw_accept", "correct", 'decision == "return"'),
        ("correct", "gw_merge", None),
        ("gw_accept", "end_filed", 'decision == "record"'),
    ):
        drawer.drawing.connect(source, target, condition)
    return drawer.drawing


def _receipt_fields() -> list[FieldDef]:
    """备案 gives a number and a date (the receipt); incomplete papers go back once. No refusal."""
    choices = (("record", "予以备案", "Record the filing"), ("return", "退回补正", "Return for correction"))
    decision = FieldDef("decision", "决定", "enum", label_en="Decision", required=True, choices=choices)
    number = FieldDef("filing_number", "备案号", label_en="Filing number", max_length=64, shown_to_applicant=True)
    filed_on = FieldDef("filed_on", "备案日期", "date", label_en="Date filed", shown_to_applicant=True)
    number.required_if = filed_on.required_if = "decision:record"
    return [decision, correction_items(), number, filed_on]


def _drawer(process_id: str, name: str, codes: list[str], roles: Roles, properties: dict) -> ChainDrawer:
    lanes = [APPLICANT_LANE] + [by_code(code).today_zh for code in codes]
    drawing = ProcessDrawing(process_id, name, lanes, properties=properties)
    return ChainDrawer(drawing, {code: index + 1 for index, code in enumerate(codes)}, roles)
