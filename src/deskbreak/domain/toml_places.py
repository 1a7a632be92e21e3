"""Where each key, table and array item of a TOML text is: tomllib reports no positions.

Problems in a settings, exercise or routine file name the line they are on; this finds it.
Pure: it reads the text it is given.
"""

from __future__ import annotations

import re
import tomllib

Where = tuple[str | int, ...]
"""A path as the readers walk a document: ``("exercise", 2, "cues", 3)`` is the third cue
of the second ``[[exercise]]``."""


class TomlPlaces:
    """The line of each key, table and array item; tomllib does not report positions.

    Paths follow the reader's: ``("exercise", 2, "cues", 3)`` is the third cue of the
    second ``[[exercise]]``. A key inside an inline table is found at its table's line.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[Where, int] = {}
        self._text = text.split("\n")
        # How many tables each array of tables has had so far, by its path with the
        # numbers of the tables it sits in: ("routine", 2, "step") for [[routine.step]].
        arrays: dict[Where, int] = {}
        table: Where = ()
        number = 0
        while number < len(self._text):
            stripped = self._text[number].strip()
            number += 1
            if stripped.startswith("["):
                double = stripped.startswith("[[")
                key = parse_key(stripped, 2 if double else 1)
                if key is not None:
                    table = ()
                    for part in key[0][:-1]:
                        table = (*table, part)
                        if table in arrays:
                            table = (*table, arrays[table])
                    table = (*table, key[0][-1])
                    if double:
                        arrays[table] = arrays.get(table, 0) + 1
                        table = (*table, arrays[table])
                    self._add(table, number)
                continue
            key = parse_key(stripped, 0)
            if key is None or not stripped[key[1] :].startswith("="):
                continue
            path = table + key[0]
            self._add(path, number)
            value = stripped[key[1] + 1 :].lstrip()
            if value.startswith("["):
                number = self._array(path, number, value)
            elif value.startswith(('"""', "'''")) and value.count(value[:3]) == 1:
                number = self._skip_string(number, value[:3])

    def _add(self, path: Where, number: int) -> None:
        for end in range(1, len(path) + 1):
            self._lines.setdefault(path[:end], number)

    def _array(self, path: Where, number: int, value: str) -> int:
        """Note the line of each item of the array that starts ``value`` on line ``number``;
        the number of the last line the array takes."""
        depth = 0
        item = 0
        expect_item = False
        line = value
        while True:
            position = 0
            quote: str | None = None
            while position < len(line):
                char = line[position]
                if quote is not None:
                    if char == "\\" and quote == '"':
                        position += 1
                    elif char == quote:
                        quote = None
                elif char == "#":
                    break
                elif char in "[{":
                    if depth == 1 and expect_item:
                        item += 1
                        self._add((*path, item), number)
                        expect_item = False
                    depth += 1
                    expect_item = depth == 1
                elif char in "]}":
                    depth -= 1
                    if depth == 0:
                        return number
                elif char == ",":
                    expect_item = depth == 1
                elif not char.isspace() and depth == 1 and expect_item:
                    item += 1
                    self._add((*path, item), number)
                    expect_item = False
                    if char in "\"'":
                        quote = char
                elif char in "\"'":
                    quote = char
                position += 1
            if number >= len(self._text):
                return number
            line = self._text[number]
            number += 1

    def _skip_string(self, number: int, quote: str) -> int:
        while number < len(self._text):
            number += 1
            if quote in self._text[number - 1]:
                break
        return number

    def find(self, path: Where) -> int | None:
        """The line of ``path``, or of its longest prefix found."""
        for end in range(len(path), 0, -1):
            if path[:end] in self._lines:
                return self._lines[path[:end]]
        return None


_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


def syntax_error(error: tomllib.TOMLDecodeError, text: str) -> tuple[int | None, str]:
    """The line tomllib's message names (the last line "at end of document"), or None, and
    the problem as every file words it: ``a syntax error (what tomllib says, without the
    place)``, since the problem names its line its own way."""
    reason = str(error)
    place = _TOML_PLACE.search(reason)
    if place is None:
        return None, f"a syntax error ({reason})"
    line = int(place.group(1)) if place.group(1) else text.count("\n") + 1
    reason = (reason[: place.start()] + reason[place.end() :]).strip()
    return line, f"a syntax error ({reason})"


_KEY_PART = re.compile(r"\s*(?:([A-Za-z0-9_-]+)|\"((?:[^\"\\]|\\.)*)\"|'([^']*)')\s*")


def parse_key(text: str, position: int) -> tuple[tuple[str, ...], int] | None:
    """A possibly dotted, possibly quoted TOML key at ``position`` and where it ends."""
    parts: list[str] = []
    while True:
        match = _KEY_PART.match(text, position)
        if match is None:
            return None
        bare, basic, literal = match.groups()
        if bare is not None:
            parts.append(bare)
        elif basic is not None:
            parts.append(_unescape(basic))
        else:
            parts.append(literal)
        position = match.end()
        if not text.startswith(".", position):
            return tuple(parts), position
        position += 1


def _unescape(basic: str) -> str:
    try:
        value = tomllib.loads(f'k = "{basic}"')["k"]
    except tomllib.TOMLDecodeError:
        return basic
    return str(value)
