"""Paints the exercise figure: tapered limbs with volume, a head, the working muscle aglow, props.

``render_frame`` paints one domain Frame into any QPainter; ``FigureView`` is the widget.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QRadialGradient,
    QTransform,
)
from PySide6.QtWidgets import QWidget

from deskbreak.domain.exercises import Side
from deskbreak.domain.figure import (
    LYING_DROP,
    LYING_MAT_DEPTH,
    Animations,
    Band,
    Chair,
    Desk,
    Floor,
    Frame,
    Glow,
    Head,
    Mat,
    Point,
    Segment,
    View,
    frame,
)
from deskbreak.ui.ring import CALM_COLOUR, DUE_COLOUR, NEARING_COLOUR

ARC_STEPS = 6
"""Points on each rounded end of a limb: smooth at 400 px, cheap to fill."""
DEPTH_SHIFT = (0.25, 0.2)
"""How far (x, y) a point a body height away from the camera shows shifted."""
SHADE = 0.16
UNLIT = frozenset({"shoulders", "hips", "seat", "neck"})
EDGE = 0.0035
"""The width of a limb's outline, in body heights."""
WORKING_GLOW = 0.4
"""How bright a muscle's glow must be for a screen reader to hear it is working."""
SPRITE = 96
"""Pixels across the cached soft shapes (glow, floor shadow) that are scaled into place."""
"""How much lighter (darker) the lit (shadowed) edge of a limb is than its middle."""


@dataclass(frozen=True)
class _Tones:
    """Flat fills that shade a limb: (shadow, body, highlight) near and far, and the edge."""

    near: tuple[QColor, QColor, QColor]
    far: tuple[QColor, QColor, QColor]
    edge: QColor


def _tones(body: QColor, far: QColor, edge: QColor) -> _Tones:
    def shades(base: QColor) -> tuple[QColor, QColor, QColor]:
        highlight = base.lighter(135)
        highlight.setAlphaF(0.55)
        return base.darker(round(100 + 100 * SHADE)), base, _over(highlight, base)

    return _Tones(shades(body), shades(far), edge)


