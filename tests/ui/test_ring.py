"""The tray ring: what a look keeps from a snapshot, and what the drawn pixels show.

Every picture is also saved to ``artifacts/tray-ring/`` with a montage of all states and
sizes on a light and a dark panel, enlarged so single pixels can be judged.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from deskbreak.domain.events import State
from deskbreak.domain.status import Snapshot
from deskbreak.ui import ring
from deskbreak.ui.ring import (
    CALM_COLOUR,
    DUE_COLOUR,
    NEARING_COLOUR,
    PIXEL_RATIOS,
    STANDING_COLOUR,
    STEPS,
    TRAY_SIZES,
    RingLook,
    Stage,
    draw_ring,
    ring_icon,
)

MakeSnapshot = Callable[..., Snapshot]
INTERVAL_S = 45 * 60.0  # the snapshot factory's default
PAUSED = datetime(2025, 3, 12, 14, 30, tzinfo=UTC)
FILLS = (0.0, 0.25, 0.5, 0.75, 0.9, 1.0)
SOLID = 250
FAINT = 128  # the track is drawn at 30 % alpha; anything above this is the arc


@pytest.fixture
def looks(snapshot: MakeSnapshot) -> dict[str, RingLook]:
    """One look per row of the montage, each made from a snapshot as the tracker sends it."""
    return {
        "sitting-0": RingLook.of(snapshot(sitting_s=0)),
        "sitting-25": RingLook.of(snapshot(sitting_s=0.25 * INTERVAL_S)),
        "sitting-50": RingLook.of(snapshot(sitting_s=0.5 * INTERVAL_S)),
        "sitting-75": RingLook.of(snapshot(sitting_s=0.75 * INTERVAL_S)),
        "nearing-90": RingLook.of(snapshot(sitting_s=0.9 * INTERVAL_S)),
        "due": RingLook.of(snapshot(sitting_s=INTERVAL_S)),
        "prompt-open": RingLook.of(snapshot(sitting_s=INTERVAL_S + 30, prompt_open=True)),
        "paused": RingLook.of(snapshot(sitting_s=0.6 * INTERVAL_S, paused_until=PAUSED)),
        "standing": RingLook.of(snapshot(State.STANDING, standing_s=360)),
        "away": RingLook.of(snapshot(State.AWAY)),
        "away-paused": RingLook.of(snapshot(State.AWAY, paused_until=PAUSED)),
        "manual-50": RingLook.of(snapshot(sitting_s=0.5 * INTERVAL_S, manual=True)),
        "manual-standing": RingLook.of(snapshot(State.STANDING, manual=True)),
        "manual-away": RingLook.of(snapshot(State.AWAY, manual=True)),
    }


LABELS = {
    "sitting-0": "sitting, 0 %",
    "sitting-25": "sitting, 25 %",
    "sitting-50": "sitting, 50 %",
    "sitting-75": "sitting, 75 %",
    "nearing-90": "nearing, 90 %",
    "due": "due, 100 %",
    "prompt-open": "prompt open",
    "paused": "paused at 60 %",
    "standing": "standing",
    "away": "away",
    "away-paused": "away, paused",
    "manual-50": "manual, 50 %",
    "manual-standing": "manual, standing",
    "manual-away": "manual, away",
}


def ray(image: QImage, degrees: float, *, start: float = 0.3) -> QColor:
    """The most opaque pixel on the ray from the centre, clockwise from 12 o'clock.

    Looks from ``start`` (a share of the radius) outwards, past the dot in the middle.
    """
    size = image.width()
    centre = size / 2
    best = QColor(0, 0, 0, 0)
    angle = math.radians(degrees)
    samples = size * 4
    for index in range(samples + 1):
        radius = centre * (start + (1 - start) * index / samples)
        x = min(size - 1, int(centre + radius * math.sin(angle)))
        y = min(size - 1, int(centre - radius * math.cos(angle)))
        colour = image.pixelColor(x, y)
        if colour.alpha() > best.alpha():
            best = colour
    return best


def cap_margin(size: int) -> float:
    """Degrees a round cap and its rim reach past the arc's end, plus antialiasing."""
    return math.degrees((0.14 * size + 1.5) / (0.37 * size))


def same_hue(colour: QColor, name: str) -> bool:
    expected = QColor(name)
    difference = abs(colour.hsvHueF() - expected.hsvHueF())
    return min(difference, 1 - difference) < 0.03


