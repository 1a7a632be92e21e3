"""Every benchmark in one command, and the summary table at the top of bench/README.md.

Runs idle.py, startup.py, player.py (60 s), history.py and simulate.py, each with ``--json``
in a process of its own, one after the other (they share the machine), and rewrites the
table between the summary markers of bench/README.md: each budget of DESIGN.md, the
figure measured, the floor's and the peers' figures, met or MISSED, with the date, the
versions and the commit. A script that is missing or fails is reported as not measured;
the others still run. Raw reports go to bench/out/ (not committed).

    .venv/bin/python bench/run_all.py [--only idle,startup,...] [--repeats N] [--no-write]
                                      [--from-out]

Takes about half an hour with the peers installed (idle: 3 repeats of 80 s per program).
Nothing is checked here: the table says which budgets hold.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
OUT = ROOT / "bench" / "out"
START = "<!-- summary:start -->"
END = "<!-- summary:end -->"
NOT_MEASURED = "not measured"

PEER_NAMES = {"workrave": "Workrave", "safeeyes": "Safe Eyes", "rsibreak": "RSIBreak"}


@dataclass(frozen=True)
class Bench:
    """One benchmark script and the arguments the summary runs it with."""

    name: str
    script: str
    arguments: tuple[str, ...] = ()


BENCHES = (
    Bench(
        "idle",
        "idle.py",
        ("--programs", "deskbreak,deskbreak+run,deskbreak+evening,workrave,safeeyes,rsibreak"),
    ),
    Bench("startup", "startup.py"),
    Bench("player", "player.py", ("--seconds", "60")),
    Bench("history", "history.py"),
    Bench("simulate", "simulate.py"),
)


# -- running -----------------------------------------------------------------------------


def run_bench(bench: Bench, repeats: int | None) -> dict[str, Any] | str:
    """The script's JSON report, or why there is none (one line)."""
    script = ROOT / "bench" / bench.script
    if not script.exists():
        return f"{NOT_MEASURED}: bench/{bench.script} does not exist yet"
    command = [sys.executable, str(script), *bench.arguments, "--json"]
    if repeats is not None and bench.name in ("idle", "startup"):
        command += ["--repeats", str(repeats)]
    began = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    took = time.monotonic() - began
    OUT.mkdir(exist_ok=True)
    (OUT / f"{bench.name}.json").write_text(done.stdout)
    (OUT / f"{bench.name}.log").write_text(done.stderr)
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-2:]) or "no output"
        return f"{NOT_MEASURED}: bench/{bench.script} failed (exit {done.returncode}): {tail}"
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        return f"{NOT_MEASURED}: bench/{bench.script} printed no JSON ({error})"
    report["_took_s"] = round(took)
    return report


def git(*arguments: str) -> str:
    done = subprocess.run(
        ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


def environment() -> dict[str, str]:
    """What the figures were measured with: date, commit, versions."""
    import PySide6  # noqa: PLC0415 - only for its version

    try:
        from importlib.metadata import version  # noqa: PLC0415

        apscheduler = version("APScheduler")
    except Exception:
        apscheduler = "?"
    commit = git("rev-parse", "--short", "HEAD") or "?"
    if git("status", "--porcelain", "--untracked-files=no", "--", "src"):
        commit += " (src with uncommitted changes)"
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "apscheduler": apscheduler,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
    }


# -- the summary --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    budget: str
    measured: str
    compared: str
    verdict: str  # "met", "MISSED" or "not measured"


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def _missing(budget: str, why: str) -> Row:
    return Row(budget, "—", why, NOT_MEASURED)


def _median(entry: dict[str, Any], figure: str) -> float:
    return float(entry[figure]["median"])


