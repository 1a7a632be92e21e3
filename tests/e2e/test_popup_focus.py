"""The break popup on a real X display never takes the keyboard from someone who is typing.

One program holds the X input focus in a line edit while xdotool types into it, Return and
Escape included; a second program offers the popup meanwhile. Every character must land in the
line edit and no popup signal may fire. A click into the popup then lets Enter start it.

This desktop has no window manager, so the X focus moves only if a program sets it: the typing
test proves the popup's program never does. What a window manager would go by is checked on the
popup's window itself: WM_HINTS says it takes no input and _NET_WM_USER_TIME 0 asks not to be
focused when it appears (EWMH), until a click into it.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from session import DesktopSession, Helper, require, wait_until

TYPIST = """\
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit


class Field(QLineEdit):
    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            print("key return", flush=True)
        elif event.key() == Qt.Key.Key_Escape:
            print("key escape", flush=True)
        super().keyPressEvent(event)


app = QApplication(sys.argv)
field = Field()
field.setWindowTitle("typist")
field.setGeometry(60, 80, 640, 44)
field.textChanged.connect(lambda text: print("text " + text, flush=True))
field.show()
QTimer.singleShot(300, lambda: print(f"ready {int(field.winId())}", flush=True))
app.exec()
"""

POPUP_HOST = """\
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import load_exercises
from deskbreak.ui.popup import BreakPopup

app = QApplication(sys.argv)
catalog = load_exercises(read_asset_text("exercises.toml"), "exercises.toml")
popup = BreakPopup()
for name in ("started", "skipped", "finished"):
    getattr(popup, name).connect(lambda name=name: print("signal " + name, flush=True))
popup.snoozed.connect(lambda seconds: print(f"signal snoozed {seconds:g}", flush=True))


def shown():
    box = popup.frameGeometry()
    print(f"shown {int(popup.winId())} {box.x()} {box.y()} {box.width()} {box.height()}",
          flush=True)


popup.offer(catalog[sys.argv[1]])
QTimer.singleShot(500, shown)
app.exec()
"""

TYPING_DELAY_MS = "12"


def lines(helper: Helper, prefix: str) -> list[str]:
    """What ``helper`` printed after ``prefix`` on each of its lines that start with it."""
    return [
        line[len(prefix) :] for line in helper.log_text().splitlines() if line.startswith(prefix)
    ]


def last_text(helper: Helper) -> str:
    texts = lines(helper, "text ")
    return texts[-1] if texts else ""


Launch = Callable[..., Helper]


@pytest.fixture
def launch(desktop: DesktopSession, tmp_path: Path) -> Iterator[Launch]:
    """Starts a small Qt program on the desktop; each is stopped when the test ends, so the
    shared desktop is left as it was found."""
    started: list[Helper] = []

    def start(name: str, script: str, *args: str) -> Helper:
        path = tmp_path / f"{name}.py"
        path.write_text(script, encoding="utf-8")
        helper = desktop.spawn(name, [sys.executable, str(path), *args])
        started.append(helper)
        return helper

    yield start
    for helper in reversed(started):
        helper.stop()


def wait_for_line(helper: Helper, prefix: str, *, timeout: float = 20) -> str:
    def printed() -> bool:
        if not helper.running():
            raise RuntimeError(f"{helper.name} exited:\n{helper.log_text()}")
        return bool(lines(helper, prefix))

    wait_until(printed, timeout=timeout, what=f"{helper.name} to print {prefix.strip()!r}")
    return lines(helper, prefix)[0]


def focused_window(desk: DesktopSession) -> str:
    return desk.xdotool("getwindowfocus").stdout.strip()


def accepts_input(desk: DesktopSession, window: str) -> bool:
    """The input field of the window's WM_HINTS (ICCCM): may a window manager focus it?"""
    hints = desk.run([require("xprop", "x11-utils"), "-id", window, "WM_HINTS"], check=True)
    found = re.search(r"accepts input or input focus: (True|False)", hints.stdout)
    assert found, hints.stdout
    return found.group(1) == "True"


def window_property(desk: DesktopSession, window: str, name: str) -> str:
    result = desk.run([require("xprop", "x11-utils"), "-id", window, name], check=True)
    return result.stdout.strip()


