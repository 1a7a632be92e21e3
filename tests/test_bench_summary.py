"""bench/run_all.py's summary table, written from canned benchmark reports.

No benchmark runs here: the reports are small hand-written copies of what the scripts print
with --json, so the table's verdicts can be checked figure by figure.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {
    "date": "2026-11-22 00:30 UTC",
    "commit": "abc1234",
    "python": "3.11.7",
    "pyside6": "6.11.3",
    "apscheduler": "3.11.3",
    "machine": "x86_64, 2 CPUs",
}


@pytest.fixture(scope="module")
def run_all() -> Any:
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "bench" / "run_all.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["run_all"] = module
    spec.loader.exec_module(module)
    return module


def figures(rss: float, cpu: float, wakeups: float) -> dict[str, Any]:
    def spread(value: float) -> dict[str, float]:
        return {"median": value, "min": value, "max": value}

    return {
        "rss_mib": spread(rss),
        "pss_mib": spread(rss * 0.8),
        "cpu_ms_per_min": spread(cpu),
        "wakeups_per_s": spread(wakeups),
        "version": None,
    }


IDLE = {
    "programs": {
        "floor": figures(50.0, 1.8, 0.20),
        "deskbreak": figures(60.0, 3.0, 0.25),
        "deskbreak+run": figures(64.0, 3.0, 0.25),
        "deskbreak+evening": figures(61.0, 3.0, 0.25),
        "workrave": {**figures(93.5, 75.7, 11.8), "version": "1.10.50-3"},
        "rsibreak": {**figures(95.8, 32.1, 3.9), "version": "0.12.15-1"},
    }
}
STARTUP = {
    "programs": {
        "floor": {"median": 0.2},
        "deskbreak": {"median": 0.35},
        "workrave": {"median": 0.15},
        "safeeyes": {"starts": 0},
    }
}
PLAYER = {
    # The figure held still part of the time: fewer frames drawn, every tick on time.
    "player": {
        "fps": 35.2,
        "ticks_per_s": 62.5,
        "frame_ms": {"p99": 4.1},
        "paint_ms": {"p99": 3.1},
        "cpu_percent": 14.0,
        "figure_frames": {"asked": 1200, "late": 3},
    },
    "baseline": {"fps": 62.5, "ticks_per_s": 62.5, "cpu_percent": 6.0},
}
HISTORY = {
    "budgets": [
        {"what": "10 years: first open (cold, median), ms", "value": 280.0, "budget": 300},
        {"what": "10 years: database, MiB a year", "value": 5.4, "budget": 4.77},
    ]
}
SIMULATE = {"per_year_s": 0.8, "budget_s": 2.0}


def rows_of(block: list[str]) -> dict[str, list[str]]:
    """Table rows by their budget cell."""
    rows = {}
    for line in block:
        if line.startswith("| ") and not line.startswith(("| budget", "| ---")):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            rows[cells[0]] = cells[1:]
    return rows


def test_each_budget_gets_its_figure_and_verdict(run_all: Any) -> None:
    reports = {
        "idle": IDLE,
        "startup": STARTUP,
        "player": PLAYER,
        "history": HISTORY,
        "simulate": SIMULATE,
    }
    block = run_all.summary(reports, ENV)
    assert block[0] == run_all.START
    assert block[-1] == run_all.END
    assert "2026-11-22 00:30 UTC at commit abc1234" in block[3]
    assert "PySide6 6.11.3" in block[3]
    assert "Workrave 1.10.50-3, RSIBreak 0.12.15-1" in block[3]
    rows = rows_of(block)
    rss = rows["idle RSS ≤ 1.25 × floor and below every peer"]
    assert rss[0] == "60.0 MiB (1.20 × floor)"
    assert rss[1] == "floor 50.0, Workrave 93.5, RSIBreak 95.8 MiB"
    assert rss[2] == "met"
    assert rows["idle CPU below every peer"][2] == "met"
    wakeups = rows["idle wake-ups ≤ floor + 0.1/s and below every peer"]
    assert wakeups[0] == "0.25/s"
    assert wakeups[2] == "met"
    # 64 MiB is 1.28 × the floor: over the budget.
    run_days = rows["idle with run days set (deskbreak+run): same RSS and wake-up budgets"]
    assert run_days[2] == "**MISSED**"
    evening = rows[
        "idle within 15 min of a run, APScheduler loaded (deskbreak+evening): "
        "same RSS and wake-up budgets"
    ]
    assert evening == ["61.0 MiB (1.22 × floor), 0.25/s", "floor 50.0 MiB, 0.20/s", "met"]
    startup = rows["start → tray icon docked ≤ 1.5 × floor"]
    assert startup[0] == "0.350 s (1.75 × floor)"
    assert startup[1] == "floor 0.200 s, Workrave 0.150 s, Safe Eyes never docked"
    assert startup[2] == "**MISSED**"
    player = rows["routine player: 60 fps, paint p99 < 4 ms, < 20 % of one core"]
    assert player[0].startswith(
        "62.5 ticks/s, frame p99 4.10 ms; the figure moved in 1200 ticks, 3 drawn late "
        "(35.2 frames/s drawn"
    )
    assert player[2] == "met"
    slow = {**PLAYER, "player": {**PLAYER["player"], "frame_ms": {"p99": 20.0}}}
    rows_slow = rows_of(run_all.summary({**reports, "player": slow}, ENV))
    assert rows_slow["routine player: 60 fps, paint p99 < 4 ms, < 20 % of one core"][2] == (
        "**MISSED**"
    )
    # More than 1 % of the figure's frames drawn after the next tick: not 60 fps.
    late = {**PLAYER, "player": {**PLAYER["player"], "figure_frames": {"asked": 1200, "late": 13}}}
    rows_late = rows_of(run_all.summary({**reports, "player": late}, ENV))
    assert rows_late["routine player: 60 fps, paint p99 < 4 ms, < 20 % of one core"][2] == (
        "**MISSED**"
    )
    # A report without the counts (an older player.py) proves nothing about moving frames.
    uncounted = {k: v for k, v in PLAYER["player"].items() if k != "figure_frames"}
    older = {**PLAYER, "player": uncounted}
    rows_uncounted = rows_of(run_all.summary({**reports, "player": older}, ENV))
    assert rows_uncounted["routine player: 60 fps, paint p99 < 4 ms, < 20 % of one core"][2] == (
        "**MISSED**"
    )
    assert rows["history: 10 years: first open (cold, median), ms < 300"][2] == "met"
    assert rows["history: 10 years: database, MiB a year < 4.77"] == ["5.4", "", "**MISSED**"]
    assert rows["simulate: a year of activity replayed < 2 s"][:1] == ["0.80 s"]
    assert "7 of 10 budgets met" in block[4]


def test_missing_scripts_and_failures_are_not_measured(run_all: Any) -> None:
    reports = {
        "idle": "not measured: bench/idle.py failed (exit 1): Xvfb not found",
        "startup": STARTUP,
        "history": "not measured: bench/history.py does not exist yet",
    }
    rows = rows_of(run_all.summary(reports, ENV))
    idle = rows["idle RSS ≤ 1.25 × floor and below every peer"]
    why = "not measured: bench/idle.py failed (exit 1): Xvfb not found"
    assert idle == ["—", why, "not measured"]
    assert rows["history: 10 years open < 300 ms, database < 5 MB a year"][1].endswith(
        "does not exist yet"
    )
    assert rows["simulate: a year of activity replayed < 2 s"][2] == "not measured"
    assert rows["start → tray icon docked ≤ 1.5 × floor"][2] == "**MISSED**"


def test_the_table_replaces_only_what_is_between_the_markers(run_all: Any) -> None:
    readme = "# Benchmarks\n\nIntro.\n\n## idle\n\nFigures.\n"
    first = run_all.replace_summary(readme, [run_all.START, "old table", run_all.END])
    assert first.startswith("# Benchmarks\n\n" + run_all.START + "\nold table\n" + run_all.END)
    assert first.endswith("Intro.\n\n## idle\n\nFigures.\n")
    second = run_all.replace_summary(first, [run_all.START, "new | table", run_all.END])
    assert "old table" not in second
    assert second.count(run_all.START) == 1
    assert second == first.replace("old table", "new | table")
