"""Every window works from the keyboard and with a screen reader, follows the desktop's light or
dark palette while open, and stays sharp at a device pixel ratio of 1.5 and 2.

Screenshots (light and dark, 1x and 2x, the keyboard focus ring showing) go to
``artifacts/accessibility/``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from accessibility import (
    accessibility_problems,
    accessible_name,
    assert_accessible,
    controls,
    mnemonic_problems,
    tab_chain,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAccessibleInterface,
    QColor,
    QImage,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_player import END, MARCH, ROUTINE, FakeClock, RecordingSound

from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import Catalog, load_exercises
from deskbreak.domain.routine import Timeline
from deskbreak.domain.status import DayTotals
from deskbreak.ui.evening import EveningWindow
from deskbreak.ui.figure import FigureView
from deskbreak.ui.player import KEYS, PlayerWindow
from deskbreak.ui.popup import BreakPopup
from deskbreak.ui.squeeze import SqueezeCheck
from deskbreak.ui.tray import Tray

if TYPE_CHECKING:
    from conftest import Palettes, Screenshots

FOLDER = "accessibility"

# The player tests' routine, its march drawn by the shipped desk march: every step animated.
SHOWN = replace(
    ROUTINE,
    steps=(
        *ROUTINE.steps[:2],
        replace(ROUTINE.steps[2], exercise=replace(MARCH, animation="desk-march")),
    ),
)


# -- helpers ------------------------------------------------------------------------------------


class Announcements:
    """What the windows asked a screen reader to say, while one "listens"."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def __call__(self, event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            self.said.append(event.message())


@pytest.fixture
def announcements(monkeypatch: pytest.MonkeyPatch) -> Iterator[Announcements]:
    spy = Announcements()
    monkeypatch.setattr(QAccessible, "updateAccessibility", spy)
    QAccessible.setActive(True)
    try:
        yield spy
    finally:
        QAccessible.setActive(False)


@pytest.fixture
def app_palette(palettes: Palettes) -> Iterator[Callable[[QPalette], None]]:
    """Sets the whole application's palette, as a desktop switching light and dark does;
    puts the original back afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()

    def switch(palette: QPalette) -> None:
        app.setPalette(palette)
        QApplication.processEvents()

    switch(palettes.light)
    try:
        yield switch
    finally:
        app.setPalette(original)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_exercises(read_asset_text("exercises.toml"), "exercises.toml")


def names(widgets: list[QWidget]) -> list[str]:
    return [widget.objectName() for widget in widgets]


def focus(window: QWidget, name: str) -> QWidget:
    """Put the keyboard focus on the control ``name`` as Tab would."""
    control = window.findChild(QWidget, name)
    assert control is not None, name
    control.setFocus(Qt.FocusReason.TabFocusReason)
    return control


def render(window: QWidget, ratio: float) -> QImage:
    """``window`` painted at device pixel ratio ``ratio``, as on a HiDPI screen."""
    pixmap = QPixmap(window.size() * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    window.render(pixmap)
    return pixmap.toImage()


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make ``window`` the active one, so its focused control shows the focus ring."""
    with qtbot.waitActive(window):
        window.activateWindow()


def save(window: QWidget, folder: Path, name: str) -> None:
    """``name``.png at 1x, 1.5x and 2x, as the window paints now."""
    focused = window.focusWidget()
    assert focused is not None, name
    assert focused.hasFocus(), f"{name}: no focus ring to show"
    for ratio, suffix in ((1.0, ""), (1.5, "@1.5x"), (2.0, "@2x")):
        assert render(window, ratio).save(str(folder / f"{name}{suffix}.png"))


def open_popup(qtbot: QtBot, catalog: Catalog, clock: FakeClock) -> BreakPopup:
    popup = BreakPopup(clock=clock, translucent=False)
    qtbot.addWidget(popup)
    popup.offer(catalog["standing-glute-squeeze"])
    qtbot.waitExposed(popup)
    return popup


