"""The domain imports no Qt: proven in a fresh interpreter."""

import subprocess
import sys


def test_importing_the_domain_leaves_qt_out() -> None:
    code = (
        "import sys, pkgutil, importlib, deskbreak.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'deskbreak.domain.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in "
        "('PySide6', 'shiboken6', 'apscheduler', 'sqlite3'))\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
