"""The evening pre-run reminder's calendar: when the next run falls, what a late wake-up shows.

Pure: moments are UTC, the local zone comes in as a ``to_local`` conversion (as in ledger.py).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from deskbreak.domain.durations import human_duration
from deskbreak.domain.exercises import Side
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import DayTotals

ToLocal = Callable[[datetime], datetime]

ON_TIME_S = 60.0
"""A timer wakes a little late: this much after the run time still counts as on time,
whatever ``run.reminder_grace`` says (even 0s)."""

_TICK = timedelta(microseconds=1)
_DAY = timedelta(days=1)
_WEEK = 7


@dataclass(frozen=True)
class RunPlan:
    """The user's run days (0 = Monday), run time (local wall time), grace and snooze."""

    days: tuple[int, ...]
    at: time
    grace_s: float
    snooze_s: float

    @classmethod
    def from_settings(cls, settings: Settings) -> RunPlan:
        return cls(
            days=tuple(settings["run.days"]),
            at=settings.time_of_day("run.time"),
            grace_s=settings.seconds("run.reminder_grace"),
            snooze_s=settings.seconds("run.snooze"),
        )


def local_to_utc(wall: datetime, to_local: ToLocal) -> datetime:
    """The UTC moment a naive local wall time names.

    An ambiguous time (clocks set back) is its first occurrence; a time the clocks skip is
    the moment they jump, the first at which the wall clock reads at least ``wall``.
    """
    probe = wall.replace(tzinfo=UTC)
    # The offsets in force a day either side cover the one change a day can hold.
    offsets = sorted({_offset(probe + shift, to_local) for shift in (-_DAY, _DAY)})
    candidates = [probe - offset for offset in offsets]
    exact = [moment for moment in candidates if _naive_local(moment, to_local) == wall]
    if exact:
        return min(exact)
    # In a gap: before the jump the wall clock reads less than ``wall``, after it more.
    low, high = min(candidates), max(candidates)
    while high - low > _TICK:
        middle = low + (high - low) / 2
        if _naive_local(middle, to_local) >= wall:
            high = middle
        else:
            low = middle
    return high


def run_moment(day: date, plan: RunPlan, to_local: ToLocal) -> datetime:
    """The UTC moment of the run time on ``day`` (whether or not it is a run day)."""
    return local_to_utc(datetime.combine(day, plan.at), to_local)


def next_run(after_utc: datetime, plan: RunPlan, to_local: ToLocal) -> datetime | None:
    """The first run moment strictly after ``after_utc``; None without run days."""
    for moment in _run_moments(after_utc, plan, to_local, step=1):
        if moment > after_utc:
            return moment
    return None


def last_run(at_utc: datetime, plan: RunPlan, to_local: ToLocal) -> datetime | None:
    """The latest run moment at or before ``at_utc``; None without run days."""
    for moment in _run_moments(at_utc, plan, to_local, step=-1):
        if moment <= at_utc:
            return moment
    return None


def _run_moments(
    around_utc: datetime, plan: RunPlan, to_local: ToLocal, *, step: int
) -> Iterator[datetime]:
    """Run moments from the day before ``around_utc`` onward (step 1) or from the day after
    backward (step -1), over a little more than a week: every run day comes round once."""
    first = _naive_local(around_utc, to_local).date() - timedelta(days=step)
    for number in range(_WEEK + 2):
        day = first + timedelta(days=step * number)
        if day.weekday() in plan.days:
            yield run_moment(day, plan, to_local)


