"""Benchmark: the history at scale: database size, and how fast the stats window opens on it.

Generates years of realistic use with the synthetic history generator
(``deskbreak.domain.synthetic``), writes each into a fresh history database in a scratch base
folder (``History.record_many``, then the WAL checkpointed into the file) and reports:

* the database size, in MiB in all and per year of history, and its rows per table;
* the stats window's open time: from the click (the shell and the tray built, the history
  open, ``deskbreak.ui.stats`` not yet imported: the running app) to the end of the first
  paint, with the real ``load_stats`` loader; the first open of a process (cold: imports
  included) and the median, p90 and max of the opens after it (each a new window, closed and
  deleted after);
* switching the open window to 90 days (load and repaint), and ``load_stats`` alone per span.

The baseline, measured in the same run on the same screen, is the same window on an empty
history. Each history is measured in child processes of their own (``--processes``, after one
run thrown away), so each has one cold open with every import to do.

    .venv/bin/python bench/history.py [--years 1,10] [--days N] [--opens N] [--processes N]
                                      [--json] [--display :N | --offscreen]

Without --display or --offscreen the script starts its own Xvfb (PLATFORM.md §6). No time limit
is checked here: the figures are printed next to DESIGN.md's budgets (10 years: the window
open under 300 ms, the database under 5 MB a year).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# The bench scripts run as files, so bench/ is on the import path: one session helper for all.
from common import (
    ROOT,
    SCREEN,
    child_report,
    host_free_environment,
    percentile,
    ratio,
    render_table,
    start_xvfb,
    stop,
)

SEED = 20261121
ZONE = "Europe/Berlin"
LAST_DAY = date(2026, 11, 20)
"""The histories end on this day (a Friday); the window is opened at its ``OPEN_AT``."""
OPEN_AT = (17, 30)
RUN_DAYS = (1, 3, 5)
"""Tuesday, Thursday and Saturday: the synthetic person runs (and plays the routine) then."""
SPANS = (7, 30, 90)
YEAR_DAYS = 365.25
OPEN_BUDGET_MS = 300.0
SIZE_BUDGET_MIB_PER_YEAR = 5.0 * 1000 * 1000 / (1024 * 1024)
"""5 MB a year (DESIGN.md), in MiB."""
PAINT_WAIT_S = 60.0
"""Only so a wedged X server cannot hang the run; not a performance limit."""
TABLES = ("stretches", "prompts", "standing", "routines", "squeeze_tests")


# -- figures ---------------------------------------------------------------------------------


def summary_ms(values_ms: Sequence[float]) -> dict[str, float]:
    """Median, p90 and max of durations in milliseconds (and how many)."""
    return {
        "n": len(values_ms),
        "median": round(statistics.median(values_ms), 1),
        "p90": round(percentile(values_ms, 0.9), 1),
        "max": round(max(values_ms), 1),
    }


def settings() -> Any:
    from deskbreak.domain.settings import Settings  # noqa: PLC0415

    return Settings({"run.days": RUN_DAYS})


def open_moment() -> datetime:
    """When the window is opened: the last day's afternoon, in UTC."""
    local = datetime.combine(LAST_DAY, datetime.min.time()).replace(
        hour=OPEN_AT[0], minute=OPEN_AT[1], tzinfo=ZoneInfo(ZONE)
    )
    return local.astimezone(ZoneInfo("UTC"))


# -- writing the histories -------------------------------------------------------------------


def write_history(path: Path, days: int) -> dict[str, Any]:
    """A fresh database at ``path`` with ``days`` days of synthetic history ending LAST_DAY."""
    from deskbreak.domain.synthetic import generate_history  # noqa: PLC0415
    from deskbreak.storage.history import History  # noqa: PLC0415

    figures: dict[str, Any] = {"days": days, "years": round(days / YEAR_DAYS, 2)}
    started = time.perf_counter()
    if days:
        made = generate_history(
            LAST_DAY - timedelta(days=days - 1),
            days,
            seed=SEED,
            settings=settings(),
            tz=ZoneInfo(ZONE),
        )
        events, routines, squeezes = made.events, made.routines, made.squeezes
        figures["work_days"] = made.calendar.count("work")
    else:
        events, routines, squeezes = (), (), ()
        figures["work_days"] = 0
    figures["generate_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    history = History.open(path)
    if not history.persistent:
        raise SystemExit(f"could not write {path}: {'; '.join(history.notices)}")
    history.record_many(events, routines=routines, squeezes=squeezes)
    history.close()
    # Fold whatever the WAL still holds into the file, so the file's size is the history's.
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        figures["rows"] = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in TABLES
        }
    finally:
        connection.close()
    figures["write_s"] = round(time.perf_counter() - started, 2)
    total = sum(
        extra.stat().st_size
        for extra in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
        if extra.exists()
    )
    figures["db_bytes"] = total
    figures["db_mib"] = round(total / (1024 * 1024), 2)
    if days:
        figures["mib_per_year"] = round(total / (1024 * 1024) / (days / YEAR_DAYS), 2)
    return figures


