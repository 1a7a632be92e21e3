"""Exercises as data: the model, its timeline, the exercise-file reader and the rotation.

The reader takes the text of a TOML file and names every problem by line and key
(``exercise[3].cues[2]`` is the second cue of the third ``[[exercise]]``, both counted from 1).
"""

from __future__ import annotations

import bisect
import enum
import functools
import math
import random
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from deskbreak.domain.toml_places import TomlPlaces, Where, syntax_error

SCHEMA_VERSION = 1

REP_SECONDS = 3.0
"""Default pace of one rep: slow enough to feel the muscle work."""
RELEASE_SECONDS = 2.0
"""The let-go between two holds."""
SWITCH_SECONDS = 5.0
"""Time to change sides between the last rep on the left and the first on the right."""
SET_REST_SECONDS = 15.0
REP_SHAPE = (0.4, 0.2, 0.4)
"""How a rep without a tempo splits its time: rising, at the peak, returning."""
HOLD_RAMP_SECONDS = 1.0
"""How long a hold takes to reach its peak and to let go again (at most a quarter of it)."""
STRETCH_EFFORT = 0.4
"""How hard a stretched muscle works, against 1 for a squeeze: it is felt, not worked."""
BREAK_SECONDS_MAX = 180.0
"""The longest dose a break may ask for. Activation, not a workout: a few reps done with
attention wake a muscle up; enough to tire it defeats the point before a run."""

NAME_MAX = 40
PURPOSE_MAX = 90
CUE_MAX = 70
CUES_MIN = 2
CUES_MAX = 3
HOLD_LABEL_MAX = 12


class Position(enum.Enum):
    """How the exercise is done; breaks offer only what works in office clothes at a desk."""

    STANDING = "standing"
    SEATED = "seated"
    LYING = "lying"  # on the back
    SIDE_LYING = "side-lying"
    PRONE = "prone"  # face down

    @property
    def on_the_floor(self) -> bool:
        return self not in (Position.STANDING, Position.SEATED)


class Equipment(enum.Enum):
    """What an exercise needs besides the body; names as in exercise files."""

    MINI_BAND = "mini-band"
    MAT = "mat"
    CHAIR = "chair"


class Sides(enum.Enum):
    """How an exercise uses the two sides of the body."""

    BOTH = "both"  # both sides at once, or sides do not matter
    LEFT_THEN_RIGHT = "left-then-right"  # every rep on the left, then every rep on the right
    ALTERNATING = "alternating"  # left, right, left, ...


class Side(enum.Enum):
    LEFT = "left"
    RIGHT = "right"


class Muscle(enum.Enum):
    """Muscles the figure can highlight; names as in exercise files."""

    GLUTEUS_MAXIMUS = "gluteus_maximus"
    GLUTEUS_MEDIUS = "gluteus_medius"
    HIP_FLEXORS = "hip_flexors"
    PIRIFORMIS = "piriformis"
    ADDUCTORS = "adductors"
    QUADRICEPS = "quadriceps"
    HAMSTRINGS = "hamstrings"
    CALVES = "calves"


class Stage(enum.Enum):
    """What the user does at one moment of a dose."""

    WORK = "work"  # a rep, a hold, or the whole of a timed dose
    RELEASE = "release"  # let go between two holds
    SWITCH = "switch"  # change sides
    REST = "rest"  # between sets
    DONE = "done"


@dataclass(frozen=True)
class Tempo:
    """The pace of one rep in seconds: rising to the peak, holding there, coming back."""

    up: float
    hold: float
    down: float

    @property
    def total(self) -> float:
        return self.up + self.hold + self.down

    @property
    def text(self) -> str:
        """As written in exercise files: ``2-1-1``."""
        return "-".join(f"{part:g}" for part in (self.up, self.hold, self.down))


@dataclass(frozen=True)
class Moment:
    """Where a dose is at ``elapsed`` seconds. ``rep`` counts from 1, per side where the
    dose counts per side; it is None for a timed dose or a single hold.

    ``side`` is None for a timed move, unless it alternates in a rhythm (a tempo).
    ``phase`` (0..1) is how far the body is through the movement: 0 the start pose, 1 the
    peak; it is eased, so a figure can follow it linearly. ``contraction`` (0..1) is how hard
    the main muscle works. Both are 0 outside the work and move smoothly in and out of it.
    """

    stage: Stage
    set_number: int
    sets: int
    rep: int | None
    reps: int | None
    side: Side | None
    stage_left: float
    elapsed: float
    total: float
    phase: float = 0.0
    contraction: float = 0.0

    @property
    def fraction(self) -> float:
        """How much of the whole dose is done, 0..1."""
        return min(1.0, self.elapsed / self.total)

    @property
    def left(self) -> float:
        return max(0.0, self.total - self.elapsed)


