"""The sitting tracker: turns idle-time samples, session events and user actions into events.

Pure: time comes from the injected clock and the idle readings the shell passes in.
See docs/architecture.md ("The sitting model") for the rules and the accuracy bounds.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from deskbreak.domain.clock import Clock
from deskbreak.domain.events import (
    BreakDue,
    BreakPostponed,
    BreakReason,
    BreakWarning,
    Event,
    HoldEnded,
    HoldStarted,
    Outcome,
    PauseEnded,
    PauseStarted,
    PromptClosed,
    PromptHeld,
    SessionAway,
    SessionBack,
    StandingEnded,
    StandingStarted,
    State,
    StretchEnded,
    StretchStarted,
)
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import Checkpoint, DayTotals, Snapshot

# Idle readings jitter by a few milliseconds against our clock; a "last input" that moved
# less than this is the same input seen twice.
INPUT_TOLERANCE_S = 0.25
# With nothing else to wait for, the tracker still wants one sample an hour.
MAX_SLEEP_S = 3600.0
PAUSE = "pause"
MEETING = "meeting"
FULLSCREEN = "fullscreen"
RESUMING = "resume"  # the quiet minute after unlock or wake-up


class Due(enum.Enum):
    """What set the next due point: a full interval gets a warning, a snooze does not."""

    INTERVAL = "interval"
    SNOOZE = "snooze"


@dataclass
class _Stretch:
    start: float
    start_utc: datetime
    banked: float = 0.0  # sitting seconds of closed segments
    segment_start: float | None = None  # None while standing
    segment_start_utc: datetime | None = None
    segments: list[tuple[datetime, datetime]] = field(default_factory=list)
    due_sitting: float = 0.0
    due_kind: Due = Due.INTERVAL
    warned: bool = False
    held_notice: bool = False
    prompts: int = 0
    prompt_opened: float | None = None  # monotonic moment the open prompt appeared

    def sitting(self, moment: float) -> float:
        if self.segment_start is None:
            return self.banked
        return self.banked + max(0.0, moment - self.segment_start)


class Tracker:
    """The sitting model of DESIGN.md as one state machine.

    Call ``sample(idle_s)`` whenever ``next_wakeup()`` says, on user input the idle source
    reports, and before every action. Each call returns the events it caused, in order;
    an event's ``at`` may lie in the past (a stretch ends at the last input, which is known
    only once the gap has lasted the away threshold).

    ``signals_return``: the idle source reports the first input after a break, so while
    away no polling is needed; otherwise the tracker asks for a sample every
    ``sitting.away_poll`` and a stretch's start is known to within that.
    """

    def __init__(self, settings: Settings, clock: Clock, *, signals_return: bool) -> None:
        self._settings = settings
        self._clock = clock
        self._signals_return = signals_return
        self._processed = clock.monotonic()
        self._last_input: float | None = None
        self._sampled = self._processed  # the moment of the latest idle reading
        # Inputs at or before this moment start nothing: at start-up, an input older than
        # the away threshold belongs to a break that is already over.
        self._boundary = self._processed - settings.seconds("sitting.away_threshold")
        self._stretch: _Stretch | None = None
        self._standing_since: float | None = None
        self._standing_utc: datetime | None = None
        self._standing_counted = False
        self._holds: dict[str, float | None] = {}  # name -> monotonic end, None = until released
        self._block: BreakReason | None = None
        self._block_start = 0.0
        self._block_in_gap: BreakReason | None = None
        self._events: list[Event] = []
        self._revision = 0

    # ----------------------------------------------------------------- settings and state

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def revision(self) -> int:
        """A count that moves on whenever the tracker may have changed.

        Every public call that changes the tracker catches its timeline up or hands out its
        events, and both count; queries do not. While it stands still, what
        :meth:`next_wakeup` said still holds (up to its ``MAX_SLEEP_S`` horizon): the replay
        reuses the answer instead of asking again.
        """
        return self._revision

    def apply_settings(self, settings: Settings) -> list[Event]:
        """Use new settings from now on; a running stretch keeps its sitting time.

        A stretch that has not been prompted yet moves its due point to the new interval.
        """
        now = self._catch_up()
        self._settings = settings
        stretch = self._stretch
        if stretch is not None and stretch.prompts == 0 and stretch.due_kind is Due.INTERVAL:
            stretch.due_sitting = settings.seconds("breaks.interval")
            stretch.warned = stretch.warned and stretch.sitting(now) >= stretch.due_sitting
        return self._drain()

    @property
    def state(self) -> State:
        if self._standing_since is not None:
            return State.STANDING
        if self._stretch is not None:
            return State.SITTING
        return State.AWAY

    @property
    def prompt_open(self) -> bool:
        return self._stretch is not None and self._stretch.prompt_opened is not None

    @property
    def paused_until(self) -> float | None:
        """The monotonic end of a pause, or None when prompts are not paused."""
        if PAUSE not in self._holds:
            return None
        end = self._holds[PAUSE]
        return float("inf") if end is None else end

    def sitting(self) -> float:
        """Sitting seconds of the running stretch so far (0 while away)."""
        if self._stretch is None:
            return 0.0
        return self._stretch.sitting(self._now())

    def to_break(self) -> float | None:
        """Sitting seconds left until the next prompt; None while away."""
        if self._stretch is None:
            return None
        return self._stretch.due_sitting - self._stretch.sitting(self._now())

    def running_segments(self) -> list[tuple[datetime, datetime]]:
        """The running stretch's sitting parts up to now, in UTC, for today's totals."""
        stretch = self._stretch
        if stretch is None:
            return []
        parts = list(stretch.segments)
        if stretch.segment_start is not None and stretch.segment_start_utc is not None:
            now = self._now()
            if now > stretch.segment_start:
                parts.append((stretch.segment_start_utc, self._utc(now)))
        return parts

    def snapshot(self, today: DayTotals, *, manual: bool = False) -> Snapshot:
        now = self._now()
        pause_end = self.paused_until
        paused_until = None
        if pause_end is not None:
            paused_until = self._utc(min(pause_end, now + 10 * 365 * 86400.0))
        standing = 0.0 if self._standing_since is None else now - self._standing_since
        meeting_end = self._holds.get(MEETING)
        return Snapshot(
            state=self.state,
            sitting_s=self.sitting(),
            interval_s=self._settings.seconds("breaks.interval"),
            to_break_s=self.to_break(),
            prompt_open=self.prompt_open,
            paused_until=paused_until,
            standing_s=standing,
            today=today,
            manual=manual,
            held=tuple(sorted(name for name in self._holds if name != PAUSE)),
            meeting_until=None if meeting_end is None else self._utc(meeting_end),
        )

    # ------------------------------------------------------------------------- samples

    def sample(self, idle_s: float) -> list[Event]:
        """Take an idle reading (seconds since the last keyboard or mouse input) now."""
        now = self._now()
        self._sampled = now
        seen = now - max(0.0, idle_s)
        new_input: float | None = None
        if (
            self._block is None
            and seen > self._boundary + INPUT_TOLERANCE_S
            and (self._last_input is None or seen > self._last_input + INPUT_TOLERANCE_S)
        ):
            new_input = min(seen, now)
        self._advance(now, new_input)
        return self._drain()

    def next_wakeup(self) -> float:
        """The monotonic moment the tracker next needs a sample (never in the past)."""
        now = self._now()
        moments = [now + MAX_SLEEP_S]
        pending = self._next_moment()
        if pending is not None:
            moments.append(pending[0])
        if self._stretch is None and self._standing_since is None and not self._signals_return:
            moments.append(self._sampled + self._settings.seconds("sitting.away_poll"))
        return max(now, min(moments))

    # ------------------------------------------------------------------------- actions

    def done(self) -> list[Event] | None:
        """The user took the break the prompt asked for; None when no prompt is open."""
        now = self._catch_up()
        stretch = self._stretch
        if stretch is None or stretch.prompt_opened is None:
            return None
        self._close_prompt(now, Outcome.DONE, next_due_in=None)
        self._end_stretch(now, BreakReason.DONE)
        self._boundary = now
        return self._drain()

    def snooze(self, seconds: float | None = None) -> list[Event] | None:
        """Ask again after ``seconds`` of sitting (default breaks.snooze); None if no prompt."""
        now = self._catch_up()
        stretch = self._stretch
        if stretch is None or stretch.prompt_opened is None:
            return None
        delay = self._settings.seconds("breaks.snooze") if seconds is None else max(0.0, seconds)
        self._reschedule(now, Due.SNOOZE, delay)
        self._close_prompt(now, Outcome.SNOOZED, next_due_in=delay)
        return self._drain()

    def skip(self) -> list[Event] | None:
        """Skip this break: ask again after a full interval. None if no prompt is open."""
        now = self._catch_up()
        stretch = self._stretch
        if stretch is None or stretch.prompt_opened is None:
            return None
        delay = self._settings.seconds("breaks.interval")
        self._reschedule(now, Due.INTERVAL, delay)
        self._close_prompt(now, Outcome.SKIPPED, next_due_in=delay)
        return self._drain()

    def pause(self, seconds: float | None) -> list[Event]:
        """Silence prompts for ``seconds`` (None: until resumed). Sitting is still counted."""
        now = self._catch_up()
        end = None if seconds is None else now + max(0.0, seconds)
        self._hold(now, PAUSE, end)
        until = None if end is None else self._utc(end)
        self._emit(PauseStarted(now, self._utc(now), until_utc=until))
        return self._drain()

    def resume(self) -> list[Event]:
        """End a pause; a break that fell due meanwhile is asked for now."""
        now = self._catch_up()
        if PAUSE in self._holds:
            self._release(now, PAUSE)
        return self._drain()

    def hold(self, reason: str, seconds: float | None = None) -> list[Event]:
        """Hold prompts for a reason other than pause (meeting, full screen, ...).

        Holding again for the same reason sets a new end. Released by ``release`` or
        when ``seconds`` have passed.
        """
        now = self._catch_up()
        end = None if seconds is None else now + max(0.0, seconds)
        self._hold(now, reason, end)
        until = None if end is None else self._utc(end)
        self._emit(HoldStarted(now, self._utc(now), reason=reason, until_utc=until))
        return self._drain()

    def holds(self) -> dict[str, datetime | None]:
        """What holds prompts now, with the UTC end of each (None: until released)."""
        return {name: None if end is None else self._utc(end) for name, end in self._holds.items()}

    def request_break(self) -> list[Event] | None:
        """The user asks for a break now: a prompt opens at once, holds or not.

        None when there is no stretch to break or a prompt is already open.
        """
        now = self._catch_up()
        stretch = self._stretch
        if stretch is None or stretch.prompt_opened is not None or stretch.segment_start is None:
            return None
        self._open_prompt(stretch, now, requested=True)
        return self._drain()

    def postpone(self, seconds: float) -> list[Event] | None:
        """Move the next break ``seconds`` of sitting later before it is asked for.

        None when no stretch is running or a prompt is open (answer that instead).
        """
        now = self._catch_up()
        stretch = self._stretch
        if stretch is None or stretch.prompt_opened is not None:
            return None
        sitting = stretch.sitting(now)
        stretch.due_sitting = max(stretch.due_sitting, sitting) + max(0.0, seconds)
        stretch.warned = False
        stretch.held_notice = False
        self._emit(BreakPostponed(now, self._utc(now), next_due_in_s=stretch.due_sitting - sitting))
        return self._drain()

    def release(self, reason: str) -> list[Event]:
        now = self._catch_up()
        if reason in self._holds:
            self._release(now, reason)
        return self._drain()

    def standing(self, *, on: bool) -> list[Event]:
        """The user stands at a standing desk (``on``) or sits down again."""
        now = self._catch_up()
        if on and self._standing_since is None:
            self._standing_since = now
            self._standing_utc = self._utc(now)
            self._standing_counted = False
            if self._stretch is not None:
                self._close_segment(self._stretch, now)
            self._emit(StandingStarted(now, self._utc(now)))
        elif not on and self._standing_since is not None:
            started_utc = self._standing_utc or self._utc(self._standing_since)
            standing_s = now - self._standing_since
            self._emit(
                StandingEnded(
                    now,
                    self._utc(now),
                    started_utc=started_utc,
                    standing_s=standing_s,
                    counted_as_break=self._standing_counted
                    or standing_s >= self._settings.seconds("sitting.standing_break"),
                )
            )
            self._standing_since = None
            self._standing_utc = None
            # Sitting down is a declaration: the stretch runs from this moment.
            self._last_input = max(now, self._last_input or now)
            if self._stretch is None:
                self._start_stretch(now)
            else:
                self._open_segment(self._stretch, now)
        return self._drain()

    def session_away(self, reason: BreakReason) -> list[Event]:
        """The screen locked or the computer is going to sleep: inputs no longer count."""
        now = self._catch_up()
        if self._block is None:
            self._block = reason
            self._block_start = now
            if self._stretch is not None:
                self._block_in_gap = reason
            self._emit(SessionAway(now, self._utc(now), reason=reason))
        return self._drain()

    def session_back(self) -> list[Event]:
        """The screen unlocked or the computer woke up."""
        now = self._catch_up()
        if self._block is not None:
            reason = self._block
            self._emit(
                SessionBack(now, self._utc(now), reason=reason, away_s=now - self._block_start)
            )
            self._block = None
            # What was typed on the lock screen started nothing.
            self._boundary = max(self._boundary, now)
            quiet = self._settings.seconds("breaks.after_resume")
            if quiet > 0:
                # Nobody wants a prompt while still finding their windows.
                self._hold(now, RESUMING, now + quiet)
        return self._drain()

    # --------------------------------------------------------------- crash checkpoint

    def checkpoint(self) -> Checkpoint | None:
        """The running stretch in a form that survives a crash; None while away."""
        stretch = self._stretch
        if stretch is None or self._last_input is None:
            return None
        now = self._now()
        return Checkpoint(
            started_utc=stretch.start_utc,
            last_input_utc=self._utc(self._last_input),
            sitting_s=stretch.sitting(now),
            saved_utc=self._utc(now),
        )

    def restore(self, checkpoint: Checkpoint) -> list[Event]:
        """Continue a stretch saved before a crash, or close it at its last input.

        Wall-clock arithmetic is unavoidable here: the monotonic clock restarted with the
        process. A saved moment in the future (clock set back) counts as now.
        """
        if self._stretch is not None:
            return []
        now = self._now()
        now_utc = self._utc(now)

        def ago(moment_utc: datetime) -> float:
            return max(0.0, (now_utc - moment_utc).total_seconds())

        last_input = now - ago(checkpoint.last_input_utc)
        saved = now - ago(checkpoint.saved_utc)
        stretch = _Stretch(
            start=now - ago(checkpoint.started_utc), start_utc=checkpoint.started_utc
        )
        stretch.due_sitting = max(self._settings.seconds("breaks.interval"), checkpoint.sitting_s)
        self._stretch = stretch
        self._last_input = last_input
        # Only the total survived; the parts are laid out back to back before the end.
        if now - last_input < self._settings.seconds("sitting.away_threshold"):
            stretch.banked = checkpoint.sitting_s
            if stretch.banked > 0:
                stretch.segments.append((self._utc(saved - stretch.banked), self._utc(saved)))
            self._open_segment(stretch, saved)
        else:
            # Sitting at the checkpoint counted the gap after the last input provisionally.
            stretch.banked = max(0.0, checkpoint.sitting_s - max(0.0, saved - last_input))
            if stretch.banked > 0:
                stretch.segments.append(
                    (self._utc(last_input - stretch.banked), self._utc(last_input))
                )
            self._end_stretch(last_input, BreakReason.IDLE)
        return self._drain()

    # -------------------------------------------------------------------- the timeline

    def _now(self) -> float:
        return max(self._clock.monotonic(), self._processed)

    def _utc(self, moment: float) -> datetime:
        return self._clock.now() - timedelta(seconds=self._clock.monotonic() - moment)

    def _emit(self, event: Event) -> None:
        self._events.append(event)

    def _drain(self) -> list[Event]:
        self._revision += 1
        events, self._events = self._events, []
        return events

    def _catch_up(self) -> float:
        """Bring the timeline to now without a new idle reading (before an action)."""
        now = self._now()
        self._advance(now, None)
        return now

    def _advance(self, now: float, new_input: float | None) -> None:
        """Play every timed moment up to ``now`` in order, with ``new_input`` in its place."""
        self._revision += 1
        while True:
            pending = self._next_moment()
            if new_input is not None and (pending is None or new_input <= pending[0]):
                self._input(new_input)
                new_input = None
                continue
            if pending is None or pending[0] > now:
                break
            moment, action = pending
            action(moment)
        self._processed = max(self._processed, now)

    def _next_moment(self) -> tuple[float, Callable[[float], None]] | None:
        """The earliest moment something happens by itself, with what happens then."""
        candidates: list[tuple[float, int, Callable[[float], None]]] = []
        settings = self._settings
        stretch = self._stretch
        for order, (name, end) in enumerate(sorted(self._holds.items())):
            if end is not None:
                candidates.append((end, 10 + order, self._hold_expired(name)))
        if self._standing_since is not None and stretch is not None:
            candidates.append(
                (self._standing_since + settings.seconds("sitting.standing_break"), 1, self._stood)
            )
        if stretch is not None and self._standing_since is None and self._last_input is not None:
            threshold = settings.seconds("sitting.away_threshold")
            candidates.append((max(self._last_input, stretch.start) + threshold, 0, self._gap))
            if stretch.prompt_opened is not None:
                unanswered = stretch.prompt_opened + settings.seconds("breaks.unanswered")
                candidates.append((unanswered, 3, self._unanswered))
            elif self._block is None:
                # Not standing, so a sitting segment is open. Nothing falls due on a
                # locked or sleeping screen: it is asked for after the user is back.
                assert stretch.segment_start is not None
                due = stretch.segment_start + (stretch.due_sitting - stretch.banked)
                if not self._holds:
                    warning = settings.seconds("breaks.warning")
                    if stretch.due_kind is Due.INTERVAL and warning > 0 and not stretch.warned:
                        candidates.append((due - warning, 4, self._warn))
                    candidates.append((due, 5, self._due))
                elif not stretch.held_notice:
                    candidates.append((due, 5, self._held))
        if not candidates:
            return None
        moment, _, action = min(candidates, key=lambda item: (item[0], item[1]))
        return max(moment, self._processed), action

    # moments -------------------------------------------------------------------------

    def _input(self, moment: float) -> None:
        stretch = self._stretch
        if stretch is None and self._standing_since is None:
            self._last_input = moment
            self._start_stretch(moment)
            return
        self._last_input = moment
        if stretch is not None and self._block_in_gap is not None and self._block is None:
            self._block_in_gap = None

    def _gap(self, moment: float) -> None:
        """The gap since the last input reached the away threshold: a natural break."""
        stretch = self._stretch
        assert stretch is not None
        assert self._last_input is not None
        end = max(self._last_input, stretch.start)
        reason = self._block_in_gap or BreakReason.IDLE
        if stretch.prompt_opened is not None:
            self._close_prompt(moment, Outcome.AWAY, next_due_in=None)
        self._end_stretch(end, reason)

    def _stood(self, moment: float) -> None:
        """Standing lasted long enough to count as a break."""
        stretch = self._stretch
        assert stretch is not None
        assert self._standing_since is not None
        self._standing_counted = True
        if stretch.prompt_opened is not None:
            self._close_prompt(moment, Outcome.AWAY, next_due_in=None)
        self._end_stretch(self._standing_since, BreakReason.STANDING)

    def _warn(self, moment: float) -> None:
        stretch = self._stretch
        assert stretch is not None
        stretch.warned = True
        self._emit(
            BreakWarning(
                moment, self._utc(moment), due_in_s=self._settings.seconds("breaks.warning")
            )
        )

    def _due(self, moment: float) -> None:
        stretch = self._stretch
        assert stretch is not None
        self._open_prompt(stretch, moment)

    def _held(self, moment: float) -> None:
        stretch = self._stretch
        assert stretch is not None
        stretch.held_notice = True
        self._emit(PromptHeld(moment, self._utc(moment), reason=", ".join(sorted(self._holds))))

    def _unanswered(self, moment: float) -> None:
        delay = self._settings.seconds("breaks.snooze")
        self._reschedule(moment, Due.SNOOZE, delay)
        self._close_prompt(moment, Outcome.UNANSWERED, next_due_in=delay)

    def _hold_expired(self, name: str) -> Callable[[float], None]:
        def expire(moment: float) -> None:
            self._release(moment, name)

        return expire

    # transitions ---------------------------------------------------------------------

    def _start_stretch(self, moment: float) -> None:
        stretch = _Stretch(start=moment, start_utc=self._utc(moment))
        stretch.due_sitting = self._settings.seconds("breaks.interval")
        self._stretch = stretch
        self._block_in_gap = None
        self._open_segment(stretch, moment)
        self._emit(StretchStarted(moment, stretch.start_utc))

    def _open_segment(self, stretch: _Stretch, moment: float) -> None:
        stretch.segment_start = moment
        stretch.segment_start_utc = self._utc(moment)

    def _close_segment(self, stretch: _Stretch, moment: float) -> None:
        if stretch.segment_start is None or stretch.segment_start_utc is None:
            return
        length = max(0.0, moment - stretch.segment_start)
        if length > 0:
            stretch.segments.append((stretch.segment_start_utc, self._utc(moment)))
        stretch.banked += length
        stretch.segment_start = None
        stretch.segment_start_utc = None

    def _end_stretch(self, moment: float, reason: BreakReason) -> None:
        stretch = self._stretch
        assert stretch is not None
        self._close_segment(stretch, moment)
        self._emit(
            StretchEnded(
                max(moment, stretch.start),
                self._utc(max(moment, stretch.start)),
                started_utc=stretch.start_utc,
                sitting_s=stretch.banked,
                reason=reason,
                segments=tuple(stretch.segments),
            )
        )
        self._stretch = None
        self._block_in_gap = None

    def _open_prompt(self, stretch: _Stretch, moment: float, *, requested: bool = False) -> None:
        stretch.prompts += 1
        stretch.prompt_opened = moment
        self._emit(
            BreakDue(
                moment,
                self._utc(moment),
                prompt=stretch.prompts,
                sitting_s=stretch.sitting(moment),
                requested=requested,
            )
        )

    def _close_prompt(self, moment: float, outcome: Outcome, *, next_due_in: float | None) -> None:
        stretch = self._stretch
        assert stretch is not None
        assert stretch.prompt_opened is not None
        stretch.prompt_opened = None
        self._emit(
            PromptClosed(
                moment,
                self._utc(moment),
                prompt=stretch.prompts,
                outcome=outcome,
                next_due_in_s=next_due_in,
            )
        )

    def _reschedule(self, moment: float, kind: Due, delay: float) -> None:
        stretch = self._stretch
        assert stretch is not None
        stretch.due_sitting = stretch.sitting(moment) + delay
        stretch.due_kind = kind
        stretch.warned = False
        stretch.held_notice = False

    def _hold(self, moment: float, name: str, end: float | None) -> None:
        self._holds[name] = end
        stretch = self._stretch
        if stretch is not None and stretch.prompt_opened is not None:
            # Asked again as soon as the hold ends: the due point stays where it was.
            stretch.due_sitting = stretch.sitting(moment)
            stretch.due_kind = Due.SNOOZE
            stretch.held_notice = True
            self._close_prompt(moment, Outcome.PAUSED, next_due_in=0.0)

    def _release(self, moment: float, name: str) -> None:
        del self._holds[name]
        if name == PAUSE:
            self._emit(PauseEnded(moment, self._utc(moment)))
        elif name != RESUMING:
            self._emit(HoldEnded(moment, self._utc(moment), reason=name))
        stretch = self._stretch
        if (
            not self._holds
            and stretch is not None
            and stretch.prompt_opened is None
            and stretch.segment_start is not None
            and stretch.sitting(moment) >= stretch.due_sitting
        ):
            self._open_prompt(stretch, moment)
