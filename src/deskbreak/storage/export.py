"""Your data: export everything deskbreak stores, say what is kept where, and delete it all.

The export reads the history database read-only in one snapshot, so it works while the app
is running and writes. Formats: one JSON document, or a zip of CSV files (one per table,
ready for a spreadsheet); both are described in docs/your-data.md.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import sqlite3
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from deskbreak import __version__
from deskbreak.domain.settings import OPTIONS, Settings
from deskbreak.storage.atomic import replacing
from deskbreak.storage.history import SCHEMA_VERSION
from deskbreak.storage.paths import Paths
from deskbreak.storage.settings_file import load_settings

EXPORT_FORMAT = "deskbreak-export"
EXPORT_VERSION = 1
"""The version of the export's shape (docs/your-data.md); raised when a field changes."""

TABLES = ("stretches", "prompts", "standing", "routines", "squeeze_tests", "checkpoint")
"""Every table of the history database, in the order exports list them."""

BOOLEAN_COLUMNS = frozenset(
    {("prompts", "requested"), ("standing", "counted_as_break"), ("routines", "completed")}
)
"""Columns SQLite keeps as 0/1 that mean no/yes; exports write them as false/true."""

USER_FOLDERS = ("exercises", "routines")
"""Folders in the config folder with the user's own exercise and routine files (as
deskbreak.app.library names them)."""

ToLocal = Callable[[datetime], datetime]


class ExportError(Exception):
    """The history database exists but cannot be read; the text says why."""


class DeleteError(Exception):
    """Some files could not be removed; ``failed`` names each with the reason."""

    def __init__(self, failed: list[tuple[Path, str]]) -> None:
        names = "; ".join(f"{path} ({reason})" for path, reason in failed)
        super().__init__(f"could not remove {names}")
        self.failed = failed


# --------------------------------------------------------------------------- reading


def read_tables(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of the history at ``path``, read-only, as one snapshot.

    Rows are dicts of column name to value, in id order. Yes/no columns are booleans and
    a stretch's ``segments`` a list of ``[start_utc, end_utc]`` pairs; everything else is as
    stored (UTC times as ISO-8601 text). A missing database is empty tables; a table an
    older database lacks is empty.
    """
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    if not path.exists():
        return tables
    with _reading(path) as connection:
        try:
            connection.execute("BEGIN")  # one snapshot across all tables
            present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            for name in TABLES:
                if name not in present:
                    continue
                # The name is one of TABLES.
                cursor = connection.execute(f"SELECT * FROM {name} ORDER BY rowid")
                columns = [description[0] for description in cursor.description]
                tables[name] = [
                    _typed(name, dict(zip(columns, row, strict=True))) for row in cursor
                ]
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise ExportError(f"{path}: cannot read the history database ({error})") from None
    return tables


def count_rows(path: Path) -> int:
    """How many rows the history at ``path`` holds in all its tables (0 if there is none).

    Read-only, like :func:`read_tables`; ExportError when the file cannot be read.
    """
    return sum(len(rows) for rows in read_tables(path).values())


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the database at ``path``; ExportError if it cannot open.

    A read-only reader of a WAL database creates the ``-wal`` and ``-shm`` side files when
    they are missing (the app is not running) but cannot remove them; a connection that
    writes nothing tidies them away afterwards, as the app's own close would.
    """
    wal = path.with_name(path.name + "-wal")
    had_side_files = wal.exists()
    try:
        # Read-only: never creates, migrates or checkpoints the file; WAL readers see the
        # last committed state even while the app writes.
        connection = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise ExportError(f"{path}: cannot open the history database ({error})") from None
    try:
        yield connection
    finally:
        connection.close()
        if not had_side_files and wal.exists():
            # The last connection to close folds the (empty) WAL in and removes both side
            # files; while the app has the file open it is not the last and leaves them.
            with (
                contextlib.suppress(sqlite3.Error),
                contextlib.closing(sqlite3.connect(path)) as tidy,
            ):
                tidy.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _typed(table: str, row: dict[str, Any]) -> dict[str, Any]:
    for column, value in row.items():
        if (table, column) in BOOLEAN_COLUMNS and value is not None:
            row[column] = bool(value)
    if table == "stretches" and isinstance(row.get("segments"), str):
        # A list of pairs as stored; anything else was edited by hand and stays text.
        with contextlib.suppress(ValueError):
            segments = json.loads(row["segments"])
            if isinstance(segments, list) and all(
                isinstance(pair, list) and len(pair) == 2 for pair in segments
            ):
                row["segments"] = segments
    return row


def read_settings(path: Path) -> dict[str, Any]:
    """The settings in effect, as written in the settings file, and what is wrong with it.

    Never changes the file: an unparseable one is reported, not moved aside.
    """
    found: dict[str, Any] = {"file": str(path), "exists": path.exists(), "problems": []}
    settings = Settings()
    if path.exists():
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            found["problems"].append(f"{path}: cannot be read ({error}); defaults shown")
        else:
            loaded = load_settings(path)
            settings = loaded.settings
            found["problems"].extend(str(problem) for problem in loaded.problems)
    found["values"] = {item.key: item.write(settings[item.key]) for item in OPTIONS}
    found["changed"] = sorted(settings.changed())
    return found


# ---------------------------------------------------------------------------- export


def export_document(paths: Paths, *, now: datetime) -> dict[str, Any]:
    """Everything deskbreak stores, as one JSON-ready document (docs/your-data.md)."""
    return {
        "format": EXPORT_FORMAT,
        "export_version": EXPORT_VERSION,
        "exported_at": _utc_text(now),
        "app_version": __version__,
        "database_schema_version": SCHEMA_VERSION,
        "database": str(paths.history_file),
        "settings": read_settings(paths.settings_file),
        "tables": read_tables(paths.history_file),
    }


def export_json(paths: Paths, *, now: datetime) -> str:
    """The export document as indented JSON text, ending with a newline."""
    return json.dumps(export_document(paths, now=now), indent=2, ensure_ascii=False) + "\n"


def export_csv(paths: Paths, out: BinaryIO, *, now: datetime, to_local: ToLocal) -> None:
    """Write a zip of CSV files to ``out``: one per table, segments apart, settings, a README.

    Times are UTC as stored, each followed by the same moment in local time (``to_local``)
    in a ``..._local`` column a spreadsheet reads as a date.
    """
    document = export_document(paths, now=now)
    tables = document["tables"]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(document))
        for name in TABLES:
            rows = tables[name]
            if name == "stretches":
                archive.writestr(
                    "stretch_segments.csv", _csv("stretch_segments", _segments(rows), to_local)
                )
                rows = [{k: v for k, v in row.items() if k != "segments"} for row in rows]
            archive.writestr(f"{name}.csv", _csv(name, rows, to_local))
        values = document["settings"]["values"]
        settings = [{"key": key, "value": _setting_text(value)} for key, value in values.items()]
        archive.writestr("settings.csv", _csv("settings", settings, to_local))


