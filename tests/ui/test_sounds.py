"""The player's sound cues: the files, the choice of player, mute."""

from __future__ import annotations

import importlib.util
import wave
from collections.abc import Callable, Sequence

import pytest

from deskbreak.assets import asset_path
from deskbreak.ui.sounds import Cue, Sounds

HAS_QT_MULTIMEDIA = importlib.util.find_spec("PySide6.QtMultimedia") is not None
needs_no_qt_multimedia = pytest.mark.skipif(
    HAS_QT_MULTIMEDIA, reason="QtMultimedia is installed and always wins"
)


class Launches:
    def __init__(self) -> None:
        self.calls: list[tuple[str, list[str]]] = []

    def __call__(self, program: str, arguments: Sequence[str]) -> bool:
        self.calls.append((program, list(arguments)))
        return True


def on_path(*names: str) -> Callable[[str], str | None]:
    return lambda name: f"/usr/bin/{name}" if name in names else None


@pytest.mark.parametrize("cue", list(Cue))
def test_every_cue_is_a_short_quiet_mono_wav(cue: Cue) -> None:
    with wave.open(str(asset_path(cue.asset)), "rb") as sound:
        assert sound.getnchannels() == 1
        assert sound.getsampwidth() == 2
        seconds = sound.getnframes() / sound.getframerate()
        frames = sound.readframes(sound.getnframes())
    assert 0.05 < seconds < 1.5
    samples = memoryview(frames).cast("h")
    assert max(abs(sample) for sample in samples) < 0.5 * 32768


@needs_no_qt_multimedia
def test_a_desktop_player_plays_the_cue_file() -> None:
    launches = Launches()
    sounds = Sounds(which=on_path("paplay", "aplay"), launch=launches, platform="linux")
    assert sounds.available
    assert sounds.backend == "paplay"
    sounds.play(Cue.SIDE_SWITCH)
    assert launches.calls == [("/usr/bin/paplay", [str(asset_path("sounds/side-switch.wav"))])]


@needs_no_qt_multimedia
def test_aplay_is_told_to_be_quiet() -> None:
    launches = Launches()
    sounds = Sounds(which=on_path("aplay"), launch=launches, platform="linux")
    sounds.play(Cue.REP)
    assert launches.calls == [("/usr/bin/aplay", ["-q", str(asset_path("sounds/rep.wav"))])]


@needs_no_qt_multimedia
def test_muted_plays_nothing_until_unmuted() -> None:
    launches = Launches()
    sounds = Sounds(muted=True, which=on_path("afplay"), launch=launches, platform="darwin")
    sounds.play(Cue.EXERCISE_DONE)
    assert launches.calls == []
    sounds.muted = False
    sounds.play(Cue.EXERCISE_DONE)
    assert [program for program, _ in launches.calls] == ["/usr/bin/afplay"]


@needs_no_qt_multimedia
def test_without_any_player_it_is_silent_and_says_so() -> None:
    launches = Launches()
    sounds = Sounds(which=on_path(), launch=launches, platform="linux")
    assert not sounds.available
    assert sounds.backend == "none"
    sounds.play(Cue.REP)
    assert launches.calls == []


@needs_no_qt_multimedia
def test_windows_uses_winsound() -> None:
    assert Sounds(platform="win32").backend == "winsound"


def test_nothing_is_chosen_before_it_is_needed() -> None:
    asked: list[str] = []

    def which(name: str) -> str | None:
        asked.append(name)
        return None

    Sounds(which=which, platform="linux")
    assert asked == []
