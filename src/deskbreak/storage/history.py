"""The history database: sitting stretches, break prompts, standing periods and the checkpoint.

Opening never fails: a damaged file is kept aside and a new one started, and where nothing
can be written history lives in memory; ``notices`` tells the user what happened and why.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any, TypeVar

from deskbreak.domain.evening import Rating, RoutineRun, Squeeze
from deskbreak.domain.events import (
    BreakDue,
    BreakReason,
    Event,
    Outcome,
    PromptClosed,
    StandingEnded,
    StretchEnded,
)
from deskbreak.domain.exercises import Side
from deskbreak.domain.status import Checkpoint

# The schema, one entry per version; ``PRAGMA user_version`` says how many have run.
# Entries are never edited once released, only appended. Timestamps are UTC ISO-8601
# text with microseconds, so text order is time order and the indexes serve range queries.
#
# The routines and squeeze_tests tables (3) reference nothing else and nothing references
# them: each feature's history stands alone.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        # 1: sitting history and the crash checkpoint.
        """CREATE TABLE stretches (
            id INTEGER PRIMARY KEY,
            started_utc TEXT NOT NULL,
            ended_utc TEXT NOT NULL,
            sitting_s REAL NOT NULL,
            reason TEXT NOT NULL,
            segments TEXT NOT NULL  -- JSON [[start_utc, end_utc], ...]
        )""",
        "CREATE INDEX stretches_by_end ON stretches (ended_utc)",
        # due_utc and sitting_s are NULL for a prompt whose opening was never recorded
        # (a crash between BreakDue and PromptClosed); its outcome still counts.
        """CREATE TABLE prompts (
            id INTEGER PRIMARY KEY,
            number INTEGER NOT NULL,  -- within its stretch, from 1
            due_utc TEXT,
            closed_utc TEXT,
            outcome TEXT,
            sitting_s REAL,
            requested INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX prompts_by_due ON prompts (due_utc)",
        "CREATE INDEX prompts_by_close ON prompts (closed_utc)",
        """CREATE TABLE standing (
            id INTEGER PRIMARY KEY,
            started_utc TEXT NOT NULL,
            ended_utc TEXT NOT NULL,
            standing_s REAL NOT NULL,
            counted_as_break INTEGER NOT NULL
        )""",
        "CREATE INDEX standing_by_end ON standing (ended_utc)",
        """CREATE TABLE checkpoint (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            started_utc TEXT NOT NULL,
            last_input_utc TEXT NOT NULL,
            sitting_s REAL NOT NULL,
            saved_utc TEXT NOT NULL
        )""",
    ),
    (
        # 2: the exercise each prompt offered (an id from assets/exercises.toml).
        "ALTER TABLE prompts ADD COLUMN exercise TEXT",
    ),
    (
        # 3: pre-run routines and the glute squeeze self-check.
        # ended_utc is NULL for a routine whose end was never seen (the app quit meanwhile).
        """CREATE TABLE routines (
            id INTEGER PRIMARY KEY,
            routine TEXT NOT NULL,
            started_utc TEXT NOT NULL,
            ended_utc TEXT,
            steps_done INTEGER NOT NULL,
            completed INTEGER NOT NULL,
            felt TEXT
        )""",
        "CREATE INDEX routines_by_start ON routines (started_utc)",
        """CREATE TABLE squeeze_tests (
            id INTEGER PRIMARY KEY,
            taken_utc TEXT NOT NULL,
            side TEXT NOT NULL,  -- left | right
            rating TEXT NOT NULL  -- firm | soft | thigh
        )""",
        "CREATE INDEX squeeze_tests_by_time ON squeeze_tests (taken_utc)",
    ),
)

SCHEMA_VERSION = len(_MIGRATIONS)

T = TypeVar("T")

# SQLite result codes (the low byte of sqlite_errorcode) that mean "cannot write here
# now" rather than "this file is damaged": the file is left alone for them.
_CANNOT_WRITE = frozenset(
    {
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_AUTH,
    }
)

# When two stored events share a moment: a prompt opens before it closes, and a Done
# closes the prompt before it ends the stretch.
_ORDER: Mapping[type[Event], int] = MappingProxyType(
    {BreakDue: 0, PromptClosed: 1, StandingEnded: 2, StretchEnded: 3}
)


