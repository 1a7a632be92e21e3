"""Daily totals from tracker events, by the local calendar with a configurable day start."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from deskbreak.domain.events import (
    BreakDue,
    Event,
    Outcome,
    PromptClosed,
    StandingEnded,
    StretchEnded,
)
from deskbreak.domain.status import DayTotals

ToLocal = Callable[[datetime], datetime]
_TICK = timedelta(microseconds=1)


def day_of(moment_utc: datetime, day_start: time, to_local: ToLocal) -> date:
    """The calendar day a UTC moment counts toward: before ``day_start`` is the day before."""
    shifted = _naive_local(moment_utc, to_local) - timedelta(
        hours=day_start.hour, minutes=day_start.minute
    )
    return shifted.date()


def _naive_local(moment_utc: datetime, to_local: ToLocal) -> datetime:
    return to_local(moment_utc).replace(tzinfo=None)


def split_by_day(
    start_utc: datetime, end_utc: datetime, day_start: time, to_local: ToLocal
) -> dict[date, float]:
    """Seconds of ``[start, end)`` per day, cut at each day start in local time.

    Cuts are found in local wall time and measured in UTC, so a DST change inside the
    span neither loses nor doubles an hour. Each cut lies where :func:`day_of` moves on;
    a day start the clocks skip begins the day when they jump.
    """
    parts: dict[date, float] = {}
    cursor = start_utc
    while cursor < end_utc:
        day = day_of(cursor, day_start, to_local)
        piece_end = min(end_utc, _next_day_start(cursor, day, day_start, to_local))
        parts[day] = parts.get(day, 0.0) + (piece_end - cursor).total_seconds()
        cursor = piece_end
    return parts


def _next_day_start(moment: datetime, day: date, day_start: time, to_local: ToLocal) -> datetime:
    """The UTC moment after ``moment`` (which counts to ``day``) where day_of() moves on."""
    target = datetime.combine(day + timedelta(days=1), day_start)
    cut = moment + (target - _naive_local(moment, to_local))
    for _ in range(2):  # a DST change between moment and cut shifts the offset once
        cut += target - _naive_local(cut, to_local)
    cut = max(cut, moment + _TICK)  # always move on, whatever the zone's rules
    if day_of(cut - _TICK, day_start, to_local) == day:
        return cut
    # The clocks skipped the day start (a DST gap): the new day began when they jumped,
    # somewhere before ``cut``. Find that moment, as day_of() sees it, to the microsecond.
    early, late = moment, cut
    while late - early > _TICK:
        middle = early + (late - early) / 2
        if day_of(middle, day_start, to_local) == day:
            early = middle
        else:
            late = middle
    return late


class Ledger:
    """Adds up stretches, prompts and standing per day.

    Stretches and the longest stretch count on the day they started; sitting and standing
    seconds are cut at day starts; prompts and answers count on the day they happened.
    A stretch with no sitting (an input and nothing after) is not a stretch.
    """

    def __init__(self, day_start: time, to_local: ToLocal) -> None:
        self._day_start = day_start
        self._to_local = to_local
        self._days: dict[date, DayTotals] = {}

    def day(self, moment_utc: datetime) -> date:
        return day_of(moment_utc, self._day_start, self._to_local)

    def add(self, events: Iterable[Event]) -> None:
        for event in events:
            self._add(event)

    def totals(self, day: date, running: Iterable[tuple[datetime, datetime]] = ()) -> DayTotals:
        """One day's totals; ``running`` are the sitting parts of a stretch still going on."""
        totals = self._days.get(day, DayTotals(day))
        extra = 0.0
        for start, end in running:
            extra += split_by_day(start, end, self._day_start, self._to_local).get(day, 0.0)
        if extra:
            totals = replace(totals, sitting_s=totals.sitting_s + extra)
        return totals

    def days(self) -> list[DayTotals]:
        return [self._days[day] for day in sorted(self._days)]

    def _update(self, day: date, **deltas: float) -> None:
        totals = self._days.get(day, DayTotals(day))
        changes = {key: getattr(totals, key) + value for key, value in deltas.items()}
        self._days[day] = replace(totals, **changes)

    def _add(self, event: Event) -> None:
        if isinstance(event, StretchEnded):
            if event.sitting_s <= 0:
                return
            for start, end in event.segments:
                for day, seconds in split_by_day(
                    start, end, self._day_start, self._to_local
                ).items():
                    self._update(day, sitting_s=seconds)
            first = self.day(event.started_utc)
            current = self._days.get(first, DayTotals(first))
            self._days[first] = replace(
                current,
                stretches=current.stretches + 1,
                longest_stretch_s=max(current.longest_stretch_s, event.sitting_s),
            )
            if event.reason.natural:
                self._update(self.day(event.utc), natural_breaks=1)
        elif isinstance(event, BreakDue):
            self._update(self.day(event.utc), prompts=1)
        elif isinstance(event, PromptClosed):
            day = self.day(event.utc)
            if event.outcome is Outcome.DONE:
                self._update(day, done=1)
            elif event.outcome is Outcome.SKIPPED:
                self._update(day, skipped=1)
            elif event.outcome.counts_as_snooze:
                self._update(day, snoozed=1)
        elif isinstance(event, StandingEnded):
            for day, seconds in split_by_day(
                event.started_utc, event.utc, self._day_start, self._to_local
            ).items():
                self._update(day, standing_s=seconds)
