"""The real clock for the domain: boot time for durations, UTC for the calendar."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime


def _suspend_aware_monotonic() -> Callable[[], float]:
    """The platform's monotonic clock that keeps counting while the machine sleeps.

    - Linux: CLOCK_MONOTONIC (what ``time.monotonic`` reads) stops during suspend;
      CLOCK_BOOTTIME is the same clock plus the time spent suspended.
    - macOS: ``time.monotonic`` reads mach_absolute_time, which stops during sleep;
      clock_gettime(CLOCK_MONOTONIC) is documented to keep counting while asleep.
    - Windows: ``time.monotonic`` reads GetTickCount64 (QueryPerformanceCounter from
      Python 3.13); both include time spent in sleep and hibernation (not run here).
    - Elsewhere: ``time.monotonic``, whatever the OS does across sleep.
    """
    clock: Callable[[], float]
    # One assignment per branch: mypy skips the other platforms' branches as unreachable.
    if sys.platform == "linux":
        clock = functools.partial(time.clock_gettime, time.CLOCK_BOOTTIME)
    elif sys.platform == "darwin":
        clock = functools.partial(time.clock_gettime, time.CLOCK_MONOTONIC)
    else:
        clock = time.monotonic
    return clock


class SystemClock:
    """The domain's ``Clock`` backed by the operating system."""

    def __init__(self) -> None:
        self._monotonic = _suspend_aware_monotonic()

    def monotonic(self) -> float:
        """Seconds since an arbitrary point; never goes back, counts through suspend."""
        return self._monotonic()

    def now(self) -> datetime:
        """The wall time in UTC."""
        return datetime.now(UTC)
