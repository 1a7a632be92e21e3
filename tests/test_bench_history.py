"""bench/history.py runs end to end on a few days of generated history and reports every figure.

A smoke test only: it checks the shape of the report, never how fast anything is (the budgets
in DESIGN.md are judged from the benchmark's printed figures, not by tests). It runs on Qt's
offscreen platform, so it needs no X server.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "history.py"
DAYS = 4
OPENS = 2

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the benchmark reads /proc")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    command = [sys.executable, str(SCRIPT), "--days", str(DAYS), "--opens", str(OPENS)]
    completed = subprocess.run(
        [*command, "--processes", "1", "--offscreen", "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    parsed: dict[str, Any] = json.loads(completed.stdout)
    return parsed


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """The script as a module (its folder on the path, as when it runs), for its table."""
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        spec = importlib.util.spec_from_file_location("bench_history", SCRIPT)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(SCRIPT.parent))
    return module


def test_the_report_names_what_ran(report: dict[str, Any]) -> None:
    assert report["benchmark"] == "history"
    assert report["screen"] == "offscreen"
    assert (report["opens"], report["processes"]) == (OPENS, 1)
    assert [(entry["label"], entry["days"]) for entry in report["histories"]] == [
        ("empty", 0),
        (f"{DAYS} days", DAYS),
    ]


def test_each_database_was_written_and_measured(report: dict[str, Any]) -> None:
    empty, generated = report["histories"]
    assert all(count == 0 for count in empty["db"]["rows"].values())
    assert generated["db"]["rows"]["stretches"] > 0
    assert generated["db"]["rows"]["prompts"] > 0
    assert 0 < empty["db"]["db_bytes"] <= generated["db"]["db_bytes"]
    assert generated["db"]["mib_per_year"] > 0


@pytest.mark.parametrize("which", [0, 1])
def test_each_history_has_whole_open_figures(report: dict[str, Any], which: int) -> None:
    figures = report["histories"][which]["open"]
    assert figures["platform"] == "offscreen"
    for key in ("open_ms", "import_ms", "load_ms", "build_ms", "paint_ms"):
        assert figures["cold"][key]["n"] == 1
        assert figures["warm"][key]["n"] == OPENS
        for stats in (figures["cold"][key], figures["warm"][key]):
            assert 0 <= stats["median"] <= stats["p90"] <= stats["max"], (key, stats)
    # An open is at least its parts: imports, building (with the load) and the paint.
    cold = figures["cold"]
    parts = cold["import_ms"]["max"] + cold["build_ms"]["max"] + cold["paint_ms"]["max"]
    assert cold["open_ms"]["max"] == pytest.approx(parts, abs=0.5)
    assert figures["warm"]["open_ms"]["median"] > 0
    assert set(figures["switch_ms"]) == {"7", "30", "90"}
    assert set(figures["load_stats_ms"]) == {"7", "30", "90"}
    assert all(stats["n"] == OPENS for stats in figures["switch_ms"].values())
    assert figures["peak_rss_mib"] > 0


def test_the_window_showed_the_generated_days(report: dict[str, Any]) -> None:
    empty, generated = report["histories"]
    assert empty["open"]["today_sitting_s"] == 0
    assert empty["open"]["run_streak"] == 0
    assert generated["open"]["today_sitting_s"] >= 0


def test_the_budgets_are_judged_and_the_table_prints(
    report: dict[str, Any], bench: ModuleType
) -> None:
    # Only the open times: a few days are too short to judge the size per year.
    assert [verdict["budget"] for verdict in report["budgets"]] == [300.0, 300.0]
    text = bench.table(report)
    assert "first open (cold), median (ms)" in text
    assert "switch to 90 days, median (ms)" in text
    assert f"{DAYS} days: open (warm median), ms" in text