# -- the measured process --------------------------------------------------------------------


def measure(database: Path, opens: int) -> None:
    """Open the stats window on ``database`` ``opens`` times; print one JSON object."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: PLC0415
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QWidget  # noqa: PLC0415

    # What the running tray app has loaded before the click: the shell and all it imports.
    from deskbreak.app.shell import Shell  # noqa: F401, PLC0415
    from deskbreak.storage.history import History  # noqa: PLC0415
    from deskbreak.ui.tray import Tray  # noqa: PLC0415

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("deskbreak-bench-history")
    tray = Tray()  # its menu and icon are built at start-up, as in the app
    zone = ZoneInfo(ZONE)
    now = open_moment()
    the_settings = settings()
    history = History.open(database)  # open already in the running app
    load_ms: list[float] = []

    class PaintWatch(QObject):
        """Ends a wait once a widget of ``target`` has painted and that paint has returned."""

        def __init__(self) -> None:
            super().__init__()
            self.target: QWidget | None = None
            self.armed = False
            self.loop = QEventLoop()
            self.ended = 0.0

        def wait(self, target: QWidget) -> float:
            """Seconds (perf_counter) when the first paint of ``target`` after now finished."""
            self.target, self.armed, self.ended = target, True, 0.0
            guard = QTimer()
            guard.setSingleShot(True)
            guard.timeout.connect(self.loop.quit)
            guard.start(int(PAINT_WAIT_S * 1000))
            self.loop.exec()
            if not self.ended:
                raise SystemExit("the stats window never painted")
            return self.ended

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if (
                self.armed
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and watched.window() is self.target
            ):
                self.armed = False
                # Runs once the paint (every widget of the window, then the flush) returned.
                QTimer.singleShot(0, self._finished)
            return False

        def _finished(self) -> None:
            self.ended = time.perf_counter()
            self.loop.quit()

    watch = PaintWatch()
    app.installEventFilter(watch)

    def close(window: QWidget) -> None:
        gone = QEventLoop()
        window.destroyed.connect(gone.quit)
        window.close()  # WA_DeleteOnClose: deleted by the event loop
        gone.exec()

    def open_once() -> tuple[dict[str, float], Any]:
        load_ms.clear()
        started = time.perf_counter()
        # As Shell.open_stats and Shell.load_stats do it: both imported on first use.
        from deskbreak.app.stats import load_stats  # noqa: PLC0415
        from deskbreak.ui.stats import StatsWindow  # noqa: PLC0415

        imported = time.perf_counter()

        def load(span: int) -> Any:
            begun = time.perf_counter()
            model = load_stats(
                history,
                the_settings,
                now_utc=now,
                span=span,
                to_local=lambda moment: moment.astimezone(zone),
            )
            load_ms.append((time.perf_counter() - begun) * 1000)
            return model

        window = StatsWindow(load)
        built = time.perf_counter()
        window.show()
        painted = watch.wait(window)
        return {
            "open_ms": (painted - started) * 1000,
            "import_ms": (imported - started) * 1000,
            "load_ms": sum(load_ms),
            "build_ms": (built - imported) * 1000,
            "paint_ms": (painted - built) * 1000,
        }, window

    cold, window = open_once()
    close(window)
    warm: list[dict[str, float]] = []
    for _ in range(opens):
        figures, window = open_once()
        warm.append(figures)
        close(window)

    # Switching the open window's range, as its buttons do: load, then the repaint.
    switches: dict[int, list[float]] = {90: [], 30: [], 7: []}
    _, window = open_once()
    for _ in range(opens):
        for span in (90, 30, 7):
            started = time.perf_counter()
            window.load(span)
            switches[span].append((watch.wait(window) - started) * 1000)
    shown = window.model
    close(window)

    alone: dict[int, list[float]] = {span: [] for span in SPANS}
    from deskbreak.app.stats import load_stats  # noqa: PLC0415

    for _ in range(opens):
        for span in SPANS:
            started = time.perf_counter()
            load_stats(
                history,
                the_settings,
                now_utc=now,
                span=span,
                to_local=lambda moment: moment.astimezone(zone),
            )
            alone[span].append((time.perf_counter() - started) * 1000)
    history.close()
    del tray

    result = {
        "cold": cold,
        "warm": warm,
        "switch_ms": {str(span): values for span, values in switches.items()},
        "load_stats_ms": {str(span): values for span, values in alone.items()},
        "today_sitting_s": round(shown.today.sitting_s) if shown is not None else None,
        "run_streak": shown.run_streak if shown is not None else None,
        "peak_rss_mib": round(peak_rss_kib() / 1024, 1),
        "platform": QGuiApplication.platformName(),
    }
    print(json.dumps(result), flush=True)


def peak_rss_kib() -> int:
    import resource  # noqa: PLC0415

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# -- the driving process ---------------------------------------------------------------------


def run_child(database: Path, *, opens: int, env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(database)]
    command += ["--opens", str(opens)]
    completed = subprocess.run(
        command,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    return child_report(completed, f"measuring {database}")


def combine(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One history's figures from the runs of its child processes: each process opened the
    window once cold, then ``opens`` times warm; all warm opens and switches are pooled."""
    keys = list(runs[0]["cold"])
    return {
        "processes": len(runs),
        "cold": {key: summary_ms([run["cold"][key] for run in runs]) for key in keys},
        "warm": {
            key: summary_ms([figures[key] for run in runs for figures in run["warm"]])
            for key in keys
        },
        "switch_ms": {
            span: summary_ms([value for run in runs for value in run["switch_ms"][span]])
            for span in runs[0]["switch_ms"]
        },
        "load_stats_ms": {
            span: summary_ms([value for run in runs for value in run["load_stats_ms"][span]])
            for span in runs[0]["load_stats_ms"]
        },
        "today_sitting_s": runs[0]["today_sitting_s"],
        "run_streak": runs[0]["run_streak"],
        "peak_rss_mib": max(run["peak_rss_mib"] for run in runs),
        "platform": runs[0]["platform"],
        "stderr": sorted({line for run in runs for line in run.get("stderr", [])})[:20],
    }


