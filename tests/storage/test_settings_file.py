"""The settings file: round trips, precise problems, kept backups and atomic saves."""

from __future__ import annotations

import os
import re
import tomllib
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest

from deskbreak.domain.settings import OPTIONS, SCHEMA_VERSION, Kind, Option, Settings, option
from deskbreak.storage.settings_file import (
    Problem,
    load_settings,
    migrate,
    render_settings,
    save_settings,
    validate_settings_text,
)

MORNING = datetime(2026, 1, 5, 9, 30, 15)


def other_value(item: Option) -> Any:
    """A valid value for ``item`` that is not its default."""
    if item.kind is Kind.TIME_OF_DAY:
        return time(5, 30)
    if item.kind is Kind.BOOL:
        return not item.default
    if item.kind is Kind.WEEKDAYS:
        return (0, 2, 4)
    if item.kind is Kind.CHOICE:
        return next(choice for choice in item.choices if choice != item.default)
    assert item.minimum is not None
    assert item.maximum is not None
    return item.minimum if item.minimum != item.default else item.maximum


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.toml"


# --- reading and writing back -------------------------------------------------------------


def test_a_missing_file_means_defaults_and_no_problems(settings_path: Path) -> None:
    loaded = load_settings(settings_path)

    assert loaded.settings == Settings()
    assert loaded.problems == []
    assert loaded.set_aside is None
    assert loaded.unknown == {}


def test_every_changed_value_survives_a_save_and_a_load(settings_path: Path) -> None:
    changed = Settings({item.key: other_value(item) for item in OPTIONS})

    save_settings(settings_path, changed)
    loaded = load_settings(settings_path)

    assert loaded.problems == []
    assert loaded.settings == changed
    assert loaded.schema_version == SCHEMA_VERSION


def test_defaults_are_written_as_comments_that_read_back_as_the_defaults(
    settings_path: Path,
) -> None:
    text = render_settings(Settings())
    # Taking the # off every commented-out setting must give a valid file of defaults.
    uncommented = re.sub(r"(?m)^# (\w+ = )", r"\1", text)

    document = tomllib.loads(text)
    loaded = load_settings(write_to(settings_path, uncommented))

    groups = {item.group: {} for item in OPTIONS}
    assert document == {"schema_version": SCHEMA_VERSION, **groups}
    assert loaded.problems == []
    assert loaded.settings == Settings()
    for item in OPTIONS:
        group, name = item.key.split(".")
        assert tomllib.loads(uncommented)[group][name] == item.write(item.default)