def _over(top: QColor, under: QColor) -> QColor:
    """The opaque colour that ``top`` shows over ``under``, as the raster engine blends it.

    A limb's highlight lies on its lit body, so painting it in this colour gives the pixels
    a translucent fill would; the engine fills opaque antialiased shapes many times faster."""
    image = QImage(4, 4, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(under)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(top)
        painter.drawPolygon(QPolygonF(QRectF(-1.0, -1.0, 6.0, 6.0)))
    finally:
        painter.end()
    return image.pixelColor(2, 2)


@dataclass(frozen=True)
class FigurePalette:
    """The colours of the figure and its props, for a light or a dark background."""

    background: QColor
    body: QColor
    far: QColor
    edge: QColor
    hair: QColor
    glow: QColor
    floor: QColor
    mat: QColor
    furniture: QColor
    band: QColor
    shadow: QColor
    tones: _Tones

    @staticmethod
    def light() -> FigurePalette:
        return _palette(dark=False)

    @staticmethod
    def dark() -> FigurePalette:
        return _palette(dark=True)

    @staticmethod
    def for_palette(palette: QPalette) -> FigurePalette:
        """The figure's colours for a widget palette: dark ones on a dark window."""
        dark = palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5
        return _palette(dark=dark)


@lru_cache(maxsize=2)
def _palette(*, dark: bool) -> FigurePalette:
    if dark:
        body, far, edge = QColor("#a9b8c6"), QColor("#7d8b99"), QColor("#1a1e21")
        return FigurePalette(
            background=QColor("#1f2326"),
            body=body,
            far=far,
            edge=edge,
            hair=QColor("#5c6670"),
            glow=QColor("#ff6f57"),
            floor=QColor(255, 255, 255, 70),
            mat=_alpha(CALM_COLOUR, 0.40),
            furniture=QColor("#59636c"),
            band=QColor(NEARING_COLOUR),
            shadow=QColor(0, 0, 0, 150),
            tones=_tones(body, far, edge),
        )
    body, far, edge = QColor("#6f8294"), QColor("#56687a"), QColor("#3a4756")
    return FigurePalette(
        background=QColor("#fbfaf7"),
        body=body,
        far=far,
        edge=edge,
        hair=QColor("#3f4a57"),
        glow=QColor(DUE_COLOUR),
        floor=QColor(40, 50, 60, 80),
        mat=_alpha(CALM_COLOUR, 0.30),
        furniture=QColor("#b9c1c8"),
        band=QColor(NEARING_COLOUR).darker(110),
        shadow=QColor(30, 40, 50, 70),
        tones=_tones(body, far, edge),
    )


def _alpha(name: str, alpha: float) -> QColor:
    colour = QColor(name)
    colour.setAlphaF(alpha)
    return colour


class _Camera:
    """Maps figure coordinates (y up, body height 1) into the painter's rectangle."""

    def __init__(self, result: Frame, rect: QRectF) -> None:
        x0, y0, x1, y1 = result.box
        self.scale = min(rect.width() / (x1 - x0), rect.height() / (y1 - y0))
        self.left = rect.center().x() - (x0 + x1) / 2 * self.scale
        self.bottom = rect.center().y() + (y0 + y1) / 2 * self.scale
        self.facing = result.facing
        self.view = result.view
        if result.view is View.SIDE:
            self.depth = DEPTH_SHIFT
        elif result.view is View.SIDE_LYING:
            self.depth = (0.0, LYING_DROP)  # from a little above, in front
        else:
            self.depth = (0.0, 0.0)

    def point(self, point: Point) -> QPointF:
        # A camera a little above and in front of the figure: what is further away shows a
        # little higher and further forward, so a far limb peeks out from behind the near one.
        x = point.x - self.depth[0] * point.z * self.facing
        y = point.y - self.depth[1] * point.z
        return QPointF(self.left + x * self.scale, self.bottom - y * self.scale)

    def coordinates(self, point: Point) -> tuple[float, float]:
        """Where ``point`` shows, as plain numbers rather than a QPointF."""
        x = point.x - self.depth[0] * point.z * self.facing
        y = point.y - self.depth[1] * point.z
        return self.left + x * self.scale, self.bottom - y * self.scale

    def xy(self, x: float, y: float) -> QPointF:
        return QPointF(self.left + x * self.scale, self.bottom - y * self.scale)

    def floor(self, x: float, z: float) -> QPointF:
        """The point ``z`` towards the camera from (``x``, 0) on the floor."""
        return self.point(Point(x, 0.0, z))


def render_frame(result: Frame, painter: QPainter, rect: QRectF, palette: FigurePalette) -> None:
    """Paint ``result`` into ``rect``; the background is the caller's."""
    camera = _Camera(result, rect)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _paint_ground(result, painter, camera, palette)
        _paint_shadow(result, painter, camera, palette)
        for prop in result.props:
            if isinstance(prop, Chair):
                _paint_chair(prop, painter, camera, palette)
        tones = palette.tones
        painter.setPen(Qt.PenStyle.NoPen)
        far_glows = [g for g in result.glows if g.far]
        near_glows = [g for g in result.glows if not g.far]
        far_done = False
        for part, grouped in groupby(result.segments, key=lambda s: _part(s.name)):
            segments = list(grouped)
            if not segments[0].far and not far_done:
                far_done = True
                _paint_glows(far_glows, painter, camera, palette, strength=0.55)
            _paint_part(segments, painter, camera, tones)
            if part == "trunk":
                _paint_head(result.head, painter, camera, palette)
                painter.setPen(Qt.PenStyle.NoPen)
        for prop in result.props:
            if isinstance(prop, Desk):
                _paint_desk(prop, painter, camera, palette)
        _paint_glows(near_glows, painter, camera, palette, strength=1.0)
        for prop in result.props:
            if isinstance(prop, Band):
                _paint_band(prop, painter, camera, palette)
    finally:
        painter.restore()


def _paint_ground(
    result: Frame, painter: QPainter, camera: _Camera, palette: FigurePalette
) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    for prop in result.props:
        if isinstance(prop, Mat) and camera.view is View.SIDE_LYING:
            # Seen from a little above, the mat under a body on its side is a strip of floor.
            back, front = LYING_MAT_DEPTH
            painter.setBrush(palette.mat)
            top_left = camera.floor(prop.x0, back)
            bottom_right = camera.floor(prop.x1, front)
            radius = 0.02 * camera.scale
            painter.drawRoundedRect(QRectF(top_left, bottom_right), radius, radius)
        elif isinstance(prop, Mat):
            painter.setBrush(palette.mat)
            top_left = camera.xy(prop.x0, prop.thickness)
            bottom_right = camera.xy(prop.x1, 0.0)
            radius = prop.thickness * camera.scale / 2
            painter.drawRoundedRect(QRectF(top_left, bottom_right), radius, radius)
    for prop in result.props:
        if isinstance(prop, Floor):
            width = max(1.0, 0.006 * camera.scale)
            pen = QPen(palette.floor, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            # Seen from above a side-lying body, the floor's line runs behind the mat.
            back = LYING_MAT_DEPTH[0] if camera.view is View.SIDE_LYING else 0.0
            painter.drawLine(camera.floor(prop.x0, back), camera.floor(prop.x1, back))
            if prop.marks:
                # Marks on the floor move with it, so a camera following a walk shows the
                # planted foot still on its spot.
                spacing = 0.12
                first = math.floor((prop.x0 - prop.scroll) / spacing) * spacing + prop.scroll
                x = first
                while x <= prop.x1:
                    if x >= prop.x0:
                        painter.drawLine(camera.xy(x, 0.0), camera.xy(x - 0.025, -0.025))
                    x += spacing


def _paint_shadow(
    result: Frame, painter: QPainter, camera: _Camera, palette: FigurePalette
) -> None:
    xs = [p.x for p in result.joints.values()]
    lowest = min(p.y for p in result.joints.values())
    left, right = min(xs), max(xs)
    centre = camera.xy((left + right) / 2, 0.0)
    half = max(0.12, (right - left) / 2 + 0.06) * camera.scale
    height = 0.035 * camera.scale
    # Darker the closer the body comes to the floor.
    painter.setOpacity(max(0.3, 1.0 - lowest * 2.0))
    painter.drawImage(
        QRectF(centre.x() - half, centre.y() - height, 2 * half, 2 * height),
        _soft_disc(palette.shadow.rgba()),
    )
    painter.setOpacity(1.0)


def _quarter(pixels: float) -> float:
    """``pixels`` to the nearest quarter pixel: invisible, and it lets the outlines be reused."""
    return round(pixels * 4) / 4


@lru_cache(maxsize=1024)
def _along_x(length: float, ra: float, rb: float) -> QPolygonF:
    """A capsule from the origin along the x axis. Bones keep their length, so from one frame
    to the next the same few shapes come back: building them is most of a paint's cost."""
    return _capsule(QPointF(0.0, 0.0), QPointF(length, 0.0), ra, rb)


def _capsule(a: QPointF, b: QPointF, ra: float, rb: float) -> QPolygonF:
    """The outline of a tapered capsule: a circle of radius ``ra`` at ``a`` joined smoothly
    to one of radius ``rb`` at ``b``."""
    dx, dy = b.x() - a.x(), b.y() - a.y()
    distance = math.hypot(dx, dy)
    polygon = QPolygonF()
    if distance <= abs(ra - rb) + 1e-6:
        centre, radius = (a, ra) if ra >= rb else (b, rb)
        for step in range(2 * ARC_STEPS):
            angle = math.pi * step / ARC_STEPS
            polygon.append(
                QPointF(
                    centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle)
                )
            )
        return polygon
    heading = math.atan2(dy, dx)
    # The tangent lines touch each circle at this angle from the heading (the bigger end
    # wraps a little more than half way round).
    spread = math.acos(max(-1.0, min(1.0, (ra - rb) / distance)))
    for centre, radius, start, sweep in (
        (b, rb, heading - spread, 2 * spread),
        (a, ra, heading + spread, 2 * (math.pi - spread)),
    ):
        for step in range(ARC_STEPS + 1):
            angle = start + sweep * step / ARC_STEPS
            polygon.append(
                QPointF(
                    centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle)
                )
            )
    return polygon


