"""Time as the core sees it: a monotonic clock for durations paired with UTC wall time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """The one source of time for the core.

    ``monotonic()`` never goes back and keeps counting through suspend (the shell uses
    CLOCK_BOOTTIME where the platform has it), so durations stay honest. ``now()`` is
    the wall clock in UTC and may jump; it is only used to stamp moments for storage
    and the calendar.
    """

    def monotonic(self) -> float:
        """Seconds on a clock that only moves forward."""
        ...

    def now(self) -> datetime:
        """The current wall time, timezone-aware, in UTC."""
        ...


def wall_time_of(clock: Clock, moment: float) -> datetime:
    """The UTC wall time at monotonic ``moment``, using the clock's current pairing."""
    return clock.now() - timedelta(seconds=clock.monotonic() - moment)


@dataclass
class FakeClock:
    """A clock for tests and simulation: it moves only when told to."""

    mono: float = 1000.0
    wall: datetime = field(default_factory=lambda: datetime(2026, 11, 20, 8, 0, tzinfo=UTC))

    def monotonic(self) -> float:
        return self.mono

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass on both clocks."""
        if seconds < 0:
            raise ValueError("a fake clock cannot go back; use jump_wall() for wall-clock jumps")
        self.mono += seconds
        self.wall += timedelta(seconds=seconds)

    def jump_wall(self, seconds: float) -> None:
        """Move only the wall clock (NTP correction, manual change); monotonic time stays."""
        self.wall += timedelta(seconds=seconds)
