"""What the shell shows: the day's summary line, the tray ring's fill and the status JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from deskbreak.domain.events import State
from deskbreak.domain.status import DayTotals, Snapshot

MONDAY = date(2026, 11, 16)
INTERVAL = 45 * 60.0


def snapshot(
    state: State = State.SITTING,
    to_break_s: float | None = 900.0,
    *,
    sitting_s: float = 1800.0,
    prompt_open: bool = False,
    paused_until: datetime | None = None,
    standing_s: float = 0.0,
    today: DayTotals | None = None,
    manual: bool = False,
) -> Snapshot:
    return Snapshot(
        state=state,
        sitting_s=sitting_s,
        interval_s=INTERVAL,
        to_break_s=to_break_s,
        prompt_open=prompt_open,
        paused_until=paused_until,
        standing_s=standing_s,
        today=today or DayTotals(MONDAY),
        manual=manual,
    )


# ------------------------------------------------------------------------- day totals


def test_the_summary_lists_its_fields_in_the_documented_order() -> None:
    assert list(DayTotals(MONDAY).summary()) == [
        "day",
        "sitting_s",
        "longest_stretch_s",
        "stretches",
        "prompts",
        "done",
        "snoozed",
        "skipped",
        "natural_breaks",
        "standing_s",
    ]


def test_the_summary_is_whole_seconds_and_an_iso_day() -> None:
    totals = DayTotals(
        MONDAY,
        sitting_s=23159.6,
        longest_stretch_s=4795.4,
        stretches=8,
        prompts=9,
        done=1,
        snoozed=6,
        skipped=1,
        natural_breaks=7,
        standing_s=1799.5,  # rounds to even
    )
    summary = totals.summary()
    assert summary == {
        "day": "2026-11-16",
        "sitting_s": 23160,
        "longest_stretch_s": 4795,
        "stretches": 8,
        "prompts": 9,
        "done": 1,
        "snoozed": 6,
        "skipped": 1,
        "natural_breaks": 7,
        "standing_s": 1800,
    }
    assert all(type(value) is int for key, value in summary.items() if key != "day")
    assert json.dumps(summary).startswith('{"day": "2026-11-16", "sitting_s": 23160,')


def test_an_empty_day_is_all_zeros() -> None:
    assert DayTotals(MONDAY).summary() == {
        "day": "2026-11-16",
        "sitting_s": 0,
        "longest_stretch_s": 0,
        "stretches": 0,
        "prompts": 0,
        "done": 0,
        "snoozed": 0,
        "skipped": 0,
        "natural_breaks": 0,
        "standing_s": 0,
    }


# ------------------------------------------------------------------------- the ring


@pytest.mark.parametrize(
    ("to_break_s", "fill"),
    [
        (INTERVAL, 0.0),  # just sat down
        (INTERVAL * 3 / 4, 0.25),
        (0.0, 1.0),  # due now
        (-120.0, 1.0),  # overdue with the prompt open: full, not beyond
        (INTERVAL + 300.0, 0.0),  # a snooze longer than the interval: empty, not below
    ],
)
def test_the_ring_fills_toward_the_break_within_its_bounds(to_break_s: float, fill: float) -> None:
    assert snapshot(to_break_s=to_break_s).fill == pytest.approx(fill)


@pytest.mark.parametrize(
    ("state", "to_break_s"),
    [(State.AWAY, None), (State.STANDING, 600.0), (State.SITTING, None)],
)
def test_the_ring_is_empty_unless_sitting_toward_a_break(
    state: State, to_break_s: float | None
) -> None:
    assert snapshot(state, to_break_s).fill == 0.0


# ---------------------------------------------------------------------- status JSON


def test_status_json_while_sitting_rounds_seconds_and_embeds_the_day() -> None:
    today = DayTotals(MONDAY, sitting_s=3600.4, stretches=2)
    paused = datetime(2026, 11, 16, 15, 30, tzinfo=UTC)
    shown = snapshot(
        to_break_s=899.6,
        sitting_s=1800.5,
        prompt_open=True,
        paused_until=paused,
        standing_s=0.4,
        today=today,
    ).as_json()
    assert shown == {
        "state": "sitting",
        "sitting_s": 1800,
        "to_break_s": 900,
        "prompt_open": True,
        "paused_until": "2026-11-16T15:30:00+00:00",
        "standing_s": 0,
        "manual": False,
        "held": [],
        "meeting_until": None,
        "today": today.summary(),
    }
    json.dumps(shown)  # plain JSON, nothing left to convert


def test_status_json_while_away_has_no_break_countdown() -> None:
    shown = snapshot(State.AWAY, None, sitting_s=0.0, manual=True).as_json()
    assert shown["state"] == "away"
    assert shown["to_break_s"] is None
    assert shown["paused_until"] is None
    assert shown["manual"] is True
