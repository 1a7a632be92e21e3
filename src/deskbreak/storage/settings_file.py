"""The settings file: TOML in the config folder, read forgivingly and written atomically.

Every problem names the file, the line and the key; a file that cannot be parsed is kept
aside and defaults are used, and keys this version does not know survive a save.
"""

from __future__ import annotations

import copy
import math
import re
import textwrap
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any

from deskbreak.domain.exercises import DataProblem
from deskbreak.domain.settings import OPTIONS, SCHEMA_VERSION, SettingError, Settings, option
from deskbreak.domain.toml_places import TomlPlaces, syntax_error
from deskbreak.storage.atomic import KEEP_MODE, write_atomically

VERSION_KEY = "schema_version"

Migration = Callable[[dict[str, Any]], dict[str, Any]]

# Version N -> the function that turns a raw version-N document (without schema_version)
# into a version N+1 one. Empty while the schema is at version 1; a new entry goes here
# together with the SCHEMA_VERSION bump in deskbreak.domain.settings.
MIGRATIONS: Mapping[int, Migration] = MappingProxyType({})

_GROUPS: tuple[str, ...] = tuple(dict.fromkeys(item.group for item in OPTIONS))
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_HEADER = (
    "# deskbreak settings.",
    "# A line starting with # is a comment. A commented-out setting shows its default:",
    "# remove the # and change the value to use your own.",
    "# Check this file with: deskbreak validate FILE",
)
_KEPT = "# Not known to this version of deskbreak; kept as it was written."


Problem = DataProblem
"""One thing wrong in a file a user can edit: the file, the line, the key and what was
expected. The same type as the exercise and routine readers', so every file words its
problems alike."""


@dataclass(frozen=True)
class SettingsLoad:
    """What :func:`load_settings` found.

    ``settings`` is always complete and valid. ``set_aside`` is where an unparseable file
    was moved. ``unknown`` holds keys this version does not know, as read, for
    :func:`save_settings`. ``schema_version`` is the version the file declared.
    """

    settings: Settings
    problems: list[Problem] = field(default_factory=list)
    set_aside: Path | None = None
    unknown: dict[str, Any] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION


class _UnparseableError(Exception):
    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def load_settings(
    path: Path,
    *,
    now: datetime | None = None,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    latest_version: int = SCHEMA_VERSION,
) -> SettingsLoad:
    """Read the settings file; never raises for anything wrong in or with the file.

    A missing file means defaults. An unparseable one is renamed to
    ``<name>.bad-<YYYYmmddTHHMMSS>`` (local time ``now``) and defaults are used.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return SettingsLoad(Settings())
    except OSError as error:
        message = f"cannot read the file ({_reason(error)}); defaults are used"
        return SettingsLoad(Settings(), [Problem(str(path), None, None, message)])
    try:
        text, document = _parse(data)
    except _UnparseableError as broken:
        return _set_aside_broken(path, broken, now or datetime.now())
    reading = _Reading(path, text, migrations=migrations, latest_version=latest_version)
    reading.read(document)
    return SettingsLoad(
        Settings(reading.values),
        reading.sorted_problems(),
        None,
        reading.unknown,
        reading.version,
    )


def validate_settings_text(path: Path) -> list[Problem]:
    """Every problem in the settings file at ``path``, without changing anything.

    Unlike :func:`load_settings`, a missing or unreadable file is a problem here.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return [Problem(str(path), None, None, f"cannot read the file ({_reason(error)})")]
    try:
        text, document = _parse(data)
    except _UnparseableError as broken:
        return [Problem(str(path), broken.line, None, f"expected TOML, got {broken.reason}")]
    reading = _Reading(path, text)
    reading.read(document)
    return reading.sorted_problems()


def migrate(
    document: Mapping[str, Any],
    from_version: int,
    *,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    latest_version: int = SCHEMA_VERSION,
) -> dict[str, Any]:
    """A copy of a raw ``document`` brought from ``from_version`` up to ``latest_version``."""
    current = copy.deepcopy(dict(document))
    for version in range(from_version, latest_version):
        step = migrations.get(version)
        if step is None:
            raise LookupError(f"no migration from schema version {version} to {version + 1}")
        current = step(current)
    return current


