"""What the commands that steer the running instance share: durations, one request, one line.

``break-now``, ``pause``, ``resume``, ``standing``, ``snooze``, ``skip`` and ``meeting`` each send a
single request over the single-instance socket; nothing here imports Qt on Unix.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from deskbreak.cli import EXIT_FAILED, EXIT_NOT_RUNNING, NOT_RUNNING
from deskbreak.cli.status import describe
from deskbreak.desktop.ipc import IpcError, NotRunning, request
from deskbreak.domain.durations import DurationError, parse_duration
from deskbreak.storage.paths import Paths


def duration_argument(text: str, *, also: str = "") -> float:
    """Seconds in ``text`` for argparse's ``type=``; above zero, or a usage error that says so.

    ``also`` names a word the caller accepts besides a duration, for the message.
    """
    examples = f"30m, 1h30m, 90s or {also}" if also else "30m, 1h30m or 90s"
    try:
        seconds = parse_duration(text)
    except DurationError:
        raise argparse.ArgumentTypeError(
            f"expected a duration such as {examples}, got {text!r}"
        ) from None
    if seconds <= 0:
        raise argparse.ArgumentTypeError(
            f"expected a duration above zero such as 30m, got {text!r}"
        )
    return seconds


def send(args: argparse.Namespace, payload: dict[str, Any], *, done: str) -> int:
    """Send ``payload`` to the instance for ``args.basedir``; print ``done`` and the state after.

    Returns the exit code: 0 when the instance did it, EXIT_FAILED when it refused (its
    message goes to stderr), EXIT_NOT_RUNNING when no instance listens.
    """
    paths = Paths.under(args.basedir) if args.basedir else Paths.for_user()
    try:
        reply = request(paths.socket_name, payload)
    except NotRunning:
        print(NOT_RUNNING, file=sys.stderr)
        return EXIT_NOT_RUNNING
    except IpcError as error:
        print(f"deskbreak {args.command}: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(confirmation(done, reply.get("status")))
    return 0


def confirmation(done: str, status: object) -> str:
    """``done`` and the state the instance reports: "Paused for 30 min. Sitting for ..."."""
    if isinstance(status, dict):
        try:
            return f"{done} {describe(status)}"
        except (KeyError, TypeError, ValueError):
            # The instance did what was asked and said so with ok; a status this command
            # cannot read (an older or newer app) must not turn that into a failure.
            pass
    return done
