"""Durations written the way people write them: ``45m``, ``1h30m``, ``20s``, ``0s``."""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+(?:\.\d+)?)(h|m|s)")
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0}


class DurationError(ValueError):
    """A text that is not a duration such as ``45m``, ``1h30m`` or ``20s``."""


def parse_duration(text: str) -> float:
    """Seconds in ``text``; units h, m, s in that order, each at most once (``1h30m``, ``90s``)."""
    compact = text.strip().replace(" ", "")
    if not compact:
        raise DurationError("expected a duration such as 45m, 1h30m or 20s, got an empty text")
    position = 0
    total = 0.0
    seen: list[str] = []
    for match in _PART.finditer(compact):
        if match.start() != position:
            break
        unit = match.group(2)
        if seen and "hms".index(unit) <= "hms".index(seen[-1]):
            raise DurationError(f"expected units in the order h, m, s, each once, got {text!r}")
        seen.append(unit)
        total += float(match.group(1)) * _UNIT_SECONDS[unit]
        position = match.end()
    if position != len(compact) or not seen:
        raise DurationError(f"expected a duration such as 45m, 1h30m or 20s, got {text!r}")
    return total


def format_duration(seconds: float) -> str:
    """``seconds`` rounded to whole seconds as ``1h5m10s``: no zero parts, m and s below 60."""
    whole = round(seconds)
    if whole <= 0:
        return "0s"
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
        f"{secs}s" if secs else "",
    ]
    return "".join(parts)


def human_duration(seconds: float) -> str:
    """Friendly text for people: ``7 h 10 min``, ``45 min``, ``30 s``."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes = whole // 60
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"
