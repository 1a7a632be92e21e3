"""Start deskbreak at login: the ``Autostart`` switch, one class per platform, one chooser.

Off until the user turns it on. No Qt here: ``deskbreak autostart`` works without the app.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Protocol

from deskbreak import APP_ID
from deskbreak.storage.atomic import write_atomically

ENTRY_MODE = 0o644
"""What a desktop's own startup settings give these files; mkstemp alone would make them 0600."""

XDG_ENTRY_NAME = f"{APP_ID}.desktop"
LAUNCH_AGENT_NAME = f"{APP_ID}.plist"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "deskbreak"


class AutostartUnavailable(Exception):  # noqa: N818 -- a state, not a programming error
    """Autostart cannot be switched here; the message says why."""


class Autostart(Protocol):
    """Whether deskbreak starts when this user logs in, and the switch for it.

    Thread: any, one call at a time; no Qt, no event loop. Every call reads or writes the
    entry at once and caches nothing, so a change made elsewhere (the desktop's own startup
    settings) shows in the next ``is_enabled()``. Call in any order: ``enable`` replaces an
    earlier entry, ``disable`` without one does nothing. Both raise OSError when the entry
    cannot be written.
    """

    @property
    def where(self) -> str:
        """The file or registry value that holds the entry, for messages."""
        ...

    def is_enabled(self) -> bool:
        """Whether the entry exists and the platform will act on it at the next login."""
        ...

    def enable(self, command: Sequence[str]) -> None:
        """Start ``command`` (program and arguments, unquoted) at every login from now on."""
        ...

    def disable(self) -> None:
        """Start nothing at login: the entry goes."""
        ...


def autostart_for(
    platform: str, environ: Mapping[str, str], *, config_home: Path | None = None
) -> Autostart:
    """The autostart switch for ``platform`` (a ``sys.platform`` value) and ``environ``.

    ``config_home`` keeps the entry under that folder instead of the user's own, for
    ``--basedir``: ``config_home/autostart/`` (XDG) or ``config_home/LaunchAgents/`` (macOS),
    where the desktop does not look. The Windows entry is a registry value no folder can
    hold, so there ``config_home`` raises AutostartUnavailable.
    """
    if platform == "win32":
        if config_home is not None:
            raise AutostartUnavailable(
                "on Windows the autostart entry is a registry value; --basedir cannot move it"
            )
        return WindowsAutostart()
    if platform == "darwin":
        library = config_home if config_home is not None else _home(environ) / "Library"
        return LaunchAgentAutostart(library / "LaunchAgents")
    # Linux and the BSDs: every desktop that autostarts follows the XDG spec.
    return XdgAutostart((config_home or _xdg_config_home(environ)) / "autostart")


def login_command(
    *,
    platform: str = sys.platform,
    executable: str = sys.executable,
    scripts_dir: str | None = None,
    frozen: bool | None = None,
) -> list[str]:
    """How the autostart entry starts this very installation of deskbreak.

    - Frozen (PyInstaller): the app's own executable.
    - Windows: ``pythonw.exe -m deskbreak`` beside this Python; the ``deskbreak.exe``
      console-script launcher, like ``python.exe``, would keep a console window open.
    - Elsewhere the ``deskbreak`` console script of this installation when it has one, so
      process lists and the desktop's startup settings say "deskbreak", not "python". Not
      the first ``deskbreak`` on PATH: that may be another installation or version.
    - Otherwise ``python -m deskbreak`` with this interpreter.

    ``scripts_dir`` defaults to this installation's (``sysconfig``); ``frozen`` to
    ``sys.frozen``.
    """
    if frozen is None:
        frozen = bool(getattr(sys, "frozen", False))
    if frozen:
        return [executable]
    python = Path(executable)
    if platform == "win32":
        windowless = python.with_name("pythonw.exe")
        if windowless.is_file():
            return [str(windowless), "-m", "deskbreak"]
    else:
        folder = sysconfig.get_path("scripts") if scripts_dir is None else scripts_dir
        script = Path(folder) / "deskbreak"
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script)]
    return [executable, "-m", "deskbreak"]


# -- XDG (Linux, BSD) --------------------------------------------------------------------------


class XdgAutostart:
    """A desktop entry in the XDG autostart folder, which GNOME, KDE, Xfce, ... start at login."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / XDG_ENTRY_NAME
        self.where = str(self.path)

    def is_enabled(self) -> bool:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return False
        entry = desktop_entry_keys(text)
        # A desktop's startup settings switch an entry off with these rather than delete it.
        return (
            entry.get("Hidden", "false") != "true"
            and entry.get("X-GNOME-Autostart-enabled", "true") != "false"
        )

    def enable(self, command: Sequence[str]) -> None:
        write_atomically(
            self.path, autostart_entry(command).encode("utf-8"), mode=ENTRY_MODE, make_folder=True
        )

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


def autostart_entry(command: Sequence[str]) -> str:
    """The text of the autostart desktop entry that runs ``command``."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=DeskBreak",
        "Comment=Start DeskBreak in the system tray at login",
        f"Exec={exec_value(command)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "StartupNotify=false",
        # Visible, so the desktop's own startup settings list it and can switch it off.
        "NoDisplay=false",
        "X-GNOME-Autostart-enabled=true",
        # Qt looks for the tray once at start; give the panel time to put one up.
        "X-GNOME-Autostart-Delay=5",
        "X-KDE-autostart-after=panel",
    ]
    return "\n".join(lines) + "\n"


