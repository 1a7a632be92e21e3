"""The settings window's "Your data" page: what is stored where, Export… (the same file as
`deskbreak export`), and Delete all my data… behind a deliberate second step.

Screenshots, light and dark at 1x and 2x, and of the confirmation, go to
``artifacts/settings/``.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from deskbreak.app.shell import Shell
from deskbreak.cli import main
from deskbreak.domain.clock import FakeClock
from deskbreak.domain.settings import Settings
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.ui.settings import (
    DATA_PAGE,
    EXPORT_FILTERS,
    DataPage,
    DeleteConfirmation,
    SettingsWindow,
    TypedEdit,
    YourData,
    export_choice,
    size_text,
)
from deskbreak.ui.tray import Tray

if TYPE_CHECKING:
    from conftest import Palettes, Screenshots

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


class Rig:
    """The running app's shell over a basedir with an hour of sitting in its history."""

    def __init__(self, basedir: Path) -> None:
        self.basedir = basedir
        self.paths = Paths.under(basedir)
        self.history = History.open(self.paths.history_file)
        self.clock = FakeClock(mono=1000.0, wall=NOW)
        self.shell = Shell(
            paths=self.paths,
            settings=Settings(),
            history=self.history,
            idle=None,
            tray=Tray(),
            session=None,
            quit_app=lambda: None,
            clock=self.clock,
        )
        # A stretch: manual mode counts sitting while the app runs; standing ends it.
        self.clock.advance(50 * 60.0)
        self.shell.set_standing(True)
        self.clock.advance(6 * 60.0)
        self.shell.set_standing(False)
        self.shell.remember_setting("breaks.interval", 50 * 60.0)

    def window(self, **page: Any) -> SettingsWindow:
        window = self.shell.open_settings()
        if page:
            # The page's questions answered by the test, as a user would.
            assert window.data_page is not None
            for name, answer in page.items():
                setattr(window.data_page, f"_{name}", answer)
        window.show_group(DATA_PAGE)
        return window

    def page(self, **answers: Any) -> DataPage:
        page = self.window(**answers).data_page
        assert page is not None
        return page


