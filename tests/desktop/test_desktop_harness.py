"""The end-to-end harness itself: what it starts, what it offers, and that nothing outlives it."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.e2e


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_full_session_starts_everything_and_leaves_nothing(
    e2e_harness: ModuleType, tmp_path: Path
) -> None:
    if reason := e2e_harness.xvfb_missing_reason():
        pytest.skip(reason)
    with e2e_harness.DesktopSession(tmp_path, tray=True, notifications=True) as desktop:
        env = desktop.env
        assert env["DISPLAY"] == desktop.display
        assert env["DISPLAY"].startswith(":")
        assert env["DBUS_SESSION_BUS_ADDRESS"] == desktop.bus.address
        assert env["QT_QPA_PLATFORM"] == "xcb"
        runtime = Path(env["XDG_RUNTIME_DIR"])
        assert runtime.is_relative_to(tmp_path)
        assert runtime.stat().st_mode & 0o777 == 0o700
        assert desktop.tray_available()
        assert desktop.bus.name_has_owner("org.freedesktop.Notifications")

        sleeper = desktop.spawn("sleeper", ["sleep", "600"])
        assert desktop.run(["sh", "-c", "echo $DISPLAY"]).stdout.strip() == desktop.display
        desktop.xdotool("mousemove", "10", "20")
        assert "X=10" in desktop.xdotool("getmouselocation", "--shell").stdout
        assert '"panel"' in desktop.windows_tree()  # trayer's window
        shot = desktop.screenshot(tmp_path / "shots" / "root.png")
        assert shot.read_bytes().startswith(b"\x89PNG")
        pids = desktop.pids
        assert sleeper.pid in pids
        assert len(pids) == 5  # Xvfb, trayer, dunst, the sleeper, dbus-daemon
    assert desktop.pids == []
    assert [pid for pid in pids if alive(pid)] == []


def test_missing_tool_names_its_package(e2e_harness: ModuleType) -> None:
    with pytest.raises(e2e_harness.MissingToolError, match="apt-get install no-such-package"):
        e2e_harness.require("no-such-program-here", "no-such-package")
