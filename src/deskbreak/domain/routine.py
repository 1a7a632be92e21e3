"""Routines: ordered exercise steps with rests, their timeline at any second, and playback.

Pure: time comes in as plain seconds from the caller's monotonic clock.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from deskbreak.domain.exercises import (
    NAME_MAX,
    PURPOSE_MAX,
    Catalog,
    DataFileError,
    DataProblem,
    Dose,
    Exercise,
    FileReader,
    Moment,
    _Number,  # the shared wording of data-file problems
    _rough_seconds_text,
    _seconds_text,
)
from deskbreak.domain.toml_places import Where

PREVIOUS_GRACE_SECONDS = 2.0
"""Within this long of a step's start, "previous" goes to the step before, as in music players."""
EXTRA_SET_REST_SECONDS = 10.0
"""The rest before a set added at the end, when the last step had less."""


@dataclass(frozen=True)
class Step:
    """One exercise of a routine with the dose it asks for and the rest that follows."""

    exercise: Exercise
    dose: Dose
    rest_after_s: float
    note: str | None = None


@dataclass(frozen=True)
class Routine:
    """A named, ordered list of steps, such as the pre-run glute wake-up."""

    id: str
    name: str
    purpose: str
    steps: tuple[Step, ...]

    @property
    def total_s(self) -> float:
        """Seconds the whole routine takes, rests included."""
        return sum(step.dose.total_seconds + step.rest_after_s for step in self.steps)

    def without_equipment(self, catalog: Catalog, have: frozenset[str]) -> Routine:
        """This routine for someone who has only the equipment ``have`` (names as in exercise
        files, such as ``"mini-band"``): each step whose exercise needs more is done as its
        alternative when the catalog has one. A step keeps its own dose unless it used the
        exercise's, then it takes the alternative's."""
        steps: list[Step] = []
        for step in self.steps:
            exercise = step.exercise
            swap = exercise.alternative
            if exercise.missing(have) and swap is not None and swap in catalog:
                alternative = catalog[swap]
                dose = alternative.dose if step.dose == exercise.dose else step.dose
                steps.append(dataclasses.replace(step, exercise=alternative, dose=dose))
            else:
                steps.append(step)
        return dataclasses.replace(self, steps=tuple(steps))


@dataclass(frozen=True)
class Point:
    """Everything a player shows at one moment of a routine.

    ``moment`` is the step's dose at ``step_elapsed_s`` (DONE while resting after it, when
    ``step_elapsed_s`` stays at ``step_total_s``); ``phase`` drives the figure's movement and
    ``contraction`` the glow of the main muscle, both 0..1 and 0 while resting. At the end
    ``finished`` is set and the point shows the last step, done.
    """

    elapsed_s: float
    total_s: float
    step_index: int
    step: Step
    step_elapsed_s: float
    step_total_s: float
    moment: Moment
    resting: bool
    rest_left_s: float
    next_step: Step | None
    phase: float
    contraction: float
    finished: bool


class Timeline:
    """Where a routine is at any second: which step, rep, side, rest, and how the body moves.

    Step ``i`` takes its dose's time, then its rest; steps follow without gaps.
    """

    def __init__(self, routine: Routine) -> None:
        if not routine.steps:
            raise ValueError(f"routine {routine.id!r} has no steps")
        self.routine = routine
        starts: list[float] = []
        start = 0.0
        for step in routine.steps:
            starts.append(start)
            start += step.dose.total_seconds + step.rest_after_s
        self._starts = tuple(starts)
        self.total_s = start

    def step_start(self, index: int) -> float:
        """Seconds from the routine's start to the start of step ``index``."""
        return self._starts[index]

    def at(self, t: float) -> Point:
        """The routine at ``t`` seconds, clamped to 0..total_s; at total_s it is finished."""
        steps = self.routine.steps
        t = min(max(t, 0.0), self.total_s)
        finished = t >= self.total_s
        index = len(steps) - 1 if finished else bisect.bisect_right(self._starts, t) - 1
        step = steps[index]
        step_total = step.dose.total_seconds
        into = t - self._starts[index]
        resting = not finished and into >= step_total
        moment = step.dose.moment(into)
        # min(): float sums may put a step's end a hair past its start plus its parts
        rest_left = (
            min(step.rest_after_s, step_total + step.rest_after_s - into) if resting else 0.0
        )
        return Point(
            elapsed_s=t,
            total_s=self.total_s,
            step_index=index,
            step=step,
            step_elapsed_s=min(into, step_total),
            step_total_s=step_total,
            moment=moment,
            resting=resting,
            rest_left_s=rest_left,
            next_step=steps[index + 1] if index + 1 < len(steps) else None,
            phase=moment.phase,
            contraction=moment.contraction,
            finished=finished,
        )


