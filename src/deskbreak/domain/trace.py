"""Activity traces: the text format of docs/traces.md, parsed and replayed on a virtual desk."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from deskbreak.domain.durations import DurationError, format_duration, parse_duration
from deskbreak.domain.events import Event
from deskbreak.domain.ledger import Ledger
from deskbreak.domain.replay import VirtualDesk
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import DayTotals
from deskbreak.domain.tracker import FULLSCREEN, MEETING, Tracker

_LINE = re.compile(
    r"(?P<day>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s+(?P<rest>.*)$"
)
SPAN_KINDS = ("active", "idle", "lock", "suspend", "fullscreen")
ACTIONS = ("done", "snooze", "skip", "pause", "resume", "standing", "meeting")
KINDS = (*SPAN_KINDS, "input", "action")


class TraceError(ValueError):
    """A line that does not fit the format; ``line`` counts from 1."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Entry:
    """One trace line: local wall time, kind, a duration where the kind takes one, an argument."""

    line: int
    when: datetime  # naive, local
    kind: str
    seconds: float | None = None
    argument: str | None = None

    @property
    def label(self) -> str:
        """The line's kind as written, for messages: ``action snooze``, ``active``."""
        return f"action {self.argument}" if self.kind == "action" else self.kind

    @property
    def text(self) -> str:
        """The entry as a trace line, e.g. ``2026-11-16 09:00:00  active 1h5m``."""
        words = [self.label]
        if self.seconds is not None:
            words.append(format_duration(self.seconds))
        return f"{self.when:%Y-%m-%d %H:%M:%S}  {' '.join(words)}"


def parse_trace(lines: Iterable[str]) -> list[Entry]:
    """Every entry of a trace, or TraceError for the first bad line."""
    entries: list[Entry] = []
    # The last idle, lock or suspend line: the replay lets its time pass, so nothing can
    # happen before its end (activity, which does not move time, may overlap later lines).
    passing: Entry | None = None
    for number, raw in enumerate(lines, start=1):
        text = raw.split("#", 1)[0].strip()
        if not text:
            continue
        entry = _parse_line(number, text)
        if entries and entry.when < entries[-1].when:
            raise TraceError(
                number,
                f"expected lines in time order, but {entry.when:%Y-%m-%d %H:%M:%S} comes "
                f"before line {entries[-1].line} ({entries[-1].when:%Y-%m-%d %H:%M:%S})",
            )
        if passing is not None and entry.when < _end(passing):
            raise TraceError(
                number,
                f"expected lines in time order, but {entry.when:%Y-%m-%d %H:%M:%S} comes "
                f"before the end of line {passing.line} ({passing.kind} "
                f"{format_duration(passing.seconds or 0.0)} until "
                f"{_end(passing):%Y-%m-%d %H:%M:%S})",
            )
        if entry.kind in ("idle", "lock", "suspend"):
            passing = entry
        entries.append(entry)
    return entries


def _end(entry: Entry) -> datetime:
    """When a line's span ends, in the trace's wall time."""
    return entry.when + timedelta(seconds=entry.seconds or 0.0)


@functools.lru_cache(maxsize=4096)
def _seconds(text: str) -> float:
    # A year of trace writes a few thousand different durations many times over; parsing
    # them once each is a tenth of a long replay.
    return parse_duration(text)


def _duration(number: int, text: str, what: str) -> float:
    try:
        return _seconds(text)
    except DurationError:
        raise TraceError(
            number, f"expected {what} such as 45m, 1h30m or 20s, got {text!r}"
        ) from None


def _parse_line(number: int, text: str) -> Entry:
    match = _LINE.match(text)
    if match is None:
        raise TraceError(
            number,
            f"expected 'YYYY-MM-DD HH:MM[:SS]  KIND [DURATION] [ARGS]', got {text!r}",
        )
    try:
        hour, rest = match["time"].split(":", 1)
        when = datetime.fromisoformat(f"{match['day']}T{hour:0>2}:{rest}")
    except ValueError:
        raise TraceError(
            number, f"expected a real date and time, got {match['day']} {match['time']}"
        ) from None
    words = match["rest"].split()
    kind, args = words[0], words[1:]
    if kind in SPAN_KINDS:
        if len(args) != 1:
            raise TraceError(number, f"expected '{kind} DURATION', got {match['rest']!r}")
        return Entry(number, when, kind, seconds=_duration(number, args[0], "a duration"))
    if kind == "input":
        if args:
            raise TraceError(
                number, f"expected 'input' with nothing after it, got {match['rest']!r}"
            )
        return Entry(number, when, kind)
    if kind == "action":
        return _parse_action(number, when, args)
    raise TraceError(number, f"expected one of {', '.join(KINDS)}, got {kind!r}")


