"""The settings window: one control per schema option, each writing its setting through the
running app into the settings file; refused values say what was expected and are not saved;
reset to defaults; opened from the tray, over IPC and by ``deskbreak settings``.

Screenshots of every group page, light and dark, at device pixel ratios 1 and 2, go to
``artifacts/settings/``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from accessibility import assert_accessible, tab_chain
from PySide6.QtCore import QEvent, QSize, Qt, QTime
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from blocking import in_thread
from deskbreak.app.shell import Shell
from deskbreak.cli import EXIT_NOT_RUNNING, main
from deskbreak.domain.clock import FakeClock
from deskbreak.domain.events import BreakReason, StretchEnded
from deskbreak.domain.settings import OPTIONS, Kind, Option, Settings, option
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.storage.settings_file import load_settings
from deskbreak.ui.settings import (
    COMMIT_AFTER_MS,
    ChoiceBox,
    OptionRow,
    SettingsWindow,
    Switch,
    TimeField,
    TypedEdit,
    WeekdayChips,
    group_title,
)
from deskbreak.ui.tray import Tray

if TYPE_CHECKING:
    from conftest import Palettes, Screenshots, Serve

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


class Rig:
    """The running app's shell over a settings file in ``basedir``, as `deskbreak` wires it."""

    def __init__(self, basedir: Path) -> None:
        self.paths = Paths.under(basedir)
        self.history = History.open(self.paths.history_file)
        self.tray = Tray()
        self.shell = Shell(
            paths=self.paths,
            settings=Settings(),
            history=self.history,
            idle=None,
            tray=self.tray,
            session=None,
            quit_app=lambda: None,
            clock=FakeClock(mono=1000.0, wall=NOW),
        )

    def saved(self) -> Settings:
        loaded = load_settings(self.paths.settings_file)
        assert loaded.problems == []
        return loaded.settings

    def window(self) -> SettingsWindow:
        return self.shell.open_settings()


@pytest.fixture
def rig(qapp: object, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path)
    yield made
    window = made.shell.settings_window
    if window is not None:
        window.close()
    made.history.close()


def other_value(item: Option) -> Any:
    """A valid value for ``item`` that is not its default."""
    if item.kind is Kind.DURATION:
        step = 60.0 if item.maximum is None or item.maximum >= 600 else 10.0
        up = item.default + step
        return up if item.maximum is None or up <= item.maximum else item.default - step
    if item.kind is Kind.INT:
        up = item.default + 1
        return up if item.maximum is None or up <= item.maximum else item.default - 1
    if item.kind is Kind.TIME_OF_DAY:
        return time(7, 15) if item.default != time(7, 15) else time(8, 45)
    if item.kind is Kind.BOOL:
        return not item.default
    if item.kind is Kind.CHOICE:
        return next(choice for choice in item.choices if choice != item.default)
    return (0, 3)


def choose(qtbot: QtBot, row: OptionRow, value: Any) -> None:
    """Set ``value`` the way a user would: typing, clicking, the keyboard."""
    control = row.control
    if isinstance(control, TypedEdit):
        control.setFocus()
        control.selectAll()
        qtbot.keyClicks(control, row.option.text(value))
        qtbot.keyClick(control, Qt.Key.Key_Return)
    elif isinstance(control, TimeField):
        control.setTime(QTime(value.hour, value.minute))
    elif isinstance(control, Switch):
        qtbot.mouseClick(control, Qt.MouseButton.LeftButton)
    elif isinstance(control, ChoiceBox):
        index = row.option.choices.index(value)
        control.setCurrentIndex(index)
        control.activated.emit(index)
    else:
        assert isinstance(control, WeekdayChips)
        for day in value:
            qtbot.mouseClick(control.chips[day], Qt.MouseButton.LeftButton)


# -- built from the schema ------------------------------------------------------------------


def test_every_schema_option_has_exactly_one_control(rig: Rig) -> None:
    window = rig.window()
    assert list(window.rows) == [item.key for item in OPTIONS]
    for item in OPTIONS:
        found = window.findChildren(QWidget, f"control-{item.key}")
        assert len(found) == 1, item.key
    groups = list(dict.fromkeys(item.group for item in OPTIONS))
    assert window.groups[: len(groups)] == groups