def opaque_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() >= SOLID
    )


# -- the look ------------------------------------------------------------------------------


def test_fill_is_quantised_so_the_icon_changes_only_when_a_pixel_could(
    snapshot: MakeSnapshot,
) -> None:
    step_s = INTERVAL_S / STEPS
    start = RingLook.of(snapshot(sitting_s=10 * step_s))
    assert start.steps == 10
    assert RingLook.of(snapshot(sitting_s=10.99 * step_s)) == start
    assert RingLook.of(snapshot(sitting_s=11 * step_s)).steps == 11


def test_ring_is_full_only_once_the_break_is_due(snapshot: MakeSnapshot) -> None:
    almost = RingLook.of(snapshot(sitting_s=INTERVAL_S - 1))
    assert almost.steps == STEPS - 1
    assert almost.stage is Stage.NEARING
    due = RingLook.of(snapshot(sitting_s=INTERVAL_S + 120))
    assert (due.steps, due.stage) == (STEPS, Stage.DUE)


@pytest.mark.parametrize(
    ("share", "stage"),
    [(0.0, Stage.CALM), (0.79, Stage.CALM), (0.82, Stage.NEARING), (1.0, Stage.DUE)],
)
def test_colour_stage_follows_the_fill(share: float, stage: Stage, snapshot: MakeSnapshot) -> None:
    assert RingLook.of(snapshot(sitting_s=share * INTERVAL_S)).stage is stage


def test_an_open_prompt_is_due_even_before_the_ring_is_full(snapshot: MakeSnapshot) -> None:
    look = RingLook.of(snapshot(sitting_s=0.3 * INTERVAL_S, prompt_open=True))
    assert (look.stage, look.prompt_open, look.steps) == (Stage.DUE, True, 14)


def test_what_a_state_does_not_draw_is_left_out_of_its_look(snapshot: MakeSnapshot) -> None:
    standing = [
        RingLook.of(snapshot(State.STANDING, standing_s=s, paused_until=PAUSED))
        for s in (0, 60, 600)
    ]
    assert standing == [RingLook(State.STANDING)] * 3
    paused = RingLook.of(snapshot(sitting_s=INTERVAL_S, prompt_open=True, paused_until=PAUSED))
    assert paused == RingLook(State.SITTING, steps=STEPS, paused=True)
    assert RingLook.of(snapshot(State.AWAY, manual=True)) == RingLook(State.AWAY, manual=True)


# -- the pixels ----------------------------------------------------------------------------


@pytest.mark.parametrize("fill", FILLS)
@pytest.mark.parametrize("pixels", [*TRAY_SIZES, 32 * 2, 64 * 2])
def test_arc_fills_clockwise_from_twelve_and_stops_at_the_fill(
    qapp: QApplication, fill: float, pixels: int, snapshot: MakeSnapshot
) -> None:
    look = RingLook.of(snapshot(sitting_s=fill * INTERVAL_S))
    image = draw_ring(look, pixels)
    end = look.fill * 360
    margin = cap_margin(pixels)
    for degrees in range(0, 360, 5):
        alpha = ray(image, degrees).alpha()
        if end > 0 and degrees <= end:
            assert alpha >= SOLID, f"{pixels} px, fill {fill}: gap at {degrees}°"
        elif end + margin < degrees < 360 - margin:
            assert alpha <= FAINT, f"{pixels} px, fill {fill}: arc beyond its end at {degrees}°"
            assert alpha > 0, f"{pixels} px: no track at {degrees}°"


@pytest.mark.parametrize("pixels", TRAY_SIZES)
def test_stages_have_their_own_colours(
    qapp: QApplication, pixels: int, looks: dict[str, RingLook]
) -> None:
    expected = {
        "sitting-50": CALM_COLOUR,
        "nearing-90": NEARING_COLOUR,
        "due": DUE_COLOUR,
        "standing": STANDING_COLOUR,
    }
    for name, colour in expected.items():
        assert same_hue(ray(draw_ring(looks[name], pixels), 90), colour), (name, pixels)
    paused = ray(draw_ring(looks["paused"], pixels), 90)
    assert paused.alpha() >= SOLID
    assert paused.hsvSaturationF() < 0.15, "paused is grey"


