"""Checks any window can run for keyboard and screen reader use: names, the Tab chain, menus.

``assert_accessible(window)`` fails with every problem it finds, each naming the widget;
``tab_chain(qtbot, window)`` presses Tab round the window and returns the controls it reached.
"""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QMenu, QWidget
from pytestqt.qtbot import QtBot

WORD = re.compile(r"[^\W\d_]{2,}")
"""A name must have a word in it: "5" or "›" alone says nothing read out of context."""


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader reads for ``widget``: its accessibleName, else what Qt derives
    (a button's text, a field's label buddy)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None, describe(widget)
    return interface.text(QAccessible.Text.Name).strip()


def describe(widget: QWidget) -> str:
    """A widget as a failure message names it: class and object name."""
    return f"{type(widget).__name__} {widget.objectName()!r}"


def controls(window: QWidget) -> list[QWidget]:
    """The controls of ``window`` a user can reach with Tab now: shown, enabled, taking focus
    from the keyboard."""
    return [
        widget
        for widget in window.findChildren(QWidget)
        if widget.isVisibleTo(window)
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]


def accessibility_problems(window: QWidget) -> list[str]:
    """Everything that keeps ``window`` from working with a screen reader, one line each."""
    problems: list[str] = []
    if not (window.windowTitle().strip() or window.accessibleName().strip()):
        problems.append(f"{describe(window)} has neither a window title nor an accessible name")
    by_parent: defaultdict[QWidget | None, list[tuple[str, QWidget]]] = defaultdict(list)
    for control in controls(window):
        name = accessible_name(control)
        if not name:
            problems.append(f"{describe(control)} has no accessible name")
            continue
        if not WORD.search(name):
            problems.append(f"{describe(control)} is named {name!r}: no word to read")
        if isinstance(control, QAbstractButton) and not control.text() and not control.toolTip():
            problems.append(f"{describe(control)} shows only an icon and has no tooltip")
        by_parent[control.parentWidget()].append((name.casefold(), control))
    for siblings in by_parent.values():
        seen: dict[str, QWidget] = {}
        for name, control in siblings:
            if name in seen:
                problems.append(
                    f"{describe(seen[name])} and {describe(control)} share the name {name!r}"
                )
            seen[name] = control
    return problems


def assert_accessible(window: QWidget) -> None:
    """``window`` has a title, and every control it shows has a name a screen reader can read
    alone, unique among its siblings; icon-only buttons have a tooltip too."""
    problems = accessibility_problems(window)
    assert not problems, "\n".join(problems)


def tab_chain(qtbot: QtBot, window: QWidget, *, limit: int = 60) -> list[QWidget]:
    """Press Tab from where the focus is until it comes round again; the controls it reached,
    in order, starting with the first one after the current focus."""
    reached: list[QWidget] = []
    for _ in range(limit):
        target = window.focusWidget() or window
        qtbot.keyClick(target, Qt.Key.Key_Tab)
        focused = window.focusWidget()
        assert focused is not None, f"Tab left {describe(window)} without a focus"
        if reached and focused is reached[0]:
            return reached
        if focused is not window:
            reached.append(focused)
    raise AssertionError(
        f"Tab did not come round in {limit} presses: {[describe(w) for w in reached]}"
    )


def mnemonic_problems(menu: QMenu) -> list[str]:
    """Entries of ``menu`` (and its submenus) without an access key ("&P"), or sharing one."""
    problems: list[str] = []
    keys: dict[str, str] = {}
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        text = action.text()
        plain = text.replace("&&", "")
        if not action.isEnabled() and action.menu() is None and "&" not in plain:
            continue  # a status line: read, never chosen
        match = re.search(r"&(\w)", plain)
        if match is None:
            problems.append(f"{menu.objectName()}: {text!r} has no access key")
        else:
            key = match.group(1).casefold()
            if key in keys:
                problems.append(f"{menu.objectName()}: {text!r} and {keys[key]!r} share &{key}")
            keys[key] = text
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            problems.extend(mnemonic_problems(submenu))
    return problems
