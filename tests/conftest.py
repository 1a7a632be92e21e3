"""Fixtures for every test folder: a short base folder and a local IPC server listening in it.

Helpers that are not fixtures live in modules beside this file (``blocking``); the test folders
are not packages, and pytest puts this folder on the import path when it loads this file.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from deskbreak.desktop.ipc import Handler, IpcServer
from deskbreak.storage.paths import Paths

Serve = Callable[[Handler], IpcServer]


@pytest.fixture
def basedir() -> Iterator[Path]:
    """A short folder: a Unix socket path must stay under about 100 bytes."""
    folder = Path(tempfile.mkdtemp(prefix="db-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def serve(qapp: object, basedir: Path) -> Iterator[Serve]:
    """Starts an IpcServer answering with a handler on ``basedir``'s socket, as the running app
    would; the servers close after the test, before the folder goes."""
    servers: list[IpcServer] = []

    def start(handler: Handler) -> IpcServer:
        server = IpcServer(handler)
        assert server.listen(Paths.under(basedir).socket_name)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
