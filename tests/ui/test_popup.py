"""The break popup: buttons and keys become signals, the timer follows the dose, withdraw() is
silent, it never asks for the keyboard by itself, and its figure moves only while it shows.

Screenshots in a light and a dark palette go to ``artifacts/popup/``.
"""

from __future__ import annotations

from dataclasses import replace
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
    Side,
    Sides,
    animation_phase,
    load_exercises,
)
from deskbreak.domain.figure import Frame, frame
from deskbreak.ui.figure import FigureView
from deskbreak.ui.popup import (
    DEMO_REP_SECONDS,
    FIGURE_SIZE,
    SCREEN_MARGIN,
    SHADOW_SIZE,
    BreakPopup,
    demo_pose,
    shipped_animations,
)

# Squeeze 1 s, relax 2 s, squeeze 1 s: a dose of 4 s. It has no animation of its own ("short").
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


def view(popup: BreakPopup) -> FigureView:
    found = popup.findChild(FigureView, "figure-view")
    assert isinstance(found, FigureView)
    return found


def current(popup: BreakPopup) -> Frame:
    shown = view(popup).current
    assert shown is not None
    return shown


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


# -- the figure -----------------------------------------------------------------------------------


def test_offered_the_figure_loops_the_exercise_slowly(
    popup: BreakPopup, qtbot: QtBot, clock: FakeClock, catalog: Catalog
) -> None:
    squat = catalog["bodyweight-squat"]
    popup.offer(squat)
    assert view(popup).isVisible()
    assert popup.animating
    assert current(popup).key == "stand"

    clock.now += DEMO_REP_SECONDS * 0.43  # the middle of the first demo rep: squatting
    qtbot.waitUntil(lambda: current(popup).key == "low", timeout=1000)
    clock.now += DEMO_REP_SECONDS * 0.5  # resting before the next one
    qtbot.waitUntil(lambda: current(popup).key == "stand", timeout=1000)
    clock.now += DEMO_REP_SECONDS * 0.5  # and down again
    qtbot.waitUntil(lambda: current(popup).key == "low", timeout=1000)


def test_one_sided_exercises_demo_each_side_in_turn(
    popup: BreakPopup, qtbot: QtBot, clock: FakeClock, catalog: Catalog
) -> None:
    raise_ = catalog["standing-side-leg-raise"]
    assert raise_.sides is not Sides.BOTH
    popup.offer(raise_)
    assert current(popup).facing == 1
    clock.now += DEMO_REP_SECONDS * 1.4
    qtbot.waitUntil(lambda: current(popup).facing == -1, timeout=1000)  # mirrored: the right


def test_demo_reps_run_once_through_the_animation_then_pause() -> None:
    assert demo_pose(0.0, Sides.BOTH) == (0.0, Side.LEFT)
    phases = [demo_pose(DEMO_REP_SECONDS * share, Sides.BOTH)[0] for share in (0.2, 0.4, 0.6)]
    assert 0.0 < phases[0] < phases[1] < phases[2] < 1.0
    assert demo_pose(DEMO_REP_SECONDS * 0.95, Sides.BOTH)[0] == 1.0  # still, the rep done
    assert demo_pose(DEMO_REP_SECONDS * 1.0, Sides.BOTH) == (0.0, Side.LEFT)
    assert demo_pose(DEMO_REP_SECONDS * 1.0, Sides.ALTERNATING) == (0.0, Side.RIGHT)
    assert demo_pose(DEMO_REP_SECONDS * 2.0, Sides.LEFT_THEN_RIGHT) == (0.0, Side.LEFT)


def test_started_the_figure_moves_in_step_with_the_dose(
    popup: BreakPopup, qtbot: QtBot, clock: FakeClock, catalog: Catalog
) -> None:
    squeeze = catalog["standing-glute-squeeze"]
    started(popup, qtbot, squeeze)
    animation = shipped_animations()[squeeze.animation]
    begun = clock.now
    count = popup.findChild(object, "figure-count")
    assert count is not None

    for elapsed in (0.4, 1.7, 3.2, 4.1):
        clock.now = begun + elapsed
        moment = squeeze.dose.moment(clock.now - begun)  # the popup's sum, to the last bit
        expected = frame(
            animation,
            animation_phase(squeeze.dose, moment),
            side=moment.side or Side.LEFT,
            contraction=moment.contraction,
        )
        qtbot.waitUntil(lambda expected=expected: current(popup) == expected, timeout=1000)
    clock.now = begun + 1.5  # in the middle of the first squeeze
    qtbot.waitUntil(lambda: current(popup).key == "squeeze", timeout=1000)
    assert count.isVisible()
    assert count.text() == "2 s"


