"""Words and formats the templates share: statuses, decisions, titles, times, amounts."""

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from flask import current_app, g
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.departments import by_code
from workflows.catalogue.model import Article, Point
from workflows.programs import get_program

STATUS_LABELS = {
    "draft": _l("Draft"),
    "discarded": _l("Draft deleted"),
    "submitted": _l("Submitted"),
    "awaiting_acceptance": _l("Awaiting acceptance"),
    "correction_requested": _l("Correction requested"),
    "under_review": _l("Under joint review"),
    "awaiting_decision": _l("Awaiting decision"),
    "awaiting_disbursement": _l("Approved, awaiting disbursement"),
    "disbursed": _l("Disbursed"),
    "partly_paid": _l("Partly paid"),
    "recovered": _l("Funds recovered"),
    "rejected": _l("Rejected"),
    "not_accepted": _l("Not accepted"),
    "withdrawn": _l("Withdrawn"),
    "awaiting_cosign": _l("Awaiting co-signature"),
    "approved": _l("Approved"),
    "completed": _l("Completed"),
    "awaiting_filing": _l("Awaiting filing"),
    "filed": _l("Filed"),
    "in_progress": _l("In progress"),
    "open": _l("Open"),
    "cancelled": _l("Cancelled"),
    # A process instance's own statuses (the administrators' instance pages); an application
    # an administrator ended is "terminated" too.
    "running": _l("Running"),
    "error": _l("Error"),
    "suspended": _l("Suspended"),
    "terminated": _l("Terminated"),
}

DECISION_LABELS = {
    "approve": _l("Approved"),
    "return": _l("Returned for correction"),
    "reject": _l("Rejected"),
    "submit": _l("Submitted"),
    "record": _l("Recorded (filing)"),
}


KIND_LABELS = {
    "government": _l("Government department"),
    "financial regulator": _l("Financial regulator"),
    "enterprise": _l("Enterprise"),
    "group": _l("Group of bodies"),
}

LEVEL_LABELS = {
    "region": _l("Autonomous region"),
    "prefecture": _l("Prefecture or city"),
    "county": _l("County"),
}


def _english() -> bool:
    return str(get_locale()).startswith("en")


def _said(key, words) -> str:
    """Words in the reader's language, translated once per request: a list asks for the same few
    labels on every row, and each translation of a lazy string costs ~8 µs of context lookups."""
    said = g.setdefault("labels_said", {})
    key = (str(get_locale()), *key)  # a notification is written in both languages in one request
    if key not in said:
        said[key] = str(words() if callable(words) else words)
    return said[key]


def status_label(status: str) -> str:
    return _said(("status", status), STATUS_LABELS.get(status, status))


def decision_text(decision: str | None) -> str:
    return str(DECISION_LABELS.get(decision, decision or ""))


def task_title(task) -> str:
    return task.title_en if _english() and task.title_en else task.title


def department_name(department) -> str:
    return department.name(str(get_locale())) if department else ""


def program_title(code: str) -> str:
    program = get_program(code)
    return program.title(str(get_locale())) if program else code


def list_separator() -> str:
    return ", " if _english() else "、"


def department_label(code: str) -> str:
    """A department of the rules' registry by its code, under its name today, in the reader's language
    (the rules' own words, quoted elsewhere, keep the names of 2011)."""
    try:
        entry = by_code(code)
    except KeyError:
        return code
    return entry.today_en if _english() else entry.today_zh


