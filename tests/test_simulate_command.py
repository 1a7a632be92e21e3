"""`deskbreak simulate`: the example office day, settings overrides, and bad traces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskbreak.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "office-day.trace"
SUMMARY_KEYS = [
    "day",
    "sitting_s",
    "longest_stretch_s",
    "stretches",
    "prompts",
    "done",
    "snoozed",
    "skipped",
    "natural_breaks",
    "standing_s",
]


@pytest.fixture(autouse=True)
def berlin_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Trace times are local: pin the zone so the numbers are the same on every machine."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def simulate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["simulate", *args])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_the_example_office_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = simulate(capsys, str(EXAMPLE))
    assert code == 0
    assert err == ""
    records = [json.loads(line) for line in lines]
    events, summaries = records[:-1], records[-1:]
    assert all(set(event) >= {"time", "kind"} for event in events)
    assert events[0] == {"time": "2026-11-16 08:52:00", "kind": "stretch_started"}
    kinds = {event["kind"] for event in events}
    assert kinds >= {
        "stretch_started",
        "stretch_ended",
        "break_warning",
        "break_due",
        "prompt_closed",
        "session_away",
        "session_back",
        "standing_started",
        "standing_ended",
        "pause_started",
        "pause_ended",
        "prompt_held",
    }
    [summary] = summaries
    assert list(summary) == SUMMARY_KEYS
    assert summary == {
        "day": "2026-11-16",
        "sitting_s": 23160,
        "longest_stretch_s": 4795,
        "stretches": 8,
        "prompts": 9,
        "done": 1,
        "snoozed": 6,
        "skipped": 1,
        "natural_breaks": 7,
        "standing_s": 1800,
    }
    # Exactly the documented form: "key": value pairs separated by ", ".
    assert lines[-1].startswith('{"day": "2026-11-16", "sitting_s": 23160, ')


def test_settings_change_the_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = simulate(
        capsys, str(EXAMPLE), "--set", "breaks.interval=30m", "--set", "breaks.warning=0s"
    )
    assert code == 0
    summary = json.loads(lines[-1])
    assert summary["prompts"] > 9
    assert not any(json.loads(line).get("kind") == "break_warning" for line in lines[:-1])


def test_a_bad_setting_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, err = simulate(capsys, str(EXAMPLE), "--set", "breaks.interval=soon")
    assert code == 2
    assert lines == []
    assert "breaks.interval=soon" in err
    assert "expected a duration" in err


def test_a_bad_line_names_the_file_the_line_and_what_was_expected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    trace = tmp_path / "broken.trace"
    trace.write_text(
        "# a day\n2026-11-16 09:00 active 10m\n2026-11-16 09:20 actve 5m\n", encoding="utf-8"
    )
    code, lines, err = simulate(capsys, str(trace))
    assert code == 2
    assert lines == []
    assert err.startswith(
        f"{trace}:3: expected one of active, idle, lock, suspend, fullscreen, input, action"
    )
    assert trace.read_text(encoding="utf-8").count("\n") == 3  # the file is left as it was


def test_an_answer_with_no_prompt_open_is_a_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    trace = tmp_path / "early.trace"
    trace.write_text("2026-11-16 09:00 active 10m\n2026-11-16 09:05 action done\n")
    code, lines, err = simulate(capsys, str(trace))
    assert code == 0
    assert f"{trace}:2: warning: 'action done' at 09:05:00 ignored" in err
    assert json.loads(lines[-1])["sitting_s"] == 600


def test_an_unreadable_trace(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = simulate(capsys, str(tmp_path / "missing.trace"))
    assert code == 2
    assert "missing.trace: cannot read the trace" in err


def test_the_console_script_runs_it_without_qt(tmp_path: Path) -> None:
    code = (
        "import sys; from deskbreak.cli import main; main(['simulate', sys.argv[1]]); "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TZ": "Europe/Berlin"},
    )
    assert result.stdout.splitlines()[-1] == "[]"
