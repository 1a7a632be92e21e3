"""``deskbreak`` / ``deskbreak run``: start the tray app (or wake the one already running)."""

from __future__ import annotations

import argparse

from deskbreak.storage.paths import Paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--manual",
        action="store_true",
        help="do not read idle time: count sitting while the app runs (breaks come from "
        "locking the screen, suspend, standing and answering prompts)",
    )


def run(args: argparse.Namespace) -> int:
    # Qt loads only when the app starts; before the app's modules, so PySide's import hook
    # does not keep their sources in memory.
    from deskbreak.app.imports import lighten_pyside_import_hook  # noqa: PLC0415

    lighten_pyside_import_hook()
    from deskbreak.app.launch import launch  # noqa: PLC0415

    paths = Paths.for_user() if args.basedir is None else Paths.under(args.basedir)
    return launch(paths, force_manual=args.manual)
