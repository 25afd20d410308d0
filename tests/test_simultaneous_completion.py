"""Two people complete tasks of the same case at the same moment: one wins, the other gets 409 and retries.

Both requests are held after loading the case until the other has loaded it too, so the race
is certain rather than likely; everything else (the commits, the collision) is the real thing.
"""

import threading
from contextlib import contextmanager

from tests.support.factories import create_staff
from webapp.processes.services import instances


@contextmanager
def both_load_before_either_saves(monkeypatch):
    barrier = threading.Barrier(2, timeout=20)
    real_load = instances.load

    def load_then_wait(instance):
        loaded = real_load(instance)
        barrier.wait()
        return loaded

    with monkeypatch.context() as patch:
        patch.setattr(instances, "load", load_then_wait)
        yield


def complete_at_once(api, app, monkeypatch, calls):
    for username, _task, _data in calls:
        api.token(username)  # log in before the race starts
    results = [None] * len(calls)

    def run(index, username, task_id, data):
        results[index] = api.post(username, f"/tasks/{task_id}/complete", {"data": data})

    with both_load_before_either_saves(monkeypatch):
        threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    return results


def test_parallel_reviews_sent_at_once_lose_no_update(api, app, monkeypatch):
    application_id = api.apply()
    api.complete("jxw", "accept", decision="approve")
    tech = api.open_task("kjt", "tech_review")
    budget = api.open_task("czt", "budget_review")
    calls = [
        ("kjt", tech["id"], {"decision": "approve", "opinion": "技术可行"}),
        ("czt", budget["id"], {"decision": "approve", "opinion": "预算可行"}),
    ]

    results = complete_at_once(api, app, monkeypatch, calls)

    assert sorted(r.status_code for r in results) == [200, 409]
    lost = results.index(next(r for r in results if r.status_code == 409))
    assert "reload" in results[lost].get_json()["error"]
    username, task_id, data = calls[lost]
    assert api.post(username, f"/tasks/{task_id}/complete", {"data": data}).status_code == 200

    case = api.application("jxw", application_id)
    assert [t["step"] for t in case["current_tasks"]] == ["decide"]
    opinions = {h["step"]: h["data"]["opinion"] for h in case["history"] if h["step"].endswith("review")}
    assert opinions == {"tech_review": "技术可行", "budget_review": "预算可行"}


def test_two_colleagues_completing_the_same_task_at_once_decide_it_once(api, app, monkeypatch):
    create_staff(app, "jxw2", "JXW")
    application_id = api.apply()
    task = api.open_task("jxw", "accept")
    calls = [
        ("jxw", task["id"], {"decision": "approve"}),
        ("jxw2", task["id"], {"decision": "reject", "reasons": "材料不全"}),
    ]

    results = complete_at_once(api, app, monkeypatch, calls)

    assert sorted(r.status_code for r in results) == [200, 409]
    winner = next(i for i, r in enumerate(results) if r.status_code == 200)
    case = api.application("tianshan", application_id)
    accepted = [h for h in case["history"] if h["step"] == "accept"]
    assert len(accepted) == 1
    assert accepted[0]["decision"] == calls[winner][2]["decision"]
