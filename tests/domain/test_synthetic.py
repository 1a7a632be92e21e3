"""Synthetic history: seeded, replayable, and shaped like a real person's days."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from deskbreak.domain.evening import Rating
from deskbreak.domain.events import (
    BreakDue,
    BreakReason,
    Event,
    Outcome,
    PromptClosed,
    StandingEnded,
    StretchEnded,
)
from deskbreak.domain.exercises import Side
from deskbreak.domain.ledger import Ledger, day_of
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import DayTotals
from deskbreak.domain.synthetic import (
    DAY_KINDS,
    HOLIDAYS,
    ROUTINE,
    ROUTINE_STEPS,
    STORED,
    SyntheticHistory,
    generate_history,
)
from deskbreak.domain.trace import parse_trace, replay

BERLIN = ZoneInfo("Europe/Berlin")
RUNNER = Settings().with_value("run.days", (1, 3, 5))  # Tue, Thu, Sat
START = date(2026, 1, 5)  # a Monday; the spring DST change falls on 2026-03-29
DAYS = 182


def to_utc(naive: datetime) -> datetime:
    return naive.replace(tzinfo=BERLIN).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)


@pytest.fixture(scope="module")
def half_year() -> SyntheticHistory:
    return generate_history(START, DAYS, seed=11, settings=RUNNER, tz=BERLIN)


@pytest.fixture(scope="module")
def totals(half_year: SyntheticHistory) -> dict[date, DayTotals]:
    ledger = Ledger(RUNNER.time_of_day("day.start"), to_local)
    ledger.add(half_year.events)
    return {
        START + timedelta(days=n): ledger.totals(START + timedelta(days=n)) for n in range(DAYS)
    }


def _ordered(events: list[Event]) -> list[Event]:
    rank = {kind: number for number, kind in enumerate(STORED)}
    return sorted(events, key=lambda event: (event.utc, rank[type(event)]))


# ----------------------------------------------------------------------- determinism


def test_the_same_seed_gives_the_same_history() -> None:
    first = generate_history(START, 21, seed=3, settings=RUNNER, tz=BERLIN)
    again = generate_history(START, 21, seed=3, settings=RUNNER, tz=BERLIN)
    other = generate_history(START, 21, seed=4, settings=RUNNER, tz=BERLIN)
    assert first == again
    assert list(first.trace_lines()) == list(again.trace_lines())
    assert first.events != other.events


def test_no_days_is_an_empty_history() -> None:
    nothing = generate_history(START, 0, seed=1, settings=RUNNER, tz=BERLIN)
    assert (nothing.entries, nothing.events, nothing.routines, nothing.squeezes) == ((), (), (), ())
    assert list(nothing.trace_lines()) == [f"# deskbreak synthetic activity, {START} to 2026-01-04"]


# ----------------------------------------------------------- consistent by construction


def test_the_trace_replays_to_exactly_the_stored_events(half_year: SyntheticHistory) -> None:
    result = replay(parse_trace(half_year.trace_lines()), RUNNER, to_utc=to_utc, to_local=to_local)
    assert result.ignored == []  # every answer met an open prompt
    stored = [event for event in result.events if isinstance(event, STORED)]
    assert _ordered(stored) == list(half_year.events)


def test_events_are_in_time_order_and_valid(half_year: SyntheticHistory) -> None:
    events = half_year.events
    assert events
    assert list(events) == _ordered(list(events))
    open_prompts: dict[int, BreakDue] = {}
    for event in events:
        assert isinstance(event, STORED)
        assert event.utc.tzinfo is not None
        if isinstance(event, StretchEnded):
            assert event.started_utc <= event.utc
            assert 0 <= event.sitting_s <= (event.utc - event.started_utc).total_seconds() + 1e-6
            assert sum((end - start).total_seconds() for start, end in event.segments) == (
                pytest.approx(event.sitting_s)
            )
        elif isinstance(event, BreakDue):
            assert event.prompt not in open_prompts  # one open prompt of a number at a time
            open_prompts[event.prompt] = event
        elif isinstance(event, PromptClosed):
            assert open_prompts.pop(event.prompt).utc <= event.utc
        else:
            assert isinstance(event, StandingEnded)
            assert event.standing_s > 0
    assert len(open_prompts) <= 1  # at most the last one is still open


def test_prompts_get_every_kind_of_answer(half_year: SyntheticHistory) -> None:
    outcomes = Counter(
        event.outcome for event in half_year.events if isinstance(event, PromptClosed)
    )
    for outcome in (Outcome.DONE, Outcome.SNOOZED, Outcome.SKIPPED, Outcome.UNANSWERED):
        assert outcomes[outcome] > 20, outcomes
    reasons = Counter(event.reason for event in half_year.events if isinstance(event, StretchEnded))
    assert reasons[BreakReason.DONE] == outcomes[Outcome.DONE]
    assert reasons[BreakReason.IDLE] > 0
    assert reasons[BreakReason.LOCK] > 0


# ------------------------------------------------------------------------ plausible days


def test_the_calendar_has_work_weekends_holidays_vacation_and_sick_days(
    half_year: SyntheticHistory,
) -> None:
    assert len(half_year.calendar) == DAYS
    kinds = Counter(half_year.calendar)
    assert set(kinds) == set(DAY_KINDS), kinds
    assert kinds["work"] > 0.75 * DAYS * 5 / 7
    for number, kind in enumerate(half_year.calendar):
        day = START + timedelta(days=number)
        if kind == "work":
            assert day.weekday() < 5
            assert (day.month, day.day) not in HOLIDAYS
        elif kind == "weekend":
            assert day.weekday() >= 5
        elif kind == "holiday":
            assert (day.month, day.day) in HOLIDAYS


def test_workdays_sit_4_to_10_hours_and_days_off_little(
    half_year: SyntheticHistory, totals: dict[date, DayTotals]
) -> None:
    for number, kind in enumerate(half_year.calendar):
        day = START + timedelta(days=number)
        if kind == "work":
            assert 4 * 3600 <= totals[day].sitting_s <= 10 * 3600, (day, totals[day])
            assert totals[day].prompts > 0
        elif kind == "sick":
            assert totals[day].sitting_s == 0
        else:
            assert totals[day].sitting_s < 3 * 3600, (day, totals[day])
    weekends = [day for day in totals if day.weekday() >= 5]
    used = [day for day in weekends if totals[day].sitting_s > 0]
    assert 0 < len(used) < len(weekends) / 2


def test_the_day_has_walks_meetings_and_long_focus(half_year: SyntheticHistory) -> None:
    kinds = Counter(entry.label for entry in half_year.entries)
    for label in ("active", "idle", "lock", "fullscreen", "action meeting", "action done"):
        assert kinds[label] > 0, label
    longest = max(event.sitting_s for event in half_year.events if isinstance(event, StretchEnded))
    assert longest > 90 * 60


def test_someone_with_a_standing_desk_stands_now_and_then() -> None:
    # Seed 11 has no standing desk; find one that has, as people differ.
    standing = [
        generate_history(START, 14, seed=seed, settings=RUNNER, tz=BERLIN) for seed in range(4)
    ]
    periods = [
        event
        for history in standing
        for event in history.events
        if isinstance(event, StandingEnded)
    ]
    assert periods
    assert all(10 * 60 <= event.standing_s <= 60 * 60 for event in periods)


def test_dst_days_are_ordinary_days() -> None:
    # Spring forward on Sunday 2026-03-29 and back on Sunday 2026-10-25 in Berlin.
    for start in (date(2026, 3, 23), date(2026, 10, 19)):
        history = generate_history(start, 14, seed=5, settings=RUNNER, tz=BERLIN)
        result = replay(
            parse_trace(history.trace_lines()), RUNNER, to_utc=to_utc, to_local=to_local
        )
        assert _ordered([e for e in result.events if isinstance(e, STORED)]) == list(history.events)
        for entry in history.entries:
            assert 6 <= entry.when.hour < 23  # nothing in the hour the clocks change
        for event in history.events:
            if isinstance(event, StretchEnded):
                assert event.sitting_s <= 4 * 3600
                assert day_of(event.started_utc, RUNNER.time_of_day("day.start"), to_local) == (
                    day_of(event.utc, RUNNER.time_of_day("day.start"), to_local)
                )


# --------------------------------------------------------------------- evenings


def test_routines_fall_on_run_days_and_are_mostly_completed(
    half_year: SyntheticHistory,
) -> None:
    runs = half_year.routines
    run_days = [
        START + timedelta(days=n)
        for n in range(DAYS)
        if (START + timedelta(days=n)).weekday() in (1, 3, 5)
    ]
    on_run_days = [run for run in runs if to_local(run.started_utc).weekday() in (1, 3, 5)]
    assert len(on_run_days) >= 0.6 * len(run_days)
    assert len(on_run_days) > 0.9 * len(runs)  # a few on other days
    completed = [run for run in runs if run.completed]
    assert len(completed) > 0.85 * len(runs)
    for run in runs:
        assert run.routine == ROUTINE
        assert run.ended_utc is not None
        assert run.ended_utc > run.started_utc
        assert run.steps_done == (ROUTINE_STEPS if run.completed else 0)
        assert (run.felt is not None) == run.completed
        assert 17 <= to_local(run.started_utc).hour <= 19


def test_squeeze_tests_rate_both_sides_and_improve(half_year: SyntheticHistory) -> None:
    squeezes = half_year.squeezes
    assert len(squeezes) >= 20
    pairs = list(zip(squeezes[::2], squeezes[1::2], strict=True))
    for left, right in pairs:
        assert (left.side, right.side) == (Side.LEFT, Side.RIGHT)
        assert timedelta(0) < right.taken_utc - left.taken_utc < timedelta(minutes=1)
    score = {Rating.FIRM: 2, Rating.SOFT: 1, Rating.THIGH: 0}
    third = len(squeezes) // 3
    early = sum(score[s.rating] for s in squeezes[:third]) / third
    late = sum(score[s.rating] for s in squeezes[-third:]) / third
    assert late > early + 0.4


def test_without_run_days_a_routine_is_rare() -> None:
    history = generate_history(START, 120, seed=2, settings=Settings(), tz=BERLIN)
    assert len(history.routines) < 10


# ----------------------------------------------------------------------- options


def test_exercises_are_offered_in_turn() -> None:
    history = generate_history(
        START, 7, seed=1, settings=RUNNER, tz=BERLIN, exercises=("a", "b", "c")
    )
    offered = [event.exercise for event in history.events if isinstance(event, BreakDue)]
    assert len(offered) > 3
    assert offered[:3] == ["a", "b", "c"]
    assert offered[3] == "a"
    plain = generate_history(START, 7, seed=1, settings=RUNNER, tz=BERLIN)
    assert {e.exercise for e in plain.events if isinstance(e, BreakDue)} == {None}


def test_settings_shape_the_day() -> None:
    strict = RUNNER.with_value("breaks.interval", 20 * 60.0).with_value(
        "sitting.away_threshold", 60.0
    )
    history = generate_history(START, 14, seed=1, settings=strict, tz=BERLIN)
    result = replay(parse_trace(history.trace_lines()), strict, to_utc=to_utc, to_local=to_local)
    assert result.ignored == []
    dues = [event for event in history.events if isinstance(event, BreakDue)]
    assert all(event.sitting_s >= 20 * 60 for event in dues)
    assert min(event.sitting_s for event in dues if event.prompt == 1) == 20 * 60