class Typist:
    """Types words, Return and Escape into whatever has the X focus until stopped."""

    WORDS = ("sitting ", "all ", "day ", "then ", "running ", "at ", "night ")

    def __init__(self, desk: DesktopSession) -> None:
        self._desk = desk
        self.typed = ""
        self.returns = 0
        self.escapes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def type(self, text: str) -> None:
        self._desk.xdotool("type", "--delay", TYPING_DELAY_MS, text)
        self.typed += text

    def key(self, name: str) -> None:
        self._desk.xdotool("key", name)
        if name == "Return":
            self.returns += 1
        else:
            self.escapes += 1

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        turn = 0
        while not self._stop.is_set():
            self.type(self.WORDS[turn % len(self.WORDS)])
            if turn % 3 == 1:
                self.key("Return")
            elif turn % 3 == 2:
                self.key("Escape")
            turn += 1


@pytest.fixture
def typist_window(desktop: DesktopSession, launch: Launch) -> tuple[Helper, str]:
    """The line edit program, holding the X input focus: (its process, its window id)."""
    typist = launch("typist", TYPIST)
    window = wait_for_line(typist, "ready ")
    # No window manager here: set the X input focus directly, and check it is there.
    desktop.xdotool("windowfocus", "--sync", window)
    wait_until(
        lambda: focused_window(desktop) == window, timeout=10, what="the line edit to have focus"
    )
    return typist, window


def test_typing_goes_on_while_the_popup_appears(
    desktop: DesktopSession,
    typist_window: tuple[Helper, str],
    launch: Launch,
    artifacts: Path,
) -> None:
    typist, window = typist_window
    keys = Typist(desktop)
    keys.type("before ")
    wait_until(lambda: last_text(typist) == "before ", timeout=10, what="the first words")

    keys.start()  # typing goes on, without a pause, while the popup starts and shows
    popup = launch("popup", POPUP_HOST, "standing-glute-squeeze")
    try:
        shown = wait_for_line(popup, "shown ")
        popup_window, x, y, width, _ = shown.split()
        # The pointer over the popup must not matter either.
        desktop.xdotool("mousemove", str(int(x) + int(width) // 2), str(int(y) + 60))
        returns_before = keys.returns
        wait_until(
            lambda: keys.returns >= returns_before + 3, timeout=30, what="more words after it"
        )
    finally:
        keys.stop()
    keys.type("after")
    keys.key("Return")
    keys.key("Escape")

    wait_until(
        lambda: last_text(typist) == keys.typed,
        timeout=15,
        what="the line edit to hold everything typed",
    )
    desktop.screenshot(artifacts / "popup-focus.png")
    assert lines(typist, "key return") == [""] * keys.returns
    assert lines(typist, "key escape") == [""] * keys.escapes
    assert focused_window(desktop) == window
    assert focused_window(desktop) != popup_window
    assert popup.running(), popup.log_text()
    assert lines(popup, "signal ") == []
    # What a window manager reads: take no input, do not focus on map, stay above.
    assert not accepts_input(desktop, popup_window)
    assert window_property(desktop, popup_window, "_NET_WM_USER_TIME").endswith("= 0")
    assert "_NET_WM_STATE_ABOVE" in window_property(desktop, popup_window, "_NET_WM_STATE")


def test_a_click_into_the_popup_lets_enter_start_it(
    desktop: DesktopSession,
    typist_window: tuple[Helper, str],
    launch: Launch,
    artifacts: Path,
) -> None:
    typist, window = typist_window
    popup = launch("popup", POPUP_HOST, "bodyweight-squat")
    shown = wait_for_line(popup, "shown ")
    popup_window, x, y, width, _ = shown.split()
    desktop.xdotool("key", "Return")  # still the line edit's
    wait_until(lambda: bool(lines(typist, "key return")), timeout=10, what="Return in the editor")
    assert lines(popup, "signal ") == []

    # On the exercise's name: a click on the card, not on a button.
    desktop.xdotool("mousemove", str(int(x) + int(width) // 2), str(int(y) + 60))
    assert not accepts_input(desktop, popup_window)
    desktop.xdotool("click", "1")
    wait_until(
        lambda: focused_window(desktop) == popup_window,
        timeout=10,
        what="the popup to take the focus after a click",
    )
    assert accepts_input(desktop, popup_window)
    desktop.xdotool("key", "Return")
    wait_until(lambda: lines(popup, "signal ") == ["started"], timeout=10, what="Enter to start it")
    desktop.screenshot(artifacts / "popup-timer-on-screen.png")
    desktop.xdotool("key", "Escape")
    wait_until(
        lambda: lines(popup, "signal ") == ["started", "finished"],
        timeout=10,
        what="Escape to close the timer",
    )
    assert window != popup_window