def child_env(display: str | None, runtime: Path) -> dict[str, str]:
    env = host_free_environment()
    env.update(XDG_RUNTIME_DIR=str(runtime), LIBGL_ALWAYS_SOFTWARE="1")
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    return env


def label(days: int) -> str:
    if days == 0:
        return "empty"
    years = days / YEAR_DAYS
    if days % 365 == 0:
        whole = days // 365
        return f"{whole} year" + ("s" if whole > 1 else "")
    return f"{days} days" if years < 1 else f"{years:.1f} years"


def judge(histories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """DESIGN.md's history budgets, for the longest history measured."""
    longest = max(histories, key=lambda entry: entry["days"])
    if not longest["days"]:
        return []
    verdicts = [
        {
            "what": f"{longest['label']}: first open (cold, median), ms",
            "value": longest["open"]["cold"]["open_ms"]["median"],
            "budget": OPEN_BUDGET_MS,
        },
        {
            "what": f"{longest['label']}: open (warm median), ms",
            "value": longest["open"]["warm"]["open_ms"]["median"],
            "budget": OPEN_BUDGET_MS,
        },
    ]
    if longest["days"] >= YEAR_DAYS // 1:  # shorter: the empty file's size would dominate
        verdicts.append(
            {
                "what": f"{longest['label']}: database, MiB a year",
                "value": longest["db"]["mib_per_year"],
                "budget": round(SIZE_BUDGET_MIB_PER_YEAR, 2),
            }
        )
    return verdicts


def table(report: dict[str, Any]) -> str:
    histories = report["histories"]
    base = histories[0]["open"]
    header = ["", *(entry["label"] for entry in histories)]

    def row(name: str, value: Callable[[dict[str, Any]], str]) -> list[str]:
        return [name, *(value(entry) for entry in histories)]

    def opened(path: Callable[[dict[str, Any]], float]) -> Callable[[dict[str, Any]], str]:
        def cell(entry: dict[str, Any]) -> str:
            value = path(entry["open"])
            times = ratio(value, path(base))
            shown = f"{value:.1f}"
            return shown if entry is histories[0] or times is None else f"{shown} ({times:.2f}×)"

        return cell

    rows = [
        row("days", lambda e: str(e["days"])),
        row(
            "rows (stretches/prompts)",
            lambda e: f"{e['db']['rows']['stretches']}/{e['db']['rows']['prompts']}",
        ),
        row("database (MiB)", lambda e: f"{e['db']['db_mib']:.2f}"),
        row(
            "database (MiB a year)",
            lambda e: f"{e['db']['mib_per_year']:.2f}" if e["days"] else "",
        ),
        row("first open (cold), median (ms)", opened(lambda o: o["cold"]["open_ms"]["median"])),
        row("first open (cold), max (ms)", opened(lambda o: o["cold"]["open_ms"]["max"])),
        row("  of it imports (ms)", lambda e: f"{e['open']['cold']['import_ms']['median']:.1f}"),
        row("  of it load_stats (ms)", lambda e: f"{e['open']['cold']['load_ms']['median']:.1f}"),
        row("  of it build + paint (ms)", lambda e: cold_rest(e["open"]["cold"])),
        row("open, median (ms)", opened(lambda o: o["warm"]["open_ms"]["median"])),
        row("open, p90 (ms)", opened(lambda o: o["warm"]["open_ms"]["p90"])),
        row("open, max (ms)", opened(lambda o: o["warm"]["open_ms"]["max"])),
        row("  of it load_stats (ms)", lambda e: f"{e['open']['warm']['load_ms']['median']:.1f}"),
        row("  of it paint (ms)", lambda e: f"{e['open']['warm']['paint_ms']['median']:.1f}"),
        row("switch to 90 days, median (ms)", opened(lambda o: o["switch_ms"]["90"]["median"])),
        row("switch to 90 days, max (ms)", opened(lambda o: o["switch_ms"]["90"]["max"])),
        row(
            "load_stats 7/30/90 d (ms)",
            lambda e: "/".join(
                f"{e['open']['load_stats_ms'][str(span)]['median']:.1f}" for span in SPANS
            ),
        ),
        row("peak RSS (MiB)", lambda e: f"{e['open']['peak_rss_mib']:.1f}"),
    ]
    lines = [
        f"stats window on generated history ending {LAST_DAY} ({ZONE}, seed {report['seed']}), "
        f"{report['screen']}; Python {report['python']}, PySide6 {report['pyside6']}, "
        f"SQLite {report['sqlite']}",
        "",
        *render_table(header, rows),
        "",
        f"open: click to the end of the first paint; {report['processes']} processes per "
        f"history, each one cold open then {report['opens']} more (each a new window);",
        "× = ÷ the empty history's figure.",
    ]
    for verdict in report["budgets"]:
        met = "met" if verdict["value"] <= verdict["budget"] else "MISSED"
        lines.append(f"{verdict['what']}: {verdict['value']} (budget {verdict['budget']}) {met}")
    return "\n".join(lines)


def cold_rest(cold: dict[str, dict[str, float]]) -> str:
    rest = cold["build_ms"]["median"] + cold["paint_ms"]["median"]
    return f"{rest - cold['load_ms']['median']:.1f}"


def parse_years(text: str) -> list[float]:
    try:
        years = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected years such as 1,10, got {text!r}") from None
    if not years or any(value <= 0 for value in years):
        raise argparse.ArgumentTypeError(f"expected positive years such as 1,10, got {text!r}")
    return years


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--years", type=parse_years, default=[1.0, 10.0], help="histories to measure (1,10)"
    )
    parser.add_argument("--days", type=int, help="one history of this many days instead")
    parser.add_argument(
        "--opens", type=int, default=9, help="opens after the cold one, and switches (9)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=3,
        help="child processes per history, each with one cold open (3)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--display", help="use this X display (e.g. :99) instead of an Xvfb")
    where.add_argument(
        "--offscreen", action="store_true", help="Qt's offscreen platform instead of an Xvfb"
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.opens < 1:
        parser.error("--opens must be at least 1")
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    if args.days is not None and args.days < 1:
        parser.error("--days must be at least 1")

    if args.child:
        measure(args.child, args.opens)
        return 0

    sizes = [args.days] if args.days else [round(years * 365) for years in args.years]
    import PySide6  # noqa: PLC0415 - only the versions; the children load Qt

    with tempfile.TemporaryDirectory(prefix="deskbreak-bench-") as folder:
        work = Path(folder)
        runtime = work / "runtime"
        runtime.mkdir(mode=0o700)
        histories = []
        for days in [0, *sizes]:
            basedir = work / f"basedir-{days}"
            database = basedir / "history.sqlite3"
            histories.append(
                {"label": label(days), "days": days, "db": write_history(database, days)}
            )
        xvfb: subprocess.Popen[bytes] | None = None
        try:
            if args.offscreen:
                display, screen = None, "offscreen"
            elif args.display:
                display, screen = args.display, f"display {args.display}"
            else:
                xvfb, display = start_xvfb(work / "xvfb.log")
                screen = f"own Xvfb {SCREEN}"
            env = child_env(display, runtime)
            # One run thrown away first, so the first measured history does not pay alone for
            # writing .pyc files and filling the OS file cache, as a used install would not.
            run_child(work / "basedir-0" / "history.sqlite3", opens=1, env=env)
            for entry in histories:
                database = work / f"basedir-{entry['days']}" / "history.sqlite3"
                runs = [
                    run_child(database, opens=args.opens, env=env) for _ in range(args.processes)
                ]
                entry["open"] = combine(runs)
        finally:
            if xvfb is not None:
                stop(xvfb)

    report: dict[str, Any] = {
        "benchmark": "history",
        "seed": SEED,
        "zone": ZONE,
        "last_day": LAST_DAY.isoformat(),
        "opens": args.opens,
        "processes": args.processes,
        "screen": screen,
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "histories": histories,
        "budgets": judge(histories),
    }
    print(json.dumps(report, indent=2) if args.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
