"""The demo's money: this year's special-fund line and an open call for every program, entered
through the same services finance and each lead department use, so a first look finds calls open."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from webapp.common.errors import PermissionDenied
from webapp.extensions import db
from webapp.models import FundingCall, FundLine, User
from webapp.money.services import calls, funds
from workflows.programs import all_programs

CALL_BUDGET = 10_000_000
# Where a sub-point names no figure, the call sets one (the demo's guess at a sensible award).
CALL_CEILING = 1_000_000


def seed_demo_money(is_production: bool, year: int, notice_days: int = 5) -> list[FundingCall]:
    """One fund line for `year` and a call per program open all that year; nothing twice."""
    if is_production:
        raise PermissionDenied("Demo money is never created in production.")
    finance = _user("czt")
    line = db.session.scalar(select(FundLine).where(FundLine.year == year, FundLine.name == fund_name(year)))
    if line is None:
        budget = 2 * CALL_BUDGET * len(all_programs())  # every program's call, and as much again in reserve
        line = funds.create_fund_line(finance, year, fund_name(year), budget, list(all_programs()))
    opened = []
    for program in all_programs().values():
        if db.session.scalar(
            select(FundingCall.id).where(FundingCall.fund_line_id == line.id, FundingCall.program_code == program.code)
        ):
            continue
        form = calls.CallForm(
            program_code=program.code,
            fund_line_id=line.id,
            title=f"{year}年度{program.title_zh}申报",
            opens_on=date(year, 1, 1),
            closes_on=date(year, 12, 31),
            budget=CALL_BUDGET,
            ceiling=None if program.cap_yuan else CALL_CEILING,
            notice_days=notice_days,
            guide=_guide(program),
        )
        opened.append(calls.open_call(_user(program.lead.lower()), form))
    return opened


def fund_name(year: int) -> str:
    return f"{year}年自治区中小企业发展专项资金"


def _guide(program) -> dict[str, str]:
    return {
        "eligibility": "在新疆依法登记、符合《中小企业划型标准规定》的中小企业。",
        "conditions": f"符合《细则》{program.rule_ref}的条件：{program.rule_text[:120]}",
        "documents": "营业执照、上一年度财务报表、项目申报书及子项规定的证明材料。",
        "time_limit": "自受理之日起20个工作日内办结（补正和专家评审时间不计入）。",
        "contact": "自治区经信委中小企业处 0991-0000000",
    }


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))
