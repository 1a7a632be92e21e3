"""The stats model: a week of history with hand-counted figures, DST-safe hours, the run streak."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskbreak.domain.evening import Rating, RoutineRun, Squeeze
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
from deskbreak.domain.stats import (
    DayStats,
    SqueezePoint,
    StatsModel,
    build_stats,
    hour_pieces,
)

BERLIN = ZoneInfo("Europe/Berlin")
DAY_START = time(4, 0)
MIN = 60.0
TUESDAY, THURSDAY, SATURDAY = 1, 3, 5
RUN_DAYS = (TUESDAY, THURSDAY, SATURDAY)
TODAY = date(2026, 11, 19)  # a Thursday
NOW = "2026-11-19 08:45"
MON, TUE, WED, THU = (date(2026, 11, day) for day in (16, 17, 18, 19))
FRI, SAT, SUN = date(2026, 11, 13), date(2026, 11, 14), date(2026, 11, 15)


def berlin(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)


def local(text: str) -> datetime:
    """A UTC moment from a Berlin wall time ``YYYY-MM-DD HH:MM`` (not in a DST gap)."""
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN).astimezone(UTC)


def stretch(
    start: str,
    end: str,
    *,
    reason: BreakReason = BreakReason.IDLE,
    segments: list[tuple[str, str]] | None = None,
) -> StretchEnded:
    """A stretch from ``start`` to ``end`` (Berlin wall times), sitting throughout unless
    ``segments`` say which parts were sitting."""
    parts = tuple((local(a), local(b)) for a, b in segments or [(start, end)])
    return StretchEnded(
        0.0,
        local(end),
        started_utc=local(start),
        sitting_s=sum((b - a).total_seconds() for a, b in parts),
        reason=reason,
        segments=parts,
    )


def prompt(wall: str) -> BreakDue:
    return BreakDue(0.0, local(wall), prompt=1, sitting_s=45 * MIN)


def answer(wall: str, outcome: Outcome) -> PromptClosed:
    return PromptClosed(0.0, local(wall), prompt=1, outcome=outcome, next_due_in_s=None)


def stood(start: str, end: str, *, counted_as_break: bool) -> StandingEnded:
    return StandingEnded(
        0.0,
        local(end),
        started_utc=local(start),
        standing_s=(local(end) - local(start)).total_seconds(),
        counted_as_break=counted_as_break,
    )


def routine(wall: str, *, completed: bool = True) -> RoutineRun:
    started = local(wall)
    return RoutineRun(
        "pre-run",
        started,
        started + timedelta(minutes=5),
        steps_done=9 if completed else 3,
        completed=completed,
    )


def squeeze(wall: str, side: Side, rating: Rating) -> Squeeze:
    return Squeeze(local(wall), side, rating)


# A week in Berlin (UTC+1 in November), day start 04:00, runs on Tue, Thu and Sat.
EVENTS: list[Event] = [
    # Thu 12th (before the span): a night owl's stretch into Friday morning. It counts on
    # Thursday, where it started; only its hour after 04:00 is Friday's sitting.
    stretch("2026-11-13 03:00", "2026-11-13 05:00"),
    # Mon 16th
    stretch("2026-11-16 09:00", "2026-11-16 09:50"),  # 50 min, natural
    prompt("2026-11-16 09:45"),
    answer("2026-11-16 09:46", Outcome.SNOOZED),
    stood("2026-11-16 10:40", "2026-11-16 10:50", counted_as_break=False),
    prompt("2026-11-16 11:25"),
    answer("2026-11-16 11:30", Outcome.DONE),
    stretch(  # 80 min of sitting in 90, ended by Done: not natural
        "2026-11-16 10:00",
        "2026-11-16 11:30",
        reason=BreakReason.DONE,
        segments=[
            ("2026-11-16 10:00", "2026-11-16 10:40"),
            ("2026-11-16 10:50", "2026-11-16 11:30"),
        ],
    ),
    # 70 min over midnight: all Monday's, still before the day start
    stretch("2026-11-16 23:30", "2026-11-17 00:40", reason=BreakReason.LOCK),
    # 60 min across the day start: 30 min Monday's, 30 Tuesday's; the stretch and its
    # length count on Monday, its natural break on Tuesday when it ended
    stretch("2026-11-17 03:30", "2026-11-17 04:30"),
    # Tue 17th
    stood("2026-11-17 12:00", "2026-11-17 12:30", counted_as_break=True),
    prompt("2026-11-17 13:58"),
    answer("2026-11-17 14:00", Outcome.UNANSWERED),
    stretch("2026-11-17 13:15", "2026-11-17 14:10"),  # 55 min
    answer("2026-11-17 14:10", Outcome.AWAY),
    stretch("2026-11-17 14:30", "2026-11-17 16:00"),  # 90 min
    answer("2026-11-17 15:00", Outcome.SKIPPED),
    answer("2026-11-17 15:30", Outcome.PAUSED),
    # Wed 18th: an input with nothing after it is not a stretch
    StretchEnded(
        0.0,
        local("2026-11-18 09:00"),
        started_utc=local("2026-11-18 09:00"),
        sitting_s=0.0,
        reason=BreakReason.IDLE,
        segments=(),
    ),
]
ROUTINES = [
    routine("2026-11-10 19:00", completed=False),  # Tue 10th: given up, ends the streak
    routine("2026-11-12 19:00"),  # Thu 12th
    routine("2026-11-14 10:00"),  # Sat 14th
    routine("2026-11-17 19:00"),  # Tue 17th
    routine("2026-11-18 19:00"),  # Wed 18th: not a run day, no streak, still done
]
SQUEEZES = [
    squeeze("2026-11-17 19:10", Side.RIGHT, Rating.SOFT),
    squeeze("2026-11-12 19:10", Side.LEFT, Rating.SOFT),  # before the span
    squeeze("2026-11-14 10:20", Side.LEFT, Rating.THIGH),
    squeeze("2026-11-17 19:09", Side.LEFT, Rating.FIRM),
]
RUNNING = ((local("2026-11-19 08:00"), local(NOW)),)  # sitting since 08:00 today


def empty(day: date) -> DayStats:
    return DayStats(
        day=day,
        sitting_s=0.0,
        longest_stretch_s=0.0,
        stretches_over_30=0,
        stretches_over_60=0,
        done=0,
        snoozed=0,
        skipped=0,
        unanswered=0,
        natural_breaks=0,
        standing_s=0.0,
        routines_done=0,
        run_day=day.weekday() in RUN_DAYS,
    )


EXPECTED_DAYS = (
    replace(empty(FRI), sitting_s=60 * MIN, natural_breaks=1),
    replace(empty(SAT), routines_done=1),
    empty(SUN),
    replace(
        empty(MON),
        sitting_s=(50 + 80 + 70 + 30) * MIN,
        longest_stretch_s=80 * MIN,
        stretches_over_30=4,
        stretches_over_60=3,
        done=1,
        snoozed=1,
        natural_breaks=2,
        standing_s=10 * MIN,
    ),
    replace(
        empty(TUE),
        sitting_s=(30 + 55 + 90) * MIN,
        longest_stretch_s=90 * MIN,
        stretches_over_30=2,
        stretches_over_60=1,
        skipped=1,
        unanswered=3,
        natural_breaks=3,
        standing_s=30 * MIN,
        routines_done=1,
    ),
    replace(empty(WED), routines_done=1),
    replace(
        empty(THU),
        sitting_s=45 * MIN,
        longest_stretch_s=45 * MIN,
        stretches_over_30=1,
    ),
)


def heat(cells: Mapping[tuple[int, int], float]) -> tuple[tuple[float, ...], ...]:
    """A heat map from its non-zero cells, keyed (weekday, hour)."""
    return tuple(
        tuple(cells.get((weekday, hour), 0.0) for hour in range(24)) for weekday in range(7)
    )


WEEK_HEAT = {
    # Monday: 09:00-09:50, 10:00-10:40 + 10:50-11:30, 23:30-00:40, 03:30-04:00
    (0, 9): 50,
    (0, 10): 50,
    (0, 11): 30,
    (0, 23): 30,
    (0, 0): 40,
    (0, 3): 30,
    # Tuesday: 04:00-04:30, 13:15-14:10, 14:30-16:00
    (1, 4): 30,
    (1, 13): 45,
    (1, 14): 40,
    (1, 15): 60,
    (3, 8): 45,  # Thursday: the stretch still running
    (4, 4): 60,  # Friday: the hour after the day start
}


def stats(
    *,
    span: int = 7,
    events: list[Event] | None = None,
    routines: list[RoutineRun] | None = None,
    running: tuple[tuple[datetime, datetime], ...] = RUNNING,
    today: date = TODAY,
    run_days: tuple[int, ...] = RUN_DAYS,
) -> StatsModel:
    return build_stats(
        EVENTS if events is None else events,
        ROUTINES if routines is None else routines,
        SQUEEZES,
        today=today,
        span=span,
        day_start=DAY_START,
        to_local=berlin,
        run_days=run_days,
        running=running,
    )


# ----------------------------------------------------------------- the hand-counted week


def test_every_day_of_the_week_has_its_hand_counted_figures() -> None:
    model = stats()
    assert model.span == 7
    assert model.days == EXPECTED_DAYS
    assert model.today == EXPECTED_DAYS[-1]


def test_the_heat_map_has_the_minutes_of_each_weekday_and_hour() -> None:
    assert stats().heatmap == heat(WEEK_HEAT)


def test_over_two_weeks_the_heat_map_averages_over_two_of_each_weekday() -> None:
    model = stats(span=14)
    assert [day.day for day in model.days] == [
        TODAY - timedelta(days=13 - number) for number in range(14)
    ]
    assert model.days[7:] == EXPECTED_DAYS
    # Thu 12th: the night owl's stretch started there, and its hour before 04:00 is there.
    assert model.days[6] == replace(
        empty(date(2026, 11, 12)),
        sitting_s=60 * MIN,
        longest_stretch_s=120 * MIN,
        stretches_over_30=1,
        stretches_over_60=1,
        routines_done=1,
    )
    assert not any(day.sitting_s or day.routines_done for day in model.days[:6])
    cells = {cell: minutes / 2 for cell, minutes in WEEK_HEAT.items()}
    assert model.heatmap == heat({**cells, (3, 3): 60 / 2})


def test_the_days_before_the_span_are_left_out() -> None:
    model = stats(span=3)  # Tue..Thu
    assert model.days == EXPECTED_DAYS[-3:]
    assert model.heatmap == heat(
        {cell: minutes for cell, minutes in WEEK_HEAT.items() if cell[0] in (1, 2, 3)}
    )
    assert [point.day for point in model.squeezes] == [TUE, TUE]


def test_the_run_streak_counts_run_days_back_to_the_first_without_a_routine() -> None:
    # Today's run is still to come: Tue 17th, Sat 14th, Thu 12th; Tue 10th gave up.
    assert stats().run_streak == 3


def test_todays_routine_joins_the_streak_once_done() -> None:
    assert stats(routines=[*ROUTINES, routine("2026-11-19 19:00")]).run_streak == 4


def test_a_run_day_without_a_routine_breaks_the_streak() -> None:
    without_saturday = [run for run in ROUTINES if run.started_utc != local("2026-11-14 10:00")]
    assert stats(routines=without_saturday).run_streak == 1


def test_a_missed_run_yesterday_means_no_streak_today() -> None:
    # Friday 20th: Thursday's run was missed, whatever came before.
    assert stats(today=date(2026, 11, 20), running=()).run_streak == 0


def test_without_run_days_there_is_no_streak_and_no_run_day() -> None:
    model = stats(run_days=())
    assert model.run_streak == 0
    assert not any(day.run_day for day in model.days)


def test_without_any_routine_there_is_no_streak() -> None:
    assert stats(routines=[]).run_streak == 0


def test_squeeze_answers_in_the_span_are_points_oldest_first() -> None:
    assert stats().squeezes == (
        SqueezePoint(SAT, "left", "thigh", 0),
        SqueezePoint(TUE, "left", "firm", 2),
        SqueezePoint(TUE, "right", "soft", 1),
    )


def test_an_empty_history_is_a_span_of_empty_days() -> None:
    model = build_stats(
        [],
        [],
        [],
        today=TODAY,
        span=30,
        day_start=DAY_START,
        to_local=berlin,
        run_days=RUN_DAYS,
    )
    assert model.days == tuple(empty(TODAY - timedelta(days=29 - n)) for n in range(30))
    assert model.today == empty(TODAY)
    assert model.heatmap == heat({})
    assert model.run_streak == 0
    assert model.squeezes == ()


def test_a_running_stretch_from_yesterday_counts_on_the_day_it_started() -> None:
    running = ((local("2026-11-19 03:00"), local("2026-11-19 05:00")),)
    model = stats(events=[], routines=[], running=running)
    wednesday, thursday = model.days[-2], model.days[-1]
    assert (wednesday.sitting_s, wednesday.longest_stretch_s, wednesday.stretches_over_60) == (
        60 * MIN,
        120 * MIN,
        1,
    )
    assert (thursday.sitting_s, thursday.longest_stretch_s, thursday.stretches_over_30) == (
        60 * MIN,
        0.0,
        0,
    )
    assert model.heatmap == heat({(2, 3): 60, (3, 4): 60})


@pytest.mark.parametrize("span", [0, -7])
def test_a_span_of_no_days_is_refused(span: int) -> None:
    with pytest.raises(ValueError, match="span must be at least one day"):
        stats(span=span)


def test_a_day_start_with_minutes_cuts_its_hour_between_two_days() -> None:
    model = build_stats(
        [stretch("2026-11-17 04:00", "2026-11-17 05:00")],
        [],
        [],
        today=TUE,
        span=2,
        day_start=time(4, 30),
        to_local=berlin,
        run_days=(),
    )
    assert [day.sitting_s for day in model.days] == [30 * MIN, 30 * MIN]
    assert model.heatmap == heat({(0, 4): 30, (1, 4): 30})


# ------------------------------------------------------------------- hours and the clocks


def pieces(
    start: datetime, end: datetime, to_local: Callable[[datetime], datetime]
) -> list[tuple[int, float]]:
    return [
        (hour, (piece_end - piece_start).total_seconds() / MIN)
        for hour, piece_start, piece_end in hour_pieces(start, end, to_local)
    ]


def test_an_hour_in_the_middle_of_a_span_is_cut_at_both_ends() -> None:
    assert pieces(local("2026-11-16 09:15"), local("2026-11-16 11:05"), berlin) == [
        (9, 45),
        (10, 60),
        (11, 5),
    ]


def test_the_hour_the_clocks_skip_gets_nothing() -> None:
    # 29 March 2026 in Berlin: 02:00 CET becomes 03:00 CEST.
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30 CET
    assert pieces(start, start + timedelta(hours=1), berlin) == [(1, 30), (3, 30)]


def test_the_hour_the_clocks_repeat_counts_twice() -> None:
    # 25 October 2026 in Berlin: 03:00 CEST becomes 02:00 CET.
    start = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # 01:30 CEST
    assert pieces(start, start + timedelta(hours=2), berlin) == [(1, 30), (2, 60), (2, 30)]


def test_a_half_hour_zone_cuts_on_its_own_hours() -> None:
    kolkata = ZoneInfo("Asia/Kolkata")  # UTC+05:30
    start = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)  # 08:30 local
    assert pieces(start, start + timedelta(hours=1), lambda m: m.astimezone(kolkata)) == [
        (8, 30),
        (9, 30),
    ]


def test_an_offset_change_inside_an_hour_cuts_where_the_clocks_jump() -> None:
    # A made-up zone that moves from +01:00 to +02:00 at 00:45 UTC (01:45 local).
    jump = datetime(2026, 6, 1, 0, 45, tzinfo=UTC)

    def jumpy(moment: datetime) -> datetime:
        hours = 1 if moment < jump else 2
        return moment.astimezone(timezone(timedelta(hours=hours)))

    start = datetime(2026, 6, 1, 0, 30, tzinfo=UTC)  # 01:30, then 02:45 after the jump
    assert pieces(start, start + timedelta(minutes=45), jumpy) == [(1, 15), (2, 15), (3, 15)]


def test_an_empty_span_has_no_pieces() -> None:
    moment = local("2026-11-16 09:00")
    assert pieces(moment, moment, berlin) == []


# --------------------------------------------------------------------------- properties

ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]
EPOCH = datetime(2026, 3, 20, tzinfo=UTC)  # DST changes within reach in both hemispheres


@st.composite
def histories(
    draw: st.DrawFn,
) -> tuple[ZoneInfo, time, date, int, list[Event], list[RoutineRun], tuple[int, ...]]:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    day_start = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30])))
    span = draw(st.integers(1, 40))
    today = (EPOCH + timedelta(days=draw(st.integers(0, 240)))).date()
    horizon = datetime.combine(today, time(0), UTC) + timedelta(days=1)
    events: list[Event] = []
    cursor = horizon - timedelta(days=45)
    for _ in range(draw(st.integers(0, 12))):
        # Stretches one after the other, each after a break of at least 5 minutes.
        cursor += timedelta(minutes=draw(st.integers(5, 60 * 24 * 4)))
        start, segments = cursor, []
        for number in range(draw(st.integers(1, 3))):
            if number:
                stood = cursor
                cursor += timedelta(minutes=draw(st.integers(1, 30)))
                events.append(
                    StandingEnded(
                        0.0,
                        cursor,
                        started_utc=stood,
                        standing_s=(cursor - stood).total_seconds(),
                        counted_as_break=False,
                    )
                )
            end = cursor + timedelta(minutes=draw(st.integers(1, 300)))
            segments.append((cursor, end))
            cursor = end
        if draw(st.booleans()):
            outcome = draw(st.sampled_from(Outcome))
            events.append(PromptClosed(0.0, cursor, 1, outcome, next_due_in_s=None))
        events.append(
            StretchEnded(
                0.0,
                cursor,
                started_utc=start,
                sitting_s=sum((b - a).total_seconds() for a, b in segments),
                reason=draw(st.sampled_from(BreakReason)),
                segments=tuple(segments),
            )
        )
    routines = [
        RoutineRun(
            "pre-run",
            horizon - timedelta(hours=draw(st.integers(1, 24 * 60))),
            None,
            steps_done=1,
            completed=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 20)))
    ]
    run_days = tuple(sorted(draw(st.sets(st.integers(0, 6), max_size=7))))
    return zone, day_start, today, span, events, routines, run_days


@given(histories())
def test_the_heat_map_holds_all_sitting_of_the_span_and_no_more(
    history: tuple[ZoneInfo, time, date, int, list[Event], list[RoutineRun], tuple[int, ...]],
) -> None:
    zone, day_start, today, span, events, routines, run_days = history

    def to_local(moment: datetime) -> datetime:
        return moment.astimezone(zone)

    model = build_stats(
        events,
        routines,
        [],
        today=today,
        span=span,
        day_start=day_start,
        to_local=to_local,
        run_days=run_days,
    )
    # Every day present, once, in order, ending today.
    assert [day.day for day in model.days] == [
        today - timedelta(days=span - 1 - number) for number in range(span)
    ]
    assert model.today is model.days[-1]
    # The heat map's averages times the days of each weekday give back the sitting total.
    weekdays = [sum(1 for day in model.days if day.day.weekday() == w) for w in range(7)]
    heat_total_s = sum(
        minutes * 60 * weekdays[weekday]
        for weekday, row in enumerate(model.heatmap)
        for minutes in row
    )
    assert heat_total_s == pytest.approx(sum(day.sitting_s for day in model.days), abs=1e-3)
    assert len(model.heatmap) == 7
    assert all(len(row) == 24 for row in model.heatmap)
    assert all(minutes >= 0 for row in model.heatmap for minutes in row)
    for day in model.days:
        # No more sitting in a day than the day is long (25 hours when clocks go back).
        assert 0 <= day.sitting_s <= 25 * 3600
        assert day.longest_stretch_s >= 0
        assert day.stretches_over_60 <= day.stretches_over_30
        assert day.run_day == (day.day.weekday() in run_days)
    # The streak: never more than the run days that had a completed routine.
    completed_run_days = {
        day_of(run.started_utc, day_start, to_local) for run in routines if run.completed
    }
    completed_run_days = {
        day for day in completed_run_days if day.weekday() in run_days and day <= today
    }
    assert 0 <= model.run_streak <= len(completed_run_days)


@given(histories())
def test_each_day_counts_what_the_ledger_counts(
    history: tuple[ZoneInfo, time, date, int, list[Event], list[RoutineRun], tuple[int, ...]],
) -> None:
    zone, day_start, today, span, events, routines, run_days = history

    def to_local(moment: datetime) -> datetime:
        return moment.astimezone(zone)

    model = build_stats(
        events,
        routines,
        [],
        today=today,
        span=span,
        day_start=day_start,
        to_local=to_local,
        run_days=run_days,
    )
    book = Ledger(day_start, to_local)
    book.add(events)
    for day in model.days:
        totals = book.totals(day.day)
        assert day.sitting_s == pytest.approx(totals.sitting_s, abs=1e-6)
        assert day.standing_s == pytest.approx(totals.standing_s, abs=1e-6)
        assert day.longest_stretch_s == totals.longest_stretch_s
        assert (day.done, day.skipped, day.natural_breaks) == (
            totals.done,
            totals.skipped,
            totals.natural_breaks,
        )
        # The ledger's snoozes include the prompts that snoozed themselves or were paused.
        assert day.snoozed <= totals.snoozed <= day.snoozed + day.unanswered
