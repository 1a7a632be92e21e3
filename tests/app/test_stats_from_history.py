"""From a history file to the charts: a week with hand-counted figures, stored in SQLite,
opened through the shell as the tray does, and every chart's data checked."""

from __future__ import annotations

import time as time_module
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from deskbreak.app.shell import Shell
from deskbreak.domain.clock import FakeClock
from deskbreak.domain.evening import Rating, RoutineRun, Squeeze
from deskbreak.domain.events import (
    BreakDue,
    BreakReason,
    Outcome,
    PromptClosed,
    StandingEnded,
    StretchEnded,
)
from deskbreak.domain.exercises import Side
from deskbreak.domain.settings import Settings
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.ui.charts import DayBar, DayOutcomes, DayRoutine, SqueezeMark
from deskbreak.ui.tray import Tray
from stretches import one_stretch

MIN = 60.0
# Thursday 19 November 2026, noon; the zone is UTC so wall times read as written.
NOW = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)
MON, TUE, WED, THU = (date(2026, 11, day) for day in (16, 17, 18, 19))


def at(text: str) -> datetime:
    return datetime.fromisoformat(f"2026-11-{text}").replace(tzinfo=UTC)


def stretch(start: str, end: str, reason: BreakReason) -> StretchEnded:
    return one_stretch(at(start), at(end), reason)


def prompt(due: str, closed: str, outcome: Outcome, number: int = 1) -> list[object]:
    return [
        BreakDue(0.0, at(due), prompt=number, sitting_s=45 * MIN),
        PromptClosed(0.0, at(closed), prompt=number, outcome=outcome, next_due_in_s=None),
    ]


EVENTS = [
    # Monday: 60 min ended by walking away (a prompt snoozed inside it), then 30 min
    # ended by Done.
    *prompt("16 09:45", "16 09:46", Outcome.SNOOZED),
    stretch("16 09:00", "16 10:00", BreakReason.IDLE),
    *prompt("16 10:35", "16 10:40", Outcome.DONE),
    stretch("16 10:10", "16 10:40", BreakReason.DONE),
    # Tuesday: 50 min with a skipped prompt, then 20 min standing that counted as a break.
    *prompt("17 14:45", "17 14:47", Outcome.SKIPPED),
    stretch("17 14:00", "17 14:50", BreakReason.IDLE),
    StandingEnded(
        0.0,
        at("17 15:20"),
        started_utc=at("17 15:00"),
        standing_s=20 * MIN,
        counted_as_break=True,
    ),
    # Thursday (today): 40 min this morning.
    stretch("19 08:00", "19 08:40", BreakReason.IDLE),
]
ROUTINES = [RoutineRun("glute-wake-up", at("17 19:00"), at("17 19:06"), 9, True)]
SQUEEZES = [
    Squeeze(at("17 19:10"), Side.LEFT, Rating.SOFT),
    Squeeze(at("17 19:10"), Side.RIGHT, Rating.THIGH),
]


@pytest.fixture
def shell(qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shell]:
    monkeypatch.setenv("TZ", "UTC")
    time_module.tzset()
    paths = Paths.under(tmp_path)
    with History.open(paths.history_file) as stored:
        stored.record_many(EVENTS, routines=ROUTINES, squeezes=SQUEEZES)  # type: ignore[arg-type]
    history = History.open(paths.history_file)
    settings = Settings().with_value("run.days", (1, 3, 5))  # Tue, Thu, Sat
    made = Shell(
        paths=paths,
        settings=settings,
        history=history,
        idle=None,
        tray=Tray(),
        session=None,
        quit_app=lambda: None,
        clock=FakeClock(mono=1000.0, wall=NOW),
    )
    yield made
    if made.stats_window is not None:
        made.stats_window.close()
    history.close()
    monkeypatch.delenv("TZ")
    time_module.tzset()


def week(**days: object) -> list[object]:
    """Seven values from Friday 13th to Thursday 19th, the given ones by weekday name."""
    names = ("fri", "sat", "sun", "mon", "tue", "wed", "thu")
    return [days.get(name) for name in names]


def test_every_chart_shows_the_stored_week(shell: Shell, qtbot: QtBot) -> None:
    window = shell.open_stats()
    qtbot.waitExposed(window)
    span = [THU - timedelta(days=6 - n) for n in range(7)]

    assert window.model is not None
    assert window.model.today.sitting_s == 40 * MIN
    assert [tile.value.text() for tile in window._tiles] == [
        "40 min", "40 min", "1", "0", "0 min", "0", "0", "0", "0", "1",
    ]  # fmt: skip

    zero_bar = [(0.0, 0.0)] * 7
    expected_bars = week(
        mon=(90 * MIN, 60 * MIN), tue=(50 * MIN, 50 * MIN), thu=(40 * MIN, 40 * MIN)
    )
    assert window.sitting.bars == tuple(
        DayBar(day, *(value or zero))
        for day, value, zero in zip(span, expected_bars, zero_bar, strict=True)
    )

    outcomes = week(mon=(1, 1, 0, 0), tue=(0, 0, 1, 0))
    assert window.outcomes.stacks == tuple(
        DayOutcomes(day, *(value or (0, 0, 0, 0)))
        for day, value in zip(span, outcomes, strict=True)
    )

    cells = window.heat.cells
    assert len(cells) == 7
    assert all(len(row) == 24 for row in cells)
    filled = {
        (weekday, hour): minutes
        for weekday, row in enumerate(cells)
        for hour, minutes in enumerate(row)
        if minutes
    }
    assert filled == {(0, 9): 60.0, (0, 10): 30.0, (1, 14): 50.0, (3, 8): 40.0}

    assert window.routines.marks == tuple(
        DayRoutine(day, day.weekday() in (1, 3, 5), 1 if day == TUE else 0) for day in span
    )
    assert window.routines.streak == 1  # Tuesday's; Saturday's was missed, today's not yet
    assert window.squeeze.points == (
        SqueezeMark(TUE, "left", "soft", 1),
        SqueezeMark(TUE, "right", "thigh", 0),
    )


def test_the_longer_ranges_hold_the_same_days(shell: Shell, qtbot: QtBot) -> None:
    window = shell.open_stats()
    for span in (30, 90):
        window.load(span)
        bars = window.sitting.bars
        assert len(bars) == span
        assert bars[-1].day == THU
        assert sum(bar.sitting_s for bar in bars) == (90 + 50 + 40) * MIN
        assert sum(stack.total for stack in window.outcomes.stacks) == 3
