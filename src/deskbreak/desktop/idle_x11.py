"""X11 idle time from the MIT-SCREEN-SAVER extension, through ctypes on libX11 and libXss.

Polled: X11 has no cheap "input happened" notification for other clients' windows.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

from deskbreak.desktop.idle import X11_NAME, IdleUnavailable
from deskbreak.desktop.xlib import LibraryLoadError, load_library


class _ScreenSaverInfo(ctypes.Structure):
    # XScreenSaverInfo from <X11/extensions/scrnsaver.h>
    _fields_ = (
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),  # milliseconds since the last input
        ("eventMask", ctypes.c_ulong),
    )


def _load(soname: str, short_name: str, package: str) -> ctypes.CDLL:
    try:
        return load_library(soname, short_name)
    except LibraryLoadError as exc:
        raise IdleUnavailable(f"{exc}: install {package}") from None


class X11IdleSource:
    """Reads the X server's idle counter over one connection kept open for its lifetime.

    One connection on purpose: every new X client connection resets the idle counter on
    Xvfb, so a reader that reconnects per sample always sees ~0 ms. It is also cheaper.
    """

    name = X11_NAME

    def __init__(self, display: str) -> None:
        xlib = _load("libX11.so.6", "X11", "libx11-6")
        xss = _load("libXss.so.1", "Xss", "libxss1 (Fedora: libXScrnSaver)")
        xlib.XOpenDisplay.restype = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
        xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        xlib.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
        xlib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
        xlib.XFree.argtypes = (ctypes.c_void_p,)
        xss.XScreenSaverQueryExtension.argtypes = (
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        )
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_ScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_ScreenSaverInfo),
        )
        # Xlib's default I/O error handler exits the process if the server goes away later;
        # Qt's own xcb connection ends the app in that case anyway, so it is left as it is.
        connection = xlib.XOpenDisplay(display.encode())
        if not connection:
            raise IdleUnavailable(f"cannot open X display {display!r}: is the X server running?")
        event_base, error_base = ctypes.c_int(), ctypes.c_int()
        if not xss.XScreenSaverQueryExtension(
            connection, ctypes.byref(event_base), ctypes.byref(error_base)
        ):
            xlib.XCloseDisplay(connection)
            raise IdleUnavailable(f"X display {display!r} lacks the MIT-SCREEN-SAVER extension")
        info = xss.XScreenSaverAllocInfo()
        if not info:
            xlib.XCloseDisplay(connection)
            raise IdleUnavailable("XScreenSaverAllocInfo failed: out of memory")
        self._xlib = xlib
        self._xss = xss
        self._connection: int | None = connection
        self._root = xlib.XDefaultRootWindow(connection)
        self._info = info

    def idle_seconds(self) -> float:
        if self._connection is None:
            raise IdleUnavailable("the X11 idle source is closed")
        if not self._xss.XScreenSaverQueryInfo(self._connection, self._root, self._info):
            raise IdleUnavailable("XScreenSaverQueryInfo failed")
        return float(self._info.contents.idle) / 1000.0

    def watch_active(self, callback: Callable[[], None]) -> bool:
        return False

    def close(self) -> None:
        if self._connection is None:
            return
        self._xlib.XFree(self._info)
        self._xlib.XCloseDisplay(self._connection)
        self._connection = None
