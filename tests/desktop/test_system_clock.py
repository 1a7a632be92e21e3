"""SystemClock: boot time for durations, aware UTC for the calendar."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from deskbreak.desktop.clock import SystemClock
from deskbreak.domain.clock import Clock


def test_is_a_domain_clock() -> None:
    clock: Clock = SystemClock()
    assert clock.monotonic() <= clock.monotonic()


@pytest.mark.skipif(sys.platform != "linux", reason="CLOCK_BOOTTIME is Linux's")
def test_linux_counts_boot_time_including_suspend() -> None:
    before = time.clock_gettime(time.CLOCK_BOOTTIME)
    reading = SystemClock().monotonic()
    after = time.clock_gettime(time.CLOCK_BOOTTIME)
    assert before <= reading <= after


def test_now_is_aware_utc() -> None:
    now = SystemClock().now()
    assert now.tzinfo is UTC
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)
