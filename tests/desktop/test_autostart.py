"""Start at login: the XDG entry for real in a temp config folder, launchd and the Run key faked.

Also `deskbreak autostart on|off|status` under --basedir, and the packaged launcher and AppStream
files, checked with the desktop's own validators where they are installed.
"""

from __future__ import annotations

import configparser
import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskbreak import APP_ID, __version__
from deskbreak.cli import main
from deskbreak.desktop.autostart import (
    RUN_KEY,
    AutostartUnavailable,
    LaunchAgentAutostart,
    WindowsAutostart,
    XdgAutostart,
    autostart_entry,
    autostart_for,
    exec_value,
    login_command,
)

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "packaging" / "linux" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / "linux" / f"{APP_ID}.metainfo.xml"

AWKWARD_COMMAND = [
    "/opt/My Apps/bin/python3",
    "-m",
    "deskbreak",
    "--basedir",
    '/home/zoë/it\'s "here" $HOME `id` back\\slash 100% ~ #1 (a|b) <c>&;*?',
    "",
]
"""Every character the Exec key reserves, a space, a percent sign, non-ASCII, an empty argument."""

SPECIAL_CHARACTERS = " \t\n\r\"'\\><~|&;$*?#()`%="


# -- reading desktop entries the way the spec says -----------------------------------------------


def read_desktop_entry(path: Path) -> dict[str, str]:
    """The [Desktop Entry] group with the spec's rules: case-sensitive keys, no interpolation."""
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def exec_arguments(value: str) -> list[str]:
    """Undo exec_value as a launcher does: string escapes, then quoting, then ``%%``."""
    string_escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    text, position = "", 0
    while position < len(value):
        if value[position] == "\\":
            text += string_escapes[value[position + 1]]
            position += 2
        else:
            text += value[position]
            position += 1
    arguments: list[str] = []
    current: str | None = None
    quoted = False
    position = 0
    while position < len(text):
        char = text[position]
        if quoted:
            if char == "\\":
                assert text[position + 1] in '"`$\\', "only these may be escaped in quotes"
                current = (current or "") + text[position + 1]
                position += 1
            elif char == '"':
                quoted = False
            else:
                assert char not in "`$", f"{char!r} must be escaped in quotes"
                current = (current or "") + char
        elif char == '"':
            quoted = True
            current = current or ""
        elif char == " ":
            if current is not None:
                arguments.append(current)
            current = None
        else:
            assert char not in " \t\n\"'\\><~|&;$*?#()`", f"{char!r} must be quoted"
            current = (current or "") + char
        position += 1
    assert not quoted, "an unterminated quote"
    if current is not None:
        arguments.append(current)
    return [argument.replace("%%", "%") for argument in arguments]