def _paint_part(segments: list[Segment], painter: QPainter, camera: _Camera, tones: _Tones) -> None:
    """Paint the segments of one part of the body (a leg, an arm, the trunk): their outlines
    first, then their fills, so the part shows as one smooth shape without seams."""
    shapes = [_shapes(segment, camera) for segment in segments]
    painter.setBrush(tones.edge)
    for outline, _, _, _ in shapes:
        painter.drawPolygon(outline)
    for segment, (_, shade, body, highlight) in zip(segments, shapes, strict=True):
        colours = tones.far if segment.far else tones.near
        painter.setBrush(colours[0])
        painter.drawPolygon(shade)
        painter.setBrush(colours[1])
        painter.drawPolygon(body)
        # Short cross pieces (the shoulder girdle, the hips, the neck) would only streak the
        # trunk with highlights; its long parts carry the light.
        if segment.name not in UNLIT:
            painter.setBrush(colours[2])
            painter.drawPolygon(highlight)


def _shapes(segment: Segment, camera: _Camera) -> tuple[QPolygonF, QPolygonF, QPolygonF, QPolygonF]:
    """The outline, shadowed side, lit body and highlight of one segment, as flat fills (the
    raster engine paints those far faster than gradients or stroked outlines)."""
    scale = camera.scale
    ax, ay = camera.coordinates(segment.start)
    bx, by = camera.coordinates(segment.end)
    ra = segment.start_width * scale / 2
    rb = segment.end_width * scale / 2
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    # The placing rotation, from the bone's own direction (none for a bone seen end on).
    cos, sin = (dx / length, dy / length) if length > 0.0 else (1.0, 0.0)
    edge = max(0.7, scale * EDGE)
    # Built along the x axis, then placed and reshaped by transforms in Qt's C++: each is
    # the placing (rotate about the start, then move there) after a squash along the bone.
    outline = _along_x(_quarter(length), _quarter(ra + edge), _quarter(rb + edge))
    body = _along_x(_quarter(length), _quarter(ra), _quarter(rb))
    radius = (ra + rb) / 2
    # The light comes from the upper left of the screen: towards it is lit.
    lit = 1.0 if sin - cos > 0 else -1.0
    place = QTransform(cos, sin, -sin, cos, ax, ay)
    shift = lit * radius * 0.2
    core = QTransform(cos, sin, -0.72 * sin, 0.72 * cos, ax - sin * shift, ay + cos * shift)
    shift = lit * radius * 0.5
    inset = 0.22 * length / 2  # the highlight shrinks to 0.78 of the bone about its middle
    shine = QTransform(
        0.78 * cos,
        0.78 * sin,
        -0.22 * sin,
        0.22 * cos,
        ax + cos * inset - sin * shift,
        ay + sin * inset + cos * shift,
    )
    return outline * place, body * place, body * core, body * shine


