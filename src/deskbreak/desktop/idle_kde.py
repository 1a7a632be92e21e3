"""KDE Plasma (X11) idle time from ``org.freedesktop.ScreenSaver.GetSessionIdleTime``.

Plasma on Wayland answers NotSupported (kscreenlocker ``interface.cpp``); there the Wayland
backend is used instead. Polled: the interface has no input signal.
"""

from __future__ import annotations

from collections.abc import Callable

from jeepney import DBusAddress, MessageType, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.low_level import HeaderFields

from deskbreak.desktop.idle import KDE_NAME, IdleUnavailable

SCREENSAVER = DBusAddress(
    "/org/freedesktop/ScreenSaver",
    bus_name="org.freedesktop.ScreenSaver",
    interface="org.freedesktop.ScreenSaver",
)
CALL_TIMEOUT_SECONDS = 1.0


class KdeIdleSource:
    """One blocking ``GetSessionIdleTime`` call (milliseconds) per reading."""

    name = KDE_NAME

    def __init__(self, bus_address: str) -> None:
        try:
            self._connection: DBusConnection | None = open_dbus_connection(bus=bus_address)
        except (OSError, RuntimeError, ValueError) as exc:
            raise IdleUnavailable(f"cannot connect to the D-Bus session bus: {exc}") from None

    def idle_seconds(self) -> float:
        if self._connection is None:
            raise IdleUnavailable("the KDE idle source is closed")
        message = new_method_call(SCREENSAVER, "GetSessionIdleTime")
        try:
            # No match rules on this connection, so no signal can be lost while waiting.
            reply = self._connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_SECONDS)
        except TimeoutError:
            raise IdleUnavailable("GetSessionIdleTime: no answer within 1 s") from None
        except (OSError, EOFError) as exc:
            raise IdleUnavailable(f"lost the D-Bus session bus ({exc})") from None
        if reply.header.message_type == MessageType.error:
            error = reply.header.fields.get(HeaderFields.error_name, "error")
            if error == "org.freedesktop.DBus.Error.ServiceUnknown":
                raise IdleUnavailable(
                    "org.freedesktop.ScreenSaver is not on the session bus: "
                    "KDE's screen locker is not running"
                )
            detail = f": {reply.body[0]}" if reply.body else ""
            raise IdleUnavailable(f"GetSessionIdleTime failed: {error}{detail}")
        return float(reply.body[0]) / 1000.0

    def watch_active(self, callback: Callable[[], None]) -> bool:
        return False

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
