"""The exercise figure: an articulated 2D body posed by keyframes, eased between them.

Pure geometry: ``frame(animation, phase)`` gives joint positions, tapered segments in draw
order, muscle glows and props; the ui paints them. Animations are read from animations.toml.
"""

from __future__ import annotations

import bisect
import enum
import math
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from deskbreak.domain.exercises import (
    DataProblem,
    Muscle,
    Side,
    _key_text,  # the exercise reader's wording of key paths, shared so both
    _listing,  # files report problems the same way
)
from deskbreak.domain.toml_places import TomlPlaces, Where, syntax_error

SCHEMA_VERSION = 1

# -- the body ------------------------------------------------------------------------------------
# Lengths are fractions of body height. The root is the pelvis (the point between the hip
# joints); every other joint hangs off it through one segment with an angle of its own.


class View(enum.Enum):
    """Where the camera looks from."""

    SIDE = "side"  # from the person's left; lying on the back is a side view on the floor
    FRONT = "front"  # facing the camera; the person's left is on the image's right
    SIDE_LYING = "side-lying"  # lying on the right side, front to the camera, head left


@dataclass(frozen=True)
class _Bone:
    name: str
    parent: str  # the joint it starts from
    child: str  # the joint it ends in
    length: float
    side_widths: tuple[float, float]  # diameter at the start and the end, seen from the side
    front_widths: tuple[float, float]  # ... seen from the front


def _limb(
    name: str, parent: str, child: str, length: float, widths: tuple[float, float]
) -> tuple[_Bone, _Bone]:
    return (
        _Bone(f"{name}_l", f"{parent}_l", f"{child}_l", length, widths, widths),
        _Bone(f"{name}_r", f"{parent}_r", f"{child}_r", length, widths, widths),
    )


BONES: tuple[_Bone, ...] = (
    _Bone("abdomen", "pelvis", "waist", 0.125, (0.142, 0.122), (0.175, 0.150)),
    _Bone("chest", "waist", "neck", 0.175, (0.128, 0.122), (0.152, 0.178)),
    _Bone("neck", "neck", "head_base", 0.045, (0.052, 0.050), (0.056, 0.052)),
    *_limb("thigh", "hip", "knee", 0.245, (0.098, 0.060)),
    *_limb("shin", "knee", "ankle", 0.245, (0.062, 0.038)),
    *_limb("foot", "ankle", "toe", 0.12, (0.042, 0.026)),
    *_limb("upper_arm", "shoulder", "elbow", 0.175, (0.058, 0.044)),
    *_limb("forearm", "elbow", "wrist", 0.15, (0.044, 0.032)),
    *_limb("hand", "wrist", "fingers", 0.075, (0.032, 0.022)),
)
BONE_NAMES: tuple[str, ...] = tuple(bone.name for bone in BONES)
ANGLE_NAMES: tuple[str, ...] = (*BONE_NAMES, "head")
"""Every angle a pose sets: one per bone, and the head's on top of the neck."""
_BONE = MappingProxyType({bone.name: bone for bone in BONES})
BONE_LENGTHS: Mapping[str, float] = MappingProxyType({b.name: b.length for b in BONES})

HEAD_RADIUS = 0.062
HEAD_CENTRE = 0.065
"""From the top of the neck along the head's axis to the centre of the skull."""
SHOULDER_DROP = 0.035
"""The shoulder joints sit this far below the top of the chest, along it."""
SHOULDER_SPREAD = 0.1
HIP_SPREAD = 0.05
"""Half the distance between the two shoulder (hip) joints, across the body."""
SEAT_OFFSET = (0.027, -0.01)
"""The buttock's centre from the hip joint, backwards and along the spine (side view)."""

JOINT_NAMES: tuple[str, ...] = (
    "pelvis",
    "waist",
    "neck",
    "head_base",
    "head",
    "seat",
    *(f"{joint}_{side}" for side in "lr" for joint in ("hip", "knee", "ankle", "toe")),
    *(f"{joint}_{side}" for side in "lr" for joint in ("shoulder", "elbow", "wrist", "fingers")),
)

# Draw order per view: what is further from the camera first.
_SIDE_ORDER = (
    "upper_arm_r",
    "forearm_r",
    "hand_r",
    "thigh_r",
    "shin_r",
    "foot_r",
    "seat",
    "abdomen",
    "chest",
    "neck",
    "thigh_l",
    "shin_l",
    "foot_l",
    "upper_arm_l",
    "forearm_l",
    "hand_l",
)
_FRONT_ORDER = (
    "thigh_r",
    "shin_r",
    "foot_r",
    "thigh_l",
    "shin_l",
    "foot_l",
    "hips",
    "abdomen",
    "chest",
    "shoulders",
    "neck",
    "upper_arm_r",
    "forearm_r",
    "hand_r",
    "upper_arm_l",
    "forearm_l",
    "hand_l",
)
_LYING_ORDER = (
    "upper_arm_r",
    "forearm_r",
    "hand_r",
    "thigh_r",
    "shin_r",
    "foot_r",
    "hips",
    "abdomen",
    "chest",
    "shoulders",
    "neck",
    "thigh_l",
    "shin_l",
    "foot_l",
    "upper_arm_l",
    "forearm_l",
    "hand_l",
)
_ORDER = MappingProxyType(
    {View.SIDE: _SIDE_ORDER, View.FRONT: _FRONT_ORDER, View.SIDE_LYING: _LYING_ORDER}
)
_FAR = MappingProxyType(
    {
        View.SIDE: frozenset(n for n in _SIDE_ORDER if n.endswith("_r")),
        View.FRONT: frozenset[str](),
        View.SIDE_LYING: frozenset(n for n in _LYING_ORDER if n.endswith("_r")),
    }
)
# Shapes that join two joints without a bone of their own (the pelvis seen from the front,
# the shoulder girdle, the buttock seen from the side): start, end and widths.
_EXTRA_SHAPES = MappingProxyType(
    {
        "hips": ("hip_r", "hip_l", (0.118, 0.118)),
        "shoulders": ("shoulder_r", "shoulder_l", (0.07, 0.07)),
        "seat": ("hip_l", "seat", (0.118, 0.118)),
    }
)