def test_a_new_option_in_the_schema_shows_up_by_itself(qtbot: QtBot) -> None:
    extra = Option("posture.reminders", Kind.INT, 3, "How many posture reminders.", minimum=0)
    window = SettingsWindow(Settings(), apply=lambda values: None, options=(*OPTIONS, extra))
    qtbot.addWidget(window)
    assert window.groups[-1] == "posture"
    assert group_title("posture") == "Posture"
    row = window.rows["posture.reminders"]
    assert row.title.text() == "Reminders"
    assert row.bounds.text() == "At least 0 · default 3"
    assert isinstance(row.control, TypedEdit)


def test_groups_have_friendly_titles() -> None:
    assert [group_title(g) for g in ("sitting", "breaks", "day", "run", "player", "equipment")] == [
        "Sitting",
        "Breaks",
        "Day",
        "Evening run",
        "Player",
        "Equipment",
    ]


def test_each_control_shows_description_unit_and_bounds(rig: Rig) -> None:
    window = rig.window()
    interval = window.rows["breaks.interval"]
    assert interval.description.text() == option("breaks.interval").description
    assert interval.bounds.text() == "Type it like 45m or 1h 30m · from 1m to 4h · default 45m"
    assert isinstance(interval.control, QLineEdit)
    assert interval.control.text() == "45m"
    assert window.rows["run.reminder_grace"].control.text() == "2h"  # type: ignore[union-attr]
    assert window.rows["day.start"].bounds.text() == "Default: 04:00"
    assert window.rows["run.days"].bounds.text() == "Default: no days"
    assert window.rows["player.muted"].bounds.text() == "Default: off"


def test_every_control_has_an_accessible_name_and_description(rig: Rig) -> None:
    window = rig.window()
    for key, row in window.rows.items():
        assert row.control.accessibleName(), key
        assert option(key).description in row.control.accessibleDescription(), key
        assert row.title.buddy() is row.control
    chips = window.rows["run.days"].control
    assert isinstance(chips, WeekdayChips)
    assert [chip.accessibleName() for chip in chips.chips][:2] == ["Monday", "Tuesday"]


# -- each control writes its setting ---------------------------------------------------------


@pytest.mark.parametrize("item", OPTIONS, ids=lambda item: item.key)
def test_each_control_writes_its_setting(rig: Rig, qtbot: QtBot, item: Option) -> None:
    window = rig.window()
    window.show_group(item.group)
    value = other_value(item)
    choose(qtbot, window.rows[item.key], value)
    assert rig.saved()[item.key] == value
    assert rig.shell.tracker.settings[item.key] == value
    assert rig.saved().changed() == {item.key: value}
    assert not window.rows[item.key].reset.isHidden()


def test_a_typed_duration_applies_after_a_pause_in_typing(rig: Rig, qtbot: QtBot) -> None:
    window = rig.window()
    edit = window.rows["breaks.snooze"].control
    assert isinstance(edit, TypedEdit)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "2m 30s")
    assert not rig.paths.settings_file.exists(), "not at every key"
    timer = edit._timer  # the pause in typing, without waiting for it
    assert timer.isActive()
    assert timer.interval() == COMMIT_AFTER_MS
    timer.timeout.emit()
    assert rig.saved()["breaks.snooze"] == 150.0


def test_a_bad_value_is_refused_with_the_expected_message_and_not_saved(
    rig: Rig, qtbot: QtBot
) -> None:
    window = rig.window()
    row = window.rows["breaks.interval"]
    edit = row.control
    assert isinstance(edit, TypedEdit)
    for typed in ("45", "5h", "soon"):
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert not row.error.isHidden(), typed
        assert row.error.text() == "Expected a duration from 1m to 4h such as 45m."
    window.close()
    assert not rig.paths.settings_file.exists()
    assert rig.shell.tracker.settings["breaks.interval"] == 45 * 60.0


def test_the_message_goes_once_the_value_is_right(rig: Rig, qtbot: QtBot) -> None:
    row = rig.window().rows["breaks.warning"]
    edit = row.control
    assert isinstance(edit, TypedEdit)
    edit.selectAll()
    qtbot.keyClicks(edit, "2")
    assert row.error.text() == "Expected a duration from 0s to 15m such as 1m."
    qtbot.keyClicks(edit, "m")
    assert row.error.isHidden()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert rig.saved()["breaks.warning"] == 120.0


