"""``deskbreak snooze [DURATION]``: put off the open break prompt, or the next break."""

from __future__ import annotations

import argparse
from typing import Any

from deskbreak.cli.control import duration_argument, send
from deskbreak.domain.durations import human_duration


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "length",
        metavar="DURATION",
        nargs="?",
        type=duration_argument,
        help="how long: 10m, 1h, ... (default: the snooze time in your settings)",
    )


def run(args: argparse.Namespace) -> int:
    payload: dict[str, Any] = {"command": "snooze"}
    done = "Snoozed."
    if args.length is not None:
        payload["seconds"] = args.length
        done = f"Snoozed for {human_duration(args.length)}."
    return send(args, payload, done=done)
