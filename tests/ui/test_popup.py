"""The break popup: buttons and keys become signals, the timer follows the dose, withdraw() is
silent, and it never asks for the keyboard by itself.

Screenshots in a light and a dark palette go to ``artifacts/popup/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QCursor, QGuiApplication, QImage, QPainter, QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import (
    Catalog,
    Dose,
    Exercise,
    Muscle,
    Position,
    Sides,
    load_exercises,
)
from deskbreak.ui.popup import FIGURE_SIZE, SCREEN_MARGIN, SHADOW_SIZE, BreakPopup

# Squeeze 1 s, relax 2 s, squeeze 1 s: a dose of 4 s.
SHORT = Exercise(
    "short",
    "Short squeeze",
    Position.STANDING,
    "Only for tests.",
    ("Squeeze.", "Let go."),
    (Muscle.GLUTEUS_MAXIMUS,),
    Dose(reps=2, hold_seconds=1, hold_label="squeeze"),
)

if TYPE_CHECKING:
    from conftest import Palettes, Screenshots


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Spy:
    """Every signal the popup sent, in order."""

    def __init__(self, popup: BreakPopup) -> None:
        self.seen: list[tuple[str, ...] | tuple[str, float]] = []
        popup.started.connect(lambda: self.seen.append(("started",)))
        popup.snoozed.connect(lambda seconds: self.seen.append(("snoozed", seconds)))
        popup.skipped.connect(lambda: self.seen.append(("skipped",)))
        popup.finished.connect(lambda: self.seen.append(("finished",)))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def popup(qtbot: QtBot, clock: FakeClock) -> BreakPopup:
    widget = BreakPopup(clock=clock)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_exercises(read_asset_text("exercises.toml"), "exercises.toml")


def button(popup: BreakPopup, name: str) -> QAbstractButton:
    found = popup.findChild(QAbstractButton, name)
    assert isinstance(found, QAbstractButton), name
    return found


def label(popup: BreakPopup, name: str) -> QLabel:
    found = popup.findChild(QLabel, name)
    assert isinstance(found, QLabel), name
    return found


def started(popup: BreakPopup, qtbot: QtBot, exercise: Exercise = SHORT) -> None:
    popup.offer(exercise)
    with qtbot.waitSignal(popup.started, timeout=1000):
        qtbot.mouseClick(button(popup, "start"), Qt.MouseButton.LeftButton)


# -- showing an exercise --------------------------------------------------------------------


def test_offer_shows_the_exercise(popup: BreakPopup, catalog: Catalog) -> None:
    squeeze = catalog["standing-glute-squeeze"]
    popup.offer(squeeze)

    assert popup.isVisible()
    assert popup.exercise is squeeze
    assert label(popup, "name").text() == "Standing glute squeeze"
    assert label(popup, "purpose").text() == squeeze.purpose
    assert label(popup, "dose").text() == "10 × 3 s squeeze"
    assert label(popup, "context").text() == "Standing · about 50 s"
    assert [label(popup, f"cue-{n}").text() for n in (1, 2, 3)] == list(squeeze.cues)
    for name in ("start", "snooze-short", "snooze-long", "skip"):
        assert button(popup, name).isVisible()
    assert not button(popup, "done").isVisible()


def test_two_cues_leave_the_third_row_out(popup: BreakPopup) -> None:
    popup.offer(SHORT)
    assert label(popup, "cue-2").isVisible()
    assert not label(popup, "cue-3").isVisible()
    assert not label(popup, "bullet-3").isVisible()


def test_seated_exercises_say_so(popup: BreakPopup, catalog: Catalog) -> None:
    popup.offer(catalog["seated-figure-four-stretch"])
    assert label(popup, "context").text() == "Seated · about 1 min"
    assert label(popup, "dose").text() == "30 s per side"


def test_the_figure_has_its_reserved_square(popup: BreakPopup) -> None:
    popup.offer(SHORT)
    figure = popup.findChild(object, "figure")
    assert figure is not None
    assert (figure.width(), figure.height()) == (FIGURE_SIZE, FIGURE_SIZE)


def test_it_sits_in_the_bottom_right_corner_of_the_screen_under_the_mouse(
    popup: BreakPopup,
) -> None:
    popup.offer(SHORT)
    screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    frame = popup.geometry()
    # The card keeps SCREEN_MARGIN from the edges; its shadow may reach closer.
    assert frame.right() == area.right() - SCREEN_MARGIN + SHADOW_SIZE
    assert frame.bottom() == area.bottom() - SCREEN_MARGIN + SHADOW_SIZE
    assert area.contains(frame.adjusted(SHADOW_SIZE, SHADOW_SIZE, -SHADOW_SIZE, -SHADOW_SIZE))


# -- keeping out of the way of the keyboard ---------------------------------------------------


def test_it_is_shown_without_taking_the_keyboard(popup: BreakPopup) -> None:
    popup.offer(SHORT)
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert popup.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert popup.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    handle = popup.windowHandle()
    assert handle is not None
    assert handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus


def test_a_click_into_it_lets_it_take_the_keyboard_until_the_next_offer(
    popup: BreakPopup, qtbot: QtBot
) -> None:
    popup.offer(SHORT)
    handle = popup.windowHandle()
    assert handle is not None
    qtbot.mousePress(popup, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    qtbot.mouseRelease(popup, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    assert not handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus
    qtbot.mousePress(popup, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))  # a second is fine

    popup.withdraw()
    popup.offer(SHORT)
    assert handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus


def test_pressing_start_lets_it_take_the_keyboard_for_the_timer(
    popup: BreakPopup, qtbot: QtBot
) -> None:
    popup.offer(SHORT)
    handle = popup.windowHandle()
    assert handle is not None
    qtbot.mouseClick(button(popup, "start"), Qt.MouseButton.LeftButton)
    assert not handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus


# -- answers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "signal"),
    [
        ("snooze-short", ("snoozed", 300.0)),
        ("snooze-long", ("snoozed", 600.0)),
        ("skip", ("skipped",)),
    ],
)
def test_each_answer_closes_it_with_its_signal(
    popup: BreakPopup, qtbot: QtBot, name: str, signal: tuple[str, ...]
) -> None:
    spy = Spy(popup)
    popup.offer(SHORT)
    qtbot.mouseClick(button(popup, name), Qt.MouseButton.LeftButton)
    assert spy.seen == [signal]
    assert not popup.isVisible()
    assert popup.exercise is None


def test_start_turns_it_into_the_timer(popup: BreakPopup, qtbot: QtBot) -> None:
    spy = Spy(popup)
    started(popup, qtbot)
    assert spy.seen == [("started",)]
    assert popup.isVisible()
    assert popup.timing
    assert button(popup, "done").isVisible()
    for name in ("start", "snooze-short", "snooze-long", "skip"):
        assert not button(popup, name).isVisible()
    assert label(popup, "heading").text() == "Break in progress"


def test_start_can_come_from_elsewhere(popup: BreakPopup) -> None:
    spy = Spy(popup)
    popup.start()  # nothing offered: nothing to start
    assert spy.seen == []
    popup.offer(SHORT)
    popup.start()
    popup.start()  # already running
    assert spy.seen == [("started",)]
    assert popup.timing


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_starts(popup: BreakPopup, qtbot: QtBot, key: Qt.Key) -> None:
    spy = Spy(popup)
    popup.offer(SHORT)
    qtbot.keyClick(popup, key)
    assert spy.seen == [("started",)]


def test_escape_snoozes_for_the_shorter_time(popup: BreakPopup, qtbot: QtBot) -> None:
    spy = Spy(popup)
    popup.offer(SHORT)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert spy.seen == [("snoozed", 300.0)]


def test_enter_presses_the_button_reached_with_tab(popup: BreakPopup, qtbot: QtBot) -> None:
    spy = Spy(popup)
    popup.offer(SHORT)
    button(popup, "skip").setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert spy.seen == [("skipped",)]


def test_other_keys_do_nothing(popup: BreakPopup, qtbot: QtBot) -> None:
    spy = Spy(popup)
    popup.offer(SHORT)
    qtbot.keyClicks(popup, "hello ")
    assert spy.seen == []
    assert popup.isVisible()


def test_snooze_times_can_be_chosen(qtbot: QtBot) -> None:
    popup = BreakPopup(snooze_choices=(120.0, 900.0))
    qtbot.addWidget(popup)
    spy = Spy(popup)
    popup.offer(SHORT)
    assert button(popup, "snooze-short").text() == "Snooze 2 min"
    assert button(popup, "snooze-long").text() == "Snooze 15 min"
    qtbot.mouseClick(button(popup, "snooze-long"), Qt.MouseButton.LeftButton)
    assert spy.seen == [("snoozed", 900.0)]


def test_withdraw_closes_without_a_signal(popup: BreakPopup, qtbot: QtBot) -> None:
    spy = Spy(popup)
    popup.offer(SHORT)
    popup.withdraw()
    assert not popup.isVisible()
    started(popup, qtbot)
    popup.withdraw()
    qtbot.wait(100)
    assert spy.seen == [("started",)]
    assert not popup.timing


def test_a_new_offer_replaces_a_running_timer(
    popup: BreakPopup, qtbot: QtBot, catalog: Catalog
) -> None:
    started(popup, qtbot)
    popup.offer(catalog["bodyweight-squat"])
    assert not popup.timing
    assert label(popup, "name").text() == "Bodyweight squat"
    assert button(popup, "start").isVisible()


# -- the timer ----------------------------------------------------------------------------------


def test_the_timer_follows_the_dose_and_finishes_by_itself(
    popup: BreakPopup, qtbot: QtBot, clock: FakeClock
) -> None:
    spy = Spy(popup)
    started(popup, qtbot)
    assert label(popup, "stage").text() == "Squeeze"
    assert label(popup, "detail").text() == "Rep 1 of 2"
    assert label(popup, "context").text() == "0:04 left"

    clock.now += 1.5
    qtbot.waitUntil(lambda: label(popup, "stage").text() == "Relax", timeout=1000)
    assert label(popup, "detail").text() == "Rep 1 of 2"
    assert label(popup, "context").text() == "0:03 left"

    clock.now += 2.0
    qtbot.waitUntil(lambda: label(popup, "detail").text() == "Rep 2 of 2", timeout=1000)

    clock.now += 1.0
    with qtbot.waitSignal(popup.finished, timeout=1000):
        pass
    assert not popup.isVisible()
    assert not popup.timing
    qtbot.wait(100)
    assert spy.seen == [("started",), ("finished",)]


@pytest.mark.parametrize("how", ["done", "escape", "enter"])
def test_done_or_a_key_ends_the_timer_early(popup: BreakPopup, qtbot: QtBot, how: str) -> None:
    spy = Spy(popup)
    started(popup, qtbot)
    if how == "done":
        qtbot.mouseClick(button(popup, "done"), Qt.MouseButton.LeftButton)
    else:
        qtbot.keyClick(popup, Qt.Key.Key_Escape if how == "escape" else Qt.Key.Key_Return)
    assert spy.seen == [("started",), ("finished",)]
    assert not popup.isVisible()


# (dose, seconds after Start, the big line, the small line)
TIMER_WORDS = [
    (Dose(reps=10), 4, "Steady pace", "About 3 s a rep"),
    (Dose(reps=4, sides=Sides.LEFT_THEN_RIGHT), 0, "Left side", "About 3 s a rep"),
    (Dose(reps=2, sides=Sides.LEFT_THEN_RIGHT), 7, "Switch sides", "Right side next"),
    (Dose(hold_seconds=20, sides=Sides.LEFT_THEN_RIGHT), 30, "Hold", "Right side"),
    (Dose(hold_seconds=20, sides=Sides.ALTERNATING), 21, "Relax", "Left side"),
    (Dose(reps=2, sets=2), 8, "Rest", "Set 2 of 2 next"),
    (
        Dose(duration_seconds=60, sides=Sides.ALTERNATING),
        1,
        "Keep moving",
        "Left and right in turn",
    ),
    (Dose(duration_seconds=60), 1, "Keep moving", ""),
]


@pytest.mark.parametrize("case", TIMER_WORDS, ids=lambda case: f"{case[0].text}@{case[1]}s")
def test_timer_words(
    popup: BreakPopup, qtbot: QtBot, clock: FakeClock, case: tuple[Dose, float, str, str]
) -> None:
    dose, elapsed, stage, detail = case
    exercise = Exercise("t", "T", Position.STANDING, "p", ("a", "b"), (Muscle.CALVES,), dose)
    started(popup, qtbot, exercise)
    clock.now += elapsed
    shown = (label(popup, "stage"), label(popup, "detail"))

    def words() -> tuple[str, str]:
        return shown[0].text(), shown[1].text()

    qtbot.waitUntil(lambda: words() == (stage, detail), timeout=1000)
    assert shown[1].isVisible() == bool(detail)


# -- looks ----------------------------------------------------------------------------------------


def test_a_dark_palette_gives_light_text(popup: BreakPopup, palettes: Palettes) -> None:
    popup.offer(SHORT)
    assert label(popup, "name").palette().color(QPalette.ColorRole.WindowText).lightnessF() < 0.5
    popup.setPalette(palettes.dark)
    assert label(popup, "name").palette().color(QPalette.ColorRole.WindowText).lightnessF() > 0.5


def test_without_compositing_the_card_fills_a_plain_window(qtbot: QtBot) -> None:
    plain = BreakPopup(translucent=False)
    qtbot.addWidget(plain)
    plain.offer(SHORT)
    assert plain.grab().toImage().pixelColor(0, 0).alpha() == 255

    rounded = BreakPopup(translucent=True)
    qtbot.addWidget(rounded)
    rounded.offer(SHORT)
    assert rounded.grab().toImage().pixelColor(0, 0).alpha() == 0


def save_on_desktop(popup: BreakPopup, path: Path, backdrop: str) -> None:
    """The popup as it would look over a desktop of colour ``backdrop``, shadow included."""
    shot = popup.grab()
    image = QImage(shot.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(shot.devicePixelRatio())
    image.fill(QColor(backdrop))
    painter = QPainter(image)
    painter.drawPixmap(0, 0, shot)
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path))


def test_screenshots(
    qtbot: QtBot,
    clock: FakeClock,
    catalog: Catalog,
    screenshots: Screenshots,
    palettes: Palettes,
) -> None:
    folder = screenshots.folder("popup")
    shots = [
        ("popup-light.png", palettes.light, "#c8cdd5", "standing-glute-squeeze", None),
        ("popup-dark.png", palettes.dark, "#141518", "seated-figure-four-stretch", None),
        ("popup-timer.png", palettes.light, "#c8cdd5", "standing-glute-squeeze", 12.3),
        ("popup-timer-dark.png", palettes.dark, "#141518", "standing-side-leg-raise", 33.0),
    ]
    for name, palette, backdrop, exercise_id, elapsed in shots:
        popup = BreakPopup(clock=clock)
        qtbot.addWidget(popup)
        popup.setPalette(palette)
        if elapsed is None:
            popup.offer(catalog[exercise_id])
        else:
            started(popup, qtbot, catalog[exercise_id])
            clock.now += elapsed
            qtbot.waitUntil(
                lambda p=popup: p.findChild(QLabel, "context").text() != "", timeout=1000
            )
            qtbot.wait(3 * 40)  # a few ticks, and the layout settled
        qtbot.wait(20)
        save_on_desktop(popup, folder / name, backdrop)
        assert (folder / name).stat().st_size > 0
        popup.withdraw()
