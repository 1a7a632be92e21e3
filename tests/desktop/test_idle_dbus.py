"""The D-Bus idle backends (GNOME Mutter, KDE) against fake services on a private bus."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from deskbreak.desktop.idle import KDE_NAME, MUTTER_NAME, IdleUnavailable, choose_idle_source
from deskbreak.desktop.idle_kde import KdeIdleSource
from deskbreak.desktop.idle_mutter import MutterIdleSource

MUTTER = "org.gnome.Mutter.IdleMonitor"
SCREENSAVER = "org.freedesktop.ScreenSaver"
WAIT_MS = 3000


@pytest.fixture
def mutter(fakes: Any, private_bus: Any, qapp: Any) -> Any:
    fakes.start("mutter")
    source = MutterIdleSource(private_bus.address)
    yield source
    source.close()


def test_mutter_reads_idle_milliseconds(mutter: MutterIdleSource, fakes: Any) -> None:
    fakes.control(MUTTER, "SetIdle", "t", 5000)
    assert 5.0 <= mutter.idle_seconds() < 6.0


def test_mutter_calls_back_once_on_the_next_input(
    mutter: MutterIdleSource, fakes: Any, qtbot: QtBot
) -> None:
    calls: list[str] = []
    assert mutter.watch_active(lambda: calls.append("back"))
    fakes.control(MUTTER, "SimulateActivity")
    qtbot.waitUntil(lambda: calls == ["back"], timeout=WAIT_MS)
    assert mutter.idle_seconds() < 1.0

    # One-shot: more input without re-arming calls nobody.
    fakes.control(MUTTER, "SimulateActivity")
    qtbot.wait(200)
    assert calls == ["back"]


def test_mutter_rearming_replaces_the_callback(
    mutter: MutterIdleSource, fakes: Any, qtbot: QtBot
) -> None:
    calls: list[str] = []
    mutter.watch_active(lambda: calls.append("first"))
    mutter.watch_active(lambda: calls.append("second"))
    fakes.control(MUTTER, "SimulateActivity")
    qtbot.waitUntil(lambda: calls == ["second"], timeout=WAIT_MS)
    qtbot.wait(200)
    assert calls == ["second"]


def test_mutter_keeps_a_watch_fired_during_a_call(
    mutter: MutterIdleSource, fakes: Any, qtbot: QtBot
) -> None:
    calls: list[str] = []
    mutter.watch_active(lambda: calls.append("back"))
    fakes.control(MUTTER, "SimulateActivity")
    # WatchFired is already queued on the socket ahead of this reply: the call must keep it
    # (jeepney's send_and_get_reply would drop it) and deliver it from the event loop.
    mutter.idle_seconds()
    assert calls == []
    qtbot.waitUntil(lambda: calls == ["back"], timeout=WAIT_MS)


def test_mutter_closed_source_never_calls_back(fakes: Any, private_bus: Any, qtbot: QtBot) -> None:
    fakes.start("mutter")
    source = MutterIdleSource(private_bus.address)
    calls: list[str] = []
    source.watch_active(lambda: calls.append("back"))
    source.close()
    fakes.control(MUTTER, "SimulateActivity")
    qtbot.wait(200)
    assert calls == []
    with pytest.raises(IdleUnavailable, match="closed"):
        source.idle_seconds()
    source.close()  # twice is fine


def test_mutter_missing_from_the_bus_is_explained(private_bus: Any) -> None:
    source = MutterIdleSource(private_bus.address)
    with pytest.raises(IdleUnavailable, match="GNOME Shell is not running"):
        source.idle_seconds()
    source.close()


def test_mutter_unreachable_bus_is_explained(tmp_path: Any) -> None:
    with pytest.raises(IdleUnavailable, match="cannot connect to the D-Bus session bus"):
        MutterIdleSource(f"unix:path={tmp_path / 'nothing'}")


def test_gnome_session_chooses_mutter(fakes: Any, private_bus: Any) -> None:
    fakes.start("mutter")
    environ = {
        "XDG_SESSION_TYPE": "wayland",
        "XDG_CURRENT_DESKTOP": "GNOME",
        "DBUS_SESSION_BUS_ADDRESS": private_bus.address,
    }
    choice = choose_idle_source(environ, "linux")
    assert choice.source is not None
    try:
        assert choice.source.name == MUTTER_NAME
        assert choice.tried == []
    finally:
        choice.source.close()


def test_kde_reads_session_idle_time(fakes: Any, private_bus: Any) -> None:
    fakes.start("screensaver")
    fakes.control(SCREENSAVER, "SetIdle", "t", 2500)
    source = KdeIdleSource(private_bus.address)
    try:
        assert 2.5 <= source.idle_seconds() < 3.5
        assert source.watch_active(lambda: None) is False
    finally:
        source.close()


def test_kde_on_wayland_not_supported_falls_through(fakes: Any, private_bus: Any) -> None:
    # Plasma's screen locker answers NotSupported on Wayland (kscreenlocker interface.cpp).
    fakes.start("screensaver")
    fakes.control(SCREENSAVER, "FailIdleTime", "s", "GetSessionIdleTime is not supported")
    environ = {
        "XDG_SESSION_TYPE": "x11",
        "XDG_CURRENT_DESKTOP": "KDE",
        "DBUS_SESSION_BUS_ADDRESS": private_bus.address,
    }
    choice = choose_idle_source(environ, "linux")
    assert choice.source is None
    kde_reason = dict(choice.tried)[KDE_NAME]
    assert "org.freedesktop.DBus.Error.NotSupported" in kde_reason
    assert "not supported" in kde_reason


def test_kde_missing_from_the_bus_is_explained(private_bus: Any) -> None:
    source = KdeIdleSource(private_bus.address)
    with pytest.raises(IdleUnavailable, match="KDE's screen locker is not running"):
        source.idle_seconds()
    source.close()


def test_mutter_gone_before_arming_means_polling(fakes: Any, private_bus: Any, qapp: Any) -> None:
    source = MutterIdleSource(private_bus.address)  # nobody owns the name
    try:
        assert source.watch_active(lambda: None) is False
        with pytest.raises(IdleUnavailable, match="GNOME Shell is not running"):
            source.idle_seconds()
    finally:
        source.close()