def _part(name: str) -> str:
    """Which part of the body a segment belongs to: ``leg_l``, ``arm_r`` or ``trunk``."""
    for limb, bones in (("leg", ("thigh", "shin", "foot")), ("arm", ("upper_arm", "forearm"))):
        if name.rsplit("_", 1)[0] in bones:
            return f"{limb}_{name[-1]}"
    if name.startswith("hand_"):
        return f"arm_{name[-1]}"
    return "trunk"


def _paint_head(head: Head, painter: QPainter, camera: _Camera, palette: FigurePalette) -> None:
    centre = camera.point(head.centre)
    radius = head.radius * camera.scale
    tones = palette.tones
    edge = max(0.7, camera.scale * EDGE)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(tones.edge)
    painter.drawEllipse(centre, radius + edge, radius + edge)
    painter.setBrush(tones.near[0])
    painter.drawEllipse(centre, radius, radius)
    painter.setBrush(tones.near[1])
    painter.drawEllipse(
        QPointF(centre.x() - radius * 0.1, centre.y() - radius * 0.1), radius * 0.86, radius * 0.86
    )
    # Draw the hair and the nose in the head's own frame: up is -y, the face looks along +x.
    painter.save()
    painter.translate(centre)
    painter.rotate(math.degrees(math.atan2(head.up[0], head.up[1])))
    if head.face is not None and head.face[0] * head.up[1] - head.face[1] * head.up[0] < 0:
        painter.scale(-1.0, 1.0)  # the face looks the other way
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.hair)
    painter.drawPolygon(_hair(_quarter(radius), facing_camera=head.face is None))
    if head.face is not None:
        painter.setBrush(palette.body)
        painter.drawEllipse(QPointF(0.96 * radius, 0.1 * radius), 0.15 * radius, 0.15 * radius)
    painter.restore()


