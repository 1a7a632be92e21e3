"""Your data: exports that match the database row for row, the list of files, and delete-all."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from deskbreak.app.library import EXERCISES_FOLDER, ROUTINES_FOLDER
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import Checkpoint
from deskbreak.domain.synthetic import SyntheticHistory, generate_history
from deskbreak.storage.export import (
    BOOLEAN_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    TABLES,
    USER_FOLDERS,
    DeleteError,
    ExportError,
    delete_data,
    describe_storage,
    export_csv,
    export_json,
    export_to_file,
    read_tables,
    stored_files,
)
from deskbreak.storage.history import SCHEMA_VERSION, History
from deskbreak.storage.paths import Paths
from deskbreak.storage.settings_file import save_settings

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
RUNNER = Settings().with_value("run.days", (1, 3, 5)).with_value("breaks.interval", 40 * 60.0)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)


@pytest.fixture(scope="module")
def generated() -> SyntheticHistory:
    return generate_history(
        date(2026, 3, 16), 28, seed=2, settings=RUNNER, tz=BERLIN, exercises=("desk-march",)
    )


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths.under(tmp_path / "base")


@pytest.fixture
def filled(paths: Paths, generated: SyntheticHistory) -> Paths:
    with History.open(paths.history_file) as history:
        history.record_many(
            generated.events, routines=generated.routines, squeezes=generated.squeezes
        )
        history.save_checkpoint(Checkpoint(NOW, NOW, 120.0, NOW))
    save_settings(paths.settings_file, RUNNER)
    return paths


def database_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row as SQLite holds it, read on its own (not through the export)."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return {
            table: [dict(row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY id")]
            for table in TABLES
        }
    finally:
        connection.close()


# ---------------------------------------------------------------------------- JSON


def test_json_export_holds_every_row_exactly(filled: Paths, generated: SyntheticHistory) -> None:
    document = json.loads(export_json(filled, now=NOW))
    assert document["format"] == EXPORT_FORMAT
    assert document["export_version"] == EXPORT_VERSION
    assert document["database_schema_version"] == SCHEMA_VERSION
    assert document["exported_at"] == "2026-05-01T12:00:00+00:00"
    expected = database_rows(filled.history_file)
    assert set(document["tables"]) == set(TABLES)
    for table in TABLES:
        rows = document["tables"][table]
        assert len(rows) == len(expected[table])
        for exported, stored in zip(rows, expected[table], strict=True):
            for column, value in stored.items():
                if (table, column) in BOOLEAN_COLUMNS:
                    assert exported[column] is bool(value)
                elif column == "segments":
                    assert exported[column] == json.loads(value)
                else:
                    assert exported[column] == value, (table, column)
            assert set(exported) == set(stored)
    assert len(document["tables"]["squeeze_tests"]) == len(generated.squeezes) > 0
    assert len(document["tables"]["checkpoint"]) == 1


def test_json_export_includes_the_settings_in_effect(filled: Paths) -> None:
    settings = json.loads(export_json(filled, now=NOW))["settings"]
    assert settings["exists"] is True
    assert settings["values"]["breaks.interval"] == "40m"
    assert settings["values"]["run.days"] == ["tue", "thu", "sat"]
    assert settings["changed"] == ["breaks.interval", "run.days"]
    assert settings["problems"] == []


def test_a_broken_settings_file_is_reported_and_left_where_it_is(paths: Paths) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text("breaks = [oops\n", encoding="utf-8")
    settings = json.loads(export_json(paths, now=NOW))["settings"]
    assert "cannot be read" in settings["problems"][0]
    assert settings["values"]["breaks.interval"] == "45m"  # defaults shown
    assert [item.name for item in paths.config_dir.iterdir()] == ["settings.toml"]


def test_nothing_stored_yet_exports_empty_tables_and_creates_nothing(paths: Paths) -> None:
    document = json.loads(export_json(paths, now=NOW))
    assert document["tables"] == {table: [] for table in TABLES}
    assert document["settings"]["exists"] is False
    assert not paths.data_dir.exists()


# ----------------------------------------------------------------------------- CSV


def read_zip(data: bytes) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.StringIO(archive.read(name).decode("utf-8")))
            )
            for name in archive.namelist()
            if name.endswith(".csv")
        }


def cell(value: Any, *, boolean: bool = False) -> str:
    if value is None:
        return ""
    if boolean:
        return "true" if value else "false"
    return str(value)


def test_csv_export_is_one_file_per_table_matching_the_database(filled: Paths) -> None:
    out = io.BytesIO()
    export_csv(filled, out, now=NOW, to_local=to_local)
    files = read_zip(out.getvalue())
    assert set(files) == {*TABLES, "stretch_segments", "settings"}
    expected = database_rows(filled.history_file)
    for table in TABLES:
        assert len(files[table]) == len(expected[table])
        for exported, stored in zip(files[table], expected[table], strict=True):
            for column, value in stored.items():
                if column == "segments":
                    continue
                assert exported[column] == cell(value, boolean=(table, column) in BOOLEAN_COLUMNS)
                if column.endswith("_utc") and value is not None:
                    local = to_local(datetime.fromisoformat(value))
                    assert exported[column.removesuffix("_utc") + "_local"] == (
                        local.strftime("%Y-%m-%d %H:%M:%S")
                    )
    # The segments file rebuilds every stretch's segments.
    rebuilt: dict[int, list[list[str]]] = {}
    for row in files["stretch_segments"]:
        rebuilt.setdefault(int(row["stretch_id"]), []).append([row["start_utc"], row["end_utc"]])
        assert int(row["number"]) == len(rebuilt[int(row["stretch_id"])])
    assert rebuilt == {row["id"]: json.loads(row["segments"]) for row in expected["stretches"]}
    settings = {row["key"]: row["value"] for row in files["settings"]}
    assert settings["run.days"] == "tue,thu,sat"


def test_an_empty_csv_export_still_has_every_header(paths: Paths) -> None:
    out = io.BytesIO()
    export_csv(paths, out, now=NOW, to_local=to_local)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        header = archive.read("prompts.csv").decode("utf-8").splitlines()
        readme = archive.read("README.txt").decode("utf-8")
    assert header == [
        "id,number,due_utc,due_local,closed_utc,closed_local,outcome,sitting_s,requested,exercise"
    ]
    assert "prompts.csv: 0 rows" in readme


# ------------------------------------------------------------------ reading safely


def test_export_reads_while_the_app_holds_the_database_open(
    filled: Paths, generated: SyntheticHistory
) -> None:
    with History.open(filled.history_file) as running:
        running.record_many(generated.events[:2])  # written through the WAL, not folded in
        assert filled.history_file.with_name("history.sqlite3-wal").exists()
        tables = read_tables(filled.history_file)
    assert len(tables["stretches"]) == len(database_rows(filled.history_file)["stretches"])


def test_an_old_database_is_exported_as_it_is_not_migrated(paths: Paths) -> None:
    paths.data_dir.mkdir(parents=True)
    connection = sqlite3.connect(paths.history_file)
    connection.execute(
        "CREATE TABLE stretches (id INTEGER PRIMARY KEY, started_utc TEXT, ended_utc TEXT,"
        " sitting_s REAL, reason TEXT, segments TEXT)"
    )
    connection.execute(
        "INSERT INTO stretches VALUES (1, 'a', 'b', 60.0, 'idle', 'not json'), "
        "(2, 'a', 'b', 60.0, 'idle', '3')"
    )
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    tables = read_tables(paths.history_file)
    assert [row["segments"] for row in tables["stretches"]] == ["not json", "3"]
    assert tables["routines"] == []
    out = io.BytesIO()
    export_csv(paths, out, now=NOW, to_local=to_local)
    segments = read_zip(out.getvalue())["stretch_segments"]
    assert [(row["number"], row["start_utc"]) for row in segments] == [
        ("0", "not json"),
        ("0", "3"),
    ]
    connection = sqlite3.connect(paths.history_file)
    assert connection.execute("PRAGMA user_version").fetchone() == (1,)
    connection.close()


def test_a_damaged_database_is_an_export_error_naming_it(paths: Paths) -> None:
    paths.data_dir.mkdir(parents=True)
    paths.history_file.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ExportError, match=r"history\.sqlite3: cannot read"):
        read_tables(paths.history_file)


# --------------------------------------------------------------- what is kept where


def test_describe_storage_names_each_file_its_size_and_what_it_holds(filled: Paths) -> None:
    (filled.config_dir / "exercises").mkdir()
    (filled.config_dir / "exercises" / "mine.toml").write_text("# mine\n", encoding="utf-8")
    text = describe_storage(filled)
    assert f"Settings folder: {filled.config_dir}" in text
    assert f"History folder: {filled.data_dir}" in text
    size = filled.history_file.stat().st_size
    assert f"history.sqlite3  ({size / 1024:.1f} KiB)" in text
    assert "settings.toml  (" in text
    assert "mine.toml  (7 bytes)" in text
    assert "your own exercises" in text
    own = [item for item in stored_files(filled) if item.own]
    assert [item.path.name for item in own] == ["mine.toml"]


def test_describe_storage_before_anything_is_stored(paths: Paths) -> None:
    text = describe_storage(paths)
    assert text.count("(nothing yet)") == 2
    assert "nothing is sent anywhere" in text


# ---------------------------------------------------------------------------- delete


def every_file(folder: Path) -> list[str]:
    return sorted(
        str(Path(root, name).relative_to(folder))
        for root, _, names in os.walk(folder)
        for name in names
    )


def test_delete_leaves_no_file_behind(filled: Paths) -> None:
    # What deskbreak may have left over the years: side files, damaged and broken copies.
    data, config = filled.data_dir, filled.config_dir
    for name in (
        "history.sqlite3-wal",
        "history.sqlite3-shm",
        "history.sqlite3.corrupt-20260101T090000",
        "history.sqlite3.corrupt-20260101T090000-wal",
        "history.sqlite3.corrupt-20260101T090000-2",
    ):
        (data / name).write_bytes(b"x")
    for name in ("settings.toml.bad-20260101T090000", ".settings.toml.abc123.tmp"):
        (config / name).write_bytes(b"x")
    assert len(every_file(filled.basedir or Path())) == 9
    removed = delete_data(filled)
    assert every_file(filled.basedir or Path()) == []
    assert not data.exists()
    assert not config.exists()
    assert len(removed) == 9
    assert describe_storage(filled).count("(nothing yet)") == 2


def test_delete_keeps_the_users_own_files_unless_asked(filled: Paths) -> None:
    own = filled.config_dir / "routines" / "evening.toml"
    own.parent.mkdir()
    own.write_text("# my routine\n", encoding="utf-8")
    delete_data(filled)
    assert every_file(filled.basedir or Path()) == ["config/routines/evening.toml"]
    removed = delete_data(filled, include_own=True)
    assert removed == [own]
    assert every_file(filled.basedir or Path()) == []
    assert not filled.config_dir.exists()


def test_what_cannot_be_removed_is_named_and_the_rest_goes(filled: Paths) -> None:
    # A folder where SQLite's journal would be: unlink refuses it, even for root.
    odd = filled.data_dir / "history.sqlite3-journal"
    odd.mkdir()
    (odd / "inside").write_bytes(b"x")
    with pytest.raises(DeleteError, match=r"history\.sqlite3-journal \(Is a directory\)") as error:
        delete_data(filled)
    assert [path.name for path, _ in error.value.failed] == ["history.sqlite3-journal"]
    assert every_file(filled.basedir or Path()) == ["data/history.sqlite3-journal/inside"]


def test_the_users_own_folders_are_those_the_library_reads() -> None:
    assert (EXERCISES_FOLDER, ROUTINES_FOLDER) == USER_FOLDERS


def test_export_to_file_replaces_the_file_only_when_complete(filled: Paths, tmp_path: Path) -> None:
    target = tmp_path / "mine.json"
    target.write_text("older export", encoding="utf-8")
    with pytest.raises(ValueError, match="expected the export kind json or csv, got 'xml'"):
        export_to_file(filled, target, kind="xml", now=NOW, to_local=to_local)
    filled.history_file.write_bytes(b"damaged" * 300)
    with pytest.raises(ExportError):
        export_to_file(filled, target, kind="json", now=NOW, to_local=to_local)
    assert target.read_text(encoding="utf-8") == "older export"
    assert sorted(item.name for item in tmp_path.iterdir() if item.is_file()) == ["mine.json"]
    filled.history_file.unlink()
    export_to_file(filled, target, kind="csv", now=NOW, to_local=to_local)
    assert zipfile.is_zipfile(target)
    assert target.stat().st_mode & 0o777 == 0o600