def idle_rows(report: dict[str, Any] | str) -> list[Row]:
    budgets = (
        "idle RSS ≤ 1.25 × floor and below every peer",
        "idle CPU below every peer",
        "idle wake-ups ≤ floor + 0.1/s and below every peer",
    )
    programs = report.get("programs", {}) if isinstance(report, dict) else {}
    floor, desk = programs.get("floor", {}), programs.get("deskbreak", {})
    if "rss_mib" not in floor or "rss_mib" not in desk:
        why = report if isinstance(report, str) else f"{NOT_MEASURED}: no deskbreak or floor run"
        return [_missing(budget, why) for budget in budgets]
    peers = {
        name: entry for name, entry in programs.items() if name in PEER_NAMES and "rss_mib" in entry
    }

    def others(figure: str, unit: str, digits: int) -> str:
        parts = [f"floor {_median(floor, figure):.{digits}f}"]
        parts += [
            f"{PEER_NAMES[name]} {_median(entry, figure):.{digits}f}"
            for name, entry in peers.items()
        ]
        return ", ".join(parts) + f" {unit}"

    def below_peers(figure: str) -> bool:
        return all(_median(desk, figure) < _median(entry, figure) for entry in peers.values())

    rss, floor_rss = _median(desk, "rss_mib"), _median(floor, "rss_mib")
    wake, floor_wake = _median(desk, "wakeups_per_s"), _median(floor, "wakeups_per_s")
    cpu = _median(desk, "cpu_ms_per_min")
    rows = [
        Row(
            budgets[0],
            f"{rss:.1f} MiB ({rss / floor_rss:.2f} × floor)",
            others("rss_mib", "MiB", 1),
            _verdict(rss <= 1.25 * floor_rss and below_peers("rss_mib")),
        ),
        Row(
            budgets[1],
            f"{cpu:.1f} ms/min",
            others("cpu_ms_per_min", "ms/min", 1),
            _verdict(below_peers("cpu_ms_per_min")) if peers else NOT_MEASURED,
        ),
        Row(
            budgets[2],
            f"{wake:.2f}/s",
            others("wakeups_per_s", "/s", 2),
            _verdict(wake <= floor_wake + 0.1 and below_peers("wakeups_per_s")),
        ),
    ]
    variants = {
        "deskbreak+run": "idle with run days set (deskbreak+run): same RSS and wake-up budgets",
        "deskbreak+evening": "idle within 15 min of a run, APScheduler loaded "
        "(deskbreak+evening): same RSS and wake-up budgets",
    }
    for name, budget in variants.items():
        variant = programs.get(name, {})
        if "rss_mib" not in variant:
            continue
        run_rss, run_wake = _median(variant, "rss_mib"), _median(variant, "wakeups_per_s")
        rows.append(
            Row(
                budget,
                f"{run_rss:.1f} MiB ({run_rss / floor_rss:.2f} × floor), {run_wake:.2f}/s",
                f"floor {floor_rss:.1f} MiB, {floor_wake:.2f}/s",
                _verdict(
                    run_rss <= 1.25 * floor_rss
                    and below_peers("rss_mib")
                    and run_wake <= floor_wake + 0.1
                ),
            )
        )
    return rows


def startup_rows(report: dict[str, Any] | str) -> list[Row]:
    budget = "start → tray icon docked ≤ 1.5 × floor"
    programs = report.get("programs", {}) if isinstance(report, dict) else {}
    floor, desk = programs.get("floor", {}), programs.get("deskbreak", {})
    if "median" not in floor or "median" not in desk:
        why = report if isinstance(report, str) else f"{NOT_MEASURED}: no deskbreak or floor run"
        return [_missing(budget, why)]
    parts = [f"floor {floor['median']:.3f} s"]
    for name, entry in programs.items():
        if name in PEER_NAMES:
            shown = f"{entry['median']:.3f} s" if "median" in entry else "never docked"
            parts.append(f"{PEER_NAMES[name]} {shown}")
    return [
        Row(
            budget,
            f"{desk['median']:.3f} s ({desk['median'] / floor['median']:.2f} × floor)",
            ", ".join(parts),
            _verdict(desk["median"] <= 1.5 * floor["median"]),
        )
    ]


def player_rows(report: dict[str, Any] | str) -> list[Row]:
    """60 fps is the frame timer keeping 60 ticks a second with every frame drawn inside its
    tick (frame p99 ≤ 16.7 ms; the figure moved, and no more than 1 % of the ticks that
    moved it painted after the next tick): the player draws a frame only when the picture changes,
    so its frames drawn per second fall while the figure holds still (player.py, "frames")."""
    budget = "routine player: 60 fps, paint p99 < 4 ms, < 20 % of one core"
    if isinstance(report, str) or "player" not in report:
        return [_missing(budget, report if isinstance(report, str) else NOT_MEASURED)]
    player, base = report["player"], report.get("baseline", {})
    ticks, drawn = player["ticks_per_s"], player["fps"]
    frame_p99, p99, cpu = (
        player["frame_ms"]["p99"],
        player["paint_ms"]["p99"],
        player["cpu_percent"],
    )
    # A report without the counts, or a figure that never moved, shows no 60 fps.
    moved = player.get("figure_frames", {"asked": 0, "late": 0})
    drawn_on_time = moved["asked"] > 0 and moved["late"] <= 0.01 * moved["asked"]
    compared = (
        f"bare 60 fps widget: {base['ticks_per_s']:.1f} ticks/s, {base['cpu_percent']:.1f} % CPU"
        if base
        else ""
    )
    return [
        Row(
            budget,
            f"{ticks:.1f} ticks/s, frame p99 {frame_p99:.2f} ms; the figure moved in "
            f"{moved['asked']} ticks, {moved['late']} drawn late ({drawn:.1f} frames/s drawn, "
            f"only on change); paint p99 {p99:.2f} ms, {cpu:.1f} % CPU",
            compared,
            _verdict(
                ticks >= 59.0
                and frame_p99 <= 1000 / 60
                and drawn_on_time
                and p99 < 4.0
                and cpu < 20.0
            ),
        )
    ]


