"""Single instance over a local socket: round trips, garbage, stale sockets, `deskbreak status`.

The server runs in the test's Qt event loop; the blocking clients run in a thread meanwhile.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import socket
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pytestqt.qtbot import QtBot

from blocking import in_thread
from deskbreak.cli import status as status_command
from deskbreak.desktop.ipc import MAX_LINE_BYTES, IpcError, IpcServer, NotRunning, request
from deskbreak.domain.events import State
from deskbreak.domain.status import DayTotals, Snapshot
from deskbreak.storage.paths import Paths

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


def handler(message: dict[str, Any]) -> dict[str, Any]:
    """What the app answers: status, an echo for tests, and a command that breaks."""
    command = message["command"]
    if command == "status":
        return {"status": SNAPSHOT.as_json()}
    if command == "echo":
        return {"echo": message.get("text")}
    if command == "crash":
        raise RuntimeError("a bug in a handler")
    raise IpcError(f"unknown command {command!r}; expected status or echo")


@pytest.fixture
def name(basedir: Path) -> str:
    return Paths.under(basedir).socket_name


@pytest.fixture
def server(serve: Serve) -> IpcServer:
    """The app's server, listening on ``name``."""
    return serve(handler)


def raw(name: str, data: bytes, *, replies: int = 1) -> tuple[list[dict[str, Any]], bool]:
    """Send ``data`` as is; return the reply lines read and whether the server then closed."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(3)
        client.connect(name)
        client.sendall(data)
        buffer = b""
        while buffer.count(b"\n") < replies:
            chunk = client.recv(65536)
            if not chunk:
                break
            buffer += chunk
        lines = [json.loads(line) for line in buffer.splitlines()]
        client.settimeout(0.3)
        try:
            closed = client.recv(1) == b""
        except TimeoutError:
            closed = False
        except ConnectionResetError:
            # Linux resets a Unix socket closed with unread data: our oversized rest.
            closed = True
        return lines, closed


def still_serving(qtbot: QtBot, name: str) -> None:
    reply = in_thread(qtbot, lambda: request(name, {"command": "echo", "text": "still here"}))
    assert reply == {"echo": "still here", "ok": True}


# -- round trips ---------------------------------------------------------------------------


def test_round_trip(qtbot: QtBot, server: IpcServer, name: str) -> None:
    reply = in_thread(qtbot, lambda: request(name, {"command": "status"}))
    assert reply == {"status": SNAPSHOT.as_json(), "ok": True}
    assert server.name == name


def test_unicode_survives_the_trip(qtbot: QtBot, server: IpcServer, name: str) -> None:
    reply = in_thread(
        qtbot, lambda: request(name, {"command": "echo", "text": "Po\u0159ád sed\u00edm \u2615"})
    )
    assert reply["echo"] == "Po\u0159ád sed\u00edm \u2615"


def test_several_requests_on_one_connection_answer_in_order(
    qtbot: QtBot, server: IpcServer, name: str
) -> None:
    data = b'{"command": "echo", "text": "a"}\n{"command": "echo", "text": "b"}\n'
    lines, closed = in_thread(qtbot, lambda: raw(name, data, replies=2))
    assert [line["echo"] for line in lines] == ["a", "b"]
    assert not closed


def test_nobody_listening_is_not_running(basedir: Path) -> None:
    with pytest.raises(NotRunning):
        request(str(basedir / "nothing.sock"), {"command": "status"})


def test_client_needs_no_qt(basedir: Path) -> None:
    code = (
        "import sys\n"
        "from deskbreak.desktop.ipc import NotRunning, request\n"
        "try:\n"
        f"    request({str(basedir / 'nothing.sock')!r}, {{'command': 'status'}})\n"
        "except NotRunning:\n"
        "    pass\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe garbage\n", "expected UTF-8 text"),
        (b"{not json\n", "expected one JSON object per line"),
        (b"[1, 2, 3]\n", "expected a JSON object"),
        (b'"status"\n', "expected a JSON object"),
        (b'{"text": "no command"}\n', 'expected a "command" key'),
        (b'{"command": 7}\n', 'expected a "command" key'),
        (b'{"command": "dance"}\n', "unknown command 'dance'; expected status or echo"),
        (b"[" * 50_000 + b"\n", "expected one JSON object per line"),
    ],
)
def test_garbage_gets_an_error_and_the_server_keeps_serving(
    qtbot: QtBot,
    server: IpcServer,
    name: str,
    caplog: pytest.LogCaptureFixture,
    *,
    data: bytes,
    expected: str,
) -> None:
    follow_up = b'{"command": "echo", "text": "next"}\n'
    lines, closed = in_thread(qtbot, lambda: raw(name, data + follow_up, replies=2))
    assert lines[0]["ok"] is False
    assert expected in lines[0]["error"]
    assert lines[1] == {"echo": "next", "ok": True}, "the same connection still works"
    assert not closed
    assert any(expected in record.getMessage() for record in caplog.records)
    assert all(record.levelname == "WARNING" for record in caplog.records)
    still_serving(qtbot, name)


def test_refused_request_raises_ipc_error_in_the_client(
    qtbot: QtBot, server: IpcServer, name: str
) -> None:
    with pytest.raises(IpcError, match="unknown command 'dance'"):
        in_thread(qtbot, lambda: request(name, {"command": "dance"}))


def test_a_failing_handler_is_an_error_reply_not_a_crash(
    qtbot: QtBot, server: IpcServer, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    lines, _closed = in_thread(qtbot, lambda: raw(name, b'{"command": "crash"}\n'))
    assert lines == [{"ok": False, "error": "the command 'crash' failed inside deskbreak"}]
    assert "a bug in a handler" in caplog.text
    still_serving(qtbot, name)


@pytest.mark.parametrize("newline", [b"\n", b""], ids=["line", "flood"])
def test_an_oversized_line_is_refused_and_the_connection_closed(
    qtbot: QtBot, server: IpcServer, name: str, newline: bytes
) -> None:
    data = b'{"command": "echo", "text": "' + b"x" * MAX_LINE_BYTES + b'"}' + newline
    lines, closed = in_thread(qtbot, lambda: raw(name, data))
    assert lines == [
        {
            "ok": False,
            "error": f"expected a request line of at most {MAX_LINE_BYTES} bytes; closing",
        }
    ]
    assert closed
    still_serving(qtbot, name)


def test_a_line_just_under_the_limit_is_served(qtbot: QtBot, server: IpcServer, name: str) -> None:
    text = "x" * (MAX_LINE_BYTES - 40)
    line = json.dumps({"command": "echo", "text": text}).encode()
    assert len(line) <= MAX_LINE_BYTES
    lines, _closed = in_thread(qtbot, lambda: raw(name, line + b"\n"))
    assert lines == [{"echo": text, "ok": True}]


def test_a_client_that_hangs_up_mid_line_does_no_harm(
    qtbot: QtBot, server: IpcServer, name: str
) -> None:
    def hang_up() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(name)
            client.sendall(b'{"command": "ech')

    in_thread(qtbot, hang_up)
    still_serving(qtbot, name)


# -- one instance --------------------------------------------------------------------------


def test_a_second_server_refuses_while_the_first_lives(
    qtbot: QtBot, server: IpcServer, name: str
) -> None:
    second = IpcServer(handler)
    assert second.listen(name) is False
    assert not second.is_listening()
    second.close()
    del second  # and going away leaves the first one's socket alone
    gc.collect()
    assert Path(name).exists()
    still_serving(qtbot, name)


def test_an_instance_still_starting_holds_the_name(qapp: object, name: str) -> None:
    # It holds the lock but listens only a moment later: a second start must not race it.
    import fcntl

    Path(name).parent.mkdir(mode=0o700)
    holder = os.open(f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert IpcServer(handler).listen(name) is False
    finally:
        os.close(holder)
    server = IpcServer(handler)
    assert server.listen(name) is True
    server.close()


def test_any_live_listener_keeps_the_name(qapp: object, name: str) -> None:
    Path(name).parent.mkdir(mode=0o700)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as other:
        other.bind(name)
        other.listen()
        assert IpcServer(handler).listen(name) is False
        assert stat.S_ISSOCK(Path(name).stat().st_mode), "left alone"


def test_a_stale_socket_file_is_taken_over(qtbot: QtBot, qapp: object, name: str) -> None:
    # What a crashed instance leaves: the socket file, and nobody listening on it.
    Path(name).parent.mkdir(mode=0o700)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as dead:
        dead.bind(name)
    assert Path(name).exists()
    server = IpcServer(handler)
    try:
        assert server.listen(name) is True
        still_serving(qtbot, name)
    finally:
        server.close()
    assert not Path(name).exists(), "closing removes the socket file"


def test_socket_and_its_folder_are_for_this_user_only(server: IpcServer, name: str) -> None:
    folder = Path(name).parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    mode = Path(name).stat().st_mode
    assert stat.S_ISSOCK(mode)
    assert stat.S_IMODE(mode) & 0o077 == 0, oct(mode)
    assert Path(name).stat().st_uid == os.geteuid()


def test_a_loose_socket_folder_is_tightened(qapp: object, name: str) -> None:
    folder = Path(name).parent
    folder.mkdir()
    folder.chmod(0o755)
    server = IpcServer(handler)
    try:
        assert server.listen(name)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        server.close()


def test_a_socket_path_too_long_is_a_clear_error(qapp: object, basedir: Path) -> None:
    # Unix sockets take about 100 bytes of path; a deep --basedir can go past that.
    name = str(basedir / ("x" * 120) / "deskbreak.sock")
    with pytest.raises(IpcError, match="cannot connect"):
        request(name, {"command": "status"})
    with pytest.raises(OSError, match="cannot listen"):
        IpcServer(handler).listen(name)


def test_a_folder_of_another_user_is_refused(qapp: object, name: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to hand the folder to another user")
    folder = Path(name).parent
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    with pytest.raises(PermissionError, match="belongs to another user"):
        IpcServer(handler).listen(name)


# -- deskbreak status ----------------------------------------------------------------------


def status_args(basedir: Path, *, as_json: bool = False) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    status_command.add_arguments(parser)
    args = parser.parse_args(["--json"] if as_json else [])
    args.basedir = basedir
    return args


def test_status_when_not_running_says_so(basedir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert status_command.run(status_args(basedir)) == 3
    captured = capsys.readouterr()
    assert captured.err == "deskbreak is not running (start it with `deskbreak`)\n"
    assert captured.out == ""


def test_status_prints_friendly_text(
    qtbot: QtBot, server: IpcServer, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert in_thread(qtbot, lambda: status_command.run(status_args(basedir))) == 0
    assert capsys.readouterr().out == (
        "Sitting for 32 min; break in 13 min. "
        "Today: 4 h 10 min sitting, 5 stretches, 2 breaks done.\n"
    )


def test_status_prints_json(
    qtbot: QtBot, server: IpcServer, basedir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert in_thread(qtbot, lambda: status_command.run(status_args(basedir, as_json=True))) == 0
    assert json.loads(capsys.readouterr().out) == SNAPSHOT.as_json()


def test_status_command_loads_no_qt(basedir: Path) -> None:
    code = (
        "import argparse, sys\n"
        "from pathlib import Path\n"
        "from deskbreak.cli import status\n"
        f"code = status.run(argparse.Namespace(basedir=Path({str(basedir)!r}), json=False))\n"
        "print(code, sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "3 []"
    assert result.stderr == "deskbreak is not running (start it with `deskbreak`)\n"


def day(**today: Any) -> dict[str, Any]:
    values = {"day": "2025-03-12", "sitting_s": 0, "stretches": 0, "done": 0, "standing_s": 0}
    return {**values, **today}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            {"state": "sitting", "sitting_s": 47 * 60, "to_break_s": -120, "prompt_open": True},
            "Sitting for 47 min; break due now. Today: 47 min sitting, 1 stretch, 0 breaks done.",
        ),
        (
            {"state": "sitting", "sitting_s": 600, "paused_until": "2025-03-12T14:30:00"},
            "Sitting for 10 min; breaks paused until 14:30. "
            "Today: 47 min sitting, 1 stretch, 0 breaks done.",
        ),
        (
            {"state": "standing", "standing_s": 360, "to_break_s": 900},
            "Standing for 6 min. Today: 47 min sitting, 1 stretch, 0 breaks done.",
        ),
        (
            {"state": "away", "to_break_s": None, "manual": True},
            "Away. Today: 47 min sitting, 1 stretch, 0 breaks done. "
            "Manual mode: deskbreak counts what you tell it.",
        ),
    ],
)
def test_status_text_variants(status: dict[str, Any], expected: str) -> None:
    base = {
        "sitting_s": 0,
        "standing_s": 0,
        "to_break_s": 0,
        "prompt_open": False,
        "paused_until": None,
        "manual": False,
        "today": day(sitting_s=47 * 60, stretches=1),
    }
    assert status_command.describe({**base, **status}) == expected


def test_status_text_for_a_fresh_day() -> None:
    status = {
        "state": "away",
        "sitting_s": 0,
        "standing_s": 0,
        "to_break_s": None,
        "prompt_open": False,
        "paused_until": None,
        "today": day(),
    }
    assert status_command.describe(status) == "Away. Today: no sitting yet."
