"""bench/simulate.py runs end to end on a few days and prints a whole, sane report.

A smoke test only: it checks the shape of the report, never how fast anything is (the budget
in DESIGN.md is judged from the benchmark's printed figures, not by tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "simulate.py"


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--days", "4", "--repeats", "1", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_json_report_is_whole_and_sane() -> None:
    completed = run("--json", "--seed", "3")
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert (report["days"], report["seed"], report["repeats"]) == (4, 3, 1)
    assert report["zone"] == "Europe/Berlin"
    assert report["trace_lines"] > 50
    # Every event and one summary per day from the first trace day to the last.
    assert 0 < report["events"] < report["output_lines"] <= report["events"] + 4
    for kind in ("python", "parse", "simulate"):
        wall, cpu = report["seconds"][kind], report["cpu_seconds"][kind]
        assert 0 < wall["min"] <= wall["median"] <= wall["max"]
        assert cpu["median"] >= 0
    assert report["per_year_s"] > report["seconds"]["simulate"]["median"]
    assert report["budget_s"] == 2.0
    assert report["before"] is None


def test_the_table_names_each_command_and_the_budget() -> None:
    completed = run("--before", str(ROOT / "src"))
    assert completed.returncode == 0, completed.stderr
    text = completed.stdout
    for label in (
        "python -c pass (start-up floor)",
        "start-up + import + parse the trace",
        "deskbreak simulate TRACE",
        "deskbreak simulate TRACE, --before tree",
        "a year at this rate:",
        "2 s budget",
    ):
        assert label in text
