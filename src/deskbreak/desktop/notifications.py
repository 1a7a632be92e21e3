"""Native notifications with action buttons, through the freedesktop Notifications service.

jeepney rather than QtDBus: Notify takes a UINT32 and the urgency hint must be a BYTE, neither of
which PySide6 can marshal from a Python int; GDBus-based servers (dunst, GNOME Shell) reject it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from jeepney import MatchRule, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.low_level import HeaderFields, Message, MessageType
from PySide6 import QtCore

from deskbreak.desktop import session_bus_address
from deskbreak.desktop.dbus_qt import DBusLink, LinkError, error_name, error_text
from deskbreak.desktop.notify_server import NOTIFICATIONS, describe_error

CALL_TIMEOUT_SECONDS = 2.0
NOTIFY_SIGNATURE = "susssasa{sv}i"
UINT32_MAX = 0xFFFF_FFFF

URGENCY_LOW = 0
URGENCY_NORMAL = 1
URGENCY_CRITICAL = 2  # some desktops let it through do-not-disturb: not for break prompts

# NotificationClosed reasons (Desktop Notifications Specification 1.2).
CLOSED_EXPIRED = 1
CLOSED_DISMISSED = 2
CLOSED_BY_CALL = 3
CLOSED_UNDEFINED = 4
"""Also reported for our notifications when the server leaves the bus or the bus is lost."""

BUS_DRIVER = "org.freedesktop.DBus"
NO_SESSION_BUS = (
    "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset): "
    "start deskbreak from inside your desktop session"
)

_log = logging.getLogger(__name__)


class Notifier(QtCore.QObject):
    """Shows notifications, with buttons where the server has them, and reports what happened.

    Signals:
        action_invoked(int, str): the user chose action ``key`` on our notification ``id``.
        closed(int, int): our notification ``id`` went away, with the spec's reason: 1 expired,
            2 dismissed by the user, 3 closed by ``close()``, 4 anything else — including the
            server leaving the bus, which takes its notifications with it.

    Signals about other applications' notifications are never emitted, nor signals from anyone
    but the server that showed ours. A missing, vanished or failing server is not an error:
    ``notify()`` returns 0, logs why, and ``why_not`` says it; when a server comes (back) onto
    the bus it is asked for its capabilities and used again.

    Thread: create and use it on the GUI thread; signals come from the Qt event loop. Call order:
    construct, then any number of ``notify()`` and ``close()``, then ``shutdown()`` once.
    """

    action_invoked = QtCore.Signal(int, str)
    closed = QtCore.Signal(int, int)

    def __init__(
        self,
        environ: Mapping[str, str],
        *,
        app_name: str,
        desktop_entry: str,
        parent: QtCore.QObject | None = None,
    ) -> None:
        """``desktop_entry`` is the desktop file's id without ``.desktop``: GNOME and KDE find
        the application, its icon and its notification settings by it."""
        super().__init__(parent)
        self._app_name = app_name
        self._desktop_entry = desktop_entry
        self._link: DBusLink | None = None
        self._server: str | None = None  # unique bus name of the server that answered last
        self._capabilities: frozenset[str] | None = None  # None: must ask (again)
        self._ours: set[int] = set()
        self._why_not = ""
        address = session_bus_address(environ)
        if address is None:
            self._why_not = NO_SESSION_BUS
            _log.info("no desktop notifications: %s", self._why_not)
            return
        try:
            link = DBusLink(address)
        except LinkError as exc:
            self._why_not = f"cannot connect to the D-Bus session bus: {exc}"
            _log.info("no desktop notifications: %s", self._why_not)
            return
        self._link = link
        link.listen(self._on_message, on_lost=self._on_lost)
        for rule in _match_rules():
            # Before the first Notify: GNOME Shell and Plasma broadcast ActionInvoked and
            # NotificationClosed (dunst sends them to the caller only, which needs no rule).
            reply = self._call(message_bus.AddMatch(rule), who="the D-Bus daemon")
            if reply is not None and error_name(reply) is not None:
                _log.warning("cannot follow the notification server: %s", error_text(reply))
        if not self._ask_capabilities():
            _log.info("no desktop notifications for now: %s", self._why_not)

    # -- state ---------------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """Whether a notification server answered the last time it was asked."""
        return self._link is not None and self._capabilities is not None

    @property
    def why_not(self) -> str:
        """Why notifications cannot be shown now, for the user; empty while ``available``."""
        if self.available:
            return ""
        return self._why_not or "the notification server has not been asked yet"

    @property
    def capabilities(self) -> frozenset[str]:
        """What the server said it can do (``actions``, ``body-markup``, ...); empty if unknown."""
        return self._capabilities or frozenset()

    @property
    def supports_actions(self) -> bool:
        """Whether notifications can carry buttons; without, ``notify()`` drops its actions."""
        return "actions" in self.capabilities

    # -- calls ---------------------------------------------------------------------------------

    def notify(
        self,
        summary: str,
        body: str,
        *,
        actions: Sequence[tuple[str, str]] = (),
        urgency: int = URGENCY_NORMAL,
        replaces_id: int = 0,
        timeout_ms: int = -1,
        category: str | None = None,
    ) -> int:
        """Show a notification and return its id, or 0 when none could be shown (logged).

        ``actions`` are (key, label) pairs; the key ``"default"`` is a click on the bubble.
        They are dropped when the server cannot show buttons (``supports_actions``): the caller
        then offers its own. ``timeout_ms`` -1 is the server's default, 0 never expires.
        Blocks until the server answers, at most CALL_TIMEOUT_SECONDS.
        """
        if urgency not in (URGENCY_LOW, URGENCY_NORMAL, URGENCY_CRITICAL):
            raise ValueError(f"urgency must be 0, 1 or 2, not {urgency}")
        if not 0 <= replaces_id <= UINT32_MAX:
            raise ValueError(f"replaces_id must fit in 32 bits unsigned, not {replaces_id}")
        if timeout_ms < -1:
            raise ValueError(f"timeout_ms must be -1, 0 or more, not {timeout_ms}")
        if self._link is not None and self._capabilities is None:
            self._ask_capabilities()
        if not self.available:
            _log.warning("notification %r not shown: %s", summary, self.why_not)
            return 0
        flat_actions = [part for pair in actions for part in pair] if self.supports_actions else []
        if "body-markup" in self.capabilities:
            # Such servers read the body as markup: a "<" or "&" of ours must stay text.
            # Imported here: html loads its table of 2,200 entities (0.3 MiB) with it.
            import html  # noqa: PLC0415

            body = html.escape(body, quote=False)
        hints: dict[str, tuple[str, Any]] = {"urgency": ("y", urgency)}
        if self._desktop_entry:
            hints["desktop-entry"] = ("s", self._desktop_entry)
        if category:
            hints["category"] = ("s", category)
        arguments = (
            self._app_name,
            replaces_id,
            "",  # app_icon: the desktop entry names the icon where the server reads it
            summary,
            body,
            flat_actions,
            hints,
            timeout_ms,
        )
        reply = self._call(new_method_call(NOTIFICATIONS, "Notify", NOTIFY_SIGNATURE, arguments))
        if reply is not None and error_name(reply) is not None:
            self._forget_server(describe_error(reply))
            reply = None
        if reply is None:
            _log.warning("notification %r not shown: %s", summary, self.why_not)
            return 0
        notification_id = reply.body[0] if len(reply.body) == 1 else None
        if not isinstance(notification_id, int) or notification_id <= 0:
            _log.warning("notification %r: the server answered Notify with %r", summary, reply.body)
            return 0
        self._server = _sender(reply)
        self._ours.add(notification_id)
        return notification_id

    def close(self, notification_id: int) -> None:
        """Take our notification ``notification_id`` off the screen; ``closed`` follows.

        Ids that are not ours, or already closed, are ignored. Does not wait for the server.
        """
        if notification_id not in self._ours or self._link is None:
            return
        message = new_method_call(NOTIFICATIONS, "CloseNotification", "u", (notification_id,))
        try:
            self._link.send(message)
        except LinkError as exc:
            self._on_lost(str(exc))

    def shutdown(self) -> None:
        """Close our notifications (their buttons would lead nowhere) and the connection.

        No signal is emitted afterwards. Safe to call twice.
        """
        link, self._link = self._link, None
        if link is None:
            return
        for notification_id in sorted(self._ours):
            message = new_method_call(NOTIFICATIONS, "CloseNotification", "u", (notification_id,))
            try:
                link.send(message)
            except LinkError:
                break
        self._ours.clear()
        link.close()
        self._capabilities = None
        self._server = None
        self._why_not = "notifications were shut down"

    # -- plumbing ------------------------------------------------------------------------------

    def _call(self, message: Message, *, who: str = "the notification server") -> Message | None:
        """The reply to ``message`` (possibly an error), or None with ``_why_not`` set."""
        link = self._link
        if link is None:
            return None
        try:
            return link.call(message, timeout=CALL_TIMEOUT_SECONDS)
        except TimeoutError:
            self._forget_server(f"{who} did not answer within {CALL_TIMEOUT_SECONDS:g} s")
        except LinkError as exc:
            self._on_lost(str(exc))
        return None

    def _ask_capabilities(self) -> bool:
        reply = self._call(new_method_call(NOTIFICATIONS, "GetCapabilities"))
        if reply is None:
            return False
        if error_name(reply) is not None:
            self._forget_server(describe_error(reply))
            return False
        if len(reply.body) != 1 or not isinstance(reply.body[0], list):
            self._forget_server(
                "the notification server answered GetCapabilities with the wrong signature: "
                "it does not follow the notification spec"
            )
            return False
        self._capabilities = frozenset(str(capability) for capability in reply.body[0])
        self._server = _sender(reply)
        self._why_not = ""
        return True

    def _forget_server(self, why: str) -> None:
        """The server failed or left: ask it again before the next notification."""
        self._capabilities = None
        self._why_not = why

    def _on_message(self, message: Message) -> None:
        header = message.header
        if header.message_type != MessageType.signal:
            return  # replies to close() and stray replies to timed-out calls
        interface = header.fields.get(HeaderFields.interface)
        member = header.fields.get(HeaderFields.member)
        sender = _sender(message)
        if interface == BUS_DRIVER and member == "NameOwnerChanged" and sender == BUS_DRIVER:
            name, old_owner, new_owner = message.body
            if name == NOTIFICATIONS.bus_name:
                self._owner_changed(str(old_owner), str(new_owner))
            return
        if interface != NOTIFICATIONS.interface or sender is None or sender != self._server:
            return
        if member == "ActionInvoked" and header.fields.get(HeaderFields.signature) == "us":
            notification_id, key = message.body
            if notification_id in self._ours:
                self.action_invoked.emit(notification_id, key)
        elif member == "NotificationClosed" and header.fields.get(HeaderFields.signature) == "uu":
            notification_id, reason = message.body
            if notification_id in self._ours:
                self._ours.discard(notification_id)
                self.closed.emit(notification_id, reason)

    def _owner_changed(self, old_owner: str, new_owner: str) -> None:
        if old_owner and old_owner == self._server:
            self._server = None
            self._forget_server("the notification server left the session bus")
            _log.warning("%s: its notifications are gone", self._why_not)
            self._drop_ours()
        if new_owner and self._link is not None:
            # A server started (or restarted): learn what this one can do.
            self._ask_capabilities()

    def _on_lost(self, reason: str) -> None:
        link, self._link = self._link, None
        if link is not None:
            link.close()
        self._server = None
        self._capabilities = None
        self._why_not = f"lost the D-Bus session bus: {reason}"
        _log.warning("no desktop notifications any more: %s", self._why_not)
        self._drop_ours()

    def _drop_ours(self) -> None:
        gone, self._ours = sorted(self._ours), set()
        for notification_id in gone:
            self.closed.emit(notification_id, CLOSED_UNDEFINED)


def _match_rules() -> list[MatchRule]:
    notifications = MatchRule(
        type="signal",
        sender=NOTIFICATIONS.bus_name,
        interface=NOTIFICATIONS.interface,
        path=NOTIFICATIONS.object_path,
    )
    owner = MatchRule(
        type="signal",
        sender=BUS_DRIVER,
        interface=BUS_DRIVER,
        member="NameOwnerChanged",
        path="/org/freedesktop/DBus",
    )
    owner.add_arg_condition(0, NOTIFICATIONS.bus_name)
    return [notifications, owner]


def _sender(message: Message) -> str | None:
    sender = message.header.fields.get(HeaderFields.sender)
    return None if sender is None else str(sender)
