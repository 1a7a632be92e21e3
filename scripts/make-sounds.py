#!/usr/bin/env python3
"""Writes the player's sound cues to assets/sounds/ as small mono WAV files.

Soft sine tones with a quick attack and a bell-like decay; run it again after changing a cue.
"""

from __future__ import annotations

import math
import struct
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 22050
"""Samples a second: plenty for tones below 2 kHz, and half the bytes of CD rate."""
PEAK = 0.42
"""Loudest sample as a share of full scale: cues sit under whatever else is playing."""


@dataclass(frozen=True)
class Note:
    """One tone: ``start`` and ``length`` in seconds, ``decay`` the time to fall to about 37 %."""

    frequency: float
    start: float
    length: float
    decay: float
    level: float = 1.0


# Partials of a soft bell: the fundamental, a quiet octave and a quieter twelfth.
PARTIALS = ((1.0, 1.0), (2.0, 0.18), (3.0, 0.05))
ATTACK_S = 0.006
"""A few milliseconds of fade-in: long enough to avoid a click, short enough to sound struck."""

C5, E5, G5, A5, C6 = 523.25, 659.26, 783.99, 880.0, 1046.5

CUES = {
    # One short, high, quiet tap per rep: heard every few seconds, so it must not nag.
    "rep": [Note(1318.5, 0.0, 0.09, 0.022, 0.55)],
    # A falling pair: let go.
    "hold-end": [Note(A5, 0.0, 0.45, 0.16), Note(E5, 0.14, 0.6, 0.22)],
    # A rising pair: the other side now.
    "side-switch": [Note(E5, 0.0, 0.35, 0.12), Note(A5, 0.12, 0.5, 0.18)],
    # A gentle major arpeggio that rings out: this exercise is done.
    "exercise-done": [
        Note(C5, 0.0, 0.7, 0.25, 0.85),
        Note(E5, 0.13, 0.7, 0.25, 0.85),
        Note(G5, 0.26, 1.0, 0.35, 0.9),
        Note(C6, 0.26, 1.0, 0.3, 0.25),
    ],
}


def render(notes: list[Note]) -> list[float]:
    """The notes mixed into samples in -1..1, normalised to PEAK."""
    length = max(note.start + note.length for note in notes)
    samples = [0.0] * round(length * RATE)
    for note in notes:
        first = round(note.start * RATE)
        count = round(note.length * RATE)
        for index in range(count):
            t = index / RATE
            envelope = min(1.0, t / ATTACK_S) * math.exp(-t / note.decay)
            # The last 20 ms fade to zero so a cut tail never clicks.
            envelope *= min(1.0, (note.length - t) / 0.02)
            value = sum(
                weight * math.sin(2 * math.pi * note.frequency * multiple * t)
                for multiple, weight in PARTIALS
            )
            samples[first + index] += note.level * envelope * value
    loudest = max(abs(sample) for sample in samples)
    return [sample * PEAK / loudest for sample in samples]


def write(path: Path, samples: list[float]) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", round(s * 32767)) for s in samples))


def main() -> None:
    folder = Path(__file__).resolve().parents[1] / "assets" / "sounds"
    folder.mkdir(parents=True, exist_ok=True)
    for name, notes in CUES.items():
        path = folder / f"{name}.wav"
        write(path, render(notes))
        print(f"{path.relative_to(folder.parents[1])}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
