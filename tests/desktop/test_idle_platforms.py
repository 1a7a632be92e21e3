"""The backends that cannot run on this machine, against stand-ins for their system libraries."""

from __future__ import annotations

import ctypes
import math
import sys
from typing import Any

import pytest

from deskbreak.desktop import idle_wayland
from deskbreak.desktop.idle import IdleUnavailable
from deskbreak.desktop.idle_macos import ANY_INPUT_EVENT, COMBINED_SESSION_STATE, MacIdleSource
from deskbreak.desktop.idle_wayland import IdleSpan, WaylandIdleSource
from deskbreak.desktop.idle_windows import WindowsIdleSource


class FakeFunction:
    """A ctypes foreign function stand-in: records argtypes/restype, returns what it is told."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.argtypes: Any = None
        self.restype: Any = None

    def __call__(self, *args: Any) -> Any:
        return self.body(*args)


class FakeUser32:
    def __init__(self, last_input_tick: int, *, fails: bool = False) -> None:
        self.last_input_tick = last_input_tick

        def get_last_input_info(pointer: Any) -> int:
            if fails:
                return 0
            assert pointer.contents.cbSize == 8  # sizeof(LASTINPUTINFO)
            pointer.contents.dwTime = self.last_input_tick
            return 1

        self.GetLastInputInfo = FakeFunction(get_last_input_info)


class FakeKernel32:
    def __init__(self, tick: int) -> None:
        self.GetTickCount = FakeFunction(lambda: ctypes.c_uint32(tick).value)


@pytest.mark.parametrize(
    ("last_input", "now", "idle"),
    [
        (1_000, 4_500, 3.5),
        (0, 0, 0.0),
        # The 32-bit tick count wrapped between the input and now (every 49.7 days).
        (0xFFFF_FC18, 2_000, 3.0),
    ],
)
def test_windows_idle_is_the_tick_difference_modulo_2_32(
    last_input: int, now: int, idle: float
) -> None:
    source = WindowsIdleSource(user32=FakeUser32(last_input), kernel32=FakeKernel32(now))
    assert source.idle_seconds() == pytest.approx(idle)
    assert source.watch_active(lambda: None) is False
    source.close()


def test_windows_declares_the_c_types() -> None:
    user32, kernel32 = FakeUser32(0), FakeKernel32(0)
    WindowsIdleSource(user32=user32, kernel32=kernel32)
    assert kernel32.GetTickCount.restype is ctypes.c_uint32
    assert user32.GetLastInputInfo.restype is ctypes.c_int


def test_windows_failure_is_reported() -> None:
    source = WindowsIdleSource(user32=FakeUser32(0, fails=True), kernel32=FakeKernel32(5))
    with pytest.raises(IdleUnavailable, match="GetLastInputInfo failed"):
        source.idle_seconds()


class FakeCoreGraphics:
    def __init__(self, seconds: float) -> None:
        self.calls: list[tuple[int, int]] = []

        def since(state: int, event_type: int) -> float:
            self.calls.append((state, event_type))
            return seconds

        self.CGEventSourceSecondsSinceLastEventType = FakeFunction(since)


def test_macos_asks_the_combined_session_for_any_input() -> None:
    graphics = FakeCoreGraphics(42.25)
    source = MacIdleSource(coregraphics=graphics)
    assert source.idle_seconds() == 42.25
    assert graphics.calls == [(COMBINED_SESSION_STATE, ANY_INPUT_EVENT)]
    assert graphics.calls == [(0, 0xFFFFFFFF)]
    function = graphics.CGEventSourceSecondsSinceLastEventType
    assert function.restype is ctypes.c_double
    assert function.argtypes == (ctypes.c_int32, ctypes.c_uint32)
    assert source.watch_active(lambda: None) is False
    source.close()


@pytest.mark.parametrize("bad", [-1.0, math.nan])
def test_macos_nonsense_is_refused(bad: float) -> None:
    source = MacIdleSource(coregraphics=FakeCoreGraphics(bad))
    with pytest.raises(IdleUnavailable, match="returned"):
        source.idle_seconds()


@pytest.mark.skipif(sys.platform == "darwin", reason="checks the refusal on other systems")
def test_macos_backend_is_refused_elsewhere() -> None:
    with pytest.raises(IdleUnavailable, match="only on macOS"):
        MacIdleSource()


def test_wayland_span_counts_from_the_last_input() -> None:
    span = IdleSpan(timeout=1.0)
    assert span.idle_seconds(now=100.0) == 0.0  # active, or idle for less than the timeout
    span.idled(now=100.0)  # the last input was one timeout earlier, at 99.0
    assert span.idle_seconds(now=100.0) == 1.0
    assert span.idle_seconds(now=160.0) == 61.0
    span.resumed()
    assert span.idle_seconds(now=161.0) == 0.0


def test_wayland_without_pywayland_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the import fail, installed or not.
    monkeypatch.setitem(sys.modules, "pywayland", None)
    monkeypatch.setitem(sys.modules, "pywayland.client", None)
    with pytest.raises(
        IdleUnavailable, match=r"pywayland is not installed: pip install 'deskbreak\[wayland\]'"
    ):
        WaylandIdleSource("/run/user/1000/wayland-0")


def test_wayland_pywayland_without_the_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    # An old pywayland: the core protocol imports, ext-idle-notify-v1 does not.
    fakes = {
        "pywayland": type(sys)("pywayland"),
        "pywayland.client": type(sys)("pywayland.client"),
        "pywayland.protocol": type(sys)("pywayland.protocol"),
        "pywayland.protocol.wayland": type(sys)("pywayland.protocol.wayland"),
    }
    fakes["pywayland.client"].Display = object  # type: ignore[attr-defined]
    fakes["pywayland.protocol.wayland"].WlSeat = object  # type: ignore[attr-defined]
    for name, module in fakes.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.setitem(sys.modules, "pywayland.protocol.ext_idle_notify_v1", None)
    with pytest.raises(IdleUnavailable, match="lacks ext-idle-notify-v1"):
        idle_wayland.WaylandIdleSource("/run/user/1000/wayland-0")
