"""``deskbreak settings``: the running app opens its settings window."""

from __future__ import annotations

import argparse

from deskbreak.cli.control import send


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "The window applies each change at once and saves it to settings.toml; "
        "`deskbreak validate` checks a file edited by hand."
    )


def run(args: argparse.Namespace) -> int:
    return send(args, {"command": "settings"}, done="Settings window opened.")