# Characters that make an Exec argument need quotes (Desktop Entry spec 1.5, "The Exec key").
_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_QUOTED_ESCAPES = frozenset('"`$\\')
_STRING_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def exec_value(command: Sequence[str]) -> str:
    """``command`` as the value of an Exec key, quoted and escaped per the Desktop Entry spec.

    Raises ValueError for an empty command or a control character the format cannot carry.
    """
    if not command:
        raise ValueError("expected a command with at least the program to start")
    arguments = []
    for argument in command:
        bad = [c for c in argument if (ord(c) < 32 or ord(c) == 127) and c not in "\t\n\r"]
        if bad:
            raise ValueError(f"a desktop entry cannot hold the control character {bad[0]!r}")
        written = argument
        if not argument or any(c in _EXEC_RESERVED for c in argument):
            inner = "".join(f"\\{c}" if c in _QUOTED_ESCAPES else c for c in argument)
            written = f'"{inner}"'
        arguments.append(written.replace("%", "%%"))
    # Quoting comes first, then the escapes every string value has (spec: "the escape rule
    # is applied before the quoting rule" when reading).
    return "".join(_STRING_ESCAPES.get(c, c) for c in " ".join(arguments))


def desktop_entry_keys(text: str) -> dict[str, str]:
    """The keys of the ``[Desktop Entry]`` group, values as written (escapes not undone)."""
    keys: dict[str, str] = {}
    group = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line:
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), value.strip())
    return keys


# -- macOS -------------------------------------------------------------------------------------


class LaunchAgentAutostart:
    """A per-user launchd agent that runs deskbreak once at login (``RunAtLoad``).

    Shows as a background item in System Settings; ``SMAppService`` would list the app by
    name under Login Items but needs a signed ``.app``.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / LAUNCH_AGENT_NAME
        self.where = str(self.path)

    def is_enabled(self) -> bool:
        # Imported here: on Linux and Windows the tray would load an XML parser for nothing.
        import plistlib  # noqa: PLC0415
        from xml.parsers.expat import ExpatError  # noqa: PLC0415

        try:
            agent = plistlib.loads(self.path.read_bytes())
        except FileNotFoundError:
            return False
        except (ValueError, ExpatError):
            return False  # launchd skips a property list it cannot read
        return (
            isinstance(agent, dict)
            and agent.get("RunAtLoad") is True
            and agent.get("Disabled") is not True
        )

    def enable(self, command: Sequence[str]) -> None:
        if not command:
            raise ValueError("expected a command with at least the program to start")
        import plistlib  # noqa: PLC0415 - as in is_enabled

        agent = {
            "Label": APP_ID,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            # Scheduled like an app the user started, not throttled like a daemon.
            "ProcessType": "Interactive",
        }
        write_atomically(self.path, plistlib.dumps(agent), mode=ENTRY_MODE, make_folder=True)

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


# -- Windows -----------------------------------------------------------------------------------


class WindowsAutostart:
    """The ``deskbreak`` value under the user's ``Run`` key, which Explorer starts at login.

    Task Manager's Startup apps can switch it off without deleting it; that choice lives
    under ``Explorer\\StartupApproved`` and is left to the user: ``is_enabled`` reads only
    the Run value. ``registry`` is the ``winreg`` module, imported when first needed.
    """

    def __init__(self, registry: ModuleType | None = None) -> None:
        self._registry = registry
        self.where = f"HKEY_CURRENT_USER\\{RUN_KEY} (value {RUN_VALUE})"

    def _winreg(self) -> ModuleType:
        if self._registry is None:
            import winreg  # noqa: PLC0415 -- exists on Windows only

            self._registry = winreg
        return self._registry

    def is_enabled(self) -> bool:
        registry = self._winreg()
        try:
            with registry.OpenKey(
                registry.HKEY_CURRENT_USER, RUN_KEY, 0, registry.KEY_QUERY_VALUE
            ) as key:
                value, _kind = registry.QueryValueEx(key, RUN_VALUE)
        except FileNotFoundError:
            return False
        return bool(value)

    def enable(self, command: Sequence[str]) -> None:
        if not command:
            raise ValueError("expected a command with at least the program to start")
        registry = self._winreg()
        with registry.CreateKeyEx(
            registry.HKEY_CURRENT_USER, RUN_KEY, 0, registry.KEY_SET_VALUE
        ) as key:
            # The quoting CreateProcess and the C runtime undo; a path with spaces needs it.
            line = subprocess.list2cmdline(command)
            registry.SetValueEx(key, RUN_VALUE, 0, registry.REG_SZ, line)

    def disable(self) -> None:
        registry = self._winreg()
        try:
            with registry.OpenKey(
                registry.HKEY_CURRENT_USER, RUN_KEY, 0, registry.KEY_SET_VALUE
            ) as key:
                registry.DeleteValue(key, RUN_VALUE)
        except FileNotFoundError:
            pass  # no key or no value: nothing starts at login already


# -- shared ------------------------------------------------------------------------------------


def _home(environ: Mapping[str, str]) -> Path:
    home = environ.get("HOME", "")
    return Path(home) if home else Path.home()


def _xdg_config_home(environ: Mapping[str, str]) -> Path:
    configured = environ.get("XDG_CONFIG_HOME", "")
    # The XDG spec: a relative path is invalid and must be ignored.
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return _home(environ) / ".config"
