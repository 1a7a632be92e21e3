"""choose_idle_source: which backends fit which session, and how the first working one wins."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from deskbreak.desktop.idle import (
    KDE_NAME,
    MACOS_NAME,
    MUTTER_NAME,
    WAYLAND_NAME,
    WINDOWS_NAME,
    X11_NAME,
    IdleCandidate,
    IdleSource,
    IdleUnavailable,
    choose_idle_source,
    idle_candidates,
)


class FakeSource:
    def __init__(self, name: str, *, reading: float | None) -> None:
        self.name = name
        self.reading = reading
        self.closed = False

    def idle_seconds(self) -> float:
        if self.reading is None:
            raise IdleUnavailable("reading failed")
        return self.reading

    def watch_active(self, callback: Callable[[], None]) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


def refusing(reason: str) -> Callable[[], IdleSource]:
    def open_() -> IdleSource:
        raise IdleUnavailable(reason)

    return open_


def names(environ: dict[str, str], platform: str = "linux") -> list[str]:
    return [candidate.name for candidate in idle_candidates(environ, platform)]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, [X11_NAME]),
        (
            {"XDG_SESSION_TYPE": "x11", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"},
            [MUTTER_NAME, X11_NAME],
        ),
        ({"XDG_SESSION_TYPE": "x11", "XDG_CURRENT_DESKTOP": "KDE"}, [KDE_NAME, X11_NAME]),
        (
            {"XDG_SESSION_TYPE": "wayland", "XDG_CURRENT_DESKTOP": "GNOME"},
            [MUTTER_NAME, WAYLAND_NAME, X11_NAME],
        ),
        ({"XDG_SESSION_TYPE": "wayland", "XDG_CURRENT_DESKTOP": "KDE"}, [WAYLAND_NAME, X11_NAME]),
        ({"WAYLAND_DISPLAY": "wayland-1", "XDG_CURRENT_DESKTOP": "sway"}, [WAYLAND_NAME, X11_NAME]),
        # startx sessions say "tty"; an X display without WAYLAND_DISPLAY is X11.
        ({"XDG_SESSION_TYPE": "tty", "DISPLAY": ":0"}, [X11_NAME]),
        ({"XDG_SESSION_TYPE": "x11", "WAYLAND_DISPLAY": "wayland-0"}, [X11_NAME]),
        ({}, [X11_NAME]),
    ],
)
def test_candidates_fit_the_session(environ: dict[str, str], expected: list[str]) -> None:
    assert names(environ) == expected


def test_windows_and_macos_have_one_backend_each() -> None:
    assert names({}, "win32") == [WINDOWS_NAME]
    assert names({"DISPLAY": ":0"}, "darwin") == [MACOS_NAME]


def test_x11_is_refused_on_wayland_with_the_reason() -> None:
    environ = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    x11 = [c for c in idle_candidates(environ, "linux") if c.name == X11_NAME]
    choice = choose_idle_source(environ, "linux", candidates=x11)
    assert choice.source is None
    ((name, reason),) = choice.tried
    assert name == X11_NAME
    assert "only sees input to X11 windows" in reason


def test_first_candidate_with_a_reading_wins_and_failures_are_closed() -> None:
    broken_reader = FakeSource("B", reading=None)
    winner = FakeSource("C", reading=12.5)
    never_tried = FakeSource("D", reading=1.0)
    choice = choose_idle_source(
        {},
        "linux",
        candidates=[
            IdleCandidate("A", refusing("libA.so.1 not found: install liba1")),
            IdleCandidate("B", lambda: broken_reader),
            IdleCandidate("C", lambda: winner),
            IdleCandidate("D", lambda: never_tried),
        ],
    )
    assert choice.source is winner
    assert choice.tried == [("A", "libA.so.1 not found: install liba1"), ("B", "reading failed")]
    assert broken_reader.closed
    assert not winner.closed


def test_no_working_candidate_gives_none_and_every_reason() -> None:
    choice = choose_idle_source(
        {},
        "linux",
        candidates=[IdleCandidate("A", refusing("a")), IdleCandidate("B", refusing("b"))],
    )
    assert choice.source is None
    assert choice.tried == [("A", "a"), ("B", "b")]


@pytest.mark.parametrize(
    ("environ", "fragment"),
    [
        ({}, "DISPLAY is not set"),
        ({"XDG_CURRENT_DESKTOP": "GNOME", "XDG_SESSION_TYPE": "x11"}, "no D-Bus session bus"),
        (
            {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"},
            "XDG_RUNTIME_DIR is not set",
        ),
    ],
)
def test_missing_environment_is_explained(environ: dict[str, str], fragment: str) -> None:
    choice = choose_idle_source(environ, "linux")
    assert choice.source is None
    assert fragment in choice.tried[0][1]


@pytest.mark.skipif(sys.platform == "win32", reason="checks the refusal on other systems")
def test_windows_backend_is_refused_elsewhere() -> None:
    choice = choose_idle_source({}, "win32")
    assert choice.source is None
    assert choice.tried == [(WINDOWS_NAME, "GetLastInputInfo exists only on Windows")]
