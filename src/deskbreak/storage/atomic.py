"""Files replaced whole: a reader finds the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

KEEP_MODE = -1  # ``mode`` for :func:`replacing`: the new file takes the old one's mode


@contextlib.contextmanager
def replacing(
    path: Path, *, mode: int | None = None, make_folder: bool = False
) -> Iterator[BinaryIO]:
    """A binary stream whose bytes replace ``path`` once all are written and synced.

    The temporary file sits beside ``path`` (``.<name>.*.tmp``, so the rename stays on one
    file system) and is removed if writing fails. ``mode`` None keeps ``mkstemp``'s
    owner-only 0600 (for private history), :data:`KEEP_MODE` keeps the mode of the file
    being replaced (0600 when there is none), any other number is set as given.
    ``make_folder`` makes a missing folder first; otherwise a missing folder is an OSError.
    """
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.absolute().parent
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if mode == KEEP_MODE:
            with contextlib.suppress(OSError):
                temporary.chmod(stat.S_IMODE(path.stat().st_mode))
        elif mode is not None:
            temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_folder(path.parent)


def write_atomically(
    path: Path, data: bytes, *, mode: int | None = None, make_folder: bool = False
) -> None:
    """Replace ``path`` with ``data`` as :func:`replacing` does."""
    with replacing(path, mode=mode, make_folder=make_folder) as stream:
        stream.write(data)


def _sync_folder(folder: Path) -> None:
    # The rename itself is only durable once the folder entry is on disk (POSIX).
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
