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

# name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("deskbreak.cli.run", "start the tray app (the default)"),
    "status": ("deskbreak.cli.status", "print the running app's state"),
    "simulate": ("deskbreak.cli.simulate", "replay an activity trace through the tracker"),
    "doctor": ("deskbreak.cli.doctor", "check idle, lock, suspend, tray and notification sources"),
    "validate": ("deskbreak.cli.validate", "check settings files and name every problem"),
}


def build_parser() -> argparse.ArgumentParser:
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
        importlib.import_module(module_name).add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(arguments)
    if args.basedir is not None:
        args.basedir = Path(args.basedir).expanduser().absolute()
    command = args.command or "run"
    if args.command is None:
        # `deskbreak` alone starts the app with the run command's defaults.
        args = build_parser().parse_args([*arguments, "run"])
        if args.basedir is not None:
            args.basedir = Path(args.basedir).expanduser().absolute()
    module = importlib.import_module(COMMANDS[command][0])
    result: int = module.run(args)
    return result
