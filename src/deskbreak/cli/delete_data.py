"""``deskbreak delete-data``: remove the history and the settings, after you type "delete".

When deskbreak is running the running app does it (it closes its history first and goes on
with an empty one); otherwise the files are removed here.
"""

from __future__ import annotations

import argparse
import sys

from deskbreak.cli import EXIT_FAILED
from deskbreak.desktop.ipc import IpcError, NotRunning, request
from deskbreak.storage.export import DeleteError, delete_data, stored_files
from deskbreak.storage.paths import Paths

CONFIRMATION = "delete"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--yes", action="store_true", help='do not ask to type "delete" first (for scripts)'
    )
    parser.add_argument(
        "--include-own",
        action="store_true",
        help="also remove the exercise and routine files you wrote yourself",
    )
    parser.epilog = (
        "Removes the history database (with its side files and damaged copies kept aside) and "
        "the settings file (with its backups). Your own exercise and routine files stay unless "
        "--include-own is given. See docs/your-data.md."
    )


def run(args: argparse.Namespace) -> int:
    paths = Paths.under(args.basedir) if args.basedir else Paths.for_user()
    include_own: bool = args.include_own
    files = [item for item in stored_files(paths) if include_own or not item.own]
    if not files:
        print("Nothing to delete: deskbreak keeps no data here.")
        return 0
    if not args.yes:
        print("These files will be deleted for good:")
        for item in files:
            print(f"  {item.path}")
        try:
            answer = input(f'Type "{CONFIRMATION}" to delete them: ')
        except EOFError:
            answer = ""
        if answer.strip() != CONFIRMATION:
            print("Nothing was deleted.", file=sys.stderr)
            return EXIT_FAILED
    try:
        reply = request(paths.socket_name, {"command": "delete_data", "include_own": include_own})
    except NotRunning:
        try:
            removed = len(delete_data(paths, include_own=include_own))
        except DeleteError as error:
            print(f"deskbreak delete-data: {error}", file=sys.stderr)
            return EXIT_FAILED
    except IpcError as error:
        print(f"deskbreak delete-data: {error}", file=sys.stderr)
        return EXIT_FAILED
    else:
        removed = int(reply.get("removed", 0))
        print("The running deskbreak deleted your data and started an empty history.")
    print(f"Deleted {removed} file{'s' if removed != 1 else ''}.")
    return 0
