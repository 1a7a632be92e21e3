"""``deskbreak validate``: every problem printed, exit status 0 only when all files are valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskbreak.cli import main
from deskbreak.domain.settings import Settings
from deskbreak.storage.settings_file import save_settings


def test_a_valid_file_says_so_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "settings.toml"
    save_settings(good, Settings().with_value("breaks.interval", 1800.0))

    status = main(["validate", str(good)])

    assert status == 0
    assert capsys.readouterr().out == f"{good}: valid\n"


def test_every_problem_in_every_file_is_printed_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[breaks]\ninterval = "30m"\n', encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('[breaks]\ninterval = "20s"\nsnooze = "5m"\ncolour = "red"\n', encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_bytes(b'[day]\nstart = "04:00\n')
    missing = tmp_path / "missing.toml"

    status = main(["validate", str(good), str(bad), str(broken), str(missing)])

    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[0] == f"{good}: valid"
    assert lines[1].startswith(f"{bad}:2: breaks.interval: expected a duration from 1m to 4h")
    assert lines[2].startswith(f"{bad}:4: breaks.colour: expected one of interval, warning")
    assert lines[3].startswith(f"{broken}:2: expected TOML, got a syntax error")
    assert lines[4].startswith(f"{missing}: cannot read the file")
    assert len(lines) == 5
    assert broken.read_bytes() == b'[day]\nstart = "04:00\n'  # checking never moves a file


def test_one_invalid_file_is_enough_for_exit_status_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newer = tmp_path / "settings.toml"
    newer.write_text("schema_version = 9\n", encoding="utf-8")

    assert main(["--basedir", str(tmp_path), "validate", str(newer)]) == 1
    assert capsys.readouterr().out.startswith(f"{newer}:1: schema_version: expected schema")


def test_validate_needs_at_least_one_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["validate"])

    assert stopped.value.code == 2
    assert "FILE" in capsys.readouterr().err
