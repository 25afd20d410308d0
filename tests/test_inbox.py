"""The department inbox people live in: filters with counts, sorting, paging, reassignment, the head's view.

The week is frozen at Wednesday 22 October 2025, 10:00 in Beijing. 经信委 has four open tasks:

| task | case | step | received | due | claimed by |
|---|---|---|---|---|---|
| today | 天山 (十八)1 | accept | today | in 5 working days | jxw |
| soon | 昆仑 (十八)1 | accept | Monday (2 working days ago) | Thursday (1 working day) | — |
| late | 天山 (十四)2 | accept | 10 October (over 5 working days) | yesterday (overdue) | jxw2 |
| decide | 天山 (十八)1, reviewed | decide | 15 October (exactly 5 working days) | Friday (2 working days) | — |
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import event, func, insert, select

from tests.support.actors import DEMO_PASSWORD
from tests.support.factories import create_staff
from webapp.department_work.services import kept_counts
from webapp.extensions import db
from webapp.models import Application, AuditEntry, HumanTask, User

NOW = datetime(2025, 10, 22, 2, 0, tzinfo=UTC)  # Wednesday, 10:00 in Beijing


def utc(*args) -> datetime:
    return datetime(*args)  # naive UTC, as stored


def end_of_beijing_day(year, month, day) -> datetime:
    return utc(year, month, day, 15, 59, 59)


BASE_14_2 = {
    "base_name": "乌鲁木齐小企业创业基地",
    "graduated_enterprises": "6",
    "amount_requested": "300000",
    "description": "上一年度孵化毕业6家企业",
}


@pytest.fixture
def frozen(monkeypatch):
    """Our deadlines and the engine's timers read the same moment: else the acceptance step's
    5-working-day timer, armed in 2025, would fire at once against today's real clock."""

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return NOW.astimezone(tz) if tz else NOW.replace(tzinfo=None)

    monkeypatch.setattr("SpiffWorkflow.bpmn.specs.event_definitions.timer.datetime", FrozenDatetime)
    monkeypatch.setattr("workflows.clock.now", lambda: NOW)


@pytest.fixture
def week(app, api, frozen):
    """The four tasks of the table above; returns {name: task id} and the people's ids."""
    create_staff(app, "jxw2", "JXW")
    today_case = api.apply("tianshan")
    soon_case = api.apply("kunlun")
    created = api.post("chuangye", "/applications", {"program": "sme-14-2", "data": BASE_14_2})
    late_case = created.get_json()["id"]
    assert api.submit("chuangye", late_case, "sme-14-2").status_code == 200
    decide_case = api.apply("tianshan", project_name="评审完毕的项目")
    complete(api, "jxw", decide_case, "accept", decision="approve")
    complete(api, "kjt", decide_case, "tech_review", decision="approve", opinion="可行")
    complete(api, "czt", decide_case, "budget_review", decision="approve", opinion="可安排")

    with app.app_context():
        people = {u.username: u.id for u in db.session.scalars(select(User))}
        cases = {"today": today_case, "soon": soon_case, "late": late_case, "decide": decide_case}
        ids = {}
        for name, application_id in cases.items():
            task = db.session.scalar(
                select(HumanTask).where(HumanTask.application_id == application_id, HumanTask.state == "open")
            )
            ids[name] = task.id
        shape = {
            "today": (utc(2025, 10, 22, 1, 0), end_of_beijing_day(2025, 10, 29), "jxw"),
            "soon": (utc(2025, 10, 20, 1, 0), end_of_beijing_day(2025, 10, 23), None),
            "late": (utc(2025, 10, 10, 1, 0), end_of_beijing_day(2025, 10, 21), "jxw2"),
            "decide": (utc(2025, 10, 15, 1, 0), end_of_beijing_day(2025, 10, 24), None),
        }
        for name, (received, due, holder) in shape.items():
            task = db.session.get(HumanTask, ids[name])
            task.created_at, task.due_at = received, due
            task.claimed_by_id = people[holder] if holder else None
        db.session.commit()
        numbers = dict(db.session.execute(select(Application.id, Application.number)).all())
    return {"tasks": ids, "people": people, "cases": cases, "numbers": {n: numbers[a] for n, a in cases.items()}}


