"""Do-not-disturb: a full-screen window or the desktop's own "do not disturb" holds break prompts.

Nothing here runs by itself: the app asks ``DoNotDisturb.reasons()`` when a prompt falls due and
again while one is held, so a full-screen presentation or a paused notification server waits.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from jeepney import DBusAddress, MessageFlag, MessageType, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.low_level import HeaderFields

from deskbreak.desktop import session_bus_address
from deskbreak.desktop.xlib import LibraryLoadError, load_library

FULLSCREEN = "fullscreen"
NOTIFICATIONS_PAUSED = "notifications paused"
"""The reasons ``DoNotDisturb.reasons()`` gives; the app holds prompts under these names."""

FULLSCREEN_SOURCE_X11 = "X11 full-screen window"
FULLSCREEN_SOURCE_WINDOWS = "Windows SHQueryUserNotificationState"
INHIBITED_SOURCE = "notification server's do-not-disturb"

PROPERTY_TIMEOUT_SECONDS = 0.5
NOTIFICATIONS = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.DBus.Properties",
)
# Where notification servers publish "do not disturb", tried in this order; the one that
# answered last is tried first next time.
#   Plasma: a non-standard Inhibited property on the spec's own interface.
#   dunst (1.6+): paused, on its control interface; `dunstctl set-paused true` sets it.
# GNOME keeps its switch in GSettings (org.gnome.desktop.notifications show-banners), which is
# dconf, not D-Bus: not read here. GNOME Shell then queues banners itself.
INHIBITION_PROPERTIES = (
    ("org.freedesktop.Notifications", "Inhibited"),
    ("org.dunstproject.cmd0", "paused"),
)
SERVICE_UNKNOWN = "org.freedesktop.DBus.Error.ServiceUnknown"

_log = logging.getLogger(__name__)


class DndUnavailable(Exception):  # noqa: N818 -- a state, not a programming error
    """A do-not-disturb source cannot be read here; the message says why."""


class FullscreenProbe(Protocol):
    """Whether another application shows a full-screen window right now.

    Thread: create, ask and close it on one thread (the GUI thread in the app). Call order: the
    constructor works or raises DndUnavailable; then any number of ``active()``; then
    ``close()`` once, after which ``active()`` answers False.
    """

    def active(self) -> bool:
        """True while a full-screen window of another application is in front."""
        ...

    def close(self) -> None:
        """Release the display connection or library handles."""
        ...


class DoNotDisturb:
    """Why break prompts should wait now, asked on demand: no timers, no threads.

    ``sources`` names what it reads; ``missing`` names each source it cannot use here, and why.
    ``own_window_ids`` gives the native ids of the app's own windows (a full-screen routine
    player is not a reason to hold a prompt); windows carrying our process id are ours too.

    Thread: the GUI thread; it uses no Qt. Call order: construct once with the session's
    environment, ask ``reasons()`` (or either question) any number of times, ``close()`` once.
    """

    def __init__(
        self,
        environ: Mapping[str, str],
        *,
        platform: str = sys.platform,
        own_window_ids: Callable[[], Iterable[int]] = tuple,
    ) -> None:
        """``platform`` is a ``sys.platform`` value."""
        self.sources: list[str] = []
        self.missing: list[tuple[str, str]] = []
        self._fullscreen: FullscreenProbe | None = None
        try:
            name, self._fullscreen = open_fullscreen_probe(
                environ, platform, own_window_ids=own_window_ids
            )
            self.sources.append(name)
        except DndUnavailable as exc:
            self.missing.append(("full-screen windows", str(exc)))
        self._inhibition: _InhibitionQuery | None = None
        if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
            address = session_bus_address(environ)
            if address is None:
                self.missing.append((INHIBITED_SOURCE, "no D-Bus session bus"))
            else:
                self._inhibition = _InhibitionQuery(address)
                self.sources.append(INHIBITED_SOURCE)

    def reasons(self) -> list[str]:
        """What holds prompts now: ``[FULLSCREEN]``, ``[NOTIFICATIONS_PAUSED]``, both, or none."""
        found = []
        if self.fullscreen_active():
            found.append(FULLSCREEN)
        if self.notifications_inhibited():
            found.append(NOTIFICATIONS_PAUSED)
        return found

    def fullscreen_active(self) -> bool:
        """True while another application's full-screen window is in front; False if unknown."""
        return self._fullscreen is not None and self._fullscreen.active()

    def notifications_inhibited(self) -> bool | None:
        """The notification server's do-not-disturb switch; None when it has none we can read."""
        return None if self._inhibition is None else self._inhibition.ask()

    def close(self) -> None:
        if self._fullscreen is not None:
            self._fullscreen.close()
            self._fullscreen = None
        if self._inhibition is not None:
            self._inhibition.close()
            self._inhibition = None