def test_a_settings_file_with_a_problem_is_not_overwritten_and_the_window_says_so(
    rig: Rig, qtbot: QtBot
) -> None:
    rig.paths.config_dir.mkdir(parents=True)
    rig.paths.settings_file.write_text('[breaks]\ninterval = "soon"\n')
    window = rig.window()
    choose(qtbot, window.rows["player.muted"], True)
    assert rig.shell.tracker.settings["player.muted"] is True, "applied in the running app"
    assert rig.paths.settings_file.read_text() == '[breaks]\ninterval = "soon"\n'
    status = window.findChild(QWidget, "status")
    assert status is not None
    assert status.text().startswith("Applied but not saved: fix ")  # type: ignore[attr-defined]
    assert "interval" in status.text()  # type: ignore[attr-defined]


# -- changes apply at once ---------------------------------------------------------------------


def test_a_new_interval_reaches_the_running_stretch(rig: Rig, qtbot: QtBot) -> None:
    rig.shell.set_standing(False)
    window = rig.window()
    choose(qtbot, window.rows["breaks.interval"], 30 * 60.0)
    assert rig.shell.snapshot().interval_s == 30 * 60.0


def test_a_new_day_start_counts_today_again(qapp: object, qtbot: QtBot, tmp_path: Path) -> None:
    noon = datetime(2026, 11, 16, 12, 0).astimezone()
    early = noon.replace(hour=3)
    paths = Paths.under(tmp_path)
    history = History.open(paths.history_file)
    # 03:00 to 03:40 this morning: yesterday's with the day starting at 04:00.
    start, end = early.astimezone(UTC), (early + timedelta(minutes=40)).astimezone(UTC)
    history.record(StretchEnded(0.0, end, start, 2400.0, BreakReason.IDLE, ((start, end),)))
    shell = Shell(
        paths=paths,
        settings=Settings(),
        history=history,
        idle=None,
        tray=Tray(),
        session=None,
        quit_app=lambda: None,
        clock=FakeClock(mono=1000.0, wall=noon.astimezone(UTC)),
    )
    assert shell.snapshot().today.sitting_s == 0
    window = shell.open_settings()
    clock = window.rows["day.start"].control
    assert isinstance(clock, TimeField)
    clock.setTime(QTime(2, 0))
    assert shell.snapshot().today.sitting_s == 2400.0
    window.close()
    history.close()


def test_the_open_window_follows_a_setting_changed_elsewhere(rig: Rig) -> None:
    window = rig.window()
    rig.shell.remember_setting("player.muted", True)
    control = window.rows["player.muted"].control
    assert isinstance(control, Switch)
    assert control.isChecked()


# -- reset -----------------------------------------------------------------------------------


def test_reset_to_defaults_asks_first_then_saves_every_default(rig: Rig, qtbot: QtBot) -> None:
    window = rig.window()
    choose(qtbot, window.rows["breaks.interval"], 30 * 60.0)
    choose(qtbot, window.rows["run.days"], (1, 3))
    asked: list[str] = []

    def no(parent: QWidget, title: str, text: str) -> bool:
        asked.append(text)
        return False

    window._confirm = no  # the question a user would answer
    assert not window.reset_all()
    assert asked == [
        "Put every setting back to its default value? Changed now: Break after sitting, Run days."
    ]
    assert rig.saved().changed() == {"breaks.interval": 1800.0, "run.days": (1, 3)}

    window._confirm = lambda parent, title, text: True
    assert window.reset_all()
    assert rig.saved() == Settings()
    assert rig.shell.tracker.settings == Settings()
    edit = window.rows["breaks.interval"].control
    assert isinstance(edit, TypedEdit)
    assert edit.text() == "45m"


def test_one_field_goes_back_to_its_default(rig: Rig, qtbot: QtBot) -> None:
    window = rig.window()
    row = window.rows["breaks.snooze"]
    choose(qtbot, row, 10 * 60.0)
    assert not row.reset.isHidden()
    qtbot.mouseClick(row.reset, Qt.MouseButton.LeftButton)
    assert rig.saved()["breaks.snooze"] == 5 * 60.0
    assert row.reset.isHidden()


