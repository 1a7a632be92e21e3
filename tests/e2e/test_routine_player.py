"""The real deskbreak plays a routine on a virtual X desktop: `deskbreak routine NAME` opens the
player window, real keys (Space, Escape) drive it, and the run lands in the history database.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from session import DesktopSession, RunningApp, wait_until

ROUTINE = "glute-wake-up"
TITLE = "Glute wake-up"  # the player's title is "<routine name> — deskbreak"
SETTINGS = """\
schema_version = 1

[player]
muted = true
"""


def visible_players(desk: DesktopSession) -> list[str]:
    """Ids of mapped windows whose title names the routine."""
    found = desk.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{TITLE}"], timeout=30
    ).stdout
    return found.split()


def pixels(path: Path) -> bytes:
    """The picture's pixels, whatever the file's metadata (ImageMagick dates its PNGs)."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    assert not image.isNull(), path
    return bytes(image.constBits())


@pytest.fixture
def app(launch: Callable[..., RunningApp]) -> RunningApp:
    return launch(SETTINGS, name="deskbreak-routine")


def test_a_routine_opens_plays_and_is_recorded(
    desktop: DesktopSession, app: RunningApp, artifacts: Path
) -> None:
    process, basedir = app.process, app.basedir
    opened = app.cli("routine", ROUTINE)
    assert opened.returncode == 0, opened.stdout + opened.stderr

    wait_until(
        lambda: TITLE in desktop.windows_tree(),
        timeout=20,
        what="the player window in xwininfo -root -tree",
    )
    wait_until(lambda: bool(visible_players(desktop)), timeout=10, what="the player mapped")
    window = visible_players(desktop)[0]
    time.sleep(1.5)  # a few frames of the figure
    shot = desktop.screenshot(artifacts / "routine-player.png")
    assert shot.stat().st_size > 0

    # Real key presses go to the window with the focus (no window manager gives it here).
    desktop.xdotool("windowfocus", "--sync", window)
    desktop.xdotool("key", "space")  # pause
    time.sleep(0.5)
    # Paused, nothing moves: not the figure, not the time left (it counts whole seconds).
    paused = pixels(desktop.screenshot(artifacts / "routine-player-paused.png", window))
    time.sleep(1.5)
    still = pixels(desktop.screenshot(artifacts / "routine-player-paused-later.png", window))
    assert still == paused, "the player changed while paused"
    desktop.xdotool("key", "space")  # play on
    time.sleep(1.5)
    playing = pixels(desktop.screenshot(artifacts / "routine-player-playing.png", window))
    assert playing != still, "the player did not play on after Space"
    assert process.running(), process.log_text()
    desktop.xdotool("windowfocus", "--sync", window)
    desktop.xdotool("key", "Escape")
    wait_until(lambda: not visible_players(desktop), timeout=10, what="the player to close")
    assert process.running(), process.log_text()

    history = basedir / "data" / "history.sqlite3"

    def runs() -> list[tuple[str, int, int]]:
        with sqlite3.connect(history) as db:
            rows = db.execute("SELECT routine, completed, steps_done FROM routines").fetchall()
        return [(str(r[0]), int(r[1]), int(r[2])) for r in rows]

    wait_until(lambda: bool(runs()), timeout=10, what="a routines row in the history")
    assert runs() == [(ROUTINE, 0, 0)]  # closed early: recorded as stopped


def test_an_unknown_routine_is_refused_with_the_known_ones(
    desktop: DesktopSession, app: RunningApp
) -> None:
    refused = app.cli("routine", "no-such")
    assert refused.returncode == 1
    message = refused.stdout + refused.stderr
    assert "no-such" in message
    assert ROUTINE in message
    assert not visible_players(desktop)
