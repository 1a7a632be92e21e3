"""``deskbreak generate-history``: fill an empty history with years of realistic made-up use.

A developer aid for trying the stats window and measuring it: the activity of a synthetic
person (deskbreak.domain.synthetic) is replayed through the real tracker and stored. It only
ever writes into a history that holds nothing, so made-up data never mixes with real data.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from deskbreak.app.library import shipped_catalog
from deskbreak.cli import EXIT_FAILED
from deskbreak.domain.synthetic import generate_history
from deskbreak.storage.export import ExportError, count_rows
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.storage.settings_file import load_settings

MAX_YEARS = 30.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--years",
        type=_years,
        required=True,
        metavar="N",
        help=f"how many years of history, ending yesterday (0.1 to {MAX_YEARS:g})",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="the same seed makes the same history (default 1)"
    )
    parser.add_argument(
        "--tz",
        type=_zone,
        metavar="ZONE",
        help="the time zone the person lives in, e.g. Europe/Berlin (default: this computer's)",
    )
    parser.add_argument(
        "--trace",
        type=Path,
        metavar="FILE",
        help="also write the generated activity as a trace (docs/traces.md) to FILE",
    )
    parser.epilog = (
        "Refuses a history database that already holds anything: use it with --basedir and an "
        "empty folder, e.g. deskbreak --basedir /tmp/try generate-history --years 1."
    )


def run(args: argparse.Namespace) -> int:
    paths = Paths.under(args.basedir) if args.basedir else Paths.for_user()
    zone: tzinfo = args.tz or _SystemZone()
    path = paths.history_file
    try:
        held = count_rows(path)
    except ExportError as error:
        print(f"deskbreak generate-history: {error}", file=sys.stderr)
        return EXIT_FAILED
    if held:
        why = f"already holds {held} rows"
        print(
            f"deskbreak generate-history: {path} {why}; generated history is only written into "
            "an empty one, so it never mixes with real history. Use --basedir with a new folder.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    loaded = load_settings(paths.settings_file)
    for problem in loaded.problems:
        print(f"deskbreak generate-history: {problem}", file=sys.stderr)
    settings = loaded.settings
    days = max(1, round(args.years * 365.25))
    end = datetime.now(zone).date()
    start = end - timedelta(days=days)
    began = time.perf_counter()
    history = generate_history(
        start,
        days,
        seed=args.seed,
        settings=settings,
        tz=zone,
        exercises=shipped_catalog().office().ids,
    )
    if args.trace is not None:
        try:
            args.trace.write_text("\n".join(history.trace_lines()) + "\n", encoding="utf-8")
        except OSError as error:
            print(
                f"deskbreak generate-history: cannot write {args.trace}: {error}", file=sys.stderr
            )
            return EXIT_FAILED
    with History.open(path) as store:
        if not store.persistent:
            for notice in store.notices:
                print(f"deskbreak generate-history: {notice}", file=sys.stderr)
            return EXIT_FAILED
        store.record_many(history.events, routines=history.routines, squeezes=history.squeezes)
    seconds = time.perf_counter() - began
    print(
        f"Generated {days} days ({start} to {end - timedelta(days=1)}, seed {args.seed}): "
        f"{len(history.events)} events, {len(history.routines)} routines, "
        f"{len(history.squeezes)} squeeze answers into {path} in {seconds:.1f} s."
    )
    if not settings["run.days"]:
        print("No run days are set, so there are hardly any routines: set run.days to see them.")
    return 0


def _zone(text: str) -> ZoneInfo:
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"expected a time zone such as Europe/Berlin, got {text!r}"
        ) from None


def _years(text: str) -> float:
    try:
        years = float(text)
    except ValueError:
        years = -1.0
    if not 0.1 <= years <= MAX_YEARS:
        raise argparse.ArgumentTypeError(
            f"expected a number of years from 0.1 to {MAX_YEARS:g}, got {text!r}"
        )
    return years


class _SystemZone(tzinfo):
    """This computer's zone rules, as ``datetime.astimezone()`` reads them (with DST), the
    same rules ``deskbreak simulate`` and the app use for local time."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        return dt.replace(tzinfo=None).astimezone().utcoffset()

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None if dt is None else dt.replace(tzinfo=None).astimezone().tzname()

    def fromutc(self, dt: datetime) -> datetime:
        return dt.replace(tzinfo=UTC).astimezone().replace(tzinfo=self)
