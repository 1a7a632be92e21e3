"""``deskbreak skip``: skip the open break prompt, or the next break when none is open."""

from __future__ import annotations

import argparse

from deskbreak.cli.control import send


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "The next prompt comes after a full break interval."


def run(args: argparse.Namespace) -> int:
    return send(args, {"command": "skip"}, done="Skipped.")
