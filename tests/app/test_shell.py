"""The composition root with a fake clock and idle source: wiring, IPC commands, crash safety."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from deskbreak.app.shell import Shell
from deskbreak.desktop.idle import IdleUnavailable
from deskbreak.desktop.ipc import IpcError
from deskbreak.domain.clock import FakeClock
from deskbreak.domain.settings import Settings
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.ui.tray import Tray

MIN = 60.0


class FakeIdle:
    """An idle source whose reading the test sets: seconds since the last input."""

    name = "fake"

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self.last_input = clock.mono
        self.broken = False
        self.closed = False

    def idle_seconds(self) -> float:
        if self.broken:
            raise IdleUnavailable("the fake broke")
        return self._clock.mono - self.last_input

    def watch_active(self, callback: Callable[[], None]) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


class Rig:
    """A shell on a fake clock; ``type(minutes)`` keeps input coming and wakes it up."""

    def __init__(self, basedir: Path, *, wall: datetime | None = None) -> None:
        # A new process: the monotonic clock starts over, the wall clock goes on.
        self.clock = FakeClock(mono=1000.0, wall=wall or datetime(2026, 11, 16, 9, tzinfo=UTC))
        self.idle = FakeIdle(self.clock)
        self.paths = Paths.under(basedir)
        self.history = History.open(self.paths.history_file)
        self.tray = Tray()
        self.quits = 0
        self.shell = Shell(
            paths=self.paths,
            settings=Settings(),
            history=self.history,
            idle=self.idle,
            tray=self.tray,
            session=None,
            quit_app=self.quit_app,
            clock=self.clock,
        )

    def quit_app(self) -> None:
        self.quits += 1

    def type(self, minutes: float) -> None:
        """Input all along, with the shell woken every minute as its timer would."""
        for _ in range(round(minutes)):
            self.clock.advance(MIN)
            self.idle.last_input = self.clock.mono
            self.shell._wake()

    def status(self) -> dict[str, object]:
        answer = self.shell.handle_request({"command": "status"})["status"]
        assert isinstance(answer, dict)
        return answer


@pytest.fixture
def rig(qapp: object, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path)
    yield made
    made.history.close()


def test_input_makes_it_sitting_and_the_tray_shows_it(rig: Rig) -> None:
    rig.type(10)
    status = rig.status()
    assert status["state"] == "sitting"
    assert status["sitting_s"] == 600
    assert status["to_break_s"] == 35 * 60
    assert "10 min" in rig.tray.tooltip


def test_while_sitting_it_wakes_once_a_minute_and_while_away_rarely(rig: Rig) -> None:
    rig.type(3)
    assert 0 < rig.shell.wakes_in <= 60
    rig.clock.advance(10 * MIN)
    rig.shell._wake()
    assert rig.status()["state"] == "away"
    # This idle source cannot signal the return: it polls every sitting.away_poll.
    assert 9 <= rig.shell.wakes_in <= 10


def test_pause_resume_and_standing_through_ipc(rig: Rig) -> None:
    rig.type(5)
    rig.shell.handle_request({"command": "pause", "seconds": 1800})
    assert rig.status()["paused_until"] is not None
    rig.shell.handle_request({"command": "resume"})
    assert rig.status()["paused_until"] is None
    rig.shell.handle_request({"command": "pause", "until": "tomorrow"})
    paused = rig.status()["paused_until"]
    assert isinstance(paused, str)
    assert datetime.fromisoformat(paused).astimezone().hour == 4
    rig.shell.handle_request({"command": "standing", "on": True})
    assert rig.status()["state"] == "standing"
    rig.shell.handle_request({"command": "standing", "on": False})
    assert rig.status()["state"] == "sitting"


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"command": "dance"}, "expected a command"),
        ({"command": "pause", "seconds": -5}, "positive number"),
        ({"command": "pause", "seconds": True}, "positive number"),
        ({"command": "pause"}, "positive number"),
        ({"command": "standing", "on": "yes"}, "true or false"),
        ({}, "expected a command"),
    ],
)
def test_bad_requests_say_what_was_expected(
    rig: Rig, message: dict[str, object], expected: str
) -> None:
    with pytest.raises(IpcError, match=expected):
        rig.shell.handle_request(message)


def test_tray_menu_clicks_reach_the_tracker(rig: Rig) -> None:
    rig.type(2)
    rig.tray.pause_requested.emit(1800.0)
    assert rig.shell.tracker.paused_until is not None
    rig.tray.resume_requested.emit()
    assert rig.shell.tracker.paused_until is None
    rig.tray.standing_toggled.emit(True)
    assert rig.status()["state"] == "standing"


def test_quit_saves_the_running_stretch(rig: Rig) -> None:
    rig.type(20)
    rig.shell.handle_request({"command": "quit"})
    rig.shell.quit()
    assert rig.quits == 1
    assert rig.idle.closed


def test_a_crash_loses_at_most_a_minute_of_sitting(qapp: object, tmp_path: Path) -> None:
    first = Rig(tmp_path)
    first.type(30)
    first.clock.advance(50)  # still typing, not yet checkpointed ...
    first.idle.last_input = first.clock.mono
    # ... and then kill -9: nothing else runs. A new process starts ten seconds later.
    first.history.close()
    first.clock.advance(10)
    again = Rig(tmp_path, wall=first.clock.wall)
    sitting = again.status()["sitting_s"]
    assert isinstance(sitting, int)
    true_sitting = 30 * 60 + 50 + 10
    assert true_sitting - 60 <= sitting <= true_sitting
    again.history.close()


def test_a_failing_idle_reading_is_logged_not_fatal(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    rig.type(1)
    rig.idle.broken = True
    rig.clock.advance(MIN)
    rig.shell._wake()
    assert "the fake broke" in caplog.text
    assert rig.status()["state"] == "sitting"


def test_today_includes_history_and_the_running_stretch(qapp: object, tmp_path: Path) -> None:
    first = Rig(tmp_path)
    first.type(20)
    first.clock.advance(10 * MIN)
    first.shell._wake()  # the gap ended the stretch: stored
    first.shell.quit()
    second = Rig(tmp_path, wall=first.clock.wall)
    second.clock.advance(10 * MIN)
    second.type(5)
    today = second.status()["today"]
    assert isinstance(today, dict)
    assert today["stretches"] == 1
    # The second stretch began with the first input, a minute into the typing.
    assert today["sitting_s"] == 20 * 60 + 4 * 60
    second.history.close()


def test_break_now_snooze_skip_and_meeting_through_ipc(rig: Rig) -> None:
    rig.type(10)
    rig.shell.handle_request({"command": "snooze"})  # no prompt: the next break moves
    assert rig.status()["to_break_s"] == 40 * 60
    rig.shell.handle_request({"command": "skip"})
    assert rig.status()["to_break_s"] == 85 * 60
    rig.shell.handle_request({"command": "break_now"})
    assert rig.status()["prompt_open"] is True
    rig.shell.handle_request({"command": "snooze", "seconds": 600})  # answers the prompt
    status = rig.status()
    assert status["prompt_open"] is False
    assert status["to_break_s"] == 600
    rig.shell.handle_request({"command": "meeting", "seconds": 2700})
    status = rig.status()
    assert status["held"] == ["meeting"]
    assert status["meeting_until"] is not None
    rig.shell.handle_request({"command": "meeting", "off": True})
    assert rig.status()["meeting_until"] is None
    with pytest.raises(IpcError, match="positive number"):
        rig.shell.handle_request({"command": "meeting", "seconds": "long"})
    with pytest.raises(IpcError, match="positive number"):
        rig.shell.handle_request({"command": "snooze", "seconds": -1})


def test_nothing_to_snooze_while_away(rig: Rig) -> None:
    rig.clock.advance(10 * MIN)
    rig.shell._wake()
    with pytest.raises(IpcError, match="nothing to skip"):
        rig.shell.handle_request({"command": "skip"})
    with pytest.raises(IpcError, match="no break to take now"):
        rig.shell.handle_request({"command": "break_now"})