class RunCalendar:
    """Which run reminder is due, remembering what was answered.

    The app asks :meth:`next_wake` when to look again and calls :meth:`wake` then, and on
    every resume from suspend. A run moment missed while asleep is shown if it is at most
    the grace (plus :data:`ON_TIME_S`) ago; several missed ones come as one, the latest.
    ``handled_utc``: run moments up to this one were already dealt with (e.g. the start of
    the last routine in the history), so a restart does not ask again.
    """

    def __init__(
        self, plan: RunPlan, to_local: ToLocal, *, handled_utc: datetime | None = None
    ) -> None:
        self._plan = plan
        self._to_local = to_local
        self._handled = handled_utc
        self._snoozed_until: datetime | None = None

    @property
    def plan(self) -> RunPlan:
        return self._plan

    @property
    def snoozed_until(self) -> datetime | None:
        return self._snoozed_until

    def replan(self, plan: RunPlan, now_utc: datetime) -> None:
        """New settings count from ``now_utc``: a run time moved to a moment already past
        does not ask at once. A running snooze stays."""
        self._plan = plan
        self._handle(now_utc)

    def next_wake(self, now_utc: datetime) -> datetime | None:
        """When :meth:`wake` has something to show: ``now_utc`` if already due; None if never."""
        if self._missed(now_utc) is not None:
            return now_utc
        after = now_utc if self._handled is None else max(now_utc, self._handled)
        candidates = [
            moment
            for moment in (next_run(after, self._plan, self._to_local), self._snoozed_until)
            if moment is not None
        ]
        return max(now_utc, min(candidates)) if candidates else None

    def wake(self, now_utc: datetime) -> bool:
        """Whether to show the pre-run window now; answers each run moment once."""
        if self._snoozed_until is not None and now_utc >= self._snoozed_until:
            self._snoozed_until = None
            self._handle(now_utc)
            return True
        latest = last_run(now_utc, self._plan, self._to_local)
        if latest is None or (self._handled is not None and latest <= self._handled):
            return False
        self._handled = latest
        return (now_utc - latest).total_seconds() <= self._window_s

    def snooze(self, now_utc: datetime, seconds: float | None = None) -> datetime:
        """Put the reminder off by ``seconds`` (the plan's snooze unless given); the moment
        it asks again."""
        self._handle(now_utc)
        length = self._plan.snooze_s if seconds is None else seconds
        self._snoozed_until = now_utc + timedelta(seconds=length)
        return self._snoozed_until

    def not_today(self, now_utc: datetime) -> None:
        """No run today: no snooze, and today's run time (if still ahead) does not ask."""
        self._snoozed_until = None
        self._handle(now_utc)
        today = _naive_local(now_utc, self._to_local).date()
        if today.weekday() in self._plan.days:
            self._handle(run_moment(today, self._plan, self._to_local))

    def started(self, now_utc: datetime) -> None:
        """The routine started (from the window or the tray): today needs no reminder."""
        self.not_today(now_utc)

    @property
    def _window_s(self) -> float:
        return self._plan.grace_s + ON_TIME_S

    def _missed(self, now_utc: datetime) -> datetime | None:
        """A run moment at or before now, not yet answered and still within the grace."""
        latest = last_run(now_utc, self._plan, self._to_local)
        if latest is None or (self._handled is not None and latest <= self._handled):
            return None
        return latest if (now_utc - latest).total_seconds() <= self._window_s else None

    def _handle(self, moment: datetime) -> None:
        """Run moments up to ``moment`` are answered."""
        self._handled = moment if self._handled is None else max(self._handled, moment)


@dataclass(frozen=True)
class RoutineRun:
    """One pre-run routine as the history keeps it.

    ``ended_utc`` is None for a routine whose end was never seen (the app quit meanwhile);
    ``felt`` is the user's answer afterwards, if any (e.g. "glutes", "lower back").
    """

    routine: str
    started_utc: datetime
    ended_utc: datetime | None
    steps_done: int
    completed: bool
    felt: str | None = None


class Rating(enum.Enum):
    """How one glute answered the squeeze test."""

    FIRM = "firm"  # contracts hard, like a rock under the hand
    SOFT = "soft"  # a vague, soft squeeze
    THIGH = "thigh"  # the back of the thigh took over


@dataclass(frozen=True)
class Squeeze:
    """One side of one squeeze test."""

    taken_utc: datetime
    side: Side
    rating: Rating


def squeeze_verdict(ratings: dict[Side, Rating]) -> str:
    """What the squeeze test's answers mean, in a sentence or three."""
    if not ratings:
        return "No side rated this time."
    thigh = [side for side, rating in ratings.items() if rating is Rating.THIGH]
    soft = [side for side, rating in ratings.items() if rating is Rating.SOFT]
    if not thigh and not soft:
        return "Your glutes answer: they are awake. The routine keeps them that way."
    parts = []
    if thigh:
        parts.append(f"{_sides(thigh)} let the thigh take over.")
    if soft:
        parts.append(f"{_sides(soft)} answered softly.")
    parts.append("The routine wakes your glutes up before you run.")
    return " ".join(parts)


def _sides(sides: list[Side]) -> str:
    return "Both sides" if len(sides) == 2 else f"Your {sides[0].value} side"


def sitting_summary(totals: DayTotals) -> str:
    """One line about today's sitting for the pre-run window."""
    if totals.sitting_s < 60:
        return "Hardly any sitting counted today."
    text = f"You sat {human_duration(totals.sitting_s)} today"
    if totals.longest_stretch_s >= 60:
        text += f"; longest stretch {human_duration(totals.longest_stretch_s)}"
    return text + "."


def _offset(moment_utc: datetime, to_local: ToLocal) -> timedelta:
    return _naive_local(moment_utc, to_local) - moment_utc.replace(tzinfo=None)


def _naive_local(moment_utc: datetime, to_local: ToLocal) -> datetime:
    return to_local(moment_utc).replace(tzinfo=None)
