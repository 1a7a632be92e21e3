"""Where deskbreak keeps its files: settings, history and the single-instance socket.

``Paths.for_user()`` follows the platform's conventions; ``Paths.under(basedir)`` keeps
everything in one folder for tests and bug reports (``--basedir``).
"""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "deskbreak"
RUNTIME_DIR_MODE = 0o700


@dataclass(frozen=True)
class Paths:
    """The three folders deskbreak uses and the files inside them.

    Nothing is created here: the code that writes a file creates its folder
    (``runtime_dir`` with mode 0700, see :meth:`ensure_runtime_dir`).
    """

    config_dir: Path
    data_dir: Path
    runtime_dir: Path
    basedir: Path | None = None
    """The one folder of ``--basedir``, or None for the user's own folders."""

    @classmethod
    def for_user(cls) -> Paths:
        """The current user's folders, as the platform expects them."""
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)),
            runtime_dir=_user_runtime_dir(),
        )

    @classmethod
    def under(cls, basedir: Path) -> Paths:
        """Every folder inside ``basedir``."""
        return cls(
            config_dir=basedir / "config",
            data_dir=basedir / "data",
            runtime_dir=basedir / "runtime",
            basedir=basedir,
        )

    @property
    def is_default(self) -> bool:
        """Whether these are the user's own folders (not a ``--basedir``)."""
        return self.basedir is None

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def history_file(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def socket_name(self) -> str:
        """The local socket a running instance listens on.

        A file path in the private runtime folder on Unix; Windows named pipes live in
        their own namespace, so there the name carries the user instead.
        """
        if sys.platform == "win32":
            return f"{APP_DIR_NAME}-{_user_name()}"
        return str(self.runtime_dir / f"{APP_DIR_NAME}.sock")

    def ensure_runtime_dir(self) -> Path:
        """Create ``runtime_dir`` for this user only (mode 0700) and return it.

        Raises PermissionError when the folder exists but another user owns it: someone
        could otherwise pre-create a shared temp folder and listen on our socket name.
        """
        self.runtime_dir.mkdir(mode=RUNTIME_DIR_MODE, parents=True, exist_ok=True)
        if sys.platform != "win32":
            info = self.runtime_dir.lstat()
            if info.st_uid != os.geteuid():
                raise PermissionError(
                    f"{self.runtime_dir} belongs to another user (uid {info.st_uid}); "
                    "deskbreak will not use it"
                )
            self.runtime_dir.chmod(RUNTIME_DIR_MODE)
        return self.runtime_dir


def _user_runtime_dir() -> Path:
    try:
        # Recent platformdirs warn when XDG_RUNTIME_DIR is unset and pick their own
        # fallback; that is an expected situation here (containers, plain ssh sessions),
        # and under pytest a warning is an error.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            runtime = Path(platformdirs.user_runtime_dir(APP_DIR_NAME, appauthor=False))
    except OSError:
        # platformdirs refuses a temp fallback that another user owns.
        return _private_temp_dir()
    if not runtime.parent.is_dir():
        # Older platformdirs return /run/user/<uid> even where no session manager made it.
        return _private_temp_dir()
    return runtime


def _private_temp_dir() -> Path:
    owner = str(os.geteuid()) if sys.platform != "win32" else _user_name()
    return Path(tempfile.gettempdir()) / f"{APP_DIR_NAME}-{owner}"


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        # No login name in the environment nor in the password database.
        return "user"
