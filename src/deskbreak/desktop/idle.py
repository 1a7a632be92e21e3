"""Idle time: the ``IdleSource`` protocol and the one function that picks a backend.

Each backend lives in its own module (``idle_x11``, ``idle_mutter``, ...) and is imported only
when it is tried, so a Windows install never loads jeepney and Linux never loads CoreGraphics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from deskbreak.desktop import session_bus_address

X11_NAME = "X11 MIT-SCREEN-SAVER"
MUTTER_NAME = "GNOME Mutter IdleMonitor"
KDE_NAME = "KDE org.freedesktop.ScreenSaver"
WAYLAND_NAME = "Wayland ext-idle-notify-v1"
WINDOWS_NAME = "Windows GetLastInputInfo"
MACOS_NAME = "macOS CoreGraphics"


class IdleUnavailable(Exception):  # noqa: N818 -- a state, not a programming error
    """A backend cannot tell idle time here; the message says why and, if it can, how to fix it."""


class IdleSource(Protocol):
    """Seconds since the user's last keyboard or mouse input, read from one desktop API.

    Thread: create, use and close it on the GUI thread (the one running the Qt event loop);
    event-driven backends call ``watch_active`` callbacks there too, from the event loop.

    Call order: the backend's constructor either works or raises ``IdleUnavailable``; then any
    number of ``idle_seconds()`` and ``watch_active()`` calls in any order; then ``close()``
    exactly once, after which nothing else is called.
    """

    name: str
    """What the user sees in ``deskbreak doctor``, e.g. "X11 MIT-SCREEN-SAVER"."""

    def idle_seconds(self) -> float:
        """Seconds since the last input; raises ``IdleUnavailable`` when the reading fails."""
        ...

    def watch_active(self, callback: Callable[[], None]) -> bool:
        """Call ``callback`` once, on the next user input, from the event loop.

        Arming again before it fired replaces the callback. Returns False (and arms nothing)
        when the backend cannot signal input; the caller then polls ``idle_seconds()``.
        """
        ...

    def close(self) -> None:
        """Release the connection or library handles; a pending callback never fires."""
        ...


@dataclass(frozen=True)
class IdleCandidate:
    """A backend worth trying here: its name and how to open it."""

    name: str
    open: Callable[[], IdleSource]


@dataclass(frozen=True)
class IdleChoice:
    """The backend that works here (None if none does) and why each other one tried did not."""

    source: IdleSource | None
    tried: list[tuple[str, str]]


def choose_idle_source(
    environ: Mapping[str, str],
    platform: str,
    *,
    candidates: list[IdleCandidate] | None = None,
) -> IdleChoice:
    """Open the first candidate backend that gives a reading; close the ones that fail.

    ``platform`` is a ``sys.platform`` value. ``candidates`` defaults to
    ``idle_candidates(environ, platform)``.
    """
    tried: list[tuple[str, str]] = []
    for candidate in idle_candidates(environ, platform) if candidates is None else candidates:
        try:
            source = candidate.open()
        except IdleUnavailable as exc:
            tried.append((candidate.name, str(exc)))
            continue
        try:
            # Opening can succeed where reading cannot (KDE on Wayland answers NotSupported).
            source.idle_seconds()
        except IdleUnavailable as exc:
            source.close()
            tried.append((candidate.name, str(exc)))
            continue
        return IdleChoice(source=source, tried=tried)
    return IdleChoice(source=None, tried=tried)


def idle_candidates(environ: Mapping[str, str], platform: str) -> list[IdleCandidate]:
    """The backends that fit this session, best first."""
    if platform == "win32":
        return [IdleCandidate(WINDOWS_NAME, _open_windows)]
    if platform == "darwin":
        return [IdleCandidate(MACOS_NAME, _open_macos)]
    desktops = {part.strip().lower() for part in environ.get("XDG_CURRENT_DESKTOP", "").split(":")}
    gnome = "gnome" in desktops
    kde = "kde" in desktops
    if _is_wayland(environ):
        wayland = [
            IdleCandidate(WAYLAND_NAME, lambda: _open_wayland(environ)),
            # XScreenSaver under Xwayland only sees input to X11 windows (safeeyes#286):
            # it would report "idle" while the user types into a Wayland window.
            IdleCandidate(X11_NAME, lambda: _refuse(_X11_ON_WAYLAND)),
        ]
        if gnome:
            return [IdleCandidate(MUTTER_NAME, lambda: _open_mutter(environ)), *wayland]
        return wayland
    x11 = IdleCandidate(X11_NAME, lambda: _open_x11(environ))
    if gnome:
        return [IdleCandidate(MUTTER_NAME, lambda: _open_mutter(environ)), x11]
    if kde:
        return [IdleCandidate(KDE_NAME, lambda: _open_kde(environ)), x11]
    return [x11]


_X11_ON_WAYLAND = "not used on Wayland: under Xwayland it only sees input to X11 windows"


def _is_wayland(environ: Mapping[str, str]) -> bool:
    session_type = environ.get("XDG_SESSION_TYPE", "").strip().lower()
    if session_type == "wayland":
        return True
    # startx leaves XDG_SESSION_TYPE=tty; only an explicit "x11" overrides WAYLAND_DISPLAY.
    return session_type != "x11" and bool(environ.get("WAYLAND_DISPLAY"))


def _refuse(reason: str) -> IdleSource:
    raise IdleUnavailable(reason)


def _require_session_bus(environ: Mapping[str, str]) -> str:
    address = session_bus_address(environ)
    if address is None:
        raise IdleUnavailable(
            "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset): "
            "start deskbreak from inside your desktop session"
        )
    return address


def _open_x11(environ: Mapping[str, str]) -> IdleSource:
    display = environ.get("DISPLAY", "")
    if not display:
        raise IdleUnavailable("DISPLAY is not set: no X server to ask")
    from deskbreak.desktop.idle_x11 import X11IdleSource  # noqa: PLC0415 -- only when tried

    return X11IdleSource(display)


def _open_mutter(environ: Mapping[str, str]) -> IdleSource:
    address = _require_session_bus(environ)
    from deskbreak.desktop.idle_mutter import MutterIdleSource  # noqa: PLC0415 -- only when tried

    return MutterIdleSource(address)


def _open_kde(environ: Mapping[str, str]) -> IdleSource:
    address = _require_session_bus(environ)
    from deskbreak.desktop.idle_kde import KdeIdleSource  # noqa: PLC0415 -- only when tried

    return KdeIdleSource(address)


def _open_wayland(environ: Mapping[str, str]) -> IdleSource:
    display = environ.get("WAYLAND_DISPLAY", "")
    if not display:
        raise IdleUnavailable("WAYLAND_DISPLAY is not set: no Wayland compositor to ask")
    socket = Path(display)
    if not socket.is_absolute():
        # libwayland would read XDG_RUNTIME_DIR from the process; honour ``environ`` instead.
        runtime_dir = environ.get("XDG_RUNTIME_DIR", "")
        if not runtime_dir:
            raise IdleUnavailable("XDG_RUNTIME_DIR is not set: cannot find the Wayland socket")
        socket = Path(runtime_dir) / display
    from deskbreak.desktop.idle_wayland import WaylandIdleSource  # noqa: PLC0415 -- only when tried

    return WaylandIdleSource(str(socket))


def _open_windows() -> IdleSource:
    from deskbreak.desktop.idle_windows import WindowsIdleSource  # noqa: PLC0415 -- only when tried

    return WindowsIdleSource()


def _open_macos() -> IdleSource:
    from deskbreak.desktop.idle_macos import MacIdleSource  # noqa: PLC0415 -- only when tried

    return MacIdleSource()
