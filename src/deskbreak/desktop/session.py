"""Lock and suspend events from logind (system bus) and the desktop's screen saver (session bus).

QtDBus is enough here: only signals are received and the one call takes a string.
"""

from __future__ import annotations

import os

from PySide6 import QtCore, QtDBus

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
LOGIN1_MANAGER = "org.freedesktop.login1.Manager"
LOGIN1_SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"
CALL_TIMEOUT_MS = 2000

# (well-known name, object path, interface); KDE registers its interface on two paths.
SCREEN_SAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class SessionWatcher(QtCore.QObject):
    """Tells when the screen locks or unlocks and when the machine suspends or resumes.

    Signals:
        locked_changed(bool): True when the session was locked or the screen saver started,
            False when it was unlocked. Reported once per change, whichever source saw it.
        sleeping_changed(bool): True just before the machine suspends, False after it resumed.

    ``sources`` lists what it listens to; ``missing`` names each source it could not use and
    why. A missing bus is not an error: the watcher then simply reports less.
    Create it on the GUI thread; signals arrive from the Qt event loop.
    """

    locked_changed = QtCore.Signal(bool)
    sleeping_changed = QtCore.Signal(bool)

    def __init__(
        self,
        parent: QtCore.QObject | None = None,
        *,
        system_bus: QtDBus.QDBusConnection | None = None,
        session_bus: QtDBus.QDBusConnection | None = None,
        session_id: str | None = None,
    ) -> None:
        """``session_id`` is the logind session to follow: by default ``$XDG_SESSION_ID``,
        else logind's "auto" (the caller's session, or the user's graphical one)."""
        super().__init__(parent)
        self.sources: list[str] = []
        self.missing: list[tuple[str, str]] = []
        self._locked: bool | None = None
        self._session_path = ""
        self._system = QtDBus.QDBusConnection.systemBus() if system_bus is None else system_bus
        self._session = QtDBus.QDBusConnection.sessionBus() if session_bus is None else session_bus
        self._watch_logind(session_id or os.environ.get("XDG_SESSION_ID") or "auto")
        self._watch_screen_savers()

    @property
    def locked(self) -> bool | None:
        """The last lock state reported, or None before the first report."""
        return self._locked

    # -- logind ----------------------------------------------------------------------------

    def _watch_logind(self, session_id: str) -> None:
        bus = self._system
        if not bus.isConnected():
            reason = "no system bus: " + (bus.lastError().message() or "not connected")
            self.missing.append(("logind suspend and lock", reason))
            return
        if not _has_or_can_start(bus, LOGIN1):
            self.missing.append(
                (
                    "logind suspend and lock",
                    f"{LOGIN1} is not on the system bus (no systemd-logind)",
                )
            )
            return
        if self._subscribe(
            bus,
            LOGIN1,
            LOGIN1_PATH,
            LOGIN1_MANAGER,
            "PrepareForSleep",
            slot="_on_prepare_for_sleep(bool)",
        ):
            self.sources.append("logind PrepareForSleep (system bus): suspend and resume")
        else:
            self.missing.append(("logind suspend", _connect_error(bus)))
        self._session_path = self._session_object(session_id)
        if not self._session_path:
            return
        path = self._session_path
        locking = [
            self._subscribe(bus, LOGIN1, path, LOGIN1_SESSION, "Lock", slot="_on_lock()"),
            self._subscribe(bus, LOGIN1, path, LOGIN1_SESSION, "Unlock", slot="_on_unlock()"),
            self._subscribe(
                bus,
                LOGIN1,
                path,
                PROPERTIES,
                "PropertiesChanged",
                slot="_on_properties_changed(QDBusMessage)",
            ),
        ]
        if all(locking):
            self.sources.append(
                f"logind session {session_id} Lock/Unlock and LockedHint (system bus): {path}"
            )
        else:
            self.missing.append((f"logind session {session_id} lock", _connect_error(bus)))

    def _session_object(self, session_id: str) -> str:
        call = QtDBus.QDBusMessage.createMethodCall(
            LOGIN1, LOGIN1_PATH, LOGIN1_MANAGER, "GetSession"
        )
        call.setArguments([session_id])
        reply = self._system.call(call, QtDBus.QDBus.CallMode.Block, CALL_TIMEOUT_MS)
        if reply.type() != QtDBus.QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            self.missing.append(
                (
                    f"logind session {session_id} lock",
                    f"GetSession({session_id!r}) failed: {reply.errorMessage() or 'no answer'}",
                )
            )
            return ""
        path = reply.arguments()[0]
        return str(path.path() if isinstance(path, QtDBus.QDBusObjectPath) else path)

    @QtCore.Slot(bool)
    def _on_prepare_for_sleep(self, going_down: bool) -> None:
        self.sleeping_changed.emit(bool(going_down))

    @QtCore.Slot()
    def _on_lock(self) -> None:
        self._report_locked(locked=True)

    @QtCore.Slot()
    def _on_unlock(self) -> None:
        self._report_locked(locked=False)

    @QtCore.Slot(QtDBus.QDBusMessage)
    def _on_properties_changed(self, message: QtDBus.QDBusMessage) -> None:
        arguments = message.arguments()
        if not arguments or arguments[0] != LOGIN1_SESSION:
            return
        # PySide6 cannot open the a{sv} of changed properties (it arrives as an opaque
        # QDBusArgument), so ask for LockedHint again, without blocking the event loop.
        get = QtDBus.QDBusMessage.createMethodCall(LOGIN1, self._session_path, PROPERTIES, "Get")
        get.setArguments([LOGIN1_SESSION, "LockedHint"])
        pending = QtDBus.QDBusPendingCallWatcher(self._system.asyncCall(get, CALL_TIMEOUT_MS), self)
        pending.finished.connect(self._on_locked_hint)

    @QtCore.Slot(QtDBus.QDBusPendingCallWatcher)
    def _on_locked_hint(self, pending: QtDBus.QDBusPendingCallWatcher) -> None:
        reply = pending.reply()
        pending.deleteLater()
        if reply.type() != QtDBus.QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            return
        value = reply.arguments()[0]
        if isinstance(value, QtDBus.QDBusVariant):
            value = value.variant()
        if isinstance(value, bool):
            self._report_locked(locked=value)

    # -- screen savers ---------------------------------------------------------------------

    def _watch_screen_savers(self) -> None:
        bus = self._session
        if not bus.isConnected():
            reason = "no session bus: " + (bus.lastError().message() or "not connected")
            self.missing.append(("screen saver", reason))
            return
        for name, path, interface in SCREEN_SAVERS:
            if not self._subscribe(
                bus, name, path, interface, "ActiveChanged", slot="_on_screen_saver(bool)"
            ):
                self.missing.append((f"{name} at {path}", _connect_error(bus)))
        for name in dict.fromkeys(name for name, _, _ in SCREEN_SAVERS):
            if _has_or_can_start(bus, name):
                self.sources.append(f"{name} ActiveChanged (session bus)")
            else:
                # Still subscribed: QtDBus follows the name if a screen saver starts later.
                self.missing.append((name, "not on the session bus now"))

    @QtCore.Slot(bool)
    def _on_screen_saver(self, active: bool) -> None:
        self._report_locked(locked=bool(active))

    # -- helpers ---------------------------------------------------------------------------

    def _subscribe(
        self,
        bus: QtDBus.QDBusConnection,
        service: str,
        path: str,
        interface: str,
        signal: str,
        *,
        slot: str,
    ) -> bool:
        """Connect a D-Bus signal to ``slot``, whose C++ signature must match its arguments."""
        slot_signature = QtCore.SLOT(slot)
        # PySide6's stub says bytes, but only the str that SLOT() returns is accepted.
        ok: bool = bus.connect(
            service,
            path,
            interface,
            signal,
            self,
            slot_signature,  # type: ignore[call-overload]
        )
        return ok

    def _report_locked(self, *, locked: bool) -> None:
        # Lock, LockedHint and the screen saver often all report one lock: say it once.
        if locked != self._locked:
            self._locked = locked
            self.locked_changed.emit(locked)


def _has_or_can_start(bus: QtDBus.QDBusConnection, name: str) -> bool:
    interface = bus.interface()
    registered = interface.isServiceRegistered(name)
    if registered.isValid() and registered.value():
        return True
    activatable = interface.activatableServiceNames()
    return activatable.isValid() and name in activatable.value()


def _connect_error(bus: QtDBus.QDBusConnection) -> str:
    return "could not subscribe: " + (bus.lastError().message() or "QtDBus refused the match")