def render_settings(settings: Settings, unknown: Mapping[str, Any] | None = None) -> str:
    """The settings file's text: every option with its description, defaults commented out."""
    extra = dict(unknown or {})
    lines = [*_HEADER, "", f"{VERSION_KEY} = {SCHEMA_VERSION}"]
    loose = {
        key: value
        for key, value in extra.items()
        if key != VERSION_KEY and key not in _GROUPS and not isinstance(value, Mapping)
    }
    if loose:
        lines.append(_KEPT)
        lines.extend(f"{_key(key)} = {_value(value)}" for key, value in loose.items())
    for group in _GROUPS:
        lines += ["", f"[{_key(group)}]"]
        for item in OPTIONS:
            if item.group != group:
                continue
            name = item.key.split(".", 1)[1]
            value = settings[item.key]
            lines.extend(
                textwrap.wrap(
                    item.description, width=96, initial_indent="# ", subsequent_indent="# "
                )
            )
            lines.append(f"# Expected: {item.expected()}.")
            assignment = f"{_key(name)} = {_value(item.write(value))}"
            lines.append(f"# {assignment}" if value == item.default else assignment)
            lines.append("")
        known_names = {item.key.split(".", 1)[1] for item in OPTIONS if item.group == group}
        kept = extra.get(group)
        if isinstance(kept, Mapping):
            # A key the schema knows is written from ``settings``; a second copy would
            # make the file invalid TOML.
            kept_items = [(key, value) for key, value in kept.items() if key not in known_names]
            if kept_items:
                lines.append(_KEPT)
                lines.extend(f"{_key(key)} = {_value(value)}" for key, value in kept_items)
                lines.append("")
        if lines[-1] == "":
            lines.pop()
    for name, table in extra.items():
        if name in _GROUPS or name == VERSION_KEY or not isinstance(table, Mapping):
            continue
        lines += ["", _KEPT, f"[{_key(name)}]"]
        lines.extend(f"{_key(key)} = {_value(value)}" for key, value in table.items())
    return "\n".join(lines) + "\n"


def save_settings(path: Path, settings: Settings, unknown: Mapping[str, Any] | None = None) -> None:
    """Write the settings file atomically: either the old file or the new one, never half.

    Raises OSError when it cannot be written; the previous file is then left as it was.
    """
    write_atomically(
        path, render_settings(settings, unknown).encode("utf-8"), mode=KEEP_MODE, make_folder=True
    )


class _Reading:
    """One pass over a parsed document: values, problems and unknown keys."""

    def __init__(
        self,
        path: Path,
        text: str,
        *,
        migrations: Mapping[int, Migration] = MIGRATIONS,
        latest_version: int = SCHEMA_VERSION,
    ) -> None:
        self.path = path
        self.lines = TomlPlaces(text)
        self.migrations = migrations
        self.latest_version = latest_version
        self.values: dict[str, Any] = {}
        self.problems: list[Problem] = []
        self.unknown: dict[str, Any] = {}
        self.version = latest_version

    def problem(self, where: tuple[str, ...], message: str) -> None:
        line = self.lines.find(where)
        self.problems.append(Problem(str(self.path), line, ".".join(where), message))

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda problem: problem.line or 0)

    def read(self, document: dict[str, Any]) -> None:
        document = self._upgrade(document)
        for name, value in document.items():
            if name not in _GROUPS:
                self.unknown[name] = value
                self.problem((name,), _unknown_top_level(is_table=isinstance(value, dict)))
            elif not isinstance(value, dict):
                self.problem((name,), f"expected a table [{name}], got {value!r}")
            else:
                self._read_group(name, value)

    def _read_group(self, group: str, table: dict[str, Any]) -> None:
        for name, raw in table.items():
            key = f"{group}.{name}"
            try:
                item = option(key)
            except KeyError:
                self.unknown.setdefault(group, {})[name] = raw
                self.problem((group, name), _unknown_in_group(group))
                continue
            try:
                self.values[key] = item.parse(raw)
            except SettingError as error:
                self.problem(
                    (group, name),
                    f"{error}; the default {_value(item.write(item.default))} is used",
                )

    def _upgrade(self, document: dict[str, Any]) -> dict[str, Any]:
        document = dict(document)
        raw = document.pop(VERSION_KEY, 1)  # files from before versioning are version 1
        where = (VERSION_KEY,)
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            self.problem(
                where,
                f"expected a whole number from 1 to {self.latest_version}, got {raw!r}; "
                f"read as version {self.latest_version}",
            )
            return document
        self.version = raw
        if raw > self.latest_version:
            self.problem(
                where,
                f"expected schema version {self.latest_version} or older, got {raw}: the file "
                "comes from a newer deskbreak; the settings this version knows are used",
            )
            return document
        if raw == self.latest_version:
            return document
        try:
            return migrate(
                document, raw, migrations=self.migrations, latest_version=self.latest_version
            )
        except Exception as error:  # a broken upgrade must not stop the app
            self.problem(
                where,
                f"expected a file that can be upgraded from version {raw} to "
                f"{self.latest_version}, got an error ({error}); the settings are read as written",
            )
            return document


