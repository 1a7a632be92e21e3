"""Bad exercise and routine files, one kind each, as ``deskbreak validate`` reports them, and
the library that loads the user's own files beside the shipped ones without ever stopping."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskbreak.app.library import (
    EXERCISES_FOLDER,
    ROUTINES_FOLDER,
    load_library,
    shipped_catalog,
)
from deskbreak.assets import asset_path
from deskbreak.cli import main
from deskbreak.domain.exercises import Equipment, Position

EXERCISE = """\
[[exercise]]
id = "hop"
name = "Hop"
position = "standing"
purpose = "Wakes the calves."
cues = ["Stand tall.", "Hop softly."]
muscles = ["calves"]
"""
HOP = EXERCISE + "dose = { reps = 10 }\n"
ROUTINE = """\
[[routine]]
id = "mine"
name = "Mine"
purpose = "Mine."

[[routine.step]]
exercise = "clamshell"
"""


def validate(tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    """What ``deskbreak validate`` prints for a file ``name`` holding ``text``, with the
    folder left out; it must exit 1."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    return capsys.readouterr().out.replace(f"{tmp_path}/", "")


BAD_EXERCISE_FILES = {
    "not-toml": (
        EXERCISE + "dose = { reps = 10\n",
        "8: expected TOML, got a syntax error (Unclosed inline table)",
    ),
    "unknown-position": (
        HOP.replace('"standing"', '"upside-down"'),
        "4: exercise[1].position: expected standing, seated, lying, side-lying or prone, "
        "got 'upside-down'",
    ),
    "missing-dose": (
        EXERCISE,
        "1: exercise[1].dose: missing; expected a dose such as { reps = 10 } or "
        "{ hold_seconds = 30 }",
    ),
    "bad-dose-number": (
        EXERCISE + "dose = { reps = 100 }\n",
        "8: exercise[1].dose.reps: expected a whole number from 1 to 30, got 100",
    ),
    "dose-too-long": (
        EXERCISE + "dose = { reps = 30, hold_seconds = 10 }\n",
        "8: exercise[1].dose: expected a dose of 3 min at most, got about 6 min: a few careful "
        "reps wake the muscles up, more tires them out",
    ),
    "unknown-equipment": (
        EXERCISE + 'equipment = ["kettlebell"]\ndose = { reps = 10 }\n',
        "8: exercise[1].equipment: expected a list of different items from mini-band, mat and "
        "chair, or [] for none; got ['kettlebell']",
    ),
    "office-on-the-floor": (
        EXERCISE.replace('"standing"', '"prone"') + "office = true\ndose = { reps = 10 }\n",
        "8: exercise[1].office: expected false for an exercise on the floor or with a band or "
        "mat: breaks happen at a desk, in office clothes",
    ),
    "office-not-a-boolean": (
        EXERCISE + 'office = "yes"\ndose = { reps = 10 }\n',
        "8: exercise[1].office: expected true or false, got 'yes'",
    ),
    "band-without-alternative": (
        EXERCISE + 'equipment = ["mini-band"]\ndose = { reps = 10 }\n',
        "8: exercise[1].equipment: expected an alternative with the mini-band: the id of an "
        "exercise that does the same job without one, for whoever has no band",
    ),
    "unknown-alternative": (
        EXERCISE + 'equipment = ["mini-band"]\nalternative = "jump"\ndose = { reps = 10 }\n',
        "9: exercise[1].alternative: expected the id of another exercise, here or shipped, "
        "that needs no band; got 'jump'",
    ),
    "alternative-with-a-band": (
        EXERCISE
        + 'equipment = ["mini-band"]\nalternative = "lateral-band-walk"\ndose = { reps = 10 }\n',
        "9: exercise[1].alternative: expected the id of another exercise, here or shipped, "
        "that needs no band; got 'lateral-band-walk'",
    ),
    "bad-tempo": (
        EXERCISE + 'tempo = "fast"\ndose = { reps = 10 }\n',
        '8: exercise[1].tempo: expected seconds up, at the peak and down, such as "2-1-2" '
        "(up and down 0.5 to 10, the peak 0 to 10); got 'fast'",
    ),
    "tempo-with-a-hold": (
        EXERCISE + 'tempo = "1-1-1"\ndose = { hold_seconds = 10 }\n',
        "8: exercise[1].tempo: expected only with reps or duration_seconds in the dose: it "
        "paces reps, so it cannot go with hold_seconds or rep_seconds",
    ),
    "too-many-mistakes": (
        EXERCISE + 'mistakes = ["a", "b", "c", "d"]\ndose = { reps = 10 }\n',
        "8: exercise[1].mistakes: expected a list of 1 to 3 common mistakes, got 4",
    ),
    "empty-safety-note": (
        EXERCISE + 'safety = ""\ndose = { reps = 10 }\n',
        "8: exercise[1].safety: expected a safety note of 1 to 120 characters on one line, got ''",
    ),
    "bad-animation-id": (
        EXERCISE + 'animation = "Hop Hop"\ndose = { reps = 10 }\n',
        "8: exercise[1].animation: expected lowercase letters, digits and single dashes, at "
        "most 40 characters, such as \"glute-squeeze\"; got 'Hop Hop'",
    ),
    "repeated-id": (
        HOP + "\n" + HOP,
        "11: exercise[2].id: expected an id used once, got 'hop' again (first on line 2)",
    ),
    "shipped-id": (
        HOP.replace('"hop"', '"plank"'),
        "2: exercise[1].id: expected an id used once, got 'plank' again (a shipped exercise "
        "has it)",
    ),
}


