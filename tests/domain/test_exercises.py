"""Break exercises: the shipped catalog, doses and their timeline, exercise-file problems, and
the rotation that picks one exercise per break."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskbreak.assets import asset_path, read_asset_text
from deskbreak.domain import exercises
from deskbreak.domain.exercises import (
    BREAK_SECONDS_MAX,
    Catalog,
    DataProblem,
    Dose,
    Equipment,
    Exercise,
    ExerciseFileError,
    Muscle,
    Position,
    Rotation,
    Side,
    Sides,
    Stage,
    Tempo,
    load_exercises,
    read_exercises,
)

# The evening and floor exercises, by id (the figure animates them under these names).
EVENING = {
    "clamshell": Position.SIDE_LYING,
    "glute-bridge": Position.LYING,
    "single-leg-glute-bridge": Position.LYING,
    "marching-glute-bridge": Position.LYING,
    "side-lying-leg-lift": Position.SIDE_LYING,
    "lateral-band-walk": Position.STANDING,
    "lateral-walk": Position.STANDING,
    "plank": Position.PRONE,
    "butterfly-stretch": Position.SEATED,
}

# What the break popups must be able to offer, by the id each one has in the shipped file.
REQUIRED = {
    "standing-glute-squeeze": Position.STANDING,
    "seated-glute-squeeze": Position.SEATED,
    "glute-squeeze-test": Position.STANDING,
    "bodyweight-squat": Position.STANDING,
    "standing-hip-flexor-stretch": Position.STANDING,
    "standing-side-leg-raise": Position.STANDING,
    "standing-hip-extension": Position.STANDING,
    "lateral-lunge": Position.STANDING,
    "desk-march": Position.STANDING,
    "seated-figure-four-stretch": Position.SEATED,
}

GOOD = """\
[[exercise]]
id = "squeeze"
name = "Glute squeeze"
position = "standing"
purpose = "Wakes the glutes."
cues = ["Stand tall.", "Squeeze hard."]
muscles = ["gluteus_maximus"]
dose = { reps = 10, hold_seconds = 3, hold_label = "squeeze" }
"""


def problems_in(text: str) -> list[tuple[int | None, str | None, str]]:
    """(line, key, message) of every problem in ``text``, in file order."""
    return [(p.line, p.key, p.message) for p in read_exercises(text, "mine.toml").problems]


def only_problem(text: str) -> tuple[int | None, str | None, str]:
    found = problems_in(text)
    assert len(found) == 1, found
    return found[0]


def exercise_text(**fields: str) -> str:
    """One [[exercise]] like GOOD with ``fields`` replaced (TOML values as written);
    a value of "" leaves the key out."""
    values = {
        "id": '"squeeze"',
        "name": '"Glute squeeze"',
        "position": '"standing"',
        "purpose": '"Wakes the glutes."',
        "cues": '["Stand tall.", "Squeeze hard."]',
        "muscles": '["gluteus_maximus"]',
        "dose": "{ reps = 10 }",
    }
    values.update(fields)
    lines = ["[[exercise]]"] + [f"{key} = {value}" for key, value in values.items() if value]
    return "\n".join(lines) + "\n"


# -- the shipped catalog ------------------------------------------------------------------------


def shipped() -> Catalog:
    return load_exercises(read_asset_text("exercises.toml"), "exercises.toml")


def test_the_shipped_file_has_no_problems() -> None:
    reading = read_exercises(read_asset_text("exercises.toml"), "exercises.toml")
    assert reading.problems == ()
    assert len(reading.catalog) >= len(REQUIRED)


def test_the_shipped_catalog_has_every_required_exercise_in_its_position() -> None:
    catalog = shipped()
    for exercise_id, position in REQUIRED.items():
        assert exercise_id in catalog
        assert catalog[exercise_id].position is position


def test_the_evening_exercises_ship_off_the_break_rotation() -> None:
    catalog = shipped()
    for exercise_id, position in EVENING.items():
        exercise = catalog[exercise_id]
        assert exercise.position is position
        assert not exercise.office, exercise_id
        assert exercise.animation == exercise_id
    assert set(catalog.office().ids) == set(REQUIRED)


def test_every_shipped_exercise_says_what_goes_wrong() -> None:
    for exercise in shipped():
        assert 1 <= len(exercise.mistakes) <= 3, exercise.id


def test_every_band_exercise_has_a_shipped_alternative_without_one() -> None:
    catalog = shipped()
    banded = [e for e in catalog if Equipment.MINI_BAND in e.equipment]
    assert [e.id for e in banded] == ["lateral-band-walk"]
    for exercise in banded:
        assert exercise.alternative is not None
        assert not catalog[exercise.alternative].equipment


def test_shipped_doses_follow_the_advice() -> None:
    catalog = shipped()
    assert catalog["clamshell"].dose.text == "15 per side, 1 s at the top"
    assert catalog["single-leg-glute-bridge"].dose.text == "10 per side, 2 s at the top"
    assert catalog["plank"].dose.text == "30 s"


def test_every_shipped_exercise_fits_a_desk_break() -> None:
    for exercise in shipped():
        assert 2 <= len(exercise.cues) <= 3, exercise.id
        assert exercise.purpose
        assert "\n" not in exercise.purpose
        assert exercise.muscles
        # Activate, don't exhaust: one to three minutes, however the dose is written.
        assert 30 <= exercise.dose.total_seconds <= BREAK_SECONDS_MAX, exercise.id


def test_the_shipped_catalog_is_mostly_about_the_glutes() -> None:
    glutes = {Muscle.GLUTEUS_MAXIMUS, Muscle.GLUTEUS_MEDIUS}
    with_glutes = [e for e in shipped() if glutes & set(e.muscles)]
    assert len(with_glutes) >= 8


def test_one_side_exercises_say_so() -> None:
    catalog = shipped()
    assert catalog["glute-squeeze-test"].one_side_then_other
    assert catalog["standing-side-leg-raise"].dose.text == "10 per side"
    assert catalog["lateral-lunge"].sides is Sides.ALTERNATING
    assert not catalog["bodyweight-squat"].one_side_then_other


def test_assets_resolve_to_the_same_file() -> None:
    path = asset_path("exercises.toml")
    assert path.name == "exercises.toml"
    assert path.read_text(encoding="utf-8") == read_asset_text("exercises.toml")


@pytest.mark.parametrize("name", ["", "/etc/passwd", "../pyproject.toml", "a/./b"])
def test_asset_names_stay_inside_the_assets(name: str) -> None:
    with pytest.raises(ValueError, match="expected an asset name"):
        read_asset_text(name)


def test_a_missing_asset_is_named() -> None:
    with pytest.raises(FileNotFoundError, match=r"no-such\.toml"):
        asset_path("no-such.toml")


# -- doses --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        (Dose(reps=10, hold_seconds=3, hold_label="squeeze"), "10 × 3 s squeeze"),
        (Dose(reps=8, sides=Sides.LEFT_THEN_RIGHT), "8 per side"),
        (Dose(reps=6, sides=Sides.ALTERNATING), "6 per side"),
        (Dose(reps=12), "12 reps"),
        (Dose(hold_seconds=30, sides=Sides.LEFT_THEN_RIGHT), "30 s per side"),
        (Dose(hold_seconds=20, hold_label="stretch"), "20 s stretch"),
        (Dose(reps=3, hold_seconds=5, sides=Sides.LEFT_THEN_RIGHT), "3 × 5 s hold per side"),
        (Dose(reps=5, hold_seconds=2.5), "5 × 2.5 s hold"),
        (Dose(duration_seconds=60, sides=Sides.ALTERNATING), "1 min"),
        (Dose(duration_seconds=90), "1 min 30 s"),
        (Dose(duration_seconds=45), "45 s"),
        (Dose(reps=8, sets=2), "8 reps, 2 sets"),
    ],
)
def test_dose_text(dose: Dose, text: str) -> None:
    assert dose.text == text


def test_a_dose_is_either_timed_or_counted() -> None:
    with pytest.raises(ValueError, match="either"):
        Dose()
    with pytest.raises(ValueError, match="either"):
        Dose(reps=5, duration_seconds=60)


@pytest.mark.parametrize(
    ("dose", "seconds", "rough"),
    [
        # 10 holds of 3 s with 9 releases of 2 s between them
        (Dose(reps=10, hold_seconds=3), 10 * 3 + 9 * 2, "about 50 s"),
        # 10 reps at the default pace of 3 s, no pause between reps
        (Dose(reps=10), 30, "about 30 s"),
        (Dose(reps=10, rep_seconds=4), 40, "about 40 s"),
        # one hold on each side with a switch between
        (Dose(hold_seconds=30, sides=Sides.LEFT_THEN_RIGHT), 30 + 5 + 30, "about 1 min"),
        # alternating reps flow without a switch pause
        (Dose(reps=6, rep_seconds=4, sides=Sides.ALTERNATING), 48, "about 50 s"),
        (Dose(duration_seconds=90), 90, "about 1½ min"),
        # two sets with a rest between them
        (Dose(reps=8, sets=2), 8 * 3 * 2 + 15, "about 1 min"),
        (Dose(reps=1, rep_seconds=2), 2, "about 5 s"),
        (Dose(duration_seconds=150), 150, "about 2½ min"),
    ],
)
def test_dose_total_seconds(dose: Dose, seconds: float, rough: str) -> None:
    assert dose.total_seconds == seconds
    assert dose.length_text == rough


def test_moments_of_held_reps_squeeze_then_relax() -> None:
    dose = Dose(reps=3, hold_seconds=3, hold_label="squeeze")  # 3 + 2 + 3 + 2 + 3 = 13 s

    start = dose.moment(0)
    assert (start.stage, start.rep, start.reps, start.side) == (Stage.WORK, 1, 3, None)
    assert start.stage_left == 3
    relax = dose.moment(4)
    assert (relax.stage, relax.rep, relax.stage_left) == (Stage.RELEASE, 1, 1)
    second = dose.moment(5)
    assert (second.stage, second.rep) == (Stage.WORK, 2)
    assert dose.moment(12.5).rep == 3
    assert dose.moment(6.5).fraction == pytest.approx(0.5)


def test_moments_before_the_start_and_after_the_end() -> None:
    dose = Dose(reps=2)
    assert dose.moment(-5).elapsed == 0
    done = dose.moment(6)
    assert done.stage is Stage.DONE
    assert (done.fraction, done.left, done.stage_left) == (1.0, 0.0, 0.0)
    assert dose.moment(1).left == 5


def test_moments_switch_sides_once_for_one_side_then_the_other() -> None:
    dose = Dose(reps=2, sides=Sides.LEFT_THEN_RIGHT)  # L L, switch, R R
    sides = [(m.stage, m.side, m.rep) for m in map(dose.moment, (0, 3, 6, 8, 11, 14))]
    assert sides == [
        (Stage.WORK, Side.LEFT, 1),
        (Stage.WORK, Side.LEFT, 2),
        (Stage.SWITCH, Side.RIGHT, None),
        (Stage.SWITCH, Side.RIGHT, None),
        (Stage.WORK, Side.RIGHT, 1),
        (Stage.WORK, Side.RIGHT, 2),
    ]


def test_moments_of_alternating_reps_count_per_side() -> None:
    dose = Dose(reps=2, rep_seconds=2, sides=Sides.ALTERNATING)
    seen = [(m.side, m.rep) for m in map(dose.moment, (0, 2, 4, 6))]
    assert seen == [(Side.LEFT, 1), (Side.RIGHT, 1), (Side.LEFT, 2), (Side.RIGHT, 2)]


def test_alternating_holds_relax_between_sides() -> None:
    dose = Dose(hold_seconds=5, sides=Sides.ALTERNATING)  # L 5, relax 2, R 5
    assert dose.total_seconds == 12
    assert dose.moment(6).stage is Stage.RELEASE
    assert (dose.moment(8).side, dose.moment(8).rep) == (Side.RIGHT, None)


def test_moments_rest_between_sets() -> None:
    dose = Dose(reps=2, sets=2)  # 6 s, rest 15 s, 6 s
    rest = dose.moment(10)
    assert (rest.stage, rest.set_number, rest.sets, rest.stage_left) == (Stage.REST, 2, 2, 11)
    assert dose.moment(21).set_number == 2


def test_a_timed_dose_is_one_stretch_of_work() -> None:
    dose = Dose(duration_seconds=60, sides=Sides.ALTERNATING)
    moment = dose.moment(15)
    assert (moment.stage, moment.rep, moment.side, moment.stage_left) == (
        Stage.WORK,
        None,
        None,
        45,
    )


def test_exercise_target_is_its_first_muscle() -> None:
    exercise = Exercise(
        "x",
        "X",
        Position.SEATED,
        "p",
        ("a", "b"),
        (Muscle.PIRIFORMIS, Muscle.GLUTEUS_MAXIMUS),
        Dose(hold_seconds=30, sides=Sides.LEFT_THEN_RIGHT),
    )
    assert exercise.target is Muscle.PIRIFORMIS
    assert exercise.sides is Sides.LEFT_THEN_RIGHT


def test_exercise_extras_default_to_a_plain_office_move() -> None:
    plain = Exercise("x", "X", Position.STANDING, "p", ("a", "b"), (Muscle.CALVES,), Dose(reps=5))
    assert (plain.equipment, plain.office, plain.mistakes, plain.safety) == (
        frozenset(),
        True,
        (),
        None,
    )
    assert (plain.animation, plain.alternative, plain.tempo) == ("x", None, None)
    assert plain.missing(frozenset()) == frozenset()
    banded = Exercise(
        "y",
        "Y",
        Position.SIDE_LYING,
        "p",
        ("a", "b"),
        (Muscle.GLUTEUS_MEDIUS,),
        Dose(reps=5, tempo=Tempo(2, 1, 1)),
        equipment=frozenset({Equipment.MINI_BAND, Equipment.MAT}),
        office=False,
        animation="clamshell",
    )
    assert banded.animation == "clamshell"
    assert banded.tempo is not None
    assert banded.tempo.text == "2-1-1"
    assert banded.dose.total_seconds == 20
    assert banded.missing(frozenset({"mat"})) == {Equipment.MINI_BAND}
    assert Catalog((plain, banded)).office().ids == ("x",)


def test_only_floor_positions_are_on_the_floor() -> None:
    floor = {position for position in Position if position.on_the_floor}
    assert floor == {Position.LYING, Position.SIDE_LYING, Position.PRONE}


# -- the catalog ---------------------------------------------------------------------------------


def test_a_catalog_keeps_file_order_and_finds_by_id() -> None:
    catalog = load_exercises(GOOD + GOOD.replace('"squeeze"\n', '"squeeze-2"\n', 1), "f")
    assert catalog.ids == ("squeeze", "squeeze-2")
    assert [e.id for e in catalog] == ["squeeze", "squeeze-2"]
    assert catalog["squeeze-2"].name == "Glute squeeze"
    assert "nothing" not in catalog
    with pytest.raises(KeyError):
        catalog["nothing"]


def test_a_catalog_refuses_two_exercises_with_one_id() -> None:
    exercise = next(iter(load_exercises(GOOD, "f")))
    with pytest.raises(ValueError, match="squeeze"):
        Catalog((exercise, exercise))


# -- problems in exercise files -------------------------------------------------------------------


def test_load_raises_with_every_problem() -> None:
    text = exercise_text(position='"upside-down"', cues='["only one"]')
    with pytest.raises(ExerciseFileError) as caught:
        load_exercises(text, "mine.toml")
    assert len(caught.value.problems) == 2
    assert str(caught.value).splitlines() == [
        "mine.toml:4: exercise[1].position: expected standing, seated, lying, side-lying or "
        "prone, got 'upside-down'",
        "mine.toml:6: exercise[1].cues: expected a list of 2 to 3 form cues, got 1",
    ]


def test_problem_text_without_line_or_key() -> None:
    assert str(DataProblem("f.toml", None, None, "cannot read")) == "f.toml: cannot read"
    assert str(DataProblem("f.toml", 3, None, "broken")) == "f.toml:3: broken"
    assert str(DataProblem("f.toml", None, "a.b", "bad")) == "f.toml: a.b: bad"


def test_a_syntax_error_names_its_line() -> None:
    line, key, message = only_problem(GOOD + 'oops = "\n')
    assert (line, key) == (9, None)
    assert message.startswith("expected TOML, got a syntax error (")
    assert read_exercises("x = [1,\n", "f").catalog == Catalog()


def test_a_syntax_error_at_the_end_of_the_file() -> None:
    line, _, message = only_problem(GOOD + "[[exercise]]\nid =")
    assert line == 10
    assert "at end of document" not in message


def test_a_byte_order_mark_is_fine() -> None:
    assert problems_in("\ufeff" + GOOD) == []


def test_unknown_top_level_keys_and_versions() -> None:
    assert problems_in("colour = 1\nschema_version = 2\n" + GOOD) == [
        (1, "colour", "unknown key; expected schema_version or exercise"),
        (2, "schema_version", "expected schema version 1, got 2"),
    ]
    assert only_problem("schema_version = true\n" + GOOD)[2] == (
        "expected schema version 1, got True"
    )
    assert problems_in("schema_version = 1\n" + GOOD) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, "exercise", "expected at least one [[exercise]] table")),
        ("[exercise]\nid = 'x'\n", (1, "exercise", "expected [[exercise]] tables, with double")),
        ("exercise = []\n", (1, "exercise", "expected at least one [[exercise]] table, got an")),
        ("exercise = 5\n", (1, "exercise", "expected [[exercise]] tables, got 5")),
    ],
)
def test_a_file_needs_exercise_tables(text: str, expected: tuple[int | None, str, str]) -> None:
    line, key, message = only_problem(text)
    assert (line, key) == expected[:2]
    assert message.startswith(expected[2])


def test_an_exercise_that_is_not_a_table() -> None:
    text = 'exercise = [\n  1,\n  { id = "x" },\n]\n'
    found = problems_in(text)
    assert found[0] == (2, "exercise[1]", "expected an [[exercise]] table, got 1")
    assert found[1][:2] == (3, "exercise[2].name")


def test_unknown_and_missing_keys_of_an_exercise() -> None:
    text = exercise_text(purpose="", colour='"red"')
    assert problems_in(text) == [
        (
            1,
            "exercise[1].purpose",
            "missing; expected one line of 1 to 90 characters saying what the exercise is for",
        ),
        (
            8,
            "exercise[1].colour",
            "unknown key; expected id, name, position, purpose, cues, muscles, dose, sides, "
            "equipment, office, mistakes, safety, tempo, alternative or animation",
        ),
    ]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("id", '"Glute Squeeze"', "expected lowercase letters, digits and single dashes"),
        ("id", "7", "expected lowercase letters, digits and single dashes"),
        ("id", '"a--b"', "expected lowercase letters, digits and single dashes"),
        ("id", '"' + "a" * 41 + '"', "at most 40 characters"),
        ("name", '"' + "N" * 41 + '"', "expected a name of 1 to 40 characters on one line"),
        ("name", '"  "', "expected a name of 1 to 40 characters"),
        ("name", '"two\\nlines"', "on one line, got 'two\\nlines'"),
        ("purpose", "3", "expected a purpose of 1 to 90 characters on one line, got 3"),
        ("position", '"floor"', "expected standing, seated, lying, side-lying or prone, got"),
        ("sides", '"right"', "expected both, left-then-right or alternating, got 'right'"),
        ("cues", '"Stand tall."', "expected a list of 2 to 3 form cues, got 'Stand tall.'"),
        ("cues", '["a", "b", "c", "d"]', "expected a list of 2 to 3 form cues, got 4"),
        ("muscles", '["glutes"]', "expected a list of different muscles from gluteus_maximus"),
        ("muscles", "[]", "expected a list of different muscles"),
        ("muscles", '"calves"', "expected a list of different muscles"),
        ("muscles", '["calves", "calves"]', "expected a list of different muscles"),
        ("dose", "10", "expected a table such as { reps = 10 }, got 10"),
    ],
)
def test_a_wrong_value_names_the_key_and_what_was_expected(
    key: str, value: str, message: str
) -> None:
    text = exercise_text(**{key: value})
    line, where, found = only_problem(text)
    assert where == f"exercise[1].{key}"
    assert line == text.splitlines().index(f"{key} = {value}") + 1
    assert message in found


def test_an_empty_exercise_misses_everything() -> None:
    keys = [key for _, key, _ in problems_in("[[exercise]]\n")]
    assert keys == [f"exercise[1].{key}" for key in exercises._REQUIRED]


def test_a_bad_cue_names_its_own_line() -> None:
    text = exercise_text(cues='[\n  "Stand tall.",  # fine\n  "",\n]')
    assert only_problem(text) == (
        8,
        "exercise[1].cues[2]",
        "expected a cue of 1 to 70 characters on one line, got ''",
    )


@pytest.mark.parametrize(
    ("dose", "key", "message"),
    [
        ("{ reps = 0 }", "reps", "expected a whole number from 1 to 30, got 0"),
        ("{ reps = 2.5 }", "reps", "expected a whole number from 1 to 30, got 2.5"),
        ("{ reps = true }", "reps", "expected a whole number from 1 to 30, got True"),
        ("{ reps = 'ten' }", "reps", "expected a whole number from 1 to 30, got 'ten'"),
        ("{ hold_seconds = 90 }", "hold_seconds", "expected a number from 1 to 60 seconds"),
        ("{ hold_seconds = nan }", "hold_seconds", "expected a number from 1 to 60 seconds"),
        ("{ duration_seconds = 5 }", "duration_seconds", "from 10 to 180 seconds, got 5"),
        ("{ reps = 5, sets = 4 }", "sets", "expected a whole number from 1 to 3, got 4"),
        ("{ reps = 5, rep_seconds = 0.5 }", "rep_seconds", "from 1 to 10 seconds, got 0.5"),
        ("{ reps = 5, tempo = 2 }", "tempo", "unknown key; expected reps, hold_seconds"),
        ("{ reps = 5, hold_label = 'squeeze' }", "hold_label", "expected only with hold_seconds"),
        (
            "{ hold_seconds = 5, hold_label = 'a long squeeze' }",
            "hold_label",
            "expected a word of 1 to 12 characters on one line",
        ),
        (
            "{ reps = 5, hold_seconds = 2, rep_seconds = 4 }",
            "rep_seconds",
            "expected only with reps and no hold_seconds",
        ),
        (
            "{ duration_seconds = 60, rep_seconds = 4 }",
            "rep_seconds",
            "expected only with reps and no hold_seconds",
        ),
    ],
)
def test_dose_problems(dose: str, key: str, message: str) -> None:
    line, where, found = only_problem(exercise_text(dose=dose))
    assert (line, where) == (8, f"exercise[1].dose.{key}")
    assert message in found


@pytest.mark.parametrize(
    ("dose", "sides", "message"),
    [
        ("{ sets = 2 }", '"both"', "expected duration_seconds for a timed move, or reps"),
        ("{ reps = 5, duration_seconds = 60 }", '"both"', "expected duration_seconds for a"),
        ("{ duration_seconds = 60 }", '"left-then-right"', "expected sides both or alternating"),
        ("{ reps = 20, hold_seconds = 10 }", '"both"', "of 3 min at most, got about 4 min"),
    ],
)
def test_dose_shape_problems(dose: str, sides: str, message: str) -> None:
    line, where, found = only_problem(exercise_text(dose=dose, sides=sides))
    assert (line, where) == (8, "exercise[1].dose")
    assert message in found


def test_a_dose_as_a_sub_table() -> None:
    text = exercise_text(dose="") + "[exercise.dose]\nreps = 5\nhold_seconds = 99\n"
    assert only_problem(text)[:2] == (10, "exercise[1].dose.hold_seconds")
    fine = exercise_text(dose="") + "[exercise.dose]\nreps = 5\n"
    assert load_exercises(fine, "f")["squeeze"].dose.text == "5 reps"


def test_a_bad_dose_does_not_hide_other_problems() -> None:
    text = exercise_text(dose="{ reps = 0 }", sides='"sideways"')
    assert [key for _, key, _ in problems_in(text)] == [
        "exercise[1].dose.reps",
        "exercise[1].sides",
    ]


def test_a_repeated_id_names_the_first_line() -> None:
    text = GOOD + "\n" + GOOD
    assert only_problem(text) == (
        11,
        "exercise[2].id",
        "expected an id used once, got 'squeeze' again (first on line 2)",
    )
    assert read_exercises(text, "f").catalog.ids == ("squeeze",)


def test_good_exercises_survive_a_bad_neighbour() -> None:
    reading = read_exercises(GOOD + exercise_text(id='"other"', position='"upside-down"'), "f")
    assert reading.catalog.ids == ("squeeze",)
    assert len(reading.problems) == 1


def test_problems_come_in_file_order() -> None:
    text = exercise_text(muscles='["x"]') + "colour = 1\n"
    lines = [line for line, _, _ in problems_in("unknown = 2\n" + text)]
    assert lines == sorted(lines)


# -- the rotation -----------------------------------------------------------------------------


def catalog_of(count: int) -> Catalog:
    dose = Dose(reps=5)
    return Catalog(
        tuple(
            Exercise(f"e{n}", f"E{n}", Position.STANDING, "p", ("a", "b"), (Muscle.CALVES,), dose)
            for n in range(count)
        )
    )


def picks(rotation: Rotation, count: int) -> list[str]:
    return [rotation.pick().id for _ in range(count)]


def test_a_rotation_needs_exercises() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Rotation(Catalog())


def test_one_exercise_can_only_repeat() -> None:
    assert picks(Rotation(catalog_of(1), seed=1), 3) == ["e0", "e0", "e0"]


def test_a_seed_makes_the_order_reproducible() -> None:
    catalog = catalog_of(6)
    assert picks(Rotation(catalog, seed=7), 12) == picks(Rotation(catalog, seed=7), 12)


def test_after_a_restart_the_deck_goes_on_with_what_it_has_not_offered() -> None:
    catalog = catalog_of(5)
    # An older deck, then e3 and e1 of the current one.
    history = ["e0", "e1", "e2", "e3", "e4", "e3", "e1"]
    assert sorted(picks(Rotation(catalog, history, seed=3), 3)) == ["e0", "e2", "e4"]


def test_a_complete_deck_in_the_history_starts_a_new_one() -> None:
    catalog = catalog_of(3)
    next_three = picks(Rotation(catalog, ["e2", "e0", "e1"], seed=5), 3)
    assert sorted(next_three) == ["e0", "e1", "e2"]
    assert next_three[0] != "e1"


def test_ids_no_longer_in_the_catalog_are_ignored() -> None:
    catalog = catalog_of(3)
    rotation = Rotation(catalog, ["gone", "e0", "removed"], seed=2)
    assert sorted(picks(rotation, 2)) == ["e1", "e2"]


@given(
    size=st.integers(min_value=2, max_value=12),
    seed=st.integers(min_value=0, max_value=2**32),
    cycles=st.integers(min_value=1, max_value=6),
)
def test_every_exercise_once_per_cycle_and_never_twice_in_a_row(
    size: int, seed: int, cycles: int
) -> None:
    catalog = catalog_of(size)
    offered = picks(Rotation(catalog, seed=seed), size * cycles)
    for start in range(0, len(offered), size):
        assert sorted(offered[start : start + size]) == sorted(catalog.ids)
    assert all(a != b for a, b in itertools.pairwise(offered))


@given(
    size=st.integers(min_value=2, max_value=10),
    seed=st.integers(min_value=0, max_value=2**32),
    runs=st.lists(st.integers(min_value=0, max_value=25), min_size=1, max_size=8),
    kept=st.integers(min_value=0, max_value=40),
)
def test_restarts_from_history_keep_the_rotation_fair(
    size: int, seed: int, runs: Sequence[int], kept: int
) -> None:
    """The app restarts between runs of picks and hands over its recent history (at least the
    last ``size`` ids): still no immediate repeat, and every exercise within 2 × size - 1."""
    catalog = catalog_of(size)
    offered: list[str] = []
    for number, run in enumerate(runs):
        history = offered[-max(size, kept) :]
        offered += picks(Rotation(catalog, history, seed=seed + number), run)
    assert all(a != b for a, b in itertools.pairwise(offered))
    window = 2 * size - 1
    for start in range(len(offered) - window + 1):
        assert set(offered[start : start + window]) == set(catalog.ids)


# -- deskbreak validate ------------------------------------------------------------------------


def test_validate_reads_exercise_files_by_name_or_by_their_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from deskbreak.cli import main

    named = tmp_path / "my-exercises.toml"
    named.write_text(exercise_text(position='"upside-down"'), encoding="utf-8")
    shaped = tmp_path / "breaks.toml"
    shaped.write_text(GOOD, encoding="utf-8")

    status = main(["validate", str(asset_path("exercises.toml")), str(named), str(shaped)])

    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines == [
        f"{asset_path('exercises.toml')}: valid",
        f"{named}:4: exercise[1].position: expected standing, seated, lying, side-lying or "
        "prone, got 'upside-down'",
        f"{shaped}: valid",
    ]


def test_validate_explains_an_unreadable_exercise_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from deskbreak.cli import main

    binary = tmp_path / "exercises.toml"
    binary.write_bytes(b"[[exercise]]\n\xff\n")
    missing = tmp_path / "gone-exercises.toml"
    broken = tmp_path / "broken.toml"
    broken.write_text("[[exercise]\n", encoding="utf-8")

    assert main(["validate", str(binary), str(missing), str(broken)]) == 1

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{binary}:2: expected UTF-8 text, got byte 14"
    assert lines[1].startswith(f"{missing}: cannot read the file (")
    # Not TOML at all: the settings validator says so.
    assert lines[2].startswith(f"{broken}:1: expected TOML, got a syntax error")
