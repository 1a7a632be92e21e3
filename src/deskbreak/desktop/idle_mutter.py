"""GNOME idle time from Mutter's ``org.gnome.Mutter.IdleMonitor`` over D-Bus (X11 and Wayland).

jeepney rather than QtDBus: ``RemoveWatch`` takes a UINT32, which PySide6 cannot marshal from a
Python int. The connection's socket is watched by a ``QSocketNotifier``, so ``WatchFired``
arrives on the GUI thread from the Qt event loop.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, MatchRule, MessageType, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.low_level import HeaderFields, Message
from PySide6 import QtCore

from deskbreak.desktop.idle import MUTTER_NAME, IdleUnavailable

IDLE_MONITOR = DBusAddress(
    "/org/gnome/Mutter/IdleMonitor/Core",
    bus_name="org.gnome.Mutter.IdleMonitor",
    interface="org.gnome.Mutter.IdleMonitor",
)
CALL_TIMEOUT_SECONDS = 1.0


class MutterIdleSource:
    """GetIdletime for readings; AddUserActiveWatch + WatchFired for the next input."""

    name = MUTTER_NAME

    def __init__(self, bus_address: str) -> None:
        try:
            self._connection: DBusConnection | None = open_dbus_connection(bus=bus_address)
        except (OSError, RuntimeError, ValueError) as exc:
            raise IdleUnavailable(f"cannot connect to the D-Bus session bus: {exc}") from None
        # Signals read off the socket while waiting for a reply; dispatched afterwards.
        self._backlog: deque[Message] = deque()
        self._notifier: QtCore.QSocketNotifier | None = None
        self._watch_id: int | None = None
        self._callback: Callable[[], None] | None = None
        try:
            rule = MatchRule(
                type="signal",
                interface=IDLE_MONITOR.interface,
                member="WatchFired",
                path=IDLE_MONITOR.object_path,
            )
            self._call_bus(message_bus.AddMatch(rule))
        except IdleUnavailable:
            self.close()
            raise

    def idle_seconds(self) -> float:
        (milliseconds,) = self._call("GetIdletime")
        return float(milliseconds) / 1000.0

    def watch_active(self, callback: Callable[[], None]) -> bool:
        if self._connection is None:
            return False
        self._callback = callback
        if self._watch_id is None:
            self._ensure_notifier()
            try:
                (self._watch_id,) = self._call("AddUserActiveWatch")
            except IdleUnavailable:
                # The caller polls instead; the next idle_seconds() says what went wrong.
                self._callback = None
                return False
        return True

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        connection, self._connection = self._connection, None
        if connection is None:
            return
        if self._watch_id is not None:
            # Fire and forget: Mutter drops the watch with the connection anyway.
            remove = new_method_call(IDLE_MONITOR, "RemoveWatch", "u", (self._watch_id,))
            with contextlib.suppress(OSError):
                connection.send(remove)
        self._watch_id = None
        self._callback = None
        self._backlog.clear()
        connection.close()

    # -- D-Bus plumbing ------------------------------------------------------------------

    def _call(self, method: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
        return self._call_bus(new_method_call(IDLE_MONITOR, method, signature, body))

    def _call_bus(self, message: Message) -> Any:
        """Send ``message`` and wait for its reply, keeping any signal that arrives first.

        jeepney's ``send_and_get_reply`` silently drops messages that arrive before the reply
        (a ``WatchFired`` emitted during the call would be lost), so wait by serial here.
        """
        connection = self._connection
        if connection is None:
            raise IdleUnavailable("the Mutter idle source is closed")
        method = message.header.fields.get(HeaderFields.member, "call")
        deadline = time.monotonic() + CALL_TIMEOUT_SECONDS
        try:
            serial = next(connection.outgoing_serial)
            connection.send(message, serial=serial)
            while True:
                reply = connection.receive(timeout=max(0.0, deadline - time.monotonic()))
                if reply.header.fields.get(HeaderFields.reply_serial) == serial:
                    break
                self._backlog.append(reply)
        except TimeoutError:
            raise IdleUnavailable(f"{method}: Mutter did not answer within 1 s") from None
        except (OSError, EOFError) as exc:
            raise IdleUnavailable(f"{method}: lost the D-Bus session bus ({exc})") from None
        finally:
            if self._backlog and self._notifier is not None:
                # The socket may be drained already, so the notifier would not fire for these.
                QtCore.QTimer.singleShot(0, self._dispatch)
        if reply.header.message_type == MessageType.error:
            error = reply.header.fields.get(HeaderFields.error_name, "error")
            detail = f": {reply.body[0]}" if reply.body else ""
            if error == "org.freedesktop.DBus.Error.ServiceUnknown":
                raise IdleUnavailable(
                    "org.gnome.Mutter.IdleMonitor is not on the session bus: "
                    "GNOME Shell is not running in this session"
                )
            raise IdleUnavailable(f"{method} failed: {error}{detail}")
        return reply.body

    def _ensure_notifier(self) -> None:
        if self._notifier is not None or self._connection is None:
            return
        self._notifier = QtCore.QSocketNotifier(
            self._connection.sock.fileno(), QtCore.QSocketNotifier.Type.Read
        )
        self._notifier.activated.connect(self._dispatch)

    def _dispatch(self) -> None:
        while (message := self._next_message()) is not None:
            header = message.header
            if (
                header.message_type == MessageType.signal
                and header.fields.get(HeaderFields.member) == "WatchFired"
                and message.body
                and message.body[0] == self._watch_id
            ):
                callback, self._callback, self._watch_id = self._callback, None, None
                if callback is not None:
                    callback()

    def _next_message(self) -> Message | None:
        if self._backlog:
            return self._backlog.popleft()
        if self._connection is None:
            return None
        try:
            return self._connection.receive(timeout=0)
        except TimeoutError:
            return None
        except (OSError, EOFError):
            # The bus went away: stop listening; the next idle_seconds() reports it.
            if self._notifier is not None:
                self._notifier.setEnabled(False)
            return None
