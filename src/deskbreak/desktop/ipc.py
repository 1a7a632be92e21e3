"""Single instance: the running app listens on a user-only local socket; CLI commands ask it.

One JSON object per line, UTF-8, each way: ``{"command": "status"}`` in, the handler's reply
plus ``"ok": true`` out, or ``{"ok": false, "error": "..."}`` for anything malformed.

On Unix the server is a plain socket watched by QSocketNotifiers: QLocalServer would load
QtNetwork (and Kerberos with it), 2.5 MiB that the tray would carry all day for this alone.
Windows has no socket file to bind, so there QLocalServer serves a named pipe.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

MAX_LINE_BYTES = 64 * 1024
"""Longest request line the server reads; a longer one is refused and the connection closed."""

MAX_REPLY_BYTES = 4 * 1024 * 1024
"""Longest reply a client reads: a runaway server cannot make a CLI command eat memory."""

IDLE_CONNECTION_MS = 10_000
"""A client that connects and then says nothing is dropped after this long."""

RUNTIME_DIR_MODE = 0o700

Handler = Callable[[dict[str, Any]], dict[str, Any]]
"""Answers one request. Raises IpcError for an unknown command or bad arguments."""

_log = logging.getLogger(__name__)


class IpcError(Exception):
    """A request the other side could not serve; the message says what was expected."""


class NotRunning(Exception):  # noqa: N818 - reads as "except NotRunning:", as the CLI says it
    """No deskbreak instance listens on the socket."""


class IpcServer:
    """Serves requests from other deskbreak processes on the Qt event loop (GUI thread).

    Not a QObject subclass on purpose: this module must import without Qt, because
    ``deskbreak status`` and the other CLI commands use :func:`request` from here and start
    in a few milliseconds without loading Qt. Qt is imported when a server is made; the
    QLocalServer it wraps takes ``parent`` for ownership.
    """

    def __init__(self, handler: Handler, parent: QObject | None = None) -> None:
        self._handler = handler
        self._server: Any
        if sys.platform == "win32":
            from PySide6.QtNetwork import QLocalServer  # noqa: PLC0415 - Windows pipes only

            self._server = QLocalServer(parent)
            # The pipe's ACL admits only this user.
            self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        else:
            self._server = _unix_server(parent)
        self._server.newConnection.connect(self._accept)
        self._connections: dict[Any, _Connection] = {}
        self._lock: int | None = None

    @property
    def name(self) -> str:
        """The full socket name listened on (a file path on Unix), or "" when not listening."""
        return str(self._server.fullServerName())

    def is_listening(self) -> bool:
        return bool(self._server.isListening())

    def listen(self, name: str) -> bool:
        """Listen on ``name``; False when a live instance already answers there.

        A socket file left behind by a crashed instance is removed and taken over. Raises
        OSError when the name cannot be used at all (a folder that belongs to another user,
        a path too long for a Unix socket, ...).
        """
        socket_file = Path(name) if sys.platform != "win32" and Path(name).is_absolute() else None
        lock: int | None = None
        if socket_file is not None:
            _ensure_private_dir(socket_file.parent)
            # Two instances starting at once could both find no socket and both listen;
            # the lock decides. The kernel drops it when its holder dies, so it never goes
            # stale the way a socket file does.
            lock = _try_lock(socket_file.with_name(socket_file.name + ".lock"))
            if lock is None:
                _log.info("another deskbreak instance holds the lock next to %s", name)
                return False
        # The socket is bound beside its name and renamed into place, replacing whatever
        # was there (as QLocalServer does): it never reports "address in use", so ask
        # first whether someone answers.
        if _answers(name):
            _log.info("another deskbreak instance listens on %s", name)
            _unlock(lock)
            return False
        if socket_file is not None and (socket_file.exists() or socket_file.is_symlink()):
            _log.warning("removing the stale socket %s left by an instance that is gone", name)
            socket_file.unlink(missing_ok=True)
        if not self._server.listen(name):
            _unlock(lock)
            raise OSError(f"cannot listen on {name}: {self._server.errorString()}")
        self._lock = lock
        return True

    def close(self) -> None:
        """Stop listening (the socket file goes), drop every connection, release the lock."""
        self._server.close()
        for connection in list(self._connections.values()):
            connection.abort()
        _unlock(self._lock)
        self._lock = None

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            peer = self._server.nextPendingConnection()
            self._connections[peer] = _Connection(peer, self._handler, self._forget)

    def _forget(self, peer: Any) -> None:
        self._connections.pop(peer, None)


class _Connection:
    """One client: buffers bytes until a newline, answers each line, one at a time."""

    def __init__(self, peer: Any, handler: Handler, forget: Callable[[Any], None]) -> None:
        """``peer``: a QLocalSocket, or a _UnixPeer that behaves as one."""
        from PySide6.QtCore import QTimer  # noqa: PLC0415 - keeps Qt out of CLI clients

        self._peer = peer
        self._handler = handler
        self._forget = forget
        self._buffer = bytearray()
        self._closing = False
        self._gone_already = False
        # Bounds what Qt buffers for us; a flood is then read and refused piece by piece.
        peer.setReadBufferSize(MAX_LINE_BYTES + 1)
        self._idle = QTimer(peer)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_CONNECTION_MS)
        self._idle.timeout.connect(self.abort)
        self._idle.start()
        peer.readyRead.connect(self._read)
        peer.disconnected.connect(self._gone)
        # Data can arrive with the connection, before readyRead is connected.
        if peer.bytesAvailable():
            self._read()

    def abort(self) -> None:
        self._closing = True
        self._peer.abort()
        self._gone()

    def _gone(self) -> None:
        if self._gone_already:
            return
        self._gone_already = True
        self._idle.stop()
        self._forget(self._peer)
        self._peer.deleteLater()

    def _read(self) -> None:
        if self._closing:
            return
        self._buffer += bytes(self._peer.readAll().data())
        while not self._closing:
            end = self._buffer.find(b"\n")
            if end < 0:
                if len(self._buffer) > MAX_LINE_BYTES:
                    self._refuse_oversized()
                return
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            if len(line) > MAX_LINE_BYTES:
                self._refuse_oversized()
                return
            self._idle.start()
            self._send(answer(line, self._handler))

    def _refuse_oversized(self) -> None:
        error = f"expected a request line of at most {MAX_LINE_BYTES} bytes; closing"
        _log.warning("IPC request refused: %s", error)
        self._send({"ok": False, "error": error})
        self._closing = True
        self._buffer.clear()
        # Sends what is queued, then closes.
        self._peer.disconnectFromServer()

    def _send(self, reply: dict[str, Any]) -> None:
        self._peer.write(_encode(reply))
        self._peer.flush()


@functools.cache
def _unix_classes() -> tuple[type, type]:
    """_UnixServer and _UnixPeer, made on first use: Qt is imported only by the server."""
    from PySide6.QtCore import QByteArray, QObject, QSocketNotifier, Signal  # noqa: PLC0415

    class UnixPeer(QObject):
        """One accepted connection, with the part of QLocalSocket's API _Connection uses."""

        readyRead = Signal()  # noqa: N815 - QLocalSocket's names
        disconnected = Signal()

        def __init__(self, connection: socket.socket, parent: QObject | None) -> None:
            super().__init__(parent)
            connection.setblocking(False)
            self._socket: socket.socket | None = connection
            self._received = bytearray()
            self._unsent = bytearray()
            self._limit = 0
            self._closing = False
            self._reader = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
            self._reader.activated.connect(self._receive)
            self._writer = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Write, self)
            self._writer.setEnabled(False)
            self._writer.activated.connect(self._send_some)

        def setReadBufferSize(self, size: int) -> None:  # noqa: N802
            self._limit = size

        def bytesAvailable(self) -> int:  # noqa: N802
            return len(self._received)

        def readAll(self) -> QByteArray:  # noqa: N802
            data = QByteArray(bytes(self._received))
            self._received.clear()
            if self._socket is not None and not self._closing:
                self._reader.setEnabled(True)
            return data

        def write(self, data: bytes) -> int:
            self._unsent += data
            self._send_some()
            return len(data)

        def flush(self) -> bool:
            self._send_some()
            return True

        def disconnectFromServer(self) -> None:  # noqa: N802
            """Close once what is queued is sent."""
            self._closing = True
            self._reader.setEnabled(False)
            if not self._unsent:
                self._close()

        def abort(self) -> None:
            self._unsent.clear()
            self._close()

        def _receive(self) -> None:
            if self._socket is None:
                return
            room = self._limit - len(self._received) if self._limit else 65536
            if room <= 0:
                self._reader.setEnabled(False)  # readAll() makes room again
                return
            try:
                chunk = self._socket.recv(min(room, 65536))
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                self._close()
                return
            self._received += chunk
            self.readyRead.emit()

        def _send_some(self) -> None:
            if self._socket is None:
                return
            try:
                sent = self._socket.send(self._unsent) if self._unsent else 0
            except BlockingIOError:
                sent = 0
            except OSError:
                self._close()
                return
            del self._unsent[:sent]
            self._writer.setEnabled(bool(self._unsent))
            if not self._unsent and self._closing:
                self._close()

        def _close(self) -> None:
            if self._socket is None:
                return
            self._reader.setEnabled(False)
            self._writer.setEnabled(False)
            self._socket.close()
            self._socket = None
            self.disconnected.emit()

    class UnixServer(QObject):
        """A listening Unix socket, with the part of QLocalServer's API IpcServer uses."""

        newConnection = Signal()  # noqa: N815 - QLocalServer's name

        def __init__(self, parent: QObject | None) -> None:
            super().__init__(parent)
            self._socket: socket.socket | None = None
            self._notifier: QSocketNotifier | None = None
            self._name = ""
            self._error = ""
            self._pending: list[UnixPeer] = []

        def listen(self, name: str) -> bool:
            path = Path(name)
            # Bound beside its name and renamed into place, so it is never reachable
            # before it is private.
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                temporary.unlink(missing_ok=True)
                listener.bind(str(temporary))
                temporary.chmod(0o600)
                listener.listen(8)
                temporary.replace(path)
            except OSError as error:
                listener.close()
                with contextlib.suppress(OSError):
                    temporary.unlink(missing_ok=True)
                self._error = str(error)
                return False
            listener.setblocking(False)
            self._socket, self._name = listener, str(path)
            self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._accept)
            return True

        def errorString(self) -> str:  # noqa: N802
            return self._error

        def isListening(self) -> bool:  # noqa: N802
            return self._socket is not None

        def fullServerName(self) -> str:  # noqa: N802
            return self._name

        def hasPendingConnections(self) -> bool:  # noqa: N802
            return bool(self._pending)

        def nextPendingConnection(self) -> UnixPeer:  # noqa: N802
            return self._pending.pop(0)

        def close(self) -> None:
            if self._socket is None:
                return
            if self._notifier is not None:
                self._notifier.setEnabled(False)
                self._notifier.deleteLater()
                self._notifier = None
            self._socket.close()
            self._socket = None
            with contextlib.suppress(OSError):
                Path(self._name).unlink()
            self._name = ""

        def _accept(self) -> None:
            while self._socket is not None:
                try:
                    connection, _ = self._socket.accept()
                except (BlockingIOError, InterruptedError):
                    break
                except OSError as error:
                    _log.warning("IPC: could not accept a connection: %s", error)
                    break
                self._pending.append(UnixPeer(connection, self))
            if self._pending:
                self.newConnection.emit()

    return UnixServer, UnixPeer


