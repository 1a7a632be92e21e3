"""The ``deskbreak`` command line: starts the tray app or runs one subcommand.

Each subcommand lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``;
modules are imported only when their command runs, so ``deskbreak status`` never loads Qt widgets.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from deskbreak import APP_NAME, __version__

BASEDIR_ENV = "DESKBREAK_BASEDIR"

# Exit codes shared by every command; 2 is argparse's own for a bad argument.
EXIT_FAILED = 1
"""The command could not do its work: the running instance refused it, a file was unwritable, ..."""
EXIT_NOT_RUNNING = 3
"""A command that needs the running instance found none."""
NOT_RUNNING = "deskbreak is not running (start it with `deskbreak`)"

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("deskbreak.cli.run", "start the tray app (the default)"),
    "status": ("deskbreak.cli.status", "print the running app's state"),
    "simulate": ("deskbreak.cli.simulate", "replay an activity trace through the tracker"),
    "doctor": ("deskbreak.cli.doctor", "check idle, lock, suspend, tray and notification sources"),
    "validate": (
        "deskbreak.cli.validate",
        "check settings, exercise and routine files and name every problem",
    ),
    "break-now": ("deskbreak.cli.break_now", "ask the running app for a break now"),
    "pause": ("deskbreak.cli.pause", "hold break prompts for a while (sitting is still counted)"),
    "resume": ("deskbreak.cli.resume", "end a pause: break prompts come again"),
    "standing": ("deskbreak.cli.standing", "tell the running app you stand (on) or sit (off)"),
    "snooze": ("deskbreak.cli.snooze", "put off the open break prompt, or the next break"),
    "skip": ("deskbreak.cli.skip", "skip the open break prompt, or the next break"),
    "meeting": ("deskbreak.cli.meeting", "hold break prompts during a meeting, or end that"),
    "autostart": ("deskbreak.cli.autostart", "start deskbreak at login (on), or not (off)"),
    "routine": ("deskbreak.cli.routine", "open a routine in the running app now (glute-wake-up)"),
    "stats": ("deskbreak.cli.stats", "open the running app's statistics window"),
    "settings": ("deskbreak.cli.settings", "open the running app's settings window"),
    "preview": ("deskbreak.cli.preview", "render an exercise's animated figure to PNG files"),
    "export": (
        "deskbreak.cli.export",
        "write everything deskbreak stores as JSON or CSV, or show where it is (--where)",
    ),
    "delete-data": (
        "deskbreak.cli.delete_data",
        "delete your history and settings (asks first)",
    ),
    "generate-history": (
        "deskbreak.cli.generate_history",
        "developer aid: fill an empty history with years of made-up use",
    ),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported to add its arguments."""
    parser = argparse.ArgumentParser(
        prog="deskbreak",
        description=f"{APP_NAME}: measures continuous sitting and prompts short glute breaks.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--basedir",
        type=Path,
        default=os.environ.get(BASEDIR_ENV) or None,
        help=f"keep every file deskbreak reads or writes under this folder (env {BASEDIR_ENV})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, text) in COMMANDS.items():
        sub = commands.add_parser(name, help=text, description=text)
        if name == command:
            importlib.import_module(module_name).add_arguments(sub)
    return parser


def _command_in(arguments: list[str]) -> str | None:
    """The subcommand named in ``arguments``, found without importing any command module."""
    skip = False
    for argument in arguments:
        if skip:
            skip = False
            continue
        if argument == "--basedir":
            skip = True
        elif not argument.startswith("-"):
            return argument if argument in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = _command_in(arguments)
    if command is None and not any(a in ("-h", "--help", "--version") for a in arguments):
        # `deskbreak` alone starts the app.
        command = "run"
        arguments = [*arguments, "run"]
    args = build_parser(command).parse_args(arguments)
    if args.basedir is not None:
        args.basedir = Path(args.basedir).expanduser().absolute()
    module = importlib.import_module(COMMANDS[args.command][0])
    result: int = module.run(args)
    return result
