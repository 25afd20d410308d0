"""The case clock across National Day 2025: 1–8 October off, Sunday 28 September and Saturday
11 October worked (调休), with a correction period in the middle.

Submitted Tuesday 23 September 2025 at 10:00 in Beijing with 20 working days: without a stop the
20th working day after it is Monday 27 October (24, 25, 26, 28 Sun, 29, 30 Sep = 6; 9, 10, 11 Sat,
13 … 17, 20 … 24, 27 Oct = 20). A correction from Friday 26 September 15:00 to Thursday 9 October
11:00 stops it for 28, 29, 30 September and 9 October: 4 working days, so it is due Friday 31 October.
"""

from datetime import UTC, datetime

from workflows.case_clock import case_clock, merge
from workflows.working_days import BEIJING, WorkingCalendar

CAL = WorkingCalendar()


def bj(month, day, hour=0, minute=0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=BEIJING).astimezone(UTC)


SUBMITTED = bj(9, 23, 10)
CORRECTION = (bj(9, 26, 15), bj(10, 9, 11))


def test_without_a_stop_the_clock_runs_across_the_holiday():
    clock = case_clock(SUBMITTED, [], 20, CAL, now=bj(10, 9, 9))
    assert (clock.used, clock.left, clock.stopped_days, clock.stopped) == (7, 13, 0, False)
    assert clock.due_at == datetime(2025, 10, 27, 23, 59, 59, tzinfo=BEIJING).astimezone(UTC)


def test_the_submission_day_does_not_count_and_today_counts_once_started():
    assert case_clock(SUBMITTED, [], 20, CAL, now=bj(9, 23, 23, 59)).used == 0
    assert case_clock(SUBMITTED, [], 20, CAL, now=bj(9, 24, 0, 1)).used == 1
    assert case_clock(SUBMITTED, [], 20, CAL, now=bj(9, 27, 12)).used == 3  # a Saturday off
    assert case_clock(SUBMITTED, [], 20, CAL, now=bj(9, 28, 12)).used == 4  # the make-up Sunday


def test_a_running_correction_stops_the_clock_and_pushes_the_due_date():
    during = case_clock(SUBMITTED, [(CORRECTION[0], None)], 20, CAL, now=bj(9, 30, 12))
    assert during.stopped and during.stopped_since == CORRECTION[0]
    assert (during.used, during.left, during.stopped_days) == (3, 17, 3)  # 28 Sun, 29, 30 Sep stopped
    assert during.due_at.astimezone(BEIJING).date().isoformat() == "2025-10-30"  # provisional
    holiday = case_clock(SUBMITTED, [(CORRECTION[0], None)], 20, CAL, now=bj(10, 5, 12))
    assert (holiday.used, holiday.left, holiday.stopped_days) == (3, 17, 3)  # holidays are no working days


def test_after_resubmission_the_stopped_days_are_not_counted():
    clock = case_clock(SUBMITTED, [CORRECTION], 20, CAL, now=bj(10, 13, 9))
    # used: 24, 25, 26 Sep and 10, 11 (Sat), 13 Oct; 9 October is the resubmission's receipt day
    assert (clock.used, clock.left, clock.stopped_days, clock.stopped) == (6, 14, 4, False)
    assert clock.stopped_since is None
    assert clock.due_at == datetime(2025, 10, 31, 23, 59, 59, tzinfo=BEIJING).astimezone(UTC)


def test_naive_utc_moments_are_read_as_utc():
    naive = [(CORRECTION[0].replace(tzinfo=None), CORRECTION[1].replace(tzinfo=None))]
    aware = case_clock(SUBMITTED, [CORRECTION], 20, CAL, now=bj(10, 13, 9))
    assert case_clock(SUBMITTED.replace(tzinfo=None), naive, 20, CAL, now=bj(10, 13, 9).replace(tzinfo=None)) == aware


def test_a_closed_case_shows_its_total_and_later_days_do_not_count():
    closed = case_clock(SUBMITTED, [CORRECTION], 20, CAL, now=bj(11, 20), closed=bj(10, 31, 16))
    assert (closed.used, closed.left, closed.closed, closed.stopped) == (20, 0, True, False)
    late = case_clock(SUBMITTED, [CORRECTION], 20, CAL, now=bj(11, 3, 9))
    assert (late.used, late.left, late.overdue) == (21, -1, True)


def test_a_stop_opened_and_closed_on_one_day_costs_nothing():
    clock = case_clock(SUBMITTED, [(bj(9, 24, 9), bj(9, 24, 17))], 20, CAL, now=bj(9, 25, 9))
    assert (clock.used, clock.stopped_days) == (2, 0)


def test_overlapping_special_steps_are_not_taken_off_twice():
    expert_review = (bj(10, 13, 9), bj(10, 15, 17))
    public_notice = (bj(10, 14, 9), bj(10, 20, 17))
    clock = case_clock(SUBMITTED, [CORRECTION, expert_review, public_notice], 20, CAL, now=bj(10, 21, 9))
    # 4 for the correction, then 14, 15, 16, 17, 20 October
    assert clock.stopped_days == 9
    assert clock.used == 7  # 24–26 Sep, 10, 11, 13 and 21 Oct
    assert len(merge([expert_review, public_notice], SUBMITTED, bj(10, 21, 9))) == 1


def test_a_stop_before_submission_is_ignored():
    clock = case_clock(SUBMITTED, [(bj(9, 1), bj(9, 23, 9))], 20, CAL, now=bj(9, 25, 9))
    assert (clock.used, clock.stopped_days) == (2, 0)


def test_a_year_without_holiday_data_is_an_estimate():
    late = datetime(2026, 12, 20, 2, tzinfo=UTC)
    clock = case_clock(late, [], 20, CAL, now=datetime(2026, 12, 22, 2, tzinfo=UTC))
    assert clock.estimated  # the 20th working day falls in 2027
