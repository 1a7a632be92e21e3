"""Where keys, tables and array items are in a TOML text, and where tomllib's errors are."""

from __future__ import annotations

import tomllib

import pytest

from deskbreak.domain.toml_places import TomlPlaces, parse_key, syntax_error


def test_places_of_keys_in_unusual_toml() -> None:
    text = (
        "# comment = not a key\n"
        '"quoted" = 1\n'
        "[[exercise]]\n"
        "id = 'x'\n"
        "name = 'N'\n"
        "position = 'standing'\n"
        'purpose = """P\n'
        'cues = ["not", "a key"]\n'
        '"""\n'
        "cues = [ ['a', 'b'], { c = 1 }, \"q\\\"]\" ]\n"
        "muscles = [\n"
        "  'calves',\n"
        "  'calves', 'hamstrings'\n"
        "]\n"
        "dose.reps = 99\n"
        "just words\n"
        "[[other.list]]\n"
        "[[ = ]]\n"
        "[ = ]\n"
        "[not a table\n"
    )
    places = TomlPlaces(text)
    assert places.find(("quoted",)) == 2
    assert places.find(("exercise", 1, "cues")) == 10
    assert places.find(("exercise", 1, "cues", 2)) == 10
    assert places.find(("exercise", 1, "muscles", 2)) == 13
    assert places.find(("exercise", 1, "dose", "reps")) == 15
    assert places.find(("nowhere",)) is None
    unclosed = TomlPlaces("cues = [\n 'a',\n")
    assert unclosed.find(("cues", 1)) == 2
    assert TomlPlaces('p = """\nno end').find(("p",)) == 1


def test_places_in_a_settings_file() -> None:
    text = (
        "version = 1\n"
        "breaks.interval = '45m'\n"
        "\n"
        "[run]\n"
        "days = ['mon', 'wed']\n"
        'note = """\n'
        "time = 'not a key'\n"
        '"""\n'
        "time = '18:30'\n"
        '["sitting"]\n'
        '"away\\u005fthreshold" = "5m"\n'
    )
    places = TomlPlaces(text)
    assert places.find(("breaks",)) == 2
    assert places.find(("breaks", "interval")) == 2
    assert places.find(("run",)) == 4
    assert places.find(("run", "days", 2)) == 5
    assert places.find(("run", "time")) == 9
    assert places.find(("sitting", "away_threshold")) == 11
    assert places.find(("sitting", "missing")) == 10  # its table's line


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("a.b = 1", (("a", "b"), 4)),
        ('"x.y" . z = 1', (("x.y", "z"), 10)),
        ("'lit\\' = 1", (("lit\\",), 7)),
        ('"bad \\q" = 1', (("bad \\q",), 9)),  # not a valid escape: kept as written
        ("= 1", None),
        ("a. = 1", None),
    ],
)
def test_keys_are_read_as_toml_reads_them(
    text: str, key: tuple[tuple[str, ...], int] | None
) -> None:
    assert parse_key(text, 0) == key


@pytest.mark.parametrize(
    ("text", "line"),
    [("a = 1\nb = = 2\n", 2), ("a = 1\nb = [1,\n", 3)],
)
def test_syntax_errors_name_their_line(text: str, line: int) -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    found, reason = syntax_error(caught.value, text)
    assert found == line
    assert reason.startswith("a syntax error (")
    assert reason.endswith(")")
    assert "line" not in reason
    assert "( " not in reason
    assert " )" not in reason


def test_a_syntax_error_without_a_place_keeps_its_message() -> None:
    assert syntax_error(tomllib.TOMLDecodeError("odd"), "a = 1") == (None, "a syntax error (odd)")
