"""A jeepney D-Bus connection whose incoming messages are read from Qt's event loop.

For calls QtDBus cannot make from Python: PySide6 marshals a Python int only as int32 or int64,
so methods taking UINT32, UINT64 or BYTE arguments (Notify, Mutter's RemoveWatch) go through here.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.low_level import HeaderFields, Message, MessageType
from PySide6 import QtCore

SERVICE_UNKNOWN = "org.freedesktop.DBus.Error.ServiceUnknown"


class LinkError(Exception):
    """The connection could not be opened, was lost or is closed; the message says which."""


class DBusLink:
    """One connection to a message bus, read on the GUI thread.

    ``call()`` blocks until its own reply, found by serial, and keeps every other message that
    arrives first: jeepney's ``send_and_get_reply`` silently drops them, so a signal emitted
    during the call would be lost. After ``listen()`` a QSocketNotifier hands each message that
    is not an awaited reply to the handler, from the Qt event loop; kept messages go there too.

    Thread: create, use and close it on the GUI thread. Call order: the constructor connects or
    raises LinkError; then ``call``, ``send`` and one ``listen`` in any order; then ``close()``,
    after which calls raise LinkError and no handler is called any more.
    """

    def __init__(self, address: str) -> None:
        try:
            self._connection: DBusConnection | None = open_dbus_connection(bus=address)
        except (OSError, RuntimeError, ValueError) as exc:
            raise LinkError(str(exc)) from None
        self._backlog: deque[Message] = deque()
        self._notifier: QtCore.QSocketNotifier | None = None
        self._handler: Callable[[Message], None] | None = None
        self._on_lost: Callable[[str], None] | None = None
        self._dispatch_pending = False

    def call(self, message: Message, *, timeout: float) -> Message:
        """Send ``message`` and return its reply: a method return or an error message.

        Raises TimeoutError when no reply came within ``timeout`` seconds, LinkError when the
        connection is closed or was lost.
        """
        connection = self._connection
        if connection is None:
            raise LinkError("the connection is closed")
        deadline = time.monotonic() + timeout
        try:
            serial = next(connection.outgoing_serial)
            connection.send(message, serial=serial)
            while True:
                reply = connection.receive(timeout=max(0.0, deadline - time.monotonic()))
                if reply.header.fields.get(HeaderFields.reply_serial) == serial:
                    return reply
                self._backlog.append(reply)
        except TimeoutError:
            raise
        except (OSError, EOFError) as exc:
            raise LinkError(str(exc)) from None
        finally:
            # Messages kept meanwhile, or read off the socket together with the reply, would
            # wait for the next unrelated message: the socket may be drained already.
            self._schedule_dispatch()

    def send(self, message: Message) -> None:
        """Send ``message`` without waiting; a reply, if any, goes to the handler."""
        connection = self._connection
        if connection is None:
            raise LinkError("the connection is closed")
        try:
            connection.send(message)
        except OSError as exc:
            raise LinkError(str(exc)) from None

    def listen(
        self,
        handler: Callable[[Message], None],
        *,
        on_lost: Callable[[str], None] | None = None,
    ) -> None:
        """Hand every incoming message that no ``call()`` waits for to ``handler``.

        ``on_lost`` is told, once, why the connection broke; reading stops then.
        """
        self._handler = handler
        self._on_lost = on_lost
        if self._notifier is not None or self._connection is None:
            return
        self._notifier = QtCore.QSocketNotifier(
            self._connection.sock.fileno(), QtCore.QSocketNotifier.Type.Read
        )
        self._notifier.activated.connect(self._dispatch)
        self._schedule_dispatch()

    def close(self) -> None:
        """Stop reading and close the connection; safe to call twice."""
        self._stop_reading()
        self._handler = None
        self._on_lost = None
        self._backlog.clear()
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    # -- reading -------------------------------------------------------------------------------

    def _schedule_dispatch(self) -> None:
        if self._notifier is not None and not self._dispatch_pending:
            self._dispatch_pending = True
            QtCore.QTimer.singleShot(0, self._dispatch)

    def _dispatch(self) -> None:
        self._dispatch_pending = False
        while (message := self._next_message()) is not None:
            if self._handler is not None:
                self._handler(message)

    def _next_message(self) -> Message | None:
        if self._backlog:
            return self._backlog.popleft()
        connection = self._connection
        if connection is None or self._notifier is None:
            return None
        try:
            return connection.receive(timeout=0)
        except TimeoutError:
            return None
        except (OSError, EOFError) as exc:
            # The bus went away: stop listening; the next call reports it too.
            on_lost = self._on_lost
            self._stop_reading()
            if on_lost is not None:
                on_lost(str(exc))
            return None

    def _stop_reading(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None


def error_name(reply: Message) -> str | None:
    """The D-Bus error name of ``reply``, or None when it is a method return."""
    if reply.header.message_type != MessageType.error:
        return None
    return str(reply.header.fields.get(HeaderFields.error_name, "error"))


def error_text(reply: Message) -> str:
    """``reply``'s error name with the message the service gave, for the log and the user."""
    detail = f": {reply.body[0]}" if reply.body else ""
    return f"{error_name(reply)}{detail}"
