"""Whole-file replacement: the old file or the new one, never half, with the mode asked for."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from deskbreak.storage.atomic import KEEP_MODE, replacing, write_atomically


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_is_private_unless_a_mode_is_given(tmp_path: Path) -> None:
    write_atomically(tmp_path / "private", b"history")
    write_atomically(tmp_path / "public", b"entry", mode=0o644)
    assert (tmp_path / "private").read_bytes() == b"history"
    assert mode(tmp_path / "private") == 0o600
    assert mode(tmp_path / "public") == 0o644


def test_keep_mode_keeps_the_replaced_files_mode(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomically(path, b"new", mode=KEEP_MODE)
    assert path.read_bytes() == b"new"
    assert mode(path) == 0o640
    write_atomically(tmp_path / "fresh.toml", b"new", mode=KEEP_MODE)
    assert mode(tmp_path / "fresh.toml") == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(b"old")

    def write_half() -> None:
        with replacing(path) as stream:
            stream.write(b"half")
            raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_half()
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.json"]


def test_a_missing_folder_is_made_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "file"
    with pytest.raises(FileNotFoundError):
        write_atomically(path, b"x")
    assert not path.parent.exists()
    write_atomically(path, b"x", make_folder=True)
    assert path.read_bytes() == b"x"
