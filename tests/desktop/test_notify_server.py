"""server_info: who serves notifications on the session bus, or why nobody does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from deskbreak.desktop.notify_server import NoNotificationServer, NotificationServer, server_info


def test_reports_name_version_and_capabilities(fakes: Any, private_bus: Any) -> None:
    fakes.start("notifications")
    server = server_info({"DBUS_SESSION_BUS_ADDRESS": private_bus.address})
    assert server == NotificationServer(
        name="fake-notifyd",
        vendor="deskbreak tests",
        version="0.1",
        spec_version="1.2",
        capabilities=("actions", "body"),
    )
    assert server.has_actions


def test_no_server_on_the_bus(private_bus: Any) -> None:
    answer = server_info({"DBUS_SESSION_BUS_ADDRESS": private_bus.address})
    assert isinstance(answer, NoNotificationServer)
    assert answer.reason.startswith("no notification server on the session bus")
    assert "dunst" in answer.reason


def test_no_session_bus_at_all() -> None:
    answer = server_info({})
    assert isinstance(answer, NoNotificationServer)
    assert "DBUS_SESSION_BUS_ADDRESS is unset" in answer.reason


def test_unreachable_bus(tmp_path: Path) -> None:
    answer = server_info({"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'gone'}"})
    assert isinstance(answer, NoNotificationServer)
    assert answer.reason.startswith("cannot connect to the D-Bus session bus")


def test_runtime_dir_bus_is_found_without_the_variable(
    private_bus: Any, fakes: Any, tmp_path: Path
) -> None:
    # libdbus's fallback, done by hand for jeepney: $XDG_RUNTIME_DIR/bus.
    fakes.start("notifications")
    socket = private_bus.address.split("path=", 1)[1].split(",", 1)[0]
    runtime_dir = tmp_path / "runtime"
    runtime_dir.mkdir()
    (runtime_dir / "bus").symlink_to(socket)
    answer = server_info({"XDG_RUNTIME_DIR": str(runtime_dir)})
    assert isinstance(answer, NotificationServer)
