"""The fake clock moves only when told, and wall times are read off the monotonic clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from deskbreak.domain.clock import Clock, FakeClock, wall_time_of

MORNING = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def test_a_fake_clock_starts_on_a_weekday_morning_in_utc() -> None:
    clock = FakeClock()
    assert clock.monotonic() == 1000.0
    assert clock.now() == MORNING
    assert clock.now().utcoffset() == timedelta(0)


def test_advancing_moves_both_clocks_together() -> None:
    clock = FakeClock()
    clock.advance(90.5)
    clock.advance(0)
    assert clock.monotonic() == 1090.5
    assert clock.now() == MORNING + timedelta(seconds=90.5)


def test_a_fake_clock_cannot_go_back() -> None:
    clock = FakeClock()
    with pytest.raises(ValueError, match=r"cannot go back; use jump_wall\(\)"):
        clock.advance(-1)
    assert (clock.monotonic(), clock.now()) == (1000.0, MORNING)


def test_a_wall_clock_jump_leaves_monotonic_time_alone() -> None:
    clock = FakeClock()
    clock.jump_wall(-3600)  # the user sets the clock back an hour
    assert clock.monotonic() == 1000.0
    assert clock.now() == MORNING - timedelta(hours=1)
    clock.jump_wall(7200)
    assert clock.now() == MORNING + timedelta(hours=1)


def test_the_wall_time_of_a_past_moment_follows_the_current_pairing() -> None:
    clock = FakeClock()
    start = clock.monotonic()
    clock.advance(600)
    assert wall_time_of(clock, start) == MORNING
    assert wall_time_of(clock, clock.monotonic()) == clock.now()
    assert wall_time_of(clock, clock.monotonic() + 60) == clock.now() + timedelta(minutes=1)
    # After a jump the same monotonic moment is stamped with the corrected wall time.
    clock.jump_wall(30)
    assert wall_time_of(clock, start) == MORNING + timedelta(seconds=30)


def test_a_fake_clock_is_a_clock() -> None:
    clock: Clock = FakeClock(mono=5.0, wall=MORNING)
    assert wall_time_of(clock, 0.0) == MORNING - timedelta(seconds=5)