def history_rows(report: dict[str, Any] | str) -> list[Row]:
    budget = "history: 10 years open < 300 ms, database < 5 MB a year"
    verdicts = report.get("budgets") if isinstance(report, dict) else None
    if not verdicts:
        return [_missing(budget, report if isinstance(report, str) else NOT_MEASURED)]
    return [
        Row(
            f"history: {verdict['what']} < {verdict['budget']:g}",
            f"{verdict['value']:g}",
            "",
            _verdict(verdict["value"] < verdict["budget"]),
        )
        for verdict in verdicts
    ]


def simulate_rows(report: dict[str, Any] | str) -> list[Row]:
    budget = "simulate: a year of activity replayed < 2 s"
    if isinstance(report, str) or "per_year_s" not in report:
        return [_missing(budget, report if isinstance(report, str) else NOT_MEASURED)]
    return [
        Row(
            f"simulate: a year of activity replayed < {report['budget_s']:g} s",
            f"{report['per_year_s']:.2f} s",
            "",
            _verdict(report["per_year_s"] < report["budget_s"]),
        )
    ]


ROWS: dict[str, Callable[[dict[str, Any] | str], list[Row]]] = {
    "idle": idle_rows,
    "startup": startup_rows,
    "player": player_rows,
    "history": history_rows,
    "simulate": simulate_rows,
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(reports: dict[str, dict[str, Any] | str], env: dict[str, str]) -> list[str]:
    """The summary block (markdown lines, markers included) for these reports."""
    rows = [row for name, rows_of in ROWS.items() for row in rows_of(reports.get(name, ""))]
    peers = []
    idle = reports.get("idle")
    if isinstance(idle, dict):
        for name, entry in idle.get("programs", {}).items():
            if name in PEER_NAMES and entry.get("version"):
                peers.append(f"{PEER_NAMES[name]} {entry['version']}")
    held = sum(1 for row in rows if row.verdict == "met")
    lines = [
        START,
        "## Summary",
        "",
        f"Measured {env['date']} at commit {env['commit']} by `.venv/bin/python bench/run_all.py`:"
        f" Python {env['python']}, PySide6 {env['pyside6']}, APScheduler {env['apscheduler']},"
        f" {env['machine']}" + (f"; peers {', '.join(peers)}" if peers else "") + ".",
        f"{held} of {len(rows)} budgets met. Medians; the sections below hold the spreads.",
        "",
        "| budget (DESIGN.md) | deskbreak | floor and peers | verdict |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows:
        verdict = "**MISSED**" if row.verdict == "MISSED" else row.verdict
        lines.append(
            f"| {_cell(row.budget)} | {_cell(row.measured)} | {_cell(row.compared)} | {verdict} |"
        )
    lines.append(END)
    return lines


def replace_summary(readme: str, block: Sequence[str]) -> str:
    """``readme`` with the summary between the markers replaced by ``block``; the block goes
    under the first heading when there are no markers yet."""
    text = "\n".join(block)
    if START in readme and END in readme:
        before, rest = readme.split(START, 1)
        _, after = rest.split(END, 1)
        return before + text + after
    lines = readme.split("\n")
    heading = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    at = heading + 1
    return "\n".join([*lines[:at], "", text, *lines[at:]])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated benchmarks to run (others: not measured)")
    parser.add_argument("--repeats", type=int, help="repeats for idle and startup")
    parser.add_argument(
        "--no-write", action="store_true", help="print the table, leave README.md alone"
    )
    parser.add_argument(
        "--from-out",
        action="store_true",
        help="run nothing: write the table from the last run's reports in bench/out/",
    )
    args = parser.parse_args(argv)
    names = [bench.name for bench in BENCHES]
    wanted = set(names if not args.only else args.only.split(","))
    unknown = wanted - set(names)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    reports: dict[str, dict[str, Any] | str] = {}
    if args.from_out:
        env = json.loads((OUT / "environment.json").read_text())
        for bench in BENCHES:
            saved = OUT / f"{bench.name}.json"
            try:
                reports[bench.name] = json.loads(saved.read_text())
            except (OSError, ValueError):
                reports[bench.name] = f"{NOT_MEASURED}: no report in {saved.name}"
    else:
        env = environment()
        for bench in BENCHES:
            if bench.name not in wanted:
                reports[bench.name] = f"{NOT_MEASURED}: not run (--only)"
                continue
            print(f"running bench/{bench.script} …", file=sys.stderr, flush=True)
            reports[bench.name] = run_bench(bench, args.repeats)
        OUT.mkdir(exist_ok=True)
        (OUT / "environment.json").write_text(json.dumps(env))
    block = summary(reports, env)
    print("\n".join(block))
    if not args.no_write:
        README.write_text(replace_summary(README.read_text(), block))
        print(f"wrote the summary into {README.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
