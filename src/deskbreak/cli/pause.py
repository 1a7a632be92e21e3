"""``deskbreak pause DURATION|until-tomorrow``: the running app holds break prompts for a while."""

from __future__ import annotations

import argparse

from deskbreak.cli.control import duration_argument, send
from deskbreak.domain.durations import human_duration

UNTIL_TOMORROW = "until-tomorrow"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "length",
        metavar="DURATION|until-tomorrow",
        type=_length,
        help=f"how long: 30m, 1h30m, 2h, ... or {UNTIL_TOMORROW} (until the next day start)",
    )
    parser.epilog = (
        "Sitting is still counted while paused. `deskbreak resume` ends the pause early."
    )


def run(args: argparse.Namespace) -> int:
    if args.length is None:
        return send(args, {"command": "pause", "until": "tomorrow"}, done="Paused until tomorrow.")
    seconds: float = args.length
    return send(
        args,
        {"command": "pause", "seconds": seconds},
        done=f"Paused for {human_duration(seconds)}.",
    )


def _length(text: str) -> float | None:
    """Seconds, or None for until-tomorrow."""
    if text.strip().lower() == UNTIL_TOMORROW:
        return None
    return duration_argument(text, also=UNTIL_TOMORROW)