_STORED = tuple(_ORDER)
"""The event kinds the history keeps."""


class _DamagedError(Exception):
    """The file is not a usable deskbreak database: keep it aside and start anew."""


class _CannotWriteError(Exception):
    """The file or its folder cannot be written now: leave it alone, use memory."""


class _TooNewError(Exception):
    def __init__(self, version: int) -> None:
        super().__init__(f"schema version {version}")
        self.version = version


class History:
    """The history of one user, in SQLite; every write is its own short transaction.

    ``persistent`` is False when history lives in memory only (see ``notices`` for why).
    Call from one thread, the one that opened it.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        path: Path,
        persistent: bool,
        notices: list[str],
    ) -> None:
        self._connection = connection
        self.path = path
        self.persistent = persistent
        self.notices = notices
        # Set by closed_for when its work removed the file: the next write makes it anew.
        self._file_pending = False

    @classmethod
    def open(cls, path: Path, *, now: datetime | None = None) -> History:
        """The history at ``path``, created if missing; never raises for a bad file or folder.

        A damaged file is renamed to ``<name>.corrupt-<YYYYmmddTHHMMSS>`` (local time ``now``)
        with its ``-wal``/``-shm`` files. A file from a newer deskbreak is left untouched.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return cls.in_memory(
                path,
                f"History will not be kept: the folder {path.parent} cannot be created "
                f"({_os_reason(error)}). It lives in memory until deskbreak quits.",
            )
        try:
            return cls(_open_file(path), path=path, persistent=True, notices=[])
        except _TooNewError as too_new:
            return cls.in_memory(
                path,
                f"History will not be kept: {path} comes from a newer deskbreak "
                f"(schema version {too_new.version}; this one knows up to {SCHEMA_VERSION}). "
                "It was left untouched; history lives in memory until deskbreak quits.",
            )
        except _CannotWriteError as error:
            return cls.in_memory(path, _cannot_write_notice(path, str(error)))
        except _DamagedError as damage:
            return cls._start_anew(path, str(damage), now or datetime.now())

    @classmethod
    def in_memory(cls, path: Path, *notices: str) -> History:
        """History that is lost on quit; ``path`` is where it would have been kept."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        _migrate(connection)
        return cls(connection, path=path, persistent=False, notices=list(notices))

    @classmethod
    def _start_anew(cls, path: Path, damage: str, now: datetime) -> History:
        try:
            aside = _move_aside(path, f".corrupt-{now:%Y%m%dT%H%M%S}")
        except OSError as error:
            return cls.in_memory(
                path,
                f"History will not be kept: {path} is damaged ({damage}) and could not be "
                f"moved aside ({_os_reason(error)}). It lives in memory until deskbreak quits.",
            )
        notice = (
            f"The history database {path} was damaged ({damage}). It was kept as {aside} "
            "and a new one was started."
        )
        try:
            return cls(_open_file(path), path=path, persistent=True, notices=[notice])
        except (_DamagedError, _CannotWriteError, _TooNewError) as error:
            return cls.in_memory(path, notice, _cannot_write_notice(path, str(error)))

    def close(self) -> None:
        self._connection.close()

    def closed_for(self, work: Callable[[], T]) -> T:
        """Close the database, run ``work`` (which may delete or replace its files), then
        open it again at the same path, as :meth:`open` does.

        When ``work`` removed the file, no new one is made yet: the history reads as empty
        and the file comes back with the first thing stored, so deleting all data leaves no
        file behind. The same History object stays usable, so everything holding it keeps
        working.
        """
        self._connection.close()
        try:
            return work()
        finally:
            if self.path.exists():
                self._reopen()
            else:
                self._connection = sqlite3.connect(":memory:", isolation_level=None)
                _migrate(self._connection)
                self._file_pending = True

    def _reopen(self) -> None:
        reopened = History.open(self.path)
        self._connection = reopened._connection
        self.persistent = reopened.persistent
        self._file_pending = False
        for notice in reopened.notices:
            self._notice(notice)

    def __enter__(self) -> History:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def record(self, event: Event) -> None:
        """Store a StretchEnded, BreakDue, PromptClosed or StandingEnded; ignore the rest."""
        if isinstance(event, _STORED):
            self._write(lambda db: _store_event(db, event))

    def record_many(
        self,
        events: Iterable[Event] = (),
        *,
        routines: Iterable[RoutineRun] = (),
        squeezes: Iterable[Squeeze] = (),
    ) -> None:
        """Store many events (as :meth:`record`, in the order given), routines and squeeze
        tests in one transaction: all of them or, on an error, none."""

        def store(db: sqlite3.Connection) -> None:
            for event in events:
                _store_event(db, event)
            for run in routines:
                _store_routine(db, run)
            for squeeze in squeezes:
                _store_squeeze(db, squeeze)

        self._write(store)

    def save_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._write(
            lambda db: db.execute(
                "INSERT OR REPLACE INTO checkpoint"
                " (id, started_utc, last_input_utc, sitting_s, saved_utc) VALUES (1, ?, ?, ?, ?)",
                (
                    _text(checkpoint.started_utc),
                    _text(checkpoint.last_input_utc),
                    checkpoint.sitting_s,
                    _text(checkpoint.saved_utc),
                ),
            )
        )

    def load_checkpoint(self) -> Checkpoint | None:
        """The saved checkpoint, or None when there is none or it cannot be read."""
        rows = self._read(
            "SELECT started_utc, last_input_utc, sitting_s, saved_utc FROM checkpoint", ()
        )
        for started, last_input, sitting_s, saved in rows:
            try:
                return Checkpoint(_time(started), _time(last_input), float(sitting_s), _time(saved))
            except (TypeError, ValueError) as error:
                self._notice(f"The saved checkpoint in {self.path} could not be read ({error}).")
        return None

    def clear_checkpoint(self) -> None:
        self._write(lambda db: db.execute("DELETE FROM checkpoint"))

    def recent_exercises(self, limit: int = 20) -> list[str]:
        """The exercises the latest prompts offered, newest last (to continue the rotation)."""
        rows = self._read(
            "SELECT exercise FROM prompts WHERE exercise IS NOT NULL ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [str(row[0]) for row in reversed(rows)]

    def record_routine(self, run: RoutineRun) -> None:
        self._write(lambda db: _store_routine(db, run))

    def routines_between(self, start_utc: datetime, end_utc: datetime) -> list[RoutineRun]:
        """Routines started from ``start_utc`` (included) to ``end_utc`` (excluded), in order."""
        rows = self._read(
            "SELECT id, routine, started_utc, ended_utc, steps_done, completed, felt"
            " FROM routines WHERE started_utc >= ? AND started_utc < ? ORDER BY started_utc, id",
            (_text(start_utc), _text(end_utc)),
        )
        return self._convert_rows("routines", rows, _routine_run)

    def last_routine_start(self) -> datetime | None:
        """When the latest routine started (so a restart does not remind of a run done)."""
        rows = self._read("SELECT max(started_utc) FROM routines", ())
        found = [_time(row[0]) for row in rows if row[0] is not None]
        return found[0] if found else None

    def record_squeeze(self, squeeze: Squeeze) -> None:
        self._write(lambda db: _store_squeeze(db, squeeze))

    def squeezes_between(self, start_utc: datetime, end_utc: datetime) -> list[Squeeze]:
        """Squeeze-test answers from ``start_utc`` (included) to ``end_utc`` (excluded)."""
        rows = self._read(
            "SELECT id, taken_utc, side, rating FROM squeeze_tests"
            " WHERE taken_utc >= ? AND taken_utc < ? ORDER BY taken_utc, id",
            (_text(start_utc), _text(end_utc)),
        )
        return self._convert_rows("squeeze_tests", rows, _squeeze)

    def _convert_rows(
        self, table: str, rows: list[tuple[Any, ...]], convert: Callable[[tuple[Any, ...]], T]
    ) -> list[T]:
        found: list[T] = []
        skipped: list[str] = []
        for row in rows:
            try:
                found.append(convert(row))
            except (TypeError, ValueError) as error:
                # Someone edited the file by hand: leave that row out, keep the rest.
                skipped.append(f"{table} row {row[0]}: {error}")
        if skipped:
            self._notice(
                f"Some rows in the history database {self.path} could not be read and were "
                f"left out ({'; '.join(skipped[:3])})."
            )
        return found

    def events_between(self, start_utc: datetime, end_utc: datetime) -> list[Event]:
        """Stored events from ``start_utc`` (included) to ``end_utc`` (excluded), in time order.

        They come back as the domain events that were recorded, with ``at`` 0.0 (the
        monotonic moment is not kept); a PromptClosed has ``next_due_in_s`` None. Each
        event is found by its own ``utc``: a stretch by its end, so a caller that wants
        every stretch that began in a window asks from a little earlier.
        """
        start, end = _text(start_utc), _text(end_utc)
        queries: tuple[
            tuple[str, str, tuple[str, ...], Callable[[tuple[Any, ...]], list[Event]]], ...
        ] = (
            (
                "stretches",
                "SELECT id, started_utc, ended_utc, sitting_s, reason, segments FROM stretches"
                " WHERE ended_utc >= ? AND ended_utc < ?",
                (start, end),
                _stretch_events,
            ),
            (
                "prompts",
                "SELECT id, number, due_utc, closed_utc, outcome, sitting_s, requested, exercise"
                " FROM prompts"
                " WHERE (due_utc >= ? AND due_utc < ?) OR (closed_utc >= ? AND closed_utc < ?)",
                (start, end, start, end),
                lambda row: _prompt_events(row, start, end),
            ),
            (
                "standing",
                "SELECT id, started_utc, ended_utc, standing_s, counted_as_break FROM standing"
                " WHERE ended_utc >= ? AND ended_utc < ?",
                (start, end),
                _standing_events,
            ),
        )
        found: list[tuple[datetime, int, int, Event]] = []
        skipped: list[str] = []
        for table, query, parameters, convert in queries:
            for row in self._read(query, parameters):
                try:
                    events = convert(row)
                except (TypeError, ValueError, KeyError) as error:
                    # Someone edited the file by hand: leave that row out, keep the rest.
                    skipped.append(f"{table} row {row[0]}: {error}")
                    continue
                found.extend((event.utc, _ORDER[type(event)], row[0], event) for event in events)
        if skipped:
            self._notice(
                f"Some rows in the history database {self.path} could not be read and were "
                f"left out ({'; '.join(skipped[:3])})."
            )
        found.sort(key=lambda item: item[:3])
        return [event for *_, event in found]

    def _write(self, work: Callable[[sqlite3.Connection], object]) -> None:
        if self._file_pending:
            self._connection.close()
            self._reopen()
        try:
            _transaction(self._connection, work)
        except sqlite3.Error as error:
            if not self.persistent:
                raise
            # A full disk, a file made read-only or damaged while running: keep going in
            # memory so the rest of the day is still counted, and say so.
            self._continue_in_memory(_sqlite_reason(error))
            _transaction(self._connection, work)

    def _read(self, query: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]:
        try:
            return list(self._connection.execute(query, parameters))
        except sqlite3.Error as error:
            self._notice(f"The history in {self.path} could not be read ({_sqlite_reason(error)}).")
            return []

    def _continue_in_memory(self, reason: str) -> None:
        memory = sqlite3.connect(":memory:", isolation_level=None)
        try:
            # Copy what is there, so today's totals and the checkpoint carry on.
            self._connection.backup(memory)
            _check_tables(memory)
        except (sqlite3.Error, _DamagedError):
            memory.close()
            memory = sqlite3.connect(":memory:", isolation_level=None)
            _migrate(memory)
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()
        self._connection = memory
        self.persistent = False
        self._notice(
            f"History can no longer be written to {self.path} ({reason}). From now on it "
            "lives in memory and is lost when deskbreak quits."
        )

    def _notice(self, text: str) -> None:
        if text not in self.notices:
            self.notices.append(text)


def _open_file(path: Path) -> sqlite3.Connection:
    """A ready connection to the database file at ``path``, migrated to the latest schema."""
    if path.exists():
        _inspect(path)
    try:
        # Autocommit mode: transactions are opened explicitly (the sqlite3 module would
        # otherwise commit before DDL on its own).
        connection = sqlite3.connect(path, timeout=1.0, isolation_level=None)
    except sqlite3.Error as error:
        raise _CannotWriteError(_sqlite_reason(error)) from None
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        # Safe with WAL: a power cut may lose the last writes but never damages the file.
        connection.execute("PRAGMA synchronous = NORMAL")
        _migrate(connection)
        _check_tables(connection)
    except sqlite3.Error as error:
        connection.close()
        raise _classify(error) from None
    except BaseException:
        connection.close()
        raise
    return connection


def _inspect(path: Path) -> None:
    """Raise if the existing file at ``path`` is too new or damaged; change nothing in it.

    Read-only on purpose: the last read-write connection to close would fold the
    ``-wal`` file into a damaged database and delete it, and both must be kept as found.
    """
    try:
        connection = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise _classify(error) from None
    try:
        (version,) = connection.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise _TooNewError(version)
        results = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
        if results != ["ok"]:
            raise _DamagedError("integrity check failed: " + "; ".join(results[:3]))
        # Before the read-write connection turns on WAL, which changes the header.
        _check_tables(connection, version)
    except sqlite3.Error as error:
        raise _classify(error) from None
    finally:
        connection.close()


def _classify(error: sqlite3.Error) -> Exception:
    if _result_code(error) in _CANNOT_WRITE:
        return _CannotWriteError(_sqlite_reason(error))
    return _DamagedError(_sqlite_reason(error))


def _migrate(connection: sqlite3.Connection) -> None:
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    for number in range(version + 1, SCHEMA_VERSION + 1):

        def step(db: sqlite3.Connection, number: int = number) -> None:
            for statement in _MIGRATIONS[number - 1]:
                db.execute(statement)
            # Inside the same transaction: a migration either happened or did not.
            db.execute(f"PRAGMA user_version = {number:d}")

        _transaction(connection, step)


def _check_tables(connection: sqlite3.Connection, version: int = SCHEMA_VERSION) -> None:
    """Raise _DamagedError unless every table the migrations up to ``version`` create is there."""
    expected = [
        name
        for migration in _MIGRATIONS[:version]
        for statement in migration
        for name in re.findall(r"CREATE TABLE (\w+)", statement)
    ]
    present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    missing = [table for table in expected if table not in present]
    if missing:
        raise _DamagedError("missing tables: " + ", ".join(missing))


def _transaction(
    connection: sqlite3.Connection, work: Callable[[sqlite3.Connection], object]
) -> None:
    connection.execute("BEGIN IMMEDIATE")
    try:
        work(connection)
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _store_event(db: sqlite3.Connection, event: Event) -> None:
    """Write one event the history keeps; other kinds are left out."""
    if isinstance(event, StretchEnded):
        segments = [[_text(start), _text(end)] for start, end in event.segments]
        db.execute(
            "INSERT INTO stretches (started_utc, ended_utc, sitting_s, reason, segments)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                _text(event.started_utc),
                _text(event.utc),
                event.sitting_s,
                event.reason.value,
                json.dumps(segments),
            ),
        )
    elif isinstance(event, BreakDue):
        db.execute(
            "INSERT INTO prompts (number, due_utc, sitting_s, requested, exercise)"
            " VALUES (?, ?, ?, ?, ?)",
            (event.prompt, _text(event.utc), event.sitting_s, int(event.requested), event.exercise),
        )
    elif isinstance(event, PromptClosed):
        _close_prompt(db, event)
    elif isinstance(event, StandingEnded):
        db.execute(
            "INSERT INTO standing (started_utc, ended_utc, standing_s, counted_as_break)"
            " VALUES (?, ?, ?, ?)",
            (
                _text(event.started_utc),
                _text(event.utc),
                event.standing_s,
                int(event.counted_as_break),
            ),
        )


def _store_routine(db: sqlite3.Connection, run: RoutineRun) -> None:
    db.execute(
        "INSERT INTO routines (routine, started_utc, ended_utc, steps_done, completed, felt)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            run.routine,
            _text(run.started_utc),
            None if run.ended_utc is None else _text(run.ended_utc),
            run.steps_done,
            int(run.completed),
            run.felt,
        ),
    )


def _store_squeeze(db: sqlite3.Connection, squeeze: Squeeze) -> None:
    db.execute(
        "INSERT INTO squeeze_tests (taken_utc, side, rating) VALUES (?, ?, ?)",
        (_text(squeeze.taken_utc), squeeze.side.value, squeeze.rating.value),
    )


def _close_prompt(db: sqlite3.Connection, event: PromptClosed) -> None:
    # Prompt numbers restart with each stretch: the newest open prompt with this number
    # is the one that closed.
    cursor = db.execute(
        "UPDATE prompts SET closed_utc = ?, outcome = ? WHERE id = ("
        " SELECT id FROM prompts WHERE number = ? AND closed_utc IS NULL"
        " ORDER BY id DESC LIMIT 1)",
        (_text(event.utc), event.outcome.value, event.prompt),
    )
    if cursor.rowcount == 0:
        db.execute(
            "INSERT INTO prompts (number, closed_utc, outcome) VALUES (?, ?, ?)",
            (event.prompt, _text(event.utc), event.outcome.value),
        )


def _stretch_events(row: tuple[Any, ...]) -> list[Event]:
    _, started, ended, sitting_s, reason, segments = row
    return [
        StretchEnded(
            at=0.0,
            utc=_time(ended),
            started_utc=_time(started),
            sitting_s=float(sitting_s),
            reason=BreakReason(reason),
            segments=tuple((_time(start), _time(end)) for start, end in json.loads(segments)),
        )
    ]


def _prompt_events(row: tuple[Any, ...], start: str, end: str) -> list[Event]:
    """A prompt row holds two events: its opening and its closing, each if in range."""
    _, number, due, closed, outcome, sitting_s, requested, exercise = row
    events: list[Event] = []
    if due is not None and start <= due < end:
        events.append(
            BreakDue(
                at=0.0,
                utc=_time(due),
                prompt=int(number),
                sitting_s=float(sitting_s),
                requested=bool(requested),
                exercise=None if exercise is None else str(exercise),
            )
        )
    if closed is not None and start <= closed < end:
        events.append(
            PromptClosed(
                at=0.0,
                utc=_time(closed),
                prompt=int(number),
                outcome=Outcome(outcome),
                next_due_in_s=None,
            )
        )
    return events


def _standing_events(row: tuple[Any, ...]) -> list[Event]:
    _, started, ended, standing_s, counted_as_break = row
    return [
        StandingEnded(
            at=0.0,
            utc=_time(ended),
            started_utc=_time(started),
            standing_s=float(standing_s),
            counted_as_break=bool(counted_as_break),
        )
    ]


def _routine_run(row: tuple[Any, ...]) -> RoutineRun:
    _, routine, started, ended, steps_done, completed, felt = row
    return RoutineRun(
        routine=str(routine),
        started_utc=_time(started),
        ended_utc=None if ended is None else _time(ended),
        steps_done=int(steps_done),
        completed=bool(completed),
        felt=None if felt is None else str(felt),
    )


def _squeeze(row: tuple[Any, ...]) -> Squeeze:
    _, taken, side, rating = row
    return Squeeze(taken_utc=_time(taken), side=Side(side), rating=Rating(rating))


def _move_aside(path: Path, suffix: str) -> Path:
    """Rename the database and its -wal/-shm files to ``<name><suffix>``; never overwrite."""
    aside = path.with_name(path.name + suffix)
    number = 1
    while aside.exists() or aside.is_symlink():
        number += 1
        aside = path.with_name(f"{path.name}{suffix}-{number}")
    path.rename(aside)
    for companion in ("-wal", "-shm", "-journal"):
        extra = path.with_name(path.name + companion)
        if extra.exists():
            # SQLite finds these next to the main file by name, so they keep that pairing.
            extra.rename(aside.with_name(aside.name + companion))
    return aside


def _text(moment: datetime) -> str:
    """A moment as stored: UTC, fixed width, so text order is time order."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the domain hands out UTC; naive means UTC
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _result_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _sqlite_reason(error: sqlite3.Error) -> str:
    return str(error) or type(error).__name__


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error)


def _cannot_write_notice(path: Path, reason: str) -> str:
    return (
        f"History will not be kept: {path} cannot be opened for writing ({reason}). "
        "It lives in memory until deskbreak quits."
    )
