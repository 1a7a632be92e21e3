"""The floor for the tray benchmarks: the least a PySide6 tray app can be.

A QApplication with a QSystemTrayIcon (a plain painted icon), a context menu of two actions and
one 5 s QTimer that does nothing. idle.py and startup.py measure it in the same run as deskbreak
and the peers; it loads nothing of deskbreak.

    .venv/bin/python bench/floor_tray.py
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

TICK_MS = 5000


def main() -> int:
    app = QApplication(sys.argv)
    app.setApplicationName("floor-tray")
    app.setQuitOnLastWindowClosed(False)
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#3d8f6e"))
    menu = QMenu()
    menu.addAction(QAction("Pause", menu))
    quit_action = QAction("Quit", menu)
    quit_action.triggered.connect(app.quit)
    menu.addAction(quit_action)
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.setToolTip("floor")
    tray.setContextMenu(menu)
    tray.show()
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: None)
    timer.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
