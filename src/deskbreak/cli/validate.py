"""``deskbreak validate FILE...``: checks files a user edits and names every problem.

Exit status 0 only when every file is valid. Each kind of file has its own validator.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from deskbreak.storage.settings_file import Problem, validate_settings_text

Validator = Callable[[Path], Sequence[Problem]]

# File kind -> its validator. Routine and exercise files get an entry here, and a rule in
# file_kind(), when they become editable.
VALIDATORS: Mapping[str, Validator] = MappingProxyType({"settings": validate_settings_text})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="a settings file (settings.toml) to check",
    )


def file_kind(path: Path) -> str:
    """Which validator reads ``path``; every file is a settings file for now."""
    del path  # the kind will depend on the name or the content once there are others
    return "settings"


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