@pytest.mark.parametrize("kind", BAD_EXERCISE_FILES)
def test_a_bad_exercise_file(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, expected = BAD_EXERCISE_FILES[kind]
    assert validate(tmp_path, "my-exercises.toml", text, capsys) == (
        f"my-exercises.toml:{expected}\n"
    )


# Nine clamshell steps of about 2 minutes with 2-minute rests: too long for one routine.
LONG = (
    ROUTINE
    + "rest_after_seconds = 120\n"
    + ('\n[[routine.step]]\nexercise = "clamshell"\nrest_after_seconds = 120\n' * 8)
)
BAD_ROUTINE_FILES = {
    "unknown-exercise": (
        ROUTINE.replace('"clamshell"', '"cartwheel"'),
        "7: routine[1].step[1].exercise: expected the id of a known exercise (such as "
        '"standing-glute-squeeze", "seated-glute-squeeze", "glute-squeeze-test"); got '
        "'cartwheel'",
    ),
    "bad-dose": (
        ROUTINE + "dose = { reps = 0 }\n",
        "8: routine[1].step[1].dose.reps: expected a whole number from 1 to 30, got 0",
    ),
    "dose-that-does-not-fit-the-exercise": (
        ROUTINE + "dose = { duration_seconds = 30 }\n",
        "8: routine[1].step[1].dose: expected sides both or alternating with "
        "duration_seconds, which times the whole move; use hold_seconds for a hold on each side",
    ),
    "missing-name": (
        ROUTINE.replace('name = "Mine"\n', ""),
        "1: routine[1].name: missing; expected a name of 1 to 40 characters",
    ),
    "unknown-routine-key": (
        ROUTINE.replace('purpose = "Mine."\n', 'purpose = "Mine."\nlevel = 3\n'),
        "5: routine[1].level: unknown key; expected id, name, purpose or step",
    ),
    "repeated-id": (
        ROUTINE + "\n" + ROUTINE,
        "10: routine[2].id: expected an id used once, got 'mine' again (first on line 2)",
    ),
    "shipped-id": (
        ROUTINE.replace('"mine"', '"glute-wake-up"'),
        "2: routine[1].id: expected an id used once, got 'glute-wake-up' again (another "
        "routine file has it)",
    ),
    "no-steps": (
        ROUTINE.split("\n\n", maxsplit=1)[0] + "\n",
        "1: routine[1].step: missing; expected [[routine.step]] tables, one for each exercise "
        "in order",
    ),
    "empty-steps": (
        ROUTINE.split("\n\n", maxsplit=1)[0] + "\nstep = []\n",
        "5: routine[1].step: expected at least one [[routine.step]] table, got an empty list",
    ),
    "single-bracket-step": (
        ROUTINE.replace("[[routine.step]]", "[routine.step]"),
        "6: routine[1].step: expected [[routine.step]] tables, with double brackets",
    ),
    "step-not-a-table": (
        ROUTINE.split("\n\n", maxsplit=1)[0] + '\nstep = [\n  "clamshell",\n]\n',
        "6: routine[1].step[1]: expected an [[routine.step]] table, got 'clamshell'",
    ),
    "unknown-step-key": (
        ROUTINE + "reps = 5\n",
        "8: routine[1].step[1].reps: unknown key; expected exercise, dose, rest_after_seconds "
        "or note",
    ),
    "negative-rest": (
        ROUTINE + "rest_after_seconds = -5\n",
        "8: routine[1].step[1].rest_after_seconds: expected a number from 0 to 120 seconds, got -5",
    ),
    "long-note": (
        ROUTINE + f'note = "{"x" * 91}"\n',
        f"8: routine[1].step[1].note: expected a note of 1 to 90 characters on one line, got "
        f"'{'x' * 91}'",
    ),
    "too-long": (
        LONG,
        "1: routine[1]: expected a routine of 30 min at most, got 37 min: split it in two",
    ),
    "newer-schema": (
        "schema_version = 2\n" + ROUTINE,
        "1: schema_version: expected schema version 1, got 2",
    ),
}


@pytest.mark.parametrize("kind", BAD_ROUTINE_FILES)
def test_a_bad_routine_file(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, expected = BAD_ROUTINE_FILES[kind]
    assert validate(tmp_path, "my-routines.toml", text, capsys) == f"my-routines.toml:{expected}\n"


def test_a_routine_file_without_routines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = validate(tmp_path, "my-routines.toml", "# nothing yet\n", capsys)
    assert out == "my-routines.toml: routine: expected at least one [[routine]] table\n"


def test_a_routine_file_that_is_not_utf8(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "my-routines.toml"
    path.write_bytes(b'[[routine]]\nid = "\xff"\n')
    assert main(["validate", str(path), str(tmp_path / "gone-routines.toml")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{path}:2: expected UTF-8 text, got byte 19"
    assert lines[1].startswith(f"{tmp_path / 'gone-routines.toml'}: cannot read the file (")


def test_the_shipped_files_validate_clean(capsys: pytest.CaptureFixture[str]) -> None:
    files = [asset_path("exercises.toml"), asset_path("routines.toml")]
    assert main(["validate", *map(str, files)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{path}: valid" for path in files]


def test_files_are_known_by_their_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evening = tmp_path / "evening.toml"
    evening.write_text(ROUTINE, encoding="utf-8")
    assert main(["validate", str(evening)]) == 0
    assert capsys.readouterr().out == f"{evening}: valid\n"


def test_a_user_routine_may_use_the_users_own_exercises(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / EXERCISES_FOLDER).mkdir()
    (tmp_path / EXERCISES_FOLDER / "calves.toml").write_text(HOP, encoding="utf-8")
    (tmp_path / ROUTINES_FOLDER).mkdir()
    mine = tmp_path / ROUTINES_FOLDER / "mine.toml"
    mine.write_text(ROUTINE.replace('"clamshell"', '"hop"'), encoding="utf-8")
    elsewhere = tmp_path / "mine-routines.toml"
    elsewhere.write_text(ROUTINE.replace('"clamshell"', '"hop"'), encoding="utf-8")

    assert main(["validate", str(mine), str(elsewhere)]) == 1

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{mine}: valid"
    assert lines[1].startswith(f"{elsewhere}:7: routine[1].step[1].exercise: expected the id")


def test_a_user_exercise_may_fall_back_on_a_shipped_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HOP.replace("dose =", 'equipment = ["mini-band"]\nalternative = "lateral-walk"\ndose =')
    path = tmp_path / "band-exercises.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()


# -- the library ---------------------------------------------------------------------------------


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_without_user_files_the_library_is_what_ships(tmp_path: Path) -> None:
    for config_dir in (None, tmp_path):
        library = load_library(config_dir)
        assert library.problems == ()
        assert library.catalog == shipped_catalog()
        assert library.routine("glute-wake-up").name == "Glute wake-up"
    with pytest.raises(KeyError):
        library.routine("nothing")


def test_breaks_get_only_office_exercises() -> None:
    catalog = load_library(None).break_catalog
    assert len(catalog) == 10
    for exercise in catalog:
        assert exercise.office
        assert not exercise.position.on_the_floor
        assert exercise.equipment <= {Equipment.CHAIR}
    assert "clamshell" not in catalog
    assert "lateral-band-walk" not in catalog
    assert {exercise.position for exercise in catalog} == {Position.STANDING, Position.SEATED}


def test_user_files_join_the_library_and_broken_ones_are_reported_and_skipped(
    tmp_path: Path,
) -> None:
    exercises = tmp_path / EXERCISES_FOLDER
    routines = tmp_path / ROUTINES_FOLDER
    write(exercises, "a-calves.toml", HOP)
    write(exercises, "b-broken.toml", HOP.replace('"hop"', '"skip"') + "oops")
    write(exercises, "c-binary.toml", b"\xff")
    write(exercises, "d-uses-hop.toml", HOP.replace('"hop"', '"double-hop"'))
    write(exercises, "notes.txt", "not an exercise file")
    (exercises / "folder.toml").mkdir()
    write(routines, "a-mine.toml", ROUTINE.replace('"clamshell"', '"double-hop"'))
    write(routines, "b-again.toml", ROUTINE)  # the id "mine" is taken by now
    write(
        routines,
        "c-skipped.toml",
        ROUTINE.replace('"mine"', '"other"').replace('"clamshell"', '"skip"'),
    )

    library = load_library(tmp_path)

    assert library.catalog.ids[-2:] == ("hop", "double-hop")
    assert "skip" not in library.catalog
    assert [routine.id for routine in library.routines][-1] == "mine"
    assert library.routine("mine").steps[0].exercise.id == "double-hop"
    where = [(Path(problem.source).name, problem.line, problem.key) for problem in library.problems]
    assert where == [
        ("b-broken.toml", 9, None),
        ("c-binary.toml", 1, None),
        ("b-again.toml", 2, "routine[1].id"),
        ("c-skipped.toml", 7, "routine[1].step[1].exercise"),
    ]
