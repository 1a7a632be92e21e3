"""Do-not-disturb sources: full-screen windows on a real X server (with and without a window
manager), Windows' notification state through a ctypes stand-in, and the notification server's
switch on a fake D-Bus service."""

from __future__ import annotations

import ctypes
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from jeepney import DBusAddress, MessageType, new_method_call
from jeepney.io.blocking import open_dbus_connection

from deskbreak.desktop.dnd import (
    FULLSCREEN,
    FULLSCREEN_SOURCE_X11,
    INHIBITED_SOURCE,
    NOTIFICATIONS_PAUSED,
    QUNS_BUSY,
    QUNS_PRESENTATION_MODE,
    QUNS_RUNNING_D3D_FULL_SCREEN,
    DndUnavailable,
    DoNotDisturb,
    WindowsFullscreenProbe,
    X11FullscreenProbe,
)

CONTROL = DBusAddress(
    "/control", bus_name="org.freedesktop.Notifications", interface="org.deskbreak.FakeControl"
)
WAIT_S = 5.0

# A Qt window in a process of its own; without a window manager nobody resizes a full-screen
# request to the screen, so the window stays at its own size (640x480 here).
WINDOW_SCRIPT = """
import sys
from PySide6 import QtWidgets
app = QtWidgets.QApplication(sys.argv[:1])
window = QtWidgets.QWidget()
window.setWindowTitle(sys.argv[1])
if sys.argv[2] == "fullscreen":
    window.showFullScreen()
else:
    window.resize(300, 200)
    window.show()
app.exec()
"""


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def stays(condition: Callable[[], bool], seconds: float = 0.3) -> bool:
    """Whether ``condition`` holds throughout ``seconds`` (for "and it does not flip")."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not condition():
            return False
        time.sleep(0.05)
    return True


class QtWindow:
    """A top-level Qt window of another process on the test display."""

    def __init__(self, desktop: Any, mode: str) -> None:
        self.title = f"deskbreak-dnd-{uuid.uuid4().hex[:8]}"
        self.desktop = desktop
        self.helper = desktop.spawn(
            "qt-window", [sys.executable, "-c", WINDOW_SCRIPT, self.title, mode]
        )
        found = desktop.xdotool("search", "--sync", "--onlyvisible", "--name", self.title)
        self.id = int(found.stdout.split()[0])

    @property
    def pid(self) -> int:
        return int(self.helper.pid)

    def fill_screen(self) -> None:
        """What a window manager does with a full-screen request."""
        self.desktop.xdotool("windowmove", str(self.id), "0", "0")
        self.desktop.xdotool("windowsize", str(self.id), "100%", "100%")

    def close(self) -> None:
        self.helper.stop()


class XClient:
    """An Xlib connection of the test's own, for the window manager's part: root properties."""

    def __init__(self, display: str) -> None:
        xlib = ctypes.CDLL("libX11.so.6")
        xlib.XOpenDisplay.restype = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
        xlib.XDefaultRootWindow.restype = ctypes.c_ulong
        xlib.XDefaultRootWindow.argtypes = (ctypes.c_void_p,)
        xlib.XInternAtom.restype = ctypes.c_ulong
        xlib.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
        xlib.XChangeProperty.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_int,
        )
        xlib.XDeleteProperty.argtypes = (ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong)
        xlib.XCreateSimpleWindow.restype = ctypes.c_ulong
        xlib.XCreateSimpleWindow.argtypes = (
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_ulong,
            ctypes.c_ulong,
        )
        xlib.XMapWindow.argtypes = (ctypes.c_void_p, ctypes.c_ulong)
        xlib.XDestroyWindow.argtypes = (ctypes.c_void_p, ctypes.c_ulong)
        xlib.XSync.argtypes = (ctypes.c_void_p, ctypes.c_int)
        xlib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
        self.xlib = xlib
        self.connection = xlib.XOpenDisplay(display.encode())
        assert self.connection, display
        self.root = int(xlib.XDefaultRootWindow(self.connection))

    def atom(self, name: str) -> int:
        return int(self.xlib.XInternAtom(self.connection, name.encode(), 0))

    def set_property(self, window: int, name: str, kind: str, values: list[int]) -> None:
        data = (ctypes.c_ulong * max(1, len(values)))(*values)
        self.xlib.XChangeProperty(
            self.connection, window, self.atom(name), self.atom(kind), 32, 0, data, len(values)
        )
        self.xlib.XSync(self.connection, 0)

    def delete_property(self, window: int, name: str) -> None:
        self.xlib.XDeleteProperty(self.connection, window, self.atom(name))
        self.xlib.XSync(self.connection, 0)

    def create_window(self, width: int, height: int, *, mapped: bool) -> int:
        window = int(
            self.xlib.XCreateSimpleWindow(self.connection, self.root, 0, 0, width, height, 0, 0, 0)
        )
        if mapped:
            self.xlib.XMapWindow(self.connection, window)
        self.xlib.XSync(self.connection, 0)
        return window

    def destroy_window(self, window: int) -> None:
        self.xlib.XDestroyWindow(self.connection, window)
        self.xlib.XSync(self.connection, 0)

    def close(self) -> None:
        self.xlib.XCloseDisplay(self.connection)


@pytest.fixture
def x_client(x_display: Any) -> Iterator[XClient]:
    client = XClient(x_display.display)
    yield client
    client.close()


@pytest.fixture
def fake_window_manager(x_client: XClient) -> Iterator[int]:
    """An EWMH window manager as far as the root window tells: its check window's id."""
    check = x_client.create_window(1, 1, mapped=False)
    x_client.set_property(check, "_NET_SUPPORTING_WM_CHECK", "WINDOW", [check])
    x_client.set_property(x_client.root, "_NET_SUPPORTING_WM_CHECK", "WINDOW", [check])
    x_client.set_property(x_client.root, "_NET_ACTIVE_WINDOW", "WINDOW", [0])
    yield check
    # The X server outlives this test: leave no window manager behind.
    x_client.delete_property(x_client.root, "_NET_SUPPORTING_WM_CHECK")
    x_client.delete_property(x_client.root, "_NET_ACTIVE_WINDOW")
    x_client.destroy_window(check)


