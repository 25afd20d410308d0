"""What each document says, in the official style, from the stored case (nothing is typed twice).

Each builder returns the title and the paragraphs under the addressee; issuing.py adds the
issuer, the number, the date and the verification address and draws the PDF.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from webapp.applications.services.case_clock import case_clock_of
from webapp.department_work.services import calendar
from webapp.extensions import db
from webapp.models import Application, Attachment, DocumentKind, HumanTask
from webapp.processes.services import instances
from workflows.programs import DOCUMENT_TYPES, MEASURES_TITLE, RULES_TITLE, get_program
from workflows.working_days import BEIJING

CORRECTION_WORKING_DAYS = 15  # what the correction notice gives the applicant to answer
LICENSING_LAW = "《中华人民共和国行政许可法》"
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
# Grants are administrative payments, not licences; the region applies the licensing law's
# acceptance rules to them by analogy (docs/domain.md), and the documents say so.
BY_ANALOGY = f"参照{LICENSING_LAW}第三十二条"

TITLES = {
    DocumentKind.RECEIPT: "申请材料接收回执",
    DocumentKind.ACCEPTANCE: "受理通知书",
    DocumentKind.DEEMED_ACCEPTANCE: "视为受理通知书",
    DocumentKind.CORRECTION: "补正材料通知书",
    DocumentKind.REFUSAL_TO_ACCEPT: "不予受理通知书",
    DocumentKind.APPROVAL: "准予财政资金补助决定书",
    DocumentKind.PARTIAL_APPROVAL: "部分准予财政资金补助决定书",
    DocumentKind.REFUSAL: "不予批准决定书",
}
CHINESE_NUMERALS = "一二三四五六七八九十"
ITEM_NUMBER = re.compile(r"^[（(]?[一二三四五六七八九十0-9]+[)）、.．]\s*")  # the notice numbers items itself


def addressee(application: Application) -> str:
    return f"{application.enterprise.name}（统一社会信用代码：{application.enterprise.credit_code}）"


def day(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        moment = moment.replace(tzinfo=UTC).astimezone(BEIJING).date()
    return f"{moment.year}年{moment.month}月{moment.day}日"


def minute(moment: datetime) -> str:
    local = moment.replace(tzinfo=UTC).astimezone(BEIJING)
    return f"{day(moment)}{local.hour}时{local.minute:02d}分"


def numbered(i: int) -> str:
    return CHINESE_NUMERALS[i] if i < 10 else str(i + 1)


def applied_for(application: Application) -> str:
    program = get_program(application.program_code)
    title = program.title_zh if program else application.program_code
    point = program.rule_ref if program else ""
    return (
        f"你单位于{day(application.submitted_at)}提交的《{RULES_TITLE}》{point}“{title}”申请"
        f"（办件编号：{application.number}）"
    )


def lookup_hint() -> str:
    url = current_app.config["PUBLIC_URL"].rstrip("/") + "/lookup"
    return f"你单位可凭办件编号和查询码登录{url}查询办理进度。"


def case_limit(application: Application) -> str:
    view = case_clock_of(application)
    if view is None:
        return ""
    return (
        f"本机关承诺自受理之日起{view.clock.limit}个工作日内作出决定；补正材料所需时间以及专家评审、"
        "现场核查、公示等特殊环节所需时间不计算在内。"
    )


def receipt(application: Application) -> list[tuple[str, str]]:
    program = get_program(application.program_code)
    received = application_attachments(application)
    paragraphs = [
        (
            "body",
            f"本机关已收到你单位于{minute(application.submitted_at)}通过网上申报平台提交的申请材料。"
            "现将有关事项告知如下：",
        ),
        ("body", f"一、办件编号：{application.number}。查询码已在申请提交成功时告知你单位（仅显示一次），请妥善保管。"),
        (
            "body",
            f"二、申请事项：《{RULES_TITLE}》{program.rule_ref if program else ''}"
            f"“{program.title_zh if program else application.program_code}”。",
        ),
        ("body", "三、已收到的材料："),
        *[("item", f"（{numbered(i)}）{label}（{name}）") for i, (label, name) in enumerate(received)],
        (
            "body",
            "四、办理时限：本机关将自收到申请之日起5个工作日内作出受理或者不予受理的决定；申请材料不齐全"
            "或者不符合法定形式的，在上述期限内一次性告知你单位需要补正的全部内容。逾期既未作出受理或者"
            f"不予受理决定，也未告知补正的，{BY_ANALOGY}第一款第（四）项的规定，自收到申请之日起即视为受理。"
            f"{case_limit(application)}",
        ),
        ("body", f"五、查询方式：{lookup_hint()}"),
        ("body", "特此告知。"),
    ]
    return paragraphs


def application_attachments(application: Application) -> list[tuple[str, str]]:
    query = select(Attachment).where(
        Attachment.application_id == application.id,
        Attachment.document_type.is_not(None),
        Attachment.removed_at.is_(None),
    )
    rows = db.session.scalars(query.order_by(Attachment.id))
    return [(_type_name(row.document_type), row.filename) for row in rows]


def _type_name(code: str) -> str:
    return DOCUMENT_TYPES[code].name_zh if code in DOCUMENT_TYPES else code


def acceptance(application: Application, accepted_on: datetime, deemed: bool) -> list[tuple[str, str]]:
    """`accepted_on`: the decision's day, or for a deemed acceptance the day the application arrived."""
    if deemed:
        first = (
            f"对{applied_for(application)}，本机关未在收到申请之日起5个工作日内作出受理或者不予受理的决定，"
            f"也未一次性告知需要补正的内容。{BY_ANALOGY}第一款第（四）项的规定，自收到申请之日起即视为受理，"
            f"受理日期为{day(accepted_on)}。"
        )
    else:
        first = (
            f"{applied_for(application)}，经审查，申请事项属于本机关职权范围，申请材料齐全、符合法定形式。"
            f"{BY_ANALOGY}第一款第（五）项"
            f"的规定，本机关决定予以受理，受理日期为{day(accepted_on)}。"
        )
    return [("body", first), ("body", f"{case_limit(application)}{lookup_hint()}"), ("body", "特此通知。")]


