"""Guards against a PySide6 build that leaks references to None (PLATFORM.md §0).

PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` on every call of a void Qt
method; the interpreter aborts with "none_dealloc" after a few thousand. pyproject pins
below 6.12 on Python < 3.12; this test fails if a bad build slips in anyway.
"""

import sys

from PySide6 import QtWidgets


def test_void_qt_calls_keep_none_alive(qapp: QtWidgets.QApplication) -> None:
    widget = QtWidgets.QWidget()
    before = sys.getrefcount(None)
    for _ in range(200):
        widget.setWindowTitle("x")
    assert sys.getrefcount(None) - before >= -10
