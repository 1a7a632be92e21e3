"""Shared session code for the tray benchmarks (idle.py, startup.py).

A measured program runs in a desktop of its own: an Xvfb on a free display number, a private
D-Bus session bus and trayer as the XEmbed tray host (PLATFORM.md §6). Nothing of the host
session (its DISPLAY, its bus) reaches the program. Every helper runs in its own process group
and is stopped by its saved process id.

Python programs run from byte code, as from an installed wheel (pip compiles it at install):
``compile_sources()`` compiles deskbreak's sources into their ``__pycache__`` folders first,
or an editable checkout under ``PYTHONDONTWRITEBYTECODE`` would compile every module from
source at each start.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCREEN = "1280x800x24"
START_TIMEOUT = 15.0
XVFB_FLAGS = ("-nolisten", "tcp", "-noreset")
TRAY_HOST_WINDOW = "panel"
"""The name of trayer's top-level window; docked icons are its descendants."""

# Variables of the host session that must not reach the measured programs.
HOST_SESSION_VARIABLES = (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "XAUTHORITY",
    "DBUS_SESSION_BUS_ADDRESS",
    "SESSION_MANAGER",
    "XDG_SESSION_TYPE",
    "XDG_CURRENT_DESKTOP",
    "DESKTOP_SESSION",
    "QT_QPA_PLATFORM",
    "QT_QPA_PLATFORMTHEME",
    "QT_SCALE_FACTOR",
    "QT_SCREEN_SCALE_FACTORS",
    "QT_AUTO_SCREEN_SCALE_FACTOR",
    "DESKBREAK_BASEDIR",
    "PYTHONDONTWRITEBYTECODE",  # a user's Python caches byte code
    "PYTHONPYCACHEPREFIX",
)


