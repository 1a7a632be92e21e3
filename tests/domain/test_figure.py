"""The figure's geometry: what moves and what stays in each exercise, mirroring, bones that do
not stretch, reduced motion, and precise problems in animation files."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import Muscle, Side
from deskbreak.domain.figure import (
    BONE_LENGTHS,
    LYING_DROP,
    Animation,
    AnimationFileError,
    Animations,
    Band,
    Frame,
    Point,
    View,
    ease,
    frame,
    load_animations,
)

ANIMATED = (
    "standing-glute-squeeze",
    "seated-glute-squeeze",
    "glute-squeeze-test",
    "bodyweight-squat",
    "standing-hip-flexor-stretch",
    "standing-side-leg-raise",
    "standing-hip-extension",
    "lateral-lunge",
    "desk-march",
    "seated-figure-four-stretch",
    "clamshell",
    "glute-bridge",
    "single-leg-glute-bridge",
    "marching-glute-bridge",
    "side-lying-leg-lift",
    "lateral-band-walk",
    "lateral-walk",
    "plank",
    "butterfly-stretch",
)
PHASES = [i / 40 for i in range(41)]


@pytest.fixture(scope="module")
def animations() -> Animations:
    return load_animations(read_asset_text("animations.toml"), "animations.toml")


def frames(animation: Animation, side: Side = Side.LEFT) -> list[Frame]:
    return [frame(animation, phase, side=side) for phase in PHASES]


def angle(a: Point, b: Point, c: Point) -> float:
    """The angle at ``b`` between ``a`` and ``c`` in the picture, in degrees."""
    first = math.atan2(a.y - b.y, a.x - b.x)
    second = math.atan2(c.y - b.y, c.x - b.x)
    turn = abs(math.degrees(first - second)) % 360
    return 360 - turn if turn > 180 else turn


def direction(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(b.y - a.y, b.x - a.x))


def peak(animation: Animation) -> Frame:
    """The frame where the working muscle works hardest."""
    return max(frames(animation), key=lambda f: f.contraction)


def close(a: Point, b: Point, tolerance: float = 1e-6) -> bool:
    return math.hypot(a.x - b.x, a.y - b.y) <= tolerance


# -- every animation -----------------------------------------------------------------------


def test_every_exercise_is_animated(animations: Animations) -> None:
    assert set(animations.ids) == set(ANIMATED)


def test_the_file_animates_what_it_names(animations: Animations) -> None:
    assert len(set(animations.ids)) == len(animations.ids)
    for animation in animations:
        assert animation.timing[0][1] == 0
        assert animation.timing[-1][1] == 1


@pytest.mark.parametrize("side", list(Side))
def test_bones_keep_their_length_in_every_frame(animations: Animations, side: Side) -> None:
    for animation in animations:
        for result in frames(animation, side):
            for segment in result.segments:
                if segment.name in BONE_LENGTHS:
                    length = segment.start.distance(segment.end)
                    assert length == pytest.approx(BONE_LENGTHS[segment.name], abs=1e-6), (
                        animation.id,
                        segment.name,
                    )


def test_the_right_side_is_the_left_in_a_mirror(animations: Animations) -> None:
    for animation in animations:
        for phase in PHASES[::4]:
            left = frame(animation, phase)
            right = frame(animation, phase, side=Side.RIGHT)
            for name, point in left.joints.items():
                mirrored = (
                    name[:-2] + {"_l": "_r", "_r": "_l"}[name[-2:]]
                    if name[-2:]
                    in (
                        "_l",
                        "_r",
                    )
                    else name
                )
                assert right.joints[mirrored] == Point(-point.x, point.y, point.z)
            assert right.box == (-left.box[2], left.box[1], -left.box[0], left.box[3])
            assert [g.intensity for g in right.glows] == [g.intensity for g in left.glows]


def test_the_body_stays_above_the_floor(animations: Animations) -> None:
    for animation in animations:
        for result in frames(animation):
            for name, point in result.joints.items():
                assert point.y > -0.005, (animation.id, name)


def test_the_figure_stays_inside_its_box(animations: Animations) -> None:
    for animation in animations:
        for result in frames(animation):
            x0, y0, x1, y1 = result.box
            for point in result.joints.values():
                assert x0 < point.x < x1, animation.id
                assert y0 < point.y < y1, animation.id


def test_reduced_motion_shows_key_poses_only(animations: Animations) -> None:
    for animation in animations:
        keys = {name: key.joints for name, key in animation.keys.items()}
        for phase in PHASES:
            result = frame(animation, phase, reduced_motion=True)
            assert result.key in keys
            assert dict(result.joints) == dict(keys[result.key])


def test_moving_frames_pass_through_the_keys(animations: Animations) -> None:
    for animation in animations:
        for name, phase in animation.timing:
            result = frame(animation, phase)
            for joint, point in animation.keys[name].joints.items():
                shifted = Point(point.x - animation.travel * phase, point.y, point.z)
                assert close(result.joints[joint], shifted, 1e-9), (animation.id, name, joint)


def test_the_glow_follows_the_contraction(animations: Animations) -> None:
    bridge = animations["glute-bridge"]
    assert frame(bridge, 0.0).glow(Muscle.GLUTEUS_MAXIMUS) == 0.0
    assert frame(bridge, 0.5).glow(Muscle.GLUTEUS_MAXIMUS) == 1.0
    assert frame(bridge, 0.0, contraction=0.6).glow(Muscle.GLUTEUS_MAXIMUS) == 0.6
    assert 0 < frame(bridge, 0.5).glow(Muscle.HAMSTRINGS) < 1.0


@given(st.floats(min_value=0, max_value=1))
def test_easing_starts_and_ends_at_rest(t: float) -> None:
    assert 0.0 <= ease(t) <= 1.0
    assert ease(0.0) == 0.0
    assert ease(1.0) == 1.0
    # Slow near the keys, fastest half way: no robotic constant speed.
    assert ease(0.05) < 0.05
    assert ease(0.95) > 0.95


@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(list(Side)))
def test_any_phase_gives_a_frame(phase: float, side: Side) -> None:
    animations = load_animations(read_asset_text("animations.toml"), "animations.toml")
    result = frame(animations["glute-bridge"], phase, side=side)
    assert result.joints["pelvis"].y > 0


# -- form, exercise by exercise ------------------------------------------------------------


def test_bridge_hips_rise_to_a_straight_line_with_feet_and_shoulders_down(
    animations: Animations,
) -> None:
    bridge = animations["glute-bridge"]
    start, top = frame(bridge, 0.0), peak(bridge)
    for result in frames(bridge):
        for side in "lr":
            assert close(result.joints[f"ankle_{side}"], start.joints[f"ankle_{side}"])
            assert close(result.joints[f"toe_{side}"], start.joints[f"toe_{side}"])
        assert close(result.joints["neck"], start.joints["neck"])
        assert result.joints["head"].y == pytest.approx(start.joints["head"].y)
        # No arching: lying on the back, an arch would turn the lower back up from the line
        # of the chest (clockwise, as the head is on the left); it may only round.
        lumbar = direction(result.joints["pelvis"], result.joints["waist"]) - direction(
            result.joints["waist"], result.joints["neck"]
        )
        assert (lumbar + 180) % 360 - 180 >= -0.5
    assert top.joints["pelvis"].y > start.joints["pelvis"].y + 0.07
    line = angle(top.joints["knee_l"], top.joints["hip_l"], top.joints["shoulder_l"])
    assert line == pytest.approx(180, abs=4)


def test_clamshell_opens_the_top_knee_with_feet_together_and_pelvis_still(
    animations: Animations,
) -> None:
    clam = animations["clamshell"]
    start, open_ = frame(clam, 0.0), peak(clam)
    assert clam.view is View.SIDE_LYING
    for result in frames(clam):
        assert close(result.joints["ankle_l"], start.joints["ankle_l"])
        assert close(result.joints["ankle_r"], start.joints["ankle_r"])
        feet = result.joints["ankle_l"].y - result.joints["ankle_r"].y
        assert feet < 0.06  # stacked, touching
        # The pelvis does not roll back: the line of the hips and the spine do not turn.
        for joint in ("pelvis", "hip_l", "hip_r", "waist", "neck"):
            assert close(result.joints[joint], start.joints[joint])
        assert close(result.joints["knee_r"], start.joints["knee_r"])
    gap = open_.joints["knee_l"].y - open_.joints["knee_r"].y
    assert gap > start.joints["knee_l"].y - start.joints["knee_r"].y + 0.1


def angle_3d(a: Point, b: Point, c: Point) -> float:
    """The angle at ``b`` between ``a`` and ``c`` in space, in degrees."""
    u = (a.x - b.x, a.y - b.y, a.z - b.z)
    w = (c.x - b.x, c.y - b.y, c.z - b.z)
    cosine = sum(i * j for i, j in zip(u, w, strict=True)) / (math.hypot(*u) * math.hypot(*w))
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


def seen_lying(point: Point) -> Point:
    """``point`` as the side-lying camera, a little above the floor in front, shows it."""
    return Point(point.x, point.y - LYING_DROP * point.z)


def hip_flexion(joints: Mapping[str, Point], side: str) -> float:
    """How far the thigh is bent forward from the line of the trunk, in degrees."""
    pelvis, waist = joints["pelvis"], joints["waist"]
    down = Point(2 * pelvis.x - waist.x, 2 * pelvis.y - waist.y, 2 * pelvis.z - waist.z)
    hip, knee = joints[f"hip_{side}"], joints[f"knee_{side}"]
    shifted = Point(knee.x - hip.x + pelvis.x, knee.y - hip.y + pelvis.y, knee.z - hip.z + pelvis.z)
    return angle_3d(down, pelvis, shifted)


def test_clamshell_lies_with_hips_and_knees_bent_and_heels_together(
    animations: Animations,
) -> None:
    clam = animations["clamshell"]
    start = frame(clam, 0.0)
    for result in frames(clam):
        joints = result.joints
        for side in "lr":
            knee = angle_3d(joints[f"hip_{side}"], joints[f"knee_{side}"], joints[f"ankle_{side}"])
            assert 70 < knee < 110, (side, knee)
            assert 25 < hip_flexion(joints, side) < 60
        # The heels touch all the way: stacked, one ankle's width apart.
        assert joints["ankle_l"].distance(joints["ankle_r"]) < 0.06
        # Heels back in line with the seat, knees forward of it.
        assert abs(joints["ankle_l"].z - joints["pelvis"].z) < 0.03
        assert joints["knee_l"].z > 0.1
    for side in "lr":
        assert 40 < hip_flexion(start.joints, side) < 50
        # The picture shows the bend, not a straight leg: the knee comes forward and down.
        shown = [seen_lying(start.joints[f"{j}_{side}"]) for j in ("hip", "knee", "ankle")]
        assert angle(*shown) < 150
    # The knees start stacked, the top one resting on the bottom one.
    assert 0.03 < start.joints["knee_l"].y - start.joints["knee_r"].y < 0.09
    assert start.joints["knee_r"].y > 0.02  # on the mat, not in it


def test_side_lying_leg_lift_bends_the_bottom_knee_and_keeps_the_top_leg_long(
    animations: Animations,
) -> None:
    lift = animations["side-lying-leg-lift"]
    for result in frames(lift):
        joints = result.joints
        bottom = angle_3d(joints["hip_r"], joints["knee_r"], joints["ankle_r"])
        top = angle_3d(joints["hip_l"], joints["knee_l"], joints["ankle_l"])
        assert 70 < bottom < 110
        assert top > 170
    top_leg = peak(lift).joints
    assert 20 < direction(top_leg["hip_l"], top_leg["ankle_l"]) < 40  # about 30°, no higher


def test_side_lying_figures_stay_in_the_picture_the_camera_shows(animations: Animations) -> None:
    for exercise in ("clamshell", "side-lying-leg-lift"):
        for result in frames(animations[exercise]):
            x0, y0, x1, y1 = result.box
            for point in map(seen_lying, result.joints.values()):
                assert x0 < point.x < x1
                assert y0 < point.y < y1


def test_hip_flexor_stretch_tucks_the_pelvis_in_a_staggered_stance(
    animations: Animations,
) -> None:
    stretch = animations["standing-hip-flexor-stretch"]
    top = peak(stretch).joints
    for result in frames(stretch):
        joints = result.joints
        # Staggered: the stretched (left) leg behind, the other in front.
        assert joints["ankle_r"].x - joints["ankle_l"].x > 0.3
        assert joints["knee_l"].x < joints["hip_l"].x
    # Facing right, a tucked pelvis turns the lower back behind the vertical, never forward
    # into an arch, while the chest stays upright.
    assert 92 < direction(top["pelvis"], top["waist"]) < 105
    assert abs(direction(top["waist"], top["neck"]) - 90) < 4
    assert direction(top["hip_l"], top["knee_l"]) < -108  # the back hip opens into extension


def test_squat_sits_back_and_down_with_feet_planted_and_knees_over_toes(
    animations: Animations,
) -> None:
    squat = animations["bodyweight-squat"]
    start, low = frame(squat, 0.0), frame(squat, 0.5)
    for result in frames(squat):
        for side in "lr":
            assert close(result.joints[f"ankle_{side}"], start.joints[f"ankle_{side}"])
            assert close(result.joints[f"toe_{side}"], start.joints[f"toe_{side}"])
            # Knees track forward over the foot, not past the toes.
            assert result.joints[f"knee_{side}"].x <= result.joints[f"toe_{side}"].x + 0.02
    assert low.joints["pelvis"].x < start.joints["pelvis"].x - 0.1
    assert low.joints["pelvis"].y < start.joints["pelvis"].y - 0.15


@pytest.mark.parametrize("exercise", ["lateral-band-walk", "lateral-walk"])
def test_band_walk_keeps_the_knees_out_over_the_feet(animations: Animations, exercise: str) -> None:
    walk = animations[exercise]
    for result in frames(walk):
        joints = result.joints
        for side, outward in (("l", 1.0), ("r", -1.0)):
            knee, ankle, hip = (
                joints[f"knee_{side}"],
                joints[f"ankle_{side}"],
                joints[f"hip_{side}"],
            )
            # Never caving in: the knee stays on or outside the line from hip to foot,
            # and over the foot.
            along = (knee.y - hip.y) / (ankle.y - hip.y)
            line_x = hip.x + (ankle.x - hip.x) * along
            assert (knee.x - line_x) * outward > -0.005, (result.contraction, side)
            assert abs(knee.x - ankle.x) < 0.06
        # The body stays low in an athletic half squat all the way.
        assert joints["pelvis"].y < 0.5


def test_band_walk_stretches_the_band_as_the_feet_step_apart(animations: Animations) -> None:
    walk = animations["lateral-band-walk"]
    stretches = [next(p for p in f.props if isinstance(p, Band)).stretch for f in frames(walk)]
    assert min(stretches) > 1.0
    assert max(stretches) > min(stretches) + 0.2


def test_side_leg_raise_keeps_the_standing_leg_and_torso_upright(
    animations: Animations,
) -> None:
    raise_ = animations["standing-side-leg-raise"]
    start, top = frame(raise_, 0.0), peak(raise_)
    for result in frames(raise_):
        joints = result.joints
        assert close(joints["ankle_r"], start.joints["ankle_r"])
        assert abs(direction(joints["hip_r"], joints["ankle_r"]) + 90) < 5
        assert abs(direction(joints["pelvis"], joints["neck"]) - 90) < 2
        assert joints["hip_l"].y == pytest.approx(joints["hip_r"].y, abs=0.01)  # level pelvis
    lift = direction(top.joints["hip_l"], top.joints["ankle_l"])
    assert -65 < lift < -45  # about 30 degrees out to the side, no higher


def test_single_leg_bridge_lifts_on_the_planted_leg(animations: Animations) -> None:
    bridge = animations["single-leg-glute-bridge"]
    start, top = frame(bridge, 0.0), peak(bridge)
    assert top.joints["pelvis"].y > start.joints["pelvis"].y + 0.07
    assert close(top.joints["ankle_l"], start.joints["ankle_l"])
    assert top.joints["ankle_r"].y > 0.5  # the other leg points at the ceiling
    line = angle(top.joints["knee_l"], top.joints["hip_l"], top.joints["shoulder_l"])
    assert line == pytest.approx(180, abs=4)


def test_one_sided_movements_glow_on_the_working_side_only(animations: Animations) -> None:
    clam = animations["clamshell"]
    for side in Side:
        result = frame(clam, 0.5, side=side)
        hip = result.joints["hip_l" if side is Side.LEFT else "hip_r"]
        (glow,) = [g for g in result.glows if g.muscle is Muscle.GLUTEUS_MEDIUS]
        assert glow.centre.distance(hip) < 0.1


def test_mini_band_stretches_between_its_bones() -> None:
    animations = load_animations(TINY.replace("timing =", BAND + "timing ="), "tiny.toml")
    result = frame(animations["tiny"], 1.0)
    bands = [p for p in result.props if isinstance(p, Band)]
    assert len(bands) == 1
    assert bands[0].stretch > 1.0


# -- reading animation files ---------------------------------------------------------------

TINY = """schema_version = 1

