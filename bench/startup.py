"""Benchmark: start-up, from exec to the tray icon docked in the tray host.

Each start gets a fresh desktop of its own (Xvfb + a private D-Bus session bus + trayer, see
common.py) and a fresh home (deskbreak a fresh --basedir). The clock starts just before the
program is exec'd and stops when its icon window has been reparented into trayer's panel,
polled from outside with ``xwininfo -tree`` every 10 ms. The floor (floor_tray.py, a bare
PySide6 tray app) and the installed peers are measured in the same run, the programs taking
turns within each repeat.

    .venv/bin/python bench/startup.py [--repeats N] [--programs a,b] [--install-peers] [--json]

--programs may also name deskbreak+run and deskbreak+evening, deskbreak started with run days
set (common.py); Python programs run from byte code (common.compile_sources).

Nothing is checked here: the figures and the ratios against the floor are printed, and
DESIGN.md's budget (at most 1.5 × the floor) judges them.
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
POLL_S = 0.01


def time_to_tray(program: common.Program, index: int) -> tuple[float | None, str]:
    """Seconds from exec to the docked icon (None if it never docked), and a note."""
    with common.session() as current:
        home = current.work / f"{program.name}-{index}"
        process, started = common.start_program(current, program, home)
        try:
            while time.monotonic() - started < DOCK_TIMEOUT:
                icons = current.tray_icons()
                if icons:
                    return time.monotonic() - started, ""
                if process.poll() is not None:
                    return None, f"exited ({process.returncode}): {common.program_log(home, 5)}"
                time.sleep(POLL_S)
            return None, f"no icon docked in {DOCK_TIMEOUT:g} s: {common.program_log(home, 5)}"
        finally:
            common.stop(process)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_program_arguments(parser, repeats=5, each="starts")
    args = parser.parse_args(argv)
    chosen = common.chosen_programs(parser, args)
    programs = chosen.programs
    times: dict[str, list[float]] = {p.name: [] for p in programs}
    notes: dict[str, list[str]] = {p.name: [] for p in programs}
    common.compile_sources()
    for index in range(args.repeats):
        for program in programs:
            seconds, note = time_to_tray(program, index)
            if seconds is None:
                notes[program.name].append(note)
            else:
                times[program.name].append(seconds)

    results: dict[str, Any] = {}
    for program in programs:
        values = times[program.name]
        entry: dict[str, Any] = {
            "version": common.package_version(program),
            "starts": len(values),
            "failed": len(notes[program.name]),
            "seconds": [round(v, 3) for v in values],
        }
        if values:
            entry.update(common.spread(values, 3))
        if notes[program.name]:
            entry["notes"] = notes[program.name][:3]
        results[program.name] = entry
    floor = results.get("floor", {}).get("median", 0.0)
    for entry in results.values():
        if "median" in entry:
            entry["ratio"] = common.ratio(entry["median"], floor)

    report: dict[str, Any] = {
        "benchmark": "startup",
        "repeats": args.repeats,
        "screen": f"own Xvfb {common.SCREEN}, private D-Bus session bus, trayer",
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "cpus": os.cpu_count(),
        "install_peers": chosen.install,
        "missing": chosen.missing,
        "programs": results,
    }
    print(json.dumps(report, indent=2) if args.json else table(report))
    return 0


def table(report: dict[str, Any]) -> str:
    rows = []
    for name, entry in report["programs"].items():
        if "median" not in entry:
            rows.append((name, "never docked", "", "", ""))
            continue
        rows.append(
            (
                name,
                f"{entry['median']:.3f}",
                f"{entry['min']:.3f}–{entry['max']:.3f}",
                f"{entry['starts']}/{entry['starts'] + entry['failed']}",
                "n/a" if entry["ratio"] is None else f"{entry['ratio']:.2f}×",
            )
        )
    header = ("exec → tray icon docked (s)", "median", "min–max", "docked", "÷ floor")
    lines = [
        f"start-up, median of {report['repeats']}; {report['screen']}; "
        f"Python {report['python']}, PySide6 {report['pyside6']}, {report['cpus']} CPUs",
        "",
        *common.render_table(header, rows),
        "",
        "Budget (DESIGN.md): deskbreak at most 1.5 × the floor.",
    ]
    if report["install_peers"]:
        lines.append(f"--install-peers: {report['install_peers']}")
    if report["missing"]:
        lines.append(f"not installed (skipped): {', '.join(report['missing'])}")
    for name, entry in report["programs"].items():
        for note in entry.get("notes", []):
            lines.append(f"{name}: {note}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
