"""Synthetic history: a seeded, plausible office worker's days, replayed through the real tracker.

The generator writes an activity trace (docs/traces.md) of a person's days and plays each line
on a virtual desk as it goes, answering break prompts the way a person would; the stored
events are what the tracker made of it, so they are consistent by construction. For the stats
window, benchmarks and tests; pure and deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from deskbreak.domain.evening import Rating, RoutineRun, Squeeze
from deskbreak.domain.events import (
    BreakDue,
    Event,
    PromptClosed,
    StandingEnded,
    State,
    StretchEnded,
)
from deskbreak.domain.exercises import Side
from deskbreak.domain.replay import VirtualDesk
from deskbreak.domain.settings import Settings
from deskbreak.domain.trace import Entry, play
from deskbreak.domain.tracker import Tracker

ROUTINE = "glute-wake-up"
"""The pre-run routine the synthetic person plays, and its number of steps."""
ROUTINE_STEPS = 5

STORED: tuple[type[Event], ...] = (BreakDue, PromptClosed, StandingEnded, StretchEnded)
"""The event kinds the history database keeps, in the order it sorts those of one moment."""

# Days off work wherever the person lives (month, day); vacations and sick days come on top.
HOLIDAYS = frozenset({(1, 1), (5, 1), (10, 3), (12, 24), (12, 25), (12, 26), (12, 31)})

DAY_KINDS = ("work", "weekend", "holiday", "vacation", "sick")
"""What a day can be: work days have the office routine; the rest at most light use."""

_MINUTE = 60


@dataclass(frozen=True)
class SyntheticHistory:
    """What :func:`generate_history` made: the trace it played and what came of it.

    ``entries`` are the activity trace, in order (``trace_lines()`` writes it out);
    ``events`` the tracker events the history keeps (stretches, prompts opened and closed,
    standing), in time order; ``routines`` and ``squeezes`` the evenings' pre-run routines
    and squeeze tests; ``calendar`` what each day was, from ``start``: one of
    :data:`DAY_KINDS`.
    """

    start: date
    days: int
    calendar: tuple[str, ...]
    entries: tuple[Entry, ...]
    events: tuple[Event, ...]
    routines: tuple[RoutineRun, ...]
    squeezes: tuple[Squeeze, ...]

    def trace_lines(self) -> Iterator[str]:
        """The activity as an activity trace in local wall time, one line at a time."""
        last = self.start + timedelta(days=self.days - 1)
        yield f"# deskbreak synthetic activity, {self.start} to {last}"
        for entry in self.entries:
            yield entry.text


def generate_history(
    start: date,
    days: int,
    *,
    seed: int,
    settings: Settings,
    tz: tzinfo,
    exercises: Sequence[str] = (),
) -> SyntheticHistory:
    """``days`` days of a person's computer use from ``start``, in the local time of ``tz``.

    Workdays Monday to Friday with meetings, lunch, coffee walks, focused stretches and
    (for some people) a standing desk; weekends mostly off; holidays, vacation weeks and
    sick days. Prompts are answered as a person would: more often with a break early in
    the week and once snoozed. On ``run.days`` the pre-run routine is played most
    evenings, now and then with a squeeze test whose answers improve as the routine is
    kept up. ``exercises`` are offered in turn by the prompts (none named when empty).
    """
    person = _Person(random.Random(seed), settings, tz)
    for number in range(days):
        person.live(start + timedelta(days=number))
    return person.history(start, days, exercises)


class _Writer:
    """Trace entries written in order and played at once on a virtual desk.

    They are played exactly as :func:`deskbreak.domain.trace.replay` plays them, so the
    written trace replays to the same events: the desk is only moved to a moment at which
    the next entry is written (:meth:`look` then :meth:`write` at the same moment).
    """

    def __init__(self, settings: Settings, tz: tzinfo) -> None:
        self._settings = settings
        self._tz = tz
        self.desk: VirtualDesk | None = None
        self.entries: list[Entry] = []
        self.pending = False  # looked at a moment, no entry written there yet

    def moment(self, when: datetime) -> float:
        return when.replace(tzinfo=self._tz).astimezone(UTC).timestamp()

    def look(self, when: datetime) -> Tracker | None:
        """The tracker at ``when`` (None before the first entry); write an entry then next."""
        if self.desk is None:
            return None
        self.desk.run_until(self.moment(when))
        self.pending = True
        return self.desk.tracker

    def write(
        self, when: datetime, kind: str, seconds: float | None = None, argument: str | None = None
    ) -> None:
        entry = Entry(len(self.entries) + 1, when, kind, seconds, argument)
        moment = self.moment(when)
        if self.desk is None:
            self.desk = VirtualDesk(self._settings, datetime.fromtimestamp(moment, UTC))
        play(self.desk, entry, moment)
        self.entries.append(entry)
        self.pending = False

    def last_prompt(self) -> int:
        """The number of the latest prompt that opened (asked only while one is open)."""
        assert self.desk is not None
        return next(e.prompt for e in reversed(self.desk.events) if isinstance(e, BreakDue))


class _Person:
    """One synthetic person: their habits, and the days they lived so far."""

    def __init__(self, rng: random.Random, settings: Settings, tz: tzinfo) -> None:
        self._rng = rng
        self._settings = settings
        self._tz = tz
        self._writer = _Writer(settings, tz)
        self._threshold = settings.seconds("sitting.away_threshold")
        self._unanswered = settings.seconds("breaks.unanswered")
        self._run_days = frozenset(settings["run.days"])
        self._run_time = settings.time_of_day("run.time")
        # Habits that differ from person to person.
        self._standing_desk = rng.random() < 0.5
        self._arrival = rng.uniform(8 * 60, 9 * 60)  # minutes after midnight, on average
        self._diligence = rng.uniform(0.7, 1.1)
        self._sick_until = date.min  # ill up to and including this day
        self._vacations: dict[int, frozenset[date]] = {}  # year -> its vacation days
        self._calendar: list[str] = []
        self._routines: list[RoutineRun] = []
        self._squeezes: list[Squeeze] = []
        self._kept_up = 0  # completed routines so far: the glutes wake up over months
        # Answers depend on the day being lived.
        self._weekday = 0
        self._focused = False

    # ------------------------------------------------------------------------- result

    def history(self, start: date, days: int, exercises: Sequence[str]) -> SyntheticHistory:
        writer = self._writer
        events: list[Event] = []
        if writer.desk is not None:
            writer.desk.finish()
            offered = 0
            for found in writer.desk.events:
                event = found
                if isinstance(found, BreakDue) and exercises:
                    event = replace(found, exercise=exercises[offered % len(exercises)])
                    offered += 1
                if isinstance(event, STORED):
                    events.append(event)
        rank = {kind: number for number, kind in enumerate(STORED)}
        events.sort(key=lambda event: (event.utc, rank[type(event)]))
        return SyntheticHistory(
            start=start,
            days=days,
            calendar=tuple(self._calendar),
            entries=tuple(writer.entries),
            events=tuple(events),
            routines=tuple(self._routines),
            squeezes=tuple(self._squeezes),
        )

    # ----------------------------------------------------------------------- calendar

    def live(self, day: date) -> None:
        rng = self._rng
        weekday = day.weekday()
        self._weekday = weekday
        workday = weekday < 5 and (day.month, day.day) not in HOLIDAYS
        if day.year not in self._vacations:
            self._vacations[day.year] = self._plan_vacations(day.year)
        off = "vacation" if day in self._vacations[day.year] else ""
        if not off and workday and day > self._sick_until and rng.random() < 0.012:
            self._sick_until = day + timedelta(days=rng.randrange(3))
        if not off and day <= self._sick_until:
            off = "sick"
        if off:
            self._calendar.append(off)
        elif workday:
            self._calendar.append("work")
        else:
            self._calendar.append("weekend" if weekday >= 5 else "holiday")
        if off == "sick":
            return
        if workday and not off:
            self._workday(day)
        elif rng.random() < (0.35 if weekday >= 5 and not off else 0.06):
            self._light_use(day)
        self._evening(day, vacation=bool(off))

    def _plan_vacations(self, year: int) -> frozenset[date]:
        """Five and a half weeks off: one in spring, two in summer, one in autumn, and the
        days between Christmas and New Year."""
        rng = self._rng
        summer = rng.randint(27, 32)
        weeks = (rng.randint(12, 20), summer, summer + 1, rng.randint(40, 45))
        days = {
            date.fromisocalendar(year, week, 1) + timedelta(days=number)
            for week in weeks
            for number in range(7)
        }
        days.update(date(year, 12, number) for number in range(27, 31))
        return frozenset(days)

    def _at(self, day: date, minutes: float) -> datetime:
        """A whole-second local wall time ``minutes`` after midnight of ``day``."""
        return datetime.combine(day, time()) + _minutes(minutes)

    def _workday(self, day: date) -> None:
        rng = self._rng
        arrive = self._at(day, rng.gauss(self._arrival, 20))
        run_day = day.weekday() in self._run_days
        leave = arrive + _minutes(rng.gauss(8.5 * 60, 35))
        if day.weekday() == 4:
            leave -= _minutes(rng.uniform(15, 60))
        if run_day:
            leave = min(leave, datetime.combine(day, self._run_time) - _minutes(40))
        lunch = self._at(day, rng.uniform(11.75 * 60, 13 * 60))
        plans: list[tuple[datetime, str, float]] = [(lunch, "lunch", rng.uniform(30, 60) * _MINUTE)]
        for _ in range(rng.choices((0, 1, 2, 3), (25, 35, 25, 15))[0]):
            start = arrive + _minutes(rng.uniform(20, max(30, (leave - arrive).seconds / 60 - 60)))
            plans.append(
                (start.replace(second=0), "meeting", rng.choice((30, 30, 45, 60)) * _MINUTE)
            )
        if rng.random() < 0.4:
            plans.append(
                (arrive + _minutes(rng.uniform(10, 240)), "focus", rng.uniform(60, 120) * _MINUTE)
            )
        if self._standing_desk and rng.random() < 0.6:
            for _ in range(rng.randint(1, 2)):
                start = arrive + _minutes(rng.uniform(30, 7 * 60))
                plans.append((start, "standing", rng.uniform(15, 50) * _MINUTE))
        plans.sort()
        cursor = arrive
        for start, kind, seconds in plans:
            if start < cursor + _minutes(5) or start + timedelta(seconds=seconds) > leave:
                continue  # overlaps what came before, or runs past the end of the day
            cursor = self._work(cursor, start)
            cursor = self._plan(cursor, kind, seconds)
        self._work(cursor, leave)

    def _light_use(self, day: date) -> None:
        rng = self._rng
        cursor = self._at(day, rng.uniform(10 * 60, 14 * 60))
        for _ in range(rng.randint(1, 2)):
            end = cursor + _minutes(rng.uniform(10, 75))
            cursor = self._work(cursor, end)
            cursor += _minutes(rng.uniform(30, 120))

    def _evening(self, day: date, *, vacation: bool) -> None:
        rng = self._rng
        chance = (0.55 if vacation else 0.88) if day.weekday() in self._run_days else 0.03
        if rng.random() >= chance:
            return
        started = self._at(
            day, self._run_time.hour * 60 + self._run_time.minute + rng.uniform(-10, 30)
        )
        started_utc = started.replace(tzinfo=self._tz).astimezone(UTC)
        progress = min(1.0, self._kept_up / 80)
        if rng.random() < 0.07:
            ended = started_utc + timedelta(seconds=rng.uniform(40, 180))
            self._routines.append(RoutineRun(ROUTINE, started_utc, ended, 0, completed=False))
            return
        ended = started_utc + timedelta(seconds=rng.uniform(270, 400))
        felt = "yes" if rng.random() < 0.45 + 0.45 * progress else "not yet"
        self._routines.append(RoutineRun(ROUTINE, started_utc, ended, ROUTINE_STEPS, True, felt))
        self._kept_up += 1
        if rng.random() < 0.3:
            for offset, side, weaker in ((12, Side.LEFT, 0.1), (20, Side.RIGHT, 0.0)):
                self._squeezes.append(
                    Squeeze(
                        started_utc + timedelta(seconds=offset),
                        side,
                        self._rating(max(0.0, progress - weaker)),
                    )
                )

    def _rating(self, progress: float) -> Rating:
        firm = 0.15 + 0.7 * progress
        thigh = 0.45 * (1 - progress)
        draw = self._rng.random()
        if draw < firm:
            return Rating.FIRM
        return Rating.THIGH if draw < firm + thigh else Rating.SOFT

    # -------------------------------------------------------------------------- a day

    def _plan(self, cursor: datetime, kind: str, seconds: float) -> datetime:
        """Do the planned ``kind`` from ``cursor``; the moment it is over."""
        rng = self._rng
        writer = self._writer
        end = cursor + timedelta(seconds=round(seconds))
        if kind == "lunch":
            writer.look(cursor)
            writer.write(cursor, "lock" if rng.random() < 0.6 else "idle", float(round(seconds)))
            return end
        if kind == "focus":
            self._focused = True
            done = self._work(cursor, end, coffee=False)
            self._focused = False
            return done
        if kind == "standing":
            writer.look(cursor)
            writer.write(cursor, "action", argument="standing on")
            return self._work(cursor, end, coffee=False, sit_down=True)
        how = rng.choice(("room", "call", "mode"))
        if how == "room":
            writer.look(cursor)
            writer.write(cursor, "lock" if rng.random() < 0.5 else "idle", float(round(seconds)))
            return end
        writer.look(cursor)
        if how == "call":
            writer.write(cursor, "fullscreen", float(round(seconds)))
        else:
            writer.write(cursor, "action", float(round(seconds)), "meeting")
        return self._work(cursor, end, coffee=False, sparse=True)

    def _work(
        self,
        cursor: datetime,
        until: datetime,
        *,
        coffee: bool = True,
        sit_down: bool = False,
        sparse: bool = False,
    ) -> datetime:
        """Type at the desk from ``cursor`` to about ``until``, answering prompts; the end.

        Between pieces of typing come short pauses (reading, thinking) and, with ``coffee``,
        now and then a walk long enough to be a natural break. ``sit_down`` ends a standing
        period at the end; ``sparse`` is a meeting's occasional typing.
        """
        rng = self._rng
        writer = self._writer
        short_gap = max(5.0, 0.8 * self._threshold)
        while True:
            remaining = (until - cursor).total_seconds()
            if remaining < 30:
                break
            length = rng.uniform(30, 180) if sparse else rng.uniform(3 * _MINUTE, 25 * _MINUTE)
            cursor = self._type(cursor, min(remaining, length))
            if cursor >= until:
                break
            if coffee and rng.random() < 0.1:
                gap = max(self._threshold + _MINUTE, rng.uniform(5 * _MINUTE, 15 * _MINUTE))
            elif sparse:
                gap = rng.uniform(20, min(short_gap, 200))
            else:
                gap = rng.uniform(5, min(short_gap, 90 if rng.random() < 0.8 else 240))
            gap = float(min(round(gap), max(1, round((until - cursor).total_seconds()))))
            writer.look(cursor)
            writer.write(cursor, "idle", gap)
            cursor += timedelta(seconds=gap)
        if sit_down:
            writer.look(cursor)
            writer.write(cursor, "action", argument="standing off")
        if writer.pending:
            # The desk was looked at when typing stopped: a last moment of reading there,
            # so the trace has a line where the generator looked (see _Writer).
            linger = float(rng.randint(5, 60))
            writer.write(cursor, "idle", linger)
            cursor += timedelta(seconds=linger)
        return cursor

    def _type(self, cursor: datetime, seconds: float) -> datetime:
        """Type for ``seconds`` from ``cursor``; a prompt that opens is answered (or not).

        Returns the moment typing ended; the desk has been looked at then, so the caller
        writes its next entry at that moment.
        """
        rng = self._rng
        writer = self._writer
        end = cursor + timedelta(seconds=round(seconds))
        while True:
            tracker = writer.look(cursor)
            if tracker is not None and tracker.prompt_open:
                answer = self._answer(writer.last_prompt(), cursor)
                if answer == "done":
                    writer.write(cursor, "action", argument="done")
                    pause = float(round(rng.uniform(2 * _MINUTE, 8 * _MINUTE)))
                    writer.write(cursor, "idle", pause)
                    cursor += timedelta(seconds=pause)
                    tracker = writer.look(cursor)
                elif answer != "ignore":
                    writer.write(cursor, "action", argument=answer)
            if cursor >= end:
                return cursor
            length = (end - cursor).total_seconds()
            due = None if tracker is None else _due_in(tracker)
            if due is not None and due < length:
                # Typing on until the prompt is noticed.
                react = rng.uniform(4, min(60, 0.7 * self._unanswered))
                length = float(max(1, round(due + react)))
            writer.write(cursor, "active", length)
            cursor += timedelta(seconds=length)

    def _answer(self, prompt: int, when: datetime) -> str:
        """How the person answers prompt number ``prompt`` of a stretch at ``when``."""
        rested = 1.0 - 0.08 * self._weekday - (0.12 if when.hour >= 14 else 0.0)
        done = 0.4 * rested * self._diligence + 0.12 * (prompt - 1)
        if self._focused:
            done *= 0.4
        done = min(0.85, done)
        draw = self._rng.random()
        if draw < done:
            return "done"
        if draw < done + 0.12:
            return "ignore"
        if draw < done + 0.25:
            return "skip"
        return "snooze"


def _minutes(minutes: float) -> timedelta:
    """``minutes`` rounded to whole seconds: trace lines carry whole seconds."""
    return timedelta(seconds=round(minutes * 60))


def _due_in(tracker: Tracker) -> float | None:
    """Seconds until a prompt opens if typing goes on; None when none will open by itself."""
    if tracker.prompt_open or tracker.holds():
        return None
    if tracker.state is State.AWAY:
        return tracker.settings.seconds("breaks.interval")
    if tracker.state is State.STANDING:
        return None
    left = tracker.to_break()
    return None if left is None or left <= 0 else left
