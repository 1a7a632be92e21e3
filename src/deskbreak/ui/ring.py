"""The tray icon: a ring that fills clockwise from 12 o'clock toward the next break.

``RingLook.of(snapshot)`` keeps only what can change a pixel; ``ring_icon(look)`` is an icon that
draws the ring at each size the tray host asks for, at that real pixel size, and only then.
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QPointF, QRect, QRectF, QSize
from PySide6.QtGui import (
    QColor,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPixmap,
)

from deskbreak.domain.state import State

if TYPE_CHECKING:
    from deskbreak.domain.status import Snapshot

# The Qt namespace is reached as QtCore.Qt when drawing, never on import: PySide builds all
# of that namespace's enums at its first use (16 ms here), and the tray asks for the first
# picture only after the icon is docked, so importing it here would hold the icon back.

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
    """The tray icon for ``look``: drawn at each size and pixel ratio the tray asks for."""
    # QIcon is implicitly shared: the copy is cheap and keeps callers out of the cache.
    return QIcon(_cached_icon(look))


@functools.lru_cache(maxsize=8)
def _cached_icon(look: RingLook) -> QIcon:
    # A few entries serve toggles such as a prompt opening and closing; looks only move on.
    return QIcon(_RingEngine(look))


class _RingEngine(QIconEngine):
    """Draws one look at the sizes asked for, each once, at its own pixel size.

    A tray host asks for one or two sizes, so the others are never drawn: each new look
    costs one small picture instead of a dozen. Qt's own pixmap engine would also put
    every size it hands out into QPixmapCache, whose flush timer then wakes the app every
    10-30 s until the entries age out.
    """

    def __init__(self, look: RingLook) -> None:
        super().__init__()
        self._look = look
        self._drawn: dict[tuple[int, float], QPixmap] = {}

    def _pixmap(self, size: QSize, scale: float) -> QPixmap:
        side = max(1, round(min(size.width(), size.height()) * scale))
        pixmap = self._drawn.get((side, scale))
        if pixmap is None:
            pixmap = QPixmap.fromImage(draw_ring(self._look, side))
            pixmap.setDevicePixelRatio(scale)
            self._drawn[side, scale] = pixmap
        return pixmap

    def scaledPixmap(  # noqa: N802 - Qt's name
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return self._pixmap(size, scale)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._pixmap(size, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        # The device pixels the rect covers, pixel ratio included. Not painter.device(): its
        # first call builds PySide's QPaintDevice wrapper, 1.6 MiB kept for good.
        transform = painter.deviceTransform()
        scale = math.hypot(transform.m11(), transform.m12()) or 1.0
        painter.drawPixmap(rect, self._pixmap(rect.size(), scale))

    def actualSize(  # noqa: N802 - Qt's name
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State
    ) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(  # noqa: N802 - Qt's name
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        # What a StatusNotifierItem host is sent; any other size is drawn when asked.
        return [QSize(size, size) for size in TRAY_SIZES]

    def clone(self) -> QIconEngine:
        return _RingEngine(self._look)

    def key(self) -> str:
        return "deskbreak-ring"

    def isNull(self) -> bool:  # noqa: N802 - Qt's name
        return False


def draw_ring(look: RingLook, pixels: int) -> QImage:
    """The ring for ``look`` drawn at ``pixels`` × ``pixels`` device pixels, transparent around."""
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QtCore.Qt.GlobalColor.transparent)
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
        stroker.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        stroker.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
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
        # Source with a transparent pen clears like CompositionMode_Clear, but Qt fills it
        # on this thread (see _layer).
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        gap = max(1.0, self._m.size / 12)
        qt = QtCore.Qt
        painter.setPen(QPen(QColor(0, 0, 0, 0), gap, qt.PenStyle.SolidLine, qt.PenCapStyle.FlatCap))
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
        path.setFillRule(QtCore.Qt.FillRule.OddEvenFill)
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
        stroker.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        return stroker.createStroke(spine).simplified()

    def _fill(self, shape: QPainterPath, colour: QColor, *, outline: bool) -> None:
        if outline:
            # The rim keeps light colours (amber) legible on light panels and melts into dark
            # ones, where the colours stand out on their own.
            rim = colour.darker(RIM_DARKER)
            rim.setAlphaF(RIM_ALPHA)
            pen = QPen(rim, 2 * self._m.outline)
            pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
            self._layer(lambda painter: painter.strokePath(shape, pen))
        if colour.alpha() == 255:
            self._painter.fillPath(shape, colour)
        else:
            self._layer(lambda painter: painter.fillPath(shape, colour))

    def _layer(self, draw: Callable[[QPainter], None]) -> None:
        """Draw something translucent on a layer of its own, then lay that over the ring.

        Qt's raster engine blends a translucent colour over a shape of more than about 96
        spans (a 24 px ring already) on two threads of its GUI thread pool, which start
        for it and linger 30 s. Opaque colours, CompositionMode_Source and whole images
        it blends on this thread; on an empty layer, Source draws what SourceOver would.
        """
        size = self._m.size
        layer = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        layer.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QPainter(layer)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            draw(painter)
        finally:
            painter.end()
        self._painter.drawImage(0, 0, layer)


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