def _parse_action(number: int, when: datetime, args: list[str]) -> Entry:
    if not args or args[0] not in ACTIONS:
        got = args[0] if args else "nothing"
        raise TraceError(number, f"expected an action ({', '.join(ACTIONS)}), got {got!r}")
    name, rest = args[0], args[1:]
    if name in ("done", "skip", "resume"):
        if rest:
            raise TraceError(number, f"expected 'action {name}' with nothing after it")
        return Entry(number, when, "action", argument=name)
    if name == "snooze":
        if len(rest) > 1:
            raise TraceError(number, "expected 'action snooze [DURATION]'")
        seconds = _duration(number, rest[0], "a snooze time") if rest else None
        return Entry(number, when, "action", seconds=seconds, argument=name)
    if name in ("pause", "meeting"):
        if len(rest) != 1:
            raise TraceError(number, f"expected 'action {name} DURATION'")
        return Entry(number, when, "action", _duration(number, rest[0], f"a {name}"), name)
    if len(rest) != 1 or rest[0] not in ("on", "off"):
        raise TraceError(number, "expected 'action standing on' or 'action standing off'")
    return Entry(number, when, "action", argument=f"standing {rest[0]}")


def _hold_fullscreen(tracker: Tracker, *, seconds: float) -> list[Event]:
    return tracker.hold(FULLSCREEN, seconds)


def _action(entry: Entry) -> Callable[[Tracker], list[Event] | None]:
    name = entry.argument or ""
    if name == "done":
        return lambda tracker: tracker.done()
    if name == "snooze":
        return lambda tracker: tracker.snooze(entry.seconds)
    if name == "skip":
        return lambda tracker: tracker.skip()
    if name == "pause":
        return lambda tracker: tracker.pause(entry.seconds)
    if name == "resume":
        return lambda tracker: tracker.resume()
    if name == "meeting":
        return lambda tracker: tracker.hold(MEETING, entry.seconds)
    on = name == "standing on"
    return lambda tracker: tracker.standing(on=on)


def play(desk: VirtualDesk, entry: Entry, moment: float) -> bool:
    """Play one entry on ``desk`` at ``moment`` (its monotonic time: the UTC timestamp).

    False when the entry was an answer with no prompt open, which the tracker ignored.
    """
    desk.run_until(moment)
    seconds = entry.seconds or 0.0
    if entry.kind == "active":
        desk.add_activity(desk.now, seconds)
        desk.run_until(desk.now)
    elif entry.kind == "input":
        desk.input()
    elif entry.kind == "idle":
        desk.wait(seconds)
    elif entry.kind == "lock":
        desk.lock(seconds)
    elif entry.kind == "suspend":
        desk.suspend(seconds)
    elif entry.kind == "fullscreen":
        # The app checks for a full-screen window when a break falls due and while one
        # holds it; a trace knows the exact span, which is what those checks find.
        desk.act(partial(_hold_fullscreen, seconds=seconds))
    else:
        return desk.act(_action(entry))
    return True


@dataclass
class Replay:
    """The outcome of replaying a trace: events in order, day totals, ignored actions."""

    events: list[Event]
    days: list[DayTotals]
    ignored: list[Entry]
    samples: int


def replay(
    entries: list[Entry],
    settings: Settings,
    *,
    to_utc: Callable[[datetime], datetime],
    to_local: Callable[[datetime], datetime],
) -> Replay:
    """Replay ``entries`` on a virtual desk; ``to_utc``/``to_local`` convert trace local time."""
    ledger = Ledger(settings.time_of_day("day.start"), to_local)
    if not entries:
        return Replay([], [], [], 0)
    desk = VirtualDesk(settings, to_utc(entries[0].when))
    ignored: list[Entry] = []
    for entry in entries:
        if not play(desk, entry, to_utc(entry.when).timestamp()):
            ignored.append(entry)
    desk.finish()
    ledger.add(desk.events)
    first, last = ledger.day(to_utc(entries[0].when)), ledger.day(desk.clock.now())
    days = [ledger.totals(day) for day in _days(first, last)]
    return Replay(desk.events, days, ignored, desk.samples)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