def validate_desktop_file(path: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        return  # the configparser reading above is then the only check
    result = subprocess.run([validator, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "", result.stdout  # warnings and hints too


# -- Linux: the XDG autostart entry, for real ----------------------------------------------------


@pytest.fixture
def config_home(tmp_path: Path) -> Path:
    return tmp_path / "config home"


def xdg(config_home: Path) -> XdgAutostart:
    autostart = autostart_for("linux", {"XDG_CONFIG_HOME": str(config_home), "HOME": "/nowhere"})
    assert isinstance(autostart, XdgAutostart)
    return autostart


def test_off_until_turned_on(config_home: Path) -> None:
    autostart = xdg(config_home)
    assert autostart.where == str(config_home / "autostart" / f"{APP_ID}.desktop")
    assert not autostart.is_enabled()
    assert not config_home.exists()


def test_on_writes_a_valid_desktop_entry(config_home: Path) -> None:
    autostart = xdg(config_home)
    autostart.enable(["/usr/bin/deskbreak"])
    assert autostart.is_enabled()
    path = Path(autostart.where)
    entry = read_desktop_entry(path)
    assert entry == {
        "Type": "Application",
        "Name": "DeskBreak",
        "Comment": "Start DeskBreak in the system tray at login",
        "Exec": "/usr/bin/deskbreak",
        "Icon": APP_ID,
        "Terminal": "false",
        "StartupNotify": "false",
        "NoDisplay": "false",
        "X-GNOME-Autostart-enabled": "true",
        "X-GNOME-Autostart-Delay": "5",
        "X-KDE-autostart-after": "panel",
    }
    assert path.stat().st_mode & 0o777 == 0o644
    validate_desktop_file(path)


def test_exec_quotes_what_the_spec_reserves(config_home: Path) -> None:
    autostart = xdg(config_home)
    autostart.enable(AWKWARD_COMMAND)
    path = Path(autostart.where)
    assert exec_arguments(read_desktop_entry(path)["Exec"]) == AWKWARD_COMMAND
    validate_desktop_file(path)


def test_plain_arguments_stay_unquoted() -> None:
    assert exec_value(["/usr/bin/python3", "-m", "deskbreak"]) == "/usr/bin/python3 -m deskbreak"
    assert exec_value(["/a b/python"]) == '"/a b/python"'
    assert exec_value(["50%"]) == "50%%"
    assert exec_value(['a"b\\c']) == '"a\\\\"b\\\\\\\\c"'


@given(
    st.lists(
        st.text(
            # Any text, with the characters the format treats specially turning up often.
            st.characters(exclude_categories=("Cc", "Cs")) | st.sampled_from(SPECIAL_CHARACTERS)
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_command_survives_the_exec_key(command: list[str]) -> None:
    assert exec_arguments(exec_value(command)) == command


@pytest.mark.parametrize(
    ("command", "expected"),
    [([], "expected a command"), (["deskbreak", "a\x07b"], "cannot hold the control character")],
    ids=["empty", "control"],
)
def test_a_command_the_format_cannot_carry_is_refused(command: list[str], expected: str) -> None:
    with pytest.raises(ValueError, match=expected):
        exec_value(command)


def test_on_again_replaces_the_entry_and_leaves_no_temporary_files(config_home: Path) -> None:
    autostart = xdg(config_home)
    autostart.enable(["/old/deskbreak"])
    autostart.enable(["/new/deskbreak"])
    assert read_desktop_entry(Path(autostart.where))["Exec"] == "/new/deskbreak"
    assert [p.name for p in (config_home / "autostart").iterdir()] == [f"{APP_ID}.desktop"]


def test_a_failed_write_keeps_the_old_entry(
    config_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    autostart = xdg(config_home)
    autostart.enable(["/old/deskbreak"])

    def full_disk(self: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        autostart.enable(["/new/deskbreak"])
    monkeypatch.undo()
    assert read_desktop_entry(Path(autostart.where))["Exec"] == "/old/deskbreak"
    assert [p.name for p in (config_home / "autostart").iterdir()] == [f"{APP_ID}.desktop"]


def test_off_removes_the_entry_and_off_again_is_fine(config_home: Path) -> None:
    autostart = xdg(config_home)
    autostart.enable(["/usr/bin/deskbreak"])
    autostart.disable()
    assert not Path(autostart.where).exists()
    assert not autostart.is_enabled()
    autostart.disable()


@pytest.mark.parametrize("switch", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_switched_off_in_the_desktops_startup_settings_is_off(
    config_home: Path, switch: str
) -> None:
    autostart = xdg(config_home)
    autostart.enable(["/usr/bin/deskbreak"])
    path = Path(autostart.where)
    key = switch.split("=", maxsplit=1)[0]
    lines = [line for line in path.read_text().splitlines() if not line.startswith(f"{key}=")]
    path.write_text("\n".join([*lines, switch]) + "\n")
    assert not autostart.is_enabled()


def test_the_folder_follows_xdg_config_home_or_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    expected = home / ".config" / "autostart" / f"{APP_ID}.desktop"
    assert autostart_for("linux", {"HOME": str(home)}).where == str(expected)
    # The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
    relative = {"HOME": str(home), "XDG_CONFIG_HOME": "relative/config"}
    assert autostart_for("linux", relative).where == str(expected)
    assert autostart_for("freebsd14", {"HOME": str(home)}).where == str(expected)
    moved = autostart_for("linux", {"HOME": str(home)}, config_home=tmp_path / "basedir")
    assert moved.where == str(tmp_path / "basedir" / "autostart" / f"{APP_ID}.desktop")


# -- macOS: a launchd agent on a temp home -------------------------------------------------------


def test_launch_agent_on_a_temp_home(tmp_path: Path) -> None:
    autostart = autostart_for("darwin", {"HOME": str(tmp_path)})
    assert isinstance(autostart, LaunchAgentAutostart)
    path = tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    assert autostart.where == str(path)
    assert not autostart.is_enabled()

    autostart.enable(["/Applications/DeskBreak.app/Contents/MacOS/DeskBreak"])
    assert autostart.is_enabled()
    with path.open("rb") as stream:
        agent = plistlib.load(stream)
    assert agent == {
        "Label": APP_ID,
        "ProgramArguments": ["/Applications/DeskBreak.app/Contents/MacOS/DeskBreak"],
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    plutil = shutil.which("plutil")
    if plutil is not None:
        subprocess.run([plutil, "-lint", str(path)], check=True, capture_output=True)

    autostart.disable()
    assert not path.exists()
    assert not autostart.is_enabled()
    autostart.disable()


def test_launch_agent_arguments_are_kept_apart(tmp_path: Path) -> None:
    autostart = autostart_for("darwin", {"HOME": str(tmp_path)})
    autostart.enable(AWKWARD_COMMAND)
    agent = plistlib.loads(Path(autostart.where).read_bytes())
    assert agent["ProgramArguments"] == AWKWARD_COMMAND


@pytest.mark.parametrize(
    "content",
    [
        b"not a property list",
        plistlib.dumps({"Label": APP_ID, "RunAtLoad": True, "Disabled": True}),
    ],
    ids=["unreadable", "disabled"],
)
def test_a_launch_agent_launchd_would_not_run_is_off(tmp_path: Path, content: bytes) -> None:
    autostart = autostart_for("darwin", {"HOME": str(tmp_path)})
    Path(autostart.where).parent.mkdir(parents=True)
    Path(autostart.where).write_bytes(content)
    assert not autostart.is_enabled()


def test_launch_agent_under_basedir(tmp_path: Path) -> None:
    autostart = autostart_for("darwin", {"HOME": "/nowhere"}, config_home=tmp_path)
    assert autostart.where == str(tmp_path / "LaunchAgents" / f"{APP_ID}.plist")


# -- Windows: the Run key, with a fake winreg ----------------------------------------------------


class FakeRegistry:
    """The part of ``winreg`` the Run key needs, over a dict of keys and values."""

    HKEY_CURRENT_USER = "HKEY_CURRENT_USER"
    KEY_QUERY_VALUE = 0x0001
    KEY_SET_VALUE = 0x0002
    REG_SZ = 1

    def __init__(self, *, with_run_key: bool = True) -> None:
        self.keys: dict[tuple[str, str], dict[str, tuple[Any, int]]] = {}
        self.opened: list[tuple[str, int]] = []
        if with_run_key:
            self.keys[(self.HKEY_CURRENT_USER, RUN_KEY)] = {}

    def module(self) -> ModuleType:
        module = ModuleType("winreg")
        for name in ("HKEY_CURRENT_USER", "KEY_QUERY_VALUE", "KEY_SET_VALUE", "REG_SZ"):
            setattr(module, name, getattr(self, name))
        module.OpenKey = self.open_key  # type: ignore[attr-defined]
        module.CreateKeyEx = self.create_key  # type: ignore[attr-defined]
        module.QueryValueEx = self.query_value  # type: ignore[attr-defined]
        module.SetValueEx = self.set_value  # type: ignore[attr-defined]
        module.DeleteValue = self.delete_value  # type: ignore[attr-defined]
        return module

    @contextmanager
    def open_key(
        self, root: str, sub_key: str, reserved: int = 0, access: int = 0
    ) -> Iterator[dict[str, tuple[Any, int]]]:
        assert reserved == 0
        self.opened.append((sub_key, access))
        if (root, sub_key) not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        yield self.keys[(root, sub_key)]

    @contextmanager
    def create_key(
        self, root: str, sub_key: str, reserved: int = 0, access: int = 0
    ) -> Iterator[dict[str, tuple[Any, int]]]:
        self.keys.setdefault((root, sub_key), {})
        with self.open_key(root, sub_key, reserved, access) as key:
            yield key

    def query_value(self, key: dict[str, tuple[Any, int]], name: str) -> tuple[Any, int]:
        if name not in key:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return key[name]

    def set_value(
        self, key: dict[str, tuple[Any, int]], name: str, reserved: int, kind: int, value: Any
    ) -> None:
        assert reserved == 0
        key[name] = (value, kind)

    def delete_value(self, key: dict[str, tuple[Any, int]], name: str) -> None:
        if name not in key:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        del key[name]

    @property
    def run_values(self) -> dict[str, tuple[Any, int]]:
        return self.keys.get((self.HKEY_CURRENT_USER, RUN_KEY), {})


def test_run_key_value(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = FakeRegistry()
    # The real module is imported only when first used, so a fake in sys.modules stands in.
    monkeypatch.setitem(sys.modules, "winreg", registry.module())
    autostart = autostart_for("win32", {})
    assert isinstance(autostart, WindowsAutostart)
    assert autostart.where == (
        r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run (value deskbreak)"
    )
    assert not autostart.is_enabled()

    autostart.enable([r"C:\Program Files\Python311\pythonw.exe", "-m", "deskbreak"])
    assert registry.run_values == {
        "deskbreak": (r'"C:\Program Files\Python311\pythonw.exe" -m deskbreak', registry.REG_SZ)
    }
    assert autostart.is_enabled()
    assert (RUN_KEY, registry.KEY_SET_VALUE) in registry.opened
    assert (RUN_KEY, registry.KEY_QUERY_VALUE) in registry.opened

    autostart.disable()
    assert registry.run_values == {}
    assert not autostart.is_enabled()
    autostart.disable()


def test_run_key_created_when_missing() -> None:
    registry = FakeRegistry(with_run_key=False)
    autostart = WindowsAutostart(registry.module())
    assert not autostart.is_enabled()
    autostart.disable()
    autostart.enable(["deskbreak.exe"])
    assert registry.run_values == {"deskbreak": ("deskbreak.exe", registry.REG_SZ)}


def test_windows_refuses_basedir(tmp_path: Path) -> None:
    with pytest.raises(AutostartUnavailable, match="registry value; --basedir cannot move it"):
        autostart_for("win32", {}, config_home=tmp_path)


@pytest.mark.parametrize("cls", [WindowsAutostart, LaunchAgentAutostart])
def test_an_empty_command_is_refused(tmp_path: Path, cls: type[Any]) -> None:
    autostart = (
        cls(FakeRegistry().module()) if cls is WindowsAutostart else LaunchAgentAutostart(tmp_path)
    )
    with pytest.raises(ValueError, match="expected a command"):
        autostart.enable([])


# -- what the entry starts -----------------------------------------------------------------------


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_this_installations_console_script_when_there_is_one(tmp_path: Path) -> None:
    python = executable(tmp_path / "bin" / "python3")
    script = executable(tmp_path / "bin" / "deskbreak")
    command = login_command(
        platform="linux", executable=str(python), scripts_dir=str(tmp_path / "bin"), frozen=False
    )
    assert command == [str(script)]


def test_python_dash_m_without_a_console_script(tmp_path: Path) -> None:
    python = executable(tmp_path / "bin" / "python3")
    (tmp_path / "bin" / "deskbreak").write_text("not executable")
    for scripts in (tmp_path / "bin", tmp_path / "missing"):
        command = login_command(
            platform="darwin", executable=str(python), scripts_dir=str(scripts), frozen=False
        )
        assert command == [str(python), "-m", "deskbreak"]


def test_windows_uses_pythonw_so_no_console_window_opens(tmp_path: Path) -> None:
    python = executable(tmp_path / "Scripts" / "python.exe")
    executable(tmp_path / "Scripts" / "deskbreak.exe")
    command = login_command(
        platform="win32",
        executable=str(python),
        scripts_dir=str(tmp_path / "Scripts"),
        frozen=False,
    )
    assert command == [str(python), "-m", "deskbreak"]  # no pythonw.exe yet
    pythonw = executable(tmp_path / "Scripts" / "pythonw.exe")
    command = login_command(
        platform="win32",
        executable=str(python),
        scripts_dir=str(tmp_path / "Scripts"),
        frozen=False,
    )
    assert command == [str(pythonw), "-m", "deskbreak"]


def test_a_frozen_app_starts_itself() -> None:
    app = "/Applications/DeskBreak.app/Contents/MacOS/DeskBreak"
    assert login_command(platform="darwin", executable=app, frozen=True) == [app]


def test_the_default_command_runs_this_installation() -> None:
    command = login_command()
    assert command in ([sys.executable, "-m", "deskbreak"], [command[0]])
    if len(command) == 1:
        assert Path(command[0]).name == "deskbreak"
        assert os.access(command[0], os.X_OK)


# -- deskbreak autostart -------------------------------------------------------------------------


@pytest.fixture
def fenced_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME and XDG_CONFIG_HOME that --basedir must leave untouched."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG entry")
def test_the_command_under_basedir(
    tmp_path: Path, fenced_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    basedir = tmp_path / "base dir"
    entry = basedir / "config" / "autostart" / f"{APP_ID}.desktop"

    assert main(["--basedir", str(basedir), "autostart"]) == 0
    assert capsys.readouterr().out == (
        "Autostart is off (turn it on with `deskbreak autostart on`).\n"
    )

    assert main(["--basedir", str(basedir), "autostart", "on"]) == 0
    assert capsys.readouterr().out == f"Autostart on: deskbreak starts when you log in ({entry}).\n"
    arguments = exec_arguments(read_desktop_entry(entry)["Exec"])
    assert arguments == [*login_command(), "--basedir", str(basedir)]
    validate_desktop_file(entry)

    assert main(["--basedir", str(basedir), "autostart", "status"]) == 0
    assert capsys.readouterr().out == f"Autostart is on ({entry}).\n"

    assert main(["--basedir", str(basedir), "autostart", "off"]) == 0
    assert capsys.readouterr().out == (
        f"Autostart off: deskbreak does not start when you log in ({entry}).\n"
    )
    assert not entry.exists()
    assert list(fenced_home.iterdir()) == []


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG entry")
def test_the_command_says_why_it_cannot_write(
    tmp_path: Path, fenced_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file where the folder should be: fails for root too, unlike a read-only folder.
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "autostart").write_text("in the way")
    assert main(["--basedir", str(tmp_path), "autostart", "on"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("deskbreak autostart: ")
    assert str(tmp_path / "config" / "autostart") in captured.err


def test_the_command_explains_itself(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["autostart", "--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "usage: deskbreak autostart [-h] [on|off|status]" in text
    assert "off until you turn it on" in text


def test_a_bad_switch_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["autostart", "maybe"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'maybe'" in capsys.readouterr().err


# -- the packaged launcher entry and AppStream data ----------------------------------------------


def test_the_launcher_entry() -> None:
    entry = read_desktop_entry(LAUNCHER)
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "deskbreak"
    assert entry["Icon"] == APP_ID
    # The autostart entry shows the same name and icon in the desktop's startup settings.
    autostart = autostart_entry(["deskbreak"])
    assert f"Name={entry['Name']}\n" in autostart
    assert f"Icon={entry['Icon']}\n" in autostart
    validate_desktop_file(LAUNCHER)


def test_the_appstream_data() -> None:
    component = ElementTree.parse(METAINFO).getroot()
    assert component.tag == "component"
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == LAUNCHER.name
    assert component.findtext("provides/binary") == "deskbreak"
    assert component.findtext("name") == read_desktop_entry(LAUNCHER)["Name"]
    release = component.find("releases/release")
    assert release is not None
    assert release.get("version") == __version__
    validator = shutil.which("appstreamcli")
    if validator is not None:
        result = subprocess.run(
            [validator, "validate", "--no-net", str(METAINFO)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