@pytest.fixture
def probe(x_display: Any) -> Iterator[X11FullscreenProbe]:
    probe = X11FullscreenProbe(x_display.display)
    yield probe
    probe.close()


# -- X11 without a window manager ----------------------------------------------------------------


@pytest.mark.e2e
def test_bare_x_a_window_covering_the_screen_is_full_screen(
    x_display: Any, probe: X11FullscreenProbe
) -> None:
    assert not probe.active()
    window = QtWindow(x_display, "fullscreen")
    try:
        # It asked for full screen, but no window manager made it so: it covers nothing.
        assert stays(lambda: not probe.active())
        window.fill_screen()
        wait_for(probe.active, "the screen-sized window to count")
    finally:
        window.close()
    wait_for(lambda: not probe.active(), "the closed window to stop counting")


@pytest.mark.e2e
def test_bare_x_a_smaller_window_is_not_full_screen(
    x_display: Any, probe: X11FullscreenProbe
) -> None:
    window = QtWindow(x_display, "normal")
    try:
        assert stays(lambda: not probe.active())
    finally:
        window.close()


@pytest.mark.e2e
def test_our_own_windows_never_count(x_display: Any) -> None:
    window = QtWindow(x_display, "fullscreen")
    try:
        window.fill_screen()
        others = X11FullscreenProbe(x_display.display)
        by_pid = X11FullscreenProbe(x_display.display, own_pid=window.pid)
        by_id = X11FullscreenProbe(x_display.display, own_window_ids=lambda: [window.id])
        try:
            wait_for(others.active, "the screen-sized window to count")
            assert not by_pid.active()  # _NET_WM_PID names the owner
            assert not by_id.active()
        finally:
            for probe in (others, by_pid, by_id):
                probe.close()
    finally:
        window.close()


@pytest.mark.e2e
def test_an_active_window_that_is_gone_is_no_crash(
    x_client: XClient, fake_window_manager: int, probe: X11FullscreenProbe
) -> None:
    # The manager named a window that closed since: asking about it is a BadWindow, which
    # Xlib's default error handler would answer by ending the process.
    gone = x_client.create_window(10, 10, mapped=False)
    x_client.destroy_window(gone)
    x_client.set_property(x_client.root, "_NET_ACTIVE_WINDOW", "WINDOW", [gone])
    assert probe.active() is False
    assert probe.active() is False


@pytest.mark.e2e
def test_a_closed_probe_answers_false(x_display: Any, x_client: XClient) -> None:
    window = x_client.create_window(1280, 800, mapped=True)
    probe = X11FullscreenProbe(x_display.display)
    try:
        assert probe.active()
        probe.close()
        assert not probe.active()
        probe.close()
    finally:
        x_client.destroy_window(window)


