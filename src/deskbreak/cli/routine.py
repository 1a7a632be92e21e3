"""``deskbreak routine NAME``: the running app opens a routine now (e.g. the pre-run one)."""

from __future__ import annotations

import argparse
import re

from deskbreak.cli.control import send

_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name",
        metavar="NAME",
        type=_name,
        help="the routine's id, such as glute-wake-up (the evening pre-run routine)",
    )
    parser.epilog = (
        "The running app knows which routines exist and refuses a name it does not know."
    )


def run(args: argparse.Namespace) -> int:
    name: str = args.name
    return send(args, {"command": "routine", "name": name}, done=f"Routine {name} started.")


def _name(text: str) -> str:
    """A routine id as the routine files write them: lower-case words joined by hyphens."""
    name = text.strip().lower()
    if not _NAME.fullmatch(name):
        raise argparse.ArgumentTypeError(
            f"expected a routine id such as glute-wake-up, got {text!r}"
        )
    return name
