"""Helpers for widget tests: snapshots as the tracker would send them, an artifacts folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from deskbreak.domain.events import State
from deskbreak.domain.status import DayTotals, Snapshot

# Widget tests need no screen; an explicit QT_QPA_PLATFORM (e.g. xcb under Xvfb) wins.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

INTERVAL_S = 45 * 60.0
TODAY = date(2025, 3, 12)

MakeSnapshot = Callable[..., Snapshot]


def make_snapshot(
    state: State = State.SITTING,
    *,
    sitting_s: float = 0.0,
    interval_s: float = INTERVAL_S,
    prompt_open: bool = False,
    paused_until: datetime | None = None,
    standing_s: float = 0.0,
    today_sitting_s: float = 0.0,
    manual: bool = False,
) -> Snapshot:
    """A snapshot of a stretch ``sitting_s`` long; time to the break follows from the interval."""
    to_break_s = None if state is State.AWAY else interval_s - sitting_s
    return Snapshot(
        state=state,
        sitting_s=sitting_s if state is State.SITTING else 0.0,
        interval_s=interval_s,
        to_break_s=to_break_s,
        prompt_open=prompt_open,
        paused_until=paused_until,
        standing_s=standing_s,
        today=DayTotals(day=TODAY, sitting_s=today_sitting_s),
        manual=manual,
    )


@pytest.fixture
def snapshot() -> MakeSnapshot:
    return make_snapshot


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """``artifacts/`` at the repository root (git-ignored): images to look at after a run."""
    folder = Path(__file__).resolve().parents[2] / "artifacts"
    folder.mkdir(exist_ok=True)
    return folder