def _parse(data: bytes) -> tuple[str, dict[str, Any]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = data[: error.start].count(b"\n") + 1
        raise _UnparseableError(
            bad_line, f"text that is not UTF-8 (byte {error.start + 1})"
        ) from None
    # Some Windows editors start UTF-8 files with a byte order mark that TOML does not allow.
    text = text.removeprefix("\ufeff")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _UnparseableError(*syntax_error(error, text)) from None


def _set_aside_broken(path: Path, broken: _UnparseableError, now: datetime) -> SettingsLoad:
    try:
        aside = _free_backup_name(path, f".bad-{now:%Y%m%dT%H%M%S}")
        path.rename(aside)
    except OSError as error:
        message = (
            f"expected TOML, got {broken.reason}; the file could not be moved aside "
            f"({_reason(error)}) and is left as it is; defaults are used"
        )
        return SettingsLoad(Settings(), [Problem(str(path), broken.line, None, message)])
    message = (
        f"expected TOML, got {broken.reason}; the file was kept as {aside} and defaults are used"
    )
    return SettingsLoad(Settings(), [Problem(str(path), broken.line, None, message)], aside)


def _free_backup_name(path: Path, suffix: str) -> Path:
    """``<name><suffix>``, or with ``-2``, ``-3``... when a backup of that name exists."""
    candidate = path.with_name(path.name + suffix)
    number = 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = path.with_name(f"{path.name}{suffix}-{number}")
    return candidate


def _unknown_top_level(*, is_table: bool) -> str:
    sections = ", ".join(f"[{group}]" for group in _GROUPS)
    what = "section" if is_table else "key"
    return (
        f"expected {VERSION_KEY} or one of the sections {sections}, got an unknown {what}; "
        "it is kept as written"
    )


def _unknown_in_group(group: str) -> str:
    names = ", ".join(item.key.split(".", 1)[1] for item in OPTIONS if item.group == group)
    return f"expected one of {names}, got an unknown key; it is kept as written"


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else _string(name)


_ESCAPES: Mapping[str, str] = MappingProxyType(
    {
        '"': '\\"',
        "\\": "\\\\",
        "\b": "\\b",
        "\t": "\\t",
        "\n": "\\n",
        "\f": "\\f",
        "\r": "\\r",
    }
)


def _string(text: str) -> str:
    escaped = []
    for character in text:
        if character in _ESCAPES:
            escaped.append(_ESCAPES[character])
        elif ord(character) < 0x20 or ord(character) == 0x7F:
            escaped.append(f"\\u{ord(character):04X}")
        else:
            escaped.append(character)
    return '"' + "".join(escaped) + '"'


def _value(value: Any) -> str:
    """``value`` as TOML; enough for settings and anything tomllib hands back."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        pairs = ", ".join(f"{_key(str(key))} = {_value(item)}" for key, item in value.items())
        return "{" + pairs + "}" if not pairs else "{ " + pairs + " }"
    raise TypeError(f"cannot write a {type(value).__name__} to TOML")
