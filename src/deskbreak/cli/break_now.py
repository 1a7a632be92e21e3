"""``deskbreak break-now``: the running app opens its break prompt now, whatever the sitting."""

from __future__ import annotations

import argparse

from deskbreak.cli.control import send


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "Answer the prompt as usual: done, snooze or skip."


def run(args: argparse.Namespace) -> int:
    return send(args, {"command": "break_now"}, done="Break prompt opened.")