def department_kind(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def department_level(level: str) -> str:
    return str(LEVEL_LABELS.get(level, level))


def measures_articles(numbers) -> list[Article]:
    """The 2022 Measures' articles with these numbers, in the order given."""
    by_number = {article.number: article for article in load_catalogue().articles}
    return [by_number[n] for n in numbers if n in by_number]


def program_rates(program) -> str:
    """The money figures its sub-point states (「每生每年300元」, with any time limit beside them)."""
    if program.item is None:
        return ""
    point = next((p for p in load_catalogue().item(program.item).points if p.number == program.point), None)
    amounts = point.amounts if point else ()
    if not any(a.unit.startswith("yuan") for a in amounts):
        return ""  # a time limit alone (「不超过3年」) is not a cap on the money
    return "，".join(a.text for a in amounts)


def article_ref(article: Article) -> str:
    """第三十二条 always (it is how the law is cited); English readers also get the number."""
    return f"{article.ref} (Art. {article.number})" if _english() else article.ref


def highlight_amounts(point: Point) -> Markup:
    """The sub-point's text with each amount, rate or limit it states wrapped in <mark class="amount">."""
    pieces = sorted({a.text for a in point.amounts if a.text}, key=len, reverse=True)
    if not pieces:
        return escape(point.text)
    out, text = [], point.text
    while text:
        hits = [(text.find(p), p) for p in pieces if p in text]
        if not hits:
            out.append(escape(text))
            break
        at, piece = min(hits, key=lambda hit: (hit[0], -len(hit[1])))
        out.append(escape(text[:at]))
        out.append(Markup('<mark class="amount">%s</mark>') % piece)
        text = text[at + len(piece) :]
    return Markup("").join(out)


def highlight_keyword(text: str, keyword: str) -> Markup:
    """The text with every occurrence of the search words (any case) wrapped in <mark>."""
    if not keyword:
        return escape(text)
    out, folded, start = [], text.lower(), 0
    needle = keyword.lower()
    while (at := folded.find(needle, start)) >= 0:
        out += [escape(text[start:at]), Markup("<mark>%s</mark>") % text[at : at + len(needle)]]
        start = at + len(needle)
    out.append(escape(text[start:]))
    return Markup("").join(out)


def excerpt(text: str, keyword: str, around: int = 60) -> str:
    """The words around the first occurrence of the keyword, with … where text was left out."""
    at = text.lower().find(keyword.lower()) if keyword else -1
    if at < 0 or len(text) <= 2 * around + len(keyword):
        return text
    start, end = max(0, at - around), min(len(text), at + len(keyword) + around)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def local_time(moment: datetime | None) -> str:
    """Stored times are UTC; people read Beijing time (BABEL_DEFAULT_TIMEZONE)."""
    return _numeric(moment, "%Y-%m-%d %H:%M") if moment else ""


def local_date(moment: datetime | None) -> str:
    return _numeric(moment, "%Y-%m-%d") if moment else ""


def _numeric(moment: datetime, pattern: str) -> str:
    """Digits read the same in every language, so no locale is needed: strftime takes ~2 µs where
    Babel's format_datetime took ~20, and an inbox page formats two per row."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])  # ZoneInfo keeps the zones it has read
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).strftime(pattern)


def amount(value) -> str:
    """300000 -> 300,000.00; anything that is not a number is shown as it is."""
    try:
        return format_decimal(Decimal(str(value)), format="#,##0.00")
    except (InvalidOperation, ValueError):
        return str(value)


def time_left(task) -> str:
    """「剩余 3 个工作日」, 「今日到期」 or 「逾期 2 个工作日」, marked when the deadline is an estimate."""
    if task.due_at is None:
        return ""
    from webapp.department_work.services.calendar import working_days_left

    days = working_days_left(task.due_at)
    return _said(("time_left", days, task.due_is_estimate), lambda: _days_left_words(days, task.due_is_estimate))


def _days_left_words(days: int, estimate: bool) -> str:
    if days > 0:
        text = _l("%(days)s working days left", days=days)
    elif days == 0:
        text = _l("due today")
    else:
        text = _l("overdue by %(days)s working days", days=-days)
    aside = _l(" (estimate: that year's holidays are not entered yet)") if estimate else ""
    return f"{text}{aside}"


def register(app) -> None:
    app.jinja_env.globals.update(
        status_label=status_label,
        decision_text=decision_text,
        task_title=task_title,
        department_name=department_name,
        program_title=program_title,
        time_left=time_left,
        department_label=department_label,
        list_separator=list_separator,
        department_kind=department_kind,
        department_level=department_level,
        measures_articles=measures_articles,
        article_ref=article_ref,
        program_rates=program_rates,
        highlight_amounts=highlight_amounts,
        highlight_keyword=highlight_keyword,
        excerpt=excerpt,
        get_locale=get_locale,
    )
    app.jinja_env.filters.update(local_time=local_time, local_date=local_date, amount=amount)
