"""The player's mute and still poses are remembered: in the running app for the next routine,
and in the settings file (written atomically, keys this version does not know kept) for the
next start."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from deskbreak.app.library import load_library
from deskbreak.app.routines import PRE_RUN, Routines
from deskbreak.app.shell import Shell
from deskbreak.domain.clock import FakeClock
from deskbreak.domain.settings import Settings
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.storage.settings_file import load_settings
from deskbreak.ui.player import PlayerWindow
from deskbreak.ui.tray import Tray

NOW = datetime(2026, 11, 16, 18, 30, tzinfo=UTC)


class Rig:
    """A shell with routines, as the app wires them, over a settings file in ``basedir``."""

    def __init__(self, basedir: Path, settings: Settings | None = None) -> None:
        self.clock = FakeClock(mono=1000.0, wall=NOW)
        self.paths = Paths.under(basedir)
        self.history = History.open(self.paths.history_file)
        self.remembered: list[tuple[str, Any]] = []

        def remember(key: str, value: Any) -> None:
            self.remembered.append((key, value))
            self.shell.remember_setting(key, value)

        self.routines = Routines(
            library=load_library(None),
            history=self.history,
            settings=lambda: self.shell.tracker.settings,
            now=self.clock.now,
            planner=None,
            remember=remember,
        )
        self.shell = Shell(
            paths=self.paths,
            settings=settings or Settings(),
            history=self.history,
            idle=None,
            tray=Tray(),
            session=None,
            quit_app=lambda: None,
            clock=self.clock,
            routines=self.routines,
        )

    def player(self) -> PlayerWindow:
        player = self.routines.player
        assert isinstance(player, PlayerWindow)
        return player


@pytest.fixture
def rig(qapp: object, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path)
    yield made
    made.routines.shutdown()
    made.history.close()


def test_muting_the_player_is_kept_for_the_next_routine_and_in_the_file(
    rig: Rig, qtbot: QtBot
) -> None:
    rig.routines.open_routine(PRE_RUN)
    player = rig.player()
    assert not player.muted
    with qtbot.waitSignal(player.muted_changed, timeout=1000):
        qtbot.keyClick(player, Qt.Key.Key_M)
    assert rig.remembered == [("player.muted", True)]
    assert rig.shell.tracker.settings["player.muted"] is True
    assert load_settings(rig.paths.settings_file).settings["player.muted"] is True

    player.close()
    rig.routines.open_routine(PRE_RUN)
    assert rig.player().muted  # the next routine starts muted

    qtbot.keyClick(rig.player(), Qt.Key.Key_M)
    assert load_settings(rig.paths.settings_file).settings["player.muted"] is False


def test_saving_keeps_the_rest_of_the_file_and_keys_it_does_not_know(rig: Rig) -> None:
    path = rig.paths.settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "schema_version = 1\n"
        "future_flag = true\n"
        "[breaks]\ninterval = '30m'\nglow = 'soft'\n"
        "[player]\nreduced_motion = true\n"
        "[plugins]\nname = 'x'\n",
        encoding="utf-8",
    )
    rig.shell.remember_setting("player.muted", True)

    loaded = load_settings(path)
    assert loaded.settings["player.muted"] is True
    assert loaded.settings["player.reduced_motion"] is True
    assert loaded.settings.seconds("breaks.interval") == 30 * 60
    assert loaded.unknown == {
        "future_flag": True,
        "breaks": {"glow": "soft"},
        "plugins": {"name": "x"},
    }
    assert not list(path.parent.glob("*.tmp*"))  # nothing half-written left behind


def test_a_file_with_a_wrong_value_is_left_for_the_user_to_fix(rig: Rig) -> None:
    path = rig.paths.settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "schema_version = 1\n[breaks]\ninterval = 'soon'\n"
    path.write_text(text, encoding="utf-8")
    rig.shell.remember_setting("player.muted", True)
    assert path.read_text(encoding="utf-8") == text
    assert rig.shell.tracker.settings["player.muted"] is True  # still kept while running


def test_the_player_starts_muted_when_the_settings_say_so(qapp: object, tmp_path: Path) -> None:
    rig = Rig(tmp_path, Settings({"player.muted": True}))
    try:
        rig.routines.open_routine(PRE_RUN)
        assert rig.player().muted
    finally:
        rig.routines.shutdown()
        rig.history.close()


def test_still_poses_are_kept_for_the_next_routine_and_in_the_file(rig: Rig, qtbot: QtBot) -> None:
    rig.routines.open_routine(PRE_RUN)
    player = rig.player()
    assert not player.reduced_motion
    with qtbot.waitSignal(player.reduced_motion_changed, timeout=1000):
        qtbot.keyClick(player, Qt.Key.Key_S)
    assert rig.remembered == [("player.reduced_motion", True)]
    assert load_settings(rig.paths.settings_file).settings["player.reduced_motion"] is True

    player.close()
    rig.routines.open_routine(PRE_RUN)
    assert rig.player().reduced_motion  # the next routine starts with still poses
