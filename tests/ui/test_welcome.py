"""The first-run welcome: its five pages, the choices saved through the settings path, "Use the
defaults", the page for a desktop without a tray, and when the app shows it.

Screenshots of each page, light and dark, at device pixel ratios 1 and 2 (and the no-tray
variant of the last page) go to ``artifacts/welcome/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import shiboken6
from accessibility import assert_accessible, tab_chain
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from deskbreak.app.shell import Shell, first_run
from deskbreak.domain.clock import FakeClock
from deskbreak.domain.settings import Settings
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.storage.settings_file import load_settings
from deskbreak.ui.settings import StoredItem, Switch, TimeField, TypedEdit, WeekdayChips
from deskbreak.ui.tray import Tray
from deskbreak.ui.welcome import PAGES, WelcomeAnswer, WelcomeWindow

if TYPE_CHECKING:
    from conftest import Palettes, Screenshots

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
STORED = [
    StoredItem("Your settings", Path("/home/you/.config/deskbreak/settings.toml")),
    StoredItem(
        "Your history: sitting stretches, breaks, routines and squeeze tests",
        Path("/home/you/.local/share/deskbreak/history.sqlite3"),
    ),
]


class FakeAutostart:
    """Start at login, kept in memory."""

    where = "memory"

    def __init__(self) -> None:
        self.enabled = False

    def is_enabled(self) -> bool:
        return self.enabled

    def enable(self, command: object) -> None:
        self.enabled = True

    def disable(self) -> None:
        self.enabled = False


class Rig:
    """The shell of a first start in ``basedir``: no settings file, no history yet."""

    def __init__(self, basedir: Path) -> None:
        self.paths = Paths.under(basedir)
        self.first = first_run(self.paths)
        self.history = History.open(self.paths.history_file)
        self.autostart = FakeAutostart()
        self.shell = Shell(
            paths=self.paths,
            settings=Settings(),
            history=self.history,
            idle=None,
            tray=Tray(),
            session=None,
            quit_app=lambda: None,
            clock=FakeClock(mono=1000.0, wall=NOW),
            autostart=self.autostart,
            login=["deskbreak"],
        )

    def saved(self) -> Settings:
        loaded = load_settings(self.paths.settings_file)
        assert loaded.problems == []
        return loaded.settings


@pytest.fixture
def rig(qapp: object, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path)
    yield made
    if made.shell.welcome is not None:
        made.shell.welcome.close()
    made.history.close()


OPEN: list[WelcomeWindow] = []


@pytest.fixture(autouse=True)
def close_windows(qapp: object) -> Iterator[None]:
    """Close what a test left open (a closed welcome deletes itself)."""
    yield
    for window in OPEN:
        if shiboken6.isValid(window):
            window.close()
    OPEN.clear()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def make(qtbot: QtBot, *, tray: bool = True, autostart: bool | None = False) -> WelcomeWindow:
    window = WelcomeWindow(Settings(), stored=STORED, tray_available=tray, autostart=autostart)
    OPEN.append(window)
    window.show()
    return window


def texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def page(window: WelcomeWindow, name: str) -> QWidget:
    found = window.findChild(QWidget, f"page-{name}")
    assert found is not None
    return found


# -- when it shows -------------------------------------------------------------------------


def test_first_run_is_no_settings_file_and_no_history(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    assert first_run(paths)
    paths.data_dir.mkdir(parents=True)
    paths.history_file.write_bytes(b"")
    assert not first_run(paths), "history of an earlier version: not a first start"
    paths.history_file.unlink()
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text("")
    assert not first_run(paths)


def test_answering_writes_the_settings_file_so_it_does_not_come_back(rig: Rig) -> None:
    assert rig.first
    welcome = rig.shell.show_welcome()
    welcome.use_defaults()
    assert rig.saved() == Settings()
    assert not first_run(rig.paths)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert rig.shell.welcome is None, "freed once closed"


# -- the pages -----------------------------------------------------------------------------


def test_five_pages_next_and_back(qtbot: QtBot) -> None:
    window = make(qtbot)
    assert [window.page_name] == ["measures"]
    seen = [window.page_name]
    for _ in PAGES[1:]:
        qtbot.mouseClick(window.next, Qt.MouseButton.LeftButton)
        seen.append(window.page_name)
    assert tuple(seen) == PAGES
    assert window.next.text() == "Start deskbreak"
    qtbot.mouseClick(window.back, Qt.MouseButton.LeftButton)
    assert window.page_name == "login"
    window.go_to(0)
    assert window.back.isHidden()


def test_the_first_page_says_what_is_measured_and_stored_and_that_nothing_leaves(
    qtbot: QtBot,
) -> None:
    window = make(qtbot)
    words = texts(page(window, "measures"))
    assert "keyboard and mouse have been idle" in words
    assert "never what you type" in words
    for item in STORED:
        assert str(item.path) in words
    assert "Nothing leaves this computer" in words


def test_the_interval_page_offers_45_minutes_and_says_why(qtbot: QtBot) -> None:
    window = make(qtbot)
    words = texts(page(window, "interval"))
    assert "45 min is a good start" in words
    edit = window.rows["breaks.interval"].control
    assert isinstance(edit, TypedEdit)
    assert edit.text() == "45m"


def test_choices_are_saved_through_the_settings_path(rig: Rig, qtbot: QtBot) -> None:
    window = rig.shell.show_welcome()
    window.next_page()
    edit = window.rows["breaks.interval"].control
    assert isinstance(edit, TypedEdit)
    edit.selectAll()
    qtbot.keyClicks(edit, "50m")
    window.next_page()
    chips = window.rows["run.days"].control
    assert isinstance(chips, WeekdayChips)
    for day in (1, 3, 5):
        qtbot.mouseClick(chips.chips[day], Qt.MouseButton.LeftButton)
    clock = window.rows["run.time"].control
    assert isinstance(clock, TimeField)
    clock.setTime(clock.time().fromString("07:15", "HH:mm"))
    band = window.rows["equipment.mini_band"].control
    assert isinstance(band, Switch)
    qtbot.mouseClick(band, Qt.MouseButton.LeftButton)
    window.next_page()
    assert window.login.isChecked(), "start at login is suggested"
    window.next_page()
    qtbot.mouseClick(window.next, Qt.MouseButton.LeftButton)
    assert rig.saved().changed() == {
        "breaks.interval": 50 * 60.0,
        "run.days": (1, 3, 5),
        "run.time": time(7, 15),
        "equipment.mini_band": True,
    }
    assert rig.shell.tracker.settings["breaks.interval"] == 50 * 60.0, "applied at once"
    assert rig.autostart.enabled


def test_use_the_defaults_skips_every_choice(rig: Rig, qtbot: QtBot) -> None:
    window = rig.shell.show_welcome()
    window.go_to(2)
    chips = window.rows["run.days"].control
    assert isinstance(chips, WeekdayChips)
    qtbot.mouseClick(chips.chips[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.skip, Qt.MouseButton.LeftButton)
    assert rig.saved() == Settings()
    assert not rig.autostart.enabled


def test_closing_keeps_what_was_chosen(qtbot: QtBot) -> None:
    window = make(qtbot)
    answers: list[WelcomeAnswer] = []
    window.answered.connect(answers.append)
    window.go_to(2)
    chips = window.rows["run.days"].control
    assert isinstance(chips, WeekdayChips)
    qtbot.mouseClick(chips.chips[2], Qt.MouseButton.LeftButton)
    window.close()
    assert answers == [WelcomeAnswer({"run.days": (2,)}, autostart=True)]


def test_a_bad_interval_is_refused_and_not_saved(qtbot: QtBot) -> None:
    window = make(qtbot)
    answers: list[WelcomeAnswer] = []
    window.answered.connect(answers.append)
    window.go_to(1)
    row = window.rows["breaks.interval"]
    assert isinstance(row.control, TypedEdit)
    row.control.selectAll()
    qtbot.keyClicks(row.control, "9h")
    assert row.error.text() == "Expected a duration from 1m to 4h such as 45m."
    window.finish()
    assert answers[0].values == {}


def test_keyboard_enter_goes_on_and_escape_closes(qtbot: QtBot) -> None:
    window = make(qtbot)
    answers: list[WelcomeAnswer] = []
    window.answered.connect(answers.append)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.page_name == "interval"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert len(answers) == 1
    assert not window.isVisible()


def test_every_page_reads_out_and_is_reached_with_tab(qtbot: QtBot) -> None:
    window = make(qtbot)
    window.activateWindow()
    QApplication.processEvents()
    expected = {
        "measures": [],
        "interval": ["control-breaks.interval"],
        "runs": [
            *(f"day-{d}" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
            "control-run.time",
            "control-equipment.mini_band",
        ],
        "login": ["login"],
        "tray": [],
    }
    for number, name in enumerate(PAGES):
        window.go_to(number)
        assert_accessible(window)
        window.skip.setFocus()
        reached = [widget.objectName() for widget in tab_chain(qtbot, window)]
        buttons = ["use-defaults", "back", "next"] if number else ["use-defaults", "next"]
        assert sorted(reached) == sorted(expected[name] + buttons), name
        assert [n for n in reached if n in expected[name]] == expected[name], name


def test_every_control_has_an_accessible_name(qtbot: QtBot) -> None:
    window = make(qtbot)
    for row in window.rows.values():
        assert row.control.accessibleName()
    assert window.login.accessibleName() == "Start deskbreak at login"
    assert window.skip.accessibleDescription()


def test_without_an_autostart_place_the_switch_is_off_and_says_why(qtbot: QtBot) -> None:
    window = make(qtbot, autostart=None)
    assert not window.login.isEnabled()
    assert "start-up programs" in texts(page(window, "login"))
    answers: list[WelcomeAnswer] = []
    window.answered.connect(answers.append)
    window.finish()
    assert answers[0].autostart is None


def test_the_tray_page_points_at_the_ring(qtbot: QtBot) -> None:
    window = make(qtbot, tray=True)
    words = texts(page(window, "tray"))
    assert "Look for the ring in your tray" in words
    assert "AppIndicator" not in words


def test_without_a_tray_it_says_so_and_how_to_reach_the_app(qtbot: QtBot) -> None:
    window = make(qtbot, tray=False)
    words = texts(page(window, "tray"))
    assert "Your desktop shows no tray icons" in words
    assert "AppIndicator extension" in words
    for command in ("deskbreak status", "deskbreak stats", "deskbreak settings"):
        assert command in words


# -- screenshots -----------------------------------------------------------------------------


def render(widget: QWidget, ratio: int) -> QPixmap:
    """``widget`` painted at ``ratio`` device pixels per pixel, as on a HiDPI screen."""
    pixmap = QPixmap(widget.size() * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    widget.render(pixmap)
    return pixmap


def test_screenshots(qtbot: QtBot, screenshots: Screenshots, palettes: Palettes) -> None:
    folder = screenshots.folder("welcome")
    for name, palette in (("light", palettes.light), ("dark", palettes.dark)):
        for tray in (True, False):
            window = make(qtbot, tray=tray, autostart=False)
            window.setPalette(palette)
            for number, page_name in enumerate(PAGES):
                if not tray and page_name != "tray":
                    continue
                window.go_to(number)
                QApplication.processEvents()
                variant = "" if tray else "-no-tray"
                for ratio in (1, 2):
                    path = folder / f"{number + 1}-{page_name}{variant}-{name}@{ratio}x.png"
                    assert render(window, ratio).save(str(path))
