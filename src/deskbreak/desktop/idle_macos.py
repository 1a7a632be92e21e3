"""macOS idle time from CoreGraphics ``CGEventSourceSecondsSinceLastEventType``, through ctypes.

Polled: reading the HID event source is cheap; a global event tap would need the
Accessibility permission.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from deskbreak.desktop.idle import MACOS_NAME, IdleUnavailable

COREGRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
COMBINED_SESSION_STATE = 0  # kCGEventSourceStateCombinedSessionState
ANY_INPUT_EVENT = 0xFFFFFFFF  # kCGAnyInputEventType, ~0 as a 32-bit CGEventType


def _load_coregraphics() -> Any:
    if sys.platform == "darwin":
        try:
            return ctypes.CDLL(COREGRAPHICS)
        except OSError as exc:
            raise IdleUnavailable(f"cannot load CoreGraphics: {exc}") from None
    raise IdleUnavailable("CoreGraphics exists only on macOS")


class MacIdleSource:
    """Seconds since the last keyboard, mouse or trackpad event in the login session."""

    name = MACOS_NAME

    def __init__(self, *, coregraphics: Any = None) -> None:
        """``coregraphics`` stands in for the framework in tests."""
        if coregraphics is None:
            coregraphics = _load_coregraphics()
        seconds_since = coregraphics.CGEventSourceSecondsSinceLastEventType
        seconds_since.argtypes = (ctypes.c_int32, ctypes.c_uint32)
        seconds_since.restype = ctypes.c_double
        self._seconds_since = seconds_since

    def idle_seconds(self) -> float:
        seconds = float(self._seconds_since(COMBINED_SESSION_STATE, ANY_INPUT_EVENT))
        if not seconds >= 0.0:  # also catches NaN
            raise IdleUnavailable(f"CGEventSourceSecondsSinceLastEventType returned {seconds}")
        return seconds

    def watch_active(self, callback: Callable[[], None]) -> bool:
        return False

    def close(self) -> None:
        pass  # the framework stays loaded for the process anyway
