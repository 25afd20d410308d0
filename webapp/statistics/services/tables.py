"""The figures as tables: what the dashboard shows beside each chart, the API returns and the
downloads hold. A row carries its raw key, its label in the reader's language, its values and the
narrower filters that list the cases behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from webapp.labels import department_name, program_title
from webapp.statistics.services.figures import CaseFigures, Funnel
from webapp.statistics.services.monitoring import Monitoring
from webapp.statistics.services.timing import Timing
from workflows import sme_size

UNKNOWN = _l("Not given")

CASE_COLUMNS = (
    ("applications", _l("Applications submitted"), "count"),
    ("approved", _l("Approved"), "count"),
    ("refused", _l("Refused"), "count"),
    ("withdrawn", _l("Withdrawn"), "count"),
    ("approval_rate", _l("Approval rate"), "rate"),
    ("requested", _l("Amount requested (yuan)"), "amount"),
    ("approved_amount", _l("Amount approved (yuan)"), "amount"),
    ("paid", _l("Amount paid (yuan)"), "amount"),
)
TIMING_COLUMNS = (
    ("completed", _l("Steps completed"), "count"),
    ("median_days", _l("Median working days"), "days"),
    ("p90_days", _l("90th percentile, working days"), "days"),
    ("with_deadline", _l("Steps with a time limit"), "count"),
    ("overdue", _l("Overdue"), "count"),
    ("overdue_rate", _l("Overdue rate"), "rate"),
)
MONITORING_COLUMNS = (
    ("registered", _l("Registered enterprises"), "count"),
    ("applied", _l("Applied"), "count"),
    ("supported", _l("Supported"), "count"),
)
FUNNEL_STAGES = {
    "started": _l("Started (drafts included)"),
    "submitted": _l("Submitted"),
    "accepted": _l("Accepted"),
    "approved": _l("Approved"),
    "paid": _l("Paid"),
}


@dataclass
class Row:
    key: str
    label: str
    values: dict
    link: dict | None  # query arguments of the cases behind this row, None when there is no list


@dataclass
class Table:
    key: str
    title: str
    chart: str | None  # bar, line, ranked, funnel, or None for a table alone
    plotted: str  # the column the chart draws
    columns: list[tuple[str, str, str]]
    rows: list[Row] = field(default_factory=list)
    summary: dict = field(default_factory=dict)  # a figure over the whole table, e.g. an average

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "chart": self.chart,
            "plotted": self.plotted,
            "columns": [{"key": k, "label": str(label), "kind": kind} for k, label, kind in self.columns],
            "rows": [{"key": r.key, "label": r.label, "values": r.values, "cases": r.link} for r in self.rows],
            "summary": self.summary,
        }


_CENT = Decimal("0.01")


def _locale() -> str:
    return str(get_locale() or "zh")


def case_values(figures: CaseFigures) -> dict:
    return {
        "applications": figures.applications,
        "approved": figures.approved,
        "refused": figures.refused,
        "withdrawn": figures.withdrawn,
        "approval_rate": figures.approval_rate,
        "requested": str(figures.requested.quantize(_CENT)),
        "approved_amount": str(figures.approved_amount.quantize(_CENT)),
        "paid": str(figures.paid.quantize(_CENT)),
    }


def dimension_label(dimension: str, key: str) -> str:
    if not key:
        return str(UNKNOWN)
    if dimension == "program":
        return program_title(key)
    if dimension == "size":
        return sme_size.label(key, _locale()) or key
    if dimension == "industry":
        return sme_size.industry_name(key, _locale()) or key
    return key  # prefectures, counties and months are shown as they are named


def case_table(key: str, title, chart: str, dimension: str, groups: dict[str, CaseFigures]) -> Table:
    table = Table(key, str(title), chart, "applications", list(CASE_COLUMNS))
    ordered = sorted(groups.items(), key=_order(dimension))
    for value, figures in ordered:
        table.rows.append(
            Row(value, dimension_label(dimension, value), case_values(figures), {dimension: value} if value else None)
        )
    return table


def _order(dimension: str):
    if dimension == "month":
        return lambda item: item[0]
    return lambda item: (-item[1].applications, item[0])  # ranked: the most applications first


def funnel_table(funnel: Funnel) -> Table:
    table = Table(
        "funnel", str(_l("From draft to payment")), "funnel", "cases", [("cases", _l("Number of cases"), "count")]
    )
    for stage, count in funnel.stages():
        table.rows.append(Row(stage, str(FUNNEL_STAGES[stage]), {"cases": count}, {"outcome": stage}))
    return table


def timing_table(key: str, title, rows: dict[tuple, Timing], departments: dict, step_titles: dict) -> Table:
    table = Table(key, str(title), "bar", "median_days", list(TIMING_COLUMNS))
    for group, timing in rows.items():
        department = departments.get(group[0])
        name = department_name(department) if department else str(UNKNOWN)
        link = {"department": department.code} if department else None
        row_key = department.code if department else ""
        if len(group) > 1:
            name = f"{name} · {step_titles.get(group[1], group[1])}"
            link = {**(link or {}), "step": group[1]}
            row_key = f"{row_key}:{group[1]}"
        values = {
            "completed": timing.completed,
            "median_days": timing.median_days,
            "p90_days": timing.p90_days,
            "with_deadline": timing.with_deadline,
            "overdue": timing.overdue,
            "overdue_rate": timing.overdue_rate,
        }
        table.rows.append(Row(row_key, name, values, link))
    return table


def monitoring_table(key: str, title, dimension: str, groups: dict[str, Monitoring]) -> Table:
    table = Table(key, str(title), "bar", "registered", list(MONITORING_COLUMNS))
    for value, figures in sorted(groups.items(), key=lambda item: (-item[1].registered, item[0])):
        values = {"registered": figures.registered, "applied": figures.applied, "supported": figures.supported}
        table.rows.append(Row(value, dimension_label(dimension, value), values, {dimension: value} if value else None))
    return table
