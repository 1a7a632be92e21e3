"""The look the deskbreak windows share: colours from the palette, labels, flat buttons.

Light and dark desktops both fit: every colour derives from the widget's palette.
"""

from __future__ import annotations

import enum
import math

from PySide6.QtCore import QRectF, QSize, Qt
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
from PySide6.QtWidgets import QAbstractButton, QLabel

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
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            shape = QPainterPath()
            shape.addRoundedRect(box, 8, 8)
            hovered = self.underMouse()
            down = self.isDown()
            text = look.ink
            if self._kind is ButtonKind.PRIMARY:
                fill = QColor(
                    PRIMARY_FILL_DOWN if down else PRIMARY_FILL_HOVER if hovered else PRIMARY_FILL
                )
                painter.fillPath(shape, fill)
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
                ring = QPainterPath()
                ring.addRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 9, 9)
                painter.setPen(QPen(look.accent, 2))
                painter.drawPath(ring)
            painter.setPen(text)
            painter.setFont(self.font())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text())
        finally:
            painter.end()
