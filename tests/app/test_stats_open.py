"""The shell opens the statistics window on demand (tray menu, ``deskbreak stats``): loaded only
then, one at a time, freed when closed, showing the history and the stretch in progress."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from deskbreak.app.shell import Shell
from deskbreak.domain.clock import FakeClock
from deskbreak.domain.ledger import day_of
from deskbreak.domain.settings import Settings
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.ui.tray import Tray
from stretches import one_stretch

MIN = 60.0
WALL = datetime(2026, 11, 16, 9, tzinfo=UTC)


class FakeIdle:
    """Input whenever the test says so: seconds since the last input on the fake clock."""

    name = "fake"

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self.last_input = clock.mono

    def idle_seconds(self) -> float:
        return self._clock.mono - self.last_input

    def watch_active(self, callback: object) -> bool:
        return False

    def close(self) -> None:
        pass


class Rig:
    def __init__(self, basedir: Path) -> None:
        self.clock = FakeClock(mono=1000.0, wall=WALL)
        self.idle = FakeIdle(self.clock)
        self.history = History.open(Paths.under(basedir).history_file)
        self.tray = Tray()
        self.shell = Shell(
            paths=Paths.under(basedir),
            settings=Settings(),
            history=self.history,
            idle=self.idle,
            tray=self.tray,
            session=None,
            quit_app=lambda: None,
            clock=self.clock,
        )

    def type(self, minutes: int) -> None:
        for _ in range(minutes):
            self.clock.advance(MIN)
            self.idle.last_input = self.clock.mono
            self.shell._wake()

    def menu_entry(self, name: str) -> None:
        (action,) = [a for a in self.tray.menu.actions() if a.objectName() == name]
        action.trigger()


@pytest.fixture
def rig(qapp: QApplication, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path)
    yield made
    window = made.shell.stats_window
    if window is not None:
        window.close()
    made.history.close()


def test_starting_the_app_leaves_the_stats_window_and_charts_unloaded(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from deskbreak.app.shell import Shell
        from deskbreak.domain.settings import Settings
        from deskbreak.storage.history import History
        from deskbreak.storage.paths import Paths
        from deskbreak.ui.tray import Tray

        app = QApplication([])
        paths = Paths.under(Path({str(tmp_path)!r}))
        history = History.open(paths.history_file)
        shell = Shell(paths=paths, settings=Settings(), history=history, idle=None,
                      tray=Tray(), session=None, quit_app=app.quit)
        print(sorted(n for n in sys.modules
                     if n in ("deskbreak.ui.stats", "deskbreak.app.stats", "PySide6.QtCharts")))
        history.close()
        """
    )
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    )
    assert result.stdout.strip() == "[]"


def test_the_tray_entry_opens_the_window_with_todays_sitting(rig: Rig, qtbot: QtBot) -> None:
    started = WALL - timedelta(days=1)  # an hour yesterday, at the same time of day
    ended = started + timedelta(hours=1)
    rig.history.record(one_stretch(started, ended))
    rig.type(20)
    rig.menu_entry("stats")
    window = rig.shell.stats_window
    assert window is not None
    qtbot.waitExposed(window)
    model = window.model
    assert model is not None
    assert model.span == 7
    assert model.today.sitting_s == 20 * MIN  # the stretch in progress counts
    assert model.days[-2].sitting_s == 60 * MIN  # yesterday, from the history file
    assert sys.modules.get("deskbreak.ui.stats") is not None


def test_one_window_at_a_time_raised_and_refreshed_when_asked_again(rig: Rig, qtbot: QtBot) -> None:
    answer = rig.shell.handle_request({"command": "stats"})
    assert set(answer) == {"status"}  # the state after, as every command answers
    window = rig.shell.stats_window
    assert window is not None
    assert window.model is not None
    assert window.model.today.sitting_s == 0
    rig.type(5)
    rig.menu_entry("stats")
    assert rig.shell.stats_window is window
    assert window.model.today.sitting_s == 5 * MIN


def test_closing_frees_the_window_and_it_opens_anew(rig: Rig, qtbot: QtBot) -> None:
    first = rig.shell.open_stats()
    with qtbot.waitSignal(first.destroyed):
        first.close()
    assert rig.shell.stats_window is None
    second = rig.shell.open_stats()
    assert rig.shell.stats_window is second
    assert second.isVisible()


def test_the_loader_reads_any_span_the_window_asks_for(rig: Rig) -> None:
    rig.type(3)
    for span in (7, 30, 90):
        model = rig.shell.load_stats(span)
        assert len(model.days) == span
        assert model.today.day == day_of(WALL, time(4), lambda moment: moment.astimezone())
        assert model.today.sitting_s == 3 * MIN


def test_a_second_launch_opens_the_window_where_there_is_no_tray(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Tray, "available", property(lambda self: True))
    rig.shell.handle_request({"command": "activate"})
    assert rig.shell.stats_window is None
    assert rig.tray.last_message is not None
    assert rig.tray.last_message[0] == "deskbreak is already running"
    monkeypatch.setattr(Tray, "available", property(lambda self: False))
    rig.shell.handle_request({"command": "activate"})
    window = rig.shell.stats_window
    assert window is not None
    assert window.isVisible()
