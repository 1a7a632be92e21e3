"""The tray icon: a ring that fills clockwise from 12 o'clock toward the next break.

``RingLook.of(snapshot)`` keeps only what can change a pixel; ``ring_icon(look)`` draws the ring
for every tray size, each at its real pixel size, and caches the icon by look.
"""

from __future__ import annotations

import enum
import functools
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPixmap,
)

from deskbreak.domain.events import State
from deskbreak.domain.status import Snapshot

STEPS = 48
"""Fill steps of a full ring. One step moves the arc's end by about one pixel in the 22–24 px
slot of a typical tray, so finer steps would repaint without a visible change."""

NEARING_FROM = 0.8
"""Share of the interval from which the ring turns amber: the last 9 minutes of 45."""

TRAY_SIZES = (16, 22, 24, 32, 48, 64)
PIXEL_RATIOS = (1, 2)

# Mid-lightness colours keep their hue on white and on near-black panels alike; a rim in a
# darker shade of the same hue gives them an edge on light panels without looking dirty.
CALM_COLOUR = "#17b08f"
NEARING_COLOUR = "#f2a23a"
DUE_COLOUR = "#ee5b4a"
STANDING_COLOUR = "#3e8ef0"
PAUSED_COLOUR = "#98a0a8"
AWAY_COLOUR = "#98a0a8"
RIM_DARKER = 160  # QColor.darker() factor
RIM_ALPHA = 0.6
TRACK_ALPHA = 0.30
AWAY_ALPHA = 0.75

MANUAL_SEGMENTS = 4
"""Manual mode cuts the ring into quarters along the diagonals: counted by hand, not measured.
Diagonal gaps, because gaps at 12, 3, 6 and 9 o'clock turn the ring into a crosshair."""


class Stage(enum.Enum):
    """The ring's colour while sitting: calm, nearing the break, due."""

    CALM = "calm"
    NEARING = "nearing"
    DUE = "due"


@dataclass(frozen=True)
class RingLook:
    """Everything the tray icon shows. Equal looks draw equal pixels.

    What a state does not draw is normalised away (standing has no fill, a paused ring no
    colour stage), so the tray repaints exactly when the picture changes.
    """

    state: State
    steps: int = 0
    stage: Stage = Stage.CALM
    paused: bool = False
    prompt_open: bool = False
    manual: bool = False

    @property
    def fill(self) -> float:
        """The drawn share of the ring, 0..1, in steps of 1/STEPS."""
        return self.steps / STEPS

    @classmethod
    def of(cls, snapshot: Snapshot) -> RingLook:
        manual = snapshot.manual
        paused = snapshot.paused_until is not None
        if snapshot.state is State.STANDING:
            return cls(State.STANDING, manual=manual)
        if snapshot.state is State.AWAY:
            return cls(State.AWAY, paused=paused, manual=manual)
        fill = snapshot.fill
        # Rounded down, and full only once due: a ring never promises more than was sat.
        steps = STEPS if fill >= 1.0 else min(STEPS - 1, math.floor(fill * STEPS))
        if paused:
            return cls(State.SITTING, steps=steps, paused=True, manual=manual)
        if snapshot.prompt_open or steps == STEPS:
            stage = Stage.DUE
        elif steps >= NEARING_FROM * STEPS:
            stage = Stage.NEARING
        else:
            stage = Stage.CALM
        return cls(
            State.SITTING, steps=steps, stage=stage, prompt_open=snapshot.prompt_open, manual=manual
        )


def ring_icon(look: RingLook) -> QIcon:
    """The tray icon for ``look``: one pixmap per tray size at device pixel ratios 1 and 2."""
    # QIcon is implicitly shared: the copy is cheap and keeps callers out of the cache.
    return QIcon(_cached_icon(look))


@functools.lru_cache(maxsize=8)
def _cached_icon(look: RingLook) -> QIcon:
    # Small on purpose: looks only move forward, a few entries serve toggles such as a
    # prompt opening and closing, and each icon holds about 175 KB of pixmaps.
    icon = QIcon()
    for ratio in PIXEL_RATIOS:
        for size in TRAY_SIZES:
            pixmap = QPixmap.fromImage(draw_ring(look, size * ratio))
            pixmap.setDevicePixelRatio(ratio)
            icon.addPixmap(pixmap)
    return icon


