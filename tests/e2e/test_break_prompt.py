"""A real break prompt: the app on Xvfb raises a dunst notification, its actions come back,
and a full-screen window holds the prompt until it closes.

With a one-minute interval the whole story takes about three minutes of real time.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from session import DesktopSession, RunningApp, wait_until

SETTINGS = """\
schema_version = 1

[sitting]
away_threshold = "1m"
away_poll = "2s"

[breaks]
interval = "1m"
warning = "0s"
snooze = "1m"
unanswered = "10m"
"""

FULLSCREEN_WINDOW = """
import sys
from PySide6 import QtWidgets
app = QtWidgets.QApplication(sys.argv)
window = QtWidgets.QWidget()
window.setWindowTitle(sys.argv[1])
window.setStyleSheet("background: #223")
window.showFullScreen()
app.exec()
"""


class Typist:
    """Moves the mouse every few seconds, like someone at work, until stopped."""

    def __init__(self, desk: DesktopSession) -> None:
        self._desk = desk
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        step = 0
        while not self._stop.wait(4.0):
            step += 1
            self._desk.xdotool("mousemove", str(300 + step % 7 * 20), "500")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def displayed(desk: DesktopSession) -> int:
    return int(desk.run(["dunstctl", "count", "displayed"], check=True).stdout.strip())


def outcomes(basedir: Path) -> list[str | None]:
    with sqlite3.connect(basedir / "data" / "history.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT outcome FROM prompts ORDER BY id")]


@pytest.fixture
def app(desktop: DesktopSession, launch: Callable[..., RunningApp]) -> Iterator[RunningApp]:
    desktop.run(["dunstctl", "close-all"], check=True)
    yield launch(SETTINGS, name="deskbreak-prompt")
    desktop.dunst_choice("snooze")


def test_notification_snooze_fullscreen_hold_and_start(
    desktop: DesktopSession, app: RunningApp, artifacts: Path
) -> None:
    process, basedir = app.process, app.basedir
    typist = Typist(desktop)
    try:
        # A minute of sitting: the break is due and dunst shows it.
        wait_until(
            lambda: app.status()["prompt_open"],
            timeout=100,
            what="the break prompt",
            interval=1.0,
        )
        wait_until(lambda: displayed(desktop) >= 1, timeout=10, what="dunst to show the prompt")
        desktop.screenshot(artifacts / "prompt-notification.png")

        # Snooze from the notification's menu comes back to the app.
        desktop.dunst_choice("snooze")
        desktop.run(["dunstctl", "context"], check=True)
        wait_until(
            lambda: not app.status()["prompt_open"],
            timeout=10,
            what="the snooze to reach the app",
        )
        snoozed = app.status()
        assert 40 <= snoozed["to_break_s"] <= 60
        assert outcomes(basedir) == ["snoozed"]
        wait_until(lambda: displayed(desktop) == 0, timeout=10, what="the notification to go")

        # A full-screen window (a presentation) holds the next prompt ...
        title = "deskbreak-e2e-presentation"
        window = desktop.spawn("fullscreen", [sys.executable, "-c", FULLSCREEN_WINDOW, title])
        found = desktop.xdotool("search", "--sync", "--onlyvisible", "--name", title)
        window_id = found.stdout.split()[0]
        # No window manager here: do its part of a full-screen request.
        desktop.xdotool("windowmove", window_id, "0", "0")
        desktop.xdotool("windowsize", window_id, "100%", "100%")
        wait_until(
            lambda: "fullscreen" in app.status()["held"],
            timeout=90,
            what="the prompt to be held by the full-screen window",
            interval=1.0,
        )
        held = app.status()
        assert not held["prompt_open"]
        assert displayed(desktop) == 0
        desktop.screenshot(artifacts / "prompt-held-by-fullscreen.png")

        # ... until it closes.
        window.stop()
        wait_until(
            lambda: app.status()["prompt_open"],
            timeout=30,
            what="the held prompt after the full-screen window closed",
            interval=1.0,
        )
        assert "fullscreen" not in app.status()["held"]
        wait_until(lambda: displayed(desktop) >= 1, timeout=10, what="dunst to show it again")

        # Start from the notification opens the popup with the exercise's timer.
        desktop.dunst_choice("start")
        desktop.run(["dunstctl", "context"], check=True)
        wait_until(
            lambda: "deskbreak: time for a break" in desktop.windows_tree(),
            timeout=10,
            what="the break popup on screen",
        )
        wait_until(
            lambda: app.status()["state"] == "away",
            timeout=10,
            what="the break to end the stretch",
        )
        assert outcomes(basedir) == ["snoozed", "done"]
        desktop.screenshot(artifacts / "prompt-popup-after-start.png")
        assert process.running(), process.log_text()
    finally:
        typist.stop()
