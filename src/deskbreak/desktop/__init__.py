"""Operating-system integration: idle time, lock and suspend, the notification server.

Everything here runs on the GUI thread; nothing reaches up into the UI or the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def session_bus_address(environ: Mapping[str, str]) -> str | None:
    """The D-Bus session bus address for ``environ``, or None when there is none.

    libdbus falls back to ``$XDG_RUNTIME_DIR/bus`` when the variable is unset (systemd
    user sessions put the bus there); jeepney does not, so do it here.
    """
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime_dir = environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime_dir and (Path(runtime_dir) / "bus").exists():
        return f"unix:path={Path(runtime_dir) / 'bus'}"
    return None
