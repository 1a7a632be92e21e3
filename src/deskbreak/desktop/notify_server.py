"""Which freedesktop notification server runs on the session bus, and what it can do.

jeepney, like the notification client (``notifications.Notifier``), but no Qt: one short-lived
connection per query.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jeepney import DBusAddress, MessageType, new_method_call
from jeepney.io.blocking import open_dbus_connection
from jeepney.low_level import HeaderFields, Message

from deskbreak.desktop import session_bus_address

NOTIFICATIONS = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.Notifications",
)
CALL_TIMEOUT_SECONDS = 2.0
FIX_HINT = "start your desktop's notification service (or install one, e.g. dunst or mako)"


@dataclass(frozen=True)
class NotificationServer:
    """The answer to GetServerInformation and GetCapabilities."""

    name: str
    vendor: str
    version: str
    spec_version: str
    capabilities: tuple[str, ...]

    @property
    def has_actions(self) -> bool:
        """Whether notifications can carry buttons (the ``actions`` capability)."""
        return "actions" in self.capabilities


@dataclass(frozen=True)
class NoNotificationServer:
    """Why no notification server could be asked, and how to fix that."""

    reason: str


def server_info(
    environ: Mapping[str, str], *, timeout: float = CALL_TIMEOUT_SECONDS
) -> NotificationServer | NoNotificationServer:
    """Ask the session bus's notification server who it is and what it supports.

    Calling the name may start a D-Bus-activatable server, as the first notification would.
    """
    address = session_bus_address(environ)
    if address is None:
        return NoNotificationServer(
            "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset): "
            "run this inside your desktop session"
        )
    try:
        connection = open_dbus_connection(bus=address)
    except (OSError, RuntimeError, ValueError) as exc:
        return NoNotificationServer(f"cannot connect to the D-Bus session bus: {exc}")
    try:
        information = connection.send_and_get_reply(
            new_method_call(NOTIFICATIONS, "GetServerInformation"), timeout=timeout
        )
        if information.header.message_type == MessageType.error:
            return NoNotificationServer(describe_error(information))
        capabilities = connection.send_and_get_reply(
            new_method_call(NOTIFICATIONS, "GetCapabilities"), timeout=timeout
        )
        if capabilities.header.message_type == MessageType.error:
            return NoNotificationServer(describe_error(capabilities))
    except TimeoutError:
        return NoNotificationServer(
            f"the notification server did not answer within {timeout:g} s: {FIX_HINT}"
        )
    except (OSError, EOFError) as exc:
        return NoNotificationServer(f"lost the D-Bus session bus: {exc}")
    finally:
        connection.close()
    if len(information.body) != 4 or len(capabilities.body) != 1:
        return NoNotificationServer(
            "the notification server answered GetServerInformation or GetCapabilities "
            "with the wrong signature: it does not follow the notification spec"
        )
    name, vendor, version, spec_version = (str(part) for part in information.body)
    return NotificationServer(
        name=name,
        vendor=vendor,
        version=version,
        spec_version=spec_version,
        capabilities=tuple(str(cap) for cap in capabilities.body[0]),
    )


def describe_error(reply: Message) -> str:
    """Why the notification server's error ``reply`` means no notification, for the user."""
    error = reply.header.fields.get(HeaderFields.error_name, "error")
    if error == "org.freedesktop.DBus.Error.ServiceUnknown":
        return f"no notification server on the session bus: {FIX_HINT}"
    detail = f": {reply.body[0]}" if reply.body else ""
    return f"the notification server answered {error}{detail}"