# -- data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A joint: x to the right, y up (the floor is y = 0), z towards the camera."""

    x: float
    y: float
    z: float = 0.0

    def distance(self, other: Point) -> float:
        return math.dist((self.x, self.y, self.z), (other.x, other.y, other.z))


@dataclass(frozen=True)
class Segment:
    """One part of the body to draw: a capsule from ``start`` to ``end`` whose diameter
    tapers from ``start_width`` to ``end_width``. ``far`` parts are on the far side."""

    name: str
    start: Point
    end: Point
    start_width: float
    end_width: float
    far: bool


@dataclass(frozen=True)
class Head:
    """The head: a circle, the direction to its crown, and where the face looks
    (None when it looks at the camera)."""

    centre: Point
    radius: float
    up: tuple[float, float]
    face: tuple[float, float] | None


@dataclass(frozen=True)
class Glow:
    """A muscle lit up over its region: intensity 0..1 follows the contraction."""

    muscle: Muscle
    centre: Point
    radius: float
    intensity: float
    far: bool


@dataclass(frozen=True)
class Floor:
    """The floor line at y = 0; marks on it move by ``scroll`` when the camera follows."""

    x0: float
    x1: float
    scroll: float = 0.0
    marks: bool = False
    """Whether the floor shows marks: it does under a figure that travels."""


@dataclass(frozen=True)
class Mat:
    x0: float
    x1: float
    thickness: float = 0.012


@dataclass(frozen=True)
class Chair:
    """A chair seen from the side or the front: seat at ``seat_height`` from ``x0`` to ``x1``
    and a backrest at ``back_x`` when not None."""

    x0: float
    x1: float
    seat_height: float
    back_x: float | None


@dataclass(frozen=True)
class Desk:
    """A desk whose top is at ``height`` from ``x0`` to ``x1``."""

    x0: float
    x1: float
    height: float


@dataclass(frozen=True)
class Band:
    """A mini band from ``start`` to ``end``; ``stretch`` is its length over its rest length."""

    start: Point
    end: Point
    stretch: float


Prop = Floor | Mat | Chair | Desk | Band


@dataclass(frozen=True)
class Frame:
    """What the figure looks like at one moment.

    ``box`` is the camera's view (x0, y0, x1, y1), the same for every frame of an animation,
    so the figure moves inside a still picture. ``key`` names the key pose when the frame is
    exactly one.
    """

    view: View
    joints: Mapping[str, Point]
    segments: tuple[Segment, ...]
    head: Head
    glows: tuple[Glow, ...]
    props: tuple[Prop, ...]
    box: tuple[float, float, float, float]
    contraction: float
    key: str | None
    facing: int = 1
    """1 when the figure faces right (or its left is on the right), -1 when mirrored."""

    def segment(self, name: str) -> Segment:
        for segment in self.segments:
            if segment.name == name:
                return segment
        raise KeyError(name)

    def glow(self, muscle: Muscle) -> float:
        """The brightest glow of ``muscle``, 0 when it does not glow."""
        return max((g.intensity for g in self.glows if g.muscle is muscle), default=0.0)


@dataclass(frozen=True)
class Pose:
    """Segment directions in degrees (0 points right, 90 up), out-of-plane tilts in degrees
    (positive towards the camera) and the pelvis position."""

    root: tuple[float, float]
    angles: Mapping[str, float]
    tilts: Mapping[str, float]


@dataclass(frozen=True)
class Key:
    name: str
    pose: Pose
    contraction: float
    joints: Mapping[str, Point]
    reach: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """Wrists and ankles put at a place; the limb bends to reach it."""


@dataclass(frozen=True)
class BandSpec:
    between: tuple[str, str]  # two bones
    at: float  # how far along each bone, 0 at its start
    rest: float


@dataclass(frozen=True)
class Animation:
    """One exercise's movement: key poses and when, through one rep, each is reached.

    ``timing`` holds (key name, phase) pairs from phase 0 to 1; between two pairs the body
    eases from one key to the next (the same key twice is a hold). ``anchor`` is a joint that
    stays put while the body moves around it; ``planted`` are wrists and ankles that stay
    where the keys put them while the rest of the limb bends.
    """

    id: str
    view: View
    muscles: tuple[Muscle, ...]
    keys: Mapping[str, Key]
    timing: tuple[tuple[str, float], ...]
    anchor: str | None = None
    planted: tuple[str, ...] = ()
    one_side: bool = False
    travel: float = 0.0
    props: tuple[Prop, ...] = ()
    bands: tuple[BandSpec, ...] = ()
    box: tuple[float, float, float, float] = (-0.6, -0.05, 0.6, 1.05)


@dataclass(frozen=True)
class Animations:
    """Animations by exercise id, in file order."""

    animations: tuple[Animation, ...] = ()
    _by_id: Mapping[str, Animation] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({a.id: a for a in self.animations}))

    def __len__(self) -> int:
        return len(self.animations)

    def __iter__(self) -> Iterator[Animation]:
        return iter(self.animations)

    def __contains__(self, animation_id: object) -> bool:
        return animation_id in self._by_id

    def __getitem__(self, animation_id: str) -> Animation:
        return self._by_id[animation_id]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.animations)


