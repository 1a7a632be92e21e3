"""``deskbreak routine NAME`` asks the running app to open a routine, with the exit codes of the
other control commands: 0 done, 1 refused, 2 bad argument, 3 not running."""

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


def test_it_sends_the_name_and_confirms(
    qtbot: QtBot, app: StandIn, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert deskbreak(qtbot, basedir, "routine", "Glute-Wake-Up") == 0
    assert app.requests == [{"command": "routine", "name": "glute-wake-up"}]
    captured = capsys.readouterr()
    assert captured.out == "Routine glute-wake-up started.\n"
    assert captured.err == ""


def test_an_unknown_routine_is_the_apps_refusal_with_exit_code_1(
    qtbot: QtBot, app: StandIn, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app.refusal = "no routine named 'yoga'; known: glute-wake-up"
    assert deskbreak(qtbot, basedir, "routine", "yoga") == EXIT_FAILED == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "deskbreak routine: no routine named 'yoga'; known: glute-wake-up\n"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["routine"], "the following arguments are required: NAME"),
        (
            ["routine", "glute wake"],
            "expected a routine id such as glute-wake-up, got 'glute wake'",
        ),
        (["routine", "--x"], "the following arguments are required: NAME"),
        (["routine", "a", "b"], "unrecognized arguments: b"),
    ],
)
def test_a_bad_name_is_a_usage_error_with_exit_code_2(
    basedir: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], expected: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--basedir", str(basedir), *arguments])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("usage: deskbreak ")
    assert expected in captured.err


def test_nothing_running_is_exit_code_3(basedir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--basedir", str(basedir), "routine", "glute-wake-up"]) == EXIT_NOT_RUNNING
    assert capsys.readouterr().err == f"{NOT_RUNNING}\n"


def test_it_is_registered_explains_itself_and_loads_no_qt(
    basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["routine", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: deskbreak routine ")
    assert COMMANDS["routine"][1] in " ".join(text.split())
    code = (
        "import sys\n"
        "from deskbreak.cli import main\n"
        f"code = main(['--basedir', {str(basedir)!r}, 'routine', 'glute-wake-up'])\n"
        "print(code, sorted(n for n in sys.modules if n.startswith(('PySide6', 'apscheduler'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert result.stdout.strip() == "3 []"
