"""The one settings schema: every default is valid, every kind of value reads and writes back."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

import pytest

from deskbreak.domain.settings import (
    OPTIONS,
    WEEKDAY_NAMES,
    Kind,
    Option,
    SettingError,
    Settings,
    known_keys,
    option,
    parse_assignment,
)

NUMERIC = (Kind.DURATION, Kind.INT)


def refused(opt: Option, raw: Any) -> str:
    """The message ``opt`` gives for ``raw``; fails the test if ``raw`` is accepted."""
    with pytest.raises(SettingError) as caught:
        opt.parse(raw)
    return str(caught.value)


# ------------------------------------------------------------------- the schema itself


@pytest.mark.parametrize("opt", OPTIONS, ids=lambda opt: opt.key)
def test_every_default_reads_back_from_its_written_form(opt: Option) -> None:
    assert opt.parse(opt.write(opt.default)) == opt.default
    assert opt.parse(opt.text(opt.default)) == opt.default


@pytest.mark.parametrize("opt", OPTIONS, ids=lambda opt: opt.key)
def test_every_default_lies_within_its_bounds(opt: Option) -> None:
    if opt.kind in NUMERIC:
        assert opt.minimum is not None
        assert opt.maximum is not None
        assert opt.minimum <= opt.default <= opt.maximum
    else:
        assert (opt.minimum, opt.maximum) == (None, None)


@pytest.mark.parametrize("opt", OPTIONS, ids=lambda opt: opt.key)
def test_every_option_says_what_it_does_and_in_what_unit(opt: Option) -> None:
    assert opt.description.strip()
    assert "\n" not in opt.description
    assert opt.description.endswith(".")
    assert opt.unit.strip()
    assert re.fullmatch(r"[a-z]+\.[a-z_]+", opt.key)
    assert opt.key.startswith(opt.group + ".")


@pytest.mark.parametrize(
    "opt", [opt for opt in OPTIONS if opt.kind in NUMERIC], ids=lambda opt: opt.key
)
def test_every_bound_is_accepted_and_a_second_beyond_it_is_refused(opt: Option) -> None:
    assert opt.minimum is not None
    assert opt.maximum is not None
    assert opt.parse(opt.write(opt.minimum)) == opt.minimum
    assert opt.parse(opt.write(opt.maximum)) == opt.maximum
    too_long = opt.write(opt.maximum + 1)
    assert refused(opt, too_long) == f"expected {opt.expected()}, got {too_long}"
    if opt.minimum >= 1:
        too_short = opt.write(opt.minimum - 1)
        assert refused(opt, too_short) == f"expected {opt.expected()}, got {too_short}"


def test_keys_are_unique_and_listed_in_schema_order() -> None:
    assert known_keys() == tuple(opt.key for opt in OPTIONS)
    assert len(set(known_keys())) == len(OPTIONS)
    assert option("breaks.interval").default == 45 * 60
    with pytest.raises(KeyError):
        option("breaks.intervall")


def test_the_defaults_are_the_ones_the_design_names() -> None:
    defaults = Settings()
    assert defaults.seconds("sitting.away_threshold") == 5 * 60
    assert defaults.seconds("breaks.interval") == 45 * 60
    assert defaults.seconds("breaks.warning") == 60
    assert defaults.seconds("breaks.snooze") == 5 * 60
    assert defaults.seconds("breaks.unanswered") == 2 * 60
    assert defaults.time_of_day("day.start") == time(4, 0)


# ------------------------------------------------------------------------ durations

INTERVAL = option("breaks.interval")


def test_a_duration_is_held_in_seconds_and_written_as_people_write_it() -> None:
    assert INTERVAL.parse("30m") == 1800.0
    assert INTERVAL.parse(" 1h30m ") == 5400.0
    assert INTERVAL.write(1800.0) == "30m"
    assert INTERVAL.text(5400.0) == "1h30m"


def test_a_duration_names_its_range_and_an_example() -> None:
    assert INTERVAL.expected() == "a duration from 1m to 4h such as 45m"


@pytest.mark.parametrize(("raw", "shown"), [("banana", "'banana'"), (30, "30"), (None, "None")])
def test_a_duration_that_is_not_one_is_refused(raw: Any, shown: str) -> None:
    assert refused(INTERVAL, raw) == f"expected a duration from 1m to 4h such as 45m, got {shown}"


@pytest.mark.parametrize(("raw", "shown"), [("30s", "30s"), ("4h1s", "4h1s")])
def test_a_duration_out_of_range_is_refused_as_written(raw: str, shown: str) -> None:
    assert refused(INTERVAL, raw) == f"expected a duration from 1m to 4h such as 45m, got {shown}"


def test_a_duration_just_out_of_range_is_not_rounded_into_it_in_the_message() -> None:
    # 59.6s is refused (below 1m); the message must not claim the user wrote 1m.
    assert refused(INTERVAL, "59.6s").endswith("got 59.6s")


def test_a_duration_without_bounds_only_gives_an_example() -> None:
    free = Option("test.free", Kind.DURATION, 90.0, "A free duration.", unit="duration")
    assert free.expected() == "a duration such as 1m30s"
    assert free.parse("10h") == 36000.0


@pytest.mark.parametrize(
    ("minimum", "maximum", "expected"),
    [
        (60.0, None, "a duration of at least 1m such as 1m30s"),
        (None, 120.0, "a duration of at most 2m such as 1m30s"),
    ],
)
def test_a_duration_with_one_bound_names_it(
    minimum: float | None, maximum: float | None, expected: str
) -> None:
    half = Option("test.half", Kind.DURATION, 90.0, "Half bounded.", "duration", minimum, maximum)
    assert half.expected() == expected


# ---------------------------------------------------------------------- time of day

DAY_START = option("day.start")


@pytest.mark.parametrize(
    ("raw", "held"),
    [
        ("04:00", time(4, 0)),
        ("4:00", time(4, 0)),
        (" 23:59 ", time(23, 59)),
        ("00:00", time(0, 0)),
        (time(6, 15, 42, 7), time(6, 15)),  # TOML local times carry seconds: minutes count
    ],
)
def test_a_time_of_day_is_read_to_the_minute(raw: Any, held: time) -> None:
    assert DAY_START.parse(raw) == held


@pytest.mark.parametrize("raw", ["24:00", "12:60", "noon", "4", "4:0", "04:00:00", 400, None])
def test_a_time_of_day_that_is_not_one_is_refused(raw: Any) -> None:
    assert refused(DAY_START, raw) == f"expected a time of day as HH:MM, such as 04:00, got {raw!r}"


def test_a_time_of_day_is_written_with_two_digit_hours() -> None:
    assert DAY_START.write(time(4, 5)) == "04:05"
    assert DAY_START.text(time(23, 0)) == "23:00"


# --------------------------------------------------------------------------- booleans

SOUND = Option("test.sound", Kind.BOOL, True, "Play a sound.", unit="on or off")


@pytest.mark.parametrize(
    ("raw", "held"),
    [
        (True, True),
        (False, False),
        ("true", True),
        (" False ", False),
        ("ON", True),
        ("off", False),
    ],
)
def test_a_boolean_is_read_from_toml_or_typed_words(raw: Any, held: bool) -> None:
    assert SOUND.parse(raw) is held


@pytest.mark.parametrize("raw", ["yes", "1", 1, 0, None])
def test_a_boolean_that_is_not_one_is_refused(raw: Any) -> None:
    assert refused(SOUND, raw) == f"expected true or false, got {raw!r}"


def test_a_boolean_is_written_as_toml_and_typed_as_a_word() -> None:
    assert SOUND.write(True) is True
    assert SOUND.text(True) == "true"
    assert SOUND.text(False) == "false"


# ---------------------------------------------------------------------- whole numbers

REPS = Option("test.reps", Kind.INT, 10, "Repetitions.", unit="reps", minimum=-5, maximum=30)


@pytest.mark.parametrize(("raw", "held"), [(10, 10), ("12", 12), (" -3 ", -3), (30, 30)])
def test_a_whole_number_is_read_from_toml_or_text(raw: Any, held: int) -> None:
    assert REPS.parse(raw) == held


@pytest.mark.parametrize("raw", [True, 10.0, "10.5", "ten", "", None])
def test_a_whole_number_that_is_not_one_is_refused(raw: Any) -> None:
    assert refused(REPS, raw) == f"expected a whole number from -5 to 30, got {raw!r}"


@pytest.mark.parametrize("raw", [-6, "31"])
def test_a_whole_number_out_of_range_is_refused(raw: Any) -> None:
    assert refused(REPS, raw) == f"expected a whole number from -5 to 30, got {int(raw)}"


def test_a_whole_number_is_written_as_itself() -> None:
    assert REPS.write(12) == 12
    assert REPS.text(12) == "12"


def test_a_whole_number_without_bounds_says_so() -> None:
    count = Option("test.count", Kind.INT, 3, "A count.", unit="times")
    assert count.expected() == "a whole number"
    assert refused(count, "many") == "expected a whole number, got 'many'"
    at_least = Option("test.at_least", Kind.INT, 3, "A count.", unit="times", minimum=1)
    assert at_least.expected() == "a whole number of at least 1"


# ---------------------------------------------------------------------------- choices

THEME = Option(
    "test.theme", Kind.CHOICE, "light", "Colours.", unit="theme", choices=("light", "dark")
)


def test_a_choice_is_one_of_its_words_exactly() -> None:
    assert THEME.parse("dark") == "dark"
    assert THEME.write("dark") == "dark"
    assert THEME.text("dark") == "dark"


@pytest.mark.parametrize("raw", ["Dark", " dark", "blue", 1])
def test_a_choice_that_is_not_listed_is_refused(raw: Any) -> None:
    assert refused(THEME, raw) == f"expected one of 'light', 'dark', got {raw!r}"


# --------------------------------------------------------------------------- weekdays

RUN_DAYS = Option("test.run_days", Kind.WEEKDAYS, (1, 3), "Run days.", unit="weekdays")


@pytest.mark.parametrize(
    ("raw", "held"),
    [
        ("mon, wed", (0, 2)),
        ("Monday Friday", (0, 4)),
        ("tues,thurs", (1, 3)),
        (["sun", "mon", "mon"], (0, 6)),  # sorted, each once
        (("sat",), (5,)),
        ("", ()),  # no run days at all
        ([], ()),
    ],
)
def test_weekdays_are_read_from_a_list_or_a_line(raw: Any, held: tuple[int, ...]) -> None:
    assert RUN_DAYS.parse(raw) == held


def test_weekdays_name_every_day_they_accept() -> None:
    assert RUN_DAYS.expected() == "a list of weekdays from mon, tue, wed, thu, fri, sat, sun"
    assert RUN_DAYS.parse(list(WEEKDAY_NAMES)) == tuple(range(7))


@pytest.mark.parametrize("raw", ["funday", ["mon", 3], ["mo"], 5, None, {"mon": True}])
def test_weekdays_that_are_not_days_are_refused(raw: Any) -> None:
    message = refused(RUN_DAYS, raw)
    assert message == f"expected {RUN_DAYS.expected()}, got {raw!r}"


@pytest.mark.parametrize("raw", ["monkey", "wedding", "sunshine", "thuesday"])
def test_a_word_that_only_starts_like_a_day_is_refused(raw: str) -> None:
    assert refused(RUN_DAYS, raw) == f"expected {RUN_DAYS.expected()}, got {raw!r}"


def test_weekdays_are_written_as_names_and_typed_as_one_line() -> None:
    assert RUN_DAYS.write((1, 3)) == ["tue", "thu"]
    assert RUN_DAYS.text((1, 3)) == "tue,thu"
    assert RUN_DAYS.text(()) == ""


# --------------------------------------------------------------------------- Settings


def test_settings_start_from_the_defaults() -> None:
    defaults = Settings()
    assert dict(defaults.items()) == {opt.key: opt.default for opt in OPTIONS}
    assert defaults["breaks.interval"] == option("breaks.interval").default
    assert defaults == Settings({})
    assert defaults.changed() == {}
    assert repr(defaults) == "Settings({})"


def test_settings_refuse_an_unknown_key() -> None:
    with pytest.raises(KeyError) as caught:
        Settings({"breaks.intervall": 1800.0})
    assert caught.value.args == ("unknown setting 'breaks.intervall'",)


def test_a_changed_value_is_all_that_changed_lists() -> None:
    shorter = Settings().with_value("breaks.interval", 1800.0)
    assert shorter.changed() == {"breaks.interval": 1800.0}
    assert repr(shorter) == "Settings({'breaks.interval': 1800.0})"
    back = shorter.with_value("breaks.interval", 2700.0)
    assert back.changed() == {}
    assert back == Settings()


def test_with_value_and_replace_leave_the_original_alone() -> None:
    original = Settings()
    via_key = original.with_value("day.start", time(5, 0))
    via_name = original.replace(day__start=time(5, 0))
    assert via_key == via_name
    assert via_key != original
    assert original.time_of_day("day.start") == time(4, 0)


def test_with_value_and_replace_refuse_an_unknown_key() -> None:
    with pytest.raises(KeyError) as by_key:
        Settings().with_value("breaks.often", 1.0)
    with pytest.raises(KeyError) as by_name:
        Settings().replace(breaks__often=1.0)
    assert by_key.value.args == by_name.value.args == ("unknown setting 'breaks.often'",)


def test_settings_equal_only_settings_with_the_same_values() -> None:
    assert Settings({"breaks.snooze": 600.0}) == Settings({"breaks.snooze": 600.0})
    assert Settings({"breaks.snooze": 600.0}) != Settings({"breaks.snooze": 900.0})
    assert Settings() != {opt.key: opt.default for opt in OPTIONS}


def test_equal_settings_work_as_one_key() -> None:
    first = Settings({"breaks.snooze": 600.0, "day.start": time(6, 0)})
    second = Settings({"day.start": time(6, 0), "breaks.snooze": 600.0})
    assert hash(first) == hash(second)
    assert len({first, second, Settings()}) == 2


def test_settings_equal_by_value_hash_alike_whatever_the_number_type() -> None:
    whole = Settings({"breaks.interval": 2700})
    assert whole == Settings()
    assert hash(whole) == hash(Settings())


def test_seconds_are_floats_even_when_a_whole_number_is_held() -> None:
    held = Settings({"breaks.interval": 1800})
    assert held.seconds("breaks.interval") == 1800.0
    assert isinstance(held.seconds("breaks.interval"), float)


# ------------------------------------------------------------------ KEY=VALUE lines


@pytest.mark.parametrize(
    ("text", "assignment"),
    [
        ("breaks.interval=30m", ("breaks.interval", 1800.0)),
        (" day.start = 05:30 ", ("day.start", time(5, 30))),
        ("breaks.warning=0s", ("breaks.warning", 0.0)),
    ],
)
def test_an_assignment_is_read_into_key_and_held_value(
    text: str, assignment: tuple[str, Any]
) -> None:
    assert parse_assignment(text) == assignment


def test_an_assignment_without_equals_sign_is_refused() -> None:
    with pytest.raises(SettingError) as caught:
        parse_assignment("breaks.interval 30m")
    assert str(caught.value) == "expected KEY=VALUE, got 'breaks.interval 30m'"


def test_an_assignment_to_an_unknown_key_lists_the_known_ones() -> None:
    with pytest.raises(SettingError) as caught:
        parse_assignment("breaks.intervall=30m")
    assert str(caught.value) == (
        "unknown setting 'breaks.intervall'; known settings: " + ", ".join(known_keys())
    )


@pytest.mark.parametrize(
    ("text", "got"), [("breaks.interval=20s", "20s"), ("breaks.interval=", "''")]
)
def test_an_assignment_with_a_bad_value_says_what_was_expected(text: str, got: str) -> None:
    with pytest.raises(SettingError) as caught:
        parse_assignment(text)
    assert str(caught.value) == f"expected a duration from 1m to 4h such as 45m, got {got}"


def test_every_option_has_a_label_for_people() -> None:
    for each in OPTIONS:
        assert each.label, each.key
        assert each.title == each.label
    unlabelled = Option("extra.mini_band", Kind.BOOL, False, "An option without a label.")
    assert unlabelled.title == "Mini band"
