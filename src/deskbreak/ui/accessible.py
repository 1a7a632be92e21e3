"""What the windows tell screen readers: spoken announcements and times said in words.

Announcements cost nothing while no assistive technology listens.
"""

from __future__ import annotations

import math

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
