"""Daily totals: which day a moment counts to, spans cut at the day start, and what is counted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskbreak.domain.events import (
    BreakDue,
    BreakReason,
    Event,
    Outcome,
    PauseStarted,
    PromptClosed,
    StandingEnded,
    StretchEnded,
    StretchStarted,
)
from deskbreak.domain.ledger import Ledger, day_of, split_by_day
from deskbreak.domain.status import DayTotals

BERLIN = ZoneInfo("Europe/Berlin")
DAY_START = time(4, 0)
HOUR = 3600.0
MIN = 60.0
MONDAY, TUESDAY = date(2026, 11, 16), date(2026, 11, 17)


def in_zone(zone: ZoneInfo) -> Callable[[datetime], datetime]:
    return lambda moment: moment.astimezone(zone)


berlin = in_zone(BERLIN)


def local(text: str) -> datetime:
    """A UTC moment from a Berlin wall time ``YYYY-MM-DD HH:MM[:SS]`` (not in a DST gap)."""
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN).astimezone(UTC)


def ledger(day_start: time = DAY_START) -> Ledger:
    return Ledger(day_start, berlin)


def split(start: str, end: str, day_start: time = DAY_START) -> dict[date, float]:
    return split_by_day(local(start), local(end), day_start, berlin)


# ---------------------------------------------------------------------- which day


@pytest.mark.parametrize(
    ("wall", "day"),
    [
        ("2026-11-17 02:00", MONDAY),  # a late night counts to the day before
        ("2026-11-17 03:59:59", MONDAY),
        ("2026-11-17 04:00", TUESDAY),
        ("2026-11-17 23:59", TUESDAY),
        ("2026-11-16 04:00", MONDAY),
    ],
)
def test_the_day_starts_at_four_in_the_morning(wall: str, day: date) -> None:
    assert day_of(local(wall), DAY_START, berlin) == day


def test_the_day_follows_local_time_not_utc() -> None:
    # 23:30 UTC on Monday is already 00:30 on Tuesday in Berlin.
    moment = datetime(2026, 11, 16, 23, 30, tzinfo=UTC)
    assert day_of(moment, time(0, 0), berlin) == TUESDAY
    assert day_of(moment, time(0, 0), lambda utc: utc) == MONDAY


def test_a_day_start_with_minutes_is_honoured() -> None:
    assert day_of(local("2026-11-17 05:29"), time(5, 30), berlin) == MONDAY
    assert day_of(local("2026-11-17 05:30"), time(5, 30), berlin) == TUESDAY


# --------------------------------------------------------------------- splitting


def test_a_span_within_one_day_is_all_that_day() -> None:
    assert split("2026-11-16 09:00", "2026-11-16 10:30") == {MONDAY: 1.5 * HOUR}


def test_an_empty_or_backward_span_is_nothing() -> None:
    assert split("2026-11-16 09:00", "2026-11-16 09:00") == {}
    assert split("2026-11-16 09:00", "2026-11-16 08:00") == {}


def test_a_span_across_the_day_start_is_cut_exactly_there() -> None:
    assert split("2026-11-17 03:30", "2026-11-17 04:45") == {
        MONDAY: 30 * MIN,
        TUESDAY: 45 * MIN,
    }


def test_a_span_ending_at_the_day_start_stays_on_its_day() -> None:
    assert split("2026-11-16 23:40", "2026-11-17 04:00") == {MONDAY: 4 * HOUR + 20 * MIN}


def test_a_span_over_several_days_gives_each_day_its_share() -> None:
    assert split("2026-11-16 12:00", "2026-11-19 12:00") == {
        MONDAY: 16 * HOUR,
        TUESDAY: 24 * HOUR,
        date(2026, 11, 18): 24 * HOUR,
        date(2026, 11, 19): 8 * HOUR,
    }


def test_the_spring_dst_day_is_23_hours_long() -> None:
    # Clocks jump from 02:00 to 03:00 on Sunday 29 March; with a 04:00 day start that
    # hour is missing from Saturday's day.
    saturday, sunday = date(2026, 3, 28), date(2026, 3, 29)
    assert split("2026-03-28 04:00", "2026-03-29 04:00") == {saturday: 23 * HOUR}
    assert split("2026-03-28 12:00", "2026-03-29 12:00") == {
        saturday: 15 * HOUR,
        sunday: 8 * HOUR,
    }


def test_the_autumn_dst_day_is_25_hours_long() -> None:
    # Clocks go from 03:00 back to 02:00 on Sunday 25 October: Saturday's day has 25 hours.
    saturday, sunday = date(2026, 10, 24), date(2026, 10, 25)
    assert split("2026-10-24 04:00", "2026-10-25 04:00") == {saturday: 25 * HOUR}
    # A night through the repeated hour: 00:00 to 05:00 on the wall is six real hours.
    assert split("2026-10-25 00:00", "2026-10-25 05:00") == {saturday: 5 * HOUR, sunday: HOUR}


def test_a_stretch_through_the_spring_jump_counts_its_real_length() -> None:
    start = local("2026-03-29 01:30")
    end = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 summer time: one real hour later
    assert split_by_day(start, end, DAY_START, berlin) == {date(2026, 3, 28): HOUR}


def test_a_day_start_the_clocks_skip_begins_the_day_when_they_jump() -> None:
    # A night owl's day starts at 02:30, which does not exist on 29 March: at 02:00 the
    # clocks jump to 03:00, and from that moment day_of() says it is Sunday. The seconds
    # must be cut at the same moment, or a stretch counted on Sunday has sitting on Saturday.
    night_owl = time(2, 30)
    jump = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert day_of(jump - timedelta(microseconds=1), night_owl, berlin) == date(2026, 3, 28)
    assert day_of(jump, night_owl, berlin) == date(2026, 3, 29)
    start, end = local("2026-03-28 22:00"), datetime(2026, 3, 29, 4, 0, tzinfo=UTC)
    assert split_by_day(start, end, night_owl, berlin) == {
        date(2026, 3, 28): 4 * HOUR,  # 21:00 to 01:00 UTC
        date(2026, 3, 29): 3 * HOUR,  # 01:00 to 04:00 UTC
    }


# Zones with DST changes at odd hours, by half hours and by a whole day, with one of
# their changes in UTC; spans are drawn around it.
ZONE_CHANGES = [
    ("Europe/Berlin", datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
    ("Europe/Berlin", datetime(2026, 10, 25, 1, 0, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 3, 8, 7, 0, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 11, 1, 6, 0, tzinfo=UTC)),
    ("America/Santiago", datetime(2026, 9, 6, 4, 0, tzinfo=UTC)),  # at midnight
    ("America/Santiago", datetime(2026, 4, 5, 3, 0, tzinfo=UTC)),
    ("Australia/Lord_Howe", datetime(2026, 10, 3, 15, 30, tzinfo=UTC)),  # by 30 minutes
    ("Australia/Lord_Howe", datetime(2026, 4, 4, 15, 0, tzinfo=UTC)),
    ("America/St_Johns", datetime(2026, 3, 8, 5, 30, tzinfo=UTC)),
    ("Pacific/Chatham", datetime(2026, 9, 26, 14, 0, tzinfo=UTC)),
    ("Pacific/Apia", datetime(2011, 12, 30, 10, 0, tzinfo=UTC)),  # skipped a whole day
    ("Asia/Kolkata", datetime(2026, 6, 1, 0, 0, tzinfo=UTC)),  # no DST at all
]


@st.composite
def spans(draw: st.DrawFn) -> tuple[ZoneInfo, time, datetime, datetime]:
    zone, change = draw(st.sampled_from(ZONE_CHANGES))
    day_start = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45])))
    offset = draw(st.integers(-3 * 86400 * 10**6, 3 * 86400 * 10**6))
    length = draw(st.integers(0, 3 * 86400 * 10**6))
    start = change + timedelta(microseconds=offset)
    return ZoneInfo(zone), day_start, start, start + timedelta(microseconds=length)


@given(spans())
def test_a_span_is_cut_where_the_day_moves_on_and_nothing_is_lost_in_any_zone(
    span: tuple[ZoneInfo, time, datetime, datetime],
) -> None:
    zone, day_start, start, end = span
    to_local = in_zone(zone)
    parts = split_by_day(start, end, day_start, to_local)
    assert sum(parts.values()) == pytest.approx((end - start).total_seconds(), abs=1e-6)
    assert all(seconds > 0 for seconds in parts.values())
    # The cuts lie exactly where day_of() moves on to the next day.
    cursor = start
    for day in sorted(parts):
        assert day_of(cursor, day_start, to_local) == day
        cursor += timedelta(seconds=parts[day])
        if cursor < end:
            assert day_of(cursor - timedelta(microseconds=1), day_start, to_local) == day
            assert day_of(cursor, day_start, to_local) > day
    assert cursor == end


# ------------------------------------------------------------------------ the ledger


def stretch(
    start: str,
    end: str,
    *,
    reason: BreakReason = BreakReason.IDLE,
    segments: list[tuple[str, str]] | None = None,
) -> StretchEnded:
    """A stretch that ran from ``start`` to ``end`` (Berlin wall times), sitting throughout."""
    parts = tuple((local(a), local(b)) for a, b in segments or [(start, end)])
    ended = local(end)
    return StretchEnded(
        ended.timestamp(),
        ended,
        started_utc=local(start),
        sitting_s=sum((b - a).total_seconds() for a, b in parts),
        reason=reason,
        segments=parts,
    )


def prompt(wall: str, number: int = 1) -> BreakDue:
    moment = local(wall)
    return BreakDue(moment.timestamp(), moment, prompt=number, sitting_s=45 * MIN)


def answer(wall: str, outcome: Outcome) -> PromptClosed:
    moment = local(wall)
    return PromptClosed(moment.timestamp(), moment, prompt=1, outcome=outcome, next_due_in_s=None)


def stood(start: str, end: str) -> StandingEnded:
    moment = local(end)
    return StandingEnded(
        moment.timestamp(),
        moment,
        started_utc=local(start),
        standing_s=(moment - local(start)).total_seconds(),
        counted_as_break=True,
    )


def test_a_stretch_counts_its_sitting_once_on_its_day() -> None:
    book = ledger()
    book.add([stretch("2026-11-16 09:00", "2026-11-16 09:50")])
    assert book.totals(MONDAY) == DayTotals(
        MONDAY, sitting_s=50 * MIN, longest_stretch_s=50 * MIN, stretches=1, natural_breaks=1
    )


def test_the_longest_stretch_is_the_longest_not_the_last() -> None:
    book = ledger()
    book.add(
        [
            stretch("2026-11-16 09:00", "2026-11-16 10:10"),
            stretch("2026-11-16 10:20", "2026-11-16 10:40"),
        ]
    )
    totals = book.totals(MONDAY)
    assert (totals.sitting_s, totals.longest_stretch_s, totals.stretches) == (90 * MIN, 70 * MIN, 2)


def test_a_stretch_across_the_day_start_is_split_but_counted_on_the_day_it_started() -> None:
    book = ledger()
    book.add([stretch("2026-11-17 03:30", "2026-11-17 04:30")])
    monday, tuesday = book.totals(MONDAY), book.totals(TUESDAY)
    assert (monday.sitting_s, monday.stretches, monday.longest_stretch_s) == (30 * MIN, 1, HOUR)
    assert (tuesday.sitting_s, tuesday.stretches, tuesday.longest_stretch_s) == (30 * MIN, 0, 0.0)
    # The break that ended it happened on Tuesday.
    assert (monday.natural_breaks, tuesday.natural_breaks) == (0, 1)


def test_only_the_sitting_parts_of_a_stretch_are_counted() -> None:
    book = ledger()
    book.add(
        [
            stretch(
                "2026-11-16 13:45",
                "2026-11-16 15:45",
                segments=[
                    ("2026-11-16 13:45", "2026-11-16 14:10"),
                    ("2026-11-16 14:40", "2026-11-16 15:45"),
                ],
            ),
            stood("2026-11-16 14:10", "2026-11-16 14:40"),
        ]
    )
    totals = book.totals(MONDAY)
    assert totals.sitting_s == 90 * MIN
    assert totals.longest_stretch_s == 90 * MIN
    assert totals.standing_s == 30 * MIN


def test_an_input_with_no_sitting_after_it_is_not_a_stretch() -> None:
    book = ledger()
    book.add([stretch("2026-11-16 17:05", "2026-11-16 17:05")])
    assert book.days() == []
    assert book.totals(MONDAY) == DayTotals(MONDAY)


@pytest.mark.parametrize(
    ("reason", "natural"),
    [
        (BreakReason.IDLE, 1),
        (BreakReason.LOCK, 1),
        (BreakReason.SUSPEND, 1),
        (BreakReason.STANDING, 1),
        (BreakReason.DONE, 0),  # answering a prompt is not a break taken on one's own
    ],
)
def test_breaks_taken_on_ones_own_are_natural(reason: BreakReason, natural: int) -> None:
    book = ledger()
    book.add([stretch("2026-11-16 09:00", "2026-11-16 09:50", reason=reason)])
    assert book.totals(MONDAY).natural_breaks == natural
    assert book.totals(MONDAY).stretches == 1


def test_prompts_and_their_answers_are_counted() -> None:
    book = ledger()
    book.add(
        [
            prompt("2026-11-16 09:45"),
            answer("2026-11-16 09:46", Outcome.DONE),
            prompt("2026-11-16 11:00"),
            answer("2026-11-16 11:01", Outcome.SKIPPED),
            answer("2026-11-16 11:50", Outcome.SNOOZED),
            answer("2026-11-16 12:00", Outcome.UNANSWERED),
            answer("2026-11-16 12:10", Outcome.PAUSED),
            answer("2026-11-16 12:20", Outcome.AWAY),  # walked away: the break counts instead
        ]
    )
    totals = book.totals(MONDAY)
    assert (totals.prompts, totals.done, totals.skipped, totals.snoozed) == (2, 1, 1, 3)
    assert totals.natural_breaks == 0


def test_walking_away_from_a_prompt_counts_nothing_for_it() -> None:
    book = ledger()
    book.add([answer("2026-11-16 12:20", Outcome.AWAY)])
    assert book.days() == []


def test_prompts_count_on_the_day_they_were_shown() -> None:
    book = ledger()
    book.add([prompt("2026-11-17 02:00"), answer("2026-11-17 04:10", Outcome.SNOOZED)])
    assert (book.totals(MONDAY).prompts, book.totals(MONDAY).snoozed) == (1, 0)
    assert (book.totals(TUESDAY).prompts, book.totals(TUESDAY).snoozed) == (0, 1)


def test_standing_across_the_day_start_is_split() -> None:
    book = ledger()
    book.add([stood("2026-11-17 03:50", "2026-11-17 04:20")])
    assert book.totals(MONDAY).standing_s == 10 * MIN
    assert book.totals(TUESDAY).standing_s == 20 * MIN
    assert book.totals(MONDAY).sitting_s == 0.0


def test_events_that_count_nothing_leave_the_ledger_empty() -> None:
    moment = local("2026-11-16 09:00")
    book = ledger()
    events: list[Event] = [
        StretchStarted(moment.timestamp(), moment),
        PauseStarted(moment.timestamp(), moment, until_utc=None),
    ]
    book.add(events)
    assert book.days() == []


def test_a_running_stretch_adds_to_the_days_it_covers_without_being_stored() -> None:
    book = ledger()
    book.add([stretch("2026-11-16 09:00", "2026-11-16 10:00")])
    running = [(local("2026-11-17 03:00"), local("2026-11-17 04:30"))]
    assert book.totals(MONDAY, running).sitting_s == 2 * HOUR
    assert book.totals(MONDAY, running).stretches == 1  # not yet ended, not yet counted
    assert book.totals(TUESDAY, running) == DayTotals(TUESDAY, sitting_s=30 * MIN)
    assert book.totals(MONDAY).sitting_s == HOUR
    assert book.totals(date(2026, 11, 18), running) == DayTotals(date(2026, 11, 18))


def test_days_are_listed_in_calendar_order() -> None:
    book = ledger()
    book.add(
        [
            stretch("2026-11-18 09:00", "2026-11-18 09:30"),
            stretch("2026-11-16 09:00", "2026-11-16 09:30"),
        ]
    )
    assert [totals.day for totals in book.days()] == [MONDAY, date(2026, 11, 18)]
    assert book.day(local("2026-11-17 03:00")) == MONDAY


def test_a_dst_night_neither_loses_nor_doubles_sitting() -> None:
    book = ledger()
    book.add(
        [
            # Autumn: 01:30 to 03:30 on the wall is three real hours.
            stretch("2026-10-25 01:30", "2026-10-25 03:30"),
        ]
    )
    totals = book.totals(date(2026, 10, 24))
    assert totals.sitting_s == 3 * HOUR
    assert totals.longest_stretch_s == 3 * HOUR
