"""The look the deskbreak windows share: colours from the palette, labels, flat buttons, panels.

Light and dark desktops both fit: every colour derives from the widget's palette.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractButton, QLabel, QSizePolicy, QWidget

from deskbreak.ui.ring import CALM_COLOUR

# Text and fills in teal need different shades on light and dark cards to stay readable;
# the primary button keeps white text at a contrast above 4.5:1 on both.
ACCENT_ON_LIGHT = "#0f7f69"
ACCENT_ON_DARK = "#45d0ad"
PRIMARY_FILL = "#0f7f69"
PRIMARY_FILL_HOVER = "#12927a"
PRIMARY_FILL_DOWN = "#0b6655"


class Look:
    """Colours derived from the widget's palette, so light and dark desktops both fit."""

    def __init__(self, palette: QPalette) -> None:
        window = palette.color(QPalette.ColorRole.Window)
        self.dark = window.lightnessF() < 0.5
        self.ink = palette.color(QPalette.ColorRole.WindowText)
        # A white card on light desktops; on dark ones the window colour, a step above the
        # near-black base most dark themes use for text fields.
        self.card = window if self.dark else palette.color(QPalette.ColorRole.Base)
        self.muted = mix(self.ink, self.card, 0.62)
        self.faint = mix(self.ink, self.card, 0.12)
        self.border = with_alpha(self.ink, 0.16 if self.dark else 0.10)
        self.accent = QColor(ACCENT_ON_DARK if self.dark else ACCENT_ON_LIGHT)
        self.accent_soft = with_alpha(QColor(CALM_COLOUR), 0.20 if self.dark else 0.13)
        self.shadow_alpha = 0.55 if self.dark else 0.28


def mix(front: QColor, back: QColor, amount: float) -> QColor:
    """``amount`` of ``front`` over ``back``, as one opaque colour."""
    return QColor.fromRgbF(
        front.redF() * amount + back.redF() * (1 - amount),
        front.greenF() * amount + back.greenF() * (1 - amount),
        front.blueF() * amount + back.blueF() * (1 - amount),
    )


def with_alpha(colour: QColor, alpha: float) -> QColor:
    result = QColor(colour)
    result.setAlphaF(alpha)
    return result


def primary_fill(*, hovered: bool, down: bool) -> QColor:
    """The filled teal of the expected answer, a shade lighter under the mouse, darker pressed."""
    return QColor(PRIMARY_FILL_DOWN if down else PRIMARY_FILL_HOVER if hovered else PRIMARY_FILL)


@contextmanager
def painting(widget: QWidget, *, antialias: bool = True) -> Iterator[QPainter]:
    """A painter on ``widget`` (antialiased unless told not to), ended however painting ends."""
    painter = QPainter(widget)
    try:
        if antialias:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        yield painter
    finally:
        painter.end()


def rounded(box: QRectF, radius: float) -> QPainterPath:
    """``box`` with corners of ``radius``, as a path to fill or stroke."""
    shape = QPainterPath()
    shape.addRoundedRect(box, radius, radius)
    return shape


def style_label(
    label: QLabel,
    colour: QColor,
    base: QFont,
    *,
    scale: float,
    weight: QFont.Weight = QFont.Weight.Normal,
) -> None:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    font.setWeight(weight)
    label.setFont(font)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    label.setPalette(palette)


class ButtonKind(enum.Enum):
    PRIMARY = "primary"  # the expected answer: filled teal
    SECONDARY = "secondary"  # outlined
    QUIET = "quiet"  # text only, for the answer we do not push


