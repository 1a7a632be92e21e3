"""Durations as people write them: read, written back, and told in friendly words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskbreak.domain.durations import (
    DurationError,
    format_duration,
    human_duration,
    parse_duration,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45m", 2700.0),
        ("1h30m", 5400.0),
        ("20s", 20.0),
        ("0s", 0.0),
        ("1h05m10s", 3910.0),
        ("2h", 7200.0),
        ("90s", 90.0),  # a unit may exceed the next one's range
        ("1.5h", 5400.0),
        ("0.5s", 0.5),
        ("  1h 30m  ", 5400.0),  # spaces around and between parts are fine
    ],
)
def test_a_duration_is_read_as_seconds(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_an_empty_text_says_a_duration_was_expected() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("   ")
    assert str(caught.value) == "expected a duration such as 45m, 1h30m or 20s, got an empty text"


@pytest.mark.parametrize(
    "text",
    ["45", "m", "45 minutes", "45min", "1h30", "-5m", "+5m", "5m!", "1.5.5m", "1e3s", "h1"],
)
def test_text_that_is_not_a_duration_is_refused_and_quoted(text: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert str(caught.value) == f"expected a duration such as 45m, 1h30m or 20s, got {text!r}"


@pytest.mark.parametrize("text", ["30m1h", "1m1m", "5s2m", "1h1h"])
def test_units_must_come_in_the_order_h_m_s_each_once(text: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert str(caught.value) == f"expected units in the order h, m, s, each once, got {text!r}"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (-30, "0s"),  # nothing negative is ever written
        (0.4, "0s"),
        (20, "20s"),
        (60, "1m"),
        (2700, "45m"),
        (3600, "1h"),
        (3910, "1h5m10s"),
        (3610, "1h10s"),  # no empty minutes part
        (59.6, "1m"),  # whole seconds, rounded
    ],
)
def test_a_duration_is_written_in_its_shortest_form(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@given(st.floats(min_value=0, max_value=10 * 365 * 86400, allow_nan=False))
def test_a_written_duration_reads_back_as_the_whole_seconds(seconds: float) -> None:
    assert parse_duration(format_duration(seconds)) == round(seconds)


@given(st.integers(min_value=1, max_value=10 * 365 * 86400))
def test_a_written_duration_has_no_empty_or_overflowing_part(seconds: int) -> None:
    written = format_duration(seconds)
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", written)
    assert parts is not None
    hours, minutes, secs = (int(part) if part else None for part in parts.groups())
    assert hours is None or hours > 0
    assert minutes is None or 0 < minutes < 60
    assert secs is None or 0 < secs < 60


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (-5, "0 s"),
        (30, "30 s"),
        (59.4, "59 s"),
        (59.6, "1 min"),
        (60, "1 min"),
        (45 * 60 + 59, "45 min"),  # minutes are counted down, not rounded
        (3600, "1 h"),
        (7 * 3600 + 10 * 60, "7 h 10 min"),
        (7 * 3600 + 30, "7 h"),
    ],
)
def test_a_duration_is_told_in_friendly_words(seconds: float, text: str) -> None:
    assert human_duration(seconds) == text
