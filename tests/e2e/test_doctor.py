"""``deskbreak doctor`` on a real X11 desktop: with a tray and dunst, and with neither."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from session import DesktopSession

pytestmark = pytest.mark.e2e


def doctor(desktop: DesktopSession, tmp_path: Path, *args: str) -> tuple[int, str]:
    result = desktop.run(
        [sys.executable, "-m", "deskbreak", "--basedir", str(tmp_path / "base"), "doctor", *args]
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout


def test_full_desktop_reports_x11_idle_tray_and_dunst(
    desktop: DesktopSession, tmp_path: Path, artifacts: Path
) -> None:
    code, text = doctor(desktop, tmp_path)
    (artifacts / "doctor-full-desktop.txt").write_text(text)
    assert code == 0, text
    assert re.search(r"\[ok\] X11 MIT-SCREEN-SAVER: idle \d+\.\d s now \(polled\)", text), text
    assert "platform plugin xcb" in text
    assert "[ok] a system tray is available" in text
    assert re.search(r"\[ok\] dunst \d.* by knopwob \(spec 1\.2\)", text), text
    assert "capabilities: actions," in text
    assert f"settings         {tmp_path / 'base' / 'config' / 'settings.toml'}" in text
    assert "no tray host" not in text
    assert "no notifications" not in text


def test_full_desktop_as_json(desktop: DesktopSession, tmp_path: Path) -> None:
    code, text = doctor(desktop, tmp_path, "--json")
    report: dict[str, Any] = json.loads(text)
    assert code == 0
    assert report["idle"]["source"] == "X11 MIT-SCREEN-SAVER"
    assert report["idle"]["idle_seconds"] >= 0
    assert report["platform"]["qt_platform"] == "xcb"
    assert report["tray"] == {"available": True, "reason": None}
    assert report["notifications"]["server"]["name"] == "dunst"
    assert "actions" in report["notifications"]["server"]["capabilities"]
    assert report["paths"]["history_file"] == str(tmp_path / "base" / "data" / "history.sqlite3")
    # No logind and no screen saver on the test desktop: said, not fatal.
    assert report["session"]["sources"] == []
    assert any(p.startswith("no lock or suspend source") for p in report["problems"])


def test_bare_desktop_explains_what_is_missing(
    bare_desktop: DesktopSession, tmp_path: Path, artifacts: Path
) -> None:
    code, text = doctor(bare_desktop, tmp_path)
    (artifacts / "doctor-bare-desktop.txt").write_text(text)
    assert code == 0, text  # idle time still works: that is what the exit status is about
    assert "[ok] X11 MIT-SCREEN-SAVER" in text
    assert (
        "no tray host: install/enable a StatusNotifier or XEmbed tray; "
        "deskbreak stays reachable with `deskbreak status`"
    ) in text
    assert "[no] no notification server on the session bus" in text
    assert "no notifications: no notification server on the session bus" in text


def test_without_any_display_it_says_manual_mode(
    bare_desktop: DesktopSession, tmp_path: Path
) -> None:
    result = bare_desktop.run(
        [sys.executable, "-m", "deskbreak", "--basedir", str(tmp_path), "doctor"],
        env={"DISPLAY": ""},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no idle source: deskbreak runs in manual mode" in result.stdout
    assert "DISPLAY is not set" in result.stdout
    assert "no display (DISPLAY and WAYLAND_DISPLAY are unset)" in result.stdout
