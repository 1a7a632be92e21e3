"""``deskbreak validate FILE...``: checks files a user edits and names every problem.

Exit status 0 only when every file is valid. Each kind of file has its own validator.
"""

from __future__ import annotations

import argparse
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from deskbreak.domain.exercises import read_exercises
from deskbreak.storage.settings_file import Problem, validate_settings_text

Validator = Callable[[Path], Sequence[Problem]]

EXERCISES_SUFFIX = "exercises.toml"
"""Exercise files are named like this (``exercises.toml``, ``my-exercises.toml``); other
files are exercise files when their top level holds [[exercise]] tables."""


def validate_exercise_file(path: Path) -> list[Problem]:
    """Every problem in the exercise file at ``path``."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return [Problem(path, None, None, f"cannot read the file ({error.strerror or error})")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [Problem(path, line, None, f"expected UTF-8 text, got byte {error.start + 1}")]
    reading = read_exercises(text, str(path))
    return [Problem(path, found.line, found.key, found.message) for found in reading.problems]


# File kind -> its validator. Routine files get an entry here, and a rule in file_kind(),
# when they become editable.
VALIDATORS: Mapping[str, Validator] = MappingProxyType(
    {"settings": validate_settings_text, "exercises": validate_exercise_file}
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="a settings file (settings.toml) or an exercise file (exercises.toml) to check",
    )


def file_kind(path: Path) -> str:
    """Which validator reads ``path``: by its name, else by its top-level tables."""
    if path.name.endswith(EXERCISES_SUFFIX):
        return "exercises"
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "settings"  # whose validator explains what is wrong with the file
    return "exercises" if "exercise" in document else "settings"


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