def write_to(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write(path, text)


def test_only_changed_values_are_live_and_each_has_its_description_above(
    settings_path: Path,
) -> None:
    interval = option("breaks.interval")
    text = render_settings(Settings().with_value(interval.key, 1800.0))
    lines = text.splitlines()

    live = {key: value for key, value in tomllib.loads(text).items() if value}
    assert live == {"schema_version": SCHEMA_VERSION, "breaks": {"interval": "30m"}}
    at = lines.index('interval = "30m"')
    comment_block = "\n".join(lines[at - 3 : at])
    assert interval.description.split()[0] in comment_block
    assert interval.expected() in comment_block
    for item in OPTIONS:
        assert item.description[:30] in " ".join(line.lstrip("# ") for line in lines)


def test_a_file_without_schema_version_counts_as_version_1(settings_path: Path) -> None:
    write_to(settings_path, '[breaks]\ninterval = "50m"\n')

    loaded = load_settings(settings_path)

    assert loaded.problems == []
    assert loaded.schema_version == 1
    assert loaded.settings.seconds("breaks.interval") == 3000.0


# --- a file that cannot be parsed ----------------------------------------------------------


BROKEN = b'schema_version = 1\n[breaks]\ninterval = "45m\nsnooze = "5m"\n'


def test_a_broken_file_is_kept_aside_unchanged_and_defaults_are_used(settings_path: Path) -> None:
    write_to(settings_path, "")
    settings_path.write_bytes(BROKEN)

    loaded = load_settings(settings_path, now=MORNING)

    aside = settings_path.with_name("settings.toml.bad-20260105T093015")
    assert loaded.set_aside == aside
    assert aside.read_bytes() == BROKEN
    assert not settings_path.exists()
    assert loaded.settings == Settings()
    [problem] = loaded.problems
    assert problem.source == str(settings_path)
    assert problem.line == 3
    assert str(problem).startswith(f"{settings_path}:3: expected TOML, got ")
    assert str(aside) in str(problem)


def test_an_earlier_backup_is_never_overwritten(settings_path: Path) -> None:
    earlier = settings_path.with_name("settings.toml.bad-20260105T093015")
    write_to(earlier, "an earlier backup\n")
    settings_path.write_bytes(BROKEN)

    loaded = load_settings(settings_path, now=MORNING)

    assert earlier.read_text() == "an earlier backup\n"
    assert loaded.set_aside is not None
    assert loaded.set_aside != earlier
    assert loaded.set_aside.read_bytes() == BROKEN


def test_a_file_that_is_not_utf8_is_kept_aside(settings_path: Path) -> None:
    data = b'[breaks]\ninterval = "45m"\nsnooze = "\xff5m"\n'
    write_to(settings_path, "")
    settings_path.write_bytes(data)

    loaded = load_settings(settings_path, now=MORNING)

    assert loaded.set_aside is not None
    assert loaded.set_aside.read_bytes() == data
    [problem] = loaded.problems
    assert problem.line == 3
    assert "UTF-8" in problem.message


def test_a_byte_order_mark_is_accepted(settings_path: Path) -> None:
    write_to(settings_path, "")
    settings_path.write_bytes(b'\xef\xbb\xbf[breaks]\ninterval = "40m"\n')

    loaded = load_settings(settings_path)

    assert loaded.problems == []
    assert loaded.settings.seconds("breaks.interval") == 2400.0


def test_an_unreadable_file_is_a_problem_and_left_alone(settings_path: Path) -> None:
    settings_path.mkdir(parents=True)  # a folder where the file should be

    loaded = load_settings(settings_path)

    assert loaded.settings == Settings()
    assert loaded.set_aside is None
    [problem] = loaded.problems
    assert str(problem).startswith(f"{settings_path}: cannot read the file")
    assert settings_path.is_dir()


# --- values and keys that are wrong ---------------------------------------------------------


def test_a_bad_value_names_file_line_key_and_what_was_expected(settings_path: Path) -> None:
    write_to(
        settings_path,
        'schema_version = 1\n\n[breaks]\nwarning = "30s"\ninterval = "20s"\n\n'
        '[day]\nstart = "05:30"\n',
    )

    loaded = load_settings(settings_path)

    interval = option("breaks.interval")
    [problem] = loaded.problems
    assert (problem.source, problem.line, problem.key) == (str(settings_path), 5, "breaks.interval")
    assert str(problem).startswith(
        f"{settings_path}:5: breaks.interval: expected {interval.expected()}, got 20s"
    )
    assert loaded.settings["breaks.interval"] == interval.default
    assert loaded.settings.seconds("breaks.warning") == 30.0
    assert loaded.settings.time_of_day("day.start") == time(5, 30)


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("[sitting]\naway_threshold = true\n", 2, "sitting.away_threshold"),
        ('breaks.snooze = "forever"\n', 1, "breaks.snooze"),
        ('[breaks]\n  "unanswered" = 7\n', 2, "breaks.unanswered"),
        ('[ day ]\n# a comment\nstart = "25:00"\n', 3, "day.start"),
        ("breaks = 5\n", 1, "breaks"),
    ],
)
def test_problems_point_at_the_line_however_the_key_is_written(
    settings_path: Path, text: str, line: int, key: str
) -> None:
    write_to(settings_path, text)

    [problem] = load_settings(settings_path).problems

    assert (problem.line, problem.key) == (line, key)
    assert problem.message.startswith("expected ")


