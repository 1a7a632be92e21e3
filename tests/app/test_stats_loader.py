"""Loading the stats model: what the window shows comes from the history file, read sparingly."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from deskbreak.app.stats import STREAK_CHUNK_DAYS, load_stats, system_local
from deskbreak.domain.evening import Rating, RoutineRun, Squeeze
from deskbreak.domain.events import (
    BreakDue,
    BreakReason,
    Event,
    Outcome,
    PromptClosed,
    StretchEnded,
)
from deskbreak.domain.exercises import Side
from deskbreak.domain.settings import Settings
from deskbreak.domain.stats import StatsModel
from deskbreak.storage.history import History
from stretches import one_stretch

BERLIN = ZoneInfo("Europe/Berlin")
MIN = 60.0
# Runs on Tuesday, Thursday and Saturday; days start at 04:00.
SETTINGS = Settings({"run.days": (1, 3, 5), "day.start": time(4, 0)})
NOW = datetime(2026, 11, 19, 7, 45, tzinfo=UTC)  # Thursday 08:45 in Berlin
TODAY = date(2026, 11, 19)


def berlin(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN).astimezone(UTC)


class CountingHistory(History):
    """A history that remembers the ranges it was asked for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[tuple[str, datetime, datetime]] = []

    def events_between(self, start_utc: datetime, end_utc: datetime) -> list[Event]:
        self.asked.append(("events", start_utc, end_utc))
        return super().events_between(start_utc, end_utc)

    def routines_between(self, start_utc: datetime, end_utc: datetime) -> list[RoutineRun]:
        self.asked.append(("routines", start_utc, end_utc))
        return super().routines_between(start_utc, end_utc)

    def squeezes_between(self, start_utc: datetime, end_utc: datetime) -> list[Squeeze]:
        self.asked.append(("squeezes", start_utc, end_utc))
        return super().squeezes_between(start_utc, end_utc)


@pytest.fixture
def history(tmp_path: Path) -> Iterator[CountingHistory]:
    counting = CountingHistory.open(tmp_path / "history.sqlite3")
    assert isinstance(counting, CountingHistory)
    yield counting
    counting.close()


def stretch(start: str, end: str, reason: BreakReason = BreakReason.IDLE) -> StretchEnded:
    return one_stretch(local(start), local(end), reason)


def run(wall: str, *, completed: bool = True) -> RoutineRun:
    started = local(wall)
    return RoutineRun("pre-run", started, started + timedelta(minutes=5), 9, completed)


def load(history: History, span: int = 7) -> StatsModel:
    return load_stats(history, SETTINGS, now_utc=NOW, span=span, to_local=berlin)


def test_the_days_come_from_the_stored_history(history: CountingHistory) -> None:
    history.record(stretch("2026-11-16 09:00", "2026-11-16 10:10"))
    history.record(BreakDue(0.0, local("2026-11-16 09:45"), prompt=1, sitting_s=45 * MIN))
    history.record(
        PromptClosed(0.0, local("2026-11-16 09:47"), 1, Outcome.SKIPPED, next_due_in_s=None)
    )
    history.record(stretch("2026-11-17 03:30", "2026-11-17 04:30"))  # across the day start
    history.record(stretch("2026-11-12 09:00", "2026-11-12 10:00"))  # before the span
    history.record_routine(run("2026-11-17 19:00"))
    history.record_squeeze(Squeeze(local("2026-11-17 19:05"), Side.LEFT, Rating.FIRM))
    history.record_squeeze(Squeeze(local("2026-11-12 19:05"), Side.LEFT, Rating.SOFT))
    running = ((local("2026-11-19 08:00"), local("2026-11-19 08:45")),)

    model = load_stats(history, SETTINGS, now_utc=NOW, span=7, running=running, to_local=berlin)

    assert model.span == 7
    assert [day.day for day in model.days] == [date(2026, 11, 13 + n) for n in range(7)]
    monday, tuesday, today = model.days[3], model.days[4], model.today
    assert (monday.sitting_s, monday.longest_stretch_s, monday.skipped) == (100 * MIN, 70 * MIN, 1)
    assert (monday.stretches_over_30, monday.stretches_over_60) == (2, 2)
    assert (tuesday.sitting_s, tuesday.routines_done, tuesday.run_day) == (30 * MIN, 1, True)
    assert (today.day, today.sitting_s, today.longest_stretch_s) == (TODAY, 45 * MIN, 45 * MIN)
    assert sum(day.sitting_s for day in model.days) == (100 + 30 + 45) * MIN
    assert [(point.day, point.rating) for point in model.squeezes] == [(date(2026, 11, 17), "firm")]
    assert model.run_streak == 1  # Tue 17th; Sat 14th had none
    assert model.heatmap[0][9:12] == (60, 10, 0)


def test_only_the_span_is_read_when_the_streak_ends_inside_it(history: CountingHistory) -> None:
    history.record_routine(run("2026-11-17 19:00"))  # Sat 14th missed
    load(history, span=30)
    first = local("2026-10-21 04:00")  # 30 days ending Thursday 19th
    end = local("2026-11-20 04:00")
    assert sorted(history.asked) == [
        ("events", first, end),
        ("routines", first, end),
        ("squeezes", first, end),
    ]


def test_a_long_streak_is_read_back_in_growing_chunks_to_its_start(
    history: CountingHistory,
) -> None:
    # Every run day done for 400 days back from Tuesday 17th; the run day before missed.
    day = date(2026, 11, 17)
    streak = 0
    while day > date(2026, 11, 17) - timedelta(days=400):
        if day.weekday() in (1, 3, 5):
            history.record_routine(run(f"{day.isoformat()} 19:00"))
            streak += 1
        day -= timedelta(days=1)
    history.record_routine(run("2024-01-01 19:00"))  # long before: must not join the streak

    model = load(history)

    assert model.run_streak == streak
    reads = [asked for asked in history.asked if asked[0] == "routines"]
    # The span, then 91, 182 and 364 days further back, each read once.
    assert len(reads) == 4
    # (in local days: a chunk across a DST change is an hour longer or shorter in UTC)
    assert [(berlin(end).date() - berlin(start).date()).days for _, start, end in reads[1:]] == [
        STREAK_CHUNK_DAYS,
        2 * STREAK_CHUNK_DAYS,
        4 * STREAK_CHUNK_DAYS,
    ]
    for (_, start, _), (_, _, older_end) in itertools.pairwise(reads):
        assert older_end == start  # chunks join without gap or overlap


def test_without_run_days_no_routine_before_the_span_is_read(history: CountingHistory) -> None:
    load_stats(history, Settings(), now_utc=NOW, span=7, to_local=berlin)
    assert [asked[0] for asked in history.asked].count("routines") == 1


def test_an_incomplete_routine_does_not_carry_the_streak(history: CountingHistory) -> None:
    history.record_routine(run("2026-11-17 19:00", completed=False))
    assert load(history).run_streak == 0


def test_an_empty_history_gives_a_span_of_empty_days(history: CountingHistory) -> None:
    model = load(history, span=90)
    assert len(model.days) == 90
    assert model.today.day == TODAY
    assert not any(day.sitting_s for day in model.days)


def test_the_system_zone_is_the_default() -> None:
    moment = datetime(2026, 11, 19, 7, 45, tzinfo=UTC)
    assert system_local(moment) == moment
    assert system_local(moment).utcoffset() == moment.astimezone().utcoffset()
