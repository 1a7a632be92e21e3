"""``deskbreak doctor``: which idle, lock, suspend, tray and notification sources work here.

Every source that does not work gets one line saying what is missing and how to fix it.
Exit status 0 when an idle source works, 1 otherwise (deskbreak would run in manual mode).
"""

from __future__ import annotations

import argparse
import json
import os
import platform as platform_module
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Light imports only: the dispatcher imports every command module to build --help. Qt, QtDBus
# and jeepney are imported inside the functions that use them.
from deskbreak.desktop.idle import IdleUnavailable, choose_idle_source
from deskbreak.storage.paths import Paths

NO_TRAY = (
    "no tray host: install/enable a StatusNotifier or XEmbed tray; "
    "deskbreak stays reachable with `deskbreak status`"
)
NO_IDLE = (
    "no idle source: deskbreak runs in manual mode and cannot see you get up; "
    "fix one of the idle sources listed above"
)
NO_SESSION_EVENTS = (
    "no lock or suspend source: deskbreak sees a locked screen only through idle time; "
    "run it inside a session with systemd-logind or a D-Bus screen saver"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of the text report"
    )


@dataclass
class IdleReport:
    source: str | None = None
    idle_seconds: float | None = None
    event_driven: bool = False
    tried: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Report:
    platform: dict[str, str]
    idle: IdleReport
    session: dict[str, Any]
    tray: dict[str, Any]
    notifications: dict[str, Any]
    paths: dict[str, str]
    problems: list[str]


def run(args: argparse.Namespace) -> int:
    basedir: Path | None = getattr(args, "basedir", None)
    report = gather(os.environ, sys.platform, basedir=basedir)
    if getattr(args, "json", False):
        print(json.dumps(asdict(report), indent=2))
    else:
        print(render(report))
    return 0 if report.idle.source is not None else 1


def gather(environ: Mapping[str, str], platform: str, *, basedir: Path | None) -> Report:
    """Look at everything deskbreak depends on, without changing anything."""
    problems: list[str] = []
    idle = _check_idle(environ, platform)
    headless = _headless(environ, platform, idle)
    if headless:
        problems.append(
            f"no display ({headless}): the tray cannot be checked; "
            "run `deskbreak doctor` inside your desktop session"
        )
    import PySide6  # noqa: PLC0415 -- see the module's imports
    from PySide6 import QtCore, QtGui, QtWidgets  # noqa: PLC0415

    from deskbreak.desktop.session import SessionWatcher  # noqa: PLC0415

    _application(headless=bool(headless))
    watcher = SessionWatcher()
    session = {
        "sources": list(watcher.sources),
        "missing": [{"name": name, "reason": reason} for name, reason in watcher.missing],
    }
    watcher.deleteLater()
    tray_available = bool(QtWidgets.QSystemTrayIcon.isSystemTrayAvailable())
    tray: dict[str, Any] = {"available": tray_available, "reason": None}
    if not tray_available:
        tray["reason"] = "not checked: no display" if headless else NO_TRAY
    notifications = _check_notifications(environ)
    platform_info = {
        "os": platform_module.platform(),
        "python": platform_module.python_version(),
        "qt": QtCore.qVersion(),
        "pyside6": PySide6.__version__,
        "qt_platform": QtGui.QGuiApplication.platformName(),
        "session_type": environ.get("XDG_SESSION_TYPE", ""),
        "desktop": environ.get("XDG_CURRENT_DESKTOP", ""),
    }
    if idle.source is None:
        problems.append(NO_IDLE)
    if not session["sources"]:
        problems.append(NO_SESSION_EVENTS)
    if not tray_available and not headless:
        problems.append(NO_TRAY)
    if notifications["server"] is None:
        problems.append(f"no notifications: {notifications['reason']}")
    elif "actions" not in notifications["server"]["capabilities"]:
        problems.append(
            "the notification server shows no buttons (no `actions` capability): "
            "deskbreak asks in its own small window instead"
        )
    return Report(
        platform=platform_info,
        idle=idle,
        session=session,
        tray=tray,
        notifications=notifications,
        paths=_paths(basedir),
        problems=problems,
    )


def _check_idle(environ: Mapping[str, str], platform: str) -> IdleReport:
    choice = choose_idle_source(environ, platform)
    report = IdleReport(tried=[{"name": name, "reason": why} for name, why in choice.tried])
    source = choice.source
    if source is None:
        return report
    try:
        report.idle_seconds = source.idle_seconds()
        report.source = source.name
        # Arming a watch is harmless here: it is dropped with the source right below.
        report.event_driven = source.watch_active(lambda: None)
    except IdleUnavailable as exc:
        report.tried.append({"name": source.name, "reason": str(exc)})
    finally:
        source.close()
    return report