def click_into(qtbot: QtBot, popup: BreakPopup) -> None:
    """The user clicks the popup's card: from then on it may have the keyboard."""
    qtbot.mouseClick(popup, Qt.MouseButton.LeftButton, pos=QPoint(30, 30))


def open_player(qtbot: QtBot, clock: FakeClock) -> PlayerWindow:
    window = PlayerWindow(Timeline(SHOWN), clock=clock, sound=RecordingSound())
    qtbot.addWidget(window)
    window.resize(900, 560)
    window.show()
    qtbot.waitExposed(window)
    return window


def open_evening(qtbot: QtBot) -> EveningWindow:
    window = EveningWindow()
    qtbot.addWidget(window)
    window.offer(
        DayTotals(day=date(2025, 3, 12), sitting_s=7 * 3600.0),
        steps=[("Clamshell", "2 × 12 per side"), ("Single-leg glute bridge", "2 × 8 per side")],
    )
    qtbot.waitExposed(window)
    return window


def open_squeeze(qtbot: QtBot) -> SqueezeCheck:
    window = SqueezeCheck()
    qtbot.addWidget(window)
    window.begin()
    qtbot.waitExposed(window)
    return window


# -- the helper itself ----------------------------------------------------------------------------


def test_the_check_finds_nameless_and_ambiguous_controls(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    icon_only = QPushButton(window)
    icon_only.setObjectName("icon-only")
    digits = QPushButton("5", window)
    digits.setObjectName("digits")
    first, second = QPushButton("Snooze", window), QPushButton("snooze", window)
    window.show()
    problems = "\n".join(accessibility_problems(window))
    assert "neither a window title nor an accessible name" in problems
    assert "'icon-only' has no accessible name" in problems
    assert "'digits' is named '5': no word to read" in problems
    assert "share the name 'snooze'" in problems

    window.setWindowTitle("A window")
    icon_only.setAccessibleName("Play")
    icon_only.setToolTip("Play (Space)")
    digits.setText("Snooze 5 min")
    second.setText("Snooze later")
    assert_accessible(window)
    assert accessible_name(first) == "Snooze"


# -- the tray menu ------------------------------------------------------------------------------


def test_every_tray_menu_entry_has_an_access_key_of_its_own(qtbot: QtBot) -> None:
    tray = Tray()
    assert mnemonic_problems(tray.menu) == []
    for action in tray.menu.actions():
        if not action.isSeparator():
            assert action.text().replace("&", "").strip(), action.objectName()


# -- the break popup ----------------------------------------------------------------------------


def test_popup_controls_have_names_that_read_alone(
    qtbot: QtBot, catalog: Catalog, announcements: Announcements
) -> None:
    popup = open_popup(qtbot, catalog, FakeClock())
    assert_accessible(popup)
    assert [accessible_name(c) for c in controls(popup)] == [
        "Skip this break",
        "Snooze 5 minutes",
        "Snooze 10 minutes",
        "Start the exercise",
    ]
    # It appears without the focus: a screen reader hears that it did.
    assert announcements.said == [
        "Time for a break: Standing glute squeeze, 10 times 3 seconds squeeze. "
        "Click the popup to answer with Start, Snooze or Skip."
    ]
    figure = popup.findChild(FigureView, "figure-view")
    assert isinstance(figure, FigureView)
    assert figure.accessibleName() == "Exercise figure"
    assert figure.accessibleDescription().startswith("Standing glute squeeze: ")


def test_popup_is_keyboard_complete_once_clicked(qtbot: QtBot, catalog: Catalog) -> None:
    popup = open_popup(qtbot, catalog, FakeClock())
    handle = popup.windowHandle()
    assert handle is not None
    assert handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus  # never steals typing
    click_into(qtbot, popup)
    assert names(tab_chain(qtbot, popup)) == ["skip", "snooze-short", "snooze-long", "start"]
    focus(popup, "snooze-long")
    with qtbot.waitSignal(popup.snoozed, timeout=1000) as snoozed:
        qtbot.keyClick(popup.focusWidget(), Qt.Key.Key_Space)
    assert snoozed.args == [600.0]


def test_popup_timer_speaks_each_stage_once(
    qtbot: QtBot, catalog: Catalog, announcements: Announcements
) -> None:
    clock = FakeClock()
    popup = open_popup(qtbot, catalog, clock)
    announcements.said.clear()
    popup.start()
    for _ in range(16):  # 8 s, a few ticks every half second
        clock.now += 0.5
        qtbot.wait(2 * 40)
    # 10 × 3 s squeeze with a 2 s relax: squeeze, relax, squeeze, relax in 8 s; not one a tick.
    assert announcements.said == [
        "Squeeze. Rep 1 of 10",
        "Relax. Rep 1 of 10",
        "Squeeze. Rep 2 of 10",
        "Relax. Rep 2 of 10",
    ]
    context = popup.findChild(QLabel, "context")
    assert isinstance(context, QLabel)
    assert re.fullmatch(r"\d+ seconds left", context.accessibleName())
    assert context.text() == f"0:{context.accessibleName().split()[0]} left"


# -- the routine player -------------------------------------------------------------------------


def test_player_controls_have_names_on_every_page(qtbot: QtBot) -> None:
    clock = FakeClock()
    player = open_player(qtbot, clock)
    assert_accessible(player)
    clock.now += 20.0  # the rest after the clamshells
    player.refresh()
    assert_accessible(player)
    clock.now += END
    player.refresh()
    assert_accessible(player)
    assert "Yes, I felt it in my glutes" in [accessible_name(c) for c in controls(player)]


def test_player_tab_reaches_every_control_in_reading_order(qtbot: QtBot) -> None:
    clock = FakeClock()
    player = open_player(qtbot, clock)
    chain = tab_chain(qtbot, player)
    assert names(chain) == ["restart", "previous", "play-pause", "next", "reduced-motion", "mute"]
    assert set(chain) == set(controls(player))
    focus(player, "next")
    qtbot.keyClick(player.focusWidget(), Qt.Key.Key_Return)
    assert player.playback.position(clock.now) == 27.0  # the second exercise
    # The player's own keys still work while a button has the focus.
    focus(player, "restart")
    qtbot.keyClick(player.focusWidget(), Qt.Key.Key_Right)
    assert player.playback.position(clock.now) == 41.0
    qtbot.keyClick(player.focusWidget(), Qt.Key.Key_M)
    assert player.muted
    clock.now += END
    player.refresh()
    player.setFocus()
    assert names(tab_chain(qtbot, player)) == [
        "felt-yes",
        "felt-not-yet",
        "restart",
        "previous",
        "reduced-motion",
        "mute",
    ]


def test_player_key_s_switches_still_poses_and_says_so(
    qtbot: QtBot, announcements: Announcements
) -> None:
    player = open_player(qtbot, FakeClock())
    figure = player.findChild(FigureView)
    assert isinstance(figure, FigureView)
    assert not player.reduced_motion
    with qtbot.waitSignal(player.reduced_motion_changed, timeout=1000) as changed:
        qtbot.keyClick(player, Qt.Key.Key_S)
    assert changed.args == [True]
    assert player.reduced_motion
    assert figure.reduced_motion
    button = player.findChild(QAbstractButton, "reduced-motion")
    assert isinstance(button, QAbstractButton)
    assert accessible_name(button) == "Still poses"
    assert button.isChecked()
    interface = QAccessible.queryAccessibleInterface(button)
    assert interface is not None
    assert interface.state().checkable
    assert interface.state().checked
    assert announcements.said[-1] == "Still poses"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not player.reduced_motion
    assert not button.isChecked()


def test_player_accessible_tree_names_every_part(qtbot: QtBot) -> None:
    """What the screen reader bridge exports: buttons named and pressable, texts readable,
    the figure and the progress named and described."""
    player = open_player(qtbot, FakeClock())
    root = QAccessible.queryAccessibleInterface(player)
    assert root is not None
    seen: dict[str, list[str]] = {"buttons": [], "texts": [], "described": []}

    def walk(node: QAccessibleInterface) -> None:
        if node.state().invisible:
            return
        name = node.text(QAccessible.Text.Name)
        # A toggle (still poses) reads as a check box: "Still poses, check box, checked".
        if node.role() in (QAccessible.Role.Button, QAccessible.Role.CheckBox):
            actions = node.actionInterface()
            assert actions is not None, name
            assert "Press" in actions.actionNames(), name
            seen["buttons"].append(name)
        elif node.role() == QAccessible.Role.StaticText:
            seen["texts"].append(name)
        elif name and node.text(QAccessible.Text.Description):
            seen["described"].append(name)
        for index in range(node.childCount()):
            child = node.child(index)
            assert child is not None
            walk(child)

    walk(root)
    assert seen["buttons"] == [
        "Restart exercise",
        "Previous exercise",
        "Pause",
        "Next exercise",
        "Still poses",
        "Mute sounds",
    ]
    assert all(seen["texts"]), seen["texts"]
    assert "Rep 1 of 3" in seen["texts"]
    assert {"Exercise figure", "Routine progress"} <= set(seen["described"])


def test_player_help_lists_every_key(qtbot: QtBot) -> None:
    player = open_player(qtbot, FakeClock())
    description = player.accessibleDescription()
    for key, does in KEYS:
        assert f"{key}: {does}" in description
    for key in ("Space", "R", "M", "S", "Esc"):
        assert any(listed.startswith(key) for listed, _ in KEYS), key
    qtbot.keyClick(player, Qt.Key.Key_F1)
    assert QToolTip.isVisible()
    assert "still poses" in QToolTip.text()
    QToolTip.hideText()


def test_player_live_values_read_as_words(qtbot: QtBot) -> None:
    clock = FakeClock()
    player = open_player(qtbot, clock)
    clock.now += 0.5
    player.refresh()

    def name(label: str) -> str:
        found = player.findChild(QLabel, label)
        assert isinstance(found, QLabel), label
        return found.accessibleName()

    assert name("counter") == "Rep 1 of 3"
    assert name("eyebrow") == "Exercise 1 of 3"
    assert name("time-left") == "51 seconds left in the routine"
    clock.now += 20.0
    player.refresh()
    assert name("rest-countdown") == "7 seconds of rest left"
    clock.now += 10.0  # 3 s into the bridge's squeeze... of 3 s: its relax
    player.refresh()
    assert name("counter") == "Squeeze 1 of 2"
    assert re.fullmatch(r"Relax, \d seconds?", name("doing")), name("doing")


def test_short_texts_read_as_words(qtbot: QtBot, catalog: Catalog) -> None:
    popup = open_popup(qtbot, catalog, FakeClock())
    dose = popup.findChild(QLabel, "dose")
    context = popup.findChild(QLabel, "context")
    assert isinstance(dose, QLabel)
    assert isinstance(context, QLabel)
    assert (dose.text(), accessible_name(dose)) == (
        "10 × 3 s squeeze",
        "10 times 3 seconds squeeze",
    )
    assert accessible_name(context) == "Standing, about 50 seconds"


def test_player_speaks_what_changes_not_every_frame(
    qtbot: QtBot, announcements: Announcements
) -> None:
    clock = FakeClock()
    player = PlayerWindow(Timeline(SHOWN), clock=clock, sound=RecordingSound())
    qtbot.addWidget(player)
    for _ in range(round((END + 1) / 0.016)):  # the whole routine at 60 frames a second
        clock.now += 0.016
        player.refresh()
    said = announcements.said
    assert said[0] == "Exercise 1 of 3: Clamshell. Rep 1 of 3. Left side."
    assert "Rep 2 of 3." in said
    assert "Switch sides, right side next." in said
    assert "Rep 1 of 3. Right side." in said
    assert "Exercise 2 of 3: Glute bridge hold. Squeeze 1 of 2 for 3 seconds." in said
    assert "Relax." in said
    assert any(line.startswith("Rest, ") and "Next up: Glute bridge hold" in line for line in said)
    assert said[-1].startswith("Routine done.")
    assert len(said) < 25  # a word per change, not per frame
    assert all(before != after for before, after in itertools.pairwise(said))


def test_player_figure_says_what_it_does(qtbot: QtBot) -> None:
    clock = FakeClock()
    player = open_player(qtbot, clock)
    figure = player.findChild(FigureView)
    assert isinstance(figure, FigureView)
    descriptions: list[str] = []
    for _ in range(120):  # the first rep of 2 s, frame by frame
        clock.now += 0.016
        player.refresh()
        if not descriptions or descriptions[-1] != figure.accessibleDescription():
            descriptions.append(figure.accessibleDescription())
    assert figure.accessibleName() == "Exercise figure"
    assert all(text.startswith("Clamshell, left side: ") for text in descriptions)
    assert any("in the open pose" in text and "gluteus medius" in text for text in descriptions)
    assert any("moving to the open pose" in text for text in descriptions)
    assert len(descriptions) <= 6  # changes with the pose's stage, not the frames


# -- the evening window and the squeeze test ------------------------------------------------------


def test_evening_window_is_keyboard_complete(qtbot: QtBot) -> None:
    window = open_evening(qtbot)
    assert_accessible(window)
    assert names(tab_chain(qtbot, window)) == ["squeeze", "not-today", "later", "start"]
    focus(window, "not-today")
    with qtbot.waitSignal(window.not_today_requested, timeout=1000):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)


