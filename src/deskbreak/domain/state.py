"""What the user is doing, on its own: the tray needs only this to draw its first icon.

:mod:`deskbreak.domain.events` re-exports it; this module stays light so that start-up can
show the icon before the event classes are built.
"""

from __future__ import annotations

import enum


class State(enum.Enum):
    """What the user is doing, as far as the tracker knows."""

    AWAY = "away"  # no stretch running: before the first input, or on a break
    SITTING = "sitting"
    STANDING = "standing"
