"""Break prompts end to end inside the app: popup and notification answers reach the tracker
and the history (fake clock, fake idle source, fake notification server, real popup)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtCore
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from deskbreak.app.prompts import Prompter
from deskbreak.app.shell import Shell
from deskbreak.assets import read_asset_text
from deskbreak.desktop.idle import IdleUnavailable
from deskbreak.domain.clock import FakeClock
from deskbreak.domain.exercises import Rotation, load_exercises
from deskbreak.domain.settings import Settings
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.ui.popup import BreakPopup
from deskbreak.ui.tray import Tray

MIN = 60.0


class FakeIdle:
    name = "fake"

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self.last_input = clock.mono

    def idle_seconds(self) -> float:
        if self.last_input > self._clock.mono:
            raise IdleUnavailable("input from the future")
        return self._clock.mono - self.last_input

    def watch_active(self, callback: Callable[[], None]) -> bool:
        return False

    def close(self) -> None:
        pass


class FakeNotifier(QtCore.QObject):
    """Stands in for desktop.notifications.Notifier: records what was sent."""

    action_invoked = QtCore.Signal(int, str)
    closed = QtCore.Signal(int, int)

    def __init__(self, *, actions: bool) -> None:
        super().__init__()
        self.available = True
        self.supports_actions = actions
        self.sent: list[dict[str, Any]] = []
        self.closed_ids: list[int] = []

    def notify(self, summary: str, body: str, **options: Any) -> int:
        self.sent.append({"summary": summary, "body": body, **options})
        return len(self.sent)

    def close(self, notification: int) -> None:
        self.closed_ids.append(notification)

    def shutdown(self) -> None:
        pass


class Desk:
    """The shell with a real popup; ``type(minutes)`` is input with a wake-up each minute."""

    def __init__(self, basedir: Path, *, notifier: FakeNotifier | None, mode: str) -> None:
        self.clock = FakeClock(mono=1000.0, wall=datetime(2026, 11, 16, 9, tzinfo=UTC))
        self.idle = FakeIdle(self.clock)
        self.paths = Paths.under(basedir)
        self.history = History.open(self.paths.history_file)
        self.tray = Tray()
        self.notifier = notifier
        catalog = load_exercises(read_asset_text("exercises.toml"), "exercises.toml")
        settings = Settings({"breaks.prompt": mode})
        self.prompter = Prompter(
            rotation=Rotation(catalog, seed=7),
            notifier=notifier,  # type: ignore[arg-type]
            tray=self.tray,
            make_popup=BreakPopup,
            snooze_s=lambda: 300.0,
            use_notifications=mode == "notification",
        )
        self.shell = Shell(
            paths=self.paths,
            settings=settings,
            history=self.history,
            idle=self.idle,
            tray=self.tray,
            session=None,
            quit_app=lambda: None,
            clock=self.clock,
            prompter=self.prompter,
        )

    def type(self, minutes: float) -> None:
        for _ in range(round(minutes)):
            self.clock.advance(MIN)
            self.idle.last_input = self.clock.mono
            self.shell._wake()

    def wait(self, minutes: float) -> None:
        for _ in range(round(minutes)):
            self.clock.advance(MIN)
            self.shell._wake()

    @property
    def popup(self) -> BreakPopup:
        popup = self.prompter.popup
        assert popup is not None
        return popup

    def button(self, name: str) -> QAbstractButton:
        found = self.popup.findChild(QAbstractButton, name)
        assert isinstance(found, QAbstractButton), name
        return found

    def prompts(self) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.paths.history_file) as db:
            return list(db.execute("SELECT number, outcome, exercise FROM prompts ORDER BY id"))

    def stretches(self) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.paths.history_file) as db:
            return list(db.execute("SELECT reason, sitting_s FROM stretches ORDER BY id"))

    def state(self) -> dict[str, Any]:
        status = self.shell.handle_request({"command": "status"})["status"]
        assert isinstance(status, dict)
        return status


@pytest.fixture
def desk(qapp: object, tmp_path: Path) -> Iterator[Desk]:
    made = Desk(tmp_path, notifier=None, mode="popup")
    yield made
    made.shell.quit()


def test_the_popup_offers_an_exercise_when_the_break_is_due(desk: Desk) -> None:
    desk.type(44)
    assert desk.prompter.popup is None  # built only when first needed
    desk.type(1)
    assert desk.popup.isVisible()
    exercise = desk.popup.exercise
    assert exercise is not None
    assert desk.prompts() == [(1, None, exercise.id)]
    assert desk.state()["prompt_open"] is True


def test_start_takes_the_break(desk: Desk, qtbot: QtBot) -> None:
    desk.type(45)
    with qtbot.waitSignal(desk.popup.started, timeout=1000):
        qtbot.mouseClick(desk.button("start"), Qt.MouseButton.LeftButton)
    assert desk.popup.timing  # the exercise's timer runs on
    assert desk.state()["state"] == "away"
    assert desk.stretches() == [("done", 45 * MIN)]
    assert desk.prompts()[0][1] == "done"


@pytest.mark.parametrize(("button", "seconds"), [("snooze-short", 300), ("snooze-long", 600)])
def test_snooze_asks_again_later(desk: Desk, qtbot: QtBot, button: str, seconds: int) -> None:
    desk.type(45)
    qtbot.mouseClick(desk.button(button), Qt.MouseButton.LeftButton)
    assert not desk.popup.isVisible()
    state = desk.state()
    assert state["prompt_open"] is False
    assert state["to_break_s"] == seconds
    assert desk.prompts()[0][1] == "snoozed"
    desk.type(seconds / 60)
    assert desk.popup.isVisible()
    assert len(desk.prompts()) == 2


def test_skip_asks_again_after_a_full_interval(desk: Desk, qtbot: QtBot) -> None:
    desk.type(45)
    first = desk.popup.exercise
    qtbot.mouseClick(desk.button("skip"), Qt.MouseButton.LeftButton)
    assert desk.state()["to_break_s"] == 45 * MIN
    assert desk.prompts()[0][1] == "skipped"
    desk.type(45)
    assert desk.popup.exercise is not None
    assert desk.popup.exercise != first  # the rotation never repeats at once


def test_escape_snoozes_once_the_popup_has_the_keyboard(desk: Desk, qtbot: QtBot) -> None:
    desk.type(45)
    popup = desk.popup
    qtbot.mouseClick(popup, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert desk.prompts()[0][1] == "snoozed"
    assert desk.state()["to_break_s"] == 300


def test_an_unanswered_popup_snoozes_itself_and_goes(desk: Desk) -> None:
    desk.type(45)
    desk.type(2)
    assert not desk.popup.isVisible()
    assert desk.prompts()[0][1] == "unanswered"
    assert desk.state()["to_break_s"] == 300


def test_walking_away_from_the_popup_is_a_natural_break(qapp: object, tmp_path: Path) -> None:
    desk = Desk(tmp_path, notifier=None, mode="popup")
    desk.shell.tracker.apply_settings(Settings({"breaks.unanswered": 10 * MIN}))
    desk.type(45)
    assert desk.popup.isVisible()
    desk.wait(6)
    assert not desk.popup.isVisible()
    assert desk.prompts()[0][1] == "away"
    assert desk.stretches() == [("idle", 45 * MIN)]
    desk.shell.quit()


# ---------------------------------------------------------------- native notifications


@pytest.fixture
def notified(qapp: object, tmp_path: Path) -> Iterator[Desk]:
    made = Desk(tmp_path, notifier=FakeNotifier(actions=True), mode="notification")
    yield made
    made.shell.quit()


def test_a_due_break_is_a_notification_with_start_and_snooze(notified: Desk) -> None:
    notified.type(45)
    assert notified.prompter.popup is None
    assert notified.notifier is not None
    [warning, prompt] = notified.notifier.sent
    assert warning["summary"] == "Break soon"
    assert warning["urgency"] == 0
    assert prompt["summary"] == "Time to stand up"
    assert [key for key, _ in prompt["actions"]] == ["default", "start", "snooze"]
    assert prompt["timeout_ms"] == 0
    assert notified.notifier.closed_ids == [1]  # the warning went when the prompt came


def test_the_notification_snooze_action_snoozes(notified: Desk) -> None:
    notified.type(45)
    assert notified.notifier is not None
    notified.notifier.action_invoked.emit(2, "snooze")
    assert notified.prompts()[0][1] == "snoozed"
    assert notified.state()["to_break_s"] == 300


def test_the_notification_start_action_opens_the_popup_with_its_timer(notified: Desk) -> None:
    notified.type(45)
    assert notified.notifier is not None
    notified.notifier.action_invoked.emit(2, "start")
    assert notified.popup.isVisible()
    assert notified.popup.timing
    assert notified.stretches() == [("done", 45 * MIN)]


def test_a_dismissed_notification_hands_over_to_the_popup(notified: Desk) -> None:
    notified.type(45)
    assert notified.notifier is not None
    notified.notifier.closed.emit(2, 2)
    assert notified.popup.isVisible()
    assert not notified.popup.timing
    assert notified.state()["prompt_open"] is True


def test_actions_of_other_notifications_are_ignored(notified: Desk) -> None:
    notified.type(45)
    assert notified.notifier is not None
    notified.notifier.action_invoked.emit(99, "snooze")
    assert notified.state()["prompt_open"] is True


def test_without_actions_the_popup_asks(qapp: object, tmp_path: Path) -> None:
    desk = Desk(tmp_path, notifier=FakeNotifier(actions=False), mode="notification")
    desk.type(45)
    assert desk.popup.isVisible()
    assert desk.notifier is not None
    assert [sent["summary"] for sent in desk.notifier.sent] == ["Break soon"]
    desk.shell.quit()


# ---------------------------------------------------------------------- do not disturb


class FakeDoNotDisturb:
    def __init__(self) -> None:
        self.active: list[str] = []
        self.asked = 0

    def reasons(self) -> list[str]:
        self.asked += 1
        return list(self.active)


def test_a_full_screen_window_holds_the_prompt_until_it_goes(qapp: object, tmp_path: Path) -> None:
    desk = Desk(tmp_path, notifier=None, mode="popup")
    dnd = FakeDoNotDisturb()
    desk.shell._dnd = dnd  # type: ignore[assignment]
    desk.shell._wake()

    def follow_timer(seconds: float) -> None:
        """Input all along; the shell wakes exactly when its own timer says."""
        end = desk.clock.mono + seconds
        while desk.clock.mono < end:
            step = min(desk.shell.wakes_in, end - desk.clock.mono)
            desk.clock.advance(max(step, 0.001))
            desk.idle.last_input = desk.clock.mono
            desk.shell._wake()

    follow_timer(40 * MIN)
    assert dnd.asked == 0  # nothing asked while no break is near
    dnd.active = ["fullscreen"]
    follow_timer(10 * MIN)
    state = desk.state()
    assert state["held"] == ["fullscreen"]
    assert state["prompt_open"] is False
    assert desk.prompts() == []  # held before it opened: no prompt shown, none "paused"
    dnd.active = []
    follow_timer(16)
    assert desk.state()["prompt_open"] is True
    assert desk.popup.isVisible()
    desk.shell.quit()
