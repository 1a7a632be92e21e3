"""The real deskbreak's first start on a virtual X desktop: the welcome opens by itself, Escape
answers it with the defaults (the settings file is written), and the next start goes straight
to the tray.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from session import DesktopSession, RunningApp, wait_until

TITLE = "Welcome to deskbreak"


def visible_welcomes(desk: DesktopSession) -> list[str]:
    """Ids of mapped windows with the welcome's title."""
    found = desk.run(["xdotool", "search", "--onlyvisible", "--name", f"^{TITLE}$"], timeout=30)
    return found.stdout.split()


@pytest.fixture
def started(desktop: DesktopSession, tmp_path: Path) -> Iterator[list[RunningApp]]:
    apps: list[RunningApp] = []
    yield apps
    for app in apps:
        app.stop()


def test_the_first_start_welcomes_once(
    desktop: DesktopSession, tmp_path: Path, started: list[RunningApp], artifacts: Path
) -> None:
    basedir = tmp_path / "first"
    app = RunningApp(desktop, basedir, settings=None, name="deskbreak-first-run")
    started.append(app)
    wait_until(lambda: bool(visible_welcomes(desktop)), timeout=20, what="the welcome mapped")
    assert desktop.screenshot(artifacts / "first-run-welcome.png").stat().st_size > 0
    assert not (basedir / "config" / "settings.toml").exists(), "nothing answered yet"

    # Real key presses go to the window with the focus (no window manager gives it here).
    window = visible_welcomes(desktop)[0]
    desktop.xdotool("windowfocus", "--sync", window)
    desktop.xdotool("key", "Return")  # on to the second page
    desktop.xdotool("key", "Escape")  # closed: what was chosen so far, here the defaults
    wait_until(lambda: not visible_welcomes(desktop), timeout=10, what="the welcome to close")
    settings = basedir / "config" / "settings.toml"
    wait_until(settings.exists, timeout=10, what="the settings file written")
    assert "schema_version" in settings.read_text()
    assert app.process.running(), app.process.log_text()
    assert app.status()["state"] in ("sitting", "away")

    app.stop()
    again = RunningApp(desktop, basedir, settings=None, name="deskbreak-second-run")
    started.append(again)
    assert again.status()["state"] in ("sitting", "away")
    assert not visible_welcomes(desktop), "the welcome came back on the second start"
