"""An assisting department that lets its time limit pass is deemed to agree, counted in working days
across the 2025 National Day holiday and the make-up working Saturday that follows it."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from webapp.extensions import db
from webapp.models import ProcessInstance
from webapp.processes.services import timers

BASE = {
    "base_name": "乌鲁木齐小企业创业基地",
    "graduated_enterprises": "6",
    "amount_requested": "300000",
    "description": "上一年度孵化毕业6家企业",
}


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def naive(self) -> datetime:
        return self.moment.astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
def clock(monkeypatch):
    """Moves the time the engine's timers and our deadlines read; nothing else is faked."""
    frozen = Clock(datetime(2025, 9, 30, 2, 0, tzinfo=UTC))  # Tuesday 30 September, 10:00 in Beijing

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen.moment.astimezone(tz) if tz else frozen.naive()

    monkeypatch.setattr("SpiffWorkflow.bpmn.specs.event_definitions.timer.datetime", FrozenDatetime)
    monkeypatch.setattr("workflows.clock.now", lambda: frozen.moment)
    return frozen


def test_a_silent_assisting_department_is_deemed_to_agree_after_ten_working_days(api, app, clock):
    created = api.post("chuangye", "/applications", {"program": "sme-14-2", "data": BASE})
    application_id = created.get_json()["id"]
    api.submit("chuangye", application_id, "sme-14-2")
    assert api.complete("jxw", "accept", decision="approve").status_code == 200

    # 1–8 October are holidays, Saturday 11 October is worked: the 10th working day is Tuesday 21 October.
    with app.app_context():
        instance = db.session.scalar(select(ProcessInstance).order_by(ProcessInstance.id.desc()))
        assert instance.next_timer_due == datetime(2025, 10, 21, 15, 59, 59)

    assert api.complete("czt", "opinion_czt", decision="approve", opinion="预算可安排").status_code == 200

    clock.moment = datetime(2025, 10, 21, 15, 0, tzinfo=UTC)  # 23:00 on the last day in Beijing
    with app.app_context():
        assert timers.fire_due_timers(now=clock.naive()) == 0
    assert [t["step"] for t in api.application("jxw", application_id)["current_tasks"]] == ["opinion_kjt"]

    clock.moment = datetime(2025, 10, 21, 16, 0, 1, tzinfo=UTC)  # just past midnight in Beijing
    with app.app_context():
        assert timers.fire_due_timers(now=clock.naive()) == 1

    case = api.application("jxw", application_id)
    assert [t["step"] for t in case["current_tasks"]] == ["decide"]
    deemed = next(h for h in case["history"] if h["step"] == "opinion_kjt")
    assert deemed["decision"] == "approve"
    assert deemed["completed_by"] is None
    assert deemed["data"]["opinion"] == "逾期未提出意见，视为同意"
