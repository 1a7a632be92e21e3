"""Typed events the sitting tracker publishes; the shell stores, shows and notifies from them.

Every event carries ``at`` (the monotonic moment it describes, in seconds) and ``utc``
(the wall time of that moment). Some describe a past moment: a stretch is known to have
ended at the last input only once the gap has lasted the away threshold.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from deskbreak.domain.state import State as State  # noqa: PLC0414 - re-exported


class BreakReason(enum.Enum):
    """Why a sitting stretch ended."""

    IDLE = "idle"  # no input for the away threshold
    LOCK = "lock"
    SUSPEND = "suspend"
    STANDING = "standing"  # stood long enough to count as a break
    DONE = "done"  # the user answered a prompt with a break

    @property
    def natural(self) -> bool:
        """A break the user took on their own, without answering a prompt."""
        return self is not BreakReason.DONE


class Outcome(enum.Enum):
    """How a break prompt was closed."""

    DONE = "done"
    SNOOZED = "snoozed"
    SKIPPED = "skipped"
    UNANSWERED = "unanswered"  # left open for breaks.unanswered: snoozed itself
    PAUSED = "paused"  # the user paused prompts while it was open: asked again on resume
    AWAY = "away"  # the user walked away (or stood) long enough: a natural break

    @property
    def counts_as_snooze(self) -> bool:
        return self in (Outcome.SNOOZED, Outcome.UNANSWERED, Outcome.PAUSED)


@dataclass(frozen=True)
class Event:
    """Base of all tracker events."""

    kind: ClassVar[str] = "event"
    at: float
    utc: datetime


@dataclass(frozen=True)
class StretchStarted(Event):
    """A sitting stretch started with the first input after a break."""

    kind: ClassVar[str] = "stretch_started"


@dataclass(frozen=True)
class StretchEnded(Event):
    """A sitting stretch ended at ``at`` (the last input before the break, or the Done click).

    ``segments`` are the sitting parts of the stretch in UTC (standing cuts it into several);
    ``sitting_s`` is their total length.
    """

    kind: ClassVar[str] = "stretch_ended"
    started_utc: datetime
    sitting_s: float
    reason: BreakReason
    segments: tuple[tuple[datetime, datetime], ...]


@dataclass(frozen=True)
class BreakWarning(Event):
    """A break is due in ``due_in_s`` seconds: time for a quiet hint."""

    kind: ClassVar[str] = "break_warning"
    due_in_s: float


@dataclass(frozen=True)
class BreakDue(Event):
    """A prompt opened: the stretch reached its due point. ``prompt`` numbers prompts from 1."""

    kind: ClassVar[str] = "break_due"
    prompt: int
    sitting_s: float
    requested: bool = False  # the user asked for a break now
    exercise: str | None = None  # the exercise offered; the shell fills it in


@dataclass(frozen=True)
class PromptClosed(Event):
    """A prompt closed with ``outcome``; ``next_due_in_s`` is sitting time to the next one."""

    kind: ClassVar[str] = "prompt_closed"
    prompt: int
    outcome: Outcome
    next_due_in_s: float | None


@dataclass(frozen=True)
class BreakPostponed(Event):
    """The user moved the next break before it was asked for (snooze or skip ahead)."""

    kind: ClassVar[str] = "break_postponed"
    next_due_in_s: float


@dataclass(frozen=True)
class HoldStarted(Event):
    """Prompts are held for ``reason`` (meeting, fullscreen, ...) until ``until_utc`` or release."""

    kind: ClassVar[str] = "hold_started"
    reason: str
    until_utc: datetime | None


@dataclass(frozen=True)
class HoldEnded(Event):
    kind: ClassVar[str] = "hold_ended"
    reason: str


@dataclass(frozen=True)
class PromptHeld(Event):
    """A break fell due while prompts were held (``reason``: pause, meeting, fullscreen, ...)."""

    kind: ClassVar[str] = "prompt_held"
    reason: str


@dataclass(frozen=True)
class PauseStarted(Event):
    """Prompts are silenced until ``until_utc`` (None: until resumed); sitting is still recorded."""

    kind: ClassVar[str] = "pause_started"
    until_utc: datetime | None


@dataclass(frozen=True)
class PauseEnded(Event):
    kind: ClassVar[str] = "pause_ended"


@dataclass(frozen=True)
class StandingStarted(Event):
    kind: ClassVar[str] = "standing_started"


@dataclass(frozen=True)
class StandingEnded(Event):
    """The user sat down again; ``counted_as_break`` when they stood long enough."""

    kind: ClassVar[str] = "standing_ended"
    started_utc: datetime
    standing_s: float
    counted_as_break: bool


@dataclass(frozen=True)
class SessionAway(Event):
    """The screen locked or the computer went to sleep (``reason`` lock or suspend)."""

    kind: ClassVar[str] = "session_away"
    reason: BreakReason


@dataclass(frozen=True)
class SessionBack(Event):
    """The screen unlocked or the computer woke up after ``away_s`` seconds."""

    kind: ClassVar[str] = "session_back"
    reason: BreakReason
    away_s: float


ALL_EVENTS: tuple[type[Event], ...] = (
    StretchStarted,
    StretchEnded,
    BreakWarning,
    BreakDue,
    PromptClosed,
    BreakPostponed,
    HoldStarted,
    HoldEnded,
    PromptHeld,
    PauseStarted,
    PauseEnded,
    StandingStarted,
    StandingEnded,
    SessionAway,
    SessionBack,
)
