"""Windows idle time from ``GetLastInputInfo`` and ``GetTickCount``, through ctypes.

Polled: Windows has no "input happened" notification short of a global input hook.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from deskbreak.desktop.idle import WINDOWS_NAME, IdleUnavailable

TICK_WRAP = 1 << 32  # both tick counts are 32-bit milliseconds since boot


class _LastInputInfo(ctypes.Structure):
    # LASTINPUTINFO from winuser.h
    _fields_ = (("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint32))


def _load_libraries() -> tuple[Any, Any]:
    if sys.platform == "win32":
        return ctypes.WinDLL("user32"), ctypes.WinDLL("kernel32")
    raise IdleUnavailable("GetLastInputInfo exists only on Windows")


class WindowsIdleSource:
    """Milliseconds between the last input's tick and the current tick, wrap-safe.

    ``dwTime`` is a 32-bit tick count, so it wraps every 49.7 days; the current tick is
    read from the 32-bit ``GetTickCount`` too and the difference taken modulo 2**32.
    """

    name = WINDOWS_NAME

    def __init__(self, *, user32: Any = None, kernel32: Any = None) -> None:
        """``user32`` and ``kernel32`` stand in for the system DLLs in tests."""
        if user32 is None or kernel32 is None:
            user32, kernel32 = _load_libraries()
        user32.GetLastInputInfo.argtypes = (ctypes.POINTER(_LastInputInfo),)
        user32.GetLastInputInfo.restype = ctypes.c_int
        kernel32.GetTickCount.argtypes = ()
        kernel32.GetTickCount.restype = ctypes.c_uint32
        self._user32 = user32
        self._kernel32 = kernel32
        self._info = _LastInputInfo(ctypes.sizeof(_LastInputInfo), 0)

    def idle_seconds(self) -> float:
        if not self._user32.GetLastInputInfo(ctypes.pointer(self._info)):
            raise IdleUnavailable("GetLastInputInfo failed")
        now = int(self._kernel32.GetTickCount())
        return float((now - int(self._info.dwTime)) % TICK_WRAP) / 1000.0

    def watch_active(self, callback: Callable[[], None]) -> bool:
        return False

    def close(self) -> None:
        pass  # the DLLs stay loaded for the process anyway
