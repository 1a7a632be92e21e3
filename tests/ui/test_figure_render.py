"""The figure painted offscreen: a body on the picture, the muscle aglow at the peak, mirrored
sides, both palettes, and a view that paints only when the pose changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import Side
from deskbreak.domain.figure import Animations, Frame, frame, load_animations
from deskbreak.ui.figure import FigurePalette, FigureView, render_frame

SIZE = 200
REFERENCE = Path(__file__).parent / "reference"
"""Frames painted before the painting was sped up: ``<animation>-<phase>-<side>-<palette>.png``."""


@pytest.fixture(scope="module")
def animations() -> Animations:
    return load_animations(read_asset_text("animations.toml"), "animations.toml")


def paint(result: Frame, palette: FigurePalette, size: int = SIZE) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(palette.background)
    painter = QPainter(image)
    try:
        render_frame(result, painter, QRectF(0, 0, size, size), palette)
    finally:
        painter.end()
    return image


def inked(image: QImage, background: QColor) -> int:
    """How many pixels (on a coarse grid) differ from the background."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y) != background:
                count += 1
    return count


def warm(image: QImage) -> int:
    """Pixels noticeably redder than they are blue: the glow over the grey-blue body."""
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = image.pixelColor(x, y)
            if colour.red() - colour.blue() > 40:
                count += 1
    return count


@pytest.mark.parametrize("dark", [False, True])
def test_every_animation_paints_a_body(animations: Animations, *, dark: bool) -> None:
    palette = FigurePalette.dark() if dark else FigurePalette.light()
    for animation in animations:
        image = paint(frame(animation, 0.0), palette)
        assert inked(image, palette.background) > 400, animation.id


def test_the_working_muscle_glows_at_the_peak_only(animations: Animations) -> None:
    palette = FigurePalette.light()
    bridge = animations["glute-bridge"]
    assert warm(paint(frame(bridge, 0.0), palette)) == 0
    assert warm(paint(frame(bridge, 0.5), palette)) > 20
    assert warm(paint(frame(bridge, 0.0, contraction=1.0), palette)) > 20


def test_the_right_side_paints_as_the_left_in_a_mirror(animations: Animations) -> None:
    palette = FigurePalette.light()
    clam = animations["clamshell"]
    left = paint(frame(clam, 0.5), palette).flipped(Qt.Orientation.Horizontal)
    right = paint(frame(clam, 0.5, side=Side.RIGHT), palette)
    different = 0
    for y in range(SIZE):
        for x in range(SIZE):
            a, b = left.pixelColor(x, y), right.pixelColor(x, y)
            if abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 60:
                different += 1
    assert different < SIZE * SIZE * 0.01


def test_the_view_paints_when_the_pose_changes(
    qtbot: QtBot, animations: Animations, artifacts_dir: Path
) -> None:
    view = FigureView(animations)
    qtbot.addWidget(view)
    view.resize(240, 240)
    assert view.current is None
    view.show_pose("glute-bridge", 0.5)
    first = view.current
    assert first is not None
    view.show_pose("glute-bridge", 0.5)
    assert view.current is first  # nothing new to paint
    view.show_pose("glute-bridge", 0.45)  # held at the top: the same frame
    assert view.current is first
    view.show_pose("glute-bridge", 0.2, side=Side.RIGHT)
    assert view.current is not first
    image = view.grab().toImage()
    assert inked(image, image.pixelColor(0, 0)) > 300
    image.save(str(artifacts_dir / "figure-view.png"))
    with pytest.raises(KeyError):
        view.show_pose("no-such-exercise", 0.0)


def test_reduced_motion_holds_key_poses(qtbot: QtBot, animations: Animations) -> None:
    view = FigureView(animations, reduced_motion=True)
    qtbot.addWidget(view)
    view.show_pose("bodyweight-squat", 0.3)
    assert view.current is not None
    assert view.current.key == "low"


def test_painting_scales_to_any_size(animations: Animations) -> None:
    palette = FigurePalette.light()
    for size in (48, 160, 800):
        image = paint(frame(animations["bodyweight-squat"], 0.5), palette, size)
        assert inked(image, palette.background) > size * size // 80


def test_painting_is_sharp_on_high_density_screens(animations: Animations) -> None:
    """At twice the pixels per point the same picture comes out, with twice the detail."""
    palette = FigurePalette.light()
    result = frame(animations["clamshell"], 0.5)
    sharp = QImage(2 * SIZE, 2 * SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    sharp.setDevicePixelRatio(2.0)
    sharp.fill(palette.background)
    painter = QPainter(sharp)
    try:
        render_frame(result, painter, QRectF(0, 0, SIZE, SIZE), palette)
    finally:
        painter.end()
    plain = paint(result, palette)
    sharp_ink = inked(sharp, palette.background)
    # The grid samples every other pixel, so the same area holds four times the samples.
    assert sharp_ink == pytest.approx(4 * inked(plain, palette.background), rel=0.1)


def differences(image: QImage, reference: QImage) -> tuple[int, float, float]:
    """The largest channel difference, the share of pixels that differ at all and the share
    that differ by more than a rounding step (one level)."""
    # The converted images are kept in names: the bits are theirs, and go with them.
    ours = image.convertToFormat(QImage.Format.Format_ARGB32)
    theirs = reference.convertToFormat(QImage.Format.Format_ARGB32)
    a, b = bytes(ours.constBits()), bytes(theirs.constBits())
    assert len(a) == len(b)
    largest = differing = beyond_rounding = 0
    for i in range(0, len(a), 4):
        if a[i : i + 4] != b[i : i + 4]:
            gap = max(abs(a[i + k] - b[i + k]) for k in range(4))
            largest = max(largest, gap)
            differing += 1
            beyond_rounding += gap > 1
    pixels = len(a) // 4
    return largest, differing / pixels, beyond_rounding / pixels


@pytest.mark.parametrize("name", sorted(p.stem for p in REFERENCE.glob("*.png")))
def test_the_picture_stays_the_reference_one(animations: Animations, name: str) -> None:
    """Painting faster must not change the picture beyond antialiasing rounding: at most 8
    levels anywhere, more than one level on at most 0.5 % of the pixels."""
    animation_id, phase, side, palette_name = name.rsplit("-", 3)
    palette = FigurePalette.dark() if palette_name == "dark" else FigurePalette.light()
    result = frame(
        animations[animation_id],
        float(phase),
        side=Side.RIGHT if side == "right" else Side.LEFT,
    )
    reference = QImage(str(REFERENCE / f"{name}.png"))
    assert reference.width() == SIZE
    largest, differing, beyond_rounding = differences(paint(result, palette), reference)
    assert largest <= 8, name
    assert beyond_rounding <= 0.005, name
    assert differing <= 0.02, name
