"""The real deskbreak plays a routine on a virtual X desktop: `deskbreak routine NAME` opens the
player window, real keys (Space, Escape) drive it, and the run lands in the history database.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from session import DesktopSession, Helper, wait_until

ROUTINE = "glute-wake-up"
TITLE = "Glute wake-up"  # the player's title is "<routine name> — deskbreak"
SETTINGS = """\
schema_version = 1

[player]
muted = true
"""


def deskbreak(desk: DesktopSession, basedir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return desk.run([sys.executable, "-m", "deskbreak", "--basedir", str(basedir), *args])


def visible_players(desk: DesktopSession) -> list[str]:
    """Ids of mapped windows whose title names the routine."""
    found = desk.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{TITLE}"], timeout=30
    ).stdout
    return found.split()


@pytest.fixture
def app(desktop: DesktopSession, tmp_path: Path) -> Iterator[tuple[Helper, Path]]:
    basedir = tmp_path / "home"
    (basedir / "config").mkdir(parents=True)
    (basedir / "config" / "settings.toml").write_text(SETTINGS)
    process = desktop.spawn(
        "deskbreak-routine", [sys.executable, "-m", "deskbreak", "--basedir", str(basedir)]
    )
    wait_until(
        lambda: deskbreak(desktop, basedir, "status").returncode == 0 or not process.running(),
        timeout=30,
        what="deskbreak to answer on its socket",
    )
    assert process.running(), process.log_text()
    yield process, basedir
    if process.running():
        deskbreak(desktop, basedir, "quit")
        try:
            process.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.process.terminate()
            process.process.wait(timeout=10)


def test_a_routine_opens_plays_and_is_recorded(
    desktop: DesktopSession, app: tuple[Helper, Path], artifacts: Path
) -> None:
    process, basedir = app
    opened = deskbreak(desktop, basedir, "routine", ROUTINE)
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
    desktop.xdotool("key", "space")  # play on
    time.sleep(0.5)
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
    desktop: DesktopSession, app: tuple[Helper, Path]
) -> None:
    _, basedir = app
    refused = deskbreak(desktop, basedir, "routine", "no-such")
    assert refused.returncode == 1
    message = refused.stdout + refused.stderr
    assert "no-such" in message
    assert ROUTINE in message
    assert not visible_players(desktop)
