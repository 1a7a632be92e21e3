"""``deskbreak stats``: the running app opens its statistics window."""

from __future__ import annotations

import argparse

from deskbreak.cli.control import send


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "The window shows today at a glance and the last 7, 30 or 90 days: sitting per day, "
        "break answers, when in the week you sit, routines and the squeeze test."
    )


def run(args: argparse.Namespace) -> int:
    return send(args, {"command": "stats"}, done="Statistics window opened.")
