"""Routines in the app: the player opens by name, what was played and rated goes to history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from deskbreak.app.library import load_library
from deskbreak.app.routines import PRE_RUN, Routines
from deskbreak.domain.settings import Settings
from deskbreak.storage.history import History

NOW = datetime(2026, 11, 16, 18, 30, tzinfo=UTC)


class Rig:
    def __init__(self, basedir: Path, *, band: bool = False) -> None:
        self.now = NOW
        self.history = History.open(basedir / "history.sqlite3")
        self.settings = Settings({"equipment.mini_band": band})
        self.routines = Routines(
            library=load_library(None),
            history=self.history,
            settings=lambda: self.settings,
            now=lambda: self.now,
            planner=None,
        )

    def runs(self) -> list[tuple[str, bool, str | None]]:
        found = self.history.routines_between(NOW - timedelta(days=1), NOW + timedelta(days=1))
        return [(run.routine, run.completed, run.felt) for run in found]


@pytest.fixture
def rig(qapp: object, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path)
    yield made
    made.routines.shutdown()
    made.history.close()


def test_the_pre_run_routine_opens_in_the_player_without_a_band(rig: Rig) -> None:
    assert PRE_RUN in rig.routines.names
    rig.routines.open_routine(PRE_RUN)
    player = rig.routines.player
    assert player is not None
    assert player.isVisible()  # type: ignore[attr-defined]
    steps = [step.exercise.id for step in rig.routines.routine(PRE_RUN).steps]
    assert "lateral-band-walk" not in steps  # no band: the alternative plays
    assert "lateral-walk" in steps


def test_with_a_band_the_band_walk_stays(qapp: object, tmp_path: Path) -> None:
    rig = Rig(tmp_path, band=True)
    steps = [step.exercise.id for step in rig.routines.routine(PRE_RUN).steps]
    assert "lateral-band-walk" in steps
    rig.history.close()


def test_an_unknown_routine_is_a_key_error(rig: Rig) -> None:
    with pytest.raises(KeyError):
        rig.routines.open_routine("couch-to-couch")


def test_a_finished_routine_and_its_answer_are_recorded(rig: Rig, qtbot: QtBot) -> None:
    rig.routines.open_routine(PRE_RUN)
    player = rig.routines.player
    assert player is not None
    rig.now += timedelta(minutes=6)
    player.finished.emit(True)  # type: ignore[attr-defined]
    assert rig.runs() == [(PRE_RUN, True, "yes")]


def test_a_routine_closed_early_is_recorded_as_stopped(rig: Rig) -> None:
    rig.routines.open_routine(PRE_RUN)
    player = rig.routines.player
    assert player is not None
    player.closed.emit()  # type: ignore[attr-defined]
    assert rig.runs() == [(PRE_RUN, False, None)]
    assert rig.routines.player is None


def test_squeeze_answers_go_to_history(rig: Rig) -> None:
    rig.routines.squeeze_test()
    check = rig.routines._squeeze
    assert check is not None
    check.rated.emit("left", "firm")  # type: ignore[attr-defined]
    check.rated.emit("right", "thigh")  # type: ignore[attr-defined]
    answers = rig.history.squeezes_between(NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    assert [(a.side.value, a.rating.value) for a in answers] == [
        ("left", "firm"),
        ("right", "thigh"),
    ]
