"""``deskbreak export``: everything deskbreak stores, as JSON or a zip of CSV files, or where it is.

Reads the history database read-only, so it works whether or not the app is running.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from deskbreak.cli import EXIT_FAILED
from deskbreak.storage.export import ExportError, describe_storage, export_json, export_to_file
from deskbreak.storage.paths import Paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help="json: one document (the default); csv: a zip with one CSV file per table",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write here instead of stdout (needed for csv); an existing file is replaced",
    )
    parser.add_argument(
        "--where",
        action="store_true",
        help="print which files deskbreak keeps, where, and what they hold, and export nothing",
    )
    parser.epilog = "The export's fields are described in docs/your-data.md."


def run(args: argparse.Namespace) -> int:
    paths = Paths.under(args.basedir) if args.basedir else Paths.for_user()
    if args.where:
        sys.stdout.write(describe_storage(paths))
        return 0
    out: Path | None = args.out
    if args.format == "csv" and out is None:
        print(
            "deskbreak export: --format csv writes a zip archive; name it with --out FILE",
            file=sys.stderr,
        )
        return 2
    now = datetime.now(UTC)
    try:
        if out is None:
            sys.stdout.write(export_json(paths, now=now))
            return 0
        export_to_file(paths, out, kind=args.format, now=now, to_local=_to_local)
    except ExportError as error:
        print(f"deskbreak export: {error}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as error:
        print(f"deskbreak export: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Exported your deskbreak data to {out}.")
    return 0


def _to_local(moment: datetime) -> datetime:
    return moment.astimezone()
