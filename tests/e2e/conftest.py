"""Fixtures for end-to-end tests: a real X11 desktop shared by the whole test session.

The harness itself is tests/e2e/session.py. Every test in this folder is marked ``e2e``; the
fixtures skip (with the reason) only when Xvfb is not installed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from session import DesktopSession, RunningApp, xvfb_missing_reason

HERE = Path(__file__).resolve().parent
ARTIFACTS_ENV = "DESKBREAK_ARTIFACTS"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


def _skip_without_xvfb() -> None:
    reason = xvfb_missing_reason()
    if reason is not None:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    """Xvfb + a private session bus + trayer + dunst, for the whole test session."""
    _skip_without_xvfb()
    workdir = tmp_path_factory.mktemp("desktop")
    with DesktopSession(workdir, tray=True, notifications=True) as session:
        yield session


@pytest.fixture
def bare_desktop(tmp_path: Path) -> Iterator[DesktopSession]:
    """Xvfb + a private session bus and nothing else: no tray host, no notification server."""
    _skip_without_xvfb()
    with DesktopSession(tmp_path / "desktop", tray=False, notifications=False) as session:
        yield session


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots and reports worth a look go: ``$DESKBREAK_ARTIFACTS`` or artifacts/e2e."""
    folder = Path(os.environ.get(ARTIFACTS_ENV) or HERE.parents[1] / "artifacts" / "e2e")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def launch(desktop: DesktopSession, tmp_path: Path) -> Iterator[Callable[..., RunningApp]]:
    """Start the real app in the shared desktop: ``launch(settings_text, name=...)``.

    Every app started is quit at the end of the test.
    """
    started: list[RunningApp] = []

    def start(settings: str, *, name: str = "deskbreak") -> RunningApp:
        app = RunningApp(desktop, tmp_path / f"home{len(started)}", settings=settings, name=name)
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()
