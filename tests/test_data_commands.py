"""`deskbreak generate-history`, `export` and `delete-data` as a user (or developer) runs them."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pytestqt.qtbot import QtBot

from blocking import in_thread
from deskbreak.cli import EXIT_FAILED, main
from deskbreak.domain.settings import Settings
from deskbreak.domain.trace import parse_trace
from deskbreak.storage.export import TABLES
from deskbreak.storage.paths import Paths
from deskbreak.storage.settings_file import save_settings

if TYPE_CHECKING:
    from conftest import Serve

# The IPC server of the running-app test needs a Qt event loop, not a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def berlin_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local times in exports and traces: pin the zone so they are the same everywhere."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def deskbreak(
    capsys: pytest.CaptureFixture[str], basedir: Path, *args: str
) -> tuple[int, str, str]:
    code = main(["--basedir", str(basedir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def every_file(folder: Path) -> list[str]:
    return sorted(
        str(Path(root, name).relative_to(folder))
        for root, _, names in os.walk(folder)
        for name in names
    )


@pytest.fixture
def generated(capsys: pytest.CaptureFixture[str], basedir: Path) -> Path:
    save_settings(Paths.under(basedir).settings_file, Settings().with_value("run.days", (1, 3)))
    code, out, err = deskbreak(capsys, basedir, "generate-history", "--years", "0.1", "--seed", "4")
    assert (code, err) == (0, "")
    assert out.startswith("Generated 37 days (")
    return basedir


# ----------------------------------------------------------------- generate-history


def test_generate_history_fills_an_empty_history_once(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    code, out, err = deskbreak(capsys, generated, "generate-history", "--years", "1")
    assert code == EXIT_FAILED
    assert out == ""
    assert "already holds" in err
    assert "never mixes with real history" in err
    document = json.loads(deskbreak(capsys, generated, "export")[1])
    assert len(document["tables"]["stretches"]) > 100
    assert document["tables"]["routines"]  # Tue and Thu evenings
    offered = {row["exercise"] for row in document["tables"]["prompts"]}
    assert None not in offered
    assert len(offered) > 3


def test_generate_history_also_writes_the_trace(
    capsys: pytest.CaptureFixture[str], basedir: Path
) -> None:
    trace = basedir / "activity.trace"
    code, out, _ = deskbreak(
        capsys,
        basedir,
        "generate-history",
        "--years",
        "0.1",
        "--tz",
        "America/New_York",
        "--trace",
        str(trace),
    )
    assert code == 0
    assert "hardly any routines" in out  # no run days set
    entries = parse_trace(trace.read_text(encoding="utf-8").splitlines())
    assert len(entries) > 500


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--years", "0"], "expected a number of years from 0.1 to 30"),
        (["--years", "many"], "expected a number of years"),
        (["--years", "1", "--tz", "Mars/Olympus"], "expected a time zone such as Europe/Berlin"),
    ],
)
def test_generate_history_names_a_bad_argument(
    capsys: pytest.CaptureFixture[str], basedir: Path, args: list[str], expected: str
) -> None:
    with pytest.raises(SystemExit) as exit_code:
        deskbreak(capsys, basedir, "generate-history", *args)
    assert exit_code.value.code == 2
    assert expected in capsys.readouterr().err
    assert every_file(basedir) == []


def test_generate_history_refuses_an_unreadable_history(
    capsys: pytest.CaptureFixture[str], basedir: Path
) -> None:
    history = Paths.under(basedir).history_file
    history.parent.mkdir(parents=True)
    history.write_bytes(b"not a database at all" * 50)
    code, _, err = deskbreak(capsys, basedir, "generate-history", "--years", "1")
    assert code == EXIT_FAILED
    assert "history.sqlite3: cannot read the history database" in err


# --------------------------------------------------------------------------- export


def test_export_json_to_stdout_and_to_a_file(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    code, out, _ = deskbreak(capsys, generated, "export", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert set(document["tables"]) == set(TABLES)
    target = generated / "mine.json"
    code, out, _ = deskbreak(capsys, generated, "export", "--out", str(target))
    assert code == 0
    assert out == f"Exported your deskbreak data to {target}.\n"
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["tables"] == document["tables"]
    assert target.stat().st_mode & 0o077 == 0  # private, like the history itself


def test_export_csv_needs_a_file_and_writes_a_zip(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    code, _, err = deskbreak(capsys, generated, "export", "--format", "csv")
    assert code == 2
    assert "name it with --out FILE" in err
    target = generated / "mine.zip"
    code, _, _ = deskbreak(capsys, generated, "export", "--format", "csv", "--out", str(target))
    assert code == 0
    with zipfile.ZipFile(target) as archive:
        assert "stretches.csv" in archive.namelist()
        first = io.StringIO(archive.read("stretches.csv").decode("utf-8")).readline()
    assert first.startswith("id,started_utc,started_local,ended_utc,ended_local,sitting_s")


def test_export_where_lists_the_files(capsys: pytest.CaptureFixture[str], generated: Path) -> None:
    code, out, _ = deskbreak(capsys, generated, "export", "--where")
    assert code == 0
    assert "settings.toml" in out
    assert "history.sqlite3" in out
    assert "nothing is sent anywhere" in out


def test_export_says_what_went_wrong(capsys: pytest.CaptureFixture[str], basedir: Path) -> None:
    history = Paths.under(basedir).history_file
    history.parent.mkdir(parents=True)
    history.write_bytes(b"garbage" * 200)
    code, out, err = deskbreak(capsys, basedir, "export")
    assert (code, out) == (EXIT_FAILED, "")
    assert "cannot read the history database" in err
    history.unlink()
    code, _, err = deskbreak(capsys, basedir, "export", "--out", str(basedir / "no" / "x.json"))
    assert code == EXIT_FAILED
    assert "cannot write" in err
    assert "No such file or directory" in err


# ---------------------------------------------------------------------- delete-data


def test_delete_data_asks_first(
    capsys: pytest.CaptureFixture[str], generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    code, out, err = deskbreak(capsys, generated, "delete-data")
    assert code == EXIT_FAILED
    assert "These files will be deleted for good:" in out
    assert 'Type "delete"' in out
    assert "Nothing was deleted." in err
    assert "data/history.sqlite3" in every_file(generated)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no answer at all
    assert deskbreak(capsys, generated, "delete-data")[0] == EXIT_FAILED
    monkeypatch.setattr("sys.stdin", io.StringIO("delete\n"))
    code, out, _ = deskbreak(capsys, generated, "delete-data")
    assert code == 0
    assert out.endswith("Deleted 2 files.\n")
    assert every_file(generated) == []
    code, out, _ = deskbreak(capsys, generated, "delete-data")
    assert (code, out) == (0, "Nothing to delete: deskbreak keeps no data here.\n")


def test_delete_data_yes_and_own_files(capsys: pytest.CaptureFixture[str], generated: Path) -> None:
    own = Paths.under(generated).config_dir / "exercises" / "mine.toml"
    own.parent.mkdir()
    own.write_text("# mine\n", encoding="utf-8")
    code, out, _ = deskbreak(capsys, generated, "delete-data", "--yes")
    assert (code, out) == (0, "Deleted 2 files.\n")
    assert every_file(generated) == ["config/exercises/mine.toml"]
    code, out, _ = deskbreak(capsys, generated, "delete-data", "--yes", "--include-own")
    assert (code, out) == (0, "Deleted 1 file.\n")
    assert every_file(generated) == []


def test_delete_data_reports_what_could_not_be_removed(
    capsys: pytest.CaptureFixture[str], generated: Path
) -> None:
    odd = Paths.under(generated).data_dir / "history.sqlite3-journal"
    odd.mkdir()
    code, _, err = deskbreak(capsys, generated, "delete-data", "--yes")
    assert code == EXIT_FAILED
    assert "history.sqlite3-journal (Is a directory)" in err


def test_delete_data_goes_through_the_running_app(
    capsys: pytest.CaptureFixture[str], generated: Path, serve: Serve, qtbot: QtBot
) -> None:
    asked: list[dict[str, Any]] = []

    def running_app(message: dict[str, Any]) -> dict[str, Any]:
        asked.append(message)
        return {"removed": 3}

    serve(running_app)
    command = ["--basedir", str(generated), "delete-data", "--yes", "--include-own"]
    code = in_thread(qtbot, lambda: main(command))
    out = capsys.readouterr().out
    assert code == 0
    assert asked == [{"command": "delete_data", "include_own": True}]
    assert out == (
        "The running deskbreak deleted your data and started an empty history.\nDeleted 3 files.\n"
    )
    assert "data/history.sqlite3" in every_file(generated)  # the app's job, not done here