def test_windows_shown_without_the_focus_say_that_they_opened(
    qtbot: QtBot, announcements: Announcements
) -> None:
    open_evening(qtbot)
    assert announcements.said == ["Run day: Glute wake-up ready, about 5 minutes."]
    squeeze = open_squeeze(qtbot)
    assert announcements.said[-1].startswith("Step 1 of 4. Stand tall. Stand tall, feet")
    qtbot.keyClick(squeeze, Qt.Key.Key_Return)
    assert announcements.said[-1].startswith("Step 2 of 4. Squeeze your left glute only.")


def test_a_popup_offered_again_announces_its_first_stage_again(
    qtbot: QtBot, catalog: Catalog, announcements: Announcements
) -> None:
    popup = open_popup(qtbot, catalog, FakeClock())
    for _ in range(2):
        popup.start()
        assert announcements.said[-1] == "Squeeze. Rep 1 of 10"
        popup.withdraw()
        popup.offer(catalog["standing-glute-squeeze"])


def test_squeeze_test_is_keyboard_complete(qtbot: QtBot) -> None:
    window = open_squeeze(qtbot)
    assert_accessible(window)
    qtbot.keyClick(window, Qt.Key.Key_Return)  # Ready
    assert_accessible(window)
    chain = tab_chain(qtbot, window)
    assert names(chain) == ["firm", "soft", "thigh"]
    assert chain[0].accessibleDescription() == "It tightened hard, like a rock under my hand."
    focus(window, "soft")
    with qtbot.waitSignal(window.rated, timeout=1000) as rated:
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Return)
    assert rated.args == ["left", "soft"]
    focus(window, "firm")
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    # The answers are gone on the summary: Enter means Done, not Back.
    assert window.focusWidget() is window
    assert_accessible(window)
    with qtbot.waitSignal(window.done, timeout=1000):
        qtbot.keyClick(window, Qt.Key.Key_Return)


