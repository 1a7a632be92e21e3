"""The evening calendar: run moments keep their wall time across DST changes, a run missed while
asleep is shown within the grace and let go after it, snooze and "not today" answer it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskbreak.domain.evening import (
    ON_TIME_S,
    Rating,
    RoutineRun,
    RunCalendar,
    RunPlan,
    Squeeze,
    ToLocal,
    last_run,
    local_to_utc,
    next_run,
    run_moment,
    sitting_summary,
    squeeze_verdict,
)
from deskbreak.domain.exercises import Side
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import DayTotals

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
EVERY_DAY = (MON, TUE, WED, THU, FRI, SAT, SUN)

PLAN = RunPlan(days=(TUE, THU, SAT), at=time(18, 30), grace_s=2 * 3600.0, snooze_s=15 * 60.0)


def local_in(zone: ZoneInfo) -> ToLocal:
    return lambda moment: moment.astimezone(zone)


BERLIN_LOCAL = local_in(BERLIN)


def at(text: str, zone: ZoneInfo = BERLIN) -> datetime:
    """A local wall time (unambiguous) as the UTC moment the app works in."""
    return datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(UTC)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def calendar(plan: RunPlan = PLAN, *, handled_utc: datetime | None = None) -> RunCalendar:
    return RunCalendar(plan, BERLIN_LOCAL, handled_utc=handled_utc)


# -------------------------------------------------------------- run moments and DST


def test_the_run_time_keeps_its_wall_time_when_berlin_springs_forward() -> None:
    plan = RunPlan(days=(SAT, SUN), at=time(18, 30), grace_s=0.0, snooze_s=60.0)
    saturday = next_run(at("2026-03-28 12:00"), plan, BERLIN_LOCAL)
    sunday = next_run(at("2026-03-28 18:31"), plan, BERLIN_LOCAL)
    assert saturday == utc("2026-03-28 17:30")  # CET, +01:00
    assert sunday == utc("2026-03-29 16:30")  # CEST, +02:00
    assert BERLIN_LOCAL(sunday).time() == time(18, 30)


def test_the_run_time_keeps_its_wall_time_when_new_york_falls_back() -> None:
    plan = RunPlan(days=(SAT, SUN), at=time(18, 30), grace_s=0.0, snooze_s=60.0)
    to_local = local_in(NEW_YORK)
    assert next_run(at("2026-10-31 12:00", NEW_YORK), plan, to_local) == utc("2026-10-31 22:30")
    assert next_run(at("2026-10-31 19:00", NEW_YORK), plan, to_local) == utc("2026-11-01 23:30")


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        (BERLIN, date(2026, 3, 29), utc("2026-03-29 01:00")),  # 03:00 CEST
        (NEW_YORK, date(2026, 3, 8), utc("2026-03-08 07:00")),  # 03:00 EDT
    ],
)
def test_a_run_time_the_clocks_skip_moves_to_when_they_jump(
    zone: ZoneInfo, day: date, expected: datetime
) -> None:
    plan = RunPlan(days=EVERY_DAY, at=time(2, 30), grace_s=0.0, snooze_s=60.0)
    assert run_moment(day, plan, local_in(zone)) == expected
    assert local_in(zone)(expected).time() == time(3, 0)


@pytest.mark.parametrize(
    ("zone", "wall", "expected"),
    [
        (BERLIN, datetime(2026, 10, 25, 2, 30), utc("2026-10-25 00:30")),  # CEST, not CET
        (NEW_YORK, datetime(2026, 11, 1, 1, 30), utc("2026-11-01 05:30")),  # EDT, not EST
    ],
)
def test_a_run_time_the_clocks_pass_twice_is_the_first(
    zone: ZoneInfo, wall: datetime, expected: datetime
) -> None:
    assert local_to_utc(wall, local_in(zone)) == expected
    plan = RunPlan(days=EVERY_DAY, at=wall.time(), grace_s=0.0, snooze_s=60.0)
    assert next_run(expected - timedelta(hours=3), plan, local_in(zone)) == expected


def test_next_and_last_run_skip_days_that_are_not_run_days() -> None:
    friday_noon = at("2026-05-15 12:00")
    assert next_run(friday_noon, PLAN, BERLIN_LOCAL) == at("2026-05-16 18:30")
    assert last_run(friday_noon, PLAN, BERLIN_LOCAL) == at("2026-05-14 18:30")
    assert last_run(at("2026-05-16 18:30"), PLAN, BERLIN_LOCAL) == at("2026-05-16 18:30")


def test_without_run_days_nothing_is_ever_due() -> None:
    plan = RunPlan(days=(), at=time(18, 30), grace_s=3600.0, snooze_s=60.0)
    now = at("2026-05-16 18:30")
    assert next_run(now, plan, BERLIN_LOCAL) is None
    assert last_run(now, plan, BERLIN_LOCAL) is None
    quiet = calendar(plan)
    assert quiet.next_wake(now) is None
    assert quiet.wake(now) is False


@given(
    zone=st.sampled_from([BERLIN, NEW_YORK]),
    days=st.sets(st.integers(0, 6), min_size=1).map(lambda found: tuple(sorted(found))),
    run_time=st.times().map(lambda moment: moment.replace(second=0, microsecond=0)),
    now=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
)
def test_the_next_run_is_a_run_day_at_run_time_strictly_after_now(
    zone: ZoneInfo, days: tuple[int, ...], run_time: time, now: datetime
) -> None:
    plan = RunPlan(days=days, at=run_time, grace_s=0.0, snooze_s=60.0)
    to_local = local_in(zone)
    found = next_run(now, plan, to_local)
    assert found is not None
    assert found > now
    local = to_local(found)
    assert local.weekday() in days
    wall = datetime.combine(local.date(), run_time)
    if local.replace(tzinfo=None) != wall:
        # Only a run time the clocks skip moves, and then to the jump, within the hour.
        assert wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).time() != run_time
        assert wall < local.replace(tzinfo=None) <= wall + timedelta(hours=1)
    # Nothing was passed over: the latest run before it is at or before now.
    earlier = last_run(found - timedelta(microseconds=1), plan, to_local)
    assert earlier is None or earlier <= now


# -------------------------------------------------------------- the reminder


def test_a_run_day_asks_once_at_the_run_time() -> None:
    evening = calendar()
    assert evening.next_wake(at("2026-05-14 09:00")) == at("2026-05-14 18:30")
    assert evening.wake(at("2026-05-14 18:00")) is False
    assert evening.wake(at("2026-05-14 18:30")) is True
    assert evening.wake(at("2026-05-14 18:30:05")) is False
    assert evening.next_wake(at("2026-05-14 18:31")) == at("2026-05-16 18:30")


def test_a_run_missed_while_asleep_is_shown_within_the_grace() -> None:
    evening = calendar()
    resumed = at("2026-05-14 20:15")  # 1 h 45 min late, grace 2 h
    assert evening.next_wake(resumed) == resumed
    assert evening.wake(resumed) is True
    assert evening.next_wake(resumed) == at("2026-05-16 18:30")


def test_a_run_missed_beyond_the_grace_is_let_go_until_the_next_run_day() -> None:
    evening = calendar()
    resumed = at("2026-05-14 21:00")
    assert evening.next_wake(resumed) == at("2026-05-16 18:30")
    assert evening.wake(resumed) is False
    assert evening.wake(at("2026-05-16 18:30")) is True


def test_several_runs_missed_while_off_come_as_one() -> None:
    evening = calendar(handled_utc=at("2026-05-12 18:30"))
    back = at("2026-05-16 19:00")  # Thursday's and Saturday's passed
    assert evening.wake(back) is True
    assert evening.wake(back + timedelta(seconds=1)) is False


def test_a_late_timer_is_on_time_even_without_grace() -> None:
    evening = calendar(RunPlan(days=(THU,), at=time(18, 30), grace_s=0.0, snooze_s=60.0))
    assert evening.wake(at("2026-05-14 18:30") + timedelta(seconds=ON_TIME_S)) is True
    late = calendar(RunPlan(days=(THU,), at=time(18, 30), grace_s=0.0, snooze_s=60.0))
    assert late.wake(at("2026-05-14 18:30") + timedelta(seconds=ON_TIME_S + 1)) is False


def test_a_restart_after_the_routine_does_not_ask_again() -> None:
    evening = calendar(handled_utc=at("2026-05-14 18:35"))  # the last routine's start
    assert evening.wake(at("2026-05-14 19:00")) is False
    assert evening.next_wake(at("2026-05-14 19:00")) == at("2026-05-16 18:30")


def test_in_15_minutes_asks_again_after_the_snooze() -> None:
    evening = calendar()
    assert evening.wake(at("2026-05-14 18:30")) is True
    assert evening.snooze(at("2026-05-14 18:31")) == at("2026-05-14 18:46")
    assert evening.snoozed_until == at("2026-05-14 18:46")
    assert evening.next_wake(at("2026-05-14 18:32")) == at("2026-05-14 18:46")
    assert evening.wake(at("2026-05-14 18:40")) is False
    assert evening.wake(at("2026-05-14 18:46")) is True
    assert evening.snoozed_until is None
    assert evening.wake(at("2026-05-14 18:47")) is False
    assert evening.snooze(at("2026-05-14 18:50"), 300.0) == at("2026-05-14 18:55")


def test_a_snooze_that_ran_out_while_asleep_is_due_at_once() -> None:
    evening = calendar()
    evening.wake(at("2026-05-14 18:30"))
    evening.snooze(at("2026-05-14 18:31"))
    assert evening.next_wake(at("2026-05-14 22:00")) == at("2026-05-14 22:00")


def test_not_running_today_skips_the_snooze_and_todays_run() -> None:
    evening = calendar()
    evening.wake(at("2026-05-14 18:30"))
    evening.snooze(at("2026-05-14 18:31"))
    evening.not_today(at("2026-05-14 18:46"))
    assert evening.snoozed_until is None
    assert evening.next_wake(at("2026-05-14 18:47")) == at("2026-05-16 18:30")

    early = calendar()  # said from the tray in the afternoon: 18:30 stays quiet
    early.not_today(at("2026-05-14 15:00"))
    assert early.next_wake(at("2026-05-14 15:00")) == at("2026-05-16 18:30")
    assert early.wake(at("2026-05-14 18:30")) is False


def test_not_running_today_on_a_rest_day_leaves_the_next_run_alone() -> None:
    evening = calendar()
    evening.not_today(at("2026-05-15 15:00"))  # a Friday
    assert evening.next_wake(at("2026-05-15 15:00")) == at("2026-05-16 18:30")


def test_starting_the_routine_early_from_the_tray_counts_for_today() -> None:
    evening = calendar()
    evening.started(at("2026-05-14 17:50"))
    assert evening.wake(at("2026-05-14 18:30")) is False
    assert evening.next_wake(at("2026-05-14 18:30")) == at("2026-05-16 18:30")


def test_new_settings_keep_a_running_snooze() -> None:
    evening = calendar()
    evening.snooze(at("2026-05-14 18:31"))
    evening.replan(
        RunPlan(days=(MON,), at=time(7, 0), grace_s=0.0, snooze_s=60.0), at("2026-05-14 18:32")
    )
    assert evening.plan.days == (MON,)
    assert evening.next_wake(at("2026-05-14 18:32")) == at("2026-05-14 18:46")


def test_a_run_time_moved_to_a_moment_already_past_does_not_ask_at_once() -> None:
    evening = calendar()
    evening.replan(
        RunPlan(days=(THU,), at=time(9, 0), grace_s=3600.0, snooze_s=60.0), at("2026-05-14 09:30")
    )
    assert evening.wake(at("2026-05-14 09:31")) is False
    assert evening.next_wake(at("2026-05-14 09:31")) == at("2026-05-21 09:00")


def test_the_plan_comes_from_the_settings() -> None:
    settings = Settings().replace(run__days=(TUE, SAT), run__time=time(19, 0))
    assert RunPlan.from_settings(settings) == RunPlan(
        days=(TUE, SAT), at=time(19, 0), grace_s=2 * 3600.0, snooze_s=15 * 60.0
    )
    assert RunPlan.from_settings(Settings()).days == ()


# -------------------------------------------------------------- the summary line


@pytest.mark.parametrize(
    ("sitting_s", "longest_s", "text"),
    [
        (
            7 * 3600 + 10 * 60,
            3600 + 55 * 60,
            "You sat 7 h 10 min today; longest stretch 1 h 55 min.",
        ),
        (40 * 60, 30, "You sat 40 min today."),
        (20, 20, "Hardly any sitting counted today."),
    ],
)
def test_the_summary_says_how_long_they_sat(sitting_s: float, longest_s: float, text: str) -> None:
    totals = DayTotals(day=date(2026, 5, 14), sitting_s=sitting_s, longest_stretch_s=longest_s)
    assert sitting_summary(totals) == text


# -------------------------------------------------------------- the squeeze test


@pytest.mark.parametrize(
    ("ratings", "text"),
    [
        ({}, "No side rated this time."),
        (
            {Side.LEFT: Rating.FIRM, Side.RIGHT: Rating.FIRM},
            "Your glutes answer: they are awake. The routine keeps them that way.",
        ),
        (
            {Side.LEFT: Rating.SOFT, Side.RIGHT: Rating.SOFT},
            "Both sides answered softly. The routine wakes your glutes up before you run.",
        ),
        (
            {Side.LEFT: Rating.THIGH, Side.RIGHT: Rating.SOFT},
            "Your left side let the thigh take over. Your right side answered softly. "
            "The routine wakes your glutes up before you run.",
        ),
        (
            {Side.LEFT: Rating.FIRM, Side.RIGHT: Rating.THIGH},
            "Your right side let the thigh take over. "
            "The routine wakes your glutes up before you run.",
        ),
    ],
)
def test_the_squeeze_verdict_names_the_sides_that_did_not_answer(
    ratings: dict[Side, Rating], text: str
) -> None:
    assert squeeze_verdict(ratings) == text


def test_results_are_plain_values() -> None:
    moment = at("2026-05-14 18:31")
    assert Squeeze(moment, Side.LEFT, Rating("thigh")).rating is Rating.THIGH
    run = RoutineRun("glute-wake-up", moment, None, steps_done=2, completed=False)
    assert run.felt is None
