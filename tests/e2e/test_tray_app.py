"""The real deskbreak on a virtual X desktop with a session bus, trayer and dunst.

Real input from xdotool moves it from sitting to away and back, as `deskbreak status --json`
reports; the tray icon is checked from outside the app with xwininfo.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from session import DesktopSession, RunningApp, wait_until

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
SETTINGS = """\
schema_version = 1

[sitting]
away_threshold = "1m"
away_poll = "2s"
"""


@pytest.fixture
def desk(desktop: DesktopSession) -> DesktopSession:
    """The shared desktop: Xvfb, a session bus, trayer and dunst."""
    return desktop


def wait_for_state(app: RunningApp, state: str, *, timeout: float) -> None:
    wait_until(
        lambda: app.status()["state"] == state,
        timeout=timeout,
        what=f"deskbreak status to say {state}",
        interval=0.5,
    )


def embedded_in_tray(tree: str, name: str) -> bool:
    """Whether a window named ``name`` sits below trayer's panel window in ``xwininfo`` output."""
    panel_indent = None
    for line in tree.splitlines():
        indent = len(line) - len(line.lstrip())
        if panel_indent is not None and indent <= panel_indent:
            panel_indent = None
        if '"panel"' in line:
            panel_indent = indent
        elif panel_indent is not None and f'"{name}"' in line:
            return True
    return False


@pytest.fixture
def app(launch: Callable[..., RunningApp]) -> RunningApp:
    return launch(SETTINGS)


def test_the_icon_is_embedded_in_the_tray(desk: DesktopSession, app: RunningApp) -> None:
    process = app.process
    wait_until(
        lambda: embedded_in_tray(desk.windows_tree(), "deskbreak"),
        timeout=15,
        what="the deskbreak icon window inside trayer's panel",
    )
    desk.xdotool("mousemove", "300", "300")
    time.sleep(3)
    shot = desk.screenshot(ARTIFACTS / "screen-with-tray.png")
    if shutil.which("convert"):
        # trayer sits at the top right; an enlarged crop shows the ring itself.
        crop = ARTIFACTS / "tray-icon-crop.png"
        subprocess.run(
            ["convert", str(shot), "-crop", "120x26+1160+0", "-scale", "600%", str(crop)],
            check=True,
        )
    assert process.running(), process.log_text()


def test_input_and_pauses_move_it_through_sitting_away_sitting(
    desk: DesktopSession, app: RunningApp
) -> None:
    process = app.process
    for x in range(5):
        desk.xdotool("mousemove", str(200 + x * 10), "200")
        time.sleep(0.3)
    wait_for_state(app, "sitting", timeout=10)
    sitting = app.status()
    assert sitting["sitting_s"] >= 0
    assert sitting["to_break_s"] is not None

    # No input for the away threshold (1 min here): a natural break, ended at the last input.
    wait_for_state(app, "away", timeout=90)
    away = app.status()
    assert away["to_break_s"] is None
    assert away["today"]["stretches"] >= 1
    assert away["today"]["natural_breaks"] >= 1

    desk.xdotool("mousemove", "640", "400")
    # X11 cannot signal the return: found on the next poll (2 s here).
    wait_for_state(app, "sitting", timeout=10)
    assert process.running(), process.log_text()


def test_a_second_launch_reaches_the_first(desk: DesktopSession, app: RunningApp) -> None:
    process = app.process
    second = app.cli()
    assert second.returncode == 0
    assert "already running" in second.stdout
    assert process.running()


def test_status_as_text(desk: DesktopSession, app: RunningApp) -> None:
    result = app.cli("status")
    assert result.returncode == 0
    assert re.search(r"Today: .*sitting", result.stdout), result.stdout


def test_sigterm_saves_and_quits(desk: DesktopSession, app: RunningApp) -> None:
    process = app.process
    desk.xdotool("mousemove", "10", "10")
    wait_for_state(app, "sitting", timeout=10)
    process.process.terminate()
    assert process.process.wait(timeout=10) == 0
    assert app.cli("status").returncode == 3  # not running
    assert (app.basedir / "data" / "history.sqlite3").exists()
