"""PySide's import hook, kept from reading every module's source into memory (PYSIDE-2029).

From the first PySide6 import on, PySide looks at every module imported later to learn
whether it uses PySide (for ``from __feature__ import ...``). It asks ``inspect.getsource``,
which reads the module's whole source into ``linecache`` and keeps it there for the life of
the process: about 5 MiB of text for the tray app, a tenth of a bare PySide6 tray's memory.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType


def lighten_pyside_import_hook() -> bool:
    """Load PySide6 and let its hook answer from the file's bytes, keeping nothing.

    Call before the app's own modules are imported. Returns False (and changes nothing)
    where PySide's internals are not what this expects.
    """
    import PySide6.QtCore  # noqa: F401, PLC0415 - installs the hook this lightens

    feature = sys.modules.get("shibokensupport.feature")
    asks = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(asks):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        """The same answer as PySide's: whether the source names PySide6."""
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(asks(module))  # built-in, compiled or zipped: PySide's own way
        try:
            with open(path, "rb") as source:  # noqa: PTH123 - the module's own file
                return b"PySide6" in source.read()
        except OSError:
            return False  # as inspect.getsource's OSError: no source, not PySide

    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]  # PySide-internal
    # What PySide read while importing itself (enum, its own __init__ files: 0.2 MiB).
    linecache.clearcache()
    return True
