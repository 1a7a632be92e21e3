"""Stand-ins for the desktop's D-Bus services, for tests on a private bus.

    python fake_services.py SERVICE...     (on $DBUS_SESSION_BUS_ADDRESS; prints "ready")

SERVICE: login1, screensaver (org.freedesktop.ScreenSaver, with KDE's GetSessionIdleTime),
gnome-screensaver, mutter (org.gnome.Mutter.IdleMonitor), notifications (with KDE's Inhibited
and dunst's org.dunstproject.cmd0 paused properties once a test sets them). Written with jeepney,
so every reply has exactly the signature the real service uses (uint32, uint64, object path).
Tests steer it through org.deskbreak.FakeControl at /control (the ``CONTROL`` handlers below).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.low_level import HeaderFields, Message

WELL_KNOWN_NAMES = {
    "login1": "org.freedesktop.login1",
    "screensaver": "org.freedesktop.ScreenSaver",
    "gnome-screensaver": "org.gnome.ScreenSaver",
    "mutter": "org.gnome.Mutter.IdleMonitor",
    "notifications": "org.freedesktop.Notifications",
}
LOGIN1_PATH = "/org/freedesktop/login1"
SESSION_PATH = "/org/freedesktop/login1/session/_31"  # logind escapes session id "1" so
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
NOTIFICATIONS = "org.freedesktop.Notifications"
DUNST = "org.dunstproject.cmd0"
CONTROL = "org.deskbreak.FakeControl"
Reply = tuple[str | None, tuple[Any, ...]]


class ServiceError(Exception):
    """Answer the call with the D-Bus error ``args[0]`` and the message ``args[1]``."""


class FakeDesktop:
    """One connection owning every requested name, answering as those services would."""

    def __init__(self, connection: DBusConnection, services: list[str]) -> None:
        self.connection = connection
        self.services = services
        self.last_input = time.monotonic()
        self.locked_hint = False
        self.idle_time_error = ""
        self.no_such_session = False
        self.capabilities = ["actions", "body"]
        self.next_notification = 1
        self.notifications: dict[int, str] = {}  # notification id -> unique name of its sender
        self.notify_calls: list[dict[str, Any]] = []
        self.notify_error = ""
        self.notify_delay = 0.0
        self.broadcast = False  # GNOME Shell and Plasma broadcast; dunst sends to the caller
        self.inhibited: bool | None = None  # KDE's non-standard property; None: not exposed
        self.paused: bool | None = None  # dunst's org.dunstproject.cmd0 paused; None: not dunst
        self.next_watch = 1
        self.active_watches: dict[int, str] = {}  # watch id -> unique name of its owner
        self.handlers: dict[tuple[str, str], Callable[[Message], Reply]] = {
            ("org.freedesktop.login1.Manager", "GetSession"): self.get_session,
            ("org.freedesktop.DBus.Properties", "Get"): self.get_property,
            ("org.freedesktop.ScreenSaver", "GetSessionIdleTime"): self.get_session_idle_time,
            ("org.freedesktop.ScreenSaver", "GetActive"): lambda _m: ("b", (False,)),
            ("org.gnome.Mutter.IdleMonitor", "GetIdletime"): lambda _m: ("t", (self.idle_ms(),)),
            ("org.gnome.Mutter.IdleMonitor", "AddUserActiveWatch"): self.add_user_active_watch,
            ("org.gnome.Mutter.IdleMonitor", "RemoveWatch"): self.remove_watch,
            ("org.freedesktop.Notifications", "GetServerInformation"): lambda _m: (
                "ssss",
                ("fake-notifyd", "deskbreak tests", "0.1", "1.2"),
            ),
            ("org.freedesktop.Notifications", "GetCapabilities"): lambda _m: (
                "as",
                (self.capabilities,),
            ),
            ("org.freedesktop.Notifications", "Notify"): self.notify,
            ("org.freedesktop.Notifications", "CloseNotification"): self.close_notification,
            (CONTROL, "EmitPrepareForSleep"): self.emit_prepare_for_sleep,
            (CONTROL, "EmitLock"): lambda _m: self.emit_session_signal("Lock"),
            (CONTROL, "EmitUnlock"): lambda _m: self.emit_session_signal("Unlock"),
            (CONTROL, "SetLockedHint"): self.set_locked_hint,
            (CONTROL, "EmitActiveChanged"): self.emit_active_changed,
            (CONTROL, "SetIdle"): self.set_idle,
            (CONTROL, "SimulateActivity"): self.simulate_activity,
            (CONTROL, "FailIdleTime"): self.fail_idle_time,
            (CONTROL, "FailGetSession"): self.fail_get_session,
            (CONTROL, "SetCapabilities"): self.set_capabilities,
            (CONTROL, "NotifyCalls"): lambda _m: ("s", (json.dumps(self.notify_calls),)),
            (CONTROL, "OpenNotifications"): lambda _m: ("au", (sorted(self.notifications),)),
            (CONTROL, "FailNotify"): self.fail_notify,
            (CONTROL, "DelayNotify"): self.delay_notify,
            (CONTROL, "SetBroadcast"): self.set_broadcast,
            (CONTROL, "InvokeAction"): self.invoke_action,
            (CONTROL, "EmitClosed"): self.emit_closed,
            (CONTROL, "SetInhibited"): self.set_inhibited,
            (CONTROL, "SetPaused"): self.set_paused,
        }

    def idle_ms(self) -> int:
        return int((time.monotonic() - self.last_input) * 1000)

    # -- services ----------------------------------------------------------------------------

    def get_session(self, message: Message) -> Reply:
        if self.no_such_session:
            raise LookupError(f"No session '{message.body[0]}' known")
        return "o", (SESSION_PATH,)

    def get_property(self, message: Message) -> Reply:
        interface, name = message.body
        if (interface, name) == ("org.freedesktop.login1.Session", "LockedHint"):
            return "v", (("b", self.locked_hint),)
        if (interface, name) == (NOTIFICATIONS, "Inhibited") and self.inhibited is not None:
            return "v", (("b", self.inhibited),)
        if (interface, name) == (DUNST, "paused") and self.paused is not None:
            return "v", (("b", self.paused),)
        raise LookupError(f"no property {interface}.{name}")

    def get_session_idle_time(self, message: Message) -> Reply:
        if self.idle_time_error:
            raise NotImplementedError(self.idle_time_error)
        return "u", (self.idle_ms(),)

    def add_user_active_watch(self, message: Message) -> Reply:
        watch, self.next_watch = self.next_watch, self.next_watch + 1
        self.active_watches[watch] = message.header.fields[HeaderFields.sender]
        return "u", (watch,)

    def remove_watch(self, message: Message) -> Reply:
        self.active_watches.pop(message.body[0], None)
        return None, ()

    def notify(self, message: Message) -> Reply:
        """Record the call exactly as it came (signature, variant types) and hand out an id."""
        if self.notify_delay:
            time.sleep(self.notify_delay)
        if self.notify_error:
            raise ServiceError(self.notify_error, "Notify refused by the test")
        app_name, replaces_id, app_icon, summary, body, actions, hints, timeout = message.body
        sender = message.header.fields[HeaderFields.sender]
        notification_id = replaces_id
        if not notification_id:
            notification_id, self.next_notification = (
                self.next_notification,
                self.next_notification + 1,
            )
        self.notifications[notification_id] = sender
        self.notify_calls.append(
            {
                "id": notification_id,
                "sender": sender,
                "signature": message.header.fields.get(HeaderFields.signature),
                "app_name": app_name,
                "replaces_id": replaces_id,
                "app_icon": app_icon,
                "summary": summary,
                "body": body,
                "actions": actions,
                # jeepney gives each variant as (signature, value): keep both.
                "hints": {key: list(variant) for key, variant in hints.items()},
                "expire_timeout": timeout,
            }
        )
        return "u", (notification_id,)

    def close_notification(self, message: Message) -> Reply:
        (notification_id,) = message.body
        if notification_id in self.notifications:
            self.emit_notification_closed(notification_id, 3)
        return None, ()

    # -- test controls -------------------------------------------------------------------------

    def emit(
        self,
        path: str,
        interface: str,
        member: str,
        signature: str | None,
        body: tuple[Any, ...],
        *,
        to: str | None = None,
    ) -> None:
        signal = new_signal(DBusAddress(path, interface=interface), member, signature, body)
        if to is not None:
            signal.header.fields[HeaderFields.destination] = to
        self.connection.send(signal)

    def emit_prepare_for_sleep(self, message: Message) -> Reply:
        self.emit(
            LOGIN1_PATH, "org.freedesktop.login1.Manager", "PrepareForSleep", "b", message.body
        )
        return None, ()

    def emit_session_signal(self, member: str) -> Reply:
        self.emit(SESSION_PATH, "org.freedesktop.login1.Session", member, None, ())
        return None, ()

    def set_locked_hint(self, message: Message) -> Reply:
        (self.locked_hint,) = message.body
        changed = {"LockedHint": ("b", self.locked_hint)}
        self.emit(
            SESSION_PATH,
            "org.freedesktop.DBus.Properties",
            "PropertiesChanged",
            "sa{sv}as",
            ("org.freedesktop.login1.Session", changed, []),
        )
        return None, ()

    def emit_active_changed(self, message: Message) -> Reply:
        path, active = message.body
        interface = (
            "org.gnome.ScreenSaver"
            if path.startswith("/org/gnome")
            else "org.freedesktop.ScreenSaver"
        )
        self.emit(path, interface, "ActiveChanged", "b", (active,))
        return None, ()

    def set_idle(self, message: Message) -> Reply:
        (milliseconds,) = message.body
        self.last_input = time.monotonic() - milliseconds / 1000
        return None, ()

    def simulate_activity(self, message: Message) -> Reply:
        """Input happened: reset idle time, fire (and forget) every user-active watch."""
        self.last_input = time.monotonic()
        watches, self.active_watches = self.active_watches, {}
        for watch, owner in watches.items():
            # Mutter sends WatchFired to the watch's owner only.
            self.emit(
                "/org/gnome/Mutter/IdleMonitor/Core",
                "org.gnome.Mutter.IdleMonitor",
                "WatchFired",
                "u",
                (watch,),
                to=owner,
            )
        return None, ()

    def fail_idle_time(self, message: Message) -> Reply:
        (self.idle_time_error,) = message.body
        return None, ()

    def fail_get_session(self, message: Message) -> Reply:
        (self.no_such_session,) = message.body
        return None, ()

    def set_capabilities(self, message: Message) -> Reply:
        (self.capabilities,) = message.body
        return None, ()

    def fail_notify(self, message: Message) -> Reply:
        """Answer Notify with this D-Bus error name from now on ("" stops it)."""
        (self.notify_error,) = message.body
        return None, ()

    def delay_notify(self, message: Message) -> Reply:
        (self.notify_delay,) = message.body
        return None, ()

    def set_broadcast(self, message: Message) -> Reply:
        (self.broadcast,) = message.body
        return None, ()

    def invoke_action(self, message: Message) -> Reply:
        """The user clicked ``key`` on notification ``id``: ActionInvoked, then closed (2)."""
        notification_id, key = message.body
        self.emit(
            NOTIFICATIONS_PATH,
            NOTIFICATIONS,
            "ActionInvoked",
            "us",
            (notification_id, key),
            to=self.recipient(notification_id),
        )
        self.emit_notification_closed(notification_id, 2)
        return None, ()

    def emit_closed(self, message: Message) -> Reply:
        notification_id, reason = message.body
        self.emit_notification_closed(notification_id, reason)
        return None, ()

    def emit_notification_closed(self, notification_id: int, reason: int) -> None:
        to = self.recipient(notification_id)
        self.notifications.pop(notification_id, None)
        self.emit(
            NOTIFICATIONS_PATH,
            NOTIFICATIONS,
            "NotificationClosed",
            "uu",
            (notification_id, reason),
            to=to,
        )

    def recipient(self, notification_id: int) -> str | None:
        return None if self.broadcast else self.notifications.get(notification_id)

    def set_inhibited(self, message: Message) -> Reply:
        (self.inhibited,) = message.body
        return None, ()

    def set_paused(self, message: Message) -> Reply:
        (self.paused,) = message.body
        return None, ()

    # -- loop ------------------------------------------------------------------------------------

    def serve(self) -> None:
        while True:
            message = self.connection.receive()
            header = message.header
            if header.message_type != MessageType.method_call:
                continue
            key = (
                header.fields.get(HeaderFields.interface, ""),
                header.fields[HeaderFields.member],
            )
            handler = self.handlers.get(key)
            if handler is None:
                self.connection.send(
                    new_error(
                        message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {key}",)
                    )
                )
                continue
            try:
                signature, body = handler(message)
            except NotImplementedError as exc:
                self.connection.send(
                    new_error(message, "org.freedesktop.DBus.Error.NotSupported", "s", (str(exc),))
                )
                continue
            except ServiceError as exc:
                name, text = exc.args
                self.connection.send(new_error(message, name, "s", (text,)))
                continue
            except LookupError as exc:
                self.connection.send(
                    new_error(message, "org.freedesktop.DBus.Error.InvalidArgs", "s", (str(exc),))
                )
                continue
            self.connection.send(new_method_return(message, signature, body))


def main(services: list[str]) -> int:
    connection = open_dbus_connection(bus=os.environ["DBUS_SESSION_BUS_ADDRESS"])
    for service in services:
        connection.send_and_get_reply(message_bus.RequestName(WELL_KNOWN_NAMES[service]), timeout=5)
    print("ready", flush=True)
    FakeDesktop(connection, services).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
