"""Fixtures for the desktop-integration tests: a private D-Bus bus with fake desktop services.

Qt runs offscreen here; the end-to-end harness (tests/e2e/session.py) provides the bus and,
for the few tests that need a real X server, Xvfb.
"""

from __future__ import annotations

import importlib.util
import os
import select
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from jeepney import DBusAddress, MessageType, new_method_call
from jeepney.io.blocking import open_dbus_connection
from PySide6 import QtCore, QtDBus

# Before any QApplication exists: without a display the xcb plugin would abort the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
FAKE_SERVICES = HERE / "fake_services.py"
START_TIMEOUT = 10.0
CONTROL = DBusAddress("/control", interface="org.deskbreak.FakeControl")


def _load_harness() -> ModuleType:
    """tests/e2e/session.py, by path: the test folders are not packages."""
    path = HERE.parent / "e2e" / "session.py"
    spec = importlib.util.spec_from_file_location("deskbreak_e2e_harness", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


harness = _load_harness()


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[Any]:
    """A dbus-daemon of its own for one test; nothing on it but what the test starts."""
    bus = harness.PrivateBus(tmp_path / "bus").start()
    try:
        yield bus
    finally:
        bus.stop()


class FakeServices:
    """The fake_services.py process and a way to pull its test levers."""

    def __init__(self, bus: Any) -> None:
        self.bus = bus
        self._processes: list[subprocess.Popen[str]] = []

    def start(self, *services: str) -> None:
        """Start one fake process owning every name in ``services`` (see fake_services.py)."""
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.bus.address}
        process = subprocess.Popen(
            [sys.executable, str(FAKE_SERVICES), *services],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._processes.append(process)
        assert process.stdout is not None
        readable, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
        assert readable, f"fake_services.py {' '.join(services)} did not start"
        assert process.stdout.readline().strip() == "ready"

    def control(self, owner: str, method: str, signature: str | None = None, *body: Any) -> None:
        """Call a test lever on the fake that owns the well-known name ``owner``."""
        address = DBusAddress(CONTROL.object_path, bus_name=owner, interface=CONTROL.interface)
        with open_dbus_connection(bus=self.bus.address) as connection:
            reply = connection.send_and_get_reply(
                new_method_call(address, method, signature, body), timeout=5
            )
        assert reply.header.message_type == MessageType.method_return, reply.body

    def stop(self) -> None:
        for process in self._processes:
            process.terminate()
            process.wait(timeout=5)
            if process.stdout is not None:
                process.stdout.close()
        self._processes.clear()


@pytest.fixture
def fakes(private_bus: Any) -> Iterator[FakeServices]:
    services = FakeServices(private_bus)
    try:
        yield services
    finally:
        services.stop()


@pytest.fixture
def qt_bus(private_bus: Any, qapp: QtCore.QCoreApplication) -> Iterator[QtDBus.QDBusConnection]:
    """A QtDBus connection of this test's own to the private bus."""
    name = f"deskbreak-test-{uuid.uuid4().hex}"
    connection = QtDBus.QDBusConnection.connectToBus(private_bus.address, name)
    assert connection.isConnected(), connection.lastError().message()
    try:
        yield connection
    finally:
        QtDBus.QDBusConnection.disconnectFromBus(name)


@pytest.fixture(scope="session")
def e2e_harness() -> ModuleType:
    """tests/e2e/session.py, for tests of the harness itself."""
    return harness


@pytest.fixture(scope="session")
def x_display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A bare X server (Xvfb + a private bus, no tray, no notifications) for real X11 tests."""
    reason = harness.xvfb_missing_reason()
    if reason:
        pytest.skip(reason)
    workdir = tmp_path_factory.mktemp("x11")
    with harness.DesktopSession(workdir, tray=False, notifications=False) as desktop:
        yield desktop