def export_to_file(paths: Paths, out: Path, *, kind: str, now: datetime, to_local: ToLocal) -> None:
    """Write the export as ``kind`` ("json" or "csv", a zip) to the file ``out``.

    The file is replaced only once all of it is written, and is readable by its owner only
    (it holds private history). Raises ExportError, or OSError when ``out`` cannot be written.
    """
    if kind not in ("json", "csv"):
        raise ValueError(f"expected the export kind json or csv, got {kind!r}")
    with replacing(out) as stream:
        if kind == "json":
            stream.write(export_json(paths, now=now).encode("utf-8"))
        else:
            export_csv(paths, stream, now=now, to_local=to_local)


def _segments(stretches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for stretch in stretches:
        segments = stretch["segments"]
        if isinstance(segments, str):
            # Edited by hand into something that is not a list: kept as text, number 0.
            rows.append(
                {"stretch_id": stretch["id"], "number": 0, "start_utc": segments, "end_utc": None}
            )
            continue
        for number, (start, end) in enumerate(segments, start=1):
            rows.append(
                {"stretch_id": stretch["id"], "number": number, "start_utc": start, "end_utc": end}
            )
    return rows


_SCHEMA_COLUMNS: dict[str, list[str]] = {
    "stretches": ["id", "started_utc", "ended_utc", "sitting_s", "reason"],
    "stretch_segments": ["stretch_id", "number", "start_utc", "end_utc"],
    "prompts": [
        "id",
        "number",
        "due_utc",
        "closed_utc",
        "outcome",
        "sitting_s",
        "requested",
        "exercise",
    ],
    "standing": ["id", "started_utc", "ended_utc", "standing_s", "counted_as_break"],
    "routines": ["id", "routine", "started_utc", "ended_utc", "steps_done", "completed", "felt"],
    "squeeze_tests": ["id", "taken_utc", "side", "rating"],
    "checkpoint": ["id", "started_utc", "last_input_utc", "sitting_s", "saved_utc"],
    "settings": ["key", "value"],
}
"""Each CSV file's columns, so an empty table still gets its header row."""


def _csv(name: str, rows: list[dict[str, Any]], to_local: ToLocal) -> str:
    columns = list(rows[0]) if rows else _SCHEMA_COLUMNS[name]
    shown: list[str] = []
    for column in columns:
        shown.append(column)
        if column.endswith("_utc"):
            shown.append(column.removesuffix("_utc") + "_local")
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(shown)
    for row in rows:
        cells: list[str] = []
        for column in columns:
            value = row.get(column)
            cells.append(_cell(value))
            if column.endswith("_utc"):
                cells.append(_local_cell(value, to_local))
        writer.writerow(cells)
    return text.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _local_cell(value: Any, to_local: ToLocal) -> str:
    if not isinstance(value, str):
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return to_local(moment).strftime("%Y-%m-%d %H:%M:%S")


def _setting_text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return _cell(value)


def _readme(document: dict[str, Any]) -> str:
    counts = "\n".join(
        f"  {name}.csv: {len(rows)} rows" for name, rows in document["tables"].items()
    )
    return (
        "deskbreak export\n"
        f"Exported at {document['exported_at']} by deskbreak {document['app_version']} "
        f"(export version {document['export_version']}, database schema "
        f"{document['database_schema_version']}).\n\n"
        "One CSV file per table of the history database, plus stretch_segments.csv (the\n"
        "sitting parts of each stretch) and settings.csv. Times are UTC in the *_utc\n"
        "columns and local time in the *_local column after each. Durations are seconds.\n"
        "The fields are described in docs/your-data.md of deskbreak.\n\n"
        f"{counts}\n"
    )


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# -------------------------------------------------------------- what is kept, where


@dataclass(frozen=True)
class StoredFile:
    """One file deskbreak keeps: where, how big, and what it holds."""

    path: Path
    size: int
    what: str
    own: bool = False
    """A file the user wrote (their own exercises or routines), not one deskbreak records."""


def stored_files(paths: Paths) -> list[StoredFile]:
    """Every file deskbreak keeps for this user that exists now."""
    found: list[StoredFile] = []

    def add(path: Path, what: str, *, own: bool = False) -> None:
        try:
            if path.is_file():
                found.append(StoredFile(path, path.stat().st_size, what, own))
        except OSError:
            pass  # vanished meanwhile or unreadable folder: nothing to list

    history = paths.history_file
    add(
        history,
        "your history: sitting stretches, break prompts and your answers, "
        "standing periods, pre-run routines and squeeze tests",
    )
    for companion in _sqlite_companions(history):
        add(companion, "the history's recent writes, not yet folded into it (SQLite)")
    for aside in _asides(history, ".corrupt-"):
        add(aside, "a damaged history database, kept aside when a new one was started")
    add(paths.settings_file, "your settings")
    for aside in _asides(paths.settings_file, ".bad-"):
        add(aside, "a settings file that could not be read, kept aside")
    for folder in USER_FOLDERS:
        for path in _files_under(paths.config_dir / folder):
            add(path, f"your own {folder} (a file you added)", own=True)
    return found


def describe_storage(paths: Paths) -> str:
    """What deskbreak stores and where, as text for people: each file, its size, what it holds."""
    lines = ["deskbreak keeps these files on this computer; nothing is sent anywhere."]
    files = stored_files(paths)
    places = (
        ("Settings", paths.config_dir),
        ("History", paths.data_dir),
    )
    for title, folder in places:
        lines.append("")
        lines.append(f"{title} folder: {folder}")
        inside = [item for item in files if _is_under(item.path, folder)]
        if not inside:
            lines.append("  (nothing yet)")
        for item in inside:
            lines.append(f"  {item.path.name}  ({_size(item.size)})")
            lines.append(f"    {item.what}")
    return "\n".join(lines) + "\n"


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"


def _is_under(path: Path, folder: Path) -> bool:
    return path.is_relative_to(folder)


# ---------------------------------------------------------------------------- delete


def delete_data(paths: Paths, *, include_own: bool = False) -> list[Path]:
    """Remove the history (with its SQLite side files and damaged copies kept aside) and
    the settings file (with its backups); with ``include_own`` also the user's own exercise
    and routine files. Folders left empty are removed too. Returns what was removed.

    The running app must not hold the history open meanwhile (it calls this itself, see
    Shell.delete_all_data). Raises DeleteError naming what could not be removed; the rest
    is removed anyway.
    """
    history, settings = paths.history_file, paths.settings_file
    targets: list[Path] = [history, *_sqlite_companions(history)]
    for aside in _asides(history, ".corrupt-"):
        targets += [aside, *_sqlite_companions(aside)]
    targets += [settings, *_asides(settings, ".bad-"), *_temporaries(settings)]
    folders: list[Path] = []
    if include_own:
        folders = [paths.config_dir / folder for folder in USER_FOLDERS]
    removed: list[Path] = []
    failed: list[tuple[Path, str]] = []
    for path in dict.fromkeys(targets):
        if not (path.exists() or path.is_symlink()):
            continue
        try:
            path.unlink()
        except OSError as error:
            failed.append((path, error.strerror or str(error)))
        else:
            removed.append(path)
    for folder in folders:
        if folder.is_dir():
            inside = list(_files_under(folder))
            try:
                shutil.rmtree(folder)
            except OSError as error:
                failed.append((folder, error.strerror or str(error)))
            else:
                removed.extend(inside)
    for folder in (paths.data_dir, paths.config_dir):
        # Only when empty: not with the user's own files or an autostart entry in it.
        with contextlib.suppress(OSError):
            folder.rmdir()
    if failed:
        raise DeleteError(failed)
    return removed


def _sqlite_companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _asides(path: Path, marker: str) -> list[Path]:
    """Copies of ``path`` kept aside as ``<name><marker>...`` (not their SQLite side files)."""
    if not path.parent.is_dir():
        return []
    prefix = path.name + marker
    return sorted(
        item
        for item in path.parent.iterdir()
        if item.name.startswith(prefix) and not item.name.endswith(("-wal", "-shm", "-journal"))
    )


def _temporaries(path: Path) -> list[Path]:
    """Left-over temporary files of an atomic write of ``path`` (``.<name>.*.tmp``)."""
    if not path.parent.is_dir():
        return []
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def _files_under(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(item for item in folder.rglob("*") if item.is_file())
