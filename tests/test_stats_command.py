"""``deskbreak stats`` asks the running app to open its statistics window, with the exit codes of
the other control commands: 0 done, 1 refused, 3 not running."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from deskbreak.cli import COMMANDS, EXIT_FAILED, EXIT_NOT_RUNNING, NOT_RUNNING, main
from standin import StandIn, deskbreak

if TYPE_CHECKING:
    from conftest import Serve

# The server needs a Qt event loop, not a screen; an explicit QT_QPA_PLATFORM wins.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket files")


@pytest.fixture
def app(serve: Serve) -> StandIn:
    handler = StandIn()
    serve(handler)
    return handler


def test_it_asks_for_the_window_and_confirms(
    qtbot: QtBot, app: StandIn, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert deskbreak(qtbot, basedir, "stats") == 0
    assert app.requests == [{"command": "stats"}]
    captured = capsys.readouterr()
    assert captured.out == "Statistics window opened.\n"
    assert captured.err == ""


def test_a_refusal_is_exit_code_1_with_the_apps_reason(
    qtbot: QtBot, app: StandIn, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app.refusal = "expected a command: status, ...; got 'stats'"  # an older app
    assert deskbreak(qtbot, basedir, "stats") == EXIT_FAILED
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "deskbreak stats: expected a command: status, ...; got 'stats'\n"


def test_an_argument_is_a_usage_error(basedir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--basedir", str(basedir), "stats", "30"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: 30" in capsys.readouterr().err


def test_nothing_running_is_exit_code_3(basedir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--basedir", str(basedir), "stats"]) == EXIT_NOT_RUNNING
    assert capsys.readouterr().err == f"{NOT_RUNNING}\n"


def test_it_is_registered_explains_itself_and_loads_no_qt(
    basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert text.startswith("usage: deskbreak stats ")
    assert COMMANDS["stats"][1] in text
    assert "7, 30 or 90 days" in text
    code = (
        "import sys\n"
        "from deskbreak.cli import main\n"
        f"code = main(['--basedir', {str(basedir)!r}, 'stats'])\n"
        "print(code, sorted(n for n in sys.modules if n.startswith(('PySide6', 'deskbreak.ui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "3 []"
