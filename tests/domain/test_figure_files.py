"""Bad animation files, one kind each, with the exact problem the reader names (file:line, key
path, what was expected); and what a read file gives back: its animations, a frame's segments,
and a camera box that takes in the props."""

from __future__ import annotations

import pytest

from deskbreak.domain.figure import (
    AnimationFileError,
    Desk,
    Floor,
    View,
    frame,
    load_animations,
)

KEYS = """
[animation.tiny.keys.a]
root = [0, 0.5]
reach = { ankle_l = [0.1, 0.04] }

[animation.tiny.keys.b]
like = "a"
angles = { thigh = -70 }
"""
GOOD = (
    """schema_version = 1

[animation.tiny]
view = "side"
muscles = ["gluteus_maximus", "hamstrings"]
timing = [["a", 0], ["b", 1]]
"""
    + KEYS
)
# Line by line: 4 view, 5 muscles, 6 timing, 8 [keys.a], 9 root, 10 reach, 12 [keys.b],
# 13 like, 14 angles. A line added after view is line 5.
EXPECTED_PAIRS = (
    'expected a list of [key, phase] pairs from phase 0 to 1, such as [["start", 0], '
    '["peak", 0.5], ["start", 1]]'
)


def problems(text: str) -> list[str]:
    with pytest.raises(AnimationFileError) as caught:
        load_animations(text, "a.toml")
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


