"""A virtual desk: known keyboard/mouse activity, a virtual clock, and the real tracker.

The tracker is sampled exactly when it asks (``next_wakeup()``) and when the idle source
would report the user's return, like the shell does; nothing else. Tests tell stories with
it and ``deskbreak simulate`` replays activity traces through it.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from deskbreak.domain.clock import FakeClock
from deskbreak.domain.events import BreakReason, Event, State
from deskbreak.domain.settings import Settings
from deskbreak.domain.tracker import MAX_SLEEP_S, Tracker

# How often a person at work touches keyboard or mouse during "active" time.
INPUT_STEP_S = 5.0


class _Inputs:
    """Input moments as spans ``(start, end)``: an input at start, every step, and at end."""

    def __init__(self, step: float) -> None:
        self._step = step
        self._starts: list[float] = []
        self._ends: list[float] = []
        self._longest = 0.0

    def add(self, start: float, end: float) -> None:
        index = bisect.bisect_right(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        self._longest = max(self._longest, end - start)

    def _last_in(self, index: int, moment: float) -> float:
        start, end = self._starts[index], self._ends[index]
        if moment >= end:
            return end
        return start + math.floor((moment - start) / self._step) * self._step

    def _next_in(self, index: int, after: float) -> float | None:
        """The first input of a span that began at or before ``after``, strictly after it."""
        start, end = self._starts[index], self._ends[index]
        if after >= end:
            return None
        return min(end, start + (math.floor((after - start) / self._step) + 1) * self._step)

    def last_before(self, moment: float) -> float | None:
        """The latest input at or before ``moment``."""
        best: float | None = None
        index = bisect.bisect_right(self._starts, moment) - 1
        while index >= 0:
            if best is not None and self._starts[index] + self._longest < best:
                break
            candidate = self._last_in(index, moment)
            best = candidate if best is None else max(best, candidate)
            index -= 1
        return best

    def first_after(self, moment: float) -> float | None:
        """The earliest input strictly after ``moment``."""
        best: float | None = None
        index = bisect.bisect_right(self._starts, moment)
        if index < len(self._starts):
            best = self._starts[index]
        index -= 1
        while index >= 0 and self._starts[index] + self._longest > moment:
            candidate = self._next_in(index, moment)
            if candidate is not None and (best is None or candidate < best):
                best = candidate
            index -= 1
        return best


class VirtualDesk:
    """The tracker at a desk whose every input is known in advance.

    Monotonic time is the POSIX timestamp of the wall time, so events read naturally.
    ``signals_return`` says whether the idle source reports the first input after a break
    (Mutter, the simulated source) or the tracker has to poll for it (X11).
    """

    def __init__(
        self,
        settings: Settings,
        start: datetime,
        *,
        signals_return: bool = True,
        step: float = INPUT_STEP_S,
        listener: Callable[[Event], None] | None = None,
        extra_samples: Iterable[float] = (),
    ) -> None:
        start_utc = start.astimezone(UTC)
        self.clock = FakeClock(mono=start_utc.timestamp(), wall=start_utc)
        self.tracker = Tracker(settings, self.clock, signals_return=signals_return)
        self._tracker = self.tracker
        # (tracker revision, monotonic moment, next_wakeup() then): see _next_wakeup.
        self._wake_memo = (-1, -math.inf, -math.inf)
        self.events: list[Event] = []
        self.samples = 0
        self._inputs = _Inputs(step)
        self._signals_return = signals_return
        self._sampled = -math.inf
        self._blocked = False
        self._listener = listener
        # The shell also samples off-schedule (a status request, a click); the answers
        # must not change. Seconds after ``start``.
        self._extra = sorted(self.clock.mono + offset for offset in extra_samples)

    # ------------------------------------------------------------------------ reading

    @property
    def now(self) -> float:
        return self.clock.mono

    def idle(self, moment: float) -> float:
        """What the idle source answers at ``moment``: seconds since the last input."""
        last = self._inputs.last_before(moment)
        # Before any input the machine has been idle since long before the story began.
        return moment - last if last is not None else moment - self._origin()

    def _origin(self) -> float:
        return min(self.now, self._inputs.first_after(-math.inf) or self.now) - 86400.0

    # -------------------------------------------------------------------------- story

    def active(self, seconds: float) -> None:
        """Input every few seconds from now for ``seconds``, then continue to its end."""
        self.add_activity(self.now, seconds)
        self.run_until(self.now + seconds)

    def add_activity(self, start: float, seconds: float) -> None:
        """Record activity without moving time (a trace line; later lines move time)."""
        self._inputs.add(start, start + max(0.0, seconds))
        # An input at a moment already sampled is still news to the idle source's watch.
        self._sampled = min(self._sampled, math.nextafter(start, -math.inf))

    def input(self) -> None:
        """One input now."""
        self.add_activity(self.now, 0.0)
        self.run_until(self.now)

    def wait(self, seconds: float) -> None:
        """Let time pass with no new input."""
        self.run_until(self.now + seconds)

    def lock(self, seconds: float) -> None:
        """The screen is locked for ``seconds``; the app keeps running."""
        self.run_until(self.now)
        self._sample()
        self._record(self.tracker.session_away(BreakReason.LOCK))
        self._blocked = True
        self.run_until(self.now + seconds)
        self._blocked = False
        self._record(self.tracker.session_back())
        self.run_until(self.now)

    def suspend(self, seconds: float) -> None:
        """The computer sleeps for ``seconds``: nothing runs, then it resumes."""
        self.run_until(self.now)
        self._sample()
        self._record(self.tracker.session_away(BreakReason.SUSPEND))
        self.clock.advance(seconds)
        self._record(self.tracker.session_back())
        self.run_until(self.now)

    def act(self, action: Callable[[Tracker], list[Event] | None]) -> bool:
        """A user action now, after a fresh sample; False when the tracker ignored it."""
        self.run_until(self.now)
        self._sample()
        events = action(self.tracker)
        if events is None:
            return False
        self._record(events)
        self.run_until(self.now)
        return True

    def finish(self, *, limit: float = 2 * 86400.0) -> None:
        """Play every recorded input, then run on until the running stretch has ended."""
        deadline = self.now + limit
        last = self._inputs.last_before(math.inf)
        if last is not None:
            # Typing may go on after the last line, even when the tracker is away there
            # (a Done click mid-activity). A polling source sees it only at its next poll.
            settings = self.tracker.settings
            poll = 0.0 if self._signals_return else settings.seconds("sitting.away_poll")
            self.run_until(max(self.now, last + poll))
        while self.tracker.state is State.SITTING and self.now < deadline:
            self.run_until(min(deadline, self.tracker.next_wakeup()))

    # ------------------------------------------------------------------------- engine

    def run_until(self, moment: float) -> None:
        """Sample the tracker at every moment it asks for up to ``moment``, then stop there."""
        # The replay's inner loop: a year of trace passes here some fifty thousand times,
        # so attributes are looked up once.
        clock, extra = self.clock, self._extra
        while True:
            wake = self._next_wakeup()
            returning = self._return_moment()
            if returning is not None and returning < wake:
                wake = returning
            if extra:
                while extra and extra[0] < clock.mono:
                    extra.pop(0)
                if extra and extra[0] < wake:
                    wake = extra[0]
            if wake > moment:
                break
            if wake > clock.mono:
                clock.advance(wake - clock.mono)
            if extra and extra[0] <= clock.mono:
                extra.pop(0)
            self._sample()
        if moment > clock.mono:
            clock.advance(moment - clock.mono)

    def _next_wakeup(self) -> float:
        """``tracker.next_wakeup()``, reused while the tracker is unchanged.

        It is ``max(now, min(now + MAX_SLEEP_S, pending))``: an answer below its moment's
        ``now + MAX_SLEEP_S`` was ``pending`` itself, and stays so while still ahead.
        """
        tracker = self._tracker
        revision, then, wake = self._wake_memo
        now = self.clock.mono
        if revision == tracker.revision and now < wake < then + MAX_SLEEP_S:
            return wake
        wake = tracker.next_wakeup()
        self._wake_memo = (tracker.revision, now, wake)
        return wake

    def _return_moment(self) -> float | None:
        """When a signalling idle source would report the user back at the desk."""
        if not self._signals_return or self._blocked or self.tracker.state is not State.AWAY:
            return None
        upcoming = self._inputs.first_after(self._sampled)
        return None if upcoming is None else max(upcoming, self.clock.mono)

    def _sample(self) -> None:
        self.samples += 1
        now = self._sampled = self.clock.mono
        self._record(self.tracker.sample(self.idle(now)))

    def _record(self, events: list[Event]) -> None:
        self.events.extend(events)
        if self._listener is not None:
            for event in events:
                self._listener(event)


def at(day: str, clock_time: str, zone: timedelta = timedelta()) -> datetime:
    """A UTC moment from a local ``YYYY-MM-DD`` and ``HH:MM[:SS]`` at offset ``zone``; for tests."""
    naive = datetime.fromisoformat(f"{day}T{clock_time}")
    return (naive - zone).replace(tzinfo=UTC)