def test_lines_inside_a_multi_line_string_are_not_taken_for_keys(settings_path: Path) -> None:
    write_to(
        settings_path,
        '[breaks]\nnote = """\ninterval = "45m"\n"""\ninterval = "30s"\n',
    )

    problems = load_settings(settings_path).problems

    assert [(problem.line, problem.key) for problem in problems] == [
        (2, "breaks.note"),
        (5, "breaks.interval"),
    ]


def test_every_problem_in_a_file_is_reported_in_line_order(settings_path: Path) -> None:
    write_to(
        settings_path,
        '[breaks]\ninterval = "30s"\nsnooze = "1000h"\ncolour = "red"\n[day]\nstart = 4\n',
    )

    problems = load_settings(settings_path).problems

    assert [(problem.line, problem.key) for problem in problems] == [
        (2, "breaks.interval"),
        (3, "breaks.snooze"),
        (4, "breaks.colour"),
        (6, "day.start"),
    ]


def test_an_unknown_key_is_reported_and_survives_a_save(settings_path: Path) -> None:
    write_to(
        settings_path,
        'schema_version = 1\nlanguage = "eo"\n[breaks]\ninterval = "30m"\ncolour = "red"\n'
        '[routines.evening]\ndays = ["tue", "thu"]\nwhen = 18:30:00\n',
    )

    loaded = load_settings(settings_path)

    assert [(problem.line, problem.key) for problem in loaded.problems] == [
        (2, "language"),
        (5, "breaks.colour"),
        (6, "routines"),
    ]
    assert "interval" in loaded.problems[1].message  # what was expected instead
    assert loaded.settings.seconds("breaks.interval") == 1800.0

    save_settings(settings_path, loaded.settings, loaded.unknown)
    again = load_settings(settings_path)

    assert again.unknown == loaded.unknown
    assert again.settings == loaded.settings
    document = tomllib.loads(settings_path.read_text(encoding="utf-8"))
    assert document["language"] == "eo"
    assert document["breaks"] == {"interval": "30m", "colour": "red"}
    assert document["routines"] == {"evening": {"days": ["tue", "thu"], "when": time(18, 30)}}


def test_unknown_values_of_every_toml_type_are_written_back_exactly(settings_path: Path) -> None:
    unknown = {
        "breaks": {"note": 'say "hi"\\\n\t\x01 é', "count": -3, "ratio": 0.25, "on": False},
        "extra": {
            "big": 1e300,
            "when": datetime(2026, 1, 5, 9, 30),
            "items": [1, "two", [3.5]],
            "nested": {"deeper": {"x": 1}, "with space": "ok"},
            "tables": [{"a": 1}, {"b": 2}],
            "empty": {},
        },
    }

    save_settings(settings_path, Settings(), unknown)

    assert load_settings(settings_path).unknown == unknown


def test_a_file_from_a_newer_version_is_a_problem_but_known_values_are_used(
    settings_path: Path,
) -> None:
    write_to(settings_path, 'schema_version = 7\n[breaks]\ninterval = "35m"\n')

    loaded = load_settings(settings_path)

    [problem] = loaded.problems
    assert (problem.line, problem.key) == (1, "schema_version")
    assert "7" in problem.message
    assert "newer" in problem.message
    assert loaded.schema_version == 7
    assert loaded.settings.seconds("breaks.interval") == 2100.0


def test_a_schema_version_that_is_not_a_number_is_a_problem(settings_path: Path) -> None:
    write_to(settings_path, 'schema_version = "one"\n[breaks]\ninterval = "35m"\n')

    loaded = load_settings(settings_path)

    [problem] = loaded.problems
    assert problem.key == "schema_version"
    assert problem.message.startswith("expected a whole number")
    assert loaded.settings.seconds("breaks.interval") == 2100.0


# --- migrations ---------------------------------------------------------------------------


def rename_every_to_interval(document: dict[str, Any]) -> dict[str, Any]:
    breaks = document.get("breaks", {})
    if "every" in breaks:
        breaks["interval"] = breaks.pop("every")
    return document


