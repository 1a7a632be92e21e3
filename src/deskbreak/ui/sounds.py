"""The routine player's sound cues: a tick per rep, chimes for a hold's end, a side switch, a done.

Played by QtMultimedia where PySide6-Addons is installed, else by the platform's own player.
"""

from __future__ import annotations

import enum
import importlib
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QProcess, QUrl

from deskbreak.assets import asset_path

VOLUME = 0.7
"""QSoundEffect's volume, 0..1: the files are already quiet, cues should not startle."""

# Players that ship with the desktop and play a WAV file given as the last argument, most
# likely first. Each call is one short process that exits when the sound ends.
LINUX_PLAYERS = (("pw-play",), ("paplay",), ("aplay", "-q"))
MACOS_PLAYERS = (("afplay",),)


class Cue(enum.Enum):
    """A moment the player marks with a sound; the value names its file in assets/sounds/."""

    REP = "rep"
    HOLD_END = "hold-end"
    SIDE_SWITCH = "side-switch"
    EXERCISE_DONE = "exercise-done"

    @property
    def asset(self) -> str:
        return f"sounds/{self.value}.wav"


class SoundCues(Protocol):
    """What the player needs from its sounds: ``play`` a cue, and a mute switch."""

    muted: bool

    def play(self, cue: Cue) -> None: ...


class _Backend(Protocol):
    name: str

    def play(self, cue: Cue) -> None: ...


class Sounds:
    """Plays cues, choosing how on first use, so a tray that never opens the player loads nothing.

    ``backend`` names what plays them: ``"QSoundEffect"`` (PySide6-Addons' QtMultimedia),
    ``"winsound"``, a command such as ``"paplay"``, or ``"none"``: PySide6-Essentials has no
    QtMultimedia, and a system bell on every rep would be worse than silence.
    ``which`` and ``launch`` find and start a command player (tests replace them).
    """

    def __init__(
        self,
        *,
        muted: bool = False,
        which: Callable[[str], str | None] = shutil.which,
        launch: Callable[[str, Sequence[str]], object] | None = None,
        platform: str = sys.platform,
    ) -> None:
        self.muted = muted
        self._which = which
        self._launch = launch if launch is not None else _start_detached
        self._platform = platform
        self._backend: _Backend | None = None

    @property
    def available(self) -> bool:
        """Whether cues make a sound here (muted or not)."""
        return self._chosen().name != "none"

    @property
    def backend(self) -> str:
        return self._chosen().name

    def play(self, cue: Cue) -> None:
        if not self.muted:
            self._chosen().play(cue)

    def _chosen(self) -> _Backend:
        if self._backend is None:
            self._backend = (
                _QtBackend.load()
                or _WindowsBackend.load(self._platform)
                or _CommandBackend.find(self._platform, self._which, self._launch)
                or _Silence()
            )
        return self._backend


class _QtBackend:
    name = "QSoundEffect"

    def __init__(self, effect_type: Any) -> None:
        # One loaded effect per cue: QSoundEffect decodes its file once and then plays from
        # memory with low latency, which a tick that marks a rep needs.
        self._effects: dict[Cue, Any] = {}
        for cue in Cue:
            effect = effect_type()
            effect.setSource(QUrl.fromLocalFile(str(asset_path(cue.asset))))
            effect.setVolume(VOLUME)
            self._effects[cue] = effect

    @classmethod
    def load(cls) -> _QtBackend | None:
        try:
            # Imported by name: mypy and PySide6-Essentials both lack the module.
            multimedia = importlib.import_module("PySide6.QtMultimedia")
        except ImportError:
            return None
        return cls(multimedia.QSoundEffect)

    def play(self, cue: Cue) -> None:
        self._effects[cue].play()


class _WindowsBackend:
    name = "winsound"

    @classmethod
    def load(cls, platform: str) -> _WindowsBackend | None:
        return cls() if platform == "win32" else None

    def play(self, cue: Cue) -> None:
        if sys.platform == "win32":
            import winsound  # noqa: PLC0415 - exists on Windows only

            flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
            winsound.PlaySound(str(asset_path(cue.asset)), flags)


class _CommandBackend:
    def __init__(
        self, command: Sequence[str], launch: Callable[[str, Sequence[str]], object]
    ) -> None:
        self.name = Path(command[0]).name
        self._command = tuple(command)
        self._launch = launch

    @classmethod
    def find(
        cls,
        platform: str,
        which: Callable[[str], str | None],
        launch: Callable[[str, Sequence[str]], object],
    ) -> _CommandBackend | None:
        players = MACOS_PLAYERS if platform == "darwin" else LINUX_PLAYERS
        if platform == "win32":
            return None
        for program, *arguments in players:
            found = which(program)
            if found:
                return cls((found, *arguments), launch)
        return None

    def play(self, cue: Cue) -> None:
        program, *arguments = self._command
        self._launch(program, [*arguments, str(asset_path(cue.asset))])


class _Silence:
    name = "none"

    def play(self, cue: Cue) -> None:
        del cue


def _start_detached(program: str, arguments: Sequence[str]) -> object:
    # Detached: the process reaps itself, and nothing waits on a sound.
    return QProcess.startDetached(program, list(arguments))
