"""`deskbreak preview`: every exercise's figure at its key phases, rendered to PNG files in
artifacts/preview/ to be looked at, with a contact sheet each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from deskbreak.assets import read_asset_text
from deskbreak.domain.figure import load_animations

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "artifacts" / "preview"


def preview(*arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "deskbreak", "preview", *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        timeout=300,
    )


def test_every_exercise_renders_at_its_key_phases() -> None:
    animations = load_animations(read_asset_text("animations.toml"), "animations.toml")
    result = preview("all", "--keys", "--out", str(OUT), "--size", "320x320")
    assert result.returncode == 0, result.stdout + result.stderr
    for animation in animations:
        sheet = OUT / f"{animation.id}-sheet.png"
        assert sheet.is_file(), animation.id
        assert str(sheet) in result.stdout
        assert (OUT / f"{animation.id}-left-000.png").is_file()
        if animation.one_side:
            assert (OUT / f"{animation.id}-right-000.png").is_file()


def test_frames_across_a_rep_on_a_dark_background(tmp_path: Path) -> None:
    result = preview("glute-bridge", "--out", str(tmp_path), "--frames", "3", "--dark")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "glute-bridge-left-000.png",
        "glute-bridge-left-001.png",
        "glute-bridge-left-002.png",
        "glute-bridge-sheet.png",
    ]


def test_unknown_exercises_and_bad_sizes_are_named(tmp_path: Path) -> None:
    result = preview("cartwheel", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "no animation for 'cartwheel'" in result.stdout
    result = preview("glute-bridge", "--out", str(tmp_path), "--size", "big")
    assert result.returncode == 2
    assert "expected --size as WIDTHxHEIGHT" in result.stdout
    result = preview("--out", str(tmp_path))
    assert result.returncode == 2
    assert "expected an exercise id, or --all" in result.stdout


def test_all_renders_every_animation(tmp_path: Path) -> None:
    result = preview("--all", "--out", str(tmp_path), "--frames", "1", "--size", "64x64")
    assert result.returncode == 0, result.stderr
    animations = load_animations(read_asset_text("animations.toml"), "animations.toml")
    sheets = sorted(p.name for p in tmp_path.glob("*-sheet.png"))
    assert sheets == sorted(f"{a.id}-sheet.png" for a in animations)


def test_the_command_line_loads_no_qt_until_it_renders() -> None:
    code = (
        "import sys, deskbreak.cli.preview\n"
        "print(sorted(n for n in sys.modules if n.startswith('PySide6')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
