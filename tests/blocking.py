"""Blocking calls (a client, a command) run in a thread while the test's Qt loop keeps serving."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from pytestqt.qtbot import QtBot

T = TypeVar("T")


def in_thread(qtbot: QtBot, work: Callable[[], T]) -> T:
    """Run blocking ``work`` in a thread while the Qt loop keeps serving."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed back to the test below
            outcome["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value
