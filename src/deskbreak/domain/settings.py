"""The one settings schema: every option's type, default, bounds, unit and description.

The settings file, ``deskbreak validate``, ``simulate --set`` and the settings dialog all
read this table; nothing else declares an option.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from deskbreak.domain.durations import DurationError, format_duration, parse_duration

SCHEMA_VERSION = 1


class Kind(enum.Enum):
    """How an option's value is written and read."""

    DURATION = "duration"  # written "45m", held as float seconds
    TIME_OF_DAY = "time"  # written "04:00", held as datetime.time
    BOOL = "bool"
    INT = "int"
    CHOICE = "choice"  # one of Option.choices, held as str
    WEEKDAYS = "weekdays"  # written ["mon", "wed"], held as tuple of weekday numbers 0..6


WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class SettingError(ValueError):
    """A value that does not fit its option; the text says what was expected."""


@dataclass(frozen=True)
class Option:
    """One setting. ``minimum``/``maximum`` are in the held form (seconds for durations)."""

    key: str
    kind: Kind
    default: Any
    description: str
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    label: str = ""  # the option's name for people, as a settings window shows it

    @property
    def group(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def title(self) -> str:
        """The label, or the key's last part in words (``mini_band`` → "Mini band")."""
        return self.label or self.key.rsplit(".", 1)[-1].replace("_", " ").capitalize()

    def expected(self) -> str:
        """What a valid value looks like, for error messages."""
        if self.kind is Kind.DURATION:
            bounds = self._bounds(format_duration)
            return f"a duration{bounds} such as {format_duration(self.default)}"
        if self.kind is Kind.TIME_OF_DAY:
            return "a time of day as HH:MM, such as 04:00"
        if self.kind is Kind.BOOL:
            return "true or false"
        if self.kind is Kind.INT:
            return f"a whole number{self._bounds(lambda bound: f'{bound:g}')}"
        if self.kind is Kind.CHOICE:
            return "one of " + ", ".join(repr(choice) for choice in self.choices)
        return "a list of weekdays from " + ", ".join(WEEKDAY_NAMES)

    def _bounds(self, show: Callable[[float], str]) -> str:
        """The range for :meth:`expected`, naming whichever bounds the option has."""
        if self.minimum is not None and self.maximum is not None:
            return f" from {show(self.minimum)} to {show(self.maximum)}"
        if self.minimum is not None:
            return f" of at least {show(self.minimum)}"
        if self.maximum is not None:
            return f" of at most {show(self.maximum)}"
        return ""

    def parse(self, raw: Any) -> Any:
        """The held value for ``raw`` (as read from TOML or typed by a user) or SettingError."""
        value = self._convert(raw)
        if self.kind in (Kind.DURATION, Kind.INT):
            too_low = self.minimum is not None and value < self.minimum
            too_high = self.maximum is not None and value > self.maximum
            if too_low or too_high:
                # As the user wrote it: written back, 4m59.6s would read 5m, inside the range.
                got = raw.strip() if isinstance(raw, str) else self.write(value)
                raise SettingError(f"expected {self.expected()}, got {got!s}")
        return value

    def _convert(self, raw: Any) -> Any:
        wrong = SettingError(f"expected {self.expected()}, got {raw!r}")
        if self.kind is Kind.DURATION:
            if not isinstance(raw, str):
                raise wrong
            try:
                return parse_duration(raw)
            except DurationError:
                raise wrong from None
        if self.kind is Kind.TIME_OF_DAY:
            if isinstance(raw, time):
                return raw.replace(second=0, microsecond=0)
            if not isinstance(raw, str) or not re.fullmatch(r"\d{1,2}:\d{2}", raw.strip()):
                raise wrong
            hours, minutes = (int(part) for part in raw.strip().split(":"))
            if hours > 23 or minutes > 59:
                raise wrong
            return time(hours, minutes)
        if self.kind is Kind.BOOL:
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.strip().lower() in ("true", "false", "on", "off"):
                return raw.strip().lower() in ("true", "on")
            raise wrong
        if self.kind is Kind.INT:
            if isinstance(raw, bool):
                raise wrong
            if isinstance(raw, int):
                return raw
            if isinstance(raw, str) and re.fullmatch(r"-?\d+", raw.strip()):
                return int(raw.strip())
            raise wrong
        if self.kind is Kind.CHOICE:
            if isinstance(raw, str) and raw in self.choices:
                return raw
            raise wrong
        return _parse_weekdays(raw, wrong)

    def write(self, value: Any) -> Any:
        """The form stored in the settings file (TOML) for a held value."""
        if self.kind is Kind.DURATION:
            return format_duration(value)
        if self.kind is Kind.TIME_OF_DAY:
            return f"{value.hour:02d}:{value.minute:02d}"
        if self.kind is Kind.WEEKDAYS:
            return [WEEKDAY_NAMES[day] for day in value]
        return value

    def text(self, value: Any) -> str:
        """The held value as one line of text, as typed on a command line."""
        written = self.write(value)
        if isinstance(written, list):
            return ",".join(written)
        if isinstance(written, bool):
            return "true" if written else "false"
        return str(written)


def _parse_weekdays(raw: Any, wrong: SettingError) -> tuple[int, ...]:
    items: Iterable[Any]
    if isinstance(raw, str):
        items = [part for part in re.split(r"[,\s]+", raw.strip()) if part]
    elif isinstance(raw, list | tuple):
        items = raw
    else:
        raise wrong
    days: set[int] = set()
    for item in items:
        word = item.strip().lower() if isinstance(item, str) else ""
        # "mon", "tues", "thursday": at least three letters of the day's full name.
        matches = [day for day, name in enumerate(_FULL_WEEKDAY_NAMES) if name.startswith(word)]
        if len(word) < 3 or not matches:
            raise wrong
        days.add(matches[0])
    return tuple(sorted(days))


def _minutes(value: float) -> float:
    return value * 60.0


OPTIONS: tuple[Option, ...] = (
    Option(
        "sitting.away_threshold",
        Kind.DURATION,
        _minutes(5),
        "A gap without keyboard or mouse input at least this long is a break: "
        "the sitting stretch ended at the last input before it.",
        unit="duration",
        minimum=_minutes(1),
        maximum=_minutes(60),
        label="Away after",
    ),
    Option(
        "sitting.away_poll",
        Kind.DURATION,
        10.0,
        "While you are away, how often deskbreak looks for your return. Shorter is more "
        "exact about when a stretch starts, longer wakes the computer less.",
        unit="duration",
        minimum=2.0,
        maximum=120.0,
        label="Look for your return every",
    ),
    Option(
        "sitting.standing_break",
        Kind.DURATION,
        _minutes(5),
        "Standing at a standing desk at least this long counts as a break.",
        unit="duration",
        minimum=_minutes(1),
        maximum=_minutes(60),
        label="Standing counts as a break after",
    ),
    Option(
        "breaks.interval",
        Kind.DURATION,
        _minutes(45),
        "A break is due after this much continuous sitting.",
        unit="duration",
        minimum=_minutes(1),
        maximum=_minutes(240),
        label="Break after sitting",
    ),
    Option(
        "breaks.warning",
        Kind.DURATION,
        _minutes(1),
        "A quiet warning this long before a break is due; 0s turns it off.",
        unit="duration",
        minimum=0.0,
        maximum=_minutes(15),
        label="Warn before a break",
    ),
    Option(
        "breaks.snooze",
        Kind.DURATION,
        _minutes(5),
        "Snooze asks again after this long.",
        unit="duration",
        minimum=_minutes(1),
        maximum=_minutes(60),
        label="Snooze for",
    ),
    Option(
        "breaks.unanswered",
        Kind.DURATION,
        _minutes(2),
        "A break prompt left unanswered this long snoozes itself and counts as snoozed.",
        unit="duration",
        minimum=30.0,
        maximum=_minutes(30),
        label="An unanswered prompt snoozes after",
    ),
    Option(
        "breaks.prompt",
        Kind.CHOICE,
        "notification",
        "How a due break asks: a desktop notification with Start and Snooze (the popup "
        "where the desktop cannot show buttons), or always the popup.",
        unit="choice",
        choices=("notification", "popup"),
        label="How a break asks",
    ),
    Option(
        "breaks.after_resume",
        Kind.DURATION,
        _minutes(1),
        "No prompt this soon after unlocking the screen or waking the computer; "
        "a break that falls due meanwhile is asked for afterwards.",
        unit="duration",
        minimum=0.0,
        maximum=_minutes(10),
        label="Quiet after unlock or wake-up",
    ),
    Option(
        "breaks.meeting",
        Kind.DURATION,
        _minutes(60),
        "How long Meeting mode holds prompts when started from the tray.",
        unit="duration",
        minimum=_minutes(5),
        maximum=_minutes(480),
        label="Meeting mode lasts",
    ),
    Option(
        "day.start",
        Kind.TIME_OF_DAY,
        time(4, 0),
        "When a new day starts for your daily totals; late nights count to the day before.",
        unit="time of day",
        label="A new day starts at",
    ),
    Option(
        "run.days",
        Kind.WEEKDAYS,
        (),
        "The days you run in the evening; the pre-run routine opens on these days only, "
        "so with none chosen it never opens by itself.",
        unit="weekdays",
        label="Run days",
    ),
    Option(
        "run.time",
        Kind.TIME_OF_DAY,
        time(18, 30),
        "When the pre-run routine opens on a run day, in local time.",
        unit="time of day",
        label="Pre-run routine at",
    ),
    Option(
        "run.reminder_grace",
        Kind.DURATION,
        _minutes(120),
        "A run time missed while the computer slept or was off is still shown this long "
        "afterwards; later it is let go until the next run day.",
        unit="duration",
        minimum=0.0,
        maximum=_minutes(720),
        label="Still offer a missed routine for",
    ),
    Option(
        "run.snooze",
        Kind.DURATION,
        _minutes(15),
        "How long the pre-run window waits before asking again when put off.",
        unit="duration",
        minimum=_minutes(1),
        maximum=_minutes(120),
        label="Put off the routine for",
    ),
    Option(
        "player.reduced_motion",
        Kind.BOOL,
        False,
        "Show the routine's figure in still poses instead of moving.",
        unit="on or off",
        label="Still poses instead of motion",
    ),
    Option(
        "player.muted",
        Kind.BOOL,
        False,
        "Play the routine without sound cues.",
        unit="on or off",
        label="No sound cues",
    ),
    Option(
        "equipment.mini_band",
        Kind.BOOL,
        False,
        "You have a mini-band (a small loop of resistance band) for the lateral band walks.",
        unit="on or off",
        label="I have a mini band",
    ),
)

_BY_KEY: dict[str, Option] = {option.key: option for option in OPTIONS}


def option(key: str) -> Option:
    """The option for ``key``; KeyError for an unknown key."""
    return _BY_KEY[key]


def known_keys() -> tuple[str, ...]:
    return tuple(_BY_KEY)


class Settings:
    """An immutable, fully valid set of values, one per option."""

    def __init__(self, values: Mapping[str, Any] | None = None) -> None:
        merged = {option.key: option.default for option in OPTIONS}
        for key, value in (values or {}).items():
            if key not in _BY_KEY:
                raise KeyError(f"unknown setting {key!r}")
            merged[key] = value
        self._values = merged

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and other._values == self._values

    def __hash__(self) -> int:
        # Held values are hashable; hashing them (not their repr) keeps 2700 == 2700.0 alike.
        return hash(frozenset(self._values.items()))

    def __repr__(self) -> str:
        return f"Settings({self.changed()!r})"

    def seconds(self, key: str) -> float:
        """A duration option's value in seconds."""
        value = self._values[key]
        assert isinstance(value, float | int)
        return float(value)

    def time_of_day(self, key: str) -> time:
        value = self._values[key]
        assert isinstance(value, time)
        return value

    def items(self) -> Iterable[tuple[str, Any]]:
        return self._values.items()

    def changed(self) -> dict[str, Any]:
        """The values that differ from their defaults."""
        return {key: value for key, value in self._values.items() if value != _BY_KEY[key].default}

    def replace(self, **values: Any) -> Settings:
        """A copy with some values changed; keys use ``__`` for the dot (``breaks__interval``)."""
        updated = dict(self._values)
        for name, value in values.items():
            updated[name.replace("__", ".")] = value
        return Settings(updated)

    def with_value(self, key: str, value: Any) -> Settings:
        updated = dict(self._values)
        if key not in _BY_KEY:
            raise KeyError(f"unknown setting {key!r}")
        updated[key] = value
        return Settings(updated)


def parse_assignment(text: str) -> tuple[str, Any]:
    """``KEY=VALUE`` as typed after ``--set``; SettingError names what was wrong."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep:
        raise SettingError(f"expected KEY=VALUE, got {text!r}")
    if key not in _BY_KEY:
        raise SettingError(f"unknown setting {key!r}; known settings: {', '.join(_BY_KEY)}")
    return key, _BY_KEY[key].parse(raw.strip())
