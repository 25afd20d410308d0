"""Twenty deciders approve twenty cases at the same instant against a call whose budget fits ten:
exactly ten commit, the other ten are refused with the figures, and nothing is committed beyond the
budget. Every request is held just before it takes the fund line's lock until all twenty are
there, so the race is certain; the lock (SELECT ... FOR UPDATE) is what makes the count right.
"""

import threading

import pytest

from tests.support.actors import Api
from tests.support.factories import create_staff, open_call
from tests.test_money_commitments import apply_under, call_figures, review
from webapp import create_app
from webapp.extensions import db
from webapp.money.services import ledger

DECIDERS = 20


@pytest.fixture
def roomy_app(database_url, tmp_path, backend):
    """The app with a connection for each of the twenty requests in flight at once."""
    if backend.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    options = {"pool_pre_ping": True, "pool_size": DECIDERS + 5}
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def test_twenty_simultaneous_approvals_against_a_budget_for_ten_commit_exactly_ten(roomy_app, monkeypatch):
    api = Api(roomy_app.test_client())
    call_id = open_call(roomy_app, budget="1000000")
    decide_tasks = [review(api, apply_under(api, call_id, "tianshan", "100000")) for _ in range(DECIDERS)]
    deciders = [f"jxw_decider_{i}" for i in range(DECIDERS)]
    for username in deciders:
        create_staff(roomy_app, username, "JXW")
        api.token(username)

    barrier = threading.Barrier(DECIDERS, timeout=60)
    real_lock = ledger.lock_fund_line

    def wait_for_all_then_lock(line_id):
        barrier.wait()
        return real_lock(line_id)

    monkeypatch.setattr(ledger, "lock_fund_line", wait_for_all_then_lock)
    results = [None] * DECIDERS

    def approve(index):
        data = {"decision": "approve", "approved_amount": "100000", "reasons": "符合条件"}
        task_id = decide_tasks[index]["id"]
        results[index] = api.post(deciders[index], f"/tasks/{task_id}/complete", {"data": data})

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(DECIDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    monkeypatch.undo()

    codes = sorted(r.status_code for r in results)
    assert codes == [200] * 10 + [422] * 10, [r.get_json() for r in results if r.status_code not in (200, 422)]
    refusal = next(r for r in results if r.status_code == 422).get_json()["error"]
    assert refusal.startswith("Only 0.00 yuan is available (budget 1,000,000.00, committed 1,000,000.00")
    figures = call_figures(api, call_id)
    assert (figures["committed"], figures["available"]) == ("1000000.00", "0.00")