def test_a_dose_by_reps_counts_them_beside_the_figure(
    popup: BreakPopup, qtbot: QtBot, clock: FakeClock, catalog: Catalog
) -> None:
    squat = catalog["bodyweight-squat"]
    started(popup, qtbot, squat)
    count = popup.findChild(object, "figure-count")
    assert count is not None
    assert count.text() == f"1 of {squat.dose.reps}"
    clock.now += squat.dose.rep_length * 1.5
    qtbot.waitUntil(lambda: count.text() == f"2 of {squat.dose.reps}", timeout=1000)


def test_the_figure_moves_only_while_the_popup_shows(
    popup: BreakPopup, qtbot: QtBot, clock: FakeClock, catalog: Catalog
) -> None:
    popup.offer(catalog["bodyweight-squat"])
    assert popup.animating
    popup.hide()
    assert not popup.animating
    shown = current(popup)
    clock.now += DEMO_REP_SECONDS * 0.45
    qtbot.wait(3 * 40)
    assert current(popup) == shown  # nobody looked: nothing moved

    popup.show()
    assert popup.animating
    qtbot.waitUntil(lambda: current(popup) != shown, timeout=1000)

    qtbot.mouseClick(button(popup, "start"), Qt.MouseButton.LeftButton)
    assert popup.animating
    popup.hide()
    assert not popup.animating
    popup.show()
    assert popup.animating
    popup.withdraw()
    assert not popup.animating


def test_an_exercise_without_animation_keeps_the_still_pictogram(
    popup: BreakPopup, qtbot: QtBot, clock: FakeClock
) -> None:
    assert SHORT.animation not in shipped_animations()
    popup.offer(SHORT)  # no crash
    assert not view(popup).isVisible()
    assert not popup.animating  # nothing moves while offered
    figure = popup.findChild(object, "figure")
    assert isinstance(figure, object)
    before = popup.grab().toImage()
    clock.now += 1.0
    qtbot.wait(2 * 40)
    assert popup.grab().toImage() == before

    started(popup, qtbot)
    assert popup.animating  # the ring and the count still run
    clock.now += 1.5
    qtbot.waitUntil(lambda: label(popup, "stage").text() == "Relax", timeout=1000)


def test_reduced_motion_shows_the_key_poses_only(
    qtbot: QtBot, clock: FakeClock, catalog: Catalog
) -> None:
    popup = BreakPopup(clock=clock, reduced_motion=True)
    qtbot.addWidget(popup)
    squat = catalog["bodyweight-squat"]
    popup.offer(squat)
    keys = set()
    for _ in range(8):
        clock.now += DEMO_REP_SECONDS / 8
        qtbot.wait(2 * 100)
        keys.add(current(popup).key)
    assert None not in keys  # never between two poses
    assert len(keys) == 2  # and still both of them

    popup.reduced_motion = False
    clock.now += DEMO_REP_SECONDS * 0.2  # on the way up
    qtbot.waitUntil(lambda: current(popup).key is None, timeout=1000)


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
    # (file, palette, desktop, exercise, seconds of the demo or of the timer)
    shots = [
        ("popup-light.png", palettes.light, "#c8cdd5", "standing-glute-squeeze", None),
        ("popup-dark.png", palettes.dark, "#141518", "seated-figure-four-stretch", None),
        ("popup-demo-top.png", palettes.light, "#c8cdd5", "bodyweight-squat", 1.8),
        ("popup-demo-top-dark.png", palettes.dark, "#141518", "standing-hip-extension", 1.8),
        ("popup-timer.png", palettes.light, "#c8cdd5", "standing-glute-squeeze", 12.3),
        ("popup-timer-dark.png", palettes.dark, "#141518", "standing-side-leg-raise", 33.0),
        ("popup-timer-reps.png", palettes.light, "#c8cdd5", "bodyweight-squat", 7.8),
    ]
    for name, palette, backdrop, exercise_id, elapsed in shots:
        popup = BreakPopup(clock=clock)
        qtbot.addWidget(popup)
        popup.setPalette(palette)
        if "demo" in name:
            popup.offer(catalog[exercise_id])
            clock.now += elapsed or 0.0
            qtbot.wait(3 * 40)
        elif elapsed is None:
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
    # Without an animation the still pictogram and the plain ring stand in.
    fallback = replace(catalog["standing-glute-squeeze"], animation="not-drawn-yet")
    for name, elapsed in (("popup-no-animation.png", None), ("popup-no-animation-timer.png", 4)):
        popup = BreakPopup(clock=clock)
        qtbot.addWidget(popup)
        popup.setPalette(palettes.light)
        if elapsed is None:
            popup.offer(fallback)
        else:
            started(popup, qtbot, fallback)
            clock.now += elapsed
            qtbot.wait(3 * 40)
        save_on_desktop(popup, folder / name, "#c8cdd5")
        popup.withdraw()
