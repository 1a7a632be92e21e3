"""``deskbreak meeting DURATION|off``: meeting mode holds break prompts until it ends."""

from __future__ import annotations

import argparse

from deskbreak.cli.control import duration_argument, send
from deskbreak.domain.durations import human_duration

OFF = "off"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "length",
        metavar="DURATION|off",
        type=_length,
        help=f"how long the meeting lasts: 30m, 1h, ...; {OFF} ends meeting mode now",
    )
    parser.epilog = "A break that falls due in the meeting is prompted once it ends."


def run(args: argparse.Namespace) -> int:
    if args.length is None:
        return send(args, {"command": "meeting", "off": True}, done="Meeting mode off.")
    seconds: float = args.length
    return send(
        args,
        {"command": "meeting", "seconds": seconds},
        done=f"Meeting mode for {human_duration(seconds)}: break prompts held.",
    )


def _length(text: str) -> float | None:
    """Seconds, or None for off."""
    if text.strip().lower() == OFF:
        return None
    return duration_argument(text, also=OFF)
