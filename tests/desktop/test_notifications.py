"""The Notifier against a fake notification server on a private bus: what goes over the wire,
what comes back, and what happens when the server errs, hangs or goes away."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jeepney import DBusAddress, MessageType, new_method_call, new_signal
from jeepney.io.blocking import open_dbus_connection
from jeepney.low_level import HeaderFields
from pytestqt.qtbot import QtBot

from deskbreak.desktop import notifications
from deskbreak.desktop.notifications import (
    CLOSED_BY_CALL,
    CLOSED_DISMISSED,
    CLOSED_EXPIRED,
    CLOSED_UNDEFINED,
    NO_SESSION_BUS,
    Notifier,
)

SERVER = "org.freedesktop.Notifications"
FDO = DBusAddress("/org/freedesktop/Notifications", bus_name=SERVER, interface=SERVER)
CONTROL = DBusAddress("/control", bus_name=SERVER, interface="org.deskbreak.FakeControl")
APP_ID = "io.github.deskbreak.DeskBreak"
ACTIONS = (("start", "Start"), ("snooze", "Snooze 5 min"))
WAIT_MS = 3000


def ask(bus: Any, method: str, signature: str | None = None, *body: Any) -> Any:
    """Call a test lever on the fake server and return its answer."""
    with open_dbus_connection(bus=bus.address) as connection:
        reply = connection.send_and_get_reply(
            new_method_call(CONTROL, method, signature, body), timeout=5
        )
    assert reply.header.message_type == MessageType.method_return, reply.body
    return reply.body


def notify_calls(bus: Any) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = json.loads(ask(bus, "NotifyCalls")[0])
    return calls


def make_notifier(bus: Any) -> Notifier:
    return Notifier(
        {"DBUS_SESSION_BUS_ADDRESS": bus.address}, app_name="deskbreak", desktop_entry=APP_ID
    )


class Recorder:
    """Every signal a Notifier emits, in order."""

    def __init__(self, notifier: Notifier) -> None:
        self.seen: list[tuple[str, int, object]] = []
        notifier.action_invoked.connect(lambda i, key: self.seen.append(("action", i, key)))
        notifier.closed.connect(lambda i, reason: self.seen.append(("closed", i, reason)))


@pytest.fixture
def notifier(fakes: Any, private_bus: Any, qapp: Any) -> Iterator[Notifier]:
    fakes.start("notifications")
    notifier = make_notifier(private_bus)
    yield notifier
    notifier.shutdown()


# -- what goes over the wire -----------------------------------------------------------------


def test_asks_the_server_what_it_can_do(notifier: Notifier) -> None:
    assert notifier.available
    assert notifier.why_not == ""
    assert notifier.capabilities == frozenset({"actions", "body"})
    assert notifier.supports_actions


def test_notify_sends_the_spec_signature_with_a_byte_urgency(
    notifier: Notifier, private_bus: Any
) -> None:
    notification_id = notifier.notify(
        "Time to stand up",
        "45 minutes seated. One glute bridge?",
        actions=ACTIONS,
        category="x-deskbreak.break",
    )
    assert notification_id == 1
    (call,) = notify_calls(private_bus)
    assert call["signature"] == "susssasa{sv}i"
    # dunst reads urgency only as a BYTE: an int32 would be ignored.
    assert call["hints"] == {
        "urgency": ["y", 1],
        "desktop-entry": ["s", APP_ID],
        "category": ["s", "x-deskbreak.break"],
    }
    assert call["app_name"] == "deskbreak"
    assert call["replaces_id"] == 0
    assert call["summary"] == "Time to stand up"
    assert call["body"] == "45 minutes seated. One glute bridge?"
    assert call["actions"] == ["start", "Start", "snooze", "Snooze 5 min"]
    assert call["expire_timeout"] == -1


def test_urgency_timeout_and_replacement_pass_through(notifier: Notifier, private_bus: Any) -> None:
    first = notifier.notify("Stand up", "", urgency=0, timeout_ms=0)
    again = notifier.notify("Stand up", "still", urgency=2, replaces_id=first, timeout_ms=5000)
    assert again == first
    calls = notify_calls(private_bus)
    assert [c["hints"]["urgency"] for c in calls] == [["y", 0], ["y", 2]]
    assert [c["expire_timeout"] for c in calls] == [0, 5000]
    assert calls[1]["replaces_id"] == first
    assert "category" not in calls[0]["hints"]


def test_no_desktop_entry_hint_when_there_is_none(fakes: Any, private_bus: Any, qapp: Any) -> None:
    fakes.start("notifications")
    notifier = Notifier(
        {"DBUS_SESSION_BUS_ADDRESS": private_bus.address}, app_name="deskbreak", desktop_entry=""
    )
    try:
        notifier.notify("Stand up", "")
    finally:
        notifier.shutdown()
    assert notify_calls(private_bus)[0]["hints"] == {"urgency": ["y", 1]}


def test_actions_are_dropped_when_the_server_has_no_buttons(
    fakes: Any, private_bus: Any, qapp: Any
) -> None:
    fakes.start("notifications")
    ask(private_bus, "SetCapabilities", "as", ["body"])
    notifier = make_notifier(private_bus)
    try:
        assert notifier.available
        assert not notifier.supports_actions
        assert notifier.notify("Stand up", "", actions=ACTIONS) > 0
    finally:
        notifier.shutdown()
    assert notify_calls(private_bus)[0]["actions"] == []


def test_a_markup_server_gets_our_body_as_text(fakes: Any, private_bus: Any, qapp: Any) -> None:
    fakes.start("notifications")
    ask(private_bus, "SetCapabilities", "as", ["actions", "body", "body-markup"])
    notifier = make_notifier(private_bus)
    try:
        notifier.notify("Knees > toes?", "Hips <level> & steady")
    finally:
        notifier.shutdown()
    call = notify_calls(private_bus)[0]
    assert call["body"] == "Hips &lt;level&gt; &amp; steady"
    assert call["summary"] == "Knees > toes?"  # the spec never reads the summary as markup


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"urgency": 3}, "urgency"),
        ({"replaces_id": -1}, "replaces_id"),
        ({"replaces_id": 1 << 32}, "replaces_id"),
        ({"timeout_ms": -2}, "timeout_ms"),
    ],
)
def test_arguments_the_wire_cannot_carry_are_refused(
    notifier: Notifier, arguments: dict[str, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        notifier.notify("Stand up", "", **arguments)


# -- what comes back ---------------------------------------------------------------------------


def test_a_chosen_action_comes_back_then_the_close(
    notifier: Notifier, private_bus: Any, qtbot: QtBot
) -> None:
    notification_id = notifier.notify("Stand up", "", actions=ACTIONS)
    with (
        qtbot.waitSignal(notifier.action_invoked, timeout=WAIT_MS) as action,
        qtbot.waitSignal(notifier.closed, timeout=WAIT_MS) as closed,
    ):
        ask(private_bus, "InvokeAction", "us", notification_id, "snooze")
    assert action.args == [notification_id, "snooze"]
    assert closed.args == [notification_id, CLOSED_DISMISSED]


def test_close_takes_it_away_with_reason_3(
    notifier: Notifier, private_bus: Any, qtbot: QtBot
) -> None:
    notification_id = notifier.notify("Stand up", "")
    with qtbot.waitSignal(notifier.closed, timeout=WAIT_MS) as closed:
        notifier.close(notification_id)
    assert closed.args == [notification_id, CLOSED_BY_CALL]
    assert ask(private_bus, "OpenNotifications") == ([],)


def test_signals_arrive_in_broadcast_too(
    notifier: Notifier, private_bus: Any, qtbot: QtBot
) -> None:
    # GNOME Shell and Plasma broadcast: the match rule must let them in.
    ask(private_bus, "SetBroadcast", "b", True)
    notification_id = notifier.notify("Stand up", "")
    with qtbot.waitSignal(notifier.closed, timeout=WAIT_MS) as closed:
        ask(private_bus, "EmitClosed", "uu", notification_id, CLOSED_EXPIRED)
    assert closed.args == [notification_id, CLOSED_EXPIRED]


def test_other_applications_notifications_are_not_ours(
    notifier: Notifier, private_bus: Any, qtbot: QtBot
) -> None:
    recorder = Recorder(notifier)
    ask(private_bus, "SetBroadcast", "b", True)
    with open_dbus_connection(bus=private_bus.address) as other_app:
        body = ("mail", 0, "", "New mail", "", ["open", "Open"], {}, -1)
        reply = other_app.send_and_get_reply(
            new_method_call(FDO, "Notify", "susssasa{sv}i", body), timeout=5
        )
        (theirs,) = reply.body
        ours = notifier.notify("Stand up", "", actions=ACTIONS)
        assert theirs != ours
        ask(private_bus, "InvokeAction", "us", theirs, "open")
        ask(private_bus, "InvokeAction", "us", ours, "start")
    qtbot.waitUntil(lambda: len(recorder.seen) == 2, timeout=WAIT_MS)
    qtbot.wait(100)
    assert recorder.seen == [("action", ours, "start"), ("closed", ours, CLOSED_DISMISSED)]


def test_signals_from_anyone_but_the_server_are_ignored(
    notifier: Notifier, private_bus: Any, qtbot: QtBot
) -> None:
    recorder = Recorder(notifier)
    ours = notifier.notify("Stand up", "", actions=ACTIONS)
    notifier_name = notify_calls(private_bus)[0]["sender"]
    with open_dbus_connection(bus=private_bus.address) as impostor:
        # Broadcast (the match rule keeps these out) and sent to the notifier directly.
        for to in (None, notifier_name):
            action = new_signal(FDO, "ActionInvoked", "us", (ours, "start"))
            closed = new_signal(FDO, "NotificationClosed", "uu", (ours, CLOSED_DISMISSED))
            for signal in (action, closed):
                if to is not None:
                    signal.header.fields[HeaderFields.destination] = to
                impostor.send(signal)
    ask(private_bus, "InvokeAction", "us", ours, "snooze")
    qtbot.waitUntil(lambda: len(recorder.seen) == 2, timeout=WAIT_MS)
    qtbot.wait(100)
    assert recorder.seen == [("action", ours, "snooze"), ("closed", ours, CLOSED_DISMISSED)]


def test_shutdown_closes_what_is_still_shown(fakes: Any, private_bus: Any, qtbot: QtBot) -> None:
    fakes.start("notifications")
    notifier = make_notifier(private_bus)
    recorder = Recorder(notifier)
    first = notifier.notify("Stand up", "", actions=ACTIONS)
    second = notifier.notify("Routine", "", actions=ACTIONS)
    notifier.close(first)
    qtbot.waitUntil(lambda: recorder.seen == [("closed", first, CLOSED_BY_CALL)], timeout=WAIT_MS)
    assert ask(private_bus, "OpenNotifications") == ([second],)
    notifier.shutdown()
    assert not notifier.available
    assert notifier.why_not == "notifications were shut down"
    assert notifier.notify("Stand up", "") == 0
    deadline = time.monotonic() + 3
    while ask(private_bus, "OpenNotifications") != ([],) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ask(private_bus, "OpenNotifications") == ([],)
    qtbot.wait(100)
    assert recorder.seen == [("closed", first, CLOSED_BY_CALL)]  # nothing after shutdown
    notifier.shutdown()


# -- when the server is missing, fails or goes away ---------------------------------------------


def test_no_server_yet_then_one_starts(
    fakes: Any, private_bus: Any, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = make_notifier(private_bus)
    try:
        assert not notifier.available
        assert notifier.why_not.startswith("no notification server on the session bus")
        assert notifier.capabilities == frozenset()
        assert not notifier.supports_actions
        with caplog.at_level(logging.WARNING, logger=notifications.__name__):
            assert notifier.notify("Stand up", "") == 0
        assert "not shown: no notification server" in caplog.text
        fakes.start("notifications")
        # The new owner of the name is noticed from the event loop and asked at once.
        qtbot.waitUntil(lambda: notifier.available, timeout=WAIT_MS)
        assert notifier.supports_actions
        assert notifier.notify("Stand up", "") == 1
    finally:
        notifier.shutdown()


def test_a_vanishing_server_closes_ours_and_a_new_one_is_used(
    fakes: Any, private_bus: Any, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    fakes.start("notifications")
    notifier = make_notifier(private_bus)
    try:
        shown = notifier.notify("Stand up", "", actions=ACTIONS)
        with qtbot.waitSignal(notifier.closed, timeout=WAIT_MS) as closed:
            fakes.stop()
        assert closed.args == [shown, CLOSED_UNDEFINED]
        assert not notifier.available
        assert notifier.why_not == "the notification server left the session bus"
        with caplog.at_level(logging.WARNING, logger=notifications.__name__):
            assert notifier.notify("Stand up", "", actions=ACTIONS) == 0
        assert "no notification server on the session bus" in caplog.text

        fakes.start("notifications")
        qtbot.waitUntil(lambda: notifier.available, timeout=WAIT_MS)
        assert notifier.notify("Stand up", "", actions=ACTIONS) == 1
    finally:
        notifier.shutdown()


def test_a_failing_server_means_no_notification_not_a_crash(
    notifier: Notifier, private_bus: Any, caplog: pytest.LogCaptureFixture
) -> None:
    ask(private_bus, "FailNotify", "s", "org.freedesktop.DBus.Error.Failed")
    with caplog.at_level(logging.WARNING, logger=notifications.__name__):
        assert notifier.notify("Stand up", "") == 0
    assert "answered org.freedesktop.DBus.Error.Failed: Notify refused by the test" in caplog.text
    assert not notifier.available
    ask(private_bus, "FailNotify", "s", "")
    assert notifier.notify("Stand up", "") == 1  # asked again, and it works again
    assert notifier.available


def test_a_server_that_hangs_is_given_up_on(
    notifier: Notifier,
    private_bus: Any,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(notifications, "CALL_TIMEOUT_SECONDS", 0.3)
    ask(private_bus, "DelayNotify", "d", 1.0)
    started = time.monotonic()
    assert notifier.notify("Stand up", "") == 0
    assert time.monotonic() - started < 0.9
    assert notifier.why_not == "the notification server did not answer within 0.3 s"
    ask(private_bus, "DelayNotify", "d", 0.0)  # returns once the late Notify is answered
    recorder = Recorder(notifier)
    shown = notifier.notify("Stand up", "")
    assert shown == 2  # the late answer (id 1) was not taken for this one
    with qtbot.waitSignal(notifier.closed, timeout=WAIT_MS):
        ask(private_bus, "EmitClosed", "uu", 1, CLOSED_EXPIRED)
        ask(private_bus, "EmitClosed", "uu", shown, CLOSED_EXPIRED)
    assert recorder.seen == [("closed", shown, CLOSED_EXPIRED)]


def test_a_lost_bus_closes_ours(
    fakes: Any, private_bus: Any, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    fakes.start("notifications")
    notifier = make_notifier(private_bus)
    shown = notifier.notify("Stand up", "")
    with (
        caplog.at_level(logging.WARNING, logger=notifications.__name__),
        qtbot.waitSignal(notifier.closed, timeout=WAIT_MS) as closed,
    ):
        private_bus.stop()
    assert closed.args == [shown, CLOSED_UNDEFINED]
    assert notifier.why_not.startswith("lost the D-Bus session bus")
    assert notifier.notify("Stand up", "") == 0
    notifier.close(shown)  # nothing to do, nothing raised
    notifier.shutdown()


def test_no_session_bus_at_all(qapp: Any) -> None:
    notifier = Notifier({}, app_name="deskbreak", desktop_entry=APP_ID)
    assert not notifier.available
    assert notifier.why_not == NO_SESSION_BUS
    assert notifier.notify("Stand up", "") == 0
    notifier.close(1)
    notifier.shutdown()


def test_unreachable_bus(tmp_path: Path, qapp: Any) -> None:
    environ = {"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'gone'}"}
    notifier = Notifier(environ, app_name="deskbreak", desktop_entry=APP_ID)
    assert notifier.why_not.startswith("cannot connect to the D-Bus session bus")
    assert notifier.notify("Stand up", "") == 0
