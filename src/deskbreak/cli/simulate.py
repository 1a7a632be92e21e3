"""``deskbreak simulate``: replay an activity trace through the real tracker, print JSON lines."""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deskbreak.domain.events import ALL_EVENTS, Event
from deskbreak.domain.settings import SettingError, Settings, parse_assignment
from deskbreak.domain.trace import TraceError, parse_trace, replay


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("trace", type=Path, help="an activity trace (format: docs/traces.md)")
    parser.add_argument(
        "--set",
        dest="assignments",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="use this setting instead of its default, e.g. --set breaks.interval=30m",
    )


def _to_utc(naive: datetime) -> datetime:
    # Trace times are local wall times; astimezone() on a naive value reads the system
    # zone's rules for that date, so DST is honoured.
    return naive.astimezone().astimezone(UTC)


def _to_local(moment: datetime) -> datetime:
    return moment.astimezone()


def _local_text(moment: datetime) -> str:
    # isoformat, not strftime: the same text, and a year's replay prints tens of thousands.
    return moment.astimezone().replace(tzinfo=None, microsecond=0).isoformat(" ")


def _value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return _local_text(value)
    if isinstance(value, float):
        return round(value)
    return value


def _own_fields(kind: type[Event]) -> tuple[str, ...]:
    """An event class's fields as printed: all but its moments and the stretch's segments."""
    return tuple(
        field.name
        for field in dataclasses.fields(kind)
        if field.name not in ("at", "utc", "segments")
    )


# Looked up once per kind rather than per printed event.
_FIELDS: dict[type[Event], tuple[str, ...]] = {kind: _own_fields(kind) for kind in ALL_EVENTS}


def event_line(event: Event) -> dict[str, Any]:
    """An event as one JSON object: local time, kind, then its own fields."""
    line: dict[str, Any] = {"time": _local_text(event.utc), "kind": event.kind}
    kind = type(event)
    for name in _FIELDS[kind] if kind in _FIELDS else _own_fields(kind):
        line[name] = _value(getattr(event, name))
    return line


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    for text in args.assignments:
        try:
            key, value = parse_assignment(text)
        except SettingError as error:
            print(f"deskbreak simulate: --set {text}: {error}", file=sys.stderr)
            return 2
        settings = settings.with_value(key, value)
    try:
        lines = args.trace.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.trace}: cannot read the trace: {error}", file=sys.stderr)
        return 2
    try:
        entries = parse_trace(lines)
    except TraceError as error:
        print(f"{args.trace}:{error.line}: {error.message}", file=sys.stderr)
        return 2
    result = replay(entries, settings, to_utc=_to_utc, to_local=_to_local)
    for entry in result.ignored:
        print(
            f"{args.trace}:{entry.line}: warning: '{entry.label}' at {entry.when:%H:%M:%S} "
            "ignored: no break prompt was open",
            file=sys.stderr,
        )
    lines = [json.dumps(event_line(event)) for event in result.events]
    lines.extend(json.dumps(day.summary()) for day in result.days)
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    return 0