def test_an_old_file_is_brought_up_to_date_while_loading(settings_path: Path) -> None:
    write_to(settings_path, '[breaks]\nevery = "30m"\n')

    loaded = load_settings(
        settings_path, migrations={1: rename_every_to_interval}, latest_version=2
    )

    assert loaded.problems == []
    assert loaded.schema_version == 1
    assert loaded.settings.seconds("breaks.interval") == 1800.0
    assert settings_path.read_text() == '[breaks]\nevery = "30m"\n'  # loading never writes


def test_migrations_run_in_order_and_leave_the_input_alone() -> None:
    def add(step: int) -> Any:
        def migration(document: dict[str, Any]) -> dict[str, Any]:
            document.setdefault("steps", []).append(step)
            return document

        return migration

    original: dict[str, Any] = {"breaks": {}}
    result = migrate(original, 1, migrations={1: add(1), 2: add(2), 3: add(3)}, latest_version=4)

    assert result["steps"] == [1, 2, 3]
    assert original == {"breaks": {}}


def test_a_missing_migration_is_a_problem_not_a_crash(settings_path: Path) -> None:
    write_to(settings_path, 'schema_version = 1\n[breaks]\ninterval = "30m"\n')

    loaded = load_settings(settings_path, migrations={}, latest_version=2)

    [problem] = loaded.problems
    assert problem.key == "schema_version"
    assert "version 1 to 2" in problem.message
    assert loaded.settings.seconds("breaks.interval") == 1800.0


# --- atomic saves -------------------------------------------------------------------------


def test_a_failed_save_keeps_the_old_file_and_leaves_no_temporary(
    settings_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_settings(settings_path, Settings().with_value("breaks.interval", 1800.0))
    before = settings_path.read_bytes()

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        save_settings(settings_path, Settings().with_value("breaks.interval", 3600.0))

    assert settings_path.read_bytes() == before
    assert sorted(path.name for path in settings_path.parent.iterdir()) == ["settings.toml"]


def test_a_save_that_fails_while_writing_leaves_no_temporary(
    settings_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(OSError, match="Input/output"):
        save_settings(settings_path, Settings())

    assert list(settings_path.parent.iterdir()) == []


def test_a_save_creates_the_folder_and_replaces_the_file(settings_path: Path) -> None:
    save_settings(settings_path, Settings())
    save_settings(settings_path, Settings().with_value("breaks.snooze", 600.0))

    assert load_settings(settings_path).settings.seconds("breaks.snooze") == 600.0
    assert sorted(path.name for path in settings_path.parent.iterdir()) == ["settings.toml"]


# --- problems and validation ----------------------------------------------------------------


def test_a_problem_reads_file_line_key_message_leaving_out_what_is_unknown() -> None:
    file = "settings.toml"

    assert str(Problem(file, 3, "breaks.interval", "expected x, got y")) == (
        "settings.toml:3: breaks.interval: expected x, got y"
    )
    assert str(Problem(file, None, "breaks", "expected x")) == "settings.toml: breaks: expected x"
    assert str(Problem(file, 2, None, "expected TOML")) == "settings.toml:2: expected TOML"
    assert str(Problem(file, None, None, "cannot read")) == "settings.toml: cannot read"


def test_validation_reports_a_missing_file(tmp_path: Path) -> None:
    [problem] = validate_settings_text(tmp_path / "nope.toml")

    assert problem.source == str(tmp_path / "nope.toml")
    assert "cannot read the file" in problem.message


def test_validation_never_moves_a_broken_file(settings_path: Path) -> None:
    write_to(settings_path, "")
    settings_path.write_bytes(BROKEN)

    [problem] = validate_settings_text(settings_path)

    assert problem.line == 3
    assert settings_path.read_bytes() == BROKEN
    assert [path.name for path in settings_path.parent.iterdir()] == ["settings.toml"]


def test_validation_of_a_saved_file_finds_nothing(settings_path: Path) -> None:
    save_settings(settings_path, Settings({item.key: other_value(item) for item in OPTIONS}))

    assert validate_settings_text(settings_path) == []