def changed(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def after_view(line: str) -> str:
    return changed('view = "side"\n', f'view = "side"\n{line}\n')


def in_key_b(line: str) -> str:
    return changed("angles = { thigh = -70 }\n", f"angles = {{ thigh = -70 }}\n{line}\n")


BAD_FILES = {
    # -- the document ---------------------------------------------------------------------
    "unknown-top-level-key": (
        changed("schema_version = 1\n", "schema_version = 1\nversion = 2\n"),
        "a.toml:2: version: unknown key; expected schema_version or animation",
    ),
    "no-animations": (
        "schema_version = 1\n",
        "a.toml: animation: expected [animation.ID] tables, one per exercise",
    ),
    "empty-animations": (
        "schema_version = 1\nanimation = {}\n",
        "a.toml:2: animation: expected [animation.ID] tables, one per exercise",
    ),
    # -- an animation ---------------------------------------------------------------------
    "animation-not-a-table": (
        'schema_version = 1\n\n[animation]\ntiny = "squat"\n',
        "a.toml:4: animation.tiny: expected a table, got 'squat'",
    ),
    "missing-muscles": (
        changed('muscles = ["gluteus_maximus", "hamstrings"]\n', ""),
        "a.toml:3: animation.tiny.muscles: missing",
    ),
    "unknown-anchor": (
        after_view('anchor = "tail"'),
        'a.toml:5: animation.tiny.anchor: expected a joint such as "neck" or "ankle_l", '
        "got 'tail'",
    ),
    "one-side-not-a-boolean": (
        after_view('one_side = "yes"'),
        "a.toml:5: animation.tiny.one_side: expected true or false, got 'yes'",
    ),
    "no-key-poses": (
        changed(KEYS, "").replace('view = "side"\n', 'view = "side"\nkeys = {}\n'),
        "a.toml:5: animation.tiny.keys: expected [animation.ID.keys.NAME] tables, one per key pose",
    ),
    # -- timing ---------------------------------------------------------------------------
    "timing-with-one-pair": (
        changed('[["a", 0], ["b", 1]]', '[["a", 0]]'),
        f"a.toml:6: animation.tiny.timing: {EXPECTED_PAIRS}; got [['a', 0]]",
    ),
    "timing-pair-without-a-number": (
        changed('["b", 1]', '["b", "end"]'),
        f"a.toml:6: animation.tiny.timing[2]: {EXPECTED_PAIRS}; got ['b', 'end']",
    ),
    "timing-going-back": (
        changed('["b", 1]', '["b", 0.6], ["a", 0.4], ["a", 1]'),
        "a.toml:6: animation.tiny.timing[3]: expected a phase from 0 to 1, not below the one "
        "before; got 0.4",
    ),
    "timing-past-the-end": (
        changed('["b", 1]', '["b", 1.5]'),
        "a.toml:6: animation.tiny.timing[2]: expected a phase from 0 to 1, not below the one "
        "before; got 1.5",
    ),
    # -- key poses ------------------------------------------------------------------------
    "key-not-a-table": (
        changed(
            '[animation.tiny.keys.b]\nlike = "a"\nangles = { thigh = -70 }\n',
            '[animation.tiny.keys]\nb = "a"\n',
        ),
        "a.toml:13: animation.tiny.keys.b: expected a table, got 'a'",
    ),
    "unknown-key-in-a-key-pose": (
        changed('like = "a"\n', 'like = "a"\nspeed = 2\n'),
        "a.toml:14: animation.tiny.keys.b.speed: unknown key; expected like, root, "
        "contraction, angles, tilts, reach or free",
    ),
    "angles-not-a-table": (
        changed("angles = { thigh = -70 }", "angles = -70"),
        "a.toml:14: animation.tiny.keys.b.angles: expected a table of angles in degrees, got -70",
    ),
    "reach-not-a-table": (
        in_key_b("reach = [0.1, 0.04]"),
        "a.toml:15: animation.tiny.keys.b.reach: expected a table of wrists and ankles and "
        "where they rest, such as { ankle_l = [0.1, 0.04] }; got [0.1, 0.04]",
    ),
    "reach-place-not-a-pair-of-numbers": (
        in_key_b("reach = { ankle_r = [0.1, true] }"),
        "a.toml:15: animation.tiny.keys.b.reach.ankle_r: expected [x, y], got [0.1, True]",
    ),
    "reach-of-a-knee": (
        in_key_b("reach = { knee_l = [0.1, 0.04] }"),
        "a.toml:15: animation.tiny.keys.b.reach.knee_l: unknown end; expected ankle_l, "
        "ankle_r, wrist_l, wrist_r, ankle or wrist",
    ),
    "letting-go-of-an-end-never-placed": (
        in_key_b('free = ["wrist_l"]'),
        "a.toml:15: animation.tiny.keys.b.free: expected a list of wrists and ankles the key it "
        "is like puts at a place, to let go of; got ['wrist_l']",
    ),
    # -- props and bands ------------------------------------------------------------------
    "props-not-a-list": (
        after_view('props = { kind = "mat" }'),
        "a.toml:5: animation.tiny.props: expected a list of props, got {'kind': 'mat'}",
    ),
    "unknown-key-in-a-prop": (
        after_view('props = [{ kind = "desk", from = 0.2, to = 0.6, height = 0.7, colour = 1 }]'),
        "a.toml:5: animation.tiny.props[1].colour: unknown key; expected kind, from, to or height",
    ),
    "prop-ending-left-of-its-start": (
        after_view('props = [{ kind = "mat", from = 0.5, to = -0.5 }]'),
        "a.toml:5: animation.tiny.props[1].to: expected to be right of from",
    ),
    "bands-not-a-list": (
        after_view('bands = "thighs"'),
        "a.toml:5: animation.tiny.bands: expected a list of bands, got 'thighs'",
    ),
    "band-on-an-unknown-bone": (
        after_view('bands = [{ between = ["thigh_l", "tail"], rest = 0.2 }]'),
        'a.toml:5: animation.tiny.bands[1]: expected { between = ["thigh_l", "thigh_r"], '
        "at = 0.8, rest = 0.15 }: two bones, how far along them (0 to 1) and the band's "
        "length at rest",
    ),
}


def test_the_good_file_reads() -> None:
    # Every bad file below is this one with one thing broken.
    animations = load_animations(GOOD, "a.toml")
    assert animations.ids == ("tiny",)


@pytest.mark.parametrize(("text", "expected"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_animation_file_names_its_one_problem(text: str, expected: str) -> None:
    assert problems(text) == [expected]


# -- what a read file gives back -----------------------------------------------------------


def test_animations_are_found_by_id() -> None:
    animations = load_animations(GOOD, "a.toml")
    assert len(animations) == 1
    assert "tiny" in animations
    assert "squat" not in animations
    assert animations["tiny"].view is View.SIDE


def test_a_frame_finds_its_segments_by_name() -> None:
    result = frame(load_animations(GOOD, "a.toml")["tiny"], 0.0)
    thigh = result.segment("thigh_l")
    assert thigh.name == "thigh_l"
    assert (thigh.start, thigh.end) == (result.joints["hip_l"], result.joints["knee_l"])
    assert not thigh.far
    assert result.segment("thigh_r").far  # from the side the right leg is the far one
    with pytest.raises(KeyError, match="wing"):
        result.segment("wing")


def test_the_box_takes_in_the_props_and_the_floor_spans_it() -> None:
    bare = load_animations(GOOD, "a.toml")["tiny"]
    desk = 'props = [{ kind = "desk", from = 0.3, to = 1.4, height = 1.2 }]'
    furnished = load_animations(after_view(desk), "a.toml")["tiny"]
    x0, y0, x1, y1 = furnished.box
    assert (x0, y0) == bare.box[:2]  # the desk is right of the figure and above the floor
    # The desk's far edge and top, with room for a head there (its radius and 0.02) and the
    # margin (0.07), as for any joint.
    assert x1 == pytest.approx(1.4 + 0.082 + 0.07)
    assert y1 == pytest.approx(1.2 + 0.082 + 0.07)
    assert bare.box[2] < 1.4
    assert bare.box[3] < 1.2
    floor, table = furnished.props
    assert floor == Floor(x0, x1)
    assert table == Desk(0.3, 1.4, 1.2)


def test_a_listing_of_one_name_reads_as_that_name() -> None:
    from deskbreak.domain.exercises import _listing

    assert _listing(["a"]) == "a"
    assert _listing(["a", "b", "c"]) == "a, b or c"