@lru_cache(maxsize=64)
def _hair(radius: float, *, facing_camera: bool) -> QPolygonF:
    """The hair in the head's own frame (up is -y, the face looks along +x): the part of the
    skull beyond a chord, so no clipping is needed. Looking at the camera it caps the crown;
    from the side it covers the crown and the back of the head and leaves the face clear."""
    first, last = (-15.0, -165.0) if facing_camera else (-55.0, -235.0)
    steps = 12
    polygon = QPolygonF()
    for step in range(steps + 1):
        angle = math.radians(first + (last - first) * step / steps)
        polygon.append(QPointF(radius * math.cos(angle), radius * math.sin(angle)))
    return polygon


def _paint_glows(
    glows: list[Glow],
    painter: QPainter,
    camera: _Camera,
    palette: FigurePalette,
    *,
    strength: float,
) -> None:
    sprite = _soft_disc(palette.glow.rgba())
    for glow in glows:
        if glow.intensity <= 0.01:
            continue
        centre = camera.point(glow.centre)
        radius = glow.radius * camera.scale
        painter.setOpacity(min(1.0, glow.intensity * strength))
        painter.drawImage(
            QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius), sprite
        )
    painter.setOpacity(1.0)


@lru_cache(maxsize=8)
def _soft_disc(rgba: int) -> QImage:
    """A disc of colour ``rgba`` fading out to its edge: painted once, then only scaled."""
    image = QImage(SPRITE, SPRITE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    colour = QColor.fromRgba(rgba)
    alpha = colour.alphaF()
    gradient = QRadialGradient(QPointF(SPRITE / 2, SPRITE / 2), SPRITE / 2)
    for stop, share in ((0.0, 0.8), (0.45, 0.45), (0.75, 0.14), (1.0, 0.0)):
        colour.setAlphaF(alpha * share)
        gradient.setColorAt(stop, colour)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(gradient))
        painter.drawEllipse(QRectF(0, 0, SPRITE, SPRITE))
    finally:
        painter.end()
    return image


