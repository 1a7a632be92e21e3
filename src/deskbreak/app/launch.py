"""Start-up in the order a user sees it: the tray icon first, then the rest of deskbreak.

A tray app is judged by how soon its icon is there, and the icon needs only Qt and the tray
widget. The tracker, the history, the desktop services and the exercise library (about
0.1 s of imports and 0.05 s of setting up) load after it is shown; the icon then shows
their state.
"""

from __future__ import annotations

import logging
import sys

from deskbreak import APP_ID, APP_NAME
from deskbreak.desktop.ipc import NotRunning, request
from deskbreak.storage.paths import Paths


def launch(paths: Paths, *, force_manual: bool = False) -> int:
    """Start the tray app; returns the exit code. A second launch wakes the first and exits."""
    logging.basicConfig(level=logging.INFO, format="deskbreak: %(message)s")
    try:
        request(paths.socket_name, {"command": "activate"})
    except NotRunning:
        pass
    else:
        print("deskbreak is already running; see its tray icon or `deskbreak status`.")
        return 0

    from PySide6 import QtWidgets  # noqa: PLC0415 - Qt only once no instance answered

    from deskbreak.ui.tray import Tray  # noqa: PLC0415

    QtWidgets.QApplication.setApplicationName(APP_NAME)
    QtWidgets.QApplication.setDesktopFileName(APP_ID)
    app = QtWidgets.QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    tray = Tray()
    tray.show_starting()
    # Sends the icon's docking request to the tray host now, not after the rest has loaded.
    app.processEvents()

    from deskbreak.app.shell import run  # noqa: PLC0415 - the rest of deskbreak, after the icon

    return run(paths, app, tray, force_manual=force_manual)