def _unix_server(parent: QObject | None) -> Any:
    server_class, _ = _unix_classes()
    return server_class(parent)


def answer(line: bytes, handler: Handler) -> dict[str, Any]:
    """The reply to one request line (without its newline); never raises."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        return _refused(f"expected UTF-8 text, got byte 0x{line[error.start]:02x} at {error.start}")
    try:
        request = json.loads(text)
    except (ValueError, RecursionError) as error:
        return _refused(f"expected one JSON object per line: {error}")
    if not isinstance(request, dict):
        kind = type(request).__name__
        return _refused(f'expected a JSON object such as {{"command": "status"}}, got {kind}')
    command = request.get("command")
    if not isinstance(command, str) or not command:
        return _refused('expected a "command" key with the command\'s name as a string')
    try:
        result = handler(request)
    except IpcError as error:
        return _refused(str(error))
    except Exception:
        # The app must outlive any request; the traceback goes to the log.
        _log.exception("IPC command %r failed", command)
        return {"ok": False, "error": f"the command {command!r} failed inside deskbreak"}
    reply = {**result, "ok": True}
    try:
        _encode(reply)
    except (TypeError, ValueError):
        _log.exception("IPC command %r returned a reply that is not JSON", command)
        return {"ok": False, "error": f"the command {command!r} failed inside deskbreak"}
    return reply


def request(name: str, payload: dict[str, Any], *, timeout: float = 2.0) -> dict[str, Any]:
    """Send ``payload`` to the instance listening on ``name`` and return its reply.

    Needs no QApplication. Raises NotRunning when nobody listens, IpcError when the instance
    refuses the request (the reply's ``error``) or answers nothing usable in ``timeout`` s.
    """
    data = _encode(payload)
    if sys.platform == "win32":
        raw = _exchange_windows(name, data, timeout)
    else:
        raw = _exchange_unix(name, data, timeout)
    try:
        reply = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise IpcError(f"the running instance sent an unreadable reply: {error}") from None
    if not isinstance(reply, dict):
        raise IpcError("the running instance sent a reply that is not a JSON object")
    if reply.get("ok") is not True:
        raise IpcError(str(reply.get("error") or "the running instance refused the request"))
    return reply


def _exchange_unix(name: str, data: bytes, timeout: float) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        try:
            client.connect(name)
        except (FileNotFoundError, ConnectionRefusedError):
            raise NotRunning(f"nothing listens on {name}") from None
        except TimeoutError:
            raise IpcError(f"the instance on {name} did not accept within {timeout:g} s") from None
        except OSError as error:
            # A path too long for a Unix socket, a socket of another user, ...
            raise IpcError(f"cannot connect to {name}: {error}") from None
        try:
            client.sendall(data)
            return _read_line(client.recv, name)
        except TimeoutError:
            raise IpcError(f"the instance on {name} did not answer within {timeout:g} s") from None
        except OSError as error:
            raise IpcError(f"the connection to {name} broke: {error}") from None


def _read_line(receive: Callable[[int], bytes], name: str) -> bytes:
    buffer = bytearray()
    while b"\n" not in buffer:
        if len(buffer) > MAX_REPLY_BYTES:
            raise IpcError(f"the reply from {name} is longer than {MAX_REPLY_BYTES} bytes")
        chunk = receive(65536)
        if not chunk:
            raise IpcError(f"the instance on {name} closed the connection without answering")
        buffer += chunk
    return bytes(buffer[: buffer.index(b"\n")])


def _exchange_windows(name: str, data: bytes, timeout: float) -> bytes:
    # Named pipes have no file to connect() to; QLocalSocket's blocking calls work
    # without an event loop or a QApplication. (Not run on Windows in CI yet.)
    from PySide6.QtNetwork import QLocalSocket  # noqa: PLC0415 - keeps Qt out of Unix clients

    milliseconds = max(1, round(timeout * 1000))
    client = QLocalSocket()
    client.connectToServer(name)
    if not client.waitForConnected(milliseconds):
        raise NotRunning(f"nothing listens on {name}: {client.errorString()}")
    try:
        client.write(data)
        if not client.waitForBytesWritten(milliseconds):
            raise IpcError(f"could not send to {name}: {client.errorString()}")

        def receive(_size: int) -> bytes:
            if not client.bytesAvailable() and not client.waitForReadyRead(milliseconds):
                if client.state() is QLocalSocket.LocalSocketState.UnconnectedState:
                    return b""
                raise IpcError(f"the instance on {name} did not answer within {timeout:g} s")
            return bytes(client.readAll().data())

        return _read_line(receive, name)
    finally:
        client.abort()


def _answers(name: str) -> bool:
    """Whether a live server accepts connections on ``name`` (a stale file does not)."""
    if sys.platform == "win32":
        from PySide6.QtNetwork import QLocalSocket  # noqa: PLC0415 - keeps Qt out of Unix clients

        probe = QLocalSocket()
        probe.connectToServer(name)
        alive = probe.waitForConnected(1000)
        probe.abort()
        return alive
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(name)
        except OSError:
            return False
        return True


def _try_lock(path: Path) -> int | None:
    """An exclusive lock on ``path`` (created 0600), or None while another process holds it."""
    import fcntl  # noqa: PLC0415 - Unix only

    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def _unlock(descriptor: int | None) -> None:
    if descriptor is not None:
        os.close(descriptor)  # closing the file releases the lock


def _ensure_private_dir(folder: Path) -> None:
    """Create the socket's folder for this user only; refuse one another user owns."""
    if not folder.exists():
        folder.mkdir(mode=RUNTIME_DIR_MODE, parents=True)
        # mkdir's mode passes through the umask; say it once more.
        folder.chmod(RUNTIME_DIR_MODE)
        return
    owner = folder.stat().st_uid
    if owner != os.geteuid():
        raise PermissionError(f"{folder} belongs to another user (uid {owner}); not listening")
    folder.chmod(RUNTIME_DIR_MODE)


def _refused(error: str) -> dict[str, Any]:
    _log.warning("IPC request refused: %s", error)
    return {"ok": False, "error": error}


def _encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
