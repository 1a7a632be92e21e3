"""What the windows tell screen readers: spoken announcements and times said in words.

Announcements cost nothing while no assistive technology listens.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent


def announce(source: QObject, message: str, *, interrupt: bool = False) -> None:
    """Have a screen reader say ``message`` about ``source``: after what it is saying now,
    or at once with ``interrupt`` (for what the user must act on)."""
    if not message or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(source, message)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if interrupt
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)


_SECONDS = re.compile(r"\b(\d+(?:\.\d+)?) s\b")


def spoken_text(text: str) -> str:
    """A short text as shown ("10 × 3 s squeeze · about 50 s") in the words a screen reader
    should say ("10 times 3 seconds squeeze, about 50 seconds")."""

    def seconds(match: re.Match[str]) -> str:
        number = match.group(1)
        return f"{number} second" + ("" if number == "1" else "s")

    return _SECONDS.sub(seconds, text.replace(" × ", " times ").replace(" · ", ", "))


def spoken_seconds(seconds: float) -> str:
    """A time left in words, rounded up to whole seconds: "1 minute 5 seconds", "30 seconds"."""
    whole = max(0, math.ceil(seconds - 1e-9))
    minutes, rest = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute" + ("" if minutes == 1 else "s"))
    if rest or not minutes:
        parts.append(f"{rest} second" + ("" if rest == 1 else "s"))
    return " ".join(parts)