def draw_ring(look: RingLook, pixels: int) -> QImage:
    """The ring for ``look`` drawn at ``pixels`` × ``pixels`` device pixels, transparent around."""
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _RingPainter(painter, _Metrics(pixels)).draw(look)
    finally:
        painter.end()
    return image


@dataclass(frozen=True)
class _Metrics:
    """Sizes in device pixels. Strokes are whole pixels and the centre sits on a pixel corner,
    so the ring's edges are sharp at 12, 3, 6 and 9 o'clock even at 16 px."""

    size: int

    @property
    def centre(self) -> float:
        return self.size / 2

    @property
    def outline(self) -> float:
        """The rim: one pixel at every size; wider rims look muddy on big icons."""
        return 1.0

    @property
    def outer(self) -> float:
        """Outer edge of every ring; the outline fits between it and the image edge."""
        return self.centre - self.outline

    @property
    def bold(self) -> float:
        """The sitting ring: thick enough to read its fill at a glance."""
        return float(max(3, round(self.size * 0.19)))

    @property
    def slim(self) -> float:
        """Rings that carry a glyph inside (paused, standing) leave the glyph room."""
        return float(max(2, round(self.size * 0.13)))

    @property
    def hair(self) -> float:
        """The away ring: a hairline, present but quiet."""
        return float(max(1, round(self.size / 18)))


