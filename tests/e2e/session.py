"""A throwaway X11 desktop for end-to-end tests: Xvfb, a private D-Bus session bus, and
optionally trayer (an XEmbed tray host) and dunst (a notification server).

Every process is started here, in its own process group, and stopped by its own handle.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

from deskbreak.desktop.ipc import NotRunning, request
from deskbreak.storage.paths import Paths

SCREEN = "1280x800x24"
START_TIMEOUT = 15.0
STOP_TIMEOUT = 5.0

# No <standard_session_servicedirs/>: nothing is D-Bus-activated, so a session without dunst
# really has no notification server (Debian's dunst installs an activation file).
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={directory}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

DUNST_CONFIG = """[global]
    # `dunstctl context` pipes "#Label (summary) [id,key]" lines into this command; grep
    # picks the action named in the choice file (Snooze unless a test says otherwise)
    # without a real menu.
    dmenu = "grep -m1 -i -f {choice}"
    history_length = 50
"""

# Variables of the developer's own session that must not leak into the test desktop.
HOST_SESSION_VARIABLES = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "DBUS_SESSION_BUS_ADDRESS",
    "DBUS_SYSTEM_BUS_ADDRESS",
    "SESSION_MANAGER",
    "XDG_SESSION_ID",
    "XDG_SESSION_TYPE",
    "XDG_SESSION_DESKTOP",
    "XDG_CURRENT_DESKTOP",
    "DESKTOP_SESSION",
    "QT_QPA_PLATFORM",
    "QT_QPA_PLATFORMTHEME",
    "DESKBREAK_BASEDIR",
)


class MissingToolError(RuntimeError):
    """A program the harness needs is not installed; the message names the package."""


def require(program: str, package: str) -> str:
    """The path of ``program``, or MissingToolError naming the Debian package that has it."""
    found = shutil.which(program)
    if found is None:
        raise MissingToolError(f"{program} not found: apt-get install {package}")
    return found


def wait_until(
    predicate: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.05
) -> None:
    """Poll ``predicate`` until it holds; TimeoutError naming ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(interval)


class Helper:
    """A background process in its own process group, its output in a log file."""

    def __init__(
        self, name: str, command: Sequence[str], *, env: Mapping[str, str], log_dir: Path, **popen
    ) -> None:
        self.name = name
        self.log = log_dir / f"{name}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                list(command),
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=popen.pop("stdout", log),
                stderr=log,
                start_new_session=True,
                **popen,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL it if it lingers, and reap the process."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                continue
            # Children that outlived the leader still sit in its process group.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            return


