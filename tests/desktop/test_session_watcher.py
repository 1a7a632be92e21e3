"""SessionWatcher against fake logind and screen-saver services on a private bus."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6 import QtDBus
from pytestqt.qtbot import QtBot

from deskbreak.desktop.session import SessionWatcher

LOGIN1 = "org.freedesktop.login1"
SIGNAL_TIMEOUT_MS = 3000


def no_bus() -> QtDBus.QDBusConnection:
    """A connection that never connected, as on a machine without that bus."""
    return QtDBus.QDBusConnection("deskbreak-test-never-connected")


@pytest.fixture
def watcher_on(qt_bus: QtDBus.QDBusConnection) -> Any:
    """Build a SessionWatcher that sees the private bus as both system and session bus."""
    made: list[SessionWatcher] = []

    def make(**kwargs: Any) -> SessionWatcher:
        watcher = SessionWatcher(system_bus=qt_bus, session_bus=qt_bus, **kwargs)
        made.append(watcher)
        return watcher

    yield make
    for watcher in made:
        watcher.deleteLater()


def test_suspend_and_resume_arrive_as_sleeping_changed(
    fakes: Any, watcher_on: Any, qtbot: QtBot
) -> None:
    fakes.start("login1")
    watcher = watcher_on()
    assert any("PrepareForSleep" in source for source in watcher.sources)

    with qtbot.waitSignal(watcher.sleeping_changed, timeout=SIGNAL_TIMEOUT_MS) as going:
        fakes.control(LOGIN1, "EmitPrepareForSleep", "b", True)
    assert going.args == [True]
    with qtbot.waitSignal(watcher.sleeping_changed, timeout=SIGNAL_TIMEOUT_MS) as back:
        fakes.control(LOGIN1, "EmitPrepareForSleep", "b", False)
    assert back.args == [False]


def test_logind_lock_and_unlock_of_this_session(fakes: Any, watcher_on: Any, qtbot: QtBot) -> None:
    fakes.start("login1")
    watcher = watcher_on(session_id="1")
    assert any("logind session 1" in source for source in watcher.sources), watcher.missing

    with qtbot.waitSignal(watcher.locked_changed, timeout=SIGNAL_TIMEOUT_MS) as locked:
        fakes.control(LOGIN1, "EmitLock")
    assert locked.args == [True]
    with qtbot.waitSignal(watcher.locked_changed, timeout=SIGNAL_TIMEOUT_MS) as unlocked:
        fakes.control(LOGIN1, "EmitUnlock")
    assert unlocked.args == [False]
    assert watcher.locked is False


def test_locked_hint_changes_are_read_back(fakes: Any, watcher_on: Any, qtbot: QtBot) -> None:
    fakes.start("login1")
    watcher = watcher_on()

    with qtbot.waitSignal(watcher.locked_changed, timeout=SIGNAL_TIMEOUT_MS) as locked:
        fakes.control(LOGIN1, "SetLockedHint", "b", True)
    assert locked.args == [True]
    with qtbot.waitSignal(watcher.locked_changed, timeout=SIGNAL_TIMEOUT_MS) as unlocked:
        fakes.control(LOGIN1, "SetLockedHint", "b", False)
    assert unlocked.args == [False]


def test_one_lock_seen_by_two_sources_is_reported_once(
    fakes: Any, watcher_on: Any, qtbot: QtBot
) -> None:
    fakes.start("login1", "gnome-screensaver")
    watcher = watcher_on()
    seen: list[bool] = []
    watcher.locked_changed.connect(seen.append)

    with qtbot.waitSignal(watcher.locked_changed, timeout=SIGNAL_TIMEOUT_MS):
        fakes.control(LOGIN1, "EmitLock")
    fakes.control(
        "org.gnome.ScreenSaver", "EmitActiveChanged", "sb", "/org/gnome/ScreenSaver", True
    )
    with qtbot.waitSignal(watcher.locked_changed, timeout=SIGNAL_TIMEOUT_MS):
        fakes.control(
            "org.gnome.ScreenSaver", "EmitActiveChanged", "sb", "/org/gnome/ScreenSaver", False
        )
    assert seen == [True, False]


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("screensaver", "/org/freedesktop/ScreenSaver"),
        ("screensaver", "/ScreenSaver"),
        ("gnome-screensaver", "/org/gnome/ScreenSaver"),
    ],
)
def test_screen_saver_active_changed(
    fakes: Any, watcher_on: Any, qtbot: QtBot, service: str, path: str
) -> None:
    fakes.start(service)
    watcher = watcher_on()
    owner = (
        "org.gnome.ScreenSaver" if service == "gnome-screensaver" else "org.freedesktop.ScreenSaver"
    )
    assert f"{owner} ActiveChanged (session bus)" in watcher.sources

    with qtbot.waitSignal(watcher.locked_changed, timeout=SIGNAL_TIMEOUT_MS) as active:
        fakes.control(owner, "EmitActiveChanged", "sb", path, True)
    assert active.args == [True]


def test_signals_from_a_stranger_are_ignored(fakes: Any, watcher_on: Any, qtbot: QtBot) -> None:
    # The lever sits on a fake that does not own org.freedesktop.login1: a process that merely
    # emits a look-alike signal must not suspend the tracker.
    fakes.start("login1")
    watcher = watcher_on()
    fakes.start("screensaver")
    with qtbot.assertNotEmitted(watcher.sleeping_changed, wait=300):
        fakes.control("org.freedesktop.ScreenSaver", "EmitPrepareForSleep", "b", True)


def test_missing_services_are_named_not_fatal(qt_bus: QtDBus.QDBusConnection) -> None:
    watcher = SessionWatcher(system_bus=qt_bus, session_bus=qt_bus)
    assert watcher.sources == []
    missing = dict(watcher.missing)
    assert "no systemd-logind" in missing["logind suspend and lock"]
    assert missing["org.gnome.ScreenSaver"] == "not on the session bus now"
    watcher.deleteLater()


def test_without_any_bus_it_still_starts(qapp: Any) -> None:
    watcher = SessionWatcher(system_bus=no_bus(), session_bus=no_bus())
    assert watcher.sources == []
    reasons = [reason for _, reason in watcher.missing]
    assert any(reason.startswith("no system bus") for reason in reasons)
    assert any(reason.startswith("no session bus") for reason in reasons)
    watcher.deleteLater()


def test_an_unknown_session_is_reported(fakes: Any, watcher_on: Any) -> None:
    fakes.start("login1")
    fakes.control(LOGIN1, "FailGetSession", "b", True)
    watcher = watcher_on(session_id="42")
    assert any("PrepareForSleep" in source for source in watcher.sources)
    (reason,) = [reason for name, reason in watcher.missing if name == "logind session 42 lock"]
    assert "GetSession('42') failed" in reason