@pytest.fixture
def rig(qapp: object, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(tmp_path / "base")
    yield made
    window = made.shell.settings_window
    if window is not None:
        window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    made.history.close()


def texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def cli_export(basedir: Path, out: Path, kind: str) -> None:
    assert main(["--basedir", str(basedir), "export", "--format", kind, "--out", str(out)]) == 0


def without_time(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "exported_at"}


# -- what is stored where ----------------------------------------------------------------


def test_the_page_names_each_folder_and_file_and_that_nothing_leaves(rig: Rig) -> None:
    page = rig.page()
    words = texts(page)
    assert "Nothing is sent anywhere" in words
    assert f"Settings folder\n{rig.paths.config_dir}" in words
    assert f"History folder\n{rig.paths.data_dir}" in words
    size = rig.paths.settings_file.stat().st_size
    assert f"settings.toml · {size_text(size)} — your settings" in words
    assert "history.sqlite3 · " in words


def test_an_empty_folder_says_nothing_is_stored_yet(qtbot: QtBot, tmp_path: Path) -> None:
    data = YourData(
        folders=(("Settings", tmp_path / "config"),),
        files=list,
        export=lambda path, kind: None,
        delete_all=lambda: None,
    )
    page = DataPage(data, 400)
    qtbot.addWidget(page)
    assert "Nothing stored yet." in texts(page)


def test_sizes_read_like_people_write_them() -> None:
    assert [size_text(n) for n in (812, 14_540, 3_250_586)] == [
        "812 bytes",
        "14.2 KiB",
        "3.1 MiB",
    ]


# -- export ----------------------------------------------------------------------------------


def test_export_json_writes_what_deskbreak_export_writes(rig: Rig, tmp_path: Path) -> None:
    mine = tmp_path / "page.json"
    page = rig.page(save_as=lambda parent: (mine, "json"))
    exported: list[str] = []
    page.exported.connect(exported.append)
    page.export_button.click()
    assert exported == [str(mine)]
    cli = tmp_path / "cli.json"
    cli_export(rig.basedir, cli, "json")
    document = json.loads(mine.read_text())
    assert without_time(document) == without_time(json.loads(cli.read_text()))
    assert document["exported_at"].startswith("2026-11-16T09:56")
    assert document["tables"]["stretches"], "the history is in it"
    assert document["settings"]["values"]["breaks.interval"] == "50m"
    assert mine.stat().st_mode & 0o077 == 0, "private history: owner only"
    assert f"Exported to {mine}." in texts(page)


def test_export_csv_writes_the_same_zip_as_deskbreak_export(rig: Rig, tmp_path: Path) -> None:
    mine = tmp_path / "page.zip"
    rig.page(save_as=lambda parent: (mine, "csv")).export_button.click()
    cli = tmp_path / "cli.zip"
    cli_export(rig.basedir, cli, "csv")

    def members(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            # The README names the moment of export; every table must be the same.
            return {n: archive.read(n) for n in archive.namelist() if n != "README.txt"}

    assert members(mine) == members(cli)
    assert "stretches.csv" in members(mine)


def test_an_export_that_cannot_be_written_says_where_and_why(rig: Rig, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "data.json"
    page = rig.page(save_as=lambda parent: (target, "json"))
    page.export_button.click()
    assert not target.exists()
    assert page.status.text() == f"Could not write {target}: No such file or directory"


def test_cancelling_the_file_dialog_exports_nothing(rig: Rig) -> None:
    page = rig.page(save_as=lambda parent: None)
    page.export_button.click()
    assert page.status.isHidden()


def test_the_format_follows_the_name_or_else_the_filter() -> None:
    assert export_choice(Path("a.json"), EXPORT_FILTERS["csv"]) == (Path("a.json"), "json")
    assert export_choice(Path("a.ZIP"), EXPORT_FILTERS["json"]) == (Path("a.ZIP"), "csv")
    assert export_choice(Path("mine"), EXPORT_FILTERS["csv"]) == (Path("mine.zip"), "csv")
    assert export_choice(Path("mine.v2"), EXPORT_FILTERS["json"]) == (Path("mine.v2.json"), "json")


# -- delete ----------------------------------------------------------------------------------


def test_the_confirmation_needs_a_deliberate_second_step(qtbot: QtBot) -> None:
    dialog = DeleteConfirmation()
    qtbot.addWidget(dialog)
    assert not dialog.delete.isEnabled()
    dialog.delete.click()
    assert dialog.result() != DeleteConfirmation.DialogCode.Accepted
    qtbot.mouseClick(dialog.understood, Qt.MouseButton.LeftButton)
    assert dialog.delete.isEnabled()
    dialog.delete.click()
    assert dialog.result() == DeleteConfirmation.DialogCode.Accepted


def test_delete_with_confirmation_leaves_nothing_of_the_old_data(rig: Rig) -> None:
    rig.paths.config_dir.joinpath("settings.toml.bad-20261115T080000").write_text("x")
    page = rig.page(confirm_delete=lambda parent: True)
    deleted: list[bool] = []
    page.deleted.connect(lambda: deleted.append(True))
    page.delete_button.click()
    assert deleted == [True]
    # No file is left: the running app goes on with an empty history, made anew on disk
    # only when it next has something to store.
    assert [p for p in rig.basedir.rglob("*") if p.is_file()] == []
    assert rig.shell.tracker.settings == Settings(), "back to the defaults"
    window = rig.shell.settings_window
    assert window is not None
    edit = window.rows["breaks.interval"].control
    assert isinstance(edit, TypedEdit)
    assert edit.text() == "45m", "the window shows the defaults"
    assert "All your data was deleted." in page.status.text()
    assert "history.sqlite3" not in texts(page)
    assert "settings.toml" not in texts(page)


def test_a_file_that_cannot_be_deleted_is_named(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "Permission denied")

    page = rig.page(confirm_delete=lambda parent: True)
    monkeypatch.setattr(Path, "unlink", refuse)
    page.delete_button.click()
    monkeypatch.undo()
    assert page.status.text().startswith("Could not delete everything: could not remove ")
    assert "Permission denied" in page.status.text()


def test_declining_deletes_nothing(rig: Rig) -> None:
    page = rig.page(confirm_delete=lambda parent: False)
    page.delete_button.click()
    assert rig.paths.history_file.exists()
    assert rig.paths.settings_file.exists()


# -- screenshots -----------------------------------------------------------------------------


def render(widget: QWidget, ratio: int) -> QPixmap:
    """``widget`` painted at ``ratio`` device pixels per pixel, as on a HiDPI screen."""
    pixmap = QPixmap(widget.size() * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    widget.render(pixmap)
    return pixmap


def test_screenshots(
    rig: Rig, tmp_path: Path, screenshots: Screenshots, palettes: Palettes
) -> None:
    folder = screenshots.folder("settings")
    for name, palette in (("light", palettes.light), ("dark", palettes.dark)):
        window = rig.window(save_as=lambda parent: (tmp_path / "mine.json", "json"))
        window.setPalette(palette)
        window.resize(QSize(window.width(), 640))
        assert window.data_page is not None
        window.data_page.export_button.click()
        QApplication.processEvents()
        for ratio in (1, 2):
            assert render(window, ratio).save(str(folder / f"data-{name}@{ratio}x.png"))
        window.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        dialog = DeleteConfirmation()
        dialog.setPalette(palette)
        dialog.understood.setChecked(True)
        dialog.show()
        QApplication.processEvents()
        for ratio in (1, 2):
            assert render(dialog, ratio).save(str(folder / f"delete-{name}@{ratio}x.png"))
        dialog.close()