# -- X11 with a window manager ---------------------------------------------------------------------


@pytest.mark.e2e
def test_with_a_window_manager_the_active_window_decides(
    x_display: Any, x_client: XClient, fake_window_manager: int, probe: X11FullscreenProbe
) -> None:
    window = QtWindow(x_display, "normal")
    covering = x_client.create_window(1280, 800, mapped=True)
    try:
        # A screen-sized window that is not active is not in front: the manager knows better.
        assert not probe.active()
        x_client.set_property(x_client.root, "_NET_ACTIVE_WINDOW", "WINDOW", [window.id])
        assert not probe.active()
        # The manager's state counts, not the size (it would have resized the window).
        x_client.set_property(
            window.id, "_NET_WM_STATE", "ATOM", [x_client.atom("_NET_WM_STATE_FULLSCREEN")]
        )
        assert probe.active()
        ours = X11FullscreenProbe(x_display.display, own_pid=window.pid)
        try:
            assert not ours.active()
        finally:
            ours.close()
        x_client.set_property(
            window.id, "_NET_WM_STATE", "ATOM", [x_client.atom("_NET_WM_STATE_ABOVE")]
        )
        assert not probe.active()
    finally:
        x_client.destroy_window(covering)
        window.close()


@pytest.mark.e2e
def test_a_window_manager_that_died_is_not_asked(
    x_client: XClient, probe: X11FullscreenProbe
) -> None:
    # Its check window went with it; the root's property stayed behind, naming it.
    check = x_client.create_window(1, 1, mapped=False)
    x_client.set_property(x_client.root, "_NET_SUPPORTING_WM_CHECK", "WINDOW", [check])
    x_client.set_property(x_client.root, "_NET_ACTIVE_WINDOW", "WINDOW", [0])
    x_client.destroy_window(check)
    covering = x_client.create_window(1280, 800, mapped=True)
    try:
        assert probe.active()  # the screen-sized window decides, not the stale "no window"
    finally:
        x_client.destroy_window(covering)
        x_client.delete_property(x_client.root, "_NET_SUPPORTING_WM_CHECK")
        x_client.delete_property(x_client.root, "_NET_ACTIVE_WINDOW")


# -- Windows ---------------------------------------------------------------------------------------

Query = ctypes.CFUNCTYPE(ctypes.c_long, ctypes.POINTER(ctypes.c_int))


class FakeShell32:
    """shell32 with a ctypes function for SHQueryUserNotificationState, so arguments really
    cross a foreign-function boundary."""

    def __init__(self, state: int, *, result: int = 0) -> None:
        self.calls = 0

        def query(pointer: Any) -> int:
            self.calls += 1
            pointer[0] = state
            return result

        self.SHQueryUserNotificationState = Query(query)


@pytest.mark.parametrize(
    ("state", "fullscreen"),
    [
        (1, False),  # QUNS_NOT_PRESENT: locked or another user; a lock is a break elsewhere
        (QUNS_BUSY, True),
        (QUNS_RUNNING_D3D_FULL_SCREEN, True),
        (QUNS_PRESENTATION_MODE, True),
        (5, False),  # QUNS_ACCEPTS_NOTIFICATIONS
        (6, False),  # QUNS_QUIET_TIME: the first hour after setup, not a full-screen app
        (7, False),  # QUNS_APP: a Windows Store app in front
    ],
)
def test_windows_notification_state(state: int, *, fullscreen: bool) -> None:
    shell32 = FakeShell32(state)
    probe = WindowsFullscreenProbe(shell32=shell32)
    assert probe.active() is fullscreen
    assert shell32.calls == 1


def test_windows_failed_query_is_not_full_screen() -> None:
    e_fail = -0x7FFF_BFFB  # 0x80004005 as the signed HRESULT it is
    probe = WindowsFullscreenProbe(shell32=FakeShell32(QUNS_BUSY, result=e_fail))
    assert probe.active() is False


def test_windows_closed_probe_answers_false() -> None:
    shell32 = FakeShell32(QUNS_BUSY)
    probe = WindowsFullscreenProbe(shell32=shell32)
    probe.close()
    assert probe.active() is False
    assert shell32.calls == 0


