"""The few expressions that differ between PostgreSQL and SQLite: Beijing dates and months, lists."""

from __future__ import annotations

from sqlalchemy import Date, Numeric, String, case, cast, func, literal_column
from sqlalchemy.dialects.postgresql import aggregate_order_by

from webapp.extensions import db
from webapp.models import HumanTask

BEIJING_OFFSET_HOURS = 8  # China keeps no daylight saving time


def is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def beijing_day(stamp):
    """The Beijing calendar day of a naive UTC stamp."""
    if is_postgresql():
        return cast(stamp + literal_column(f"interval '{BEIJING_OFFSET_HOURS} hours'"), Date)
    return func.date(stamp, f"+{BEIJING_OFFSET_HOURS} hours")


def beijing_month(stamp):
    """'2026-03': the Beijing month of a naive UTC stamp."""
    if is_postgresql():
        return func.to_char(stamp + literal_column(f"interval '{BEIJING_OFFSET_HOURS} hours'"), "YYYY-MM")
    return func.strftime("%Y-%m", stamp, f"+{BEIJING_OFFSET_HOURS} hours")


def task_amount(field: str):
    """An amount a step's form recorded (approved_amount, disbursed_amount), as a number."""
    return cast(HumanTask.data[field].as_string(), Numeric(16, 2))


def id_list(ids):
    """ ",3,7,": the ids of a group as one string, in order, commas around each (so `,7,` finds 7)."""
    text = cast(ids, String)
    if is_postgresql():
        joined = func.string_agg(text, aggregate_order_by(literal_column("','"), ids))
    else:
        joined = func.group_concat(text, ",")  # in the order rows arrive: the caller sorts them
    return func.coalesce("," + joined + ",", ",")


def flag(condition):
    """1 where the condition holds, else 0: a count by SUM."""
    return case((condition, 1), else_=0)