def complete(api, username, application_id, step, **data):
    tasks = api.get(username, f"/tasks?application_id={application_id}").get_json()["tasks"]
    task = next(t for t in tasks if t["step"] == step)
    response = api.post(username, f"/tasks/{task['id']}/complete", {"data": data})
    assert response.status_code == 200, response.get_json()


def log_in(client, username):
    client.post("/logout")
    assert client.post("/login", data={"username": username, "password": DEMO_PASSWORD}).status_code == 302


class InboxPage(HTMLParser):
    """What a test reads off /tasks: rows in order, each select's options with their counts, the chips."""

    def __init__(self, html: str):
        super().__init__()
        self.html = html
        self.rows: list[int] = []
        self.options: dict[str, dict[str, int]] = {}
        self.selected: dict[str, str] = {}
        self.chips: dict[str, int] = {}
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-task-id" in a:
            self.rows.append(int(a["data-task-id"]))
        elif tag == "select":
            self._select = a["id"]
            self.options[self._select] = {}
        elif tag == "option" and self._select and "data-count" in a:
            self.options[self._select][a["value"]] = int(a["data-count"])
            if "selected" in a:
                self.selected[self._select] = a["value"]
        elif tag == "a" and a.get("id", "").startswith("quick-"):
            self.chips[a["id"][6:]] = int(a["data-count"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    @property
    def total(self) -> int:
        return int(re.search(r'id="inbox-total" data-total="(\d+)"', self.html).group(1))


def inbox(client, query: str = "", status: int = 200) -> InboxPage:
    response = client.get(f"/tasks{query}")
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return InboxPage(response.get_data(as_text=True))


# -- filters and counts ------------------------------------------------------------------------


def test_every_option_shows_how_many_tasks_it_would_leave(client, week):
    log_in(client, "jxw")
    page = inbox(client)
    jxw2, head = str(week["people"]["jxw2"]), str(week["people"]["jxw_head"])

    assert page.total == 4
    assert page.chips == {"all": 4, "unclaimed": 2, "mine": 1, "overdue": 1, "soon": 2}
    assert page.options["holder"] == {"": 4, "unclaimed": 2, "me": 1, jxw2: 1, head: 0}  # every colleague
    assert page.options["due"] == {"": 4, "overdue": 1, "soon": 2}
    assert page.options["received"] == {"": 4, "today": 1, "recent": 2, "older": 1}
    assert page.options["program"] == {"": 4, "sme-18-1": 3, "sme-14-2": 1}
    assert page.options["step"] == {"": 4, "accept": 3, "decide": 1}
    assert page.options["status"] == {"": 4, "awaiting_acceptance": 3, "awaiting_decision": 1}

    # With one filter chosen, the others count within it; its own options still count without it.
    soon = inbox(client, "?due=soon")
    assert soon.total == 2
    assert sorted(soon.rows) == sorted([week["tasks"]["soon"], week["tasks"]["decide"]])
    assert soon.options["due"] == {"": 4, "overdue": 1, "soon": 2}
    assert soon.options["holder"] == {"": 2, "unclaimed": 2, "me": 0, jxw2: 0, head: 0}
    assert soon.options["step"] == {"": 2, "accept": 1, "decide": 1}
    assert soon.chips["unclaimed"] == 2 and soon.chips["mine"] == 0
    assert soon.selected["due"] == "soon"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?program=sme-14-2", ["late"]),
        ("?step=decide", ["decide"]),
        ("?status=awaiting_acceptance", ["today", "soon", "late"]),
        ("?holder=unclaimed", ["soon", "decide"]),
        ("?holder=me", ["today"]),
        ("?due=overdue", ["late"]),
        ("?received=today", ["today"]),
        ("?received=recent", ["soon", "decide"]),
        ("?received=older", ["late"]),
        ("?enterprise=昆仑", ["soon"]),
        ("?enterprise=天山&step=accept&holder=unclaimed", []),
        ("?program=sme-18-1&due=soon&holder=unclaimed", ["soon", "decide"]),
    ],
)
def test_filters_narrow_the_list(client, week, query, expected):
    log_in(client, "jxw")
    page = inbox(client, query)
    assert sorted(page.rows) == sorted(week["tasks"][name] for name in expected)
    assert page.total == len(expected)


