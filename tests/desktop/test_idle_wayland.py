"""The Wayland backend against a stand-in pywayland and compositor (no compositor runs here).

The stand-in speaks pywayland's API as the backend uses it: Display, registry globals, bind,
the idle notification's dispatcher, and a real socket so the QSocketNotifier path runs.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from deskbreak.desktop.idle import IdleUnavailable
from deskbreak.desktop.idle_wayland import NOTIFY_TIMEOUT_MS, WaylandIdleSource

WAIT_MS = 3000


@dataclass
class Compositor:
    """What the stand-in compositor offers and what the client asked of it."""

    globals: dict[str, int] = field(
        default_factory=lambda: {"wl_seat": 9, "ext_idle_notifier_v1": 2, "wl_output": 4}
    )
    refuse_connection: bool = False
    broken: bool = False
    bound: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, int]] = field(default_factory=list)
    notification: Any = None
    display: Any = None
    pending: list[str] = field(default_factory=list)

    def send(self, event: str) -> None:
        """The compositor sends ``event`` ("idled" or "resumed") down the socket."""
        self.pending.append(event)
        self.display.server_end.send(b"x")


def fake_pywayland(compositor: Compositor) -> dict[str, types.ModuleType]:
    class Interface:
        name = ""
        version = 1

    class WlSeat(Interface):
        name = "wl_seat"
        version = 10

    class ExtIdleNotifierV1(Interface):
        name = "ext_idle_notifier_v1"
        version = 2

    class Notification:
        def __init__(self) -> None:
            self.dispatcher: dict[str, Callable[[Any], None]] = {}

    class Notifier:
        def get_input_idle_notification(self, timeout: int, seat: Any) -> Notification:
            compositor.requests.append(("get_input_idle_notification", timeout))
            compositor.notification = Notification()
            return compositor.notification

        def get_idle_notification(self, timeout: int, seat: Any) -> Notification:
            compositor.requests.append(("get_idle_notification", timeout))
            compositor.notification = Notification()
            return compositor.notification

    class Registry:
        def __init__(self) -> None:
            self.dispatcher: dict[str, Callable[..., None]] = {}

        def bind(self, name: int, interface: type[Interface], version: int) -> Any:
            compositor.bound[interface.name] = version
            return Notifier() if interface is ExtIdleNotifierV1 else object()

    class Display:
        def __init__(self, name: str) -> None:
            self.name = name
            self.registry = Registry()
            self.client_end, self.server_end = socket.socketpair()
            compositor.display = self

        def connect(self) -> None:
            if compositor.refuse_connection:
                raise ValueError("Unable to connect to display")

        def get_registry(self) -> Registry:
            return self.registry

        def roundtrip(self) -> None:
            for number, (interface, version) in enumerate(compositor.globals.items(), 1):
                self.registry.dispatcher["global"](self.registry, number, interface, version)

        def get_fd(self) -> int:
            return self.client_end.fileno()

        def read(self) -> None:
            self.client_end.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                self.client_end.recv(4096)

        def dispatch(self, *, block: bool = False) -> int:
            if compositor.broken:
                raise RuntimeError("Failed with error: 32")
            events, compositor.pending = compositor.pending, []
            for event in events:
                compositor.notification.dispatcher[event](compositor.notification)
            return len(events)

        def flush(self) -> int:
            return 0

        def disconnect(self) -> None:
            self.client_end.close()
            self.server_end.close()

    client = types.ModuleType("pywayland.client")
    client.Display = Display  # type: ignore[attr-defined]
    core = types.ModuleType("pywayland.protocol.wayland")
    core.WlSeat = WlSeat  # type: ignore[attr-defined]
    idle = types.ModuleType("pywayland.protocol.ext_idle_notify_v1")
    idle.ExtIdleNotifierV1 = ExtIdleNotifierV1  # type: ignore[attr-defined]
    return {
        "pywayland": types.ModuleType("pywayland"),
        "pywayland.client": client,
        "pywayland.protocol": types.ModuleType("pywayland.protocol"),
        "pywayland.protocol.wayland": core,
        "pywayland.protocol.ext_idle_notify_v1": idle,
    }


@pytest.fixture
def compositor(monkeypatch: pytest.MonkeyPatch) -> Iterator[Compositor]:
    compositor = Compositor()
    for name, module in fake_pywayland(compositor).items():
        monkeypatch.setitem(sys.modules, name, module)
    yield compositor
    if compositor.display is not None:
        compositor.display.disconnect()


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def test_binds_the_seat_and_asks_for_input_idle_notifications(compositor: Compositor) -> None:
    source = WaylandIdleSource("/run/user/1000/wayland-0")
    assert compositor.bound == {"wl_seat": 9, "ext_idle_notifier_v1": 2}
    # v2: input-only idleness, which a playing video cannot hold back.
    assert compositor.requests == [("get_input_idle_notification", NOTIFY_TIMEOUT_MS)]
    source.close()


def test_a_version_1_notifier_gets_the_plain_request(compositor: Compositor) -> None:
    compositor.globals["ext_idle_notifier_v1"] = 1
    source = WaylandIdleSource("/run/user/1000/wayland-0")
    assert compositor.bound["ext_idle_notifier_v1"] == 1
    assert compositor.requests == [("get_idle_notification", NOTIFY_TIMEOUT_MS)]
    source.close()


def test_idle_time_counts_from_one_timeout_before_idled(compositor: Compositor) -> None:
    clock = Clock()
    source = WaylandIdleSource("/run/user/1000/wayland-0", monotonic=clock)
    assert source.idle_seconds() == 0.0
    compositor.send("idled")
    assert source.idle_seconds() == NOTIFY_TIMEOUT_MS / 1000
    clock.now += 90
    assert source.idle_seconds() == 90 + NOTIFY_TIMEOUT_MS / 1000
    compositor.send("resumed")
    assert source.idle_seconds() == 0.0
    source.close()


def test_watch_active_fires_once_from_the_event_loop(
    compositor: Compositor, qtbot: QtBot, qapp: Any
) -> None:
    source = WaylandIdleSource("/run/user/1000/wayland-0")
    calls: list[str] = []
    compositor.send("idled")
    assert source.watch_active(lambda: calls.append("back"))
    compositor.send("resumed")
    qtbot.waitUntil(lambda: calls == ["back"], timeout=WAIT_MS)
    compositor.send("idled")
    compositor.send("resumed")
    qtbot.wait(200)
    assert calls == ["back"]
    source.close()


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda c: c.globals.pop("ext_idle_notifier_v1"), "does not offer ext-idle-notify-v1"),
        (lambda c: c.globals.pop("wl_seat"), "has no seat"),
        (lambda c: setattr(c, "refuse_connection", True), "cannot connect to Wayland display"),
    ],
)
def test_refusals_say_why(
    compositor: Compositor, change: Callable[[Compositor], object], fragment: str
) -> None:
    change(compositor)
    with pytest.raises(IdleUnavailable, match=fragment):
        WaylandIdleSource("/run/user/1000/wayland-0")


def test_a_lost_compositor_is_reported(compositor: Compositor) -> None:
    source = WaylandIdleSource("/run/user/1000/wayland-0")
    compositor.broken = True
    with pytest.raises(IdleUnavailable, match="lost the Wayland display"):
        source.idle_seconds()
    source.close()
    with pytest.raises(IdleUnavailable, match="closed"):
        source.idle_seconds()
    assert source.watch_active(lambda: None) is False