def host_free_environment() -> dict[str, str]:
    """This process's environment without the host session's variables."""
    return {k: v for k, v in os.environ.items() if k not in HOST_SESSION_VARIABLES}


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0..1) percentile of ``values``, interpolated between closest ranks
    (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


CLK_TCK = os.sysconf("SC_CLK_TCK")


# -- the programs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Program:
    """A tray program to measure: its name in the report and how to start it in ``home``."""

    name: str
    executable: str | None  # None: always available (runs with this Python)
    settings: Callable[[], str] | None = None
    """deskbreak only: its settings file (TOML), made just before it starts. Every deskbreak
    gets one, empty by default: a settings file marks a returning user, so the first-run
    welcome stays closed and the tray is all there is."""
    about: str = ""

    def command(self, home: Path) -> list[str]:
        if self.name.startswith("deskbreak"):
            basedir = home / "basedir"
            basedir.mkdir(exist_ok=True)
            (basedir / "config").mkdir(exist_ok=True)
            text = "# defaults\n" if self.settings is None else self.settings()
            (basedir / "config" / "settings.toml").write_text(text)
            return [sys.executable, "-m", "deskbreak", "--basedir", str(basedir)]
        if self.name == "floor":
            return [sys.executable, str(ROOT / "bench" / "floor_tray.py")]
        assert self.executable is not None
        return [self.executable]

    def available(self) -> bool:
        return self.executable is None or shutil.which(self.executable) is not None


def _run_days_settings(minutes_ahead: int) -> Callable[[], str]:
    """Every day a run day, the run ``minutes_ahead`` minutes after the program starts."""

    def settings() -> str:
        # The app's local time: it runs with this process's time zone.
        at = datetime.datetime.now() + datetime.timedelta(minutes=minutes_ahead)
        days = '["mon", "tue", "wed", "thu", "fri", "sat", "sun"]'
        return f'[run]\ndays = {days}\ntime = "{at:%H:%M}"\n'

    return settings


FLOOR = Program("floor", None)
DESKBREAK = Program("deskbreak", None, about="default settings (no run days)")
DESKBREAK_RUN = Program(
    "deskbreak+run",
    None,
    _run_days_settings(180),
    "every day a run day, the run 3 hours ahead (the evening job waits on one timer)",
)
DESKBREAK_EVENING = Program(
    "deskbreak+evening",
    None,
    _run_days_settings(10),
    "every day a run day, the run 10 minutes ahead (APScheduler loaded, its job pending)",
)
DESKBREAK_AWAY = Program(
    "deskbreak+away",
    None,
    lambda: '[sitting]\naway_threshold = "1m"\n',
    "away after 1 minute without input (the least allowed); with --settle 90 the whole "
    "window is away: X11 has no signal for the user's return, so it looks every 10 s",
)
VARIANTS = (DESKBREAK_RUN, DESKBREAK_EVENING, DESKBREAK_AWAY)
"""deskbreak with other settings: measured when named in --programs."""
PEERS = (
    Program("workrave", "workrave"),
    Program("safeeyes", "safeeyes"),
    Program("rsibreak", "rsibreak"),
)
PEER_PACKAGES = ("workrave", "safeeyes", "rsibreak")


def install_peers() -> str:
    """apt-get install the peers (root only); returns what happened, in one line."""
    if os.geteuid() != 0:
        return "not root: peers not installed"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    started = time.monotonic()
    completed = subprocess.run(
        ["apt-get", "install", "-y", "--no-install-recommends", *PEER_PACKAGES],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    took = time.monotonic() - started
    if completed.returncode != 0:
        tail = " | ".join(completed.stderr.strip().splitlines()[-3:])
        return f"apt-get failed after {took:.0f} s (exit {completed.returncode}): {tail}"
    return f"apt-get installed the peers in {took:.0f} s"


def add_program_arguments(parser: argparse.ArgumentParser, *, repeats: int, each: str) -> None:
    """The options idle.py and startup.py share: which programs, how often, peers, JSON."""
    parser.add_argument(
        "--repeats", type=int, default=repeats, help=f"{each} per program ({repeats})"
    )
    parser.add_argument(
        "--programs",
        help="comma-separated: deskbreak,deskbreak+run,deskbreak+evening,deskbreak+away,"
        "workrave,safeeyes,rsibreak (floor always; default all but the deskbreak+ variants)",
    )
    parser.add_argument(
        "--install-peers", action="store_true", help="apt-get install the peers first (root)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


@dataclass(frozen=True)
class Chosen:
    """The programs to measure, from the shared options."""

    programs: list[Program]
    """The floor first, then the named programs that are installed."""
    missing: list[str]
    """Named programs not installed (skipped)."""
    install: str | None
    """What ``--install-peers`` did, in one line; None without it."""


def chosen_programs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Chosen:
    """Check the shared options, install the peers if asked, and pick the programs."""
    if args.repeats < 1:
        parser.error("--repeats must be 1 or more")
    install = install_peers() if args.install_peers else None
    programs = selected(args.programs)
    missing = [p.name for p in programs if not p.available()]
    return Chosen([p for p in programs if p.available()], missing, install)


def selected(names: str | None) -> list[Program]:
    """The floor, then the named programs (all but the deskbreak variants if none named)."""
    programs = [FLOOR, DESKBREAK, *VARIANTS, *PEERS]
    if not names:
        return [p for p in programs if p not in VARIANTS]
    wanted = {name.strip() for name in names.split(",")}
    unknown = wanted - {p.name for p in programs}
    if unknown:
        raise SystemExit(f"unknown programs: {', '.join(sorted(unknown))}")
    return [p for p in programs if p.name in wanted or p.name == "floor"]


def package_version(program: Program) -> str | None:
    """The Debian package version of a peer, or this checkout's for deskbreak."""
    if program.executable is None:
        return None
    completed = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", program.name],
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.stdout.strip() or None


# -- the session -----------------------------------------------------------------------------


def start_xvfb(log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb on a free display number (-displayfd), in its own process group."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise SystemExit("Xvfb not found: apt-get install xvfb")
    process, line = _start_reporting(
        lambda fd: [xvfb, "-displayfd", fd, "-screen", "0", SCREEN, *XVFB_FLAGS], log, "Xvfb"
    )
    return process, ":" + line


def start_dbus(log: Path, display: str) -> tuple[subprocess.Popen[bytes], str]:
    """A private session bus (dbus-daemon --session, not forked), and its address.

    The services it activates (a notification server, if one is installed) see ``display``.
    """
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        raise SystemExit("dbus-daemon not found: apt-get install dbus")
    return _start_reporting(
        lambda fd: [daemon, "--session", "--nofork", "--print-address", fd],
        log,
        "dbus-daemon",
        env={**host_free_environment(), "DISPLAY": display},
    )


def _start_reporting(
    command: Callable[[str], list[str]],
    log: Path,
    what: str,
    *,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start a daemon that writes one line (its display, its address) to the file descriptor
    it is given, in its own process group; that line, stripped, once it is there."""
    read_end, write_end = os.pipe()
    try:
        with log.open("wb") as out:
            process = subprocess.Popen(
                command(str(write_end)),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                pass_fds=(write_end,),
                start_new_session=True,
            )
        os.close(write_end)
        write_end = -1
        data = _read_line(read_end, START_TIMEOUT)
    finally:
        os.close(read_end)
        if write_end != -1:
            os.close(write_end)
    if not data.endswith(b"\n"):
        stop(process)
        raise SystemExit(f"{what} did not start:\n{log.read_text(errors='replace')}")
    return process, data.decode().strip()


def child_report(completed: subprocess.CompletedProcess[str], what: str) -> dict[str, Any]:
    """The last JSON line a measuring child printed, with its stderr lines (at most 20) as
    ``stderr``; exits naming ``what`` when the child failed or printed none."""
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        raise SystemExit(
            f"{what} failed (exit {completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
        )
    result: dict[str, Any] = json.loads(lines[-1])
    warnings = [line for line in completed.stderr.splitlines() if line.strip()]
    if warnings:
        result["stderr"] = warnings[:20]
    return result


def _read_line(fd: int, timeout: float) -> bytes:
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        readable, _, _ = select.select([fd], [], [], max(0.0, min(remaining, 0.2)))
        if readable:
            chunk = os.read(fd, 256)
            if not chunk:
                break
            data += chunk
        elif remaining <= 0:
            break
    return data


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group, SIGKILL if it lingers, and reap it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            continue
        return


@dataclass
class Session:
    """Xvfb + a private session bus + trayer, and a scratch home for the measured program."""

    work: Path
    display: str = ""
    bus: str = ""
    helpers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    panel: str = ""

    def env(self, home: Path) -> dict[str, str]:
        env = host_free_environment()
        runtime = home / "runtime"
        runtime.mkdir(mode=0o700, exist_ok=True)
        env.update(
            DISPLAY=self.display,
            DBUS_SESSION_BUS_ADDRESS=self.bus,
            QT_QPA_PLATFORM="xcb",
            XDG_RUNTIME_DIR=str(runtime),
            HOME=str(home),
            # The XDG defaults under the scratch home (Safe Eyes assumes ~/.config).
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local" / "share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            XDG_STATE_HOME=str(home / ".local" / "state"),
            LIBGL_ALWAYS_SOFTWARE="1",
            NO_AT_BRIDGE="1",  # GTK peers: no accessibility bus to start
        )
        return env

    def tray_icons(self) -> set[str] | None:
        """Ids of the icon windows docked in trayer's panel: windows embedded in its sockets.

        trayer makes a socket window (a child of the panel) and then reparents the client's
        icon window into it; the icon counts as docked once it is there. None if no panel.
        """
        completed = subprocess.run(
            ["xwininfo", "-display", self.display, "-id", self.panel, "-tree"],
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            return None
        windows: list[tuple[int, str]] = []
        for line in completed.stdout.splitlines():
            stripped = line.lstrip()
            if stripped.startswith("0x"):
                windows.append((len(line) - len(stripped), stripped.split()[0]))
        if not windows:
            return set()
        sockets = min(indent for indent, _ in windows)
        return {window for indent, window in windows if indent > sockets}


def find_window(display: str, name: str) -> str | None:
    completed = subprocess.run(
        ["xwininfo", "-display", display, "-root", "-tree"],
        capture_output=True,
        text=True,
        check=False,
    )
    for line in completed.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith("0x") and parts[1] == f'"{name}":':
            return parts[0]
    return None


def compile_sources() -> None:
    """Byte-compile deskbreak's sources into their __pycache__ folders (ignored by git)."""
    env = host_free_environment()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "deskbreak")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@contextlib.contextmanager
def session() -> Iterator[Session]:
    """A fresh Xvfb + D-Bus + trayer; everything stopped and removed afterwards."""
    for tool in ("trayer", "xwininfo"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: apt-get install trayer x11-utils")
    with tempfile.TemporaryDirectory(prefix="deskbreak-bench-") as folder:
        current = Session(Path(folder))
        try:
            xvfb, current.display = start_xvfb(current.work / "xvfb.log")
            current.helpers.append(xvfb)
            bus, current.bus = start_dbus(current.work / "dbus.log", current.display)
            current.helpers.append(bus)
            env = current.env(current.work)
            with (current.work / "trayer.log").open("wb") as out:
                trayer = subprocess.Popen(
                    ["trayer", "--edge", "top", "--align", "right", "--height", "24"],
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=out,
                    start_new_session=True,
                )
            current.helpers.append(trayer)
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                panel = find_window(current.display, TRAY_HOST_WINDOW)
                if panel is not None:
                    current.panel = panel
                    break
                if time.monotonic() > deadline or trayer.poll() is not None:
                    log = (current.work / "trayer.log").read_text(errors="replace")
                    raise SystemExit(f"trayer did not show its panel:\n{log}")
                time.sleep(0.02)
            yield current
        finally:
            for helper in reversed(current.helpers):
                stop(helper)


def start_program(
    current: Session, program: Program, home: Path
) -> tuple[subprocess.Popen[bytes], float]:
    """Start ``program`` in ``current`` with ``home`` as its home; also its start time."""
    for folder in (".config", ".local/share", ".cache", ".local/state"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    command = program.command(home)
    env = current.env(home)
    log = (home / "program.log").open("wb")
    with log:
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    return process, started


def program_log(home: Path, lines: int = 15) -> str:
    with contextlib.suppress(OSError):
        text = (home / "program.log").read_text(errors="replace").strip().splitlines()
        return "\n".join(text[-lines:])
    return ""


# -- /proc -----------------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants alive now."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        if Path(f"/proc/{current}").exists():
            tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def _status(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    with contextlib.suppress(OSError):
        for line in path.read_text().splitlines():
            key, _, value = line.partition(":")
            found[key] = value.strip()
    return found


def tree_sample(pid: int) -> dict[str, Any]:
    """CPU seconds, context switches (all threads), threads and memory of ``pid``'s tree.

    CPU is the threads' time on a CPU from /proc/PID/task/*/schedstat (user + system, in ns;
    utime + stime of /proc/PID/stat, in clock ticks, where schedstat is missing).
    """
    cpu = 0.0
    cpu_ns = 0
    switches = 0
    threads = 0
    rss_kib = 0
    pss_kib = 0
    pids = process_tree(pid)
    for member in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = Path(f"/proc/{member}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            cpu += (int(fields[11]) + int(fields[12])) / CLK_TCK
        for task in Path(f"/proc/{member}/task").glob("*"):
            status = _status(task / "status")
            if not status:
                continue
            threads += 1
            # Nanoseconds on a CPU (schedstat) are finer than the clock ticks of stat.
            with contextlib.suppress(OSError, ValueError, IndexError):
                cpu_ns += int((task / "schedstat").read_text().split()[0])
            switches += int(status.get("voluntary_ctxt_switches", "0"))
            switches += int(status.get("nonvoluntary_ctxt_switches", "0"))
        rollup = _status(Path(f"/proc/{member}/smaps_rollup"))
        rss_kib += int(rollup.get("Rss", "0 kB").split()[0])
        pss_kib += int(rollup.get("Pss", "0 kB").split()[0])
    return {
        "pids": len(pids),
        "cpu_s": cpu_ns / 1e9 if cpu_ns else cpu,
        "switches": switches,
        "threads": threads,
        "rss_mib": rss_kib / 1024.0,
        "pss_mib": pss_kib / 1024.0,
    }


# -- reporting -------------------------------------------------------------------------------


def spread(values: Sequence[float], digits: int = 2) -> dict[str, float]:
    """Median, min and max of ``values``."""
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def ratio(value: float, floor: float) -> float | None:
    return round(value / floor, 2) if floor > 0 else None


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines
