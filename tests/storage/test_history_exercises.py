"""History keeps the exercise each prompt offered; older databases are migrated in place."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from deskbreak.domain.events import BreakDue
from deskbreak.storage import history as history_module
from deskbreak.storage.history import History

NINE = datetime(2026, 11, 16, 9, tzinfo=UTC)


def due(minutes: int, exercise: str | None) -> BreakDue:
    return BreakDue(
        at=0.0,
        utc=NINE + timedelta(minutes=minutes),
        prompt=1,
        sitting_s=2700.0,
        exercise=exercise,
    )


def test_the_offered_exercise_is_stored_and_read_back(tmp_path: Path) -> None:
    with History.open(tmp_path / "history.sqlite3") as history:
        history.record(due(45, "glute-squeeze-hold"))
        history.record(due(95, "bodyweight-squat"))
        history.record(due(140, None))
        events = history.events_between(NINE, NINE + timedelta(hours=3))
        assert [getattr(event, "exercise", "?") for event in events] == [
            "glute-squeeze-hold",
            "bodyweight-squat",
            None,
        ]
        assert history.recent_exercises() == ["glute-squeeze-hold", "bodyweight-squat"]
        assert history.recent_exercises(limit=1) == ["bodyweight-squat"]


def test_a_version_1_database_gains_the_column_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    connection = sqlite3.connect(path)
    for statement in history_module._MIGRATIONS[0]:
        connection.execute(statement)
    connection.execute(
        "INSERT INTO prompts (number, due_utc, sitting_s, requested) VALUES (1, ?, 2700, 0)",
        (NINE.isoformat(),),
    )
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()

    with History.open(path) as history:
        assert history.notices == []
        [old] = history.events_between(NINE - timedelta(hours=1), NINE + timedelta(hours=1))
        assert isinstance(old, BreakDue)
        assert old.exercise is None
        history.record(due(50, "march-in-place"))
        assert history.recent_exercises() == ["march-in-place"]
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == history_module.SCHEMA_VERSION >= 2
