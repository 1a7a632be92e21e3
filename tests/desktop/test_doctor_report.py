"""``deskbreak doctor`` in-process, on a fake GNOME session bus (the e2e tests run it for real)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from deskbreak.cli import doctor
from deskbreak.desktop.idle import MUTTER_NAME

NOTIFICATIONS = "org.freedesktop.Notifications"


@pytest.fixture
def gnome(fakes: Any, private_bus: Any, monkeypatch: pytest.MonkeyPatch, qapp: Any) -> None:
    """A GNOME Wayland session as far as idle time and notifications go; no display for Qt."""
    fakes.start("mutter", "notifications")
    # The test's QApplication is offscreen already; doctor must find out it has no display.
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", private_bus.address)
    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "GNOME")


def run_doctor(tmp_path: Path, *, as_json: bool) -> int:
    return doctor.run(argparse.Namespace(basedir=tmp_path, json=as_json))


def test_mutter_is_reported_event_driven(
    gnome: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_doctor(tmp_path, as_json=False) == 0
    text = capsys.readouterr().out
    assert f"[ok] {MUTTER_NAME}: idle 0.0 s now (event-driven)" in text
    assert "[ok] fake-notifyd 0.1 by deskbreak tests (spec 1.2)" in text
    assert "capabilities: actions, body" in text
    assert f"history          {tmp_path / 'data' / 'history.sqlite3'}  (not there yet)" in text
    # Offscreen Qt, not an abort, when there is no display.
    assert "no display (DISPLAY and WAYLAND_DISPLAY are unset)" in text
    assert "tray cannot be checked" in text
    assert "no tray host" not in text


def test_a_server_without_buttons_is_pointed_out(
    gnome: None, fakes: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes.control(NOTIFICATIONS, "SetCapabilities", "as", ["body"])
    assert run_doctor(tmp_path, as_json=True) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["idle"] == {
        "source": MUTTER_NAME,
        "idle_seconds": pytest.approx(0.0, abs=1.0),
        "event_driven": True,
        "tried": [],
    }
    assert report["notifications"]["server"]["capabilities"] == ["body"]
    assert any("no `actions` capability" in problem for problem in report["problems"])
    assert report["paths"]["settings_file"] == str(tmp_path / "config" / "settings.toml")


def test_every_idle_failure_is_listed_and_the_exit_status_says_so(
    private_bus: Any,
    monkeypatch: pytest.MonkeyPatch,
    qapp: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", private_bus.address)
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    monkeypatch.setenv("XDG_CURRENT_DESKTOP", "KDE")
    assert run_doctor(tmp_path, as_json=False) == 1
    text = capsys.readouterr().out
    assert "[no] KDE org.freedesktop.ScreenSaver: org.freedesktop.ScreenSaver is not on" in text
    assert "[no] X11 MIT-SCREEN-SAVER: DISPLAY is not set" in text
    assert "no idle source: deskbreak runs in manual mode" in text
    assert "no notifications: no notification server on the session bus" in text