class _RingPainter:
    """Draws one look with one painter; shapes are filled paths so outlines can follow them."""

    def __init__(self, painter: QPainter, metrics: _Metrics) -> None:
        self._painter = painter
        self._m = metrics

    def draw(self, look: RingLook) -> None:
        if look.state is State.AWAY:
            width = self._m.hair
            self._fill(self._annulus(width), _colour(AWAY_COLOUR, AWAY_ALPHA), outline=False)
            if look.paused:
                self._pause_bars(_colour(AWAY_COLOUR, AWAY_ALPHA))
        elif look.state is State.STANDING:
            width = self._m.slim
            colour = _colour(STANDING_COLOUR)
            self._fill(self._annulus(width), colour, outline=True)
            self._up_arrow(colour)
        elif look.paused:
            width = self._m.slim
            colour = _colour(PAUSED_COLOUR)
            self._gauge(width, look.fill, colour)
            self._pause_bars(colour)
        else:
            width = self._m.bold
            colour = _colour(_stage_colour(look.stage))
            self._gauge(width, look.fill, colour)
            if look.prompt_open:
                self._centre_dot(width, colour)
        if look.manual:
            self._cut_segments(width)

    # -- parts -------------------------------------------------------------------------------

    def _gauge(self, width: float, fill: float, colour: QColor) -> None:
        """A faint track of the whole circle and the filled arc over it."""
        track = QColor(colour)
        track.setAlphaF(TRACK_ALPHA)
        self._fill(self._annulus(width), track, outline=False)
        if fill >= 1.0:
            self._fill(self._annulus(width), colour, outline=True)
        elif fill > 0.0:
            self._fill(self._arc(width, fill), colour, outline=True)

    def _centre_dot(self, width: float, colour: QColor) -> None:
        hole = self._m.outer - width
        radius = max(1.5, round(hole * 0.55))
        dot = QPainterPath()
        dot.addEllipse(QPointF(self._m.centre, self._m.centre), radius, radius)
        self._fill(dot, colour, outline=True)

    def _pause_bars(self, colour: QColor) -> None:
        size = self._m.size
        centre = self._m.centre
        bar = float(max(1, round(size * 0.125)))
        # An even gap keeps both bars on whole pixels around the pixel-corner centre.
        gap = float(max(2, 2 * round(size * 0.0625)))
        height = float(2 * round(size * 0.19))
        top = centre - height / 2
        corner = bar * 0.3
        bars = QPainterPath()
        bars.addRoundedRect(QRectF(centre - gap / 2 - bar, top, bar, height), corner, corner)
        bars.addRoundedRect(QRectF(centre + gap / 2, top, bar, height), corner, corner)
        # No rim: inside the ring it would blur bars and ring into one shape at 16 px.
        self._fill(bars, colour, outline=False)

    def _up_arrow(self, colour: QColor) -> None:
        """A bold upward arrow: standing up, sitting time not growing."""
        size = self._m.size
        centre = self._m.centre
        stroke = float(max(2, round(size * 0.125)))
        half = round(size * 0.19)
        tip = centre - half
        wing = half * 0.8
        arrow = QPainterPath()
        arrow.moveTo(centre, centre + half)
        arrow.lineTo(centre, tip)
        arrow.moveTo(centre - wing, tip + wing)
        arrow.lineTo(centre, tip)
        arrow.lineTo(centre + wing, tip + wing)
        stroker = QPainterPathStroker()
        stroker.setWidth(stroke)
        stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
        stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self._fill(stroker.createStroke(arrow).simplified(), colour, outline=False)

    def _cut_segments(self, width: float) -> None:
        """Clear thin radial gaps through the ring, leaving what is inside the hole alone."""
        centre = self._m.centre
        hole = self._m.outer - width - self._m.outline
        keep_inside = QPainterPath()
        keep_inside.addRect(QRectF(0, 0, self._m.size, self._m.size))
        inside = QPainterPath()
        inside.addEllipse(QPointF(centre, centre), hole, hole)
        painter = self._painter
        painter.save()
        painter.setClipPath(keep_inside.subtracted(inside))
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        gap = max(1.0, self._m.size / 12)
        painter.setPen(QPen(QColor(0, 0, 0), gap, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        for index in range(MANUAL_SEGMENTS):
            angle = 2 * math.pi * (index + 0.5) / MANUAL_SEGMENTS
            end = QPointF(
                centre + self._m.size * math.sin(angle), centre - self._m.size * math.cos(angle)
            )
            painter.drawLine(QPointF(centre, centre), end)
        painter.restore()

    # -- shapes ------------------------------------------------------------------------------

    def _annulus(self, width: float) -> QPainterPath:
        centre = QPointF(self._m.centre, self._m.centre)
        outer = self._m.outer
        path = QPainterPath()
        path.addEllipse(centre, outer, outer)
        path.addEllipse(centre, outer - width, outer - width)
        path.setFillRule(Qt.FillRule.OddEvenFill)
        return path

    def _arc(self, width: float, fill: float) -> QPainterPath:
        """The filled part: clockwise from 12 o'clock, round caps, as a closed outline."""
        radius = self._m.outer - width / 2
        centre = self._m.centre
        rect = QRectF(centre - radius, centre - radius, 2 * radius, 2 * radius)
        spine = QPainterPath()
        # Qt counts degrees counter-clockwise from 3 o'clock: start at 90, sweep negative.
        spine.arcMoveTo(rect, 90.0)
        spine.arcTo(rect, 90.0, -360.0 * fill)
        stroker = QPainterPathStroker()
        stroker.setWidth(width)
        stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
        return stroker.createStroke(spine).simplified()

    def _fill(self, shape: QPainterPath, colour: QColor, *, outline: bool) -> None:
        painter = self._painter
        if outline:
            # The rim keeps light colours (amber) legible on light panels and melts into dark
            # ones, where the colours stand out on their own.
            rim = colour.darker(RIM_DARKER)
            rim.setAlphaF(RIM_ALPHA)
            pen = QPen(rim, 2 * self._m.outline)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.strokePath(shape, pen)
        painter.fillPath(shape, colour)


def _stage_colour(stage: Stage) -> str:
    if stage is Stage.DUE:
        return DUE_COLOUR
    if stage is Stage.NEARING:
        return NEARING_COLOUR
    return CALM_COLOUR


def _colour(name: str, alpha: float = 1.0) -> QColor:
    colour = QColor(name)
    colour.setAlphaF(alpha)
    return colour