class AnimationFileError(ValueError):
    """An animation file with problems; ``problems`` names each one."""

    def __init__(self, problems: Sequence[DataProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = tuple(problems)


# -- posing ----------------------------------------------------------------------------------


def ease(t: float) -> float:
    """Ease in and out: a body speeds up from rest and slows into the next pose."""
    t = min(1.0, max(0.0, t))
    return 0.5 - 0.5 * math.cos(math.pi * t)


def frame(
    animation: Animation,
    phase: float,
    *,
    side: Side = Side.LEFT,
    contraction: float | None = None,
    reduced_motion: bool = False,
) -> Frame:
    """The figure at ``phase`` (0..1) through one rep.

    ``side`` RIGHT mirrors the left-side movement. ``contraction`` (0..1) sets the muscle glow;
    by default it follows the keys. With ``reduced_motion`` the figure holds the nearest key
    pose instead of moving between them.
    """
    phase = min(1.0, max(0.0, phase)) if math.isfinite(phase) else 0.0
    first, second, t = _interval(animation, phase)
    if reduced_motion or first is second:
        key = (first if t < 0.5 else second) if reduced_motion else first
        joints, tilts = dict(key.joints), key.pose.tilts
        squeeze = key.contraction
        key_name: str | None = key.name
        t = 0.0
    else:
        eased = ease(t)
        pose = _blend(first.pose, second.pose, eased)
        joints = _solve(animation, pose, first, second, eased)
        tilts = pose.tilts
        squeeze = first.contraction + (second.contraction - first.contraction) * eased
        key_name = None if 0.0 < eased < 1.0 else (first if eased <= 0 else second).name
    if contraction is not None:
        squeeze = min(1.0, max(0.0, contraction)) if math.isfinite(contraction) else 0.0
    shift = -animation.travel * phase if not reduced_motion else 0.0
    if shift:
        joints = {name: Point(p.x + shift, p.y, p.z) for name, p in joints.items()}
    result = _assemble(animation, joints, tilts, contraction=squeeze, key=key_name, shift=shift)
    return mirrored(result) if side is Side.RIGHT else result


def _interval(animation: Animation, phase: float) -> tuple[Key, Key, float]:
    timing = animation.timing
    phases = [p for _, p in timing]
    index = min(max(bisect.bisect_right(phases, phase) - 1, 0), len(timing) - 2)
    (name_a, start), (name_b, end) = timing[index], timing[index + 1]
    t = 1.0 if end <= start else (phase - start) / (end - start)
    return animation.keys[name_a], animation.keys[name_b], t


def _blend(a: Pose, b: Pose, t: float) -> Pose:
    # Segment angles (not joint positions) are interpolated: joints rotate, they do not slide.
    angles = {n: a.angles[n] + (b.angles[n] - a.angles[n]) * t for n in ANGLE_NAMES}
    tilts = {n: a.tilts[n] + (b.tilts[n] - a.tilts[n]) * t for n in BONE_NAMES}
    root = (a.root[0] + (b.root[0] - a.root[0]) * t, a.root[1] + (b.root[1] - a.root[1]) * t)
    return Pose(root, angles, tilts)


def _lerp(a: Point, b: Point, t: float) -> Point:
    return Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t)


def _direction(degrees: float) -> tuple[float, float]:
    radians = math.radians(degrees)
    return math.cos(radians), math.sin(radians)


def pose_joints(view: View, pose: Pose) -> dict[str, Point]:
    """Every joint of ``pose`` by forward kinematics from the pelvis."""
    joints: dict[str, Point] = {"pelvis": Point(*pose.root)}
    frontal = view is not View.SIDE

    def across(centre: Point, spine: float, spread: float, side: str) -> Point:
        # The left joint is on the person's left: towards the camera from the side, and on
        # the image's right (90° clockwise from the spine) from the front.
        sign = 1.0 if side == "l" else -1.0
        if not frontal:
            return Point(centre.x, centre.y, centre.z + sign * spread)
        dx, dy = _direction(spine - 90.0)
        return Point(centre.x + sign * spread * dx, centre.y + sign * spread * dy, centre.z)

    def extend(bone: _Bone) -> None:
        start = joints[bone.parent]
        dx, dy = _direction(pose.angles[bone.name])
        tilt = math.radians(pose.tilts[bone.name])
        flat = bone.length * math.cos(tilt)
        joints[bone.child] = Point(
            start.x + dx * flat, start.y + dy * flat, start.z + bone.length * math.sin(tilt)
        )

    extend(_BONE["abdomen"])
    extend(_BONE["chest"])
    extend(_BONE["neck"])
    head_x, head_y = _direction(pose.angles["head"])
    base = joints["head_base"]
    joints["head"] = Point(base.x + head_x * HEAD_CENTRE, base.y + head_y * HEAD_CENTRE, base.z)
    chest_angle = pose.angles["chest"]
    cx, cy = _direction(chest_angle)
    neck = joints["neck"]
    shoulders = Point(neck.x - cx * SHOULDER_DROP, neck.y - cy * SHOULDER_DROP, neck.z)
    pelvis = joints["pelvis"]
    hip_angle = pose.angles["abdomen"]
    for side in "lr":
        joints[f"shoulder_{side}"] = across(shoulders, chest_angle, SHOULDER_SPREAD, side)
        joints[f"hip_{side}"] = across(pelvis, hip_angle, HIP_SPREAD, side)
        for name in ("thigh", "shin", "foot", "upper_arm", "forearm", "hand"):
            extend(_BONE[f"{name}_{side}"])
    # The buttock, behind the hip joints (the side view's back is 90° anticlockwise from the
    # spine when facing right).
    bx, by = _direction(hip_angle + 90.0)
    sx, sy = _direction(hip_angle)
    back, along = SEAT_OFFSET
    joints["seat"] = Point(
        pelvis.x + bx * back + sx * along, pelvis.y + by * back + sy * along, pelvis.z
    )
    return joints


def _solve(animation: Animation, pose: Pose, first: Key, second: Key, t: float) -> dict[str, Point]:
    joints = pose_joints(animation.view, pose)
    if animation.anchor is not None:
        target = _lerp(first.joints[animation.anchor], second.joints[animation.anchor], t)
        held = joints[animation.anchor]
        dx, dy = target.x - held.x, target.y - held.y
        joints = {name: Point(p.x + dx, p.y + dy, p.z) for name, p in joints.items()}
    for end in animation.planted:
        target = _lerp(first.joints[end], second.joints[end], t)
        _reach(joints, end, target, pose)
    return joints


_CHAINS: Mapping[str, tuple[str, str, str, str, tuple[str, ...]]] = MappingProxyType(
    {
        "ankle": ("hip", "knee", "thigh", "shin", ("toe",)),
        "wrist": ("shoulder", "elbow", "upper_arm", "forearm", ("fingers",)),
    }
)


def _reach(joints: dict[str, Point], end: str, target: Point, pose: Pose) -> None:
    """Bend the limb ending in ``end`` so that it reaches ``target`` (two-bone inverse
    kinematics), keeping the way the pose bends it and the angle of the hand or foot."""
    kind, side = end.rsplit("_", 1)
    root_name, middle_name, upper, lower, tips = _CHAINS[kind]
    root = joints[f"{root_name}_{side}"]
    middle = joints[f"{middle_name}_{side}"]
    old_end = joints[end]
    upper_flat = _flat_length(pose, f"{upper}_{side}")
    lower_flat = _flat_length(pose, f"{lower}_{side}")
    dx, dy = target.x - root.x, target.y - root.y
    reach = math.hypot(dx, dy)
    reach = min(max(reach, abs(upper_flat - lower_flat) + 1e-9), upper_flat + lower_flat - 1e-9)
    # The bend keeps its side of the line from root to end, as the pose drew it.
    cross = (middle.x - root.x) * (old_end.y - root.y) - (middle.y - root.y) * (old_end.x - root.x)
    bend = -1.0 if cross > 0 else 1.0
    along = (upper_flat**2 - lower_flat**2 + reach**2) / (2 * reach)
    height = math.sqrt(max(0.0, upper_flat**2 - along**2))
    distance = math.hypot(dx, dy) or 1e-9
    ux, uy = dx / distance, dy / distance
    # Depth follows the tilts, so each bone keeps its length in three dimensions.
    knee_z = root.z + _depth(pose, f"{upper}_{side}")
    knee = Point(
        root.x + ux * along - uy * height * bend,
        root.y + uy * along + ux * height * bend,
        knee_z,
    )
    lx, ly = target.x - knee.x, target.y - knee.y
    lower_length = math.hypot(lx, ly) or 1e-9
    new_end = Point(
        knee.x + lx / lower_length * lower_flat,
        knee.y + ly / lower_length * lower_flat,
        knee_z + _depth(pose, f"{lower}_{side}"),
    )
    joints[f"{middle_name}_{side}"] = knee
    joints[end] = new_end
    for tip in tips:
        old = joints[f"{tip}_{side}"]
        joints[f"{tip}_{side}"] = Point(
            old.x + new_end.x - old_end.x,
            old.y + new_end.y - old_end.y,
            old.z + new_end.z - old_end.z,
        )


def _depth(pose: Pose, bone: str) -> float:
    return _BONE[bone].length * math.sin(math.radians(pose.tilts[bone]))


def _flat_length(pose: Pose, bone: str) -> float:
    return _BONE[bone].length * math.cos(math.radians(pose.tilts[bone]))


def _assemble(
    animation: Animation,
    joints: Mapping[str, Point],
    tilts: Mapping[str, float],
    *,
    contraction: float,
    key: str | None,
    shift: float,
) -> Frame:
    view = animation.view
    far = _FAR[view]
    segments: list[Segment] = []
    for name in _ORDER[view]:
        if name in _BONE:
            bone = _BONE[name]
            start, end = joints[bone.parent], joints[bone.child]
            widths = bone.side_widths if view is View.SIDE else bone.front_widths
        else:
            start_name, end_name, widths = _EXTRA_SHAPES[name]
            start, end = joints[start_name], joints[end_name]
        segments.append(Segment(name, start, end, widths[0], widths[1], name in far))
    head = _head(view, joints)
    glows = _glows(animation, joints, contraction)
    props = tuple(_prop(p, shift) for p in animation.props) + tuple(
        _band(spec, joints) for spec in animation.bands
    )
    return Frame(
        view,
        MappingProxyType(dict(joints)),
        tuple(segments),
        head,
        glows,
        props,
        animation.box,
        contraction,
        key,
    )


def _head(view: View, joints: Mapping[str, Point]) -> Head:
    base, centre = joints["head_base"], joints["head"]
    ux, uy = centre.x - base.x, centre.y - base.y
    length = math.hypot(ux, uy) or 1.0
    up = (ux / length, uy / length)
    # From the side the face looks 90° clockwise from the crown (the figure faces right).
    face = (up[1], -up[0]) if view is View.SIDE else None
    return Head(centre, HEAD_RADIUS, up, face)


def _prop(prop: Prop, shift: float) -> Prop:
    if isinstance(prop, Floor) and shift:
        return replace(prop, scroll=shift)
    return prop


def _band(spec: BandSpec, joints: Mapping[str, Point]) -> Band:
    ends = []
    for bone_name in spec.between:
        bone = _BONE[bone_name]
        ends.append(_lerp(joints[bone.parent], joints[bone.child], spec.at))
    length = math.hypot(ends[1].x - ends[0].x, ends[1].y - ends[0].y)
    return Band(ends[0], ends[1], length / spec.rest)


SECONDARY_GLOW = 0.45
"""How bright the helping muscles glow next to the main one."""


def _glows(
    animation: Animation, joints: Mapping[str, Point], contraction: float
) -> tuple[Glow, ...]:
    glows: list[Glow] = []
    sides = ("l",) if animation.one_side else ("l", "r")
    for index, muscle in enumerate(animation.muscles):
        intensity = contraction * (1.0 if index == 0 else SECONDARY_GLOW)
        for side in sides:
            centre, radius = _muscle_region(animation.view, muscle, joints, side)
            far = side == "r" and animation.view is not View.FRONT
            glows.append(Glow(muscle, centre, radius, intensity, far))
    return tuple(glows)


def _muscle_region(
    view: View, muscle: Muscle, joints: Mapping[str, Point], side: str
) -> tuple[Point, float]:
    """Where ``muscle`` of one side lies, and how big it is."""
    hip, knee = joints[f"hip_{side}"], joints[f"knee_{side}"]
    ankle = joints[f"ankle_{side}"]
    pelvis, waist = joints["pelvis"], joints["waist"]
    sx, sy = pelvis.x - waist.x, pelvis.y - waist.y  # down the spine
    spine = math.hypot(sx, sy) or 1.0
    down = (sx / spine, sy / spine)
    if view is View.SIDE:
        # The figure faces right: its back is 90° clockwise from "down the spine".
        back = (down[1], -down[0])
    else:
        # From the front the outside of the left hip is 90° anticlockwise from "down".
        sign = 1.0 if side == "l" else -1.0
        back = (-down[1] * sign, down[0] * sign)

    def at(base: Point, out: float, lower: float) -> Point:
        return Point(
            base.x + back[0] * out + down[0] * lower,
            base.y + back[1] * out + down[1] * lower,
            base.z,
        )

    thigh_middle = _lerp(hip, knee, 0.45)
    if muscle is Muscle.GLUTEUS_MAXIMUS:
        return (at(hip, 0.055, 0.005), 0.085) if view is View.SIDE else (at(hip, 0.02, 0.03), 0.07)
    if muscle is Muscle.GLUTEUS_MEDIUS:
        return (at(hip, 0.03, -0.05), 0.06) if view is View.SIDE else (at(hip, 0.055, -0.03), 0.055)
    if muscle is Muscle.PIRIFORMIS:
        return at(hip, 0.04, -0.01), 0.05
    if muscle is Muscle.HIP_FLEXORS:
        return at(hip, -0.04, -0.01), 0.05
    if muscle is Muscle.ADDUCTORS:
        return at(thigh_middle, -0.02 if view is not View.SIDE else 0.0, 0.0), 0.055
    if muscle is Muscle.QUADRICEPS:
        return at(thigh_middle, -0.02 if view is View.SIDE else 0.0, 0.0), 0.06
    if muscle is Muscle.HAMSTRINGS:
        return at(thigh_middle, 0.025, 0.0), 0.06
    return _lerp(knee, ankle, 0.3), 0.045  # calves


def mirrored(result: Frame) -> Frame:
    """``result`` seen in a mirror: left and right swap, x changes sign."""

    def flip(point: Point) -> Point:
        return Point(-point.x, point.y, point.z)

    def swap(name: str) -> str:
        if name.endswith("_l"):
            return name[:-2] + "_r"
        if name.endswith("_r"):
            return name[:-2] + "_l"
        return name

    joints = {swap(name): flip(p) for name, p in result.joints.items()}
    segments = tuple(
        Segment(swap(s.name), flip(s.start), flip(s.end), s.start_width, s.end_width, s.far)
        for s in result.segments
    )
    head = result.head
    face = None if head.face is None else (-head.face[0], head.face[1])
    x0, y0, x1, y1 = result.box
    return replace(
        result,
        joints=MappingProxyType(joints),
        segments=segments,
        head=Head(flip(head.centre), head.radius, (-head.up[0], head.up[1]), face),
        glows=tuple(replace(g, centre=flip(g.centre)) for g in result.glows),
        props=tuple(_mirrored_prop(p) for p in result.props),
        box=(-x1, y0, -x0, y1),
        facing=-result.facing,
    )


def _mirrored_prop(prop: Prop) -> Prop:
    if isinstance(prop, Floor):
        return Floor(-prop.x1, -prop.x0, -prop.scroll, marks=prop.marks)
    if isinstance(prop, Mat):
        return Mat(-prop.x1, -prop.x0, prop.thickness)
    if isinstance(prop, Chair):
        back = None if prop.back_x is None else -prop.back_x
        return Chair(-prop.x1, -prop.x0, prop.seat_height, back)
    if isinstance(prop, Desk):
        return Desk(-prop.x1, -prop.x0, prop.height)
    start, end = prop.start, prop.end
    return Band(Point(-start.x, start.y, start.z), Point(-end.x, end.y, end.z), prop.stretch)


# -- reading animation files -------------------------------------------------------------------

_SIDE_BASE: Mapping[str, float] = MappingProxyType(
    {
        "abdomen": 90.0,
        "chest": 91.0,
        "neck": 93.0,
        "head": 90.0,
        **{f"thigh_{s}": -90.0 for s in "lr"},
        **{f"shin_{s}": -90.0 for s in "lr"},
        **{f"foot_{s}": -12.0 for s in "lr"},
        **{f"upper_arm_{s}": -93.0 for s in "lr"},
        **{f"forearm_{s}": -84.0 for s in "lr"},
        **{f"hand_{s}": -86.0 for s in "lr"},
    }
)
_FRONT_BASE: Mapping[str, float] = MappingProxyType(
    {
        "abdomen": 90.0,
        "chest": 90.0,
        "neck": 90.0,
        "head": 90.0,
        "thigh_l": -88.0,
        "thigh_r": -92.0,
        "shin_l": -90.0,
        "shin_r": -90.0,
        "foot_l": -80.0,
        "foot_r": -100.0,
        "upper_arm_l": -80.0,
        "upper_arm_r": -100.0,
        "forearm_l": -86.0,
        "forearm_r": -94.0,
        "hand_l": -88.0,
        "hand_r": -92.0,
    }
)
_FRONT_TILTS: Mapping[str, float] = MappingProxyType({"foot_l": 72.0, "foot_r": 72.0})
STANDING_ROOT = (0.0, 0.53)
"""The pelvis of a person standing straight on the floor."""

_ANIMATION_KEYS = (
    "view",
    "muscles",
    "timing",
    "keys",
    "anchor",
    "one_side",
    "travel",
    "props",
    "bands",
)
_KEY_KEYS = ("like", "root", "contraction", "angles", "tilts", "reach", "free")
_PROP_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "mat": ("from", "to"),
        "chair": ("from", "to", "seat"),
        "desk": ("from", "to", "height"),
    }
)
_PROP_OPTIONAL: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"mat": ("thickness",), "chair": ("back",), "desk": ()}
)
_LIMBS = ("thigh", "shin", "foot", "upper_arm", "forearm", "hand")
_ENDS = tuple(f"{end}_{side}" for end in ("ankle", "wrist") for side in "lr")