def open_fullscreen_probe(
    environ: Mapping[str, str],
    platform: str,
    *,
    own_window_ids: Callable[[], Iterable[int]] = tuple,
) -> tuple[str, FullscreenProbe]:
    """The full-screen probe that fits this session, with its name; DndUnavailable if none."""
    if platform == "win32":
        return FULLSCREEN_SOURCE_WINDOWS, WindowsFullscreenProbe()
    if platform == "darwin":
        raise DndUnavailable(
            "macOS has no public call that tells whether another application is full screen "
            "(full-screen apps live in a Space of their own), and Focus is readable only by "
            "signed apps with the Focus Status entitlement"
        )
    if _is_wayland(environ):
        raise DndUnavailable(
            "a Wayland client cannot see other applications' windows, so full-screen windows "
            "are not detected"
        )
    display = environ.get("DISPLAY", "")
    if not display:
        raise DndUnavailable("DISPLAY is not set: no X server to ask")
    return FULLSCREEN_SOURCE_X11, X11FullscreenProbe(display, own_window_ids=own_window_ids)


def _is_wayland(environ: Mapping[str, str]) -> bool:
    # The rule idle.py uses to pick its backend: startx leaves XDG_SESSION_TYPE=tty, and only
    # an explicit "x11" overrides WAYLAND_DISPLAY.
    session_type = environ.get("XDG_SESSION_TYPE", "").strip().lower()
    if session_type == "wayland":
        return True
    return session_type != "x11" and bool(environ.get("WAYLAND_DISPLAY"))


# -- X11 -------------------------------------------------------------------------------------------

XA_ATOM = 4
XA_CARDINAL = 6
XA_WINDOW = 33
IS_VIEWABLE = 2  # XWindowAttributes.map_state
INPUT_ONLY = 2  # XWindowAttributes.class
SUCCESS = 0
MAX_PROPERTY_LONGS = 64


class _WindowAttributes(ctypes.Structure):
    # XWindowAttributes from <X11/Xlib.h>
    _fields_ = (
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("border_width", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("visual", ctypes.c_void_p),
        ("root", ctypes.c_ulong),
        ("window_class", ctypes.c_int),
        ("bit_gravity", ctypes.c_int),
        ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int),
        ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong),
        ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong),
        ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int),
        ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long),
        ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int),
        ("screen", ctypes.c_void_p),
    )


_ErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)

_ATOM_NAMES = (
    "_NET_SUPPORTING_WM_CHECK",
    "_NET_ACTIVE_WINDOW",
    "_NET_WM_STATE",
    "_NET_WM_STATE_FULLSCREEN",
    "_NET_WM_PID",
    "_NET_WM_WINDOW_TYPE",
    "_NET_WM_WINDOW_TYPE_DESKTOP",
)


def _load_xlib() -> Any:
    try:
        return load_library("libX11.so.6", "X11")
    except LibraryLoadError as exc:
        raise DndUnavailable(f"{exc}: install libx11-6") from None


