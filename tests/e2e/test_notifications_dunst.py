"""Native notifications for real: dunst on the virtual desktop shows ours, its buttons come back
as ``action_invoked``, and its pause switch reads as do-not-disturb."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from session import DesktopSession, wait_until

from deskbreak.desktop.dnd import NOTIFICATIONS_PAUSED, DoNotDisturb
from deskbreak.desktop.notifications import CLOSED_BY_CALL, Notifier

# The Notifier needs only Qt's event loop in this process; dunst draws on the X display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

APP_ID = "io.github.deskbreak.DeskBreak"
ACTIONS = (("start", "Start"), ("snooze", "Snooze 5 min"))
WAIT_MS = 5000


def dunstctl(desktop: DesktopSession, *args: str) -> str:
    result = desktop.run(["dunstctl", *args], check=True, timeout=10)
    return result.stdout.strip()


def displayed(desktop: DesktopSession) -> int:
    return int(dunstctl(desktop, "count", "displayed"))


@pytest.fixture
def notifier(desktop: DesktopSession, qapp: object) -> Iterator[Notifier]:
    # Start from an empty screen: `dunstctl action 0` acts on the first notification shown.
    dunstctl(desktop, "close-all")
    wait_until(lambda: displayed(desktop) == 0, timeout=5, what="dunst to close everything")
    notifier = Notifier(desktop.env, app_name="deskbreak", desktop_entry=APP_ID)
    yield notifier
    notifier.shutdown()


def test_dunst_shows_it_and_a_button_comes_back(
    desktop: DesktopSession, notifier: Notifier, qtbot: QtBot, artifacts: Path
) -> None:
    assert notifier.available, notifier.why_not
    assert notifier.supports_actions
    shown = notifier.notify(
        "Time to stand up",
        "45 minutes in your chair. Stand and do ten glute squeezes?",
        actions=ACTIONS,
        timeout_ms=0,
        category="x-deskbreak.break",
    )
    assert shown > 0
    wait_until(lambda: displayed(desktop) == 1, timeout=5, what="dunst to show it")
    desktop.screenshot(artifacts / "notification.png")

    # With no "default" action dunst opens its menu; the test dunstrc's dmenu picks Snooze.
    with qtbot.waitSignal(notifier.action_invoked, timeout=WAIT_MS) as action:
        dunstctl(desktop, "action", "0")
    assert action.args == [shown, "snooze"]


def test_the_default_action_is_a_click_on_the_bubble(
    desktop: DesktopSession, notifier: Notifier, qtbot: QtBot
) -> None:
    shown = notifier.notify(
        "Time to stand up", "", actions=(("default", "Start"), *ACTIONS), timeout_ms=0
    )
    wait_until(lambda: displayed(desktop) == 1, timeout=5, what="dunst to show it")
    with qtbot.waitSignal(notifier.action_invoked, timeout=WAIT_MS) as action:
        dunstctl(desktop, "action", "0")
    assert action.args == [shown, "default"]


def test_close_takes_it_off_the_screen(
    desktop: DesktopSession, notifier: Notifier, qtbot: QtBot
) -> None:
    shown = notifier.notify("Time to stand up", "", actions=ACTIONS, timeout_ms=0)
    wait_until(lambda: displayed(desktop) == 1, timeout=5, what="dunst to show it")
    with qtbot.waitSignal(notifier.closed, timeout=WAIT_MS) as closed:
        notifier.close(shown)
    assert closed.args == [shown, CLOSED_BY_CALL]
    wait_until(lambda: displayed(desktop) == 0, timeout=5, what="dunst to take it away")


def test_dunst_paused_is_do_not_disturb(desktop: DesktopSession) -> None:
    dnd = DoNotDisturb(desktop.env)
    try:
        assert dnd.notifications_inhibited() is False
        dunstctl(desktop, "set-paused", "true")
        try:
            assert dunstctl(desktop, "is-paused") == "true"
            assert dnd.notifications_inhibited() is True
            assert NOTIFICATIONS_PAUSED in dnd.reasons()
        finally:
            dunstctl(desktop, "set-paused", "false")
        assert dnd.notifications_inhibited() is False
        assert dnd.reasons() == []
    finally:
        dnd.close()