def correction(application: Application, task: HumanTask, basis: str) -> list[tuple[str, str]]:
    lines = str(task.data.get("correction_items") or "").splitlines()
    items = [ITEM_NUMBER.sub("", line.strip(" 　;；")) for line in lines]
    items = [item for item in items if item]
    due, _estimated = calendar.deadline_after(task.completed_at, CORRECTION_WORKING_DAYS)
    return [
        (
            "body",
            f"{applied_for(application)}，经审查，申请材料不齐全或者不符合法定形式。依据{basis}，并"
            f"{BY_ANALOGY}第一款第（四）项的规定，现一次性告知你单位需要补正的全部内容如下：",
        ),
        *[("item", f"（{numbered(i)}）{item}") for i, item in enumerate(items)],
        (
            "body",
            f"请你单位于{day(due)}前（自本通知书送达之日起{CORRECTION_WORKING_DAYS}个工作日内）通过网上申报平台"
            "一次性补正上述全部内容。补正期间不计入办理时限；本机关收到全部补正材料后，依法作出是否受理的决定。",
        ),
        (
            "body",
            "无正当理由逾期未补正的，视为你单位放弃本次申请，本机关将终止办理；补正后仍不符合要求的，"
            "本机关将依法作出不予受理的决定。",
        ),
        ("body", "特此通知。"),
    ]


def refusal_to_accept(application: Application, task: HumanTask, basis: str, rights: str) -> list[tuple[str, str]]:
    reasons = str(task.data.get("reasons") or "").strip() or "—"
    return [
        ("body", f"{applied_for(application)}，经审查，不符合受理条件，本机关决定不予受理。"),
        ("body", f"一、不予受理的理由：{reasons}"),
        ("body", f"二、不予受理的依据：{basis}；{BY_ANALOGY}第一款。"),
        ("body", f"三、{rights}"),
        ("body", "特此通知。"),
    ]


def rights(body: str, court: str, what: str = "本决定", paper: str = "本决定书") -> str:
    return (
        f"你单位如对{what}不服，可以自收到{paper}之日起六十日内依照{RECONSIDERATION_LAW}第二十条的规定"
        f"向{body}申请行政复议，也可以自收到{paper}之日起六个月内依照{LITIGATION_LAW}第四十六条的规定"
        f"向{court}提起行政诉讼。"
    )


def decision(letter, kind: str, requested: Decimal | None, dissent: list[str], rights_text: str):
    program, point = letter.program, letter.program.rule_ref
    cited = "、".join(article.ref for article in letter.articles)
    measures = f"《{nested(MEASURES_TITLE)}》（以下简称《办法》）{cited}" if cited else ""
    lines = [
        (
            "body",
            f"你单位依据《{RULES_TITLE}》（以下简称《细则》）提出的{point}“{program.title_zh}”申请"
            f"（办件编号：{letter.number}），本机关已依法审查完毕。现决定如下：",
        ),
    ]
    amount = f"{letter.amount:,.2f}" if letter.amount is not None else "—"
    if kind == DocumentKind.APPROVAL:
        lines.append(("body", f"一、准予财政资金补助，核定补助金额人民币{amount}元。"))
    elif kind == DocumentKind.PARTIAL_APPROVAL:
        lines.append(
            (
                "body",
                f"一、部分准予财政资金补助：你单位申请补助资金人民币{requested:,.2f}元，核定补助金额人民币{amount}元，"
                f"核减人民币{requested - letter.amount:,.2f}元。",
            )
        )
    else:
        lines.append(("body", "一、不予批准你单位的补助申请。"))
    label = "不予批准的理由" if kind == DocumentKind.REFUSAL else "决定理由"
    lines.append(("body", f"二、{label}：{letter.reasons or '—'}"))
    if dissent:
        lines.append(("body", "协助审查部门意见如下："))
        lines += [("item", text) for text in dissent]
    lines.append(("body", f"三、本决定依据《细则》{point}{'和' + measures if measures else ''}作出。相关条文如下："))
    lines.append(("quote", f"《细则》{point}：{program.rule_text}"))
    for article in letter.articles:
        for i, paragraph in enumerate(article.text.splitlines()):
            lines.append(("quote", f"《办法》{article.ref}：{paragraph}" if i == 0 else paragraph))
    lines.append(("body", f"四、{rights_text}"))
    return lines


def nested(title: str) -> str:
    """A title quoted inside 《》 turns its own 《》 into 〈〉."""
    return title.replace("《", "〈").replace("》", "〉")


def step_basis(application: Application, step_name: str) -> str:
    version = instances.version_of(application.instance.definition)
    step = version.steps.get(step_name)
    basis = ((step.legal_basis if step else "") or "").rstrip("。；; ").split("；")[0] or "《办法》第六条"
    # A notice stands alone: the short titles the model uses are written out.
    return basis.replace("《办法》", f"《{nested(MEASURES_TITLE)}》").replace("《细则》", f"《{RULES_TITLE}》")