def _paint_chair(chair: Chair, painter: QPainter, camera: _Camera, palette: FigurePalette) -> None:
    width = max(1.5, 0.022 * camera.scale)
    pen = QPen(palette.furniture, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    seat = chair.seat_height
    inset = 0.03
    painter.drawLine(camera.xy(chair.x0, seat), camera.xy(chair.x1, seat))
    painter.drawLine(camera.xy(chair.x0 + inset, seat), camera.xy(chair.x0 + inset, 0.0))
    painter.drawLine(camera.xy(chair.x1 - inset, seat), camera.xy(chair.x1 - inset, 0.0))
    if chair.back_x is not None:
        painter.drawLine(camera.xy(chair.back_x, seat), camera.xy(chair.back_x, seat + 0.3))


def _paint_desk(desk: Desk, painter: QPainter, camera: _Camera, palette: FigurePalette) -> None:
    width = max(1.5, 0.022 * camera.scale)
    pen = QPen(palette.furniture, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(camera.xy(desk.x0, desk.height), camera.xy(desk.x1, desk.height))
    leg = desk.x1 - 0.03 if abs(desk.x1) > abs(desk.x0) else desk.x0 + 0.03
    painter.drawLine(camera.xy(leg, desk.height), camera.xy(leg, 0.0))


def _paint_band(band: Band, painter: QPainter, camera: _Camera, palette: FigurePalette) -> None:
    # A band thins as it stretches, the way rubber does.
    width = max(1.0, 0.02 * camera.scale / max(1.0, band.stretch))
    pen = QPen(palette.band, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawLine(camera.point(band.start), camera.point(band.end))


class FigureView(QWidget):
    """The animated figure of one exercise at one moment; paints only when that changes.

    Signals: none.

    For screen readers its accessible description says what the figure does, e.g.
    "Clamshell, left side: moving to the open pose; gluteus medius working". It changes when
    the figure reaches or leaves a key pose, not with every frame.
    """

    def __init__(
        self, animations: Animations, parent: QWidget | None = None, *, reduced_motion: bool = False
    ) -> None:
        super().__init__(parent)
        self._animations = animations
        self._reduced_motion = reduced_motion
        self._shown: tuple[str, float, Side, float | None] | None = None
        self._frame: Frame | None = None
        self._subject: tuple[str, str, bool] | None = None  # animation id, name, one side
        self._described: tuple[object, ...] | None = None
        self.setAccessibleName("Exercise figure")

    @property
    def current(self) -> Frame | None:
        """The frame on screen, None before the first pose."""
        return self._frame

    @property
    def reduced_motion(self) -> bool:
        return self._reduced_motion

    def set_reduced_motion(self, reduced: bool) -> None:
        """Key poses only (True) or the figure moving between them, from the next pose on."""
        if reduced != self._reduced_motion:
            self._reduced_motion = reduced
            self._shown = None

    def set_subject(self, animation_id: str, name: str, *, sided: bool) -> None:
        """How to name ``animation_id`` to a screen reader: the exercise's ``name``, and
        whether it works one side at a time (then the side is said too)."""
        self._subject = (animation_id, name, sided)
        self._described = None
        if self._frame is not None and self._shown is not None:
            self._describe(self._shown[0], self._shown[1], self._shown[2], self._frame)

    def show_pose(
        self,
        animation_id: str,
        phase: float,
        *,
        side: Side = Side.LEFT,
        contraction: float | None = None,
    ) -> None:
        """Show ``animation_id`` at ``phase`` of a rep; KeyError for an unknown id."""
        shown = (animation_id, phase, side, contraction)
        if shown == self._shown:
            return
        result = frame(
            self._animations[animation_id],
            phase,
            side=side,
            contraction=contraction,
            reduced_motion=self._reduced_motion,
        )
        self._shown = shown
        if result == self._frame:
            return  # a held pose: nothing to paint again
        self._frame = result
        self._describe(animation_id, phase, side, result)
        self.update()

    def _describe(self, animation_id: str, phase: float, side: Side, result: Frame) -> None:
        """Update the accessible description when what it would say changes."""
        animation = self._animations[animation_id]
        if result.key is not None:
            towards, arrived = result.key, True
        else:
            towards, arrived = _next_key(animation.timing, phase), False
        # The main muscle only: the helpers' fainter glows would flicker in and out of the text.
        main = animation.muscles[:1]
        working = tuple(m for m in main if result.glow(m) >= WORKING_GLOW)
        said = (animation_id, side, towards, arrived, working, self._subject)
        if said == self._described:
            return
        self._described = said
        subject = self._subject
        if subject is not None and subject[0] == animation_id:
            name, sided = subject[1], subject[2]
        else:
            name, sided = animation_id.replace("-", " ").capitalize(), False
        where = f"in the {towards} pose" if arrived else f"moving to the {towards} pose"
        effort = f"{working[0].value.replace('_', ' ')} working" if working else "muscles at rest"
        side_text = f", {side.value} side" if sided else ""
        self.setAccessibleDescription(f"{name}{side_text}: {where}; {effort}")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(240, 240)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        if self._frame is None:
            return
        painter = QPainter(self)
        try:
            render_frame(
                self._frame,
                painter,
                QRectF(self.rect()),
                FigurePalette.for_palette(self.palette()),
            )
        finally:
            painter.end()


def _next_key(timing: tuple[tuple[str, float], ...], phase: float) -> str:
    """The key pose the movement heads for at ``phase`` of a rep."""
    for name, at in timing:
        if at > phase:
            return name
    return timing[-1][0]