@dataclass(frozen=True)
class _Segment:
    stage: Stage
    set_number: int
    rep: int | None
    side: Side | None
    start: float
    length: float


@dataclass(frozen=True)
class Dose:
    """How much of an exercise one break asks for.

    Either ``duration_seconds`` (a timed move) or ``reps`` and/or ``hold_seconds``
    (10 reps; 10 holds of 3 s; one 30 s hold). With ``sides`` other than BOTH, reps and
    holds count per side. A ``tempo`` paces each rep instead of ``rep_seconds``; on a timed
    move it is the cycle of a repeated movement (a march), without one a timed move is held
    (a plank). Holds ignore the tempo.
    """

    reps: int | None = None
    hold_seconds: float | None = None
    duration_seconds: float | None = None
    sets: int = 1
    rep_seconds: float = REP_SECONDS
    hold_label: str = "hold"
    sides: Sides = Sides.BOTH
    tempo: Tempo | None = None

    def __post_init__(self) -> None:
        timed = self.duration_seconds is not None
        counted = self.reps is not None or self.hold_seconds is not None
        if timed == counted:
            raise ValueError("a dose has either duration_seconds or reps and/or hold_seconds")

    @property
    def rep_length(self) -> float:
        """Seconds one rep without a hold takes."""
        return self.tempo.total if self.tempo is not None else self.rep_seconds

    @property
    def per_side(self) -> bool:
        """Whether the numbers count for each side; a timed dose counts the whole move."""
        return self.sides is not Sides.BOTH and self.duration_seconds is None

    @property
    def text(self) -> str:
        """The dose in a few words: ``10 × 3 s squeeze``, ``8 per side``, ``30 s per side``."""
        if self.duration_seconds is not None:
            text = _seconds_text(self.duration_seconds)
        elif self.hold_seconds is not None and self.reps is not None:
            text = f"{self.reps} × {_seconds_text(self.hold_seconds)} {self.hold_label}"
        elif self.hold_seconds is not None:
            hold = _seconds_text(self.hold_seconds)
            text = hold if self.per_side else f"{hold} {self.hold_label}"
        else:
            text = str(self.reps) if self.per_side else f"{self.reps} reps"
        if self.per_side:
            text += " per side"
        if self.tempo is not None and self.tempo.hold and self.reps and not self.hold_seconds:
            text += f", {_seconds_text(self.tempo.hold)} at the top"
        if self.sets > 1:
            text += f", {self.sets} sets"
        return text

    @property
    def total_seconds(self) -> float:
        """How long the dose takes at its pace, with the pauses between holds, sides and sets."""
        last = self._segments[-1]
        return last.start + last.length

    @property
    def length_text(self) -> str:
        """The time it takes, roughly: ``about 50 s``, ``about 1½ min``."""
        return "about " + _rough_seconds_text(self.total_seconds)

    def moment(self, elapsed: float) -> Moment:
        """The stage, set, rep and side at ``elapsed`` seconds after the start."""
        total = self.total_seconds
        elapsed = max(0.0, elapsed)
        if elapsed >= total:
            return Moment(
                Stage.DONE, self.sets, self.sets, self.reps, self.reps, None, 0.0, total, total
            )
        segments = self._segments
        index = bisect.bisect_right([segment.start for segment in segments], elapsed) - 1
        segment = segments[index]
        phase = 0.0
        effort = STRETCH_EFFORT if self.hold_label == "stretch" else 1.0
        side = segment.side
        if segment.stage is Stage.WORK:
            offset = elapsed - segment.start
            phase = self._phase(offset, segment.length)
            if self.tempo is not None and self.duration_seconds and self.sides is Sides.ALTERNATING:
                # A timed move in a rhythm (a march) changes sides with every cycle.
                side = tuple(Side)[int(offset // self.tempo.total) % 2]
        return Moment(
            segment.stage,
            segment.set_number,
            self.sets,
            segment.rep,
            self.reps,
            side,
            segment.start + segment.length - elapsed,
            elapsed,
            total,
            phase,
            phase * effort,
        )

    def _phase(self, offset: float, length: float) -> float:
        """The eased phase ``offset`` seconds into a piece of work ``length`` seconds long."""
        if self.hold_seconds is not None or (
            self.duration_seconds is not None and self.tempo is None
        ):
            ramp = min(HOLD_RAMP_SECONDS, length / 4)
            return _ease(min(offset, length - offset) / ramp)
        if self.tempo is not None:
            up, hold, down = self.tempo.up, self.tempo.hold, self.tempo.down
            offset %= self.tempo.total  # a timed move repeats its cycle
        else:
            up, hold, down = (part * length for part in REP_SHAPE)
        if offset < up:
            return _ease(offset / up)
        if offset < up + hold:
            return 1.0
        return _ease((up + hold + down - offset) / down)

    @functools.cached_property
    def _segments(self) -> tuple[_Segment, ...]:
        units = self._units()
        segments: list[_Segment] = []
        start = 0.0

        def add(
            stage: Stage, set_number: int, rep: int | None, side: Side | None, length: float
        ) -> None:
            nonlocal start
            segments.append(_Segment(stage, set_number, rep, side, start, length))
            start += length

        work = self.duration_seconds or self.hold_seconds or self.rep_length
        for set_number in range(1, self.sets + 1):
            if set_number > 1:
                add(Stage.REST, set_number, None, None, SET_REST_SECONDS)
            for index, (rep, side) in enumerate(units):
                if index > 0:
                    previous_rep, previous_side = units[index - 1]
                    if self.sides is Sides.LEFT_THEN_RIGHT and side is not previous_side:
                        add(Stage.SWITCH, set_number, None, side, SWITCH_SECONDS)
                    elif self.hold_seconds is not None:
                        add(Stage.RELEASE, set_number, previous_rep, previous_side, RELEASE_SECONDS)
                add(Stage.WORK, set_number, rep, side, work)
        return tuple(segments)

    def _units(self) -> list[tuple[int | None, Side | None]]:
        """Each rep (or hold) of one set, with its side, in order."""
        if self.duration_seconds is not None:
            return [(None, None)]
        reps = range(1, (self.reps or 1) + 1)

        def shown(rep: int) -> int | None:
            return rep if self.reps is not None else None

        if self.sides is Sides.BOTH:
            return [(shown(rep), None) for rep in reps]
        if self.sides is Sides.LEFT_THEN_RIGHT:
            return [(shown(rep), side) for side in Side for rep in reps]
        return [(shown(rep), side) for rep in reps for side in Side]


def _ease(fraction: float) -> float:
    """Smoothstep of ``fraction`` clamped to 0..1: starts and ends a movement gently."""
    x = min(1.0, max(0.0, fraction))
    return x * x * (3 - 2 * x)


@dataclass(frozen=True)
class Exercise:
    """One exercise. ``muscles`` lists the main muscle first: the figure highlights it.

    ``office`` exercises suit a desk in office clothes: only they come up in breaks.
    ``alternative`` is the id of an exercise that does the same job without the equipment;
    ``animation`` names the figure's animation, the exercise's own id unless set.
    """

    id: str
    name: str
    position: Position
    purpose: str
    cues: tuple[str, ...]
    muscles: tuple[Muscle, ...]
    dose: Dose
    _: KW_ONLY
    equipment: frozenset[Equipment] = frozenset()
    office: bool = True
    mistakes: tuple[str, ...] = ()
    safety: str | None = None
    alternative: str | None = None
    animation: str = ""

    def __post_init__(self) -> None:
        if not self.animation:
            object.__setattr__(self, "animation", self.id)

    @property
    def target(self) -> Muscle:
        return self.muscles[0]

    @property
    def tempo(self) -> Tempo | None:
        return self.dose.tempo

    def missing(self, have: frozenset[str]) -> frozenset[Equipment]:
        """The equipment this exercise needs that is not in ``have`` (names as in files)."""
        return frozenset(item for item in self.equipment if item.value not in have)

    @property
    def sides(self) -> Sides:
        return self.dose.sides

    @property
    def one_side_then_other(self) -> bool:
        return self.dose.sides is Sides.LEFT_THEN_RIGHT


# How far ahead animation_phase looks to tell the way in from the way back.
PHASE_PROBE_S = 0.02


def animation_phase(dose: Dose, moment: Moment) -> float:
    """How far through one rep of the animation the body is at ``moment`` of ``dose``.

    ``Moment.phase`` rises from the start pose to the peak (1) and falls back, while an
    animation's timing runs once from 0 to 1 through the whole rep, peak in the middle. The
    way in maps to the first half, the way back (the phase a moment later is lower) to the
    second.
    """
    if moment.stage is not Stage.WORK:
        return 0.0
    later = dose.moment(moment.elapsed + PHASE_PROBE_S)
    falling = later.stage is not Stage.WORK or later.phase < moment.phase
    return 1.0 - moment.phase / 2 if falling else moment.phase / 2


@dataclass(frozen=True)
class Catalog:
    """Exercises in file order, found by id. Raises ValueError for a repeated id."""

    exercises: tuple[Exercise, ...] = ()
    _by_id: Mapping[str, Exercise] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Exercise] = {}
        for exercise in self.exercises:
            if exercise.id in by_id:
                raise ValueError(f"two exercises have the id {exercise.id!r}")
            by_id[exercise.id] = exercise
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def __len__(self) -> int:
        return len(self.exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __getitem__(self, exercise_id: str) -> Exercise:
        return self._by_id[exercise_id]

    def get(self, exercise_id: str) -> Exercise | None:
        return self._by_id.get(exercise_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(exercise.id for exercise in self.exercises)

    def office(self) -> Catalog:
        """Only the exercises that suit a break at the desk, in the same order."""
        return Catalog(tuple(exercise for exercise in self.exercises if exercise.office))


class Rotation:
    """Picks the exercise for each break: every exercise once per shuffled deck, and never the
    same one twice in a row, also where one deck ends and the next begins.

    ``recent`` are the ids offered lately, oldest first (from the history, after a restart):
    the deck in progress is taken to be the longest run of different ids at its end, so the
    rotation goes on with the exercises that run has not offered yet. Ids the catalog no longer
    has are ignored. A catalog of one exercise can only repeat it.
    """

    def __init__(
        self, catalog: Catalog, recent: Sequence[str] = (), *, seed: int | None = None
    ) -> None:
        if not catalog:
            raise ValueError("a rotation needs at least one exercise")
        self._catalog = catalog
        self._random = random.Random(seed)
        known = [exercise_id for exercise_id in recent if exercise_id in catalog]
        self._last = known[-1] if known else None
        dealt = _distinct_tail(known)
        if len(dealt) == len(catalog):
            dealt = set()  # that deck is complete: a new one starts
        self._deck = self._shuffled([i for i in catalog.ids if i not in dealt])

    def pick(self) -> Exercise:
        """The exercise for the next break; it counts as offered."""
        if not self._deck:
            self._deck = self._shuffled(list(self._catalog.ids))
        chosen = self._deck.pop()
        self._last = chosen
        return self._catalog[chosen]

    def _shuffled(self, ids: list[str]) -> list[str]:
        """A shuffled deck; ``pick`` takes from the end, which must not be the last offered."""
        self._random.shuffle(ids)
        if len(ids) > 1 and ids[-1] == self._last:
            swap = self._random.randrange(len(ids) - 1)
            ids[-1], ids[swap] = ids[swap], ids[-1]
        return ids


def _distinct_tail(ids: Sequence[str]) -> set[str]:
    """The ids of the longest run at the end of ``ids`` in which no id repeats."""
    seen: set[str] = set()
    for exercise_id in reversed(ids):
        if exercise_id in seen:
            break
        seen.add(exercise_id)
    return seen


# -- reading exercise files ------------------------------------------------------------------


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in a data file, with the file's name, the line and the key."""

    source: str
    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        place = self.source if self.line is None else f"{self.source}:{self.line}"
        parts = [place] if self.key is None else [place, self.key]
        return ": ".join([*parts, self.message])


class DataFileError(ValueError):
    """A data file with problems; ``problems`` names each one."""

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = tuple(problems)


class ExerciseFileError(DataFileError):
    """An exercise file with problems."""


@dataclass(frozen=True)
class ExerciseReading:
    """What :func:`read_exercises` found: the exercises without problems, and the problems."""

    catalog: Catalog
    problems: tuple[DataProblem, ...]


def load_exercises(text: str, source: str, known: Catalog | None = None) -> Catalog:
    """The exercises in ``text`` (the file ``source``); ExerciseFileError for any problem."""
    reading = read_exercises(text, source, known)
    if reading.problems:
        raise ExerciseFileError(reading.problems)
    return reading.catalog


def read_exercises(text: str, source: str, known: Catalog | None = None) -> ExerciseReading:
    """Every valid exercise in ``text`` and every problem, sorted by line; never raises.

    ``known`` are exercises from other files (the shipped ones, for a user's file): an
    ``alternative`` may name them, and their ids are taken.
    """
    reader = _ExerciseReader(text, source, known or Catalog())
    document = reader.parse(text)
    exercises = [] if document is None else reader.read(document)
    return ExerciseReading(Catalog(tuple(exercises)), reader.sorted_problems())


ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""Ids of exercises, routines and animations: lowercase words joined by single dashes."""
ID_MAX = 40
MISTAKE_MAX = 80
MISTAKES_MAX = 3
SAFETY_MAX = 120
TEMPO_PART_MAX = 10.0
_TEMPO = re.compile(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)")
_REQUIRED: Mapping[str, str] = MappingProxyType(
    {
        "id": 'an id such as "glute-squeeze"',
        "name": f"a name of 1 to {NAME_MAX} characters",
        "position": "standing, seated, lying, side-lying or prone",
        "purpose": f"one line of 1 to {PURPOSE_MAX} characters saying what the exercise is for",
        "cues": f"a list of {CUES_MIN} to {CUES_MAX} form cues",
        "muscles": "a list of the muscles that work, the main one first",
        "dose": "a dose such as { reps = 10 } or { hold_seconds = 30 }",
    }
)
_EXERCISE_KEYS = (
    *_REQUIRED,
    "sides",
    "equipment",
    "office",
    "mistakes",
    "safety",
    "tempo",
    "alternative",
    "animation",
)
_DOSE_KEYS = ("reps", "hold_seconds", "duration_seconds", "sets", "rep_seconds", "hold_label")
_NOT_AT_A_DESK = frozenset({Equipment.MINI_BAND, Equipment.MAT})


@dataclass(frozen=True)
class _Number:
    """Bounds of one number in a dose."""

    low: float
    high: float
    whole: bool
    unit: str = ""

    def expected(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} from {self.low:g} to {self.high:g}{self.unit}"


_NUMBERS: Mapping[str, _Number] = MappingProxyType(
    {
        "reps": _Number(1, 30, whole=True),
        "hold_seconds": _Number(1, 60, whole=False, unit=" seconds"),
        "duration_seconds": _Number(10, BREAK_SECONDS_MAX, whole=False, unit=" seconds"),
        "sets": _Number(1, 3, whole=True),
        "rep_seconds": _Number(1, 10, whole=False, unit=" seconds"),
    }
)

_Choice = TypeVar("_Choice", Position, Sides)


class FileReader:
    """One pass over a TOML data file: problems collected with their lines, values checked.

    The exercise reader here and the routine reader build on it, so every data file words its
    problems the same way.
    """

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.places = TomlPlaces(text)
        self.problems: list[DataProblem] = []

    def problem(self, where: Where, message: str) -> None:
        line = self.places.find(where)
        self.problems.append(DataProblem(self.source, line, _key_text(where), message))

    def sorted_problems(self) -> tuple[DataProblem, ...]:
        return tuple(sorted(self.problems, key=lambda problem: problem.line or 0))

    def parse(self, text: str) -> dict[str, Any] | None:
        """The TOML document in ``text``, or None with the syntax error as a problem."""
        text = text.removeprefix("\ufeff")  # some editors start UTF-8 files with a byte order mark
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            line, reason = syntax_error(error, text)
            self.problems.append(
                DataProblem(self.source, line, None, f"expected TOML, got {reason}")
            )
            return None

    def tables(
        self, document: dict[str, Any], name: str, where: Where = ()
    ) -> list[tuple[Where, dict[str, Any]]]:
        """The ``[[name]]`` tables in ``document`` (found at ``where``), with their places."""
        place: Where = (*where, name)
        header = ".".join(str(part) for part in place if isinstance(part, str))
        tables = document.get(name)
        if tables is None:
            self.problem(place, f"expected at least one [[{header}]] table")
            return []
        if isinstance(tables, dict):
            self.problem(place, f"expected [[{header}]] tables, with double brackets")
            return []
        if tables == []:
            self.problem(place, f"expected at least one [[{header}]] table, got an empty list")
            return []
        if not isinstance(tables, list):
            self.problem(place, f"expected [[{header}]] tables, got {tables!r}")
            return []
        found: list[tuple[Where, dict[str, Any]]] = []
        for number, table in enumerate(tables, start=1):
            if isinstance(table, dict):
                found.append(((*place, number), table))
            else:
                self.problem((*place, number), f"expected an [[{header}]] table, got {table!r}")
        return found

    def top_level(self, document: dict[str, Any], keys: Sequence[str]) -> None:
        """Check the top-level keys and the schema version."""
        for name in document:
            if name not in keys:
                self.problem((name,), f"unknown key; expected {_listing(keys)}")
        version = document.get("schema_version", SCHEMA_VERSION)
        if isinstance(version, bool) or version != SCHEMA_VERSION:
            self.problem(
                ("schema_version",),
                f"expected schema version {SCHEMA_VERSION}, got {version!r}",
            )

    def keys(
        self, where: Where, table: dict[str, Any], required: Mapping[str, str], known: Sequence[str]
    ) -> None:
        """Unknown keys of ``table`` and missing ``required`` ones (key -> what is expected)."""
        for key in table:
            if key not in known:
                self.problem((*where, key), f"unknown key; expected {_listing(known)}")
        for key, expected in required.items():
            if key not in table:
                self.problem((*where, key), f"missing; expected {expected}")

    def identifier(self, where: Where, table: dict[str, Any], key: str) -> str | None:
        """The id at ``key``, if there and well formed."""
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, str) or not ID.fullmatch(value) or len(value) > ID_MAX:
            self.problem(
                (*where, key),
                f"expected lowercase letters, digits and single dashes, at most {ID_MAX} "
                f'characters, such as "glute-squeeze"; got {value!r}',
            )
            return None
        return value

    def text(
        self, where: Where, table: dict[str, Any], key: str, longest: int, what: str = ""
    ) -> str | None:
        """The one-line text at ``key`` (a ``what``, by default named as the key), if there
        and fitting."""
        if key not in table:
            return None
        return self.line((*where, key), table[key], what or key, longest)

    def line(self, where: Where, value: object, what: str, longest: int) -> str | None:
        if not isinstance(value, str) or not value.strip() or len(value) > longest or "\n" in value:
            self.problem(
                where, f"expected a {what} of 1 to {longest} characters on one line, got {value!r}"
            )
            return None
        return value.strip()

    def lines(
        self, where: Where, value: object, what: str, count: tuple[int, int], longest: int
    ) -> tuple[str, ...] | None:
        """A list of ``count`` (fewest, most) one-line texts, each checked in its place."""
        fewest, most = count
        if not isinstance(value, list) or not fewest <= len(value) <= most:
            got = f"{len(value)}" if isinstance(value, list) else repr(value)
            self.problem(where, f"expected a list of {fewest} to {most} {what}s, got {got}")
            return None
        found = [
            self.line((*where, number), item, what.rsplit(maxsplit=1)[-1], longest)
            for number, item in enumerate(value, start=1)
        ]
        return tuple(item for item in found if item is not None)

    def choice(
        self,
        where: Where,
        table: dict[str, Any],
        key: str,
        kind: type[_Choice],
        default: _Choice | None = None,
    ) -> _Choice | None:
        if key not in table:
            return default
        value = table[key]
        for member in kind:
            if value == member.value:
                return member
        names = [str(member.value) for member in kind]
        self.problem((*where, key), f"expected {_listing(names, 'or')}, got {value!r}")
        return None

    def dose(
        self, where: Where, value: object, sides: Sides | None, tempo: Tempo | None
    ) -> Dose | None:
        """The dose table ``value``; ``sides`` and ``tempo`` come from its exercise."""
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(where, f"expected a table such as {{ reps = 10 }}, got {value!r}")
            return None
        count = len(self.problems)
        for key in value:
            if key not in _DOSE_KEYS:
                self.problem((*where, key), f"unknown key; expected {_listing(_DOSE_KEYS)}")
        numbers = {key: self.number((*where, key), value.get(key), key) for key in _NUMBERS}
        label: str | None = "hold"
        if "hold_label" in value:
            label = self.line((*where, "hold_label"), value["hold_label"], "word", HOLD_LABEL_MAX)
        timed = "duration_seconds" in value
        counted = "reps" in value or "hold_seconds" in value
        if timed == counted:
            self.problem(
                where, "expected duration_seconds for a timed move, or reps and/or hold_seconds"
            )
        if "hold_label" in value and "hold_seconds" not in value:
            self.problem((*where, "hold_label"), "expected only with hold_seconds, which it names")
        if "rep_seconds" in value and ("reps" not in value or "hold_seconds" in value):
            self.problem(
                (*where, "rep_seconds"),
                "expected only with reps and no hold_seconds: it paces reps without a hold",
            )
        if timed and sides is Sides.LEFT_THEN_RIGHT:
            self.problem(
                where,
                "expected sides both or alternating with duration_seconds, which times the whole "
                "move; use hold_seconds for a hold on each side",
            )
        if len(self.problems) > count or sides is None or label is None:
            return None
        if "hold_seconds" in value or "rep_seconds" in value:
            tempo = None  # a hold is timed by itself; rep_seconds sets its own pace
        dose = Dose(
            reps=_whole(numbers["reps"]),
            hold_seconds=numbers["hold_seconds"],
            duration_seconds=numbers["duration_seconds"],
            sets=_whole(numbers["sets"]) or 1,
            rep_seconds=numbers["rep_seconds"] or REP_SECONDS,
            hold_label=label,
            sides=sides,
            tempo=tempo,
        )
        if dose.total_seconds > BREAK_SECONDS_MAX:
            self.problem(
                where,
                f"expected a dose of {_seconds_text(BREAK_SECONDS_MAX)} at most, got "
                f"{dose.length_text}: a few careful reps wake the muscles up, more tires them out",
            )
            return None
        return dose

    def number(self, where: Where, value: object, key: str) -> float | None:
        if value is None:
            return None
        bounds = _NUMBERS[key]
        return self.bounded(where, value, bounds)

    def bounded(self, where: Where, value: object, bounds: _Number) -> float | None:
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if (
            number is None
            or not math.isfinite(number)
            or not bounds.low <= number <= bounds.high
            or (bounds.whole and not isinstance(number, int))
        ):
            self.problem(where, f"expected {bounds.expected()}, got {value!r}")
            return None
        return float(number)


class _ExerciseReader(FileReader):
    def __init__(self, text: str, source: str, known: Catalog) -> None:
        super().__init__(text, source)
        self.known = known
        self.wheres: dict[str, Where] = {}

    def read(self, document: dict[str, Any]) -> list[Exercise]:
        self.top_level(document, ("schema_version", "exercise"))
        exercises: list[Exercise] = []
        first_line: dict[str, int | None] = {}
        for where, table in self.tables(document, "exercise"):
            exercise = self._exercise(where, table)
            if exercise is None:
                continue
            if exercise.id in first_line or exercise.id in self.known:
                first = (
                    f"first on line {first_line[exercise.id]}"
                    if exercise.id in first_line
                    else "a shipped exercise has it"
                )
                self.problem(
                    (*where, "id"),
                    f"expected an id used once, got {exercise.id!r} again ({first})",
                )
                continue
            first_line[exercise.id] = self.places.find((*where, "id"))
            self.wheres[exercise.id] = where
            exercises.append(exercise)
        return self._with_alternatives(exercises)

    def _with_alternatives(self, exercises: list[Exercise]) -> list[Exercise]:
        """Only exercises whose alternative exists and needs no band; the others are problems."""
        here = {exercise.id: exercise for exercise in exercises}
        kept: list[Exercise] = []
        for exercise in exercises:
            alternative = exercise.alternative
            if alternative is None:
                kept.append(exercise)
                continue
            where: Where = (*self.wheres[exercise.id], "alternative")
            found = here.get(alternative) or self.known.get(alternative)
            if found is None or found is exercise or Equipment.MINI_BAND in found.equipment:
                self.problem(
                    where,
                    "expected the id of another exercise, here or shipped, that needs no band; "
                    f"got {alternative!r}",
                )
                continue
            kept.append(exercise)
        return kept

    def _exercise(self, where: Where, table: dict[str, Any]) -> Exercise | None:
        count = len(self.problems)
        self.keys(where, table, _REQUIRED, _EXERCISE_KEYS)
        exercise_id = self.identifier(where, table, "id")
        name = self.text(where, table, "name", NAME_MAX)
        purpose = self.text(where, table, "purpose", PURPOSE_MAX)
        position = self.choice(where, table, "position", Position)
        sides = self.choice(where, table, "sides", Sides, default=Sides.BOTH)
        cues = None
        if "cues" in table:
            cues = self.lines(
                (*where, "cues"), table["cues"], "form cue", (CUES_MIN, CUES_MAX), CUE_MAX
            )
        muscles = self._muscles(where, table)
        equipment = self._equipment(where, table)
        mistakes: tuple[str, ...] | None = ()
        if "mistakes" in table:
            mistakes = self.lines(
                (*where, "mistakes"),
                table["mistakes"],
                "common mistake",
                (1, MISTAKES_MAX),
                MISTAKE_MAX,
            )
        safety = self.text(where, table, "safety", SAFETY_MAX, "safety note")
        tempo = self._tempo(where, table)
        alternative = self.identifier(where, table, "alternative")
        animation = self.identifier(where, table, "animation")
        dose = self.dose((*where, "dose"), table.get("dose"), sides, tempo)
        office = self._office(where, table, position, equipment)
        if (
            len(self.problems) > count
            or exercise_id is None
            or name is None
            or purpose is None
            or position is None
            or cues is None
            or muscles is None
            or dose is None
            or equipment is None
            or mistakes is None
            or office is None
        ):
            return None
        if equipment & {Equipment.MINI_BAND} and alternative is None:
            self.problem(
                (*where, "equipment"),
                "expected an alternative with the mini-band: the id of an exercise that does "
                "the same job without one, for whoever has no band",
            )
            return None
        return Exercise(
            exercise_id,
            name,
            position,
            purpose,
            cues,
            muscles,
            dose,
            equipment=equipment,
            office=office,
            mistakes=mistakes,
            safety=safety,
            alternative=alternative,
            animation=animation or exercise_id,
        )

    def _muscles(self, where: Where, table: dict[str, Any]) -> tuple[Muscle, ...] | None:
        if "muscles" not in table:
            return None
        value = table["muscles"]
        names = [muscle.value for muscle in Muscle]
        expected = f"a list of different muscles from {_listing(names, 'and')}, the main one first"
        if (
            not isinstance(value, list)
            or not value
            or any(name not in names for name in value)
            or len(set(value)) != len(value)
        ):
            self.problem((*where, "muscles"), f"expected {expected}; got {value!r}")
            return None
        return tuple(Muscle(name) for name in value)

    def _equipment(self, where: Where, table: dict[str, Any]) -> frozenset[Equipment] | None:
        value = table.get("equipment", [])
        names = [item.value for item in Equipment]
        if (
            not isinstance(value, list)
            or any(name not in names for name in value)
            or len(set(value)) != len(value)
        ):
            self.problem(
                (*where, "equipment"),
                f"expected a list of different items from {_listing(names, 'and')}, or [] for "
                f"none; got {value!r}",
            )
            return None
        return frozenset(Equipment(name) for name in value)

    def _tempo(self, where: Where, table: dict[str, Any]) -> Tempo | None:
        if "tempo" not in table:
            return None
        value = table["tempo"]
        match = _TEMPO.fullmatch(value) if isinstance(value, str) else None
        tempo = Tempo(*(float(part) for part in match.groups())) if match else None
        if tempo is None or not (
            0.5 <= tempo.up <= TEMPO_PART_MAX
            and tempo.hold <= TEMPO_PART_MAX
            and 0.5 <= tempo.down <= TEMPO_PART_MAX
        ):
            self.problem(
                (*where, "tempo"),
                'expected seconds up, at the peak and down, such as "2-1-2" (up and down 0.5 to '
                f"{TEMPO_PART_MAX:g}, the peak 0 to {TEMPO_PART_MAX:g}); got {value!r}",
            )
            return None
        dose = table.get("dose")
        if isinstance(dose, dict) and ("hold_seconds" in dose or "rep_seconds" in dose):
            self.problem(
                (*where, "tempo"),
                "expected only with reps or duration_seconds in the dose: it paces reps, "
                "so it cannot go with hold_seconds or rep_seconds",
            )
            return None
        return tempo

    def _office(
        self,
        where: Where,
        table: dict[str, Any],
        position: Position | None,
        equipment: frozenset[Equipment] | None,
    ) -> bool | None:
        """Whether the exercise suits a break; by default when it needs no floor, band or mat."""
        fits = (
            position is not None
            and not position.on_the_floor
            and not (equipment or frozenset()) & _NOT_AT_A_DESK
        )
        if "office" not in table:
            return fits
        value = table["office"]
        if not isinstance(value, bool):
            self.problem((*where, "office"), f"expected true or false, got {value!r}")
            return None
        if value and position is not None and equipment is not None and not fits:
            self.problem(
                (*where, "office"),
                "expected false for an exercise on the floor or with a band or mat: breaks "
                "happen at a desk, in office clothes",
            )
            return None
        return value


def _whole(value: object) -> int | None:
    """``value`` as an int when it is a whole number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        return None
    return int(value)


def _listing(names: Sequence[str], last: str = "or") -> str:
    """``a, b or c``; a single name alone."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {last} " + names[-1]


def _key_text(where: Where) -> str:
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _seconds_text(seconds: float) -> str:
    """``3 s``, ``2.5 s``, ``1 min``, ``1 min 30 s``."""
    whole = round(seconds)
    if whole != seconds:
        return f"{seconds:g} s"
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def _rough_seconds_text(seconds: float) -> str:
    """Seconds to the nearest 5 below a minute, half minutes above: ``50 s``, ``1½ min``."""
    if seconds < 57.5:
        return f"{max(5, 5 * round(seconds / 5))} s"
    halves = round(seconds / 30)
    minutes, half = divmod(halves, 2)
    return f"{minutes}{'½' if half else ''} min"