# -- light and dark, following the desktop ---------------------------------------------------------


def card_colour(window: QWidget) -> QColor:
    """The colour of the window's background a little inside its top-left corner."""
    return window.grab().toImage().pixelColor(6, 6)


@pytest.mark.parametrize("which", ["popup", "player", "evening", "squeeze"])
def test_each_window_rethemes_when_the_desktop_goes_dark(
    qtbot: QtBot,
    catalog: Catalog,
    app_palette: Callable[[QPalette], None],
    palettes: Palettes,
    which: str,
) -> None:
    opened: dict[str, Callable[[], QWidget]] = {
        "popup": lambda: open_popup(qtbot, catalog, FakeClock()),
        "player": lambda: open_player(qtbot, FakeClock()),
        "evening": lambda: open_evening(qtbot),
        "squeeze": lambda: open_squeeze(qtbot),
    }
    window = opened[which]()
    title = next(
        label
        for label in window.findChildren(QLabel)
        if label.objectName() in ("name", "title") and label.isVisibleTo(window)
    )
    assert card_colour(window).lightnessF() > 0.9
    assert title.palette().color(QPalette.ColorRole.WindowText).lightnessF() < 0.3
    app_palette(palettes.dark)
    assert card_colour(window).lightnessF() < 0.25
    assert title.palette().color(QPalette.ColorRole.WindowText).lightnessF() > 0.7
    app_palette(palettes.light)
    assert card_colour(window).lightnessF() > 0.9


