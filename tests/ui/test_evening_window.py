"""The evening pre-run window: today's sitting, the routine, and three answers as signals.

Screenshots in a light and a dark palette go to ``artifacts/evening/``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from deskbreak.domain.status import DayTotals
from deskbreak.ui.evening import EveningWindow

if TYPE_CHECKING:
    from conftest import Palettes, Screenshots

TODAY = DayTotals(day=date(2026, 5, 14), sitting_s=7 * 3600 + 10 * 60, longest_stretch_s=6900)
STEPS = (
    ("Clamshells", "15 slow reps a side"),
    ("Single-leg glute bridge", "10 a side, 2 s at the top"),
    ("Lateral band walks", "10 steps each way"),
)


@pytest.fixture
def window(qtbot: QtBot) -> EveningWindow:
    made = EveningWindow()
    qtbot.addWidget(made)
    return made


def button(window: EveningWindow, name: str) -> QAbstractButton:
    found = window.findChild(QAbstractButton, name)
    assert found is not None
    return found


def text(window: EveningWindow, name: str) -> str:
    found = window.findChild(QLabel, name)
    assert found is not None
    return found.text() if found.isVisibleTo(window) else ""


def test_it_shows_todays_sitting_and_the_routine(window: EveningWindow) -> None:
    window.offer(TODAY, steps=STEPS)
    assert window.isVisible()
    assert text(window, "summary") == "You sat 7 h 10 min today; longest stretch 1 h 55 min."
    assert text(window, "routine") == "Glute wake-up"
    assert text(window, "length") == "about 5 min"
    assert [text(window, f"step-{n}") for n in (1, 2, 3, 4)] == [
        "Clamshells",
        "Single-leg glute bridge",
        "Lateral band walks",
        "",
    ]
    assert text(window, "dose-1") == "15 slow reps a side"
    assert button(window, "later").text() == "In 15 minutes"


def test_without_totals_it_shows_the_routine_alone(window: EveningWindow) -> None:
    window.offer(None, routine="Glute wake-up (no band)", minutes=4, steps=STEPS[:2])
    assert text(window, "summary") == ""
    assert text(window, "length") == "about 4 min"
    assert text(window, "step-3") == ""


@pytest.mark.parametrize(
    ("seconds", "label"),
    [(60.0, "In 1 minute"), (5 * 60.0, "In 5 minutes"), (90 * 60.0, "In 1 h 30 min")],
)
def test_the_later_button_names_the_snooze(
    window: EveningWindow, seconds: float, label: str
) -> None:
    window.set_snooze(seconds)
    assert button(window, "later").text() == label


def test_start_later_and_not_today_are_signals_and_hide_it(
    window: EveningWindow, qtbot: QtBot
) -> None:
    window.offer(TODAY, steps=STEPS)
    with qtbot.waitSignal(window.start_requested, timeout=500):
        qtbot.mouseClick(button(window, "start"), Qt.MouseButton.LeftButton)
    assert not window.isVisible()

    window.set_snooze(10 * 60.0)
    window.offer(TODAY, steps=STEPS)
    with qtbot.waitSignal(window.later_requested, timeout=500) as later:
        qtbot.mouseClick(button(window, "later"), Qt.MouseButton.LeftButton)
    assert later.args == [600.0]

    window.offer(TODAY, steps=STEPS)
    with qtbot.waitSignal(window.not_today_requested, timeout=500):
        qtbot.mouseClick(button(window, "not-today"), Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_the_squeeze_test_leaves_the_window_open(window: EveningWindow, qtbot: QtBot) -> None:
    window.offer(TODAY, steps=STEPS)
    with qtbot.waitSignal(window.squeeze_requested, timeout=500):
        qtbot.mouseClick(button(window, "squeeze"), Qt.MouseButton.LeftButton)
    assert window.isVisible()


def test_keys_and_closing_answer_once(window: EveningWindow, qtbot: QtBot) -> None:
    window.offer(TODAY, steps=STEPS)
    with qtbot.waitSignal(window.start_requested, timeout=500):
        qtbot.keyClick(window, Qt.Key.Key_Return)
    window.offer(TODAY, steps=STEPS)
    with qtbot.waitSignal(window.later_requested, timeout=500):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.offer(TODAY, steps=STEPS)
    with qtbot.waitSignal(window.later_requested, timeout=500):
        window.close()
    qtbot.keyClick(window, Qt.Key.Key_A)  # other keys do nothing
    with qtbot.assertNotEmitted(window.later_requested, wait=20):
        window.close()  # already answered


def test_withdraw_hides_it_without_a_signal(window: EveningWindow, qtbot: QtBot) -> None:
    window.offer(TODAY, steps=STEPS)
    with qtbot.assertNotEmitted(window.later_requested, wait=20):
        window.withdraw()
        window.close()
    assert not window.isVisible()


def test_a_dark_palette_gives_light_text(window: EveningWindow, palettes: Palettes) -> None:
    window.offer(TODAY, steps=STEPS)
    title = window.findChild(QLabel, "title")
    assert title.palette().color(QPalette.ColorRole.WindowText).lightnessF() < 0.5
    window.setPalette(palettes.dark)
    assert title.palette().color(QPalette.ColorRole.WindowText).lightnessF() > 0.5


def test_screenshots(qtbot: QtBot, screenshots: Screenshots, palettes: Palettes) -> None:
    quiet_day = DayTotals(day=date(2026, 5, 14), sitting_s=40 * 60, longest_stretch_s=25 * 60)
    for name, palette, totals in (
        ("evening-light.png", palettes.light, TODAY),
        ("evening-dark.png", palettes.dark, TODAY),
        ("evening-quiet-day-dark.png", palettes.dark, quiet_day),
    ):
        window = EveningWindow()
        qtbot.addWidget(window)
        window.setPalette(palette)
        window.offer(totals, steps=STEPS)
        qtbot.wait(20)
        path = screenshots.save(window, "evening", name)
        assert path.stat().st_size > 0
        window.withdraw()