class X11FullscreenProbe:
    """Looks for another application's full-screen window over one X connection kept open.

    With an EWMH window manager it asks the manager: the active window (_NET_ACTIVE_WINDOW)
    with _NET_WM_STATE_FULLSCREEN. Without one (a bare X server, some kiosk setups) nobody
    keeps that state, so it looks for a viewable top-level window covering the whole screen.
    One connection on purpose: on Xvfb every new X client resets the idle counter, and it is
    cheaper. Windows that carry our process id in _NET_WM_PID, or whose ids
    ``own_window_ids()`` gives, are ours and never count.
    """

    def __init__(
        self,
        display: str,
        *,
        own_window_ids: Callable[[], Iterable[int]] = tuple,
        own_pid: int | None = None,
    ) -> None:
        """``own_pid`` defaults to this process's id."""
        xlib = _load_xlib()
        xlib.XOpenDisplay.restype = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
        xlib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
        xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        xlib.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
        xlib.XInternAtom.restype = ctypes.c_ulong
        xlib.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
        xlib.XGetWindowProperty.restype = ctypes.c_int
        xlib.XGetWindowProperty.argtypes = (
            ctypes.c_void_p,  # display
            ctypes.c_ulong,  # window
            ctypes.c_ulong,  # property
            ctypes.c_long,  # long_offset
            ctypes.c_long,  # long_length
            ctypes.c_int,  # delete
            ctypes.c_ulong,  # req_type
            ctypes.POINTER(ctypes.c_ulong),  # actual_type_return
            ctypes.POINTER(ctypes.c_int),  # actual_format_return
            ctypes.POINTER(ctypes.c_ulong),  # nitems_return
            ctypes.POINTER(ctypes.c_ulong),  # bytes_after_return
            ctypes.POINTER(ctypes.c_void_p),  # prop_return
        )
        xlib.XGetWindowAttributes.restype = ctypes.c_int
        xlib.XGetWindowAttributes.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_WindowAttributes),
        )
        xlib.XQueryTree.restype = ctypes.c_int
        xlib.XQueryTree.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
            ctypes.POINTER(ctypes.c_uint),
        )
        xlib.XFree.argtypes = (ctypes.c_void_p,)
        xlib.XSync.argtypes = (ctypes.c_void_p, ctypes.c_int)
        xlib.XSetErrorHandler.restype = ctypes.c_void_p
        xlib.XSetErrorHandler.argtypes = (ctypes.c_void_p,)
        # Xlib's default I/O error handler exits the process if the server goes away later;
        # Qt's own xcb connection ends the app in that case anyway, so it is left as it is.
        connection = xlib.XOpenDisplay(display.encode())
        if not connection:
            raise DndUnavailable(f"cannot open X display {display!r}: is the X server running?")
        self._xlib = xlib
        self._connection: int | None = connection
        self._root = int(xlib.XDefaultRootWindow(connection))
        self._atoms = {
            name: int(xlib.XInternAtom(connection, name.encode(), 0)) for name in _ATOM_NAMES
        }
        self._own_window_ids = own_window_ids
        self._own_pid = os.getpid() if own_pid is None else own_pid
        self._x_errors = 0
        # Kept on the instance: Xlib holds only the C pointer, the thunk must outlive it.
        self._error_handler = _ErrorHandler(self._on_x_error)

    def active(self) -> bool:
        if self._connection is None:
            return False
        # A window can vanish between two requests; Xlib's default error handler would end the
        # process on the BadWindow that follows. Ours counts it, and only while we ask.
        previous = self._xlib.XSetErrorHandler(ctypes.cast(self._error_handler, ctypes.c_void_p))
        try:
            return self._find()
        finally:
            self._xlib.XSync(self._connection, 0)
            self._xlib.XSetErrorHandler(previous)

    def close(self) -> None:
        if self._connection is None:
            return
        self._xlib.XCloseDisplay(self._connection)
        self._connection = None

    # -- the two ways to tell -------------------------------------------------------------------

    def _find(self) -> bool:
        own_ids = set(self._own_window_ids())
        if self._window_manager_present():
            active = self._property(self._root, "_NET_ACTIVE_WINDOW", XA_WINDOW)
            if active is not None:
                window = active[0] if active else 0
                return (
                    bool(window)
                    and self._is_fullscreen_state(window)
                    and not self._ours(window, own_ids)
                )
        return any(not self._ours(window, own_ids) for window in self._screen_covering_windows())

    def _window_manager_present(self) -> bool:
        # EWMH: the root names a child window that names itself; a stale root property left by
        # a window manager that died points at a window that is gone or names nothing.
        check = self._property(self._root, "_NET_SUPPORTING_WM_CHECK", XA_WINDOW)
        if not check or not check[0]:
            return False
        return self._property(check[0], "_NET_SUPPORTING_WM_CHECK", XA_WINDOW) == check[:1]

    def _is_fullscreen_state(self, window: int) -> bool:
        states = self._property(window, "_NET_WM_STATE", XA_ATOM) or []
        return self._atoms["_NET_WM_STATE_FULLSCREEN"] in states

    def _screen_covering_windows(self) -> list[int]:
        """Viewable top-level windows covering the root window, topmost first."""
        assert self._connection is not None
        screen = _WindowAttributes()
        if not self._xlib.XGetWindowAttributes(self._connection, self._root, ctypes.byref(screen)):
            return []
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children = ctypes.POINTER(ctypes.c_ulong)()
        count = ctypes.c_uint()
        if not self._xlib.XQueryTree(
            self._connection,
            self._root,
            ctypes.byref(root),
            ctypes.byref(parent),
            ctypes.byref(children),
            ctypes.byref(count),
        ):
            return []
        try:
            windows = [int(children[index]) for index in range(count.value)]
        finally:
            if children:
                self._xlib.XFree(children)
        covering = []
        attributes = _WindowAttributes()
        for window in reversed(windows):  # XQueryTree lists bottom to top
            self._x_errors = 0
            got = self._xlib.XGetWindowAttributes(
                self._connection, window, ctypes.byref(attributes)
            )
            if not got or self._x_errors:
                continue  # gone meanwhile
            border = 2 * attributes.border_width
            if (
                attributes.map_state == IS_VIEWABLE
                and attributes.window_class != INPUT_ONLY
                and attributes.x <= 0
                and attributes.y <= 0
                and attributes.x + attributes.width + border >= screen.width
                and attributes.y + attributes.height + border >= screen.height
                and not self._is_desktop_window(window)
            ):
                covering.append(window)
        return covering

    def _is_desktop_window(self, window: int) -> bool:
        # A desktop (icons, wallpaper) window covers the screen all day long.
        types = self._property(window, "_NET_WM_WINDOW_TYPE", XA_ATOM) or []
        return self._atoms["_NET_WM_WINDOW_TYPE_DESKTOP"] in types

    def _ours(self, window: int, own_ids: set[int]) -> bool:
        if window in own_ids:
            return True
        pid = self._property(window, "_NET_WM_PID", XA_CARDINAL)
        return bool(pid) and pid is not None and pid[0] == self._own_pid

    def _property(self, window: int, name: str, kind: int) -> list[int] | None:
        """A 32-bit property of ``window`` as integers; None when unset, mistyped or gone."""
        assert self._connection is not None
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        count, remaining = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.c_void_p()
        self._x_errors = 0
        status = self._xlib.XGetWindowProperty(
            self._connection,
            window,
            self._atoms[name],
            0,
            MAX_PROPERTY_LONGS,
            0,
            kind,
            ctypes.byref(actual_type),
            ctypes.byref(actual_format),
            ctypes.byref(count),
            ctypes.byref(remaining),
            ctypes.byref(data),
        )
        try:
            if status != SUCCESS or self._x_errors or actual_type.value != kind:
                return None
            if actual_format.value != 32:
                return None
            # Format-32 properties come back as C longs, whatever the platform's long size.
            values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [int(values[index]) for index in range(count.value)]
        finally:
            if data:
                self._xlib.XFree(data)

    def _on_x_error(self, _display: int | None, _event: int | None) -> int:
        self._x_errors += 1
        return 0


