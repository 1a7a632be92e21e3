"""Traces with full-screen windows, meeting mode and wake-ups: prompts held, then asked."""

from __future__ import annotations

from datetime import UTC, datetime

from deskbreak.domain.events import BreakDue, HoldEnded, HoldStarted, PromptHeld
from deskbreak.domain.settings import Settings
from deskbreak.domain.trace import parse_trace, replay


def run(text: str, **values: float) -> list[object]:
    settings = Settings({key.replace("__", "."): value for key, value in values.items()})
    result = replay(
        parse_trace(text.splitlines()),
        settings,
        to_utc=lambda naive: naive.replace(tzinfo=UTC),
        to_local=lambda moment: moment.astimezone(UTC),
    )
    return list(result.events)


def clock(event: object) -> str:
    moment = getattr(event, "utc")  # noqa: B009 -- every event has it; mypy sees object
    assert isinstance(moment, datetime)
    return moment.strftime("%H:%M:%S")


def test_a_full_screen_window_holds_the_prompt_until_it_closes() -> None:
    events = run(
        """
        2026-11-16 09:00  active 1h
        2026-11-16 09:30  fullscreen 25m   # a presentation
        """
    )
    [held] = [event for event in events if isinstance(event, PromptHeld)]
    assert held.reason == "fullscreen"
    assert clock(held) == "09:45:00"
    [ended] = [event for event in events if isinstance(event, HoldEnded)]
    due = [event for event in events if isinstance(event, BreakDue)]
    assert clock(ended) == clock(due[0]) == "09:55:00"


def test_meeting_mode_holds_prompts_and_releases_them_when_it_ends() -> None:
    events = run(
        """
        2026-11-16 09:00  active 1h30m
        2026-11-16 09:40  action meeting 30m
        """
    )
    [started] = [event for event in events if isinstance(event, HoldStarted)]
    assert started.reason == "meeting"
    assert [event.reason for event in events if isinstance(event, PromptHeld)] == ["meeting"]
    assert clock(next(event for event in events if isinstance(event, BreakDue))) == "10:10:00"


def test_no_prompt_in_the_first_minute_after_unlocking() -> None:
    events = run(
        """
        2026-11-16 09:00  active 44m
        2026-11-16 09:44  lock 2m          # shorter than the away threshold: still sitting
        2026-11-16 09:46  active 10m
        """
    )
    # Due at 09:45, during the lock; unlocked at 09:46; asked one quiet minute later.
    dues = [event for event in events if isinstance(event, BreakDue)]
    assert clock(dues[0]) == "09:47:00"


def test_no_prompt_in_the_first_minute_after_waking_up() -> None:
    events = run(
        """
        2026-11-16 09:00  active 44m30s
        2026-11-16 09:44:30  suspend 1m
        2026-11-16 09:45:30  active 10m
        """,
        breaks__after_resume=120.0,
    )
    dues = [event for event in events if isinstance(event, BreakDue)]
    assert clock(dues[0]) == "09:47:30"


def test_the_quiet_minute_can_be_turned_off() -> None:
    events = run(
        """
        2026-11-16 09:00  active 44m
        2026-11-16 09:44  lock 2m
        2026-11-16 09:46  active 10m
        """,
        breaks__after_resume=0.0,
    )
    dues = [event for event in events if isinstance(event, BreakDue)]
    assert clock(dues[0]) == "09:46:00"
