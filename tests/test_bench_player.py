"""bench/player.py runs end to end under its own Xvfb and prints sane figures.

A smoke test only: it checks the shape of the report, never how fast anything is (the budgets
in DESIGN.md are judged from the benchmark's printed figures, not by tests).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "player.py"
HANG_GUARD_S = 600
"""Only so a wedged X server cannot hang the test run; not a performance limit."""

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="the benchmark's Xvfb needs Linux"
    ),
    pytest.mark.skipif(
        shutil.which("Xvfb") is None,
        reason="Xvfb is not installed (apt-get install xvfb; scripts/setup --test does it)",
    ),
]


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    completed = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--seconds",
            "2",
            "--size",
            "800x500",
            "--step",
            "1",
            "--json",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    parsed: dict[str, Any] = json.loads(completed.stdout)
    return parsed


def test_the_report_names_what_ran(report: dict[str, Any]) -> None:
    assert report["benchmark"] == "player"
    assert report["routine"] == "glute-wake-up"
    assert report["size"] == "800x500"
    assert report["screen"].startswith("own Xvfb")


@pytest.mark.parametrize("kind", ["baseline", "player"])
def test_each_run_has_sane_figures(report: dict[str, Any], kind: str) -> None:
    run = report[kind]
    assert run["kind"] == kind
    assert run["window"] == [800, 500]
    assert run["seconds"] > 0
    assert run["frames"] > 0
    assert run["fps"] > 0
    assert run["ticks"] > 0
    for key in ("paint_ms", "frame_ms"):
        stats = run[key]
        assert 0 <= stats["p50"] <= stats["p90"] <= stats["p99"] <= stats["max"], (key, stats)
    # A whole repaint includes the timed paintEvents.
    assert run["frame_ms"]["max"] >= run["paint_ms"]["p50"]
    assert run["cpu_percent"] > 0
    assert 0 < run["rss_mib"] <= run["peak_rss_mib"]
    assert run["xserver_cpu_percent"] >= 0


def test_the_player_painted_its_figure(report: dict[str, Any]) -> None:
    assert report["player"]["paints_per_s"]["figure"] > 0
    moved = report["player"]["figure_frames"]
    assert moved["asked"] > 0
    assert 0 <= moved["late"] <= moved["asked"]
    assert "figure_frames" not in report["baseline"]
    assert report["baseline"]["paints_per_s"]["window"] > 0


def test_ratios_compare_the_player_with_the_baseline(report: dict[str, Any]) -> None:
    ratios = report["ratios"]
    for key in ("fps", "cpu_percent", "rss_mib", "paint_p99", "frame_p99"):
        assert ratios[key] is not None, key
        assert ratios[key] > 0, key
    assert ratios["fps"] == pytest.approx(
        report["player"]["fps"] / report["baseline"]["fps"], abs=0.01
    )
