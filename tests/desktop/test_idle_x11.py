"""The X11 backend for real, on Xvfb, with xdotool as the user; and its failures explained."""

from __future__ import annotations

import ctypes
import ctypes.util
import time
from typing import Any

import pytest

from deskbreak.desktop.idle import IdleUnavailable
from deskbreak.desktop.idle_x11 import X11IdleSource

# Real X server tests carry the e2e mark (they need Xvfb); the failure tests below do not.


@pytest.mark.e2e
def test_idle_grows_without_input_and_resets_on_input(x_display: Any) -> None:
    source = X11IdleSource(x_display.display)
    try:
        # xdotool connects first (on Xvfb every new client resets the counter), then waits,
        # then moves the pointer: only the move can reset the counter after the wait.
        mover = x_display.spawn(
            "xdotool-mover", ["xdotool", "sleep", "2.5", "mousemove", "40", "60"]
        )
        time.sleep(2.0)
        before = source.idle_seconds()
        mover.process.wait(timeout=10)
        after = source.idle_seconds()
    finally:
        source.close()
    assert before >= 1.0  # less than 2 s: starting xdotool took part of it
    assert after < 0.5
    assert source.watch_active(lambda: None) is False


@pytest.mark.e2e
def test_keys_reset_idle_too(x_display: Any) -> None:
    source = X11IdleSource(x_display.display)
    try:
        typist = x_display.spawn("xdotool-typist", ["xdotool", "sleep", "2.5", "key", "shift"])
        time.sleep(2.0)
        assert source.idle_seconds() >= 1.0
        typist.process.wait(timeout=10)
        assert source.idle_seconds() < 0.5
    finally:
        source.close()


@pytest.mark.e2e
def test_closed_source_says_so(x_display: Any) -> None:
    source = X11IdleSource(x_display.display)
    source.close()
    with pytest.raises(IdleUnavailable, match="closed"):
        source.idle_seconds()
    source.close()


def test_no_x_server_is_explained() -> None:
    with pytest.raises(IdleUnavailable, match="cannot open X display"):
        X11IdleSource(":4711")


def test_missing_libxss_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    real_cdll = ctypes.CDLL

    def cdll(name: str, *args: Any, **kwargs: Any) -> ctypes.CDLL:
        if "Xss" in name:
            raise OSError(f"{name}: cannot open shared object file")
        return real_cdll(name, *args, **kwargs)

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    with pytest.raises(IdleUnavailable, match=r"libXss\.so\.1 not found: install libxss1"):
        X11IdleSource(":0")