def _headless(environ: Mapping[str, str], platform: str, idle: IdleReport) -> str:
    """Why Qt cannot open a window system here, or "" when it can.

    Qt's xcb plugin aborts the whole process when it cannot reach the display, so this is
    decided before the application object exists.
    """
    if platform in {"win32", "darwin"}:
        return ""
    if environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return f"QT_QPA_PLATFORM={environ['QT_QPA_PLATFORM']}"
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return "DISPLAY and WAYLAND_DISPLAY are unset"
    if not environ.get("WAYLAND_DISPLAY"):
        for attempt in idle.tried:
            if attempt["reason"].startswith("cannot open X display"):
                return f"the X server at DISPLAY={environ.get('DISPLAY')} does not answer"
    return ""


def _application(*, headless: bool) -> object:
    """The running QApplication, or a new one (the tray check needs one)."""
    from PySide6 import QtWidgets  # noqa: PLC0415 -- see the module's imports

    existing = QtWidgets.QApplication.instance()
    if existing is not None:
        return existing
    argv = ["deskbreak", "-platform", "offscreen"] if headless else ["deskbreak"]
    return QtWidgets.QApplication(argv)


def _check_notifications(environ: Mapping[str, str]) -> dict[str, Any]:
    from deskbreak.desktop.notify_server import (  # noqa: PLC0415 -- see the module's imports
        NoNotificationServer,
        server_info,
    )

    answer = server_info(environ)
    if isinstance(answer, NoNotificationServer):
        return {"server": None, "reason": answer.reason}
    server = asdict(answer)
    server["capabilities"] = list(answer.capabilities)
    return {"server": server, "reason": None}


def _paths(basedir: Path | None) -> dict[str, str]:
    paths = Paths.for_user() if basedir is None else Paths.under(basedir)
    return {
        "config_dir": str(paths.config_dir),
        "data_dir": str(paths.data_dir),
        "runtime_dir": str(paths.runtime_dir),
        "settings_file": str(paths.settings_file),
        "history_file": str(paths.history_file),
        "socket_name": paths.socket_name,
    }


# -- text ---------------------------------------------------------------------------------------

PATH_LABELS = {
    "config_dir": "config folder",
    "data_dir": "data folder",
    "runtime_dir": "runtime folder",
    "settings_file": "settings",
    "history_file": "history",
    "socket_name": "socket",
}
OK = "[ok]"
NO = "[no]"


def render(report: Report) -> str:
    """The report as text for a person: one section per kind of source, problems last."""
    info = report.platform
    lines = [
        "Platform",
        f"  OS               {info['os']}",
        f"  Python           {info['python']}",
        f"  Qt               {info['qt']} (PySide6 {info['pyside6']}), "
        f"platform plugin {info['qt_platform'] or '?'}",
        f"  session type     {info['session_type'] or '(XDG_SESSION_TYPE unset)'}",
        f"  desktop          {info['desktop'] or '(XDG_CURRENT_DESKTOP unset)'}",
        "",
        "Idle time",
    ]
    idle = report.idle
    if idle.source is not None and idle.idle_seconds is not None:
        how = "event-driven" if idle.event_driven else "polled"
        lines.append(f"  {OK} {idle.source}: idle {idle.idle_seconds:.1f} s now ({how})")
    for attempt in idle.tried:
        lines.append(f"  {NO} {attempt['name']}: {attempt['reason']}")
    lines += ["", "Lock and suspend"]
    lines += [f"  {OK} {source}" for source in report.session["sources"]]
    lines += [f"  {NO} {item['name']}: {item['reason']}" for item in report.session["missing"]]
    lines += ["", "Tray"]
    if report.tray["available"]:
        lines.append(f"  {OK} a system tray is available")
    else:
        lines.append(f"  {NO} {report.tray['reason']}")
    lines += ["", "Notifications"]
    server = report.notifications["server"]
    if server is None:
        lines.append(f"  {NO} {report.notifications['reason']}")
    else:
        lines.append(
            f"  {OK} {server['name']} {server['version']} by {server['vendor']} "
            f"(spec {server['spec_version']})"
        )
        lines.append(f"       capabilities: {', '.join(server['capabilities']) or '(none)'}")
    lines += ["", "Files"]
    for key, label in PATH_LABELS.items():
        value = report.paths[key]
        state = ""
        if key != "socket_name" or Path(value).is_absolute():
            state = "" if Path(value).exists() else "  (not there yet)"
        lines.append(f"  {label:<16} {value}{state}")
    lines.append("")
    if report.problems:
        lines.append("What to fix")
        lines += [f"  - {problem}" for problem in report.problems]
    else:
        lines.append("Everything deskbreak uses works here.")
    return "\n".join(lines)
