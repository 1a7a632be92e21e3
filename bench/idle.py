"""Benchmark: what a tray app costs while it sits idle in the tray.

Each run starts the program in a desktop of its own (Xvfb + a private D-Bus session bus +
trayer, see common.py) with a fresh home (deskbreak a fresh --basedir), waits until its tray
icon is docked and the settling time (counted from exec) has passed, then measures over a
window, for the program's whole process tree:

* RSS and PSS at the end of the window (/proc/PID/smaps_rollup, processes summed),
* CPU: user + system time of the tree over the window, in ms per minute,
* wake-ups: voluntary + involuntary context switches of every thread
  (/proc/PID/task/*/status) over the window, per second,
* threads and processes at the end of the window.

The floor (floor_tray.py: PySide6, a QSystemTrayIcon, a menu, one 5 s QTimer) and the installed
peers (workrave, safeeyes, rsibreak) are measured in the same run, the programs taking turns
within each repeat; medians and the spread (min–max) over the repeats are printed, with ratios
against the floor.

    .venv/bin/python bench/idle.py [--settle S] [--window S] [--repeats N] [--programs a,b]
                                   [--install-peers] [--json]

--programs may also name deskbreak+run (every day a run day, the run 3 hours ahead),
deskbreak+evening (the run 10 minutes ahead, so APScheduler is loaded and its job pending) and
deskbreak+away (away after 1 minute; with --settle 90 the window is all away).

Nothing is checked here: DESIGN.md's budgets judge the printed figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Sequence
from typing import Any

import PySide6

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # noqa: PTH100, PTH120

import common

DOCK_TIMEOUT = 30.0
FIGURES = ("rss_mib", "pss_mib", "cpu_ms_per_min", "wakeups_per_s", "threads", "pids")


def measure(
    program: common.Program,
    index: int,
    settle: float,
    window: float,
) -> dict[str, Any]:
    """One idle measurement of ``program``; ``{"error": ...}`` if it did not get that far."""
    with common.session() as current:
        home = current.work / f"{program.name}-{index}"
        process, started = common.start_program(current, program, home)
        try:
            docked = None
            while time.monotonic() - started < DOCK_TIMEOUT:
                if current.tray_icons():
                    docked = time.monotonic() - started
                    break
                if process.poll() is not None:
                    break
                time.sleep(0.05)
            if process.poll() is not None:
                log = common.program_log(home, 5)
                return {"error": f"exited ({process.returncode}): {log}"}
            time.sleep(max(0.0, settle - (time.monotonic() - started)))
            before = common.tree_sample(process.pid)
            begun = time.monotonic()
            time.sleep(window)
            after = common.tree_sample(process.pid)
            wall = time.monotonic() - begun
            if process.poll() is not None:
                return {"error": f"exited ({process.returncode}) while measured"}
            return {
                "docked_s": None if docked is None else round(docked, 3),
                "rss_mib": after["rss_mib"],
                "pss_mib": after["pss_mib"],
                "cpu_ms_per_min": (after["cpu_s"] - before["cpu_s"]) * 1000.0 * 60.0 / wall,
                "wakeups_per_s": (after["switches"] - before["switches"]) / wall,
                "threads": after["threads"],
                "pids": after["pids"],
            }
        finally:
            common.stop(process)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--settle", type=float, default=20.0, help="seconds from exec before measuring (20)"
    )
    parser.add_argument("--window", type=float, default=60.0, help="measured seconds (60)")
    common.add_program_arguments(parser, repeats=3, each="runs")
    args = parser.parse_args(argv)
    if args.window <= 0 or args.settle < 0:
        parser.error("--window must be positive and --settle not negative")
    chosen = common.chosen_programs(parser, args)
    programs = chosen.programs
    runs: dict[str, list[dict[str, Any]]] = {p.name: [] for p in programs}
    common.compile_sources()
    for index in range(args.repeats):
        for program in programs:
            runs[program.name].append(measure(program, index, args.settle, args.window))

    results: dict[str, Any] = {}
    for program in programs:
        good = [run for run in runs[program.name] if "error" not in run]
        entry: dict[str, Any] = {
            "version": common.package_version(program),
            "runs": len(good),
            "failed": len(runs[program.name]) - len(good),
            "docked": sum(1 for run in good if run["docked_s"] is not None),
        }
        for figure in FIGURES:
            if good:
                entry[figure] = common.spread([run[figure] for run in good])
        errors = [run["error"] for run in runs[program.name] if "error" in run]
        if errors:
            entry["errors"] = errors[:3]
        results[program.name] = entry
    floor = results.get("floor", {})
    for entry in results.values():
        if "rss_mib" in entry and "rss_mib" in floor:
            entry["ratios"] = {
                figure: common.ratio(entry[figure]["median"], floor[figure]["median"])
                for figure in FIGURES
            }

    report: dict[str, Any] = {
        "benchmark": "idle",
        "settle_s": args.settle,
        "window_s": args.window,
        "repeats": args.repeats,
        "screen": f"own Xvfb {common.SCREEN}, private D-Bus session bus, trayer",
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "cpus": os.cpu_count(),
        "install_peers": chosen.install,
        "missing": chosen.missing,
        "programs": results,
        "budgets": budgets(results),
    }
    print(json.dumps(report, indent=2) if args.json else table(report))
    return 0


def budgets(results: dict[str, Any]) -> dict[str, Any]:
    """DESIGN.md's idle budgets for each deskbreak measured, against this run's floor and peers."""
    floor = results.get("floor", {})
    if "rss_mib" not in floor:
        return {}
    peers = {
        name: entry
        for name, entry in results.items()
        if name != "floor" and not name.startswith("deskbreak") and "rss_mib" in entry
    }

    def median(entry: dict[str, Any], figure: str) -> float:
        return float(entry[figure]["median"])

    rss_limit = 1.25 * median(floor, "rss_mib")
    wake_limit = median(floor, "wakeups_per_s") + 0.1
    out: dict[str, Any] = {}
    for name, desk in results.items():
        if not name.startswith("deskbreak") or "rss_mib" not in desk:
            continue
        checks: dict[str, Any] = {
            "rss_at_most_1.25x_floor": {
                "limit": round(rss_limit, 1),
                "value": median(desk, "rss_mib"),
                "met": median(desk, "rss_mib") <= rss_limit,
            },
            "wakeups_at_most_floor_plus_0.1": {
                "limit": round(wake_limit, 2),
                "value": median(desk, "wakeups_per_s"),
                "met": median(desk, "wakeups_per_s") <= wake_limit,
            },
        }
        for figure in ("rss_mib", "cpu_ms_per_min", "wakeups_per_s"):
            if peers:
                lowest = min(median(entry, figure) for entry in peers.values())
                checks[f"{figure}_below_every_peer"] = {
                    "limit": lowest,
                    "value": median(desk, figure),
                    "met": median(desk, figure) < lowest,
                }
        out[name] = checks
    return out


def table(report: dict[str, Any]) -> str:
    names = [name for name, entry in report["programs"].items() if "rss_mib" in entry]
    labels = {
        "rss_mib": "RSS (MiB)",
        "pss_mib": "PSS (MiB)",
        "cpu_ms_per_min": "CPU (ms/min)",
        "wakeups_per_s": "wake-ups/s",
        "threads": "threads",
        "pids": "processes",
    }
    rows = []
    for figure in FIGURES:
        row = [labels[figure]]
        for name in names:
            value = report["programs"][name][figure]
            digits = 2 if figure == "wakeups_per_s" else 1
            cell = (
                f"{value['median']:.{digits}f} "
                f"({value['min']:.{digits}f}–{value['max']:.{digits}f})"
            )
            ratio = report["programs"][name].get("ratios", {}).get(figure)
            if name != "floor" and ratio is not None:
                cell += f" {ratio:.2f}×"
            row.append(cell)
        rows.append(row)
    docked = ["tray icon docked"]
    for name in names:
        count = report["programs"][name]["docked"]
        docked.append(f"{count}/{report['programs'][name]['runs']}")
    rows.append(docked)
    lines = [
        f"idle in the tray: settle {report['settle_s']:g} s, window {report['window_s']:g} s, "
        f"median (min–max) of {report['repeats']}, × = ÷ floor",
        f"{report['screen']}; Python {report['python']}, PySide6 {report['pyside6']}, "
        f"{report['cpus']} CPUs",
        "",
        *common.render_table(["", *names], rows),
        "",
    ]
    for program, checks in report["budgets"].items():
        for name, check in checks.items():
            verdict = "met" if check["met"] else "MISSED"
            lines.append(
                f"{program} budget {name}: {check['value']:g} vs {check['limit']:g}: {verdict}"
            )
    if report["install_peers"]:
        lines.append(f"--install-peers: {report['install_peers']}")
    if report["missing"]:
        lines.append(f"not installed (skipped): {', '.join(report['missing'])}")
    for name, entry in report["programs"].items():
        for error in entry.get("errors", []):
            lines.append(f"{name}: {error}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
