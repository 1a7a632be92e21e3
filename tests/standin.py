"""A stand-in for the running app's request handler, and the CLI run against it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from blocking import in_thread
from deskbreak.cli import main
from deskbreak.desktop.ipc import IpcError


class StandIn:
    """Records each request and answers with ``reply``, or refuses with ``refusal``."""

    def __init__(self, reply: dict[str, Any] | None = None) -> None:
        self.requests: list[dict[str, Any]] = []
        self.refusal: str | None = None
        self.reply: dict[str, Any] = {} if reply is None else reply

    def __call__(self, message: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(message)
        if self.refusal is not None:
            raise IpcError(self.refusal)
        return self.reply


def deskbreak(qtbot: QtBot, basedir: Path, *arguments: str) -> int:
    """Run ``deskbreak --basedir BASEDIR ARGUMENTS`` in a thread while the Qt loop serves."""
    return in_thread(qtbot, lambda: main(["--basedir", str(basedir), *arguments]))
