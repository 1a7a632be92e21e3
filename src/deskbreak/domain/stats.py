"""What the stats window shows: per-day figures, a weekday × hour heat map, the run streak.

Pure: built from stored events, routines and squeeze tests; the local zone comes in as a
``to_local`` conversion and days follow the configurable day start, as in ledger.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from deskbreak.domain.evening import Rating, RoutineRun, Squeeze
from deskbreak.domain.events import Event, Outcome, PromptClosed, StandingEnded, StretchEnded
from deskbreak.domain.ledger import day_of, split_by_day

ToLocal = Callable[[datetime], datetime]
Segment = tuple[datetime, datetime]

LONG_STRETCH_S = 30 * 60.0
"""A stretch of at least this much sitting counts as long (``stretches_over_30``)."""
VERY_LONG_STRETCH_S = 60 * 60.0
"""... and at least this much as very long (``stretches_over_60``)."""

SQUEEZE_SCORES = {Rating.FIRM: 2, Rating.SOFT: 1, Rating.THIGH: 0}
"""Squeeze-test ratings as numbers for plotting: a firm glute scores highest."""

_TICK = timedelta(microseconds=1)
_HOUR = timedelta(hours=1)
_WEEKDAYS = 7
_HOURS = 24


@dataclass(frozen=True)
class DayStats:
    """One local calendar day (by the day start) as the stats window shows it."""

    day: date
    sitting_s: float
    longest_stretch_s: float
    stretches_over_30: int  # stretches of at least 30 min sitting, on the day they started
    stretches_over_60: int  # at least 60 min
    done: int
    snoozed: int  # prompts the user snoozed
    skipped: int
    unanswered: int  # prompts that snoozed themselves, were paused or walked away from
    natural_breaks: int
    standing_s: float
    routines_done: int  # completed pre-run routines started that day
    run_day: bool  # the weekday is one of the run days


@dataclass(frozen=True)
class SqueezePoint:
    """One side of one squeeze test, for the chart of ratings over time."""

    day: date
    side: str  # "left" | "right"
    rating: str  # "firm" | "soft" | "thigh"
    score: int  # firm 2, soft 1, thigh 0


@dataclass(frozen=True)
class StatsModel:
    """Everything the stats window shows for a span of days ending today.

    ``heatmap`` has 7 rows (Monday..Sunday) of 24 columns (local hour 0..23): the average
    minutes of sitting in that hour over the days of the span that fall on that weekday
    (the weekday of the day the sitting counts toward, by the day start).
    """

    today: DayStats
    span: int
    days: tuple[DayStats, ...]  # oldest first, exactly ``span`` days ending with today
    heatmap: tuple[tuple[float, ...], ...]
    run_streak: int  # consecutive run days, newest first, each with a completed routine
    squeezes: tuple[SqueezePoint, ...]  # in the span, oldest first


def build_stats(
    events: Iterable[Event],
    routines: Iterable[RoutineRun],
    squeezes: Iterable[Squeeze],
    *,
    today: date,
    span: int,
    day_start: time,
    to_local: ToLocal,
    run_days: tuple[int, ...],
    running: Iterable[Segment] = (),
) -> StatsModel:
    """The stats for the ``span`` days ending with ``today``.

    ``events`` are the stored tracker events that reach into the span (a stretch that
    started before it counts only its sitting inside it); ``routines`` must reach back far
    enough for the streak (from the last run day without a completed routine); ``running``
    are the sitting parts of a stretch still going on, counted as if it ended now.
    Today's run day only joins the streak once its routine is done; until then the streak
    runs from the run day before.
    """
    if span < 1:
        raise ValueError(f"span must be at least one day, not {span}")
    events = list(events)
    running = tuple(running)
    first = today - timedelta(days=span - 1)
    days = [first + timedelta(days=number) for number in range(span)]

    def day(moment: datetime) -> date:
        return day_of(moment, day_start, to_local)

    # Counted as the ledger counts (ledger.py): a stretch, its length and the long-stretch
    # tallies on the day it started, its natural break on the day it ended, answers on the
    # day they were given; sitting and standing cut at day starts.
    outcomes: dict[date, Counter[Outcome]] = {}
    stretch_lengths: dict[date, list[float]] = {}
    natural: Counter[date] = Counter()
    standing: defaultdict[date, float] = defaultdict(float)
    sitting_segments: list[Segment] = list(running)
    for event in events:
        if isinstance(event, PromptClosed):
            outcomes.setdefault(day(event.utc), Counter())[event.outcome] += 1
        elif isinstance(event, StretchEnded) and event.sitting_s > 0:
            stretch_lengths.setdefault(day(event.started_utc), []).append(event.sitting_s)
            sitting_segments.extend(event.segments)
            if event.reason.natural:
                natural[day(event.utc)] += 1
        elif isinstance(event, StandingEnded):
            for current, seconds in split_by_day(
                event.started_utc, event.utc, day_start, to_local
            ).items():
                standing[current] += seconds
    if running:
        running_s = sum((end - start).total_seconds() for start, end in running)
        stretch_lengths.setdefault(day(running[0][0]), []).append(running_s)
    sitting, heatmap = _sitting(sitting_segments, days, day_start, to_local)

    completed: Counter[date] = Counter(day(run.started_utc) for run in routines if run.completed)

    def day_stats(current: date) -> DayStats:
        counts = outcomes.get(current, Counter())
        lengths = stretch_lengths.get(current, [])
        return DayStats(
            day=current,
            sitting_s=sitting[current],
            longest_stretch_s=max(lengths, default=0.0),
            stretches_over_30=sum(1 for length in lengths if length >= LONG_STRETCH_S),
            stretches_over_60=sum(1 for length in lengths if length >= VERY_LONG_STRETCH_S),
            done=counts[Outcome.DONE],
            snoozed=counts[Outcome.SNOOZED],
            skipped=counts[Outcome.SKIPPED],
            unanswered=sum(
                count
                for outcome, count in counts.items()
                if outcome not in (Outcome.DONE, Outcome.SNOOZED, Outcome.SKIPPED)
            ),
            natural_breaks=natural[current],
            standing_s=standing[current],
            routines_done=completed[current],
            run_day=current.weekday() in run_days,
        )

    stats = tuple(day_stats(current) for current in days)
    points = sorted(
        (
            (squeeze.taken_utc, day(squeeze.taken_utc), squeeze)
            for squeeze in squeezes
            if first <= day(squeeze.taken_utc) <= today
        ),
        key=lambda item: item[0],
    )
    return StatsModel(
        today=stats[-1],
        span=span,
        days=stats,
        heatmap=heatmap,
        run_streak=_run_streak(completed, today, run_days),
        squeezes=tuple(
            SqueezePoint(
                day=point_day,
                side=squeeze.side.value,
                rating=squeeze.rating.value,
                score=SQUEEZE_SCORES[squeeze.rating],
            )
            for _, point_day, squeeze in points
        ),
    )


def _sitting(
    segments: Iterable[Segment], days: list[date], day_start: time, to_local: ToLocal
) -> tuple[defaultdict[date, float], tuple[tuple[float, ...], ...]]:
    """Seconds of sitting per day, and the heat map: average minutes of sitting per weekday
    (of the day it counts toward) and local hour, over the span's days of that weekday.

    Both come from the same pieces (cut at local hours, and at the day start where it falls
    inside an hour), so the heat map holds exactly the days' sitting.
    """
    seconds: defaultdict[date, float] = defaultdict(float)
    minutes = [[0.0] * _HOURS for _ in range(_WEEKDAYS)]
    in_span = set(days)
    for start, end in segments:
        for hour, piece_start, piece_end in hour_pieces(start, end, to_local):
            if day_start.minute and hour == day_start.hour:
                parts = split_by_day(piece_start, piece_end, day_start, to_local)
            else:  # the day starts on the hour: a piece lies within one day
                length = (piece_end - piece_start).total_seconds()
                parts = {day_of(piece_start, day_start, to_local): length}
            for current, part in parts.items():
                if current in in_span:
                    seconds[current] += part
                    minutes[current.weekday()][hour] += part / 60.0
    per_weekday = Counter(current.weekday() for current in days)
    heatmap = tuple(
        tuple(value / per_weekday[weekday] if per_weekday[weekday] else 0.0 for value in row)
        for weekday, row in enumerate(minutes)
    )
    return seconds, heatmap


def hour_pieces(
    start_utc: datetime, end_utc: datetime, to_local: ToLocal
) -> Iterator[tuple[int, datetime, datetime]]:
    """``[start, end)`` cut where the local wall clock enters a new hour: (hour, start, end).

    Cuts are found in local wall time and measured in UTC, so an hour the clocks repeat
    is counted twice to its hour and an hour they skip gets nothing; an offset change
    inside an hour (some zones move by half an hour) cuts where the clocks jump.
    """
    cursor = start_utc
    while cursor < end_utc:
        wall = _naive_local(cursor, to_local)
        hour_start = wall.replace(minute=0, second=0, microsecond=0)
        cut = cursor + (hour_start + _HOUR - wall)
        if _hour_of(cut - _TICK, to_local) != hour_start:
            # The offset changed before the hour was up: the hour ends where it jumped.
            early, late = cursor, cut
            while late - early > _TICK:
                middle = early + (late - early) / 2
                if _hour_of(middle, to_local) == hour_start:
                    early = middle
                else:
                    late = middle
            cut = late
        piece_end = min(end_utc, cut)
        yield wall.hour, cursor, piece_end
        cursor = piece_end


def _hour_of(moment_utc: datetime, to_local: ToLocal) -> datetime:
    return _naive_local(moment_utc, to_local).replace(minute=0, second=0, microsecond=0)


def _naive_local(moment_utc: datetime, to_local: ToLocal) -> datetime:
    return to_local(moment_utc).replace(tzinfo=None)


def _run_streak(completed: Counter[date], today: date, run_days: tuple[int, ...]) -> int:
    """Run days in a row, newest first, each with a completed routine; today once done."""
    if not run_days:
        return 0
    streak = 0
    current = today if completed[today] else today - timedelta(days=1)
    earliest = min(completed, default=current)
    while current >= earliest:
        if current.weekday() in run_days:
            if not completed[current]:
                break
            streak += 1
        current -= timedelta(days=1)
    return streak