def test_windows_probe_needs_windows() -> None:
    if sys.platform == "win32":
        pytest.skip("this is Windows")
    with pytest.raises(DndUnavailable, match="only on Windows"):
        WindowsFullscreenProbe()


# -- choosing sources ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "platform", "why"),
    [
        ({}, "darwin", "macOS has no public call"),
        ({"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}, "linux", "Wayland client cannot see"),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux", "Wayland client cannot see"),
        ({}, "linux", "DISPLAY is not set"),
        ({"DISPLAY": ":no-such-display"}, "linux", "cannot open X display"),
    ],
)
def test_where_full_screen_cannot_be_told_it_says_why(
    environ: dict[str, str], platform: str, why: str
) -> None:
    dnd = DoNotDisturb(environ, platform=platform)
    try:
        (missing,) = [reason for source, reason in dnd.missing if source == "full-screen windows"]
        assert why in missing
        assert dnd.fullscreen_active() is False
    finally:
        dnd.close()


def test_windows_has_no_notification_server_to_ask() -> None:
    dnd = DoNotDisturb({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}, platform="win32")
    assert INHIBITED_SOURCE not in dnd.sources
    assert dnd.notifications_inhibited() is None
    dnd.close()


def test_no_session_bus_means_no_inhibition_source() -> None:
    dnd = DoNotDisturb({}, platform="linux")
    assert (INHIBITED_SOURCE, "no D-Bus session bus") in dnd.missing
    assert dnd.notifications_inhibited() is None
    assert dnd.reasons() == []
    dnd.close()


# -- the notification server's switch -------------------------------------------------------------


def lever(bus: Any, method: str, signature: str, *body: Any) -> None:
    with open_dbus_connection(bus=bus.address) as connection:
        reply = connection.send_and_get_reply(
            new_method_call(CONTROL, method, signature, body), timeout=5
        )
    assert reply.header.message_type == MessageType.method_return, reply.body


@pytest.fixture
def dnd(private_bus: Any) -> Iterator[DoNotDisturb]:
    dnd = DoNotDisturb({"DBUS_SESSION_BUS_ADDRESS": private_bus.address}, platform="linux")
    yield dnd
    dnd.close()


def test_a_server_without_a_switch_is_unknown(fakes: Any, dnd: DoNotDisturb) -> None:
    fakes.start("notifications")
    assert INHIBITED_SOURCE in dnd.sources
    assert dnd.notifications_inhibited() is None
    assert dnd.reasons() == []


def test_plasma_inhibited_property(fakes: Any, private_bus: Any, dnd: DoNotDisturb) -> None:
    fakes.start("notifications")
    lever(private_bus, "SetInhibited", "b", True)
    assert dnd.notifications_inhibited() is True
    assert dnd.reasons() == [NOTIFICATIONS_PAUSED]
    lever(private_bus, "SetInhibited", "b", False)
    assert dnd.notifications_inhibited() is False
    assert dnd.reasons() == []


def test_dunst_paused_property(fakes: Any, private_bus: Any, dnd: DoNotDisturb) -> None:
    fakes.start("notifications")
    lever(private_bus, "SetPaused", "b", True)
    assert dnd.notifications_inhibited() is True
    lever(private_bus, "SetPaused", "b", False)
    assert dnd.notifications_inhibited() is False


def test_no_server_then_a_lost_bus_is_unknown_not_an_error(
    private_bus: Any, dnd: DoNotDisturb
) -> None:
    assert dnd.notifications_inhibited() is None
    private_bus.stop()
    assert dnd.notifications_inhibited() is None
    assert dnd.notifications_inhibited() is None  # reconnecting fails quietly too


@pytest.mark.e2e
def test_both_reasons_at_once(
    x_display: Any, x_client: XClient, fakes: Any, private_bus: Any
) -> None:
    fakes.start("notifications")
    lever(private_bus, "SetPaused", "b", True)
    environ = {
        "DISPLAY": x_display.display,
        "XDG_SESSION_TYPE": "x11",
        "DBUS_SESSION_BUS_ADDRESS": private_bus.address,
    }
    dnd = DoNotDisturb(environ, platform="linux")
    covering = x_client.create_window(1280, 800, mapped=True)
    try:
        assert dnd.sources == [FULLSCREEN_SOURCE_X11, INHIBITED_SOURCE]
        assert dnd.missing == []
        assert dnd.reasons() == [FULLSCREEN, NOTIFICATIONS_PAUSED]
    finally:
        x_client.destroy_window(covering)
        dnd.close()
