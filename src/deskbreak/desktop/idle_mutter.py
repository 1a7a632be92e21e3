"""GNOME idle time from Mutter's ``org.gnome.Mutter.IdleMonitor`` over D-Bus (X11 and Wayland).

jeepney rather than QtDBus: ``RemoveWatch`` takes a UINT32, which PySide6 cannot marshal from a
Python int. The connection (``dbus_qt.DBusLink``) is read from the Qt event loop, so
``WatchFired`` arrives on the GUI thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, MatchRule, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.low_level import HeaderFields, Message, MessageType

from deskbreak.desktop.dbus_qt import SERVICE_UNKNOWN, DBusLink, LinkError, error_name, error_text
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
            self._link: DBusLink | None = DBusLink(bus_address)
        except LinkError as exc:
            raise IdleUnavailable(f"cannot connect to the D-Bus session bus: {exc}") from None
        self._listening = False
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
        if self._link is None:
            return False
        self._callback = callback
        if self._watch_id is None:
            if not self._listening:
                self._listening = True
                self._link.listen(self._dispatch)
            try:
                (self._watch_id,) = self._call("AddUserActiveWatch")
            except IdleUnavailable:
                # The caller polls instead; the next idle_seconds() says what went wrong.
                self._callback = None
                return False
        return True

    def close(self) -> None:
        link, self._link = self._link, None
        if link is None:
            return
        if self._watch_id is not None:
            # Fire and forget: Mutter drops the watch with the connection anyway.
            remove = new_method_call(IDLE_MONITOR, "RemoveWatch", "u", (self._watch_id,))
            with contextlib.suppress(LinkError):
                link.send(remove)
        self._watch_id = None
        self._callback = None
        link.close()

    # -- D-Bus plumbing ------------------------------------------------------------------

    def _call(self, method: str, signature: str | None = None, body: tuple[Any, ...] = ()) -> Any:
        return self._call_bus(new_method_call(IDLE_MONITOR, method, signature, body))

    def _call_bus(self, message: Message) -> Any:
        """Send ``message`` and wait for its reply; a WatchFired that comes first is kept."""
        link = self._link
        if link is None:
            raise IdleUnavailable("the Mutter idle source is closed")
        method = message.header.fields.get(HeaderFields.member, "call")
        try:
            reply = link.call(message, timeout=CALL_TIMEOUT_SECONDS)
        except TimeoutError:
            raise IdleUnavailable(f"{method}: Mutter did not answer within 1 s") from None
        except LinkError as exc:
            raise IdleUnavailable(f"{method}: lost the D-Bus session bus ({exc})") from None
        error = error_name(reply)
        if error == SERVICE_UNKNOWN:
            raise IdleUnavailable(
                "org.gnome.Mutter.IdleMonitor is not on the session bus: "
                "GNOME Shell is not running in this session"
            )
        if error is not None:
            raise IdleUnavailable(f"{method} failed: {error_text(reply)}")
        return reply.body

    def _dispatch(self, message: Message) -> None:
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
