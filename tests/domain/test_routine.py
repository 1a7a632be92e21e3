"""Routine timeline and playback on plain numbers: the clock is just the floats passed in."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import (
    Catalog,
    Dose,
    Equipment,
    Exercise,
    Muscle,
    Position,
    Side,
    Sides,
    Stage,
    Tempo,
    load_exercises,
)
from deskbreak.domain.routine import (
    EXTRA_SET_REST_SECONDS,
    Playback,
    Point,
    Routine,
    RoutineFileError,
    Step,
    Timeline,
    load_routines,
    read_routines,
)


def exercise(exercise_id: str, dose: Dose, **more: object) -> Exercise:
    return Exercise(
        exercise_id,
        exercise_id.title(),
        Position.STANDING,
        "p",
        ("a", "b"),
        (Muscle.GLUTEUS_MAXIMUS,),
        dose,
        **more,  # type: ignore[arg-type]  # keyword fields of Exercise, checked at run time
    )


SQUEEZE = exercise("squeeze", Dose(reps=2, hold_seconds=3))  # 3 + 2 + 3 = 8 s
CLAM = exercise(
    "clam", Dose(reps=2, sides=Sides.LEFT_THEN_RIGHT, tempo=Tempo(2, 1, 1))
)  # 4 4, switch 5, 4 4 = 21 s
MARCH = exercise("march", Dose(duration_seconds=10, tempo=Tempo(1, 0, 1)))


def story() -> Routine:
    """squeeze 0–8, rest to 18; clam 18–39, rest to 44; march 44–54."""
    return Routine(
        "story",
        "Story",
        "for tests",
        (
            Step(SQUEEZE, SQUEEZE.dose, 10),
            Step(CLAM, CLAM.dose, 5, "slowly"),
            Step(MARCH, MARCH.dose, 0),
        ),
    )


def test_the_timeline_adds_up_steps_and_rests() -> None:
    timeline = Timeline(story())
    assert timeline.total_s == 54 == story().total_s
    assert [timeline.step_start(i) for i in range(3)] == [0, 18, 44]


def test_reps_holds_and_releases() -> None:
    timeline = Timeline(story())
    first = timeline.at(1)
    assert (first.step_index, first.moment.stage, first.moment.rep, first.resting) == (
        0,
        Stage.WORK,
        1,
        False,
    )
    assert first.next_step is not None
    assert first.next_step.exercise is CLAM
    assert timeline.at(4).moment.stage is Stage.RELEASE
    assert timeline.at(5.5).moment.rep == 2


def test_a_hold_rises_holds_and_lets_go() -> None:
    timeline = Timeline(story())
    assert timeline.at(0).phase == 0
    assert 0 < timeline.at(0.3).phase < 1
    assert timeline.at(1.5).phase == 1 == timeline.at(1.5).contraction
    assert timeline.at(4).phase == 0  # released between the holds


def test_a_rest_counts_down_to_the_next_step() -> None:
    point = Timeline(story()).at(12)
    assert point.resting
    assert (point.rest_left_s, point.step_elapsed_s, point.step_total_s) == (6, 8, 8)
    assert point.moment.stage is Stage.DONE
    assert (point.phase, point.contraction) == (0, 0)


def test_sides_switch_inside_a_step() -> None:
    timeline = Timeline(story())
    assert timeline.at(18).moment.side is Side.LEFT
    assert timeline.at(27).moment.stage is Stage.SWITCH
    right = timeline.at(31)
    assert (right.moment.side, right.moment.rep, right.step.note) == (Side.RIGHT, 1, "slowly")


def test_a_tempo_shapes_each_rep() -> None:
    timeline = Timeline(story())
    # clam reps: 2 s up, 1 s at the peak, 1 s down
    assert timeline.at(19).phase == pytest.approx(0.5)
    assert timeline.at(20.5).phase == 1
    assert timeline.at(21.5).phase == pytest.approx(0.5)
    assert timeline.at(22).phase == 0


def test_a_timed_move_with_a_tempo_repeats_its_cycle() -> None:
    timeline = Timeline(story())
    assert [timeline.at(44 + s).phase for s in (0, 1, 2, 3)] == [0, 1, 0, 1]


def test_a_timed_march_changes_sides_with_each_cycle() -> None:
    march = Dose(duration_seconds=10, sides=Sides.ALTERNATING, tempo=Tempo(0.5, 0, 0.5))
    sides = [march.moment(t).side for t in (0.2, 1.2, 2.2)]
    assert sides == [Side.LEFT, Side.RIGHT, Side.LEFT]
    assert march.moment(0.5).phase == 1
    assert Dose(duration_seconds=10, sides=Sides.ALTERNATING).moment(3).side is None


def test_a_stretch_is_felt_more_than_worked() -> None:
    stretch = exercise("stretch", Dose(hold_seconds=20, hold_label="stretch"))
    point = Timeline(Routine("r", "R", "p", (Step(stretch, stretch.dose, 0),))).at(10)
    assert point.phase == 1
    assert point.contraction == pytest.approx(0.4)


def test_the_end_and_beyond() -> None:
    timeline = Timeline(story())
    end = timeline.at(99)
    assert end.finished
    assert (end.elapsed_s, end.step_index, end.next_step, end.resting) == (54, 2, None, False)
    assert end.moment.stage is Stage.DONE
    assert timeline.at(-3).elapsed_s == 0
    assert not timeline.at(53.9).finished


def test_a_routine_without_steps_has_no_timeline() -> None:
    with pytest.raises(ValueError, match="no steps"):
        Timeline(Routine("empty", "Empty", "p", ()))


# -- playback ----------------------------------------------------------------------------------


def test_playback_runs_on_the_callers_clock() -> None:
    playback = Playback(Timeline(story()), now=100.0)
    assert playback.playing
    assert playback.position(100.0) == 0
    assert playback.position(112.5) == 12.5
    assert playback.point(130.0).step_index == 1


def test_pause_holds_the_position_and_play_goes_on_from_it() -> None:
    playback = Playback(Timeline(story()), now=0.0)
    playback.pause(5.0)
    playback.pause(6.0)  # already paused: nothing moves
    assert not playback.playing
    assert playback.position(50.0) == 5
    playback.play(60.0)
    playback.play(61.0)  # already playing: nothing jumps
    assert playback.position(62.0) == 7
    playback.toggle(62.0)
    assert (playback.playing, playback.position(99.0)) == (False, 7)
    playback.toggle(100.0)
    assert playback.position(101.0) == 8


def test_playback_can_start_paused() -> None:
    playback = Playback(Timeline(story()), now=0.0, playing=False)
    assert playback.position(30.0) == 0


def test_next_goes_to_the_next_step_and_from_the_last_to_the_end() -> None:
    playback = Playback(Timeline(story()), now=0.0)
    playback.next(3.0)
    assert playback.position(3.0) == 18
    playback.next(3.0)
    assert playback.position(3.0) == 44
    playback.next(3.0)
    assert playback.point(3.0).finished
    playback.next(4.0)
    assert playback.point(4.0).finished


def test_previous_restarts_the_step_or_goes_back_one_near_its_start() -> None:
    playback = Playback(Timeline(story()), now=0.0, playing=False)
    playback.seek(30.0, now=0.0)
    playback.previous(0.0)
    assert playback.position(0.0) == 18
    playback.seek(19.5, now=0.0)
    playback.previous(0.0)
    assert playback.position(0.0) == 0
    playback.previous(0.0)  # the first step has none before it
    assert playback.position(0.0) == 0


def test_restart_step_and_seek() -> None:
    playback = Playback(Timeline(story()), now=0.0)
    playback.seek(40.0, now=10.0)
    assert playback.point(11.0).resting
    playback.restart_step(11.0)
    assert playback.position(11.0) == 18
    playback.seek(-5.0, now=12.0)
    assert playback.position(12.0) == 0
    playback.seek(500.0, now=12.0)
    assert playback.position(13.0) == 54


def test_the_end_holds_and_an_extra_set_follows_after_a_rest() -> None:
    playback = Playback(Timeline(story()), now=0.0)
    assert playback.point(60.0).finished
    playback.extra_set(1)
    steps = playback.timeline.routine.steps
    assert [step.exercise.id for step in steps] == ["squeeze", "clam", "march", "clam"]
    assert steps[2].rest_after_s == EXTRA_SET_REST_SECONDS
    assert playback.timeline.total_s == 54 + EXTRA_SET_REST_SECONDS + 21
    # the time waited at the end is not kept: the rest starts where the routine stopped
    point = playback.point(65.0)
    assert (point.step_index, point.resting, point.rest_left_s) == (2, True, 5)
    assert playback.point(70.0).step_index == 3


def test_an_extra_set_is_one_set_and_keeps_a_longer_rest() -> None:
    two_sets = exercise("sets", Dose(reps=2, sets=2))
    routine = Routine("r", "R", "p", (Step(two_sets, two_sets.dose, 30),))
    playback = Playback(Timeline(routine), now=0.0)
    playback.extra_set(0)
    first, extra = playback.timeline.routine.steps
    assert first.rest_after_s == 30
    assert extra.dose.sets == 1


# -- equipment ----------------------------------------------------------------------------------

WALK = exercise("walk", Dose(reps=4, sides=Sides.LEFT_THEN_RIGHT))
BAND_WALK = exercise(
    "band-walk",
    Dose(reps=6, sides=Sides.LEFT_THEN_RIGHT),
    equipment=frozenset({Equipment.MINI_BAND}),
    alternative="walk",
)
BAND_ONLY = exercise("band-only", Dose(reps=5), equipment=frozenset({Equipment.MINI_BAND}))
LOST = exercise("lost", Dose(reps=5), equipment=frozenset({Equipment.MINI_BAND}), alternative="x")


def test_without_a_band_the_alternative_steps_in() -> None:
    catalog = Catalog((WALK, BAND_WALK, BAND_ONLY, LOST))
    override = Dose(reps=3, sides=Sides.LEFT_THEN_RIGHT)
    routine = Routine(
        "r",
        "R",
        "p",
        (
            Step(BAND_WALK, BAND_WALK.dose, 5, "own dose"),
            Step(BAND_WALK, override, 5),
            Step(BAND_ONLY, BAND_ONLY.dose, 0),  # no alternative: kept
            Step(LOST, LOST.dose, 0),  # alternative not in the catalog: kept
        ),
    )
    swapped = routine.without_equipment(catalog, frozenset())
    ids = [step.exercise.id for step in swapped.steps]
    assert ids == ["walk", "walk", "band-only", "lost"]
    assert swapped.steps[0].dose == WALK.dose
    assert swapped.steps[0].note == "own dose"
    assert swapped.steps[1].dose == override
    assert routine.without_equipment(catalog, frozenset({"mini-band"})) == routine


# -- invariants ----------------------------------------------------------------------------------

doses = st.one_of(
    st.builds(
        Dose,
        reps=st.integers(1, 6),
        sides=st.sampled_from(Sides),
        sets=st.integers(1, 2),
        tempo=st.none() | st.builds(Tempo, st.floats(0.5, 3), st.floats(0, 2), st.floats(0.5, 3)),
    ),
    st.builds(
        Dose,
        reps=st.none() | st.integers(1, 4),
        hold_seconds=st.floats(1, 20),
        sides=st.sampled_from(Sides),
        hold_label=st.sampled_from(["hold", "stretch"]),
    ),
    st.builds(
        Dose,
        duration_seconds=st.floats(10, 60),
        tempo=st.none() | st.builds(Tempo, st.floats(0.5, 3), st.floats(0, 2), st.floats(0.5, 3)),
    ),
)
routines = st.lists(
    st.tuples(doses, st.floats(0, 30), st.none() | st.text(max_size=5)), min_size=1, max_size=5
).map(
    lambda parts: Routine(
        "r",
        "R",
        "p",
        tuple(
            Step(exercise(f"e{n}", dose), dose, rest, note)
            for n, (dose, rest, note) in enumerate(parts)
        ),
    )
)


@given(routine=routines, times=st.lists(st.floats(-10, 2000), min_size=2, max_size=30))
def test_points_move_forward_and_stay_in_bounds(routine: Routine, times: list[float]) -> None:
    timeline = Timeline(routine)
    points: list[Point] = [timeline.at(t) for t in sorted(times)]
    for before, after in itertools.pairwise(points):
        assert before.elapsed_s <= after.elapsed_s
        assert before.step_index <= after.step_index
    for point in points:
        assert 0 <= point.phase <= 1
        assert 0 <= point.contraction <= 1
        assert 0 <= point.step_elapsed_s <= point.step_total_s
        assert 0 <= point.rest_left_s <= point.step.rest_after_s
        assert point.finished == (point.elapsed_s == timeline.total_s)


@given(routine=routines)
def test_steps_are_contiguous_and_add_up(routine: Routine) -> None:
    timeline = Timeline(routine)
    expected = sum(step.dose.total_seconds + step.rest_after_s for step in routine.steps)
    assert timeline.total_s == pytest.approx(expected)
    for index, step in enumerate(routine.steps):
        start = timeline.step_start(index)
        assert timeline.at(start).step_index == index
        end = start + step.dose.total_seconds + step.rest_after_s
        if index + 1 < len(routine.steps):
            assert timeline.step_start(index + 1) == pytest.approx(end)
            assert timeline.at(timeline.step_start(index + 1)).step_index == index + 1
    assert timeline.at(timeline.total_s).finished


# -- the shipped routines ------------------------------------------------------------------------


def shipped() -> tuple[Catalog, dict[str, Routine]]:
    catalog = load_exercises(read_asset_text("exercises.toml"), "exercises.toml")
    routines = load_routines(read_asset_text("routines.toml"), "routines.toml", catalog)
    return catalog, {routine.id: routine for routine in routines}


def test_the_glute_wake_up_takes_about_five_minutes() -> None:
    catalog, routines = shipped()
    wake_up = routines["glute-wake-up"]
    assert wake_up.name == "Glute wake-up"
    assert [step.exercise.id for step in wake_up.steps] == [
        "glute-squeeze-test",
        "clamshell",
        "single-leg-glute-bridge",
        "lateral-band-walk",
        "glute-squeeze-test",
    ]
    assert 4.5 * 60 <= Timeline(wake_up).total_s <= 6 * 60
    without_band = wake_up.without_equipment(catalog, frozenset({"mat"}))
    assert without_band.steps[3].exercise.id == "lateral-walk"
    assert 4.5 * 60 <= Timeline(without_band).total_s <= 6 * 60


def test_the_wake_up_doses_follow_the_evening_advice() -> None:
    _, routines = shipped()
    steps = routines["glute-wake-up"].steps
    clamshells, bridges = steps[1].dose, steps[2].dose
    # 15 slow reps per side; 10 per leg with a 2 s squeeze at the top
    assert (clamshells.reps, clamshells.sides, clamshells.rep_length) == (
        15,
        Sides.LEFT_THEN_RIGHT,
        4,
    )
    assert bridges.text == "10 per side, 2 s at the top"
    assert bridges.tempo == Tempo(1, 2, 1)
    assert steps[0].dose.text == "5 s per side"
    assert steps[-1].rest_after_s == 0


def test_desk_resets_are_short_and_fit_the_office() -> None:
    _, routines = shipped()
    resets = [routine for routine in routines.values() if routine.id.startswith("desk-reset-")]
    assert len(resets) >= 2
    for routine in resets:
        assert 60 <= routine.total_s <= 130, routine.id
        assert all(step.exercise.office for step in routine.steps), routine.id


def test_hips_after_a_long_day_stretches_then_wakes() -> None:
    _, routines = shipped()
    long_one = routines["hips-after-a-long-day"]
    assert 10 * 60 <= long_one.total_s <= 12.5 * 60
    holds = [step for step in long_one.steps if step.dose.hold_label == "stretch"]
    assert len(holds) >= 3
    assert long_one.steps[0] in holds


# -- reading routine files ----------------------------------------------------------------------

FILE = """\
schema_version = 1

