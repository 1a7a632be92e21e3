"""``deskbreak validate FILE...``: checks files a user edits and names every problem.

Exit status 0 only when every file is valid. Each kind of file has its own validator.
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from deskbreak.app.library import (
    EXERCISES,
    EXERCISES_FOLDER,
    ROUTINES,
    ROUTINES_FOLDER,
    is_shipped,
    read_exercise_file,
    read_routine_file,
    shipped_catalog,
    user_exercises,
)
from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import Catalog, DataProblem
from deskbreak.domain.routine import load_routines
from deskbreak.storage.settings_file import Problem, validate_settings_text

Validator = Callable[[Path], Sequence[Problem]]

EXERCISES_SUFFIX = "exercises.toml"
"""Exercise files are named like this (``exercises.toml``, ``my-exercises.toml``); other
files are exercise files when their top level holds [[exercise]] tables."""
ROUTINES_SUFFIX = "routines.toml"
"""Likewise routine files, or files with [[routine]] tables."""


def validate_exercise_file(path: Path) -> list[Problem]:
    """Every problem in the exercise file at ``path``; its alternatives may name shipped
    exercises."""
    known = Catalog() if is_shipped(path, EXERCISES) else shipped_catalog()
    return _problems(path, read_exercise_file(path, known).problems)


def validate_routine_file(path: Path) -> list[Problem]:
    """Every problem in the routine file at ``path``. Its steps may name shipped exercises
    and, for a file in a ``routines`` folder, those in the ``exercises`` folder beside it (as
    in the config folder)."""
    catalog = shipped_catalog()
    taken: frozenset[str] = frozenset()
    if not is_shipped(path, ROUTINES):
        taken = frozenset(r.id for r in load_routines(read_asset_text(ROUTINES), ROUTINES, catalog))
    if path.parent.name == ROUTINES_FOLDER:
        # Exercise files with problems are left out here as in the app; validate them too.
        catalog, _ = user_exercises(path.parent.parent / EXERCISES_FOLDER, catalog)
    return _problems(path, read_routine_file(path, catalog, taken).problems)


def _problems(path: Path, found: Sequence[DataProblem]) -> list[Problem]:
    return [replace(problem, source=str(path)) for problem in found]


VALIDATORS: Mapping[str, Validator] = MappingProxyType(
    {
        "settings": validate_settings_text,
        "exercises": validate_exercise_file,
        "routines": validate_routine_file,
    }
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="a settings file (settings.toml), an exercise file (exercises.toml) or a routine "
        "file (routines.toml) to check",
    )


def file_kind(path: Path) -> str:
    """Which validator reads ``path``: by its name, else by its top-level tables."""
    if path.name.endswith(EXERCISES_SUFFIX):
        return "exercises"
    if path.name.endswith(ROUTINES_SUFFIX):
        return "routines"
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "settings"  # whose validator explains what is wrong with the file
    if "exercise" in document:
        return "exercises"
    return "routines" if "routine" in document else "settings"


def run(args: argparse.Namespace) -> int:
    all_valid = True
    for path in args.files:
        problems = VALIDATORS[file_kind(path)](path)
        if problems:
            all_valid = False
            for problem in problems:
                print(problem)
        else:
            print(f"{path}: valid")
    return 0 if all_valid else 1