def test_a_colleague_s_claims_and_application_numbers_are_found(client, week):
    log_in(client, "jxw")
    page = inbox(client, f"?holder={week['people']['jxw2']}")
    assert page.rows == [week["tasks"]["late"]]
    number = week["numbers"]["decide"]
    found = inbox(client, f"?number={number[-6:].lower()}")  # any part, any case
    assert found.rows == [week["tasks"]["decide"]]
    assert inbox(client, "?number=xjzx").total == 4
    assert inbox(client, "?enterprise=%25").total == 0  # a % is a character, not a wildcard


@pytest.mark.parametrize(
    ("query", "order"),
    [
        ("", ["late", "decide", "soon", "today"]),  # oldest first by default
        ("?sort=received&order=desc", ["today", "soon", "decide", "late"]),
        ("?sort=due", ["late", "soon", "decide", "today"]),
        ("?sort=due&order=desc", ["today", "decide", "soon", "late"]),
        ("?sort=number", ["today", "soon", "late", "decide"]),  # numbers follow submission
        ("?sort=number&order=desc", ["decide", "late", "soon", "today"]),
    ],
)
def test_sorting(client, week, query, order):
    log_in(client, "jxw")
    assert inbox(client, query).rows == [week["tasks"][name] for name in order]


def test_sort_headers_toggle_the_order_and_keep_the_filters(client, week):
    log_in(client, "jxw")
    html = client.get("/tasks?due=soon&sort=due").get_data(as_text=True)
    link = re.search(r'<a class="sort current" data-sort="due" href="([^"]+)"', html).group(1)
    assert "order=desc" in link and "due=soon" in link


def task_row_like(task: HumanTask, n: int, received_at, **changes) -> dict:
    """The columns of one more open task of the same case, step and department (for a bulk insert)."""
    return {
        "instance_id": task.instance_id,
        "application_id": task.application_id,
        "application_number": task.application_number,
        "spiff_task_id": f"00000000-0000-0000-0000-{n:012d}",
        "step": task.step,
        "title": task.title,
        "title_en": task.title_en,
        "lane": task.lane,
        "department_id": task.department_id,
        "for_applicant": False,
        "state": "open",
        "created_at": received_at,
        "due_is_estimate": False,
        "revision": 1,
        **changes,
    }


def add_open_tasks(app, like_task_id: int, count: int) -> list[int]:
    """More open tasks of the same case and department, received a minute apart (oldest first)."""
    with app.app_context():
        task = db.session.get(HumanTask, like_task_id)
        start = utc(2025, 9, 1, 1, 0)
        rows = [task_row_like(task, n, start + timedelta(minutes=n)) for n in range(count)]
        db.session.execute(insert(HumanTask), rows)
        db.session.commit()
        kept_counts.recount()  # rows written around the ORM, as a bulk import would
        return list(
            db.session.scalars(select(HumanTask.id).where(HumanTask.created_at < utc(2025, 10, 1)).order_by("id"))
        )


def test_paging_shows_the_total_and_the_page_asked_for(app, client, week):
    extra = add_open_tasks(app, week["tasks"]["soon"], 56)  # 60 in all
    log_in(client, "jxw")
    first = inbox(client)
    assert first.total == 60 and first.rows == extra[:25]
    assert "1–25" in first.html and 'id="inbox-pager"' in first.html

    third = inbox(client, "?page=3")
    week_order = [week["tasks"][name] for name in ("late", "decide", "soon", "today")]
    assert third.rows == [*extra[50:], *week_order]
    assert "51–60" in third.html

    assert len(inbox(client, "?per_page=50").rows) == 50
    assert len(inbox(client, "?per_page=100").rows) == 60
    past = inbox(client, "?page=9")  # past the end: the last page, and a word about it
    assert past.rows == third.rows
    assert 'rel="prev"' in past.html and 'rel="next"' not in past.html


