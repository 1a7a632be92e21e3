"""PySide's import hook answers from the file's bytes and keeps no source in memory.

Each case runs in a fresh interpreter: this one imported its modules long ago.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import linecache, sys
    import PySide6.QtCore  # PySide's hook in place, as the app has it
    sys.path.insert(0, sys.argv[1])
    from deskbreak.app.imports import lighten_pyside_import_hook

    lightened = lighten_pyside_import_hook() if sys.argv[2] == "light" else None
    import plain_module, qt_module
    feature = sys.modules["shibokensupport.feature"]
    kept = [name for name in linecache.cache if name.endswith("_module.py")]
    print(lightened, feature.pyside_feature_dict["plain_module"],
          feature.pyside_feature_dict["qt_module"], len(kept), len(linecache.cache) > 0)
    """
)


def run(folder: Path, how: str) -> list[str]:
    (folder / "plain_module.py").write_text('"""Uses nothing."""\nVALUE = 1\n')
    (folder / "qt_module.py").write_text('"""Uses Qt."""\nimport PySide6.QtCore\n')
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), how],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_the_hook_answers_as_before_and_keeps_no_source(tmp_path: Path) -> None:
    before = run(tmp_path, "as shipped")
    # PySide's own way: the same answers, and both sources stay in linecache.
    assert before == ["None", "-1", "0", "2", "True"]
    # Nothing at all: what PySide read while importing itself is dropped too.
    assert run(tmp_path, "light") == ["True", "-1", "0", "0", "False"]
