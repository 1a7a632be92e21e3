"""Benchmark: `deskbreak simulate` replaying a generated year of activity.

Generates an activity trace of DAYS days (default a year) with the synthetic history generator
(seeded, so every run replays the same trace), writes it to a temporary file, and times the
real command as a user runs it, in a subprocess:

* ``deskbreak simulate TRACE`` with its JSON lines going to a file,

against two baselines measured in the same run, the commands taking turns in each repeat:

* ``python -c pass``: starting the interpreter, the floor of any command;
* parsing only: starting Python, importing the trace module and parsing the same trace, the
  floor of any replay of this file.

    .venv/bin/python bench/simulate.py [--days N] [--seed S] [--repeats N] [--tz ZONE] [--json]

The budget (DESIGN.md) is a year of activity replayed in under 2 s. No limit is checked here:
the figures are printed and the budget judges them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# The bench scripts run as files, so bench/ is on the import path.
from common import render_table  # noqa: E402 -- after the path above

from deskbreak import __version__  # noqa: E402
from deskbreak.domain.settings import Settings  # noqa: E402
from deskbreak.domain.synthetic import generate_history  # noqa: E402

START = date(2025, 1, 6)  # a Monday: the same calendar in every run
BUDGET_S = 2.0
KINDS = ("python", "parse", "simulate")
PARSE_ONLY = (
    "import sys; from deskbreak.domain.trace import parse_trace; "
    "parse_trace(open(sys.argv[1], encoding='utf-8').read().splitlines())"
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365, help="days of activity (default 365)")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (default 1)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument(
        "--tz",
        default="Europe/Berlin",
        help="the zone the trace is written and replayed in (default Europe/Berlin)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        metavar="SRC",
        help="also time simulate from another source tree (e.g. a worktree of an older "
        "commit's src/), to show a change's effect in the same run",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.days < 1 or args.repeats < 1:
        parser.error("--days and --repeats must be at least 1")
    report = run(
        days=args.days, seed=args.seed, repeats=args.repeats, zone=args.tz, before=args.before
    )
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print("\n".join(render(report)))
    return 0


def run(
    *, days: int, seed: int, repeats: int, zone: str, before: Path | None = None
) -> dict[str, Any]:
    settings = Settings().with_value("run.days", (1, 3, 5))
    began = time.perf_counter()
    history = generate_history(START, days, seed=seed, settings=settings, tz=ZoneInfo(zone))
    generated_s = time.perf_counter() - began
    env = {**os.environ, "TZ": zone, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory(prefix="deskbreak-bench-") as folder:
        trace = Path(folder) / "activity.trace"
        trace.write_text("\n".join(history.trace_lines()) + "\n", encoding="utf-8")
        output = Path(folder) / "events.jsonl"
        commands = {
            "python": [sys.executable, "-c", "pass"],
            "parse": [sys.executable, "-c", PARSE_ONLY, str(trace)],
            "simulate": [sys.executable, "-m", "deskbreak", "simulate", str(trace)],
        }
        kinds = KINDS if before is None else (*KINDS, "before")
        environments = dict.fromkeys(kinds, env)
        if before is not None:
            commands["before"] = commands["simulate"]
            environments["before"] = {**env, "PYTHONPATH": str(before.absolute())}
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
        load = os.getloadavg()[0]
        for _ in range(repeats):
            for kind in kinds:
                wall, used = _timed(commands[kind], environments[kind], output)
                times[kind].append(wall)
                cpu[kind].append(used)
                if kind == "simulate":
                    printed = output.read_text(encoding="utf-8").splitlines()
        trace_lines = len(history.entries)
        trace_bytes = trace.stat().st_size
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    return {
        "days": days,
        "seed": seed,
        "zone": zone,
        "trace_lines": trace_lines,
        "trace_bytes": trace_bytes,
        "generated_s": round(generated_s, 3),
        "output_lines": len(printed),
        "events": sum(1 for line in printed if '"kind"' in line),
        "repeats": repeats,
        "seconds": {kind: _spread(values) for kind, values in times.items()},
        "cpu_seconds": {kind: _spread(values) for kind, values in cpu.items()},
        "load_average": round(load, 2),
        "replay_s": round(medians["simulate"] - medians["parse"], 3),
        "before": None if before is None else str(before),
        "per_year_s": round(medians["simulate"] * 365 / days, 3),
        "budget_s": BUDGET_S,
        "python": platform.python_version(),
        "deskbreak": __version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }


def _timed(command: list[str], env: dict[str, str], output: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``command``."""
    with output.open("w", encoding="utf-8") as out:
        used = _children_cpu()
        began = time.perf_counter()
        completed = subprocess.run(
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.PIPE, check=False
        )
        elapsed = time.perf_counter() - began
        cpu = _children_cpu() - used
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed: {completed.stderr.decode()}")
    return elapsed, cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def render(report: dict[str, Any]) -> list[str]:
    seconds, cpu = report["seconds"], report["cpu_seconds"]
    labels = {
        "python": "python -c pass (start-up floor)",
        "parse": "start-up + import + parse the trace",
        "simulate": "deskbreak simulate TRACE",
        "before": "deskbreak simulate TRACE, --before tree",
    }
    rows = [
        (
            labels[kind],
            f"{seconds[kind]['median']:.3f}",
            f"{seconds[kind]['min']:.3f}",
            f"{seconds[kind]['max']:.3f}",
            f"{cpu[kind]['median']:.3f}",
        )
        for kind in seconds
    ]
    lines = [
        f"deskbreak simulate: {report['days']} days (seed {report['seed']}, {report['zone']}), "
        f"{report['trace_lines']} trace lines, {report['events']} events printed; "
        f"median of {report['repeats']}",
        "",
        *render_table(("command", "median s", "min s", "max s", "CPU s"), rows),
    ]
    verdict = "within" if report["per_year_s"] < report["budget_s"] else "OVER"
    lines += [
        "",
        f"replay and output beyond parsing: {report['replay_s']:.3f} s",
        f"a year at this rate: {report['per_year_s']:.3f} s ({verdict} the "
        f"{report['budget_s']:g} s budget)",
        f"Python {report['python']}, deskbreak {report['deskbreak']}, {report['machine']}, "
        f"load average {report['load_average']} at the start (wall times grow with it; CPU "
        "seconds much less)",
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