class PrivateBus:
    """A dbus-daemon of our own, with nothing activatable on it."""

    def __init__(self, directory: Path, *, env: Mapping[str, str] | None = None) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._env = dict(os.environ if env is None else env)
        self._helper: Helper | None = None
        self._socket_dir: Path | None = None
        self.address = ""

    def start(self) -> PrivateBus:
        """Start the daemon and learn its address, or clean up and raise."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        daemon = require("dbus-daemon", "dbus")
        # A short folder of its own for the socket: pytest's tmp_path can exceed the
        # 108 bytes a unix socket path may have.
        self._socket_dir = Path(tempfile.mkdtemp(prefix="deskbreak-bus-"))
        config = self.directory / "bus.conf"
        config.write_text(BUS_CONFIG.format(directory=self._socket_dir))
        read_end, write_end = os.pipe()
        try:
            self._helper = Helper(
                "dbus-daemon",
                [daemon, f"--config-file={config}", "--nofork", f"--print-address={write_end}"],
                env=self._env,
                log_dir=self.directory,
                pass_fds=(write_end,),
            )
            os.close(write_end)
            write_end = -1
            self.address = _read_line(read_end, what="the dbus-daemon address", helper=self._helper)
        finally:
            os.close(read_end)
            if write_end != -1:
                os.close(write_end)

    def stop(self) -> None:
        if self._helper is not None:
            self._helper.stop()
            self._helper = None
        if self._socket_dir is not None:
            shutil.rmtree(self._socket_dir, ignore_errors=True)
            self._socket_dir = None

    @property
    def pids(self) -> list[int]:
        return [] if self._helper is None else [self._helper.pid]

    def name_has_owner(self, name: str) -> bool:
        bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
        with open_dbus_connection(bus=self.address) as connection:
            reply = connection.send_and_get_reply(
                new_method_call(bus, "NameHasOwner", "s", (name,)), timeout=5
            )
        return bool(reply.body[0])

    def wait_for_name(self, name: str, *, timeout: float = START_TIMEOUT) -> None:
        wait_until(lambda: self.name_has_owner(name), timeout=timeout, what=f"{name} on the bus")


class DesktopSession:
    """Xvfb + a private session bus (+ trayer, + dunst), with helpers to drive and inspect it.

    ``env`` is what a program started in this desktop gets: DISPLAY, DBUS_SESSION_BUS_ADDRESS,
    XDG_RUNTIME_DIR and HOME/XDG_*_HOME in the work folder, QT_QPA_PLATFORM=xcb, and a system
    bus address that leads nowhere, so nothing talks to the host's logind.
    """

    def __init__(self, workdir: Path, *, tray: bool, notifications: bool) -> None:
        self.workdir = workdir
        self.tray = tray
        self.notifications = notifications
        self.logs = workdir / "logs"
        self.display = ""
        self.env: dict[str, str] = {}
        self.bus = PrivateBus(workdir / "bus")
        self._helpers: list[Helper] = []
        self._spawned: list[Helper] = []

    # -- life cycle --------------------------------------------------------------------------

    def __enter__(self) -> DesktopSession:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> DesktopSession:
        """Start every part, or stop what started and raise."""
        self.logs.mkdir(parents=True, exist_ok=True)
        try:
            self._start_xvfb()
            self.bus.start()
            self.env = self._session_env()
            if self.tray:
                self._start_trayer()
            if self.notifications:
                self._start_dunst()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop everything, newest first; safe to call twice."""
        for helper in reversed(self._spawned):
            helper.stop()
        self._spawned.clear()
        for helper in reversed(self._helpers[1:]):
            helper.stop()
        self.bus.stop()
        if self._helpers:
            self._helpers[0].stop()  # Xvfb last: the others are its clients
        self._helpers.clear()

    @property
    def pids(self) -> list[int]:
        """Every process the session started and has not stopped yet."""
        return [h.pid for h in [*self._helpers, *self._spawned]] + self.bus.pids

    # -- driving and looking -------------------------------------------------------------------

    def run(
        self,
        command: Sequence[str],
        *,
        timeout: float = 60.0,
        check: bool = False,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``command`` inside the desktop and return its output as text."""
        return subprocess.run(
            list(command),
            env={**self.env, **(env or {})},
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
            stdin=subprocess.DEVNULL,
        )

    def spawn(
        self, name: str, command: Sequence[str], *, env: Mapping[str, str] | None = None
    ) -> Helper:
        """Start ``command`` in the background; it is stopped with the session at the latest."""
        helper = Helper(name, command, env={**self.env, **(env or {})}, log_dir=self.logs)
        self._spawned.append(helper)
        return helper

    def dunst_choice(self, label: str) -> None:
        """Which action dunst's context menu (``dunstctl context``) picks from now on."""
        (self.workdir / "dunst-choice").write_text(label + "\n")

    def xdotool(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run xdotool (input, window search) against this display; raises if it fails."""
        return self.run([require("xdotool", "xdotool"), *args], check=True, timeout=30)

    def screenshot(self, path: Path, window: str = "root") -> Path:
        """Save the whole screen, or the X window ``window``, as an image (ImageMagick
        ``import -window``)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.run([require("import", "imagemagick"), "-window", window, str(path)], check=True)
        return path

    def windows_tree(self) -> str:
        """``xwininfo -root -tree``: every window with its name, class and geometry."""
        command = [require("xwininfo", "x11-utils"), "-root", "-tree"]
        return self.run(command, check=True, timeout=30).stdout

    def tray_available(self) -> bool:
        """Whether an XEmbed tray host owns _NET_SYSTEM_TRAY_S0 on this display."""
        return _selection_owned(self.display, "_NET_SYSTEM_TRAY_S0")

    # -- parts ---------------------------------------------------------------------------------

    def _start_xvfb(self) -> None:
        xvfb = require("Xvfb", "xvfb")
        read_end, write_end = os.pipe()
        try:
            # -displayfd: Xvfb picks a free display number (other sessions may own :99).
            # -noreset: otherwise the server resets whenever its last client disconnects.
            helper = Helper(
                "xvfb",
                [
                    xvfb,
                    "-displayfd",
                    str(write_end),
                    "-screen",
                    "0",
                    SCREEN,
                    "-nolisten",
                    "tcp",
                    "-noreset",
                ],
                env=os.environ,
                log_dir=self.logs,
                pass_fds=(write_end,),
            )
            self._helpers.append(helper)
            os.close(write_end)
            write_end = -1
            self.display = ":" + _read_line(read_end, what="the Xvfb display number", helper=helper)
        finally:
            os.close(read_end)
            if write_end != -1:
                os.close(write_end)

    def _session_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in HOST_SESSION_VARIABLES}
        home = self.workdir / "home"
        runtime = self.workdir / "runtime"
        for folder in (home, runtime):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        env.update(
            DISPLAY=self.display,
            DBUS_SESSION_BUS_ADDRESS=self.bus.address,
            DBUS_SYSTEM_BUS_ADDRESS=f"unix:path={self.workdir / 'no-system-bus'}",
            XDG_RUNTIME_DIR=str(runtime),
            XDG_SESSION_TYPE="x11",
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
            XDG_CACHE_HOME=str(home / ".cache"),
            QT_QPA_PLATFORM="xcb",
        )
        return env

    def _start_trayer(self) -> None:
        trayer = require("trayer", "trayer")
        command = [trayer, "--edge", "top", "--align", "right", "--widthtype", "request"]
        command += ["--height", "24", "--SetDockType", "true", "--transparent", "false"]
        command += ["--tint", "0x333333"]
        helper = Helper("trayer", command, env=self.env, log_dir=self.logs)
        self._helpers.append(helper)
        _wait_running(helper, self.tray_available, what="trayer to own the system tray")

    def _start_dunst(self) -> None:
        dunst = require("dunst", "dunst")
        config = self.workdir / "dunstrc"
        self.dunst_choice("snooze")
        config.write_text(DUNST_CONFIG.format(choice=self.workdir / "dunst-choice"))
        helper = Helper("dunst", [dunst, "-config", str(config)], env=self.env, log_dir=self.logs)
        self._helpers.append(helper)
        name = "org.freedesktop.Notifications"
        _wait_running(helper, lambda: self.bus.name_has_owner(name), what=f"dunst to own {name}")


def _wait_running(helper: Helper, ready: Callable[[], bool], *, what: str) -> None:
    def check() -> bool:
        if not helper.running():
            raise RuntimeError(f"{helper.name} exited early:\n{helper.log_text()}")
        return ready()

    wait_until(check, timeout=START_TIMEOUT, what=what)


def _read_line(fd: int, *, what: str, helper: Helper) -> str:
    """The first line written to pipe ``fd``, waiting at most START_TIMEOUT."""
    data = b""
    deadline = time.monotonic() + START_TIMEOUT
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"gave up waiting for {what}:\n{helper.log_text()}")
        readable, _, _ = select.select([fd], [], [], min(remaining, 0.2))
        if readable:
            chunk = os.read(fd, 256)
            if not chunk:
                raise RuntimeError(
                    f"{helper.name} exited before printing {what}:\n{helper.log_text()}"
                )
            data += chunk
    return data.decode().strip()


