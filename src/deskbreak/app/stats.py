"""Loads the stats window's model from the history: only the rows the span and streak need."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from deskbreak.domain.evening import RoutineRun, local_to_utc
from deskbreak.domain.ledger import day_of
from deskbreak.domain.settings import Settings
from deskbreak.domain.stats import StatsModel, build_stats
from deskbreak.storage.history import History

ToLocal = Callable[[datetime], datetime]
Segment = tuple[datetime, datetime]

STREAK_CHUNK_DAYS = 91
"""Routines before the span are read back this many days at a time (doubling each time)
until a run day without a completed routine ends the streak."""


def system_local(moment: datetime) -> datetime:
    """A moment in the computer's local zone (as the shell shows times)."""
    return moment.astimezone()


def load_stats(
    history: History,
    settings: Settings,
    *,
    now_utc: datetime,
    span: int,
    running: Iterable[Segment] = (),
    to_local: ToLocal = system_local,
) -> StatsModel:
    """The stats for the ``span`` days ending today (by ``settings`` day.start).

    Reads the events that reach into the span, the squeeze tests in it and the routines
    back to the last run day without a completed one (for the streak). ``running`` are
    the sitting parts of the stretch in progress (``Tracker.running_segments()``).
    """
    day_start = settings.time_of_day("day.start")
    run_days = tuple(settings["run.days"])
    today = day_of(now_utc, day_start, to_local)
    first = today - timedelta(days=max(span, 1) - 1)

    def start_of(day: date) -> datetime:
        return local_to_utc(datetime.combine(day, day_start), to_local)

    start, end = start_of(first), start_of(today + timedelta(days=1))
    return build_stats(
        history.events_between(start, end),
        _streak_routines(
            history,
            first,
            today=today,
            end=end,
            run_days=run_days,
            start_of=start_of,
            day_of_run=lambda run: day_of(run.started_utc, day_start, to_local),
        ),
        history.squeezes_between(start, end),
        today=today,
        span=span,
        day_start=day_start,
        to_local=to_local,
        run_days=run_days,
        running=running,
    )


def _streak_routines(
    history: History,
    first: date,
    *,
    today: date,
    end: datetime,
    run_days: tuple[int, ...],
    start_of: Callable[[date], datetime],
    day_of_run: Callable[[RoutineRun], date],
) -> list[RoutineRun]:
    """The routines from ``first`` on, and further back as long as the streak may go on.

    The streak ends at the newest run day before today without a completed routine; once
    one is among the days read, older routines cannot change it.
    """
    routines = history.routines_between(start_of(first), end)
    chunk = STREAK_CHUNK_DAYS
    while run_days and not _streak_broken(
        {day_of_run(run) for run in routines if run.completed}, first, today, run_days
    ):
        older = first - timedelta(days=chunk)
        routines = history.routines_between(start_of(older), start_of(first)) + routines
        first, chunk = older, chunk * 2
    return routines


def _streak_broken(done: set[date], first: date, today: date, run_days: tuple[int, ...]) -> bool:
    """Whether a run day from ``first`` to yesterday is not among the ``done`` days."""
    day = today - timedelta(days=1)
    while day >= first:
        if day.weekday() in run_days and day not in done:
            return True
        day -= timedelta(days=1)
    return False
