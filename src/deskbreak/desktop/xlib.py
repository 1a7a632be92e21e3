"""Loading the X11 client libraries through ctypes, one way for every caller."""

from __future__ import annotations

import ctypes


class LibraryLoadError(OSError):
    """The library was not found, or was found and could not be loaded; the message says which."""


def load_library(soname: str, short_name: str) -> ctypes.CDLL:
    """Load ``soname`` (its Linux name), else what the linker's cache knows as ``short_name``.

    Raises LibraryLoadError naming what was tried.
    """
    try:
        return ctypes.CDLL(soname)
    except OSError:
        pass
    # Not the Linux soname (BSDs number them differently): ask the linker's cache. Imported
    # only here: ctypes.util costs the tray 0.4 MiB that a Linux desktop never needs.
    from ctypes.util import find_library  # noqa: PLC0415 - see above

    found = find_library(short_name)
    if found is None:
        raise LibraryLoadError(f"{soname} not found")
    try:
        return ctypes.CDLL(found)
    except OSError as exc:
        raise LibraryLoadError(f"{found} cannot be loaded ({exc})") from None
