"""``deskbreak resume``: the running app ends a pause, so break prompts come again."""

from __future__ import annotations

import argparse

from deskbreak.cli.control import send


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No arguments."""


def run(args: argparse.Namespace) -> int:
    return send(args, {"command": "resume"}, done="Resumed.")