class Playback:
    """Play/pause/seek state on a caller-supplied clock (seconds, monotonic).

    The position is kept as an anchor (a position and the clock reading it was taken at) and
    runs on from it while playing. It stops at the end: time after it is not kept, so a set
    added there starts where the routine stopped.
    """

    def __init__(self, timeline: Timeline, now: float, *, playing: bool = True) -> None:
        self.timeline = timeline
        self.playing = playing
        self._anchor_position = 0.0
        self._anchor_time = now

    def position(self, now: float) -> float:
        """Seconds into the routine at ``now``."""
        if not self.playing:
            return self._anchor_position
        position = self._anchor_position + max(0.0, now - self._anchor_time)
        if position >= self.timeline.total_s:
            self._anchor_position, self._anchor_time = self.timeline.total_s, now
            return self.timeline.total_s
        return position

    def point(self, now: float) -> Point:
        return self.timeline.at(self.position(now))

    def play(self, now: float) -> None:
        if not self.playing:
            self._anchor_time = now
            self.playing = True

    def pause(self, now: float) -> None:
        if self.playing:
            self._anchor_position = self.position(now)
            self.playing = False

    def toggle(self, now: float) -> None:
        if self.playing:
            self.pause(now)
        else:
            self.play(now)

    def seek(self, t: float, now: float) -> None:
        """Go to ``t`` seconds into the routine (clamped), playing on if playing."""
        self._anchor_position = min(max(t, 0.0), self.timeline.total_s)
        self._anchor_time = now

    def next(self, now: float) -> None:
        """To the start of the next step, or to the end from the last one."""
        index = self.point(now).step_index + 1
        steps = len(self.timeline.routine.steps)
        target = self.timeline.step_start(index) if index < steps else self.timeline.total_s
        self.seek(target, now)

    def previous(self, now: float) -> None:
        """To the start of this step, or of the one before when within
        :data:`PREVIOUS_GRACE_SECONDS` of this one's start."""
        position = self.position(now)
        index = self.timeline.at(position).step_index
        start = self.timeline.step_start(index)
        if position - start < PREVIOUS_GRACE_SECONDS and index > 0:
            start = self.timeline.step_start(index - 1)
        self.seek(start, now)

    def restart_step(self, now: float) -> None:
        self.seek(self.timeline.step_start(self.point(now).step_index), now)

    def extra_set(self, step_index: int) -> None:
        """ "Not yet": one more set of step ``step_index``'s exercise at the end, after a rest
        of at least :data:`EXTRA_SET_REST_SECONDS`. The position stays where it is."""
        steps = self.timeline.routine.steps
        step = steps[step_index]
        extra = Step(step.exercise, dataclasses.replace(step.dose, sets=1), 0.0, step.note)
        last = steps[-1]
        if last.rest_after_s < EXTRA_SET_REST_SECONDS:
            last = dataclasses.replace(last, rest_after_s=EXTRA_SET_REST_SECONDS)
        routine = dataclasses.replace(self.timeline.routine, steps=(*steps[:-1], last, extra))
        self.timeline = Timeline(routine)


# -- reading routine files ---------------------------------------------------------------------

REST_SECONDS_MAX = 120.0
ROUTINE_SECONDS_MAX = 30 * 60.0
"""The longest routine a file may hold: the evening one is about 5 minutes, the long one 12."""
NOTE_MAX = 90
_REST = _Number(0, REST_SECONDS_MAX, whole=False, unit=" seconds")
_ROUTINE_REQUIRED: Mapping[str, str] = MappingProxyType(
    {
        "id": 'an id such as "glute-wake-up"',
        "name": f"a name of 1 to {NAME_MAX} characters",
        "purpose": f"one line of 1 to {PURPOSE_MAX} characters saying what the routine is for",
        "step": "[[routine.step]] tables, one for each exercise in order",
    }
)
_STEP_REQUIRED: Mapping[str, str] = MappingProxyType(
    {"exercise": 'the id of an exercise, such as "clamshell"'}
)
_STEP_KEYS = ("exercise", "dose", "rest_after_seconds", "note")