def add_tasks_with_deadlines(app, like_task_id: int, count: int) -> None:
    """Open tasks received a day apart up to this week, due 7 days after receipt, one in five with no
    deadline: the later received, the later due, as in a real inbox."""
    with app.app_context():
        task = db.session.get(HumanTask, like_task_id)
        rows = []
        for n in range(count):
            received = utc(2025, 10, 21, 1, 0) - timedelta(days=n)
            due = None if n % 5 == 0 else received + timedelta(days=7)
            rows.append(task_row_like(task, n, received, due_at=due))
        db.session.execute(insert(HumanTask), rows)
        db.session.commit()
        kept_counts.recount()


def test_the_pages_of_every_order_list_every_task_once_in_that_order(app, client, week):
    """The back half of the pages is read from the end, and a short span of dates in another order is
    cut from the tasks in it: page after page, the rows are the whole list's, in its order."""
    add_tasks_with_deadlines(app, week["tasks"]["soon"], 90)
    log_in(client, "jxw")
    with app.app_context():
        tasks = {t.id: t for t in db.session.scalars(select(HumanTask).where(HumanTask.state == "open"))}
    for query in ("", "due=soon", "due=overdue", "received=recent", "holder=unclaimed"):
        for sort in ("received", "due", "number"):
            for order in ("asc", "desc"):
                asked = "&".join(filter(None, [query, f"sort={sort}&order={order}"]))
                whole = inbox(client, f"?{asked}&per_page=100")
                assert whole.total == len(whole.rows) < 100, asked
                pages = [inbox(client, f"?{asked}&page={n}").rows for n in range(1, (whole.total + 24) // 25 + 1)]
                assert [row for page in pages for row in page] == whole.rows, asked
                assert_in_order([tasks[row] for row in whole.rows], sort, order == "desc")


def assert_in_order(tasks: list[HumanTask], sort: str, descending: bool) -> None:
    if sort == "due":  # no deadline: the least pressing, so last when the soonest come first
        due = [task.due_at for task in tasks]
        dated = [d for d in due if d is not None]
        assert dated == sorted(dated, reverse=descending)
        empties = [n for n, d in enumerate(due) if d is None]
        at_the_end = list(range(len(due) - len(empties), len(due)))
        assert empties == (list(range(len(empties))) if descending else at_the_end)
    else:
        keys = [task.created_at if sort == "received" else task.application_number for task in tasks]
        assert keys == sorted(keys, reverse=descending)


def test_the_page_costs_the_same_queries_for_four_tasks_or_sixty(app, client, week):
    log_in(client, "jxw")

    def statements(query):
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            inbox(client, query)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return seen

    few = statements("?per_page=100")
    add_open_tasks(app, week["tasks"]["soon"], 56)
    many = statements("?per_page=100")
    assert len(many) == len(few)
    assert len(many) <= 11, many  # the counts are kept: their reference moments, then one statement


# -- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("?per_page=7", ["per_page"]),
        ("?page=0", ["page"]),
        ("?page=abc&per_page=x", ["page", "per_page"]),
        ("?due=tomorrow&received=yesterday", ["due", "received"]),
        ("?sort=evil&order=sideways", ["sort", "order"]),
        ("?program=nope", ["program"]),
        ("?step=%3Cscript%3E", ["step"]),
        ("?status=DROP%20TABLE", ["status"]),
        ("?holder=somebody", ["holder"]),
        ("?holder=999999", ["holder"]),
        ("?number=" + "9" * 40, ["number"]),
        ("?page=99999999999999999999", ["page"]),
    ],
)
def test_a_bad_value_is_left_out_and_said_so(client, week, query, refused):
    log_in(client, "jxw")
    page = inbox(client, query, status=400)
    problems = re.findall(r'<li data-field="(\w+)">', page.html)
    assert sorted(problems) == sorted(refused)
    assert page.total == 4  # the rest of the page works: every task, no filter


