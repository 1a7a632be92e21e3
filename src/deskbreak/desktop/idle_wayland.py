"""Wayland idle time from ``ext-idle-notify-v1`` (KWin, sway ≥ 1.8, Hyprland, niri, COSMIC).

Optional: needs pywayland (``pip install 'deskbreak[wayland]'``). The protocol only says
"idle for the timeout" and "resumed", so a short timeout turns it into an idle clock that is
exact to within that timeout. Uses its own ``wl_display`` connection: Qt's is not exposed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore

from deskbreak.desktop.clock import SystemClock
from deskbreak.desktop.idle import WAYLAND_NAME, IdleUnavailable

NOTIFY_TIMEOUT_MS = 1000
"""How long without input before the compositor says "idled": the reading's resolution."""
NOTIFIER_VERSION = 2  # v2 adds get_input_idle_notification, which ignores idle inhibitors
INSTALL_HINT = "pip install 'deskbreak[wayland]'"


class IdleSpan:
    """Idle time reconstructed from idled/resumed events on a monotonic clock.

    ``idled`` arrives ``timeout`` seconds after the last input, so the idle stretch began
    that long before it; until ``idled`` the user has been idle for less than ``timeout``,
    which is reported as 0.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._idle_since: float | None = None

    def idled(self, now: float) -> None:
        self._idle_since = now - self.timeout

    def resumed(self) -> None:
        self._idle_since = None

    def idle_seconds(self, now: float) -> float:
        return 0.0 if self._idle_since is None else max(0.0, now - self._idle_since)


def _import_pywayland() -> tuple[Any, Any, Any]:
    try:
        # Optional dependency: imported only when the Wayland backend is tried.
        from pywayland.client import Display  # noqa: PLC0415
        from pywayland.protocol.wayland import WlSeat  # noqa: PLC0415
    except ImportError:
        raise IdleUnavailable(f"pywayland is not installed: {INSTALL_HINT}") from None
    try:
        from pywayland.protocol.ext_idle_notify_v1 import ExtIdleNotifierV1  # noqa: PLC0415
    except ImportError:
        raise IdleUnavailable(
            "this pywayland lacks ext-idle-notify-v1: upgrade it to 0.4.17 or newer"
        ) from None
    return Display, WlSeat, ExtIdleNotifierV1


class WaylandIdleSource:
    """An idle notification with a 1 s timeout on the compositor's first seat."""

    name = WAYLAND_NAME

    def __init__(self, socket: str, *, monotonic: Callable[[], float] | None = None) -> None:
        display_class, seat_class, notifier_class = _import_pywayland()
        self._monotonic = monotonic or SystemClock().monotonic
        self._span = IdleSpan(NOTIFY_TIMEOUT_MS / 1000.0)
        self._callback: Callable[[], None] | None = None
        self._notifier: QtCore.QSocketNotifier | None = None
        display = display_class(socket)
        try:
            display.connect()
        except (ValueError, RuntimeError) as exc:
            raise IdleUnavailable(f"cannot connect to Wayland display {socket}: {exc}") from None
        self._display: Any = display
        try:
            self._bind(seat_class, notifier_class)
        except (IdleUnavailable, RuntimeError) as exc:
            display.disconnect()
            self._display = None
            if isinstance(exc, IdleUnavailable):
                raise
            raise IdleUnavailable(f"Wayland protocol error: {exc}") from None

    def _bind(self, seat_class: Any, notifier_class: Any) -> None:
        advertised: dict[str, tuple[int, int]] = {}

        def on_global(registry: Any, name: int, interface: str, version: int) -> None:
            advertised.setdefault(interface, (name, version))

        registry = self._display.get_registry()
        registry.dispatcher["global"] = on_global
        self._display.roundtrip()
        if "ext_idle_notifier_v1" not in advertised:
            raise IdleUnavailable(
                "the compositor does not offer ext-idle-notify-v1 "
                "(KWin 5.27+, sway 1.8+, Hyprland, niri and COSMIC do)"
            )
        if "wl_seat" not in advertised:
            raise IdleUnavailable("the compositor has no seat (wl_seat): no input to watch")
        seat_name, seat_version = advertised["wl_seat"]
        seat = registry.bind(seat_name, seat_class, min(seat_version, seat_class.version))
        notifier_name, notifier_version = advertised["ext_idle_notifier_v1"]
        version = min(notifier_version, NOTIFIER_VERSION)
        notifier = registry.bind(notifier_name, notifier_class, version)
        if version >= 2:
            notification = notifier.get_input_idle_notification(NOTIFY_TIMEOUT_MS, seat)
        else:
            notification = notifier.get_idle_notification(NOTIFY_TIMEOUT_MS, seat)
        notification.dispatcher["idled"] = self._on_idled
        notification.dispatcher["resumed"] = self._on_resumed
        self._display.flush()

    def idle_seconds(self) -> float:
        self._pump()
        return self._span.idle_seconds(self._monotonic())

    def watch_active(self, callback: Callable[[], None]) -> bool:
        if self._display is None:
            return False
        self._callback = callback
        if self._notifier is None:
            self._notifier = QtCore.QSocketNotifier(
                self._display.get_fd(), QtCore.QSocketNotifier.Type.Read
            )
            self._notifier.activated.connect(self._on_readable)
        return True

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        self._callback = None
        if self._display is not None:
            self._display.disconnect()
            self._display = None

    def _pump(self) -> None:
        """Read and dispatch whatever the compositor sent, without blocking."""
        if self._display is None:
            raise IdleUnavailable("the Wayland idle source is closed")
        try:
            # wl_display_read_events reads with MSG_DONTWAIT: returns at once without data.
            self._display.read()
            self._display.dispatch(block=False)
            self._display.flush()
        except RuntimeError as exc:
            raise IdleUnavailable(f"lost the Wayland display: {exc}") from None

    def _on_readable(self) -> None:
        try:
            self._pump()
        except IdleUnavailable:
            if self._notifier is not None:
                self._notifier.setEnabled(False)

    def _on_idled(self, _notification: Any) -> None:
        self._span.idled(self._monotonic())

    def _on_resumed(self, _notification: Any) -> None:
        self._span.resumed()
        if self._callback is not None:
            # Resumed may be read inside idle_seconds(); never call back from in there.
            QtCore.QTimer.singleShot(0, self._fire)

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()
