"""Commands that steer the running instance (`pause`, `snooze`, ...) against a real IPC server.

The IpcServer runs in the test's Qt event loop with a handler that records each request; the
command runs in a thread (or a child process) meanwhile, as it would from a terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pytestqt.qtbot import QtBot

from blocking import in_thread
from deskbreak.cli import COMMANDS, EXIT_FAILED, EXIT_NOT_RUNNING, NOT_RUNNING, main
from deskbreak.cli.status import describe
from deskbreak.desktop.ipc import IpcError, IpcServer
from deskbreak.domain.events import State
from deskbreak.domain.status import DayTotals, Snapshot
from deskbreak.storage.paths import Paths
from standin import StandIn, deskbreak

if TYPE_CHECKING:
    from conftest import Serve

# The server needs a Qt event loop, not a screen; an explicit QT_QPA_PLATFORM wins.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket files")

SNAPSHOT = Snapshot(
    state=State.SITTING,
    sitting_s=32 * 60,
    interval_s=45 * 60,
    to_break_s=13 * 60,
    prompt_open=False,
    paused_until=None,
    standing_s=0,
    today=DayTotals(day=date(2025, 3, 12), sitting_s=4 * 3600 + 10 * 60, stretches=5, done=2),
)
STATE_TEXT = describe(SNAPSHOT.as_json())

CONTROL_COMMANDS = ("break-now", "pause", "resume", "standing", "snooze", "skip", "meeting")
"""Every command that needs the running instance, besides ``status``."""

SMALLEST_ARGUMENTS = {"pause": ["30m"], "standing": ["on"], "meeting": ["1h"]}


@pytest.fixture
def app(serve: Serve) -> StandIn:
    handler = StandIn(reply={"status": SNAPSHOT.as_json()})
    serve(handler)
    return handler


# -- what each command asks for --------------------------------------------------------------


REQUESTS = (
    (["break-now"], {"command": "break_now"}, "Break prompt opened."),
    (["pause", "30m"], {"command": "pause", "seconds": 1800.0}, "Paused for 30 min."),
    (["pause", "1h30m"], {"command": "pause", "seconds": 5400.0}, "Paused for 1 h 30 min."),
    (
        ["pause", "until-tomorrow"],
        {"command": "pause", "until": "tomorrow"},
        "Paused until tomorrow.",
    ),
    (["resume"], {"command": "resume"}, "Resumed."),
    (["standing", "on"], {"command": "standing", "on": True}, "Standing."),
    (["standing", "off"], {"command": "standing", "on": False}, "Standing ended."),
    (["snooze"], {"command": "snooze"}, "Snoozed."),
    (["snooze", "10m"], {"command": "snooze", "seconds": 600.0}, "Snoozed for 10 min."),
    (["skip"], {"command": "skip"}, "Skipped."),
    (
        ["meeting", "1h"],
        {"command": "meeting", "seconds": 3600.0},
        "Meeting mode for 1 h: break prompts held.",
    ),
    (["meeting", "off"], {"command": "meeting", "off": True}, "Meeting mode off."),
)
"""The command line, the request it sends, and the start of the line it prints."""


@pytest.mark.parametrize("case", REQUESTS, ids=lambda case: " ".join(case[0]))
def test_each_command_sends_its_request_and_confirms_in_one_line(
    qtbot: QtBot,
    app: StandIn,
    basedir: Path,
    capsys: pytest.CaptureFixture[str],
    case: tuple[list[str], dict[str, Any], str],
) -> None:
    arguments, sent, done = case
    assert deskbreak(qtbot, basedir, *arguments) == 0
    assert app.requests == [sent]
    if "seconds" in sent:
        assert type(app.requests[0]["seconds"]) is float
    captured = capsys.readouterr()
    assert captured.out == f"{done} {STATE_TEXT}\n"
    assert captured.err == ""


def test_the_confirmation_shows_the_state_the_app_reports(
    qtbot: QtBot, app: StandIn, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paused = {**SNAPSHOT.as_json(), "paused_until": "2025-03-12T14:30:00"}
    app.reply = {"status": paused}
    assert deskbreak(qtbot, basedir, "pause", "1h") == 0
    assert capsys.readouterr().out == (
        "Paused for 1 h. Sitting for 32 min; breaks paused until 14:30. "
        "Today: 4 h 10 min sitting, 5 stretches, 2 breaks done.\n"
    )


def test_upper_case_words_are_understood(qtbot: QtBot, app: StandIn, basedir: Path) -> None:
    assert deskbreak(qtbot, basedir, "pause", "Until-Tomorrow") == 0
    assert deskbreak(qtbot, basedir, "meeting", "OFF") == 0
    assert app.requests == [
        {"command": "pause", "until": "tomorrow"},
        {"command": "meeting", "off": True},
    ]


@pytest.mark.parametrize(
    "reply",
    [{}, {"status": None}, {"status": {"state": "sitting"}}, {"status": {"today": "?"}}],
    ids=["no status", "null", "missing keys", "wrong types"],
)
def test_a_status_it_cannot_read_still_confirms_what_was_done(
    qtbot: QtBot,
    app: StandIn,
    basedir: Path,
    capsys: pytest.CaptureFixture[str],
    reply: dict[str, Any],
) -> None:
    app.reply = reply
    assert deskbreak(qtbot, basedir, "resume") == 0
    assert capsys.readouterr().out == "Resumed.\n"


# -- when it does not work ---------------------------------------------------------------------


def test_the_apps_refusal_goes_to_stderr_with_exit_code_1(
    qtbot: QtBot, app: StandIn, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app.refusal = "no break prompt is open and no break is coming: you are away"
    assert deskbreak(qtbot, basedir, "snooze") == EXIT_FAILED == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "deskbreak snooze: no break prompt is open and no break is coming: you are away\n"
    )


def test_an_app_that_does_not_know_the_command_is_a_refusal(
    qtbot: QtBot, qapp: object, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def older_app(message: dict[str, Any]) -> dict[str, Any]:
        raise IpcError(f"expected a command: status, pause or resume; got {message['command']!r}")

    server = IpcServer(older_app)
    assert server.listen(Paths.under(basedir).socket_name)
    try:
        assert deskbreak(qtbot, basedir, "meeting", "45m") == 1
    finally:
        server.close()
    assert capsys.readouterr().err == (
        "deskbreak meeting: expected a command: status, pause or resume; got 'meeting'\n"
    )


@pytest.mark.parametrize("command", CONTROL_COMMANDS)
def test_nothing_running_is_exit_code_3(
    basedir: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    arguments = [command, *SMALLEST_ARGUMENTS.get(command, [])]
    assert main(["--basedir", str(basedir), *arguments]) == EXIT_NOT_RUNNING == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"{NOT_RUNNING}\n"
    assert NOT_RUNNING == "deskbreak is not running (start it with `deskbreak`)"


def test_status_also_says_not_running_with_exit_code_3(
    basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--basedir", str(basedir), "status"]) == 3
    assert capsys.readouterr().err == f"{NOT_RUNNING}\n"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            ["pause", "soon"],
            "argument DURATION|until-tomorrow: expected a duration such as "
            "30m, 1h30m, 90s or until-tomorrow, got 'soon'",
        ),
        (
            ["pause", "0s"],
            "argument DURATION|until-tomorrow: expected a duration above zero such as 30m, "
            "got '0s'",
        ),
        (["pause"], "the following arguments are required: DURATION|until-tomorrow"),
        (
            ["snooze", "later"],
            "argument DURATION: expected a duration such as 30m, 1h30m or 90s, got 'later'",
        ),
        (
            ["meeting", "forever"],
            "argument DURATION|off: expected a duration such as 30m, 1h30m, 90s or off, "
            "got 'forever'",
        ),
        (["meeting", "30m15m"], "expected a duration such as 30m, 1h30m, 90s or off"),
        (["standing", "maybe"], "argument on|off: invalid choice: 'maybe'"),
        (["skip", "now"], "unrecognized arguments: now"),
    ],
)
def test_a_bad_argument_is_a_usage_error_naming_what_was_expected(
    basedir: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], expected: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--basedir", str(basedir), *arguments])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: deskbreak ")
    assert expected in captured.err


@pytest.mark.parametrize("command", CONTROL_COMMANDS)
def test_every_command_is_registered_and_explains_itself(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert command in COMMANDS
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: deskbreak {command} ")
    assert COMMANDS[command][1] in " ".join(text.split())


# -- as a separate process ---------------------------------------------------------------------


def test_from_a_terminal(qtbot: QtBot, app: StandIn, basedir: Path) -> None:
    result = in_thread(
        qtbot,
        lambda: subprocess.run(
            [sys.executable, "-m", "deskbreak", "--basedir", str(basedir), "pause", "45m"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        ),
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"Paused for 45 min. {STATE_TEXT}\n"
    assert app.requests == [{"command": "pause", "seconds": 2700.0}]


def test_control_commands_load_no_qt(basedir: Path) -> None:
    runs = [[command, *SMALLEST_ARGUMENTS.get(command, [])] for command in CONTROL_COMMANDS]
    code = (
        "import sys\n"
        "from deskbreak.cli import main\n"
        f"codes = [main(['--basedir', {str(basedir)!r}, *a]) for a in {runs!r}]\n"
        "qt = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken')))\n"
        "print(set(codes), qt)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert result.stdout.strip() == "{3} []"