def _selection_owned(display: str, selection: str) -> bool:
    """Ask the X server whether anyone owns ``selection`` (one short-lived connection)."""
    xlib = ctypes.CDLL("libX11.so.6")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
    xlib.XGetSelectionOwner.restype = ctypes.c_ulong
    xlib.XGetSelectionOwner.argtypes = (ctypes.c_void_p, ctypes.c_ulong)
    xlib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
    connection = xlib.XOpenDisplay(display.encode())
    if not connection:
        return False
    try:
        atom = xlib.XInternAtom(connection, selection.encode(), 0)
        return bool(xlib.XGetSelectionOwner(connection, atom))
    finally:
        xlib.XCloseDisplay(connection)


def xvfb_missing_reason() -> str | None:
    """Why end-to-end tests cannot run here, or None when they can."""
    if not sys.platform.startswith("linux"):
        return "the end-to-end desktop needs Linux"
    if shutil.which("Xvfb") is None:
        return "Xvfb is not installed (apt-get install xvfb; scripts/setup --test does it)"
    return None


class RunningApp:
    """The real deskbreak started in a desktop with its own ``--basedir`` and settings.

    The settings file written first also keeps the first-run welcome away; ``settings=None``
    writes none, for a true first start (tests/e2e/test_first_run.py).
    """

    def __init__(
        self, desktop: DesktopSession, basedir: Path, *, settings: str | None, name: str
    ) -> None:
        self.desktop = desktop
        self.basedir = basedir
        (basedir / "config").mkdir(parents=True, exist_ok=True)
        if settings is not None:
            (basedir / "config" / "settings.toml").write_text(settings)
        self.process = desktop.spawn(name, [*self.command(), "run"])
        wait_until(
            lambda: self.cli("status").returncode == 0 or not self.process.running(),
            timeout=2 * START_TIMEOUT,
            what="deskbreak to answer on its socket",
        )
        assert self.process.running(), self.process.log_text()

    def command(self) -> list[str]:
        return [sys.executable, "-m", "deskbreak", "--basedir", str(self.basedir)]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a ``deskbreak`` command against this instance."""
        return self.desktop.run([*self.command(), *args])

    def status(self) -> dict[str, Any]:
        """``deskbreak status --json``."""
        result = self.cli("status", "--json")
        assert result.returncode == 0, result.stderr
        answer: dict[str, Any] = json.loads(result.stdout)
        return answer

    def stop(self) -> None:
        """Quit over IPC, or terminate it when it does not listen any more."""
        if not self.process.running():
            return
        with contextlib.suppress(NotRunning, OSError):
            request(Paths.under(self.basedir).socket_name, {"command": "quit"})
        try:
            self.process.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.process.terminate()
            self.process.process.wait(timeout=STOP_TIMEOUT)