def load_animations(text: str, source: str) -> Animations:
    """The animations in ``text`` (the file ``source``); AnimationFileError for any problem."""
    reader = _AnimationReader(text, source)
    text = text.removeprefix("\ufeff")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, reason = syntax_error(error, text)
        raise AnimationFileError(
            [DataProblem(source, line, None, f"expected TOML, got {reason}")]
        ) from None
    animations = reader.read(document)
    if reader.problems:
        raise AnimationFileError(sorted(reader.problems, key=lambda p: p.line or 0))
    return Animations(tuple(animations))


class _InvalidError(Exception):
    """One value is wrong; the problem is already noted."""


class _AnimationReader:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.places = TomlPlaces(text)
        self.problems: list[DataProblem] = []

    def problem(self, where: Where, message: str) -> _InvalidError:
        line = self.places.find(where)
        self.problems.append(DataProblem(self.source, line, _key_text(where), message))
        return _InvalidError()

    def read(self, document: dict[str, Any]) -> list[Animation]:
        for name in document:
            if name not in ("schema_version", "animation"):
                self.problem((name,), "unknown key; expected schema_version or animation")
        version = document.get("schema_version")
        if isinstance(version, bool) or version != SCHEMA_VERSION:
            self.problem(
                ("schema_version",), f"expected schema version {SCHEMA_VERSION}, got {version!r}"
            )
        tables = document.get("animation")
        if not isinstance(tables, dict) or not tables:
            self.problem(("animation",), "expected [animation.ID] tables, one per exercise")
            return []
        animations = []
        for animation_id, table in tables.items():
            try:
                animations.append(self._animation(("animation", animation_id), animation_id, table))
            except _InvalidError:
                continue
        return animations

    def _animation(self, where: Where, animation_id: str, table: object) -> Animation:
        if not isinstance(table, dict):
            raise self.problem(where, f"expected a table, got {table!r}")
        count = len(self.problems)
        for key in table:
            if key not in _ANIMATION_KEYS:
                self.problem((*where, key), f"unknown key; expected {_listing(_ANIMATION_KEYS)}")
        for key in ("view", "muscles", "timing", "keys"):
            if key not in table:
                self.problem((*where, key), "missing")
        if len(self.problems) > count:
            raise _InvalidError
        view = self._view((*where, "view"), table["view"])
        muscles = self._muscles((*where, "muscles"), table["muscles"])
        anchor = table.get("anchor")
        if anchor is not None and anchor not in JOINT_NAMES:
            raise self.problem(
                (*where, "anchor"), f'expected a joint such as "neck" or "ankle_l", got {anchor!r}'
            )
        keys = self._keys((*where, "keys"), view, table["keys"], anchor)
        timing = self._timing((*where, "timing"), table["timing"], keys)
        planted = tuple(end for end in _ENDS if any(end in k.reach for k in keys.values()))
        one_side = table.get("one_side", False)
        if not isinstance(one_side, bool):
            raise self.problem((*where, "one_side"), f"expected true or false, got {one_side!r}")
        travel = self._number((*where, "travel"), table.get("travel", 0.0), -1.0, 1.0)
        props = self._props((*where, "props"), table.get("props", []))
        bands = self._bands((*where, "bands"), table.get("bands", []))
        animation = Animation(
            id=animation_id,
            view=view,
            muscles=muscles,
            keys=MappingProxyType(keys),
            timing=timing,
            anchor=anchor,
            planted=planted,
            one_side=one_side,
            travel=travel,
            props=props,
            bands=bands,
        )
        box = _box(animation, props)
        floor = Floor(box[0], box[2], marks=bool(travel))
        return replace(animation, box=box, props=(floor, *props))

    def _view(self, where: Where, value: object) -> View:
        for view in View:
            if value == view.value:
                return view
        raise self.problem(where, f"expected {_listing([v.value for v in View])}, got {value!r}")

    def _muscles(self, where: Where, value: object) -> tuple[Muscle, ...]:
        names = [m.value for m in Muscle]
        if (
            not isinstance(value, list)
            or not value
            or any(name not in names for name in value)
            or len(set(value)) != len(value)
        ):
            raise self.problem(
                where,
                f"expected a list of different muscles from {_listing(names, 'and')}, the "
                f"working one first; got {value!r}",
            )
        return tuple(Muscle(name) for name in value)

    def _number(self, where: Where, value: object, low: float, high: float) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low <= value <= high
        ):
            raise self.problem(where, f"expected a number from {low:g} to {high:g}, got {value!r}")
        return float(value)

    def _keys(self, where: Where, view: View, value: object, anchor: str | None) -> dict[str, Key]:
        if not isinstance(value, dict) or not value:
            raise self.problem(where, "expected [animation.ID.keys.NAME] tables, one per key pose")
        keys: dict[str, Key] = {}
        failed = False
        for name, table in value.items():
            try:
                key = self._key((*where, name), view, name, table, keys)
            except _InvalidError:
                failed = True
                continue
            if anchor is not None and keys:
                key = _anchored(key, anchor, next(iter(keys.values())).joints[anchor])
            for end, (x, y) in key.reach.items():
                kind, side = end.rsplit("_", 1)
                root = key.joints[f"{_CHAINS[kind][0]}_{side}"]
                length = sum(
                    _flat_length(key.pose, f"{bone}_{side}") for bone in _CHAINS[kind][2:4]
                )
                if math.hypot(x - root.x, y - root.y) > length:
                    self.problem(
                        (*where, name, "reach", end),
                        f"expected a place the limb can reach, {length:.3f} from its "
                        f"{_CHAINS[kind][0]} at most; got [{x:g}, {y:g}], "
                        f"{math.hypot(x - root.x, y - root.y):.3f} away",
                    )
                    failed = True
            keys[name] = _reached(key)
        if failed:
            raise _InvalidError
        return keys

    def _key(
        self, where: Where, view: View, name: str, table: object, earlier: Mapping[str, Key]
    ) -> Key:
        if not isinstance(table, dict):
            raise self.problem(where, f"expected a table, got {table!r}")
        for key in table:
            if key not in _KEY_KEYS:
                self.problem((*where, key), f"unknown key; expected {_listing(_KEY_KEYS)}")
        like = table.get("like")
        if like is not None:
            if like not in earlier:
                raise self.problem(
                    (*where, "like"),
                    f"expected the name of a key defined above, got {like!r}",
                )
            base = earlier[like].pose
            contraction = earlier[like].contraction
            reach = dict(earlier[like].reach)
        else:
            angles = _FRONT_BASE if view is not View.SIDE else _SIDE_BASE
            tilts = _FRONT_TILTS if view is View.FRONT else {}
            base = Pose(STANDING_ROOT, angles, {n: tilts.get(n, 0.0) for n in BONE_NAMES})
            contraction = 0.0
            reach = {}
        root = base.root
        if "root" in table:
            value = table["root"]
            if (
                not isinstance(value, list)
                or len(value) != 2
                or any(isinstance(v, bool) or not isinstance(v, int | float) for v in value)
                or not all(math.isfinite(v) and abs(v) <= 3 for v in value)
            ):
                raise self.problem(
                    (*where, "root"), f"expected [x, y], the pelvis position, got {value!r}"
                )
            root = (float(value[0]), float(value[1]))
        if "contraction" in table:
            contraction = self._number((*where, "contraction"), table["contraction"], 0.0, 1.0)
        angles = self._angles(
            (*where, "angles"),
            table.get("angles", {}),
            base.angles,
            ANGLE_NAMES,
            view=view,
            largest=720.0,
        )
        tilts = self._angles(
            (*where, "tilts"),
            table.get("tilts", {}),
            base.tilts,
            BONE_NAMES,
            view=None,
            largest=89.0,
        )
        reach.update(self._reach((*where, "reach"), table.get("reach", {}), view))
        free = table.get("free", [])
        if not isinstance(free, list) or any(end not in reach for end in free):
            raise self.problem(
                (*where, "free"),
                f"expected a list of wrists and ankles the key it is like puts at a place, "
                f"to let go of; got {free!r}",
            )
        for end in free:
            del reach[end]
        pose = Pose(root, MappingProxyType(angles), MappingProxyType(tilts))
        joints = MappingProxyType(pose_joints(view, pose))
        return Key(name, pose, contraction, joints, MappingProxyType(reach))

    def _reach(self, where: Where, value: object, view: View) -> dict[str, tuple[float, float]]:
        expected = (
            "expected a table of wrists and ankles and where they rest, such as "
            "{ ankle_l = [0.1, 0.04] }"
        )
        if not isinstance(value, dict):
            raise self.problem(where, f"{expected}; got {value!r}")
        reach: dict[str, tuple[float, float]] = {}
        for name, place in value.items():
            if (
                not isinstance(place, list)
                or len(place) != 2
                or any(isinstance(v, bool) or not isinstance(v, int | float) for v in place)
                or not all(math.isfinite(v) and abs(v) <= 3 for v in place)
            ):
                raise self.problem((*where, name), f"expected [x, y], got {place!r}")
            x, y = float(place[0]), float(place[1])
            if name in _ENDS:
                reach[name] = (x, y)
            elif name in ("ankle", "wrist"):
                # Both sides; from the front the right one is on the other side of the middle.
                reach[f"{name}_l"] = (x, y)
                reach[f"{name}_r"] = (-x, y) if view is View.FRONT else (x, y)
            else:
                raise self.problem(
                    (*where, name), f"unknown end; expected {_listing([*_ENDS, 'ankle', 'wrist'])}"
                )
        return reach

    def _angles(
        self,
        where: Where,
        value: object,
        base: Mapping[str, float],
        names: Sequence[str],
        *,
        view: View | None,
        largest: float,
    ) -> dict[str, float]:
        if not isinstance(value, dict):
            raise self.problem(where, f"expected a table of angles in degrees, got {value!r}")
        angles = dict(base)
        failed = False
        # A limb name without _l or _r sets both sides; from the front the right side's
        # angle is mirrored, so "thigh = -80" spreads both legs the same amount.
        for name in sorted(value, key=lambda n: n in names):
            try:
                degrees = self._number((*where, name), value[name], -largest, largest)
            except _InvalidError:
                failed = True
                continue
            if name in names:
                angles[name] = degrees
            elif name in _LIMBS:
                angles[f"{name}_l"] = degrees
                mirror = view is View.FRONT
                angles[f"{name}_r"] = _mirror_angle(degrees) if mirror else degrees
            else:
                self.problem(
                    (*where, name),
                    f"unknown part; expected {_listing([*names, *_LIMBS])}",
                )
                failed = True
        if failed:
            raise _InvalidError
        return angles

    def _timing(
        self, where: Where, value: object, keys: Mapping[str, Key]
    ) -> tuple[tuple[str, float], ...]:
        expected = (
            "expected a list of [key, phase] pairs from phase 0 to 1, such as "
            '[["start", 0], ["peak", 0.5], ["start", 1]]'
        )
        if not isinstance(value, list) or len(value) < 2:
            raise self.problem(where, f"{expected}; got {value!r}")
        timing: list[tuple[str, float]] = []
        for number, pair in enumerate(value, start=1):
            if (
                not isinstance(pair, list)
                or len(pair) != 2
                or not isinstance(pair[0], str)
                or isinstance(pair[1], bool)
                or not isinstance(pair[1], int | float)
            ):
                raise self.problem((*where, number), f"{expected}; got {pair!r}")
            name, phase = pair[0], float(pair[1])
            if name not in keys:
                raise self.problem(
                    (*where, number),
                    f"expected one of the keys {_listing(list(keys))}, got {name!r}",
                )
            if not 0 <= phase <= 1 or (timing and phase < timing[-1][1]):
                raise self.problem(
                    (*where, number),
                    f"expected a phase from 0 to 1, not below the one before; got {pair[1]!r}",
                )
            timing.append((name, phase))
        if timing[0][1] != 0 or timing[-1][1] != 1:
            raise self.problem(where, "expected the first phase to be 0 and the last to be 1")
        return tuple(timing)

    def _props(self, where: Where, value: object) -> tuple[Mat | Chair | Desk, ...]:
        if not isinstance(value, list):
            raise self.problem(where, f"expected a list of props, got {value!r}")
        props: list[Mat | Chair | Desk] = []
        for number, table in enumerate(value, start=1):
            place = (*where, number)
            kind = table.get("kind") if isinstance(table, dict) else None
            if not isinstance(table, dict) or not isinstance(kind, str) or kind not in _PROP_FIELDS:
                raise self.problem(
                    place, f"expected a prop with kind = {_listing(list(_PROP_FIELDS))}"
                )
            allowed = ("kind", *_PROP_FIELDS[kind], *_PROP_OPTIONAL[kind])
            for key in table:
                if key not in allowed:
                    raise self.problem((*place, key), f"unknown key; expected {_listing(allowed)}")
            for key in _PROP_FIELDS[kind]:
                if key not in table:
                    raise self.problem((*place, key), f"missing; a {kind} needs it")
            numbers = {
                key: self._number((*place, key), table[key], -3.0, 3.0)
                for key in table
                if key != "kind"
            }
            if numbers["from"] >= numbers["to"]:
                raise self.problem((*place, "to"), "expected to be right of from")
            if kind == "mat":
                props.append(Mat(numbers["from"], numbers["to"], numbers.get("thickness", 0.012)))
            elif kind == "chair":
                props.append(
                    Chair(numbers["from"], numbers["to"], numbers["seat"], numbers.get("back"))
                )
            else:
                props.append(Desk(numbers["from"], numbers["to"], numbers["height"]))
        return tuple(props)

    def _bands(self, where: Where, value: object) -> tuple[BandSpec, ...]:
        if not isinstance(value, list):
            raise self.problem(where, f"expected a list of bands, got {value!r}")
        bands = []
        for number, table in enumerate(value, start=1):
            place = (*where, number)
            between = table.get("between") if isinstance(table, dict) else None
            if (
                not isinstance(table, dict)
                or not isinstance(between, list)
                or len(between) != 2
                or any(bone not in _BONE for bone in between)
            ):
                raise self.problem(
                    place,
                    'expected { between = ["thigh_l", "thigh_r"], at = 0.8, rest = 0.15 }: two '
                    "bones, how far along them (0 to 1) and the band's length at rest",
                )
            at = self._number((*place, "at"), table.get("at", 0.5), 0.0, 1.0)
            rest = self._number((*place, "rest"), table.get("rest"), 0.01, 2.0)
            bands.append(BandSpec((between[0], between[1]), at, rest))
        return tuple(bands)