# -- keyboard, opening and closing ---------------------------------------------------------------


def test_keyboard_moves_between_groups_and_escape_closes(rig: Rig, qtbot: QtBot) -> None:
    window = rig.window()
    window.activateWindow()
    QApplication.processEvents()
    assert window.isActiveWindow()
    assert window.current_group() == "sitting"
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_group() == "breaks"
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_group() == window.groups[-1]
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_the_tray_opens_one_window_which_is_freed_on_close(rig: Rig) -> None:
    action = rig.tray.menu.findChild(QAction, "settings")
    assert isinstance(action, QAction)
    action.trigger()
    window = rig.shell.settings_window
    assert window is not None
    assert window.isVisible()
    action.trigger()
    assert rig.shell.settings_window is window
    window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert rig.shell.settings_window is None


def test_ipc_settings_opens_the_window(rig: Rig) -> None:
    reply = rig.shell.handle_request({"command": "settings"})
    assert "status" in reply
    assert rig.shell.settings_window is not None


def test_deskbreak_settings_asks_the_running_app(
    qtbot: QtBot, serve: Serve, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[dict[str, Any]] = []

    def handler(message: dict[str, Any]) -> dict[str, Any]:
        asked.append(message)
        return {}

    serve(handler)
    code = in_thread(qtbot, lambda: main(["--basedir", str(basedir), "settings"]))
    assert code == 0
    assert asked == [{"command": "settings"}]
    assert capsys.readouterr().out.startswith("Settings window opened.")


def test_deskbreak_settings_without_a_running_app_exits_3(
    basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--basedir", str(basedir), "settings"]) == EXIT_NOT_RUNNING
    assert "deskbreak is not running" in capsys.readouterr().err


def test_the_tray_does_not_load_the_settings_window() -> None:
    code = (
        "import sys, deskbreak.app.shell, deskbreak.cli.run; "
        "sys.exit('deskbreak.ui.settings' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -- screenshots -----------------------------------------------------------------------------


def render(widget: QWidget, ratio: int) -> QPixmap:
    """``widget`` painted at ``ratio`` device pixels per pixel, as on a HiDPI screen."""
    pixmap = QPixmap(widget.size() * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    widget.render(pixmap)
    return pixmap


def test_screenshots(rig: Rig, qtbot: QtBot, screenshots: Screenshots, palettes: Palettes) -> None:
    folder = screenshots.folder("settings")
    for name, palette in (("light", palettes.light), ("dark", palettes.dark)):
        window = rig.window()
        window.setPalette(palette)
        window.resize(QSize(window.width(), 640))
        rig.shell.remember_settings({"run.days": (1, 3, 5), "breaks.interval": 50 * 60.0})
        for group in window.groups:
            window.show_group(group)
            if group == "breaks":
                edit = window.rows["breaks.snooze"].control
                assert isinstance(edit, TypedEdit)
                edit.selectAll()
                qtbot.keyClicks(edit, "90")
            QApplication.processEvents()
            for ratio in (1, 2):
                pixmap = render(window, ratio)
                assert pixmap.save(str(folder / f"{group}-{name}@{ratio}x.png"))
        edit = window.rows["breaks.snooze"].control
        assert isinstance(edit, TypedEdit)
        edit.clear()
        window.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_every_page_reads_out_and_is_reached_with_tab(rig: Rig, qtbot: QtBot) -> None:
    window = rig.window()
    window.activateWindow()
    QApplication.processEvents()
    for group in window.groups:
        window.show_group(group)
        window.findChild(QWidget, "sidebar").setFocus()  # type: ignore[union-attr]
        assert_accessible(window)
        reached = [widget.objectName() for widget in tab_chain(qtbot, window)]
        wanted: list[str] = []
        for key, row in window.rows.items():
            if row.option.group != group:
                continue
            if isinstance(row.control, WeekdayChips):
                wanted += [chip.objectName() for chip in row.control.chips]
            else:
                wanted.append(f"control-{key}")
        assert [name for name in reached if name in wanted] == wanted, group
        assert reached[-3:] == ["reset-all", "close", "sidebar"], group
