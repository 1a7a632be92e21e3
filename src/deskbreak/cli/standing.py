"""``deskbreak standing on|off``: tell the running app you stand at the desk, or sit again."""

from __future__ import annotations

import argparse

from deskbreak.cli.control import send


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "switch",
        metavar="on|off",
        choices=["on", "off"],
        help="on: you stand now, the sitting count stops; off: you sit again",
    )
    parser.epilog = "Standing long enough counts as a break."


def run(args: argparse.Namespace) -> int:
    on = args.switch == "on"
    return send(
        args, {"command": "standing", "on": on}, done="Standing." if on else "Standing ended."
    )