@pytest.mark.parametrize("pixels", [16, 24, 64, 48 * 2])
def test_open_prompt_adds_a_centre_dot(
    qapp: QApplication, pixels: int, looks: dict[str, RingLook]
) -> None:
    centre = pixels // 2
    with_prompt = draw_ring(looks["prompt-open"], pixels).pixelColor(centre, centre)
    without = draw_ring(looks["due"], pixels).pixelColor(centre, centre)
    assert with_prompt.alpha() >= SOLID
    assert same_hue(with_prompt, DUE_COLOUR)
    assert without.alpha() == 0


@pytest.mark.parametrize("pixels", [16, 22, 32, 64])
def test_paused_shows_two_bars_with_a_gap(
    qapp: QApplication, pixels: int, looks: dict[str, RingLook]
) -> None:
    image = draw_ring(looks["paused"], pixels)
    centre = pixels // 2
    bar = max(1, round(pixels * 0.125))
    gap = max(2, 2 * round(pixels * 0.0625))
    left = centre - gap // 2 - bar // 2 - 1
    right = centre + gap // 2 + bar // 2
    assert image.pixelColor(left, centre).alpha() >= SOLID
    assert image.pixelColor(right, centre).alpha() >= SOLID
    assert image.pixelColor(centre, centre).alpha() == 0
    assert image.pixelColor(centre - 1, centre).alpha() == 0


@pytest.mark.parametrize("pixels", [16, 22, 32, 64])
def test_standing_is_a_closed_blue_ring_with_an_upward_arrow(
    qapp: QApplication, pixels: int, looks: dict[str, RingLook]
) -> None:
    image = draw_ring(looks["standing"], pixels)
    assert all(ray(image, degrees).alpha() >= SOLID for degrees in range(0, 360, 10))
    centre = pixels // 2
    shaft = image.pixelColor(centre, centre)
    assert shaft.alpha() >= SOLID
    assert same_hue(shaft, STANDING_COLOUR)
    # The head is wider than the shaft's foot: the arrow points up.
    head_row = round(pixels * 0.4)
    foot_row = round(pixels * 0.64)
    assert row_width(image, head_row) > row_width(image, foot_row)


def row_width(image: QImage, row: int) -> int:
    """Opaque pixels in ``row`` inside the middle third (inside the ring's hole)."""
    third = image.width() // 3
    return sum(1 for x in range(third, 2 * third) if image.pixelColor(x, row).alpha() >= 128)


