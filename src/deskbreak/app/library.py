"""The exercise and routine library: the shipped files plus the user's own, read at start.

A user's file with any problem is reported and left out whole; the app never stops for one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from deskbreak.assets import asset_path, read_asset_text
from deskbreak.domain.exercises import (
    Catalog,
    DataProblem,
    ExerciseReading,
    load_exercises,
    read_exercises,
)
from deskbreak.domain.routine import Routine, RoutineReading, load_routines, read_routines

EXERCISES = "exercises.toml"
ROUTINES = "routines.toml"
EXERCISES_FOLDER = "exercises"
"""``<config_dir>/exercises/*.toml``: the user's own exercises."""
ROUTINES_FOLDER = "routines"
"""``<config_dir>/routines/*.toml``: the user's own routines."""

_Reading = TypeVar("_Reading", ExerciseReading, RoutineReading)


@dataclass(frozen=True)
class Library:
    """Every exercise and routine the app offers, and what was wrong in the user's files."""

    catalog: Catalog
    routines: tuple[Routine, ...]
    problems: tuple[DataProblem, ...]

    @property
    def break_catalog(self) -> Catalog:
        """The exercises that may come up in a break: office-friendly ones only."""
        return self.catalog.office()

    def routine(self, routine_id: str) -> Routine:
        """The routine ``routine_id``; KeyError when there is none."""
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        raise KeyError(routine_id)


def shipped_catalog() -> Catalog:
    """The exercises that come with deskbreak; ExerciseFileError if that file is broken."""
    return load_exercises(read_asset_text(EXERCISES), EXERCISES)


def load_library(config_dir: Path | None) -> Library:
    """The shipped exercises and routines, then the user's from ``config_dir`` (None: none).

    User files are read in name order; each may use the exercises of those before it.
    """
    catalog = shipped_catalog()
    routines = load_routines(read_asset_text(ROUTINES), ROUTINES, catalog)
    problems: list[DataProblem] = []
    if config_dir is not None:
        catalog, found = user_exercises(config_dir / EXERCISES_FOLDER, catalog)
        problems += found
        for path in _toml_files(config_dir / ROUTINES_FOLDER):
            taken = frozenset(routine.id for routine in routines)
            routine_reading = read_routine_file(path, catalog, taken)
            if routine_reading.problems:
                problems += routine_reading.problems
            else:
                routines += routine_reading.routines
    return Library(catalog, routines, tuple(problems))


def user_exercises(folder: Path, known: Catalog) -> tuple[Catalog, list[DataProblem]]:
    """``known`` plus the exercises of every good file in ``folder``, and the problems of
    the others."""
    problems: list[DataProblem] = []
    for path in _toml_files(folder):
        reading = read_exercise_file(path, known)
        if reading.problems:
            problems += reading.problems
        else:
            known = Catalog(known.exercises + reading.catalog.exercises)
    return known, problems


def read_exercise_file(path: Path, known: Catalog) -> ExerciseReading:
    """The exercise file at ``path``, whose alternatives may name ``known`` exercises."""
    return _read(
        path,
        lambda text: read_exercises(text, str(path), known),
        lambda problem: ExerciseReading(Catalog(), (problem,)),
    )


def read_routine_file(path: Path, catalog: Catalog, taken: frozenset[str]) -> RoutineReading:
    """The routine file at ``path``; its steps name ``catalog`` exercises and its ids must
    not be ``taken``."""
    return _read(
        path,
        lambda text: read_routines(text, str(path), catalog, taken),
        lambda problem: RoutineReading((), (problem,)),
    )


def is_shipped(path: Path, name: str) -> bool:
    """Whether ``path`` is the shipped asset ``name`` itself."""
    return path.resolve() == asset_path(name).resolve()


def _read(
    path: Path,
    read: Callable[[str], _Reading],
    failed: Callable[[DataProblem], _Reading],
) -> _Reading:
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = f"cannot read the file ({error.strerror or error})"
        return failed(DataProblem(str(path), None, None, reason))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reason = f"expected UTF-8 text, got byte {error.start + 1}"
        return failed(DataProblem(str(path), line, None, reason))
    return read(text)


def _toml_files(folder: Path) -> list[Path]:
    """The ``*.toml`` files in ``folder`` by name; none when it does not exist."""
    return sorted(path for path in folder.glob("*.toml") if path.is_file())