def test_a_colleague_of_another_department_is_no_filter(client, week):
    log_in(client, "jxw")
    page = inbox(client, f"?holder={week['people']['kjt']}&due=overdue", status=400)
    assert re.findall(r'<li data-field="(\w+)">', page.html) == ["holder"]
    assert page.rows == [week["tasks"]["late"]]  # the other filter still applies


def test_an_applicant_still_sees_their_own_to_do_list(client, week, api):
    complete(api, "jxw", week["cases"]["soon"], "accept", decision="return", correction_items="补鉴定证书")
    log_in(client, "kunlun")
    html = client.get("/tasks").get_data(as_text=True)
    assert "inbox-filters" not in html
    assert re.search(r'data-task-id="\d+"', html)


# -- reassignment ----------------------------------------------------------------------------------


def reassign(client, task_id, colleague_id, reason="出差，请代为办理"):
    data = {"reassign-colleague": colleague_id, "reassign-reason": reason}
    return client.post(f"/tasks/{task_id}/reassign", data=data)


def holder_of(app, task_id):
    with app.app_context():
        return db.session.get(HumanTask, task_id).claimed_by.username


def audit_trail(app, task_id):
    with app.app_context():
        query = select(AuditEntry).where(AuditEntry.subject_id == task_id, AuditEntry.action == "task.reassigned")
        return [(e.actor.username, e.data) for e in db.session.scalars(query.order_by(AuditEntry.id))]


def test_the_head_gives_any_open_task_to_a_colleague_with_a_reason(app, client, week):
    log_in(client, "jxw_head")
    late, soon = week["tasks"]["late"], week["tasks"]["soon"]
    assert reassign(client, late, week["people"]["jxw"], "王审核熟悉此类基地项目").status_code == 302
    assert reassign(client, soon, week["people"]["jxw2"]).status_code == 302
    assert holder_of(app, late) == "jxw" and holder_of(app, soon) == "jxw2"
    assert audit_trail(app, late) == [
        ("jxw_head", {"step": "accept", "from": "jxw2", "to": "jxw", "reason": "王审核熟悉此类基地项目"})
    ]
    assert audit_trail(app, soon)[0][1]["from"] is None

    log_in(client, "jxw")  # the colleague reads who gave it and why
    page = client.get(f"/tasks/{late}").get_data(as_text=True)
    assert 'id="reassigned"' in page and "王审核熟悉此类基地项目" in page
    assert reassign(client, late, week["people"]["jxw2"], "<b>交回</b>").status_code == 302  # the claimant hands back
    log_in(client, "jxw2")
    assert "&lt;b&gt;交回&lt;/b&gt;" in client.get(f"/tasks/{late}").get_data(as_text=True)


def test_staff_hand_their_own_claimed_task_to_a_colleague(app, client, week):
    log_in(client, "jxw")
    today = week["tasks"]["today"]
    assert 'id="reassign-form"' in client.get(f"/tasks/{today}").get_data(as_text=True)
    assert reassign(client, today, week["people"]["jxw2"]).status_code == 302
    assert holder_of(app, today) == "jxw2"
    assert audit_trail(app, today)[0][0] == "jxw"


