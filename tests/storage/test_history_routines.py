"""History keeps pre-run routines and squeeze-test answers; a version 2 database gains the
tables in place and keeps its rows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from deskbreak.domain.evening import Rating, RoutineRun, Squeeze
from deskbreak.domain.events import BreakDue
from deskbreak.domain.exercises import Side
from deskbreak.storage import history as history_module
from deskbreak.storage.history import History

EVENING = datetime(2026, 11, 17, 17, 30, tzinfo=UTC)
DAY = timedelta(days=1)


def minutes(count: float) -> datetime:
    return EVENING + timedelta(minutes=count)


def test_routines_are_stored_and_read_back_in_order(tmp_path: Path) -> None:
    done = RoutineRun("glute-wake-up", minutes(2), minutes(7), 3, completed=True, felt="glutes")
    stopped = RoutineRun("glute-wake-up", minutes(-DAY.total_seconds() / 60), None, 1, False)
    with History.open(tmp_path / "history.sqlite3") as history:
        assert history.last_routine_start() is None
        history.record_routine(done)
        history.record_routine(stopped)
        assert history.routines_between(EVENING - 2 * DAY, EVENING + DAY) == [stopped, done]
        assert history.routines_between(EVENING, EVENING + DAY) == [done]
        assert history.last_routine_start() == minutes(2)
    with History.open(tmp_path / "history.sqlite3") as again:
        assert again.routines_between(EVENING - 2 * DAY, EVENING + DAY) == [stopped, done]


def test_squeeze_answers_are_stored_and_read_back(tmp_path: Path) -> None:
    left = Squeeze(minutes(0.5), Side.LEFT, Rating.FIRM)
    right = Squeeze(minutes(1), Side.RIGHT, Rating.THIGH)
    with History.open(tmp_path / "history.sqlite3") as history:
        history.record_squeeze(right)
        history.record_squeeze(left)
        assert history.squeezes_between(EVENING, EVENING + DAY) == [left, right]
        assert history.squeezes_between(minutes(1), EVENING + DAY) == [right]
        assert history.squeezes_between(EVENING - DAY, EVENING) == []


def test_a_hand_edited_row_is_left_out_and_named(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with History.open(path) as history:
        history.record_squeeze(Squeeze(minutes(1), Side.LEFT, Rating.SOFT))
        history.record_routine(RoutineRun("glute-wake-up", minutes(2), None, 0, False))
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO squeeze_tests (taken_utc, side, rating) VALUES (?, 'left', 'meh')",
        (minutes(3).isoformat(),),
    )
    connection.execute(
        "INSERT INTO routines (routine, started_utc, steps_done, completed)"
        " VALUES ('x', 'yesterday', 1, 0)"
    )
    connection.commit()
    connection.close()
    with History.open(path) as history:
        assert [s.rating for s in history.squeezes_between(EVENING, EVENING + DAY)] == [Rating.SOFT]
        assert len(history.routines_between(EVENING, EVENING + DAY)) == 1
        assert len(history.notices) == 1
        assert "squeeze_tests row 2" in history.notices[0]


def test_a_version_2_database_gains_the_tables_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    connection = sqlite3.connect(path)
    for migration in history_module._MIGRATIONS[:2]:
        for statement in migration:
            connection.execute(statement)
    connection.execute(
        "INSERT INTO prompts (number, due_utc, sitting_s, requested, exercise)"
        " VALUES (1, ?, 2700, 0, 'glute-squeeze-hold')",
        (EVENING.isoformat(),),
    )
    connection.execute("PRAGMA user_version = 2")
    connection.commit()
    connection.close()

    with History.open(path) as history:
        assert history.notices == []
        [old] = history.events_between(EVENING - DAY, EVENING + DAY)
        assert isinstance(old, BreakDue)
        assert old.exercise == "glute-squeeze-hold"
        history.record_squeeze(Squeeze(minutes(1), Side.RIGHT, Rating.FIRM))
        history.record_routine(RoutineRun("glute-wake-up", minutes(2), minutes(8), 3, True))
        assert len(history.squeezes_between(EVENING, EVENING + DAY)) == 1
        assert history.last_routine_start() == minutes(2)
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == history_module.SCHEMA_VERSION == 3


def test_history_in_memory_has_the_tables_too(tmp_path: Path) -> None:
    history = History.in_memory(tmp_path / "nowhere.sqlite3", "kept in memory")
    history.record_routine(RoutineRun("glute-wake-up", minutes(2), None, 0, False))
    assert history.last_routine_start() == minutes(2)
    history.close()