# -- HiDPI -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("ratio", [1.5, 2.0])
def test_windows_paint_at_the_screens_own_pixels(
    qtbot: QtBot, catalog: Catalog, ratio: float
) -> None:
    """Drawn as vectors and text, a HiDPI render has detail a scaled-up 1x render lacks."""
    clock = FakeClock()
    for window in (open_popup(qtbot, catalog, clock), open_player(qtbot, clock)):
        sharp = render(window, ratio)
        assert sharp.width() == round(window.width() * ratio)
        blurry = render(window, 1.0).scaled(
            sharp.size(),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        differing = sum(
            1
            for y in range(0, sharp.height(), 3)
            for x in range(0, sharp.width(), 3)
            if sharp.pixelColor(x, y) != blurry.pixelColor(x, y)
        )
        assert differing > 200, type(window).__name__


# -- screenshots -----------------------------------------------------------------------------------


def test_screenshots(
    qtbot: QtBot,
    catalog: Catalog,
    screenshots: Screenshots,
    app_palette: Callable[[QPalette], None],
    palettes: Palettes,
) -> None:
    folder = screenshots.folder(FOLDER)
    for palette_name, palette in (("light", palettes.light), ("dark", palettes.dark)):
        app_palette(palette)
        clock = FakeClock()

        popup = open_popup(qtbot, catalog, clock)
        click_into(qtbot, popup)
        activate(qtbot, popup)
        for name in ("snooze-short", "start"):
            focus(popup, name)
            save(popup, folder, f"popup-focus-{name}-{palette_name}")
        popup.withdraw()

        player = open_player(qtbot, clock)
        activate(qtbot, player)
        clock.now += 3.0
        player.refresh()
        for name in ("play-pause", "reduced-motion"):
            focus(player, name)
            save(player, folder, f"player-focus-{name}-{palette_name}")
        player.show_keys()
        tip = next(w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel"))
        qtbot.waitExposed(tip)
        assert tip.grab().save(str(folder / f"player-keys-{palette_name}.png"))
        QToolTip.hideText()
        clock.now += END
        player.refresh()
        focus(player, "felt-yes")
        save(player, folder, f"player-focus-end-{palette_name}")
        player.close()

        evening = open_evening(qtbot)
        activate(qtbot, evening)
        focus(evening, "later")
        save(evening, folder, f"evening-focus-later-{palette_name}")
        evening.hide()

        squeeze = open_squeeze(qtbot)
        activate(qtbot, squeeze)
        qtbot.keyClick(squeeze, Qt.Key.Key_Return)
        focus(squeeze, "soft")
        save(squeeze, folder, f"squeeze-focus-soft-{palette_name}")
        squeeze.close()