# -- Windows ---------------------------------------------------------------------------------------

# QUERY_USER_NOTIFICATION_STATE (shellapi.h) values during which Windows itself holds toasts.
QUNS_BUSY = 2  # a full-screen application (not D3D) is running
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
FULLSCREEN_STATES = frozenset({QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE})


def _load_shell32() -> Any:
    if sys.platform == "win32":
        return ctypes.WinDLL("shell32")
    raise DndUnavailable("SHQueryUserNotificationState exists only on Windows")


class WindowsFullscreenProbe:
    """``SHQueryUserNotificationState``: what Windows itself consults before showing a toast.

    Focus Assist's own "do not disturb" has no documented API, so it is not read.
    """

    def __init__(self, *, shell32: Any = None) -> None:
        """``shell32`` stands in for the system DLL in tests."""
        if shell32 is None:
            shell32 = _load_shell32()
        query = shell32.SHQueryUserNotificationState
        query.argtypes = (ctypes.POINTER(ctypes.c_int),)
        query.restype = ctypes.c_long  # HRESULT
        self._query: Any = query

    def active(self) -> bool:
        if self._query is None:
            return False
        state = ctypes.c_int(0)
        result = self._query(ctypes.byref(state))
        if result != SUCCESS:
            _log.debug("SHQueryUserNotificationState failed: HRESULT %#x", result & 0xFFFF_FFFF)
            return False
        return state.value in FULLSCREEN_STATES

    def close(self) -> None:
        self._query = None


# -- the notification server's switch --------------------------------------------------------------


class _InhibitionQuery:
    """Reads the notification server's do-not-disturb property over one kept D-Bus connection."""

    def __init__(self, address: str) -> None:
        self._address = address
        self._connection: DBusConnection | None = None
        self._order = list(INHIBITION_PROPERTIES)

    def ask(self) -> bool | None:
        connection = self._connect()
        if connection is None:
            return None
        for interface, name in list(self._order):
            message = new_method_call(NOTIFICATIONS, "Get", "ss", (interface, name))
            # Asking must not start a D-Bus-activatable server that is not running.
            message.header.flags |= MessageFlag.no_auto_start
            try:
                reply = connection.send_and_get_reply(message, timeout=PROPERTY_TIMEOUT_SECONDS)
            except TimeoutError:
                _log.debug("the notification server did not say whether it is paused")
                return None
            except (OSError, EOFError) as exc:
                _log.debug("lost the session bus asking for do-not-disturb: %s", exc)
                self.close()
                return None
            if reply.header.message_type == MessageType.error:
                if reply.header.fields.get(HeaderFields.error_name) == SERVICE_UNKNOWN:
                    return None  # no notification server at all
                continue  # this server has no such property
            variant = reply.body[0] if len(reply.body) == 1 else None
            if isinstance(variant, tuple) and variant[0] == "b":
                self._order.remove((interface, name))
                self._order.insert(0, (interface, name))
                return bool(variant[1])
        return None

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _connect(self) -> DBusConnection | None:
        if self._connection is None:
            try:
                self._connection = open_dbus_connection(bus=self._address)
            except (OSError, RuntimeError, ValueError) as exc:
                _log.debug("cannot ask for do-not-disturb: %s", exc)
        return self._connection