class Button(QAbstractButton):
    """A flat rounded button drawn in the popup's own colours, the same on every style."""

    def __init__(self, text: str, name: str, kind: ButtonKind = ButtonKind.SECONDARY) -> None:
        super().__init__()
        self.setText(text)
        self.setObjectName(name)
        self._kind = kind
        # Clicking a button must not move the keyboard focus onto it: Enter keeps meaning
        # Start. Tab still reaches every button.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold if kind is ButtonKind.PRIMARY else QFont.Weight.Medium)
        self.setFont(font)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetricsF(self.font())
        width = metrics.horizontalAdvance(self.text()) + 2 * 14
        height = metrics.height() + 2 * 8
        if self._kind is ButtonKind.PRIMARY:
            width = max(width, 84.0)
        return QSize(math.ceil(width), math.ceil(height))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            shape = rounded(box, 8)
            hovered = self.underMouse()
            down = self.isDown()
            text = look.ink
            if self._kind is ButtonKind.PRIMARY:
                painter.fillPath(shape, primary_fill(hovered=hovered, down=down))
                text = QColor("white")
            elif self._kind is ButtonKind.SECONDARY:
                fill = with_alpha(look.ink, 0.14 if down else 0.09 if hovered else 0.05)
                painter.fillPath(shape, fill)
                painter.setPen(QPen(with_alpha(look.ink, 0.16), 1))
                painter.drawPath(shape)
            else:
                if hovered or down:
                    painter.fillPath(shape, with_alpha(look.ink, 0.10 if down else 0.06))
                text = look.muted
            if self.hasFocus():
                paint_focus_ring(
                    painter, look, QRectF(self.rect()), 9, filled=self._kind is ButtonKind.PRIMARY
                )
            painter.setPen(text)
            painter.setFont(self.font())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text())


def paint_focus_ring(
    painter: QPainter, look: Look, box: QRectF, radius: float, *, filled: bool = False
) -> None:
    """The keyboard focus ring around a control that fills ``box``: an accent ring on its edge
    and, on a control ``filled`` with the accent (where that ring would not show), a ring of
    the card's colour just inside it."""
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(look.accent, 2))
    painter.drawPath(rounded(box.adjusted(1, 1, -1, -1), radius))
    if filled:
        inner = max(0.0, radius - 3.5)
        painter.setPen(QPen(look.card, 2))
        painter.drawPath(rounded(box.adjusted(4, 4, -4, -4), inner))
    painter.restore()


class CardWindow(QWidget):
    """A window on the card colour whose labels follow the palette: ``_restyle`` recolours them."""

    def _restyle(self) -> None:
        """Set the labels' colours and fonts from the palette; called again when it changes."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        with painting(self, antialias=False) as painter:
            painter.fillRect(self.rect(), Look(self.palette()).card)


class SoftPanel(QWidget):
    """A rounded panel on the accent's soft tint, behind a group of lines."""

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self.setObjectName(name)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        with painting(self) as painter:
            shape = rounded(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 12)
            painter.fillPath(shape, Look(self.palette()).accent_soft)


class Chip(QLabel):
    """A short text on a soft tint with fully rounded ends."""

    def __init__(self, name: str, *, padding: tuple[int, int]) -> None:
        super().__init__()
        self.setObjectName(name)
        across, down = padding
        self.setContentsMargins(across, down, across, down)
        self._fill = QColor()

    def set_colours(self, text: QColor, fill: QColor, base: QFont | None = None) -> None:
        """Bold ``text`` on ``fill``; the font is ``base`` (the chip's own unless given)."""
        font = QFont(self.font() if base is None else base)
        font.setWeight(QFont.Weight.DemiBold)
        self.setFont(font)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, text)
        self.setPalette(palette)
        self._fill = fill
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        with painting(self) as painter:
            painter.fillPath(rounded(QRectF(self.rect()), self.height() / 2), self._fill)
        super().paintEvent(event)


def wrapped_label(name: str, width: int) -> QLabel:
    """An empty label that wraps its text at ``width`` and grows down as needed."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setFixedWidth(width)
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
    return label


def fit_height(window: QWidget) -> None:
    """Lay ``window`` out again and fix its height to what its contents need at its width."""
    layout = window.layout()
    if layout is not None:
        layout.invalidate()
        layout.activate()
        # Wrapped labels need the height for this width, which sizeHint() does not give.
        window.setFixedHeight(layout.totalHeightForWidth(window.width()))


ERROR_ON_LIGHT = "#b3261e"
ERROR_ON_DARK = "#ff8a80"


def error_colour(look: Look) -> QColor:
    """Red for a refused value or a failure, readable on the light and the dark card."""
    return QColor(ERROR_ON_DARK if look.dark else ERROR_ON_LIGHT)
