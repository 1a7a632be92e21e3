"""Where files go: the per-user folders and the one-folder layout for tests and bug reports."""

from __future__ import annotations

import getpass
import stat
import sys
from pathlib import Path

import pytest

from deskbreak.storage.paths import Paths

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket paths and modes")


def test_under_puts_every_folder_inside_the_base(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)

    assert paths.config_dir == tmp_path / "config"
    assert paths.data_dir == tmp_path / "data"
    assert paths.runtime_dir == tmp_path / "runtime"
    assert paths.settings_file == tmp_path / "config" / "settings.toml"
    assert paths.history_file == tmp_path / "data" / "history.sqlite3"


def test_nothing_is_created_until_something_is_written(tmp_path: Path) -> None:
    Paths.under(tmp_path / "base")

    assert not (tmp_path / "base").exists()


@unix_only
def test_the_socket_is_a_file_in_the_runtime_folder(tmp_path: Path) -> None:
    name = Paths.under(tmp_path).socket_name

    assert name == str(tmp_path / "runtime" / "deskbreak.sock")
    assert Path(name).is_absolute()


def test_on_windows_the_pipe_name_carries_the_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(getpass, "getuser", lambda: "ann")

    assert Paths.under(tmp_path).socket_name == "deskbreak-ann"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders")
def test_for_user_follows_the_xdg_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))

    paths = Paths.for_user()

    assert paths.settings_file == tmp_path / "conf" / "deskbreak" / "settings.toml"
    assert paths.history_file == tmp_path / "share" / "deskbreak" / "history.sqlite3"
    assert paths.runtime_dir == runtime / "deskbreak"


@unix_only
def test_for_user_without_a_runtime_folder_falls_back_quietly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Warnings are errors here: a fallback must not warn.
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)

    runtime = Paths.for_user().runtime_dir

    assert runtime.is_absolute()
    assert runtime.parent.is_dir() or runtime.name.startswith("deskbreak-")


@unix_only
def test_the_runtime_folder_is_made_private(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path / "base")

    made = paths.ensure_runtime_dir()

    assert made == paths.runtime_dir
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert paths.ensure_runtime_dir() == made  # a second call is fine
