"""The squeeze test: stand tall, rate the left glute, then the right, then a summary; each
answer is a signal. Screenshots in a light and a dark palette go to ``artifacts/squeeze/``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from deskbreak.domain.evening import Rating
from deskbreak.domain.exercises import Side
from deskbreak.ui.squeeze import SqueezeCheck

if TYPE_CHECKING:
    from conftest import Palettes, Screenshots


@pytest.fixture
def check(qtbot: QtBot) -> SqueezeCheck:
    made = SqueezeCheck()
    qtbot.addWidget(made)
    return made


def click(qtbot: QtBot, check: SqueezeCheck, name: str) -> None:
    button = check.findChild(QAbstractButton, name)
    assert button is not None
    assert button.isVisibleTo(check), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def text(check: SqueezeCheck, name: str) -> str:
    label = check.findChild(QLabel, name)
    assert label is not None
    return label.text() if label.isVisibleTo(check) else ""


def test_it_guides_through_both_sides_and_sums_up(check: SqueezeCheck, qtbot: QtBot) -> None:
    seen: list[tuple[str, str]] = []
    check.rated.connect(lambda side, rating: seen.append((side, rating)))
    check.begin()
    assert text(check, "title") == "Stand tall"
    assert text(check, "progress") == "Step 1 of 4"
    click(qtbot, check, "next")
    assert text(check, "title") == "Squeeze your left glute only"
    click(qtbot, check, "firm")
    assert text(check, "title") == "Squeeze your right glute only"
    click(qtbot, check, "thigh")
    assert seen == [("left", "firm"), ("right", "thigh")]
    assert text(check, "title") == "What it means"
    assert text(check, "text").startswith("Your right side let the thigh take over.")
    assert text(check, "result-left") == "Left side: firm"
    assert text(check, "result-right") == "Right side: the thigh took over"
    assert check.ratings == {Side.LEFT: Rating.FIRM, Side.RIGHT: Rating.THIGH}
    with qtbot.waitSignal(check.done, timeout=500):
        click(qtbot, check, "next")
    assert not check.isVisible()


def test_back_asks_a_side_again(check: SqueezeCheck, qtbot: QtBot) -> None:
    seen: list[tuple[str, str]] = []
    check.rated.connect(lambda side, rating: seen.append((side, rating)))
    check.begin()
    click(qtbot, check, "next")
    click(qtbot, check, "soft")
    click(qtbot, check, "back")
    assert text(check, "title") == "Squeeze your left glute only"
    click(qtbot, check, "firm")
    click(qtbot, check, "soft")
    click(qtbot, check, "back")
    assert text(check, "title") == "Squeeze your right glute only"
    click(qtbot, check, "firm")
    assert seen == [("left", "soft"), ("left", "firm"), ("right", "soft"), ("right", "firm")]
    assert text(check, "text").startswith("Your glutes answer: they are awake.")


def test_keys_answer_too(check: SqueezeCheck, qtbot: QtBot) -> None:
    seen: list[tuple[str, str]] = []
    check.rated.connect(lambda side, rating: seen.append((side, rating)))
    check.begin()
    qtbot.keyClick(check, Qt.Key.Key_1)  # no side asked yet: nothing
    qtbot.keyClick(check, Qt.Key.Key_Return)
    qtbot.keyClick(check, Qt.Key.Key_2)
    qtbot.keyClick(check, Qt.Key.Key_3)
    qtbot.keyClick(check, Qt.Key.Key_A)
    assert seen == [("left", "soft"), ("right", "thigh")]
    with qtbot.waitSignal(check.done, timeout=500):
        qtbot.keyClick(check, Qt.Key.Key_Escape)


def test_esc_midway_closes_without_done(check: SqueezeCheck, qtbot: QtBot) -> None:
    check.begin()
    qtbot.keyClick(check, Qt.Key.Key_Return)
    with qtbot.assertNotEmitted(check.done, wait=20):
        qtbot.keyClick(check, Qt.Key.Key_Escape)
    assert not check.isVisible()


def test_a_dark_palette_gives_light_text(check: SqueezeCheck, palettes: Palettes) -> None:
    check.begin()
    title = check.findChild(QLabel, "title")
    assert title.palette().color(QPalette.ColorRole.WindowText).lightnessF() < 0.5
    check.setPalette(palettes.dark)
    assert title.palette().color(QPalette.ColorRole.WindowText).lightnessF() > 0.5


def test_screenshots(qtbot: QtBot, screenshots: Screenshots, palettes: Palettes) -> None:
    for palette, tone in ((palettes.light, "light"), (palettes.dark, "dark")):
        check = SqueezeCheck()
        qtbot.addWidget(check)
        check.setPalette(palette)
        check.begin()
        shots = (("intro", None), ("left", "next"), ("right", "soft"), ("summary", "thigh"))
        for page, press in shots:
            if press is not None:
                click(qtbot, check, press)
            qtbot.wait(10)
            screenshots.save(check, "squeeze", f"squeeze-{page}-{tone}.png")
        check.close()