def _mirror_angle(degrees: float) -> float:
    """``degrees`` seen in a vertical mirror, from -180 to 180 so that keys ease the short way."""
    mirrored = (180.0 - degrees) % 360.0
    return mirrored - 360.0 if mirrored > 180.0 else mirrored


def _anchored(key: Key, anchor: str, place: Point) -> Key:
    """``key`` moved so that its ``anchor`` joint is at ``place``."""
    held = key.joints[anchor]
    dx, dy = place.x - held.x, place.y - held.y
    pose = replace(key.pose, root=(key.pose.root[0] + dx, key.pose.root[1] + dy))
    joints = {name: Point(p.x + dx, p.y + dy, p.z) for name, p in key.joints.items()}
    return replace(key, pose=pose, joints=MappingProxyType(joints))


def _reached(key: Key) -> Key:
    """``key`` with each wrist and ankle it names bent into place."""
    if not key.reach:
        return key
    joints = dict(key.joints)
    for end, (x, y) in key.reach.items():
        _reach(joints, end, Point(x, y, joints[end].z), key.pose)
    return replace(key, joints=MappingProxyType(joints))


BOX_MARGIN = 0.07
LYING_DROP = 0.45
"""The side-lying camera looks from a little above the floor in front of the body: a point a
body height towards it shows this much lower, so hips and knees bent forward show bent."""
LYING_MAT_DEPTH = (-0.12, 0.34)
"""Where the mat under a side-lying body reaches, behind its back and in front of it."""


def _box(
    animation: Animation, props: Sequence[Mat | Chair | Desk]
) -> tuple[float, float, float, float]:
    """The camera's view: every key pose of ``animation`` with the ``props`` the file gives
    it (the floor comes after, from the box), and a margin."""
    drop = LYING_DROP if animation.view is View.SIDE_LYING else 0.0
    xs: list[float] = []
    ys: list[float] = [0.0, -drop * LYING_MAT_DEPTH[1]]
    for key in animation.keys.values():
        for point in key.joints.values():
            xs.append(point.x)
            ys.extend((point.y, point.y - drop * point.z))
    reach = HEAD_RADIUS + 0.02
    for prop in props:
        xs.extend((prop.x0, prop.x1))
        if isinstance(prop, Chair):
            ys.append(prop.seat_height)
        if isinstance(prop, Desk):
            ys.append(prop.height)
    travel = abs(animation.travel)
    return (
        min(xs) - reach - BOX_MARGIN - travel / 2,
        min(ys) - BOX_MARGIN,
        max(xs) + reach + BOX_MARGIN + travel / 2,
        max(ys) + reach + BOX_MARGIN,
    )