@pytest.mark.parametrize("pixels", [16, 22, 64])
def test_away_is_a_thin_dim_empty_ring(
    qapp: QApplication, pixels: int, looks: dict[str, RingLook]
) -> None:
    away = draw_ring(looks["away"], pixels)
    full = draw_ring(looks["due"], pixels)
    rays = [ray(away, degrees).alpha() for degrees in range(0, 360, 10)]
    assert all(0 < alpha < SOLID for alpha in rays), "dim everywhere, but there"
    drawn = sum(1 for y in range(pixels) for x in range(pixels) if away.pixelColor(x, y).alpha())
    assert drawn < 0.5 * sum(
        1 for y in range(pixels) for x in range(pixels) if full.pixelColor(x, y).alpha()
    )
    assert away.pixelColor(pixels // 2, pixels // 2).alpha() == 0


@pytest.mark.parametrize("name", ["manual-50", "manual-standing", "manual-away"])
@pytest.mark.parametrize("pixels", [16, 24, 64])
def test_manual_mode_cuts_the_ring_on_the_diagonals(
    qapp: QApplication, name: str, pixels: int, looks: dict[str, RingLook]
) -> None:
    manual = draw_ring(looks[name], pixels)
    measured = draw_ring(RingLook(looks[name].state, steps=looks[name].steps), pixels)
    # From just inside the ring's band, past the arrow's wings.
    for degrees in (45, 135, 225, 315):
        cut = ray(manual, degrees, start=0.55).alpha()
        assert cut < 0.5 * ray(measured, degrees, start=0.55).alpha()
    for degrees in (0, 90, 180, 270):
        assert ray(manual, degrees, start=0.55) == ray(measured, degrees, start=0.55)


@pytest.mark.parametrize("pixels", TRAY_SIZES)
def test_stroke_grows_with_the_size_and_has_sharp_edges(
    qapp: QApplication, pixels: int, looks: dict[str, RingLook]
) -> None:
    image = draw_ring(looks["due"], pixels)
    column = pixels // 2 - 1
    solid_rows = [y for y in range(pixels // 2) if image.pixelColor(column, y).alpha() >= 245]
    thickness = len(solid_rows)
    assert thickness >= 3
    assert abs(thickness - 0.19 * pixels) <= 1
    assert solid_rows == list(range(solid_rows[0], solid_rows[0] + thickness)), "one band"
    # Whole-pixel edges: the pixels next to the band are the faint rim, not half the colour.
    assert image.pixelColor(column, solid_rows[0] - 1).alpha() < 170
    assert image.pixelColor(column, solid_rows[-1] + 1).alpha() < 170


def test_every_size_and_pixel_ratio_is_drawn_at_its_own_size(
    qapp: QApplication, looks: dict[str, RingLook]
) -> None:
    look = looks["nearing-90"]
    icon = ring_icon(look)
    for ratio in PIXEL_RATIOS:
        for size in TRAY_SIZES:
            pixmap = icon.pixmap(QSize(size, size), ratio)
            assert pixmap.devicePixelRatio() == ratio
            assert pixmap.size() == QSize(size * ratio, size * ratio)
            drawn = draw_ring(look, size * ratio)
            assert pixmap.toImage().convertToFormat(drawn.format()) == drawn, (size, ratio)
    # Drawn, not scaled: a big ring made small is not the small ring.
    small = draw_ring(look, 16)
    shrunk = draw_ring(look, 64).scaled(
        16, 16, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    assert small != shrunk


def test_icons_are_cached_by_look(qapp: QApplication, looks: dict[str, RingLook]) -> None:
    assert ring_icon(looks["due"]).cacheKey() == ring_icon(looks["due"]).cacheKey()
    assert ring_icon(looks["due"]).cacheKey() != ring_icon(looks["prompt-open"]).cacheKey()


def test_the_icon_draws_only_the_sizes_asked_for(
    qapp: QApplication, looks: dict[str, RingLook], monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []

    def counted(look: RingLook, pixels: int) -> QImage:
        drawn.append(pixels)
        return draw_ring(look, pixels)

    monkeypatch.setattr(ring, "draw_ring", counted)
    icon = ring.ring_icon(RingLook(State.SITTING, steps=7))
    assert drawn == []
    icon.pixmap(QSize(22, 22), 2)
    icon.pixmap(QSize(22, 22), 2)
    assert drawn == [44], "drawn once, at its own pixel size"
    # How the XEmbed tray shows it: QIcon.paint into the icon's window.
    canvas = QImage(24, 24, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    icon.paint(painter, QRect(0, 0, 24, 24))
    painter.end()
    assert drawn == [44, 24]
    assert canvas == draw_ring(RingLook(State.SITTING, steps=7), 24)
    # On a HiDPI tray the same call covers twice the pixels, and draws them.
    sharp = QImage(48, 48, QImage.Format.Format_ARGB32_Premultiplied)
    sharp.setDevicePixelRatio(2)
    sharp.fill(Qt.GlobalColor.transparent)
    painter = QPainter(sharp)
    icon.paint(painter, QRect(0, 0, 24, 24))
    painter.end()
    assert drawn == [44, 24, 48]
    assert [size.width() for size in icon.availableSizes()] == list(TRAY_SIZES)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_drawing_starts_no_threads() -> None:
    """Qt blends translucent fills of large shapes on pool threads that linger 30 s; the
    ring draws on the calling thread only, so a new look wakes nothing else."""
    script = textwrap.dedent(
        """
        import os
        from PySide6.QtGui import QGuiApplication
        from deskbreak.domain.events import State
        from deskbreak.ui.ring import RingLook, Stage, draw_ring

        app = QGuiApplication([])
        before = len(os.listdir("/proc/self/task"))
        for state in State:
            for steps in (0, 17, 47, 48):
                for stage in Stage:
                    for paused in (False, True):
                        for manual in (False, True):
                            look = RingLook(state, steps, stage, paused, steps == 48, manual)
                            for pixels in (16, 24, 48, 128):
                                draw_ring(look, pixels)
        print(len(os.listdir("/proc/self/task")) - before)
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["0"], done.stderr


def test_looks_are_distinct_pictures(qapp: QApplication, looks: dict[str, RingLook]) -> None:
    for pixels in (16, 22):
        pictures = {name: draw_ring(look, pixels) for name, look in looks.items()}
        names = list(pictures)
        for index, name in enumerate(names):
            for other in names[index + 1 :]:
                assert pictures[name] != pictures[other], (name, other, pixels)
    assert opaque_pixels(draw_ring(looks["sitting-0"], 22)) == 0


# -- pictures to look at -------------------------------------------------------------------

PANELS = (("light panel", "#f2f2f2", "#555555"), ("dark panel", "#2b2b2e", "#a0a0a0"))
CELL = 96
GAP = 14
LABEL_WIDTH = 150
HEADER = 44


def test_save_pictures_and_montage(
    qapp: QApplication, artifacts_dir: Path, looks: dict[str, RingLook]
) -> None:
    folder = artifacts_dir / "tray-ring"
    folder.mkdir(exist_ok=True)
    for name, look in looks.items():
        for ratio in PIXEL_RATIOS:
            for size in TRAY_SIZES:
                image = draw_ring(look, size * ratio)
                assert image.save(str(folder / f"{name}-{size}@{ratio}x.png"))
    montage = build_montage(looks)
    # Opaque and fully compressed: it is also the README picture (docs/images/tray-ring.png).
    assert montage.save(str(folder / "montage.png"), "PNG", 0)
    assert montage.width() > CELL * len(TRAY_SIZES)


def build_montage(looks: dict[str, RingLook]) -> QImage:
    """Rows are looks, columns sizes, magnified with nearest neighbour; then real size."""
    columns = len(TRAY_SIZES) + 1
    panel_width = columns * (CELL + GAP) + GAP
    width = LABEL_WIDTH + len(PANELS) * panel_width
    height = HEADER + len(looks) * (CELL + GAP)
    montage = QImage(width, height, QImage.Format.Format_RGB888)
    montage.fill(QColor("#ffffff"))
    painter = QPainter(montage)
    font = QFont(painter.font())
    font.setPixelSize(13)
    painter.setFont(font)
    for panel_index, (title, background, ink) in enumerate(PANELS):
        left = LABEL_WIDTH + panel_index * panel_width
        painter.fillRect(QRect(left, 0, panel_width, height), QColor(background))
        painter.setPen(QColor(ink))
        painter.drawText(QPoint(left + GAP, 18), title)
        headings = [f"{size} px" for size in TRAY_SIZES] + ["actual"]
        for column, heading in enumerate(headings):
            painter.drawText(QPoint(left + GAP + column * (CELL + GAP), 38), heading)
        for row, look in enumerate(looks.values()):
            top = HEADER + row * (CELL + GAP)
            for column, size in enumerate(TRAY_SIZES):
                factor = max(1, CELL // size)
                big = draw_ring(look, size).scaled(
                    size * factor,
                    size * factor,
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.FastTransformation,
                )
                offset = (CELL - size * factor) // 2
                painter.drawImage(
                    QPoint(left + GAP + column * (CELL + GAP) + offset, top + offset), big
                )
            actual_left = left + GAP + len(TRAY_SIZES) * (CELL + GAP)
            for index, size in enumerate((16, 22, 24, 32)):
                painter.drawImage(
                    QPoint(actual_left + (index % 2) * 40, top + (index // 2) * 44 + 4),
                    draw_ring(look, size),
                )
    painter.setPen(QColor("#222222"))
    for row, name in enumerate(looks):
        painter.drawText(QPoint(10, HEADER + row * (CELL + GAP) + CELL // 2 + 4), LABELS[name])
    painter.end()
    return montage


def test_the_icon_goes_to_the_tray_before_the_qt_namespace_is_built() -> None:
    """PySide builds all of the Qt namespace's enums at its first use (16 ms here). The tray
    asks for the first picture only once the icon is docked, so until the icon is handed
    over nothing may reach for ``Qt``, importing the ring and the tray included.
    Checked in a fresh interpreter, without touching ``Qt`` (that would build it)."""
    script = textwrap.dedent(
        """
        from PySide6 import QtCore
        from PySide6.QtWidgets import QApplication
        from deskbreak.ui.tray import Tray

        app = QApplication([])
        tray = Tray()
        tray.show_starting()
        app.processEvents()
        print("Qt" in vars(QtCore))
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == ["False"], done.stderr
