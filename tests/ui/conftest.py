"""Helpers for widget tests: snapshots as the tracker would send them, light and dark palettes,
an artifacts folder and screenshots saved into it."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

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


class Screenshots:
    """Saves widgets as PNG images in a folder of ``artifacts/`` each, to look at after a run."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def folder(self, name: str) -> Path:
        """``artifacts/<name>``, made if missing."""
        folder = self._root / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def save(self, widget: QWidget, folder: str, name: str) -> Path:
        """``widget`` as it paints now, in ``artifacts/<folder>/<name>``; fails unless saved."""
        path = self.folder(folder) / name
        assert widget.grab().save(str(path))
        return path


@pytest.fixture
def screenshots(artifacts_dir: Path) -> Screenshots:
    return Screenshots(artifacts_dir)


def make_palette(*, window: str, base: str, text: str, button: str) -> QPalette:
    """A desktop palette from its four main colours, with a teal highlight."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Button, button),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.Highlight, "#17b08f"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


class Palettes(NamedTuple):
    light: QPalette
    dark: QPalette


@pytest.fixture
def palettes() -> Palettes:
    """A light desktop (a white card on light grey) and a dark one."""
    return Palettes(
        light=make_palette(window="#f3f4f6", base="#ffffff", text="#1d2025", button="#e9ebee"),
        dark=make_palette(window="#2b2d31", base="#1e1f22", text="#e4e5e8", button="#35373c"),
    )
