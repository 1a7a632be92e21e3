"""Delete all my data while the app runs: files gone, history open again and empty, defaults."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_shell import MIN, Rig

from deskbreak.desktop.ipc import IpcError
from deskbreak.domain.settings import Settings


def every_file(folder: Path) -> list[str]:
    return sorted(
        str(Path(root, name).relative_to(folder))
        for root, _, names in os.walk(folder)
        for name in names
    )


def test_delete_data_through_ipc_starts_over_with_an_empty_history(
    qapp: object, tmp_path: Path
) -> None:
    rig = Rig(tmp_path)
    rig.shell.remember_setting("breaks.interval", 30 * MIN)  # writes the settings file
    assert rig.paths.settings_file.exists()
    rig.type(20)
    rig.clock.advance(10 * MIN)
    rig.shell._wake()  # the gap ended the stretch: stored
    own = rig.paths.config_dir / "routines" / "mine.toml"
    own.parent.mkdir()
    own.write_text("# mine\n", encoding="utf-8")
    assert rig.status()["today"]["stretches"] == 1  # type: ignore[index]

    reply = rig.shell.handle_request({"command": "delete_data"})

    assert reply["removed"] == 2  # the history and the settings file
    today = reply["status"]["today"]
    assert today["stretches"] == 0
    assert today["sitting_s"] == 0
    assert rig.shell.tracker.settings == Settings()  # the defaults, as on disk now
    assert every_file(tmp_path) == ["config/routines/mine.toml"]  # nothing else left
    # The same History goes on, empty, in a new file once there is something to store.
    rig.type(15)
    rig.clock.advance(10 * MIN)
    rig.shell._wake()
    assert rig.status()["today"]["stretches"] == 1  # type: ignore[index]
    assert rig.history.persistent
    rig.history.close()
    assert "data/history.sqlite3" in every_file(tmp_path)
    assert "config/settings.toml" not in every_file(tmp_path)
    assert "config/routines/mine.toml" in every_file(tmp_path)


def test_delete_data_with_own_files_and_what_fails(qapp: object, tmp_path: Path) -> None:
    rig = Rig(tmp_path)
    own = rig.paths.config_dir / "exercises" / "mine.toml"
    own.parent.mkdir(parents=True)
    own.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(IpcError, match="expected 'include_own': true or false"):
        rig.shell.handle_request({"command": "delete_data", "include_own": "yes"})
    odd = rig.paths.data_dir / "history.sqlite3-journal"
    odd.mkdir()
    with pytest.raises(IpcError, match=r"history\.sqlite3-journal \(Is a directory\)"):
        rig.shell.handle_request({"command": "delete_data", "include_own": True})
    assert not own.exists()
    odd.rmdir()
    reply = rig.shell.handle_request({"command": "delete_data", "include_own": True})
    assert reply["removed"] == 0  # the first try removed the history; no new file since
    rig.history.close()