def test_reassignment_is_refused_with_a_reason_and_changes_nothing(app, client, week):
    tasks, people = week["tasks"], week["people"]
    log_in(client, "jxw")
    client.get("/lang/en")
    before = [audit_trail(app, t) for t in tasks.values()]
    # A plain colleague may not hand out unclaimed work, nor work a colleague claimed.
    assert 'id="reassign-form"' not in client.get(f"/tasks/{tasks['soon']}").get_data(as_text=True)
    unclaimed = reassign(client, tasks["soon"], people["jxw2"])
    assert unclaimed.status_code == 403
    assert "Only the department head, or the colleague who claimed it" in unclaimed.get_data(as_text=True)
    assert reassign(client, tasks["late"], people["jxw"]).status_code == 403

    log_in(client, "jxw_head")
    client.get("/lang/en")
    # Only to a colleague of the same department: not 科技厅, not an applicant.
    elsewhere = reassign(client, tasks["soon"], people["kjt"])
    assert elsewhere.status_code == 403
    assert "colleague in its own department" in elsewhere.get_data(as_text=True)
    assert reassign(client, tasks["soon"], people["tianshan"]).status_code == 403
    assert reassign(client, tasks["soon"], 999999).status_code == 403
    # A reason is required; the page comes back with the message and what was chosen.
    blank = reassign(client, tasks["soon"], people["jxw2"], reason="   ")
    assert blank.status_code == 422
    assert 'class="error"' in blank.get_data(as_text=True)
    # Giving it to the one who holds it already is a conflict.
    assert reassign(client, tasks["late"], people["jxw2"]).status_code == 409

    log_in(client, "kjt_head")  # another department's head
    assert reassign(client, tasks["soon"], people["kjt"]).status_code == 403

    assert [audit_trail(app, t) for t in tasks.values()] == before
    assert holder_of(app, tasks["late"]) == "jxw2"
    with app.app_context():
        assert db.session.get(HumanTask, tasks["soon"]).claimed_by_id is None


# -- the head's view -------------------------------------------------------------------------------


class Workload(HTMLParser):
    """{row holder key: {column kind: (count, link)}} from /tasks/department."""

    def __init__(self, html):
        super().__init__()
        self.rows: dict[str, dict[str, tuple[int, str]]] = {}
        self._row = self._cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and "data-holder" in a:
            self._row = self.rows.setdefault(a["data-holder"], {})
        elif tag == "td" and "data-kind" in a:
            self._cell = (a["data-kind"], int(a["data-count"]))
        elif tag == "a" and self._cell and self._row is not None:
            self._row[self._cell[0]] = (self._cell[1], a["href"].replace("&amp;", "&"))
            self._cell = None


def test_the_head_sees_open_work_by_person_and_by_age_and_each_number_opens_the_inbox(client, week):
    people = week["people"]
    log_in(client, "jxw_head")
    response = client.get("/tasks/department")
    assert response.status_code == 200
    view = Workload(response.get_data(as_text=True))

    def numbers(key):
        return {kind: count for kind, (count, _link) in view.rows[key].items()}

    assert numbers("unclaimed") == {"total": 2, "today": 0, "recent": 2, "older": 0, "overdue": 0}
    assert numbers(str(people["jxw"])) == {"total": 1, "today": 1, "recent": 0, "older": 0, "overdue": 0}
    assert numbers(str(people["jxw2"])) == {"total": 1, "today": 0, "recent": 0, "older": 1, "overdue": 1}
    assert numbers(str(people["jxw_head"])) == {"total": 0, "today": 0, "recent": 0, "older": 0, "overdue": 0}
    assert numbers("") == {"total": 4, "today": 1, "recent": 2, "older": 1, "overdue": 1}

    # Every number is the count of the inbox its link opens.
    for row in view.rows.values():
        for count, link in row.values():
            assert inbox(client, link[len("/tasks") :]).total == count, link


def test_only_a_head_opens_the_department_view(client, week):
    for username in ("jxw", "tianshan", "admin"):
        log_in(client, username)
        assert client.get("/tasks/department").status_code == 403, username
    log_in(client, "kjt_head")
    view = Workload(client.get("/tasks/department").get_data(as_text=True))
    assert view.rows[""]["total"][0] == 0  # 科技厅 has nothing open; 经信委's work is not shown


def test_a_head_counts_as_staff_everywhere(app, client, week):
    log_in(client, "jxw_head")
    assert client.get("/").headers["Location"].endswith("/tasks")
    assert 'id="nav-department"' in client.get("/tasks").get_data(as_text=True)
    assert client.post(f"/tasks/{week['tasks']['soon']}/claim").status_code == 302
    assert holder_of(app, week["tasks"]["soon"]) == "jxw_head"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.role == "head")) >= 1
