"""``deskbreak autostart on|off|status``: start deskbreak when you log in, or not.

Works whether or not the app runs: it changes the desktop's autostart entry, nothing else.
"""

from __future__ import annotations

import argparse
import os
import sys

from deskbreak.cli import EXIT_FAILED
from deskbreak.desktop.autostart import AutostartUnavailable, autostart_for, login_command
from deskbreak.storage.paths import Paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        default="status",
        choices=["on", "off", "status"],
        metavar="on|off|status",
        help="on: start deskbreak at every login; off: do not; status (the default): say which",
    )
    parser.epilog = (
        "Autostart is off until you turn it on. With --basedir the entry goes under that "
        "folder, where the desktop does not look (for trying it out); on Windows the entry "
        "is a registry value and --basedir refuses to touch it."
    )


def run(args: argparse.Namespace) -> int:
    config_home = Paths.under(args.basedir).config_dir if args.basedir else None
    try:
        autostart = autostart_for(sys.platform, os.environ, config_home=config_home)
        if args.action == "on":
            command = login_command()
            if args.basedir:
                # The app started at login then uses the same folder as this command.
                command += ["--basedir", str(args.basedir)]
            autostart.enable(command)
            print(f"Autostart on: deskbreak starts when you log in ({autostart.where}).")
        elif args.action == "off":
            autostart.disable()
            print(f"Autostart off: deskbreak does not start when you log in ({autostart.where}).")
        elif autostart.is_enabled():
            print(f"Autostart is on ({autostart.where}).")
        else:
            print("Autostart is off (turn it on with `deskbreak autostart on`).")
    except (AutostartUnavailable, OSError, ValueError) as error:
        print(f"deskbreak autostart: {error}", file=sys.stderr)
        return EXIT_FAILED
    return 0