[[routine]]
id = "quick"
name = "Quick"
purpose = "A quick one."

[[routine.step]]
exercise = "squeeze"
dose = { reps = 3, hold_seconds = 2 }
rest_after_seconds = 5
note = "Hard."

[[routine.step]]
exercise = "clam"
"""


def test_a_routine_file_names_catalog_exercises() -> None:
    catalog = Catalog((SQUEEZE, CLAM))
    (quick,) = load_routines(FILE, "f.toml", catalog)
    first, second = quick.steps
    assert (first.exercise, first.dose.reps, first.rest_after_s, first.note) == (
        SQUEEZE,
        3,
        5,
        "Hard.",
    )
    assert (second.exercise, second.dose, second.rest_after_s, second.note) == (
        CLAM,
        CLAM.dose,
        0,
        None,
    )


def test_an_override_keeps_the_exercises_sides_and_tempo_unless_it_holds() -> None:
    catalog = Catalog((CLAM,))
    text = FILE.split("[[routine.step]]", maxsplit=1)[0] + (
        '[[routine.step]]\nexercise = "clam"\ndose = { reps = 5 }\n'
        '[[routine.step]]\nexercise = "clam"\ndose = { hold_seconds = 5 }\n'
    )
    reps, hold = load_routines(text, "f.toml", catalog)[0].steps
    assert (reps.dose.sides, reps.dose.tempo) == (Sides.LEFT_THEN_RIGHT, CLAM.tempo)
    assert (hold.dose.sides, hold.dose.tempo) == (Sides.LEFT_THEN_RIGHT, None)


def test_loading_a_bad_routine_file_raises_with_every_problem() -> None:
    with pytest.raises(RoutineFileError) as caught:
        load_routines(FILE, "f.toml", Catalog())
    assert [problem.key for problem in caught.value.problems] == [
        "routine[1].step[1].exercise",
        "routine[1].step[2].exercise",
    ]
    assert "(there are none)" in caught.value.problems[0].message


def test_a_routine_syntax_error_and_taken_ids() -> None:
    broken = read_routines("[[routine]\n", "f.toml", Catalog())
    assert broken.routines == ()
    assert broken.problems[0].message.startswith("expected TOML, got a syntax error")
    taken = read_routines(FILE, "f.toml", Catalog((SQUEEZE, CLAM)), frozenset({"quick"}))
    assert [problem.key for problem in taken.problems] == ["routine[1].id"]