[animation.tiny]
view = "front"
muscles = ["gluteus_medius"]
timing = [["a", 0], ["b", 1]]

[animation.tiny.keys.a]
root = [0, 0.5]

[animation.tiny.keys.b]
like = "a"
angles = { thigh = -70 }
"""
BAND = """bands = [{ between = ["shin_l", "shin_r"], at = 0.8, rest = 0.1 }]
"""


def test_a_small_file_reads() -> None:
    animations = load_animations(TINY, "tiny.toml")
    assert animations.ids == ("tiny",)
    tiny = animations["tiny"]
    # From the front a limb without a side spreads both legs the same way.
    assert tiny.keys["b"].pose.angles["thigh_l"] == -70
    assert tiny.keys["b"].pose.angles["thigh_r"] == -110


def problems(text: str) -> list[str]:
    with pytest.raises(AnimationFileError) as caught:
        load_animations(text, "a.toml")
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('view = "front"', 'view = "top"'),
            "a.toml:4: animation.tiny.view: expected side, front or side-lying, got 'top'",
        ),
        (
            ('["gluteus_medius"]', '["glutes"]'),
            "a.toml:5: animation.tiny.muscles: expected a list of different muscles",
        ),
        (
            ('[["a", 0], ["b", 1]]', '[["a", 0], ["c", 1]]'),
            "a.toml:6: animation.tiny.timing[2]: expected one of the keys a or b, got 'c'",
        ),
        (
            ('[["a", 0], ["b", 1]]', '[["a", 0], ["b", 0.9]]'),
            "a.toml:6: animation.tiny.timing: expected the first phase to be 0 and the last",
        ),
        (
            ("thigh = -70", "thigh = 'up'"),
            "a.toml:13: animation.tiny.keys.b.angles.thigh: expected a number from -720 to 720",
        ),
        (
            ("thigh = -70", "wing = 10"),
            "a.toml:13: animation.tiny.keys.b.angles.wing: unknown part; expected abdomen",
        ),
        (
            ('like = "a"', 'like = "z"'),
            "a.toml:12: animation.tiny.keys.b.like: expected the name of a key defined above",
        ),
        (
            ("root = [0, 0.5]", "root = [0]"),
            "a.toml:9: animation.tiny.keys.a.root: expected [x, y], the pelvis position",
        ),
        (
            ("root = [0, 0.5]", "root = [0, 0.5]\nreach = { ankle_l = [0.9, 0.0] }"),
            "a.toml:10: animation.tiny.keys.a.reach.ankle_l: expected a place the limb can reach",
        ),
        (
            ('view = "front"', 'view = "front"\nspeed = 2'),
            "a.toml:5: animation.tiny.speed: unknown key; expected view, muscles",
        ),
        (
            ("schema_version = 1", "schema_version = 7"),
            "a.toml:1: schema_version: expected schema version 1, got 7",
        ),
        (
            ("[animation.tiny]", "[animation.tiny\n"),
            "a.toml:3: expected TOML, got a syntax error",
        ),
    ],
)
def test_problems_name_the_line_and_the_key(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in TINY
    found = problems(TINY.replace(old, new, 1))
    assert any(problem.startswith(expected) for problem in found), found


def test_props_are_checked() -> None:
    text = TINY.replace('view = "front"', 'view = "front"\nprops = [{ kind = "sofa" }]')
    assert problems(text) == [
        "a.toml:5: animation.tiny.props[1]: expected a prop with kind = mat, chair or desk"
    ]
    text = TINY.replace('view = "front"', 'view = "front"\nprops = [{ kind = "mat", from = 1 }]')
    assert problems(text) == ["a.toml:5: animation.tiny.props[1].to: missing; a mat needs it"]
