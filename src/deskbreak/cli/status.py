"""``deskbreak status``: asks the running instance how long you have sat and prints it.

Talks over the single-instance socket only; on Unix nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date, datetime, timedelta
from typing import Any

from deskbreak.cli import EXIT_NOT_RUNNING, NOT_RUNNING
from deskbreak.desktop.ipc import IpcError, NotRunning, request
from deskbreak.domain.durations import human_duration
from deskbreak.storage.paths import Paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the state as one JSON object (state, sitting_s, to_break_s, today, ...)",
    )


def run(args: argparse.Namespace) -> int:
    paths = Paths.under(args.basedir) if args.basedir else Paths.for_user()
    try:
        reply = request(paths.socket_name, {"command": "status"})
    except NotRunning:
        print(NOT_RUNNING, file=sys.stderr)
        return EXIT_NOT_RUNNING
    except IpcError as error:
        print(f"deskbreak status: {error}", file=sys.stderr)
        return 1
    status = reply.get("status")
    if not isinstance(status, dict):
        print("deskbreak status: the running instance sent no status", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
        return 0
    try:
        print(describe(status))
    except (KeyError, TypeError, ValueError) as error:
        print(
            f"deskbreak status: unexpected status from the running instance: {error!r}",
            file=sys.stderr,
        )
        return 1
    return 0


def describe(status: dict[str, Any]) -> str:
    """Friendly text for a ``Snapshot.as_json()`` dict: now, then today."""
    today = status["today"]
    day = date.fromisoformat(today["day"])
    state = status["state"]
    if state == "sitting":
        now = f"Sitting for {human_duration(status['sitting_s'])}"
    elif state == "standing":
        now = f"Standing for {human_duration(status['standing_s'])}"
    else:
        now = "Away"
    to_break = status["to_break_s"]
    if status["paused_until"] is not None:
        until = datetime.fromisoformat(status["paused_until"])
        now += f"; breaks paused until {_until(until, day)}"
    elif state == "sitting" and to_break is not None:
        if status["prompt_open"] or to_break <= 0:
            now += "; break due now"
        else:
            now += f"; break in {_countdown(to_break)}"
    sentences = [f"{now}.", _today(today)]
    if status.get("manual"):
        sentences.append("Manual mode: deskbreak counts what you tell it.")
    return " ".join(sentences)


def _countdown(seconds: float) -> str:
    """Rounded up to whole minutes, so it adds up with the sitting time rounded down."""
    if seconds < 60:
        return human_duration(seconds)
    return human_duration(math.ceil(seconds / 60) * 60)


def _today(today: dict[str, Any]) -> str:
    if today["sitting_s"] < 1:
        return "Today: no sitting yet."
    parts = [f"{human_duration(today['sitting_s'])} sitting"]
    if today.get("standing_s", 0) >= 60:
        parts.append(f"{human_duration(today['standing_s'])} standing")
    parts.append(_count(today["stretches"], "stretch", "stretches"))
    parts.append(_count(today["done"], "break done", "breaks done"))
    return f"Today: {', '.join(parts)}."


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _until(moment: datetime, today: date) -> str:
    """``14:30`` today, ``tomorrow 04:00``, or ``Mon 3 Mar 09:00`` further out."""
    local = moment.astimezone()
    clock = local.strftime("%H:%M")
    if local.date() <= today:
        return clock
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {clock}"
    return f"{local:%a} {local.day} {local:%b} {clock}"
