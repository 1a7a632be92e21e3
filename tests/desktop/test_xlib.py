"""Loading the X11 client libraries: the Linux soname, the linker's cache, a clear failure."""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

import pytest

from deskbreak.desktop.xlib import LibraryLoadError, load_library


def test_the_linux_soname_loads() -> None:
    xlib = load_library("libX11.so.6", "X11")
    assert hasattr(xlib, "XOpenDisplay")


def test_another_soname_is_found_through_the_linker_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def find(name: str) -> str | None:
        asked.append(name)
        return "libX11.so.6"

    monkeypatch.setattr(ctypes.util, "find_library", find)
    xlib = load_library("libX11.so.99", "X11")
    assert asked == ["X11"]
    assert hasattr(xlib, "XOpenDisplay")


def test_a_missing_library_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    with pytest.raises(LibraryLoadError, match=r"^libNothing\.so\.1 not found$"):
        load_library("libNothing.so.1", "Nothing")


def test_a_library_found_but_not_loadable_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    real_cdll = ctypes.CDLL

    def cdll(name: str, *args: Any, **kwargs: Any) -> ctypes.CDLL:
        if name == "/broken/libX11.so":
            raise OSError("invalid ELF header")
        return real_cdll(name, *args, **kwargs)

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: "/broken/libX11.so")
    with pytest.raises(LibraryLoadError, match=r"/broken/libX11\.so cannot be loaded \(invalid"):
        load_library("libNothing.so.1", "X11")
