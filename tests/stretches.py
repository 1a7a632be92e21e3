"""Sitting stretches as the history stores them, for tests that fill a database."""

from __future__ import annotations

from datetime import datetime

from deskbreak.domain.events import BreakReason, StretchEnded


def one_stretch(
    began: datetime, ended: datetime, reason: BreakReason = BreakReason.IDLE
) -> StretchEnded:
    """Sitting without a gap from ``began`` to ``ended`` (UTC), ended for ``reason``."""
    return StretchEnded(
        0.0,
        ended,
        started_utc=began,
        sitting_s=(ended - began).total_seconds(),
        reason=reason,
        segments=((began, ended),),
    )