class RoutineFileError(DataFileError):
    """A routine file with problems."""


@dataclass(frozen=True)
class RoutineReading:
    """What :func:`read_routines` found: the routines without problems, and the problems."""

    routines: tuple[Routine, ...]
    problems: tuple[DataProblem, ...]


def load_routines(text: str, source: str, catalog: Catalog) -> tuple[Routine, ...]:
    """The routines in ``text`` (the file ``source``); RoutineFileError for any problem."""
    reading = read_routines(text, source, catalog)
    if reading.problems:
        raise RoutineFileError(reading.problems)
    return reading.routines


def read_routines(
    text: str, source: str, catalog: Catalog, taken: frozenset[str] = frozenset()
) -> RoutineReading:
    """Every valid routine in ``text`` and every problem, sorted by line; never raises.

    Steps name exercises of ``catalog``; ``taken`` are routine ids other files already use.
    """
    reader = _RoutineReader(text, source, catalog, taken)
    document = reader.parse(text)
    routines = [] if document is None else reader.read(document)
    return RoutineReading(tuple(routines), reader.sorted_problems())


class _RoutineReader(FileReader):
    def __init__(self, text: str, source: str, catalog: Catalog, taken: frozenset[str]) -> None:
        super().__init__(text, source)
        self.catalog = catalog
        self.taken = taken

    def read(self, document: dict[str, Any]) -> list[Routine]:
        self.top_level(document, ("schema_version", "routine"))
        routines: list[Routine] = []
        first_line: dict[str, int | None] = {}
        for where, table in self.tables(document, "routine"):
            routine = self._routine(where, table)
            if routine is None:
                continue
            if routine.id in first_line or routine.id in self.taken:
                first = (
                    f"first on line {first_line[routine.id]}"
                    if routine.id in first_line
                    else "another routine file has it"
                )
                self.problem(
                    (*where, "id"), f"expected an id used once, got {routine.id!r} again ({first})"
                )
                continue
            first_line[routine.id] = self.places.find((*where, "id"))
            routines.append(routine)
        return routines

    def _routine(self, where: Where, table: dict[str, Any]) -> Routine | None:
        count = len(self.problems)
        self.keys(where, table, _ROUTINE_REQUIRED, tuple(_ROUTINE_REQUIRED))
        routine_id = self.identifier(where, table, "id")
        name = self.text(where, table, "name", NAME_MAX)
        purpose = self.text(where, table, "purpose", PURPOSE_MAX)
        steps: list[Step | None] = []
        if "step" in table:
            steps = [self._step(*found) for found in self.tables(table, "step", where)]
        if len(self.problems) > count or routine_id is None or name is None or purpose is None:
            return None
        routine = Routine(routine_id, name, purpose, tuple(step for step in steps if step))
        if routine.total_s > ROUTINE_SECONDS_MAX:
            self.problem(
                where,
                f"expected a routine of {_seconds_text(ROUTINE_SECONDS_MAX)} at most, got "
                f"{_rough_seconds_text(routine.total_s)}: split it in two",
            )
            return None
        return routine

    def _step(self, where: Where, table: dict[str, Any]) -> Step | None:
        count = len(self.problems)
        self.keys(where, table, _STEP_REQUIRED, _STEP_KEYS)
        exercise_id = self.identifier(where, table, "exercise")
        exercise = None if exercise_id is None else self.catalog.get(exercise_id)
        if exercise_id is not None and exercise is None:
            self.problem(
                (*where, "exercise"),
                f"expected the id of a known exercise ({_examples(self.catalog)}); "
                f"got {exercise_id!r}",
            )
        dose = None
        if exercise is not None and "dose" in table:
            dose = self.dose((*where, "dose"), table["dose"], exercise.sides, exercise.tempo)
        rest: float | None = 0.0
        if "rest_after_seconds" in table:
            rest = self.bounded((*where, "rest_after_seconds"), table["rest_after_seconds"], _REST)
        note = self.text(where, table, "note", NOTE_MAX)
        if len(self.problems) > count or exercise is None or rest is None:
            return None
        return Step(exercise, dose or exercise.dose, rest, note)


def _examples(catalog: Catalog) -> str:
    """A few ids of ``catalog`` to show what a step may name."""
    if not catalog:
        return "there are none"
    return "such as " + ", ".join(f'"{exercise_id}"' for exercise_id in catalog.ids[:3])
