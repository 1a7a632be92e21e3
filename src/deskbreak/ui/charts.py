"""The stats window's five charts, painted with QPainter from plain data.

QtCharts ships only in PySide6-Addons, well over 100 MB on top of PySide6-Essentials for five
small charts: bars, stacked bars, a heat map, a strip of days and two lines. Drawn here by hand
they cost a few hundred lines, load with the window and go with it.

Each chart keeps the data it was given (``bars``, ``stacks``, ``cells``, ``marks``, ``points``),
lays its shapes out once per size, palette or data change and only fills them while painting.
Hovering or moving with the arrow keys over a bar, cell or day shows its exact values; the
accessible description reads all of them out in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from deskbreak.domain.durations import human_duration
from deskbreak.ui.accessible import announce
from deskbreak.ui.style import Look, mix, paint_focus_ring, painting, rounded, with_alpha

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHORT_SPAN = 14
"""Up to this many days, every day gets its own label (weekday initial and date)."""
HEAT_HOURS = range(7, 19)
"""Hours the heat map always shows (7:00 to 19:00), widened to any hour with sitting."""
RATINGS = ((2, "Firm"), (1, "Soft"), (0, "Thigh"))
"""Squeeze-test levels, top to bottom: score and label."""


# -- the data the charts plot ----------------------------------------------------------------


class DayBar(NamedTuple):
    """One day of sitting: the total and the longest stretch, in seconds."""

    day: date
    sitting_s: float
    longest_s: float


class DayOutcomes(NamedTuple):
    """How one day's break prompts were answered."""

    day: date
    done: int
    snoozed: int
    skipped: int
    unanswered: int

    @property
    def total(self) -> int:
        return self.done + self.snoozed + self.skipped + self.unanswered


class DayRoutine(NamedTuple):
    """Whether a day was a run day and how many pre-run routines were completed on it."""

    day: date
    run_day: bool
    routines_done: int


class SqueezeMark(NamedTuple):
    """One side's squeeze-test answer on a day; ``score`` is firm 2, soft 1, thigh 0."""

    day: date
    side: str
    rating: str
    score: int


# -- words ---------------------------------------------------------------------------------


def day_text(day: date) -> str:
    """``Tue 11 Mar``: a day as tooltips and descriptions name it."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1]}"


def minutes_text(seconds: float) -> str:
    """A duration in whole minutes for people: ``5 h 12 min``, ``45 min``, ``0 min``."""
    whole_minutes = round(seconds / 60)
    if whole_minutes <= 0:
        return "0 min"
    return human_duration(whole_minutes * 60)


def hour_text(hour: int) -> str:
    """``9:00``: the start of an hour of the day."""
    return f"{hour % 24}:00"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


# -- colours ---------------------------------------------------------------------------------


class ChartColours:
    """The charts' colours for one palette; series colours keep 3:1 against the card."""

    def __init__(self, look: Look) -> None:
        dark = look.dark
        self.look = look
        self.grid = with_alpha(look.ink, 0.09 if dark else 0.08)
        self.axis = look.muted
        self.highlight = with_alpha(look.ink, 0.08 if dark else 0.06)
        self.sitting = mix(look.accent, look.card, 0.62 if dark else 0.55)
        self.longest = look.ink
        self.done = look.accent
        self.snoozed = QColor("#e4b155" if dark else "#d9962a")
        self.skipped = QColor("#ec8a80" if dark else "#cd5b52")
        self.unanswered = mix(look.ink, look.card, 0.34 if dark else 0.28)
        self.left = look.accent
        self.right = QColor("#b49cff" if dark else "#6f52c4")
        self.cell_empty = mix(look.ink, look.card, 0.07 if dark else 0.06)
        self.heat_low = mix(look.accent, look.card, 0.18)
        self.heat_high = QColor("#5fe0bf") if dark else QColor("#0b6655")
        self.rest_day = mix(look.ink, look.card, 0.22)

    def heat(self, fraction: float) -> QColor:
        """The heat-map colour for ``fraction`` of the busiest cell (0 gets the empty colour)."""
        if fraction <= 0:
            return self.cell_empty
        return mix(self.heat_high, self.heat_low, 0.12 + 0.88 * min(1.0, fraction))


# -- the common chart ------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """Something with values of its own: where it is (for hover and keys) and what it says."""

    area: QRectF
    text: str


@dataclass(slots=True)
class _Label:
    """A text placed once per layout."""

    box: QRectF
    text: str
    align: Qt.AlignmentFlag
    colour: QColor
    bold: bool = False


class _Fonts:
    """The fonts a chart draws its texts in, from the widget's font."""

    def __init__(self, base: QFont) -> None:
        self.axis = QFont(base)
        self.axis.setPointSizeF(base.pointSizeF() * 0.84)
        self.axis_bold = QFont(self.axis)
        self.axis_bold.setWeight(QFont.Weight.DemiBold)
        self.legend = QFont(base)
        self.legend.setPointSizeF(base.pointSizeF() * 0.88)
        self.axis_metrics = QFontMetricsF(self.axis)
        self.legend_metrics = QFontMetricsF(self.legend)
        self.line = self.axis_metrics.height()


def gutter_width(base: QFont) -> float:
    """The left margin every chart keeps for its value labels, the same for all of them so
    that the day columns of the charts line up under each other."""
    metrics = _Fonts(base).axis_metrics
    widest = max(metrics.horizontalAdvance(text) for text in ("120 min", "Thigh", "Right", "Sun"))
    return math.ceil(widest + 12)


class Chart(QWidget):
    """A chart with values under the mouse and the arrow keys, an empty state and a focus ring.

    Subclasses say whether they have data, lay their shapes out in ``_layout`` (filling
    ``_items`` and ``_labels``) and fill them in ``_paint``.
    """

    LINES = 10.0
    """The chart's height in axis-text lines, so that larger fonts get taller charts."""

    def __init__(self, name: str, accessible_name: str, empty_text: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self._empty_text = empty_text
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._items: list[_Item] = []
        self._labels: list[_Label] = []
        self._hover = -1
        self._selected = -1
        self._row_step = 0
        """How far Up and Down move among the items (a row of cells); 0: they scroll."""
        self._dirty = True
        self._fonts = _Fonts(self.font())
        self._colours = ChartColours(Look(self.palette()))

    # -- what subclasses provide -------------------------------------------------------------

    @property
    def has_data(self) -> bool:
        """Whether there is anything to plot; if not, the empty state shows."""
        raise NotImplementedError

    def _layout(self, box: QRectF) -> None:
        """Place the shapes, ``_items`` and ``_labels`` inside ``box``."""
        raise NotImplementedError

    def _paint(self, painter: QPainter) -> None:
        """Fill the shapes placed by ``_layout``."""
        raise NotImplementedError

    def _summary(self) -> str:
        """The data in a sentence or two, for the accessible description."""
        raise NotImplementedError

    # -- shared behaviour --------------------------------------------------------------------

    @property
    def empty_text(self) -> str:
        """What the chart says while it has no data."""
        return self._empty_text

    @property
    def labels(self) -> tuple[tuple[QRectF, str], ...]:
        """The texts the chart writes (axes, legend) and the box each is drawn in."""
        self._ensure_layout()
        return tuple((label.box, label.text) for label in self._labels)

    @property
    def item_areas(self) -> tuple[QRectF, ...]:
        """Where each bar, cell or day answers the mouse, in the chart's order."""
        self._ensure_layout()
        return tuple(item.area for item in self._items)

    @property
    def item_texts(self) -> tuple[str, ...]:
        """The exact values a hover or a key shows, in the chart's order."""
        self._ensure_layout()
        return tuple(item.text for item in self._items)

    def _changed(self) -> None:
        """New data: lay out again, repaint and tell screen readers."""
        self.updateGeometry()
        self._hover = -1
        self._selected = -1
        self._dirty = True
        self._ensure_layout()
        if self.has_data:
            values = "; ".join(item.text for item in self._items)
            self.setAccessibleDescription(f"{self._summary()} {values}.".strip())
        else:
            self.setAccessibleDescription(self._empty_text)
        self.update()

    def _ensure_layout(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        self._fonts = _Fonts(self.font())
        self._colours = ChartColours(Look(self.palette()))
        self._items = []
        self._labels = []
        if self.has_data:
            self._layout(QRectF(self.rect()).adjusted(4, 4, -4, -4))

    EMPTY_LINES = 5.0
    """The height of the empty state, in lines: a note, not a blank chart."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        lines = self._data_lines() if self.has_data else self.EMPTY_LINES
        return QSize(640, round(lines * QFontMetricsF(self.font()).height()))

    def _data_lines(self) -> float:
        return self.LINES

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        self._ensure_layout()
        colours = self._colours
        with painting(self) as painter:
            if not self.has_data:
                self._paint_empty(painter)
            else:
                shown = self._selected if self.hasFocus() else -1
                for index in {self._hover, shown} - {-1}:
                    if index < len(self._items):
                        painter.fillPath(rounded(self._items[index].area, 4), colours.highlight)
                self._paint(painter)
                self._paint_labels(painter)
            if self.hasFocus():
                paint_focus_ring(painter, colours.look, QRectF(self.rect()), 8)

    def _paint_labels(self, painter: QPainter) -> None:
        fonts = self._fonts
        current: QFont | None = None
        for label in self._labels:
            font = fonts.axis_bold if label.bold else fonts.axis
            if font is not current:
                painter.setFont(font)
                current = font
            painter.setPen(label.colour)
            painter.drawText(label.box, label.align, label.text)

    def _paint_empty(self, painter: QPainter) -> None:
        colours = self._colours
        box = QRectF(self.rect()).adjusted(6, 6, -6, -6)
        painter.setPen(QPen(colours.grid, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(with_alpha(colours.look.ink, 0.025))
        painter.drawRoundedRect(box, 10, 10)
        painter.setPen(colours.axis)
        painter.setFont(self.font())
        inner = box.adjusted(24, 8, -24, -8)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(inner, int(flags), self._empty_text)

    def _label(
        self,
        box: QRectF,
        text: str,
        align: Qt.AlignmentFlag,
        colour: QColor | None = None,
        *,
        bold: bool = False,
    ) -> None:
        self._labels.append(_Label(box, text, align, colour or self._colours.axis, bold))

    def _legend(self, right: float, top: float, entries: Sequence[tuple[str, QColor, str]]) -> None:
        """A legend row ending at ``right``: for each entry a swatch (``"bar"``, ``"dot"``,
        ``"ring"``, ``"tick"``, ``"square"``) in its colour and a name."""
        metrics = self._fonts.axis_metrics
        size = metrics.height() * 0.62
        x = right
        height = metrics.height()
        for text, colour, shape in reversed(entries):
            width = metrics.horizontalAdvance(text)
            x -= width
            self._label(
                QRectF(x, top, width + 2, height),
                text,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._colours.look.ink,
            )
            x -= size + 6
            self._swatches.append((QRectF(x, top + (height - size) / 2, size, size), colour, shape))
            x -= 16

    def _paint_swatches(self, painter: QPainter) -> None:
        for box, colour, shape in self._swatches:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            if shape == "dot":
                painter.drawEllipse(box)
            elif shape == "ring":
                painter.setPen(QPen(colour, 1.6))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(box.adjusted(1, 1, -1, -1))
            elif shape == "tick":
                middle = box.center().y()
                painter.fillRect(QRectF(box.left(), middle - 1, box.width(), 2), colour)
            elif shape == "square":
                painter.drawRect(box.adjusted(1, 1, -1, -1))
            else:
                painter.drawRoundedRect(box, 2, 2)

    # -- hover and keys ----------------------------------------------------------------------

    def _hit(self, position: QPointF) -> int:
        for index, item in enumerate(self._items):
            if item.area.contains(position):
                return index
        return -1

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._ensure_layout()
            index = self._hit(QPointF(event.pos()))
            if index >= 0:
                item = self._items[index]
                QToolTip.showText(event.globalPos(), item.text, self, item.area.toAlignedRect())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._ensure_layout()
        index = self._hit(event.position())
        if index != self._hover:
            self._hover = index
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if self._hover != -1:
            self._hover = -1
            self.update()
        super().leaveEvent(event)

    @property
    def selected_text(self) -> str | None:
        """The values of the item chosen with the keys, if any."""
        if 0 <= self._selected < len(self._items):
            return self._items[self._selected].text
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        self._ensure_layout()
        count = len(self._items)
        key = Qt.Key(event.key())
        moves = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -self._row_step,
            Qt.Key.Key_Down: self._row_step,
        }
        if count == 0 or (key in moves and moves[key] == 0):
            super().keyPressEvent(event)
            return
        if key in moves:
            if self._selected < 0:
                # The first press starts at an end: forward from the first, back from today.
                target = 0 if moves[key] > 0 else count - 1
            else:
                target = self._selected + moves[key]
                if not 0 <= target < count:
                    target = self._selected  # at the edge: stay
            self._select(target)
        elif key == Qt.Key.Key_Home:
            self._select(0)
        elif key == Qt.Key.Key_End:
            self._select(count - 1)
        else:
            super().keyPressEvent(event)

    def _select(self, index: int) -> None:
        self._selected = index
        item = self._items[index]
        self.setAccessibleDescription(item.text)
        announce(self, item.text)
        if self.isVisible():
            anchor = self.mapToGlobal(item.area.topRight().toPoint())
            QToolTip.showText(anchor, item.text, self)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        if self.has_data:
            values = "; ".join(item.text for item in self._items)
            self.setAccessibleDescription(f"{self._summary()} {values}.".strip())
        self.update()
        super().focusOutEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._dirty = True
            self.update()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        self._dirty = True
        super().resizeEvent(event)

    # -- geometry helpers --------------------------------------------------------------------

    _swatches: list[tuple[QRectF, QColor, str]]

    def _day_axis(self, days: Sequence[date], plot: QRectF) -> None:
        """Labels under ``plot`` for ``days``: weekday initials and dates for a short span,
        the Mondays' dates for a long one (every other Monday if they would crowd)."""
        fonts = self._fonts
        slot = plot.width() / len(days)
        line = fonts.line
        top = plot.bottom() + 4
        if len(days) <= SHORT_SPAN:
            for index, day in enumerate(days):
                x = plot.left() + index * slot
                today = index == len(days) - 1
                colour = self._colours.look.ink if today else self._colours.axis
                centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                self._label(QRectF(x, top, slot, line), WEEKDAYS[day.weekday()][0], centre, colour)
                self._label(
                    QRectF(x, top + line, slot, line), str(day.day), centre, self._colours.axis
                )
            return
        widest = fonts.axis_metrics.horizontalAdvance("30 Sep") + 12
        every = 7 if 7 * slot >= widest else 14
        mondays = [index for index, day in enumerate(days) if day.weekday() == 0]
        for number, index in enumerate(mondays):
            if every == 14 and number % 2:
                continue
            day = days[index]
            x = plot.left() + index * slot
            self._ticks.append(QRectF(x, plot.bottom(), 1, 4))
            text = f"{day.day} {MONTHS[day.month - 1]}"
            width = fonts.axis_metrics.horizontalAdvance(text) + 4
            left = x - width / 2
            if left < plot.left() - 12 or left + width > self.width() - 2:
                continue
            self._label(
                QRectF(left, top + 2, width, line),
                text,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            )

    _ticks: list[QRectF]

    def _axis_height(self, days: int) -> float:
        return self._fonts.line * (2 if days <= SHORT_SPAN else 1) + 8

    def _value_grid(self, plot: QRectF, top_value: float, step: float, text: object) -> None:
        """Horizontal guides every ``step`` up to ``top_value``, labelled in the gutter."""
        line = self._fonts.line
        value = 0.0
        while value <= top_value + 1e-9:
            y = round(plot.bottom() - value / top_value * plot.height()) + 0.5
            self._grid.append(y)
            label = text(value) if callable(text) else str(value)
            self._label(
                QRectF(0, y - line / 2, plot.left() - 10, line),
                label,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            )
            value += step

    _grid: list[float]

    def _paint_grid(self, painter: QPainter, left: float, right: float) -> None:
        painter.setPen(QPen(self._colours.grid, 1))
        for y in self._grid:
            painter.drawLine(QPointF(left, y), QPointF(right, y))
        painter.setPen(Qt.PenStyle.NoPen)
        for tick in self._ticks:
            painter.fillRect(tick, self._colours.grid)

    def _reset_shapes(self) -> None:
        self._swatches = []
        self._ticks = []
        self._grid = []


def _nice_step(top: float, steps: Sequence[float], most: int = 4) -> float:
    """The first of ``steps`` that covers ``top`` in at most ``most`` guides."""
    for step in steps:
        if top <= step * most:
            return step
    return steps[-1] * math.ceil(top / (steps[-1] * most))


def _gutter_label_seconds(seconds: float) -> str:
    if seconds == 0:
        return "0"
    if seconds % 3600 == 0:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 60)} min"


# -- (a) sitting per day ------------------------------------------------------------------------


class SittingChart(Chart):
    """Sitting per day as bars; a tick across each bar marks the day's longest stretch."""

    LINES = 13.0

    def __init__(self) -> None:
        super().__init__(
            "sitting-chart",
            "Sitting per day",
            "No sitting recorded in these days yet. Each day's sitting shows up here once "
            "deskbreak has been running.",
        )
        self._bars: tuple[DayBar, ...] = ()
        self._plot = QRectF()
        self._shapes: list[QPainterPath] = []
        self._marks: list[QRectF] = []
        self._reset_shapes()

    @property
    def bars(self) -> tuple[DayBar, ...]:
        """The days plotted, oldest first."""
        return self._bars

    @property
    def has_data(self) -> bool:
        return any(bar.sitting_s > 0 for bar in self._bars)

    @property
    def plot_area(self) -> QRectF:
        """The rectangle the bars stand in: its bottom is 0, its top ``top_s``."""
        self._ensure_layout()
        return QRectF(self._plot)

    @property
    def top_s(self) -> float:
        """The value at the top of the scale, in seconds."""
        highest = max((bar.sitting_s for bar in self._bars), default=0.0)
        step = self._step(highest)
        return max(step, math.ceil(highest / step) * step)

    @staticmethod
    def _step(highest: float) -> float:
        return _nice_step(highest, (900.0, 1800.0, 3600.0, 7200.0, 10800.0, 14400.0))

    def set_bars(self, bars: Sequence[DayBar]) -> None:
        self._bars = tuple(bars)
        self._changed()

    def _summary(self) -> str:
        total = sum(bar.sitting_s for bar in self._bars)
        return (
            f"Sitting per day over {_plural(len(self._bars), 'day')}, {minutes_text(total)} in all."
        )

    def _layout(self, box: QRectF) -> None:
        self._reset_shapes()
        self._shapes = []
        self._marks = []
        fonts = self._fonts
        colours = self._colours
        legend_top = box.top()
        self._legend(
            box.right(),
            legend_top,
            (("Sitting", colours.sitting, "bar"), ("Longest stretch", colours.longest, "tick")),
        )
        gutter = gutter_width(self.font())
        plot = QRectF(
            gutter,
            legend_top + fonts.line * 1.9,
            box.right() - gutter,
            box.bottom() - self._axis_height(len(self._bars)) - legend_top - fonts.line * 1.9,
        )
        top_s = self.top_s
        step = self._step(max(bar.sitting_s for bar in self._bars))
        self._value_grid(plot, top_s, step, _gutter_label_seconds)
        slot = plot.width() / len(self._bars)
        width = min(32.0, max(2.0, slot * 0.64))
        radius = min(4.0, width / 2.5)
        last = len(self._bars) - 1
        for index, bar in enumerate(self._bars):
            centre = plot.left() + (index + 0.5) * slot
            height = bar.sitting_s / top_s * plot.height()
            shape = QPainterPath()
            if height > 0:
                rect = QRectF(centre - width / 2, plot.bottom() - height, width, height)
                shape.addRoundedRect(rect.adjusted(0, 0, 0, radius), radius, radius)
            self._shapes.append(shape)
            if bar.longest_s > 0:
                y = plot.bottom() - bar.longest_s / top_s * plot.height()
                overhang = min(3.0, slot * 0.15)
                self._marks.append(
                    QRectF(centre - width / 2 - overhang, y - 1, width + 2 * overhang, 2)
                )
            name = "Today" if index == last else day_text(bar.day)
            self._items.append(
                _Item(
                    QRectF(plot.left() + index * slot, plot.top(), slot, plot.height()),
                    f"{name}: {minutes_text(bar.sitting_s)} sitting, "
                    f"longest stretch {minutes_text(bar.longest_s)}",
                )
            )
        self._plot = plot
        self._day_axis([bar.day for bar in self._bars], plot)

    def _paint(self, painter: QPainter) -> None:
        colours = self._colours
        self._paint_grid(painter, self._plot.left(), self._plot.right())
        painter.save()
        painter.setClipRect(self._plot.adjusted(-4, -4, 4, 0))
        for shape in self._shapes:
            painter.fillPath(shape, colours.sitting)
        painter.restore()
        for mark in self._marks:
            painter.fillRect(mark, colours.longest)
        self._paint_swatches(painter)


# -- (b) prompt outcomes per day --------------------------------------------------------------


OUTCOME_NAMES = ("done", "snoozed", "skipped", "unanswered")


class OutcomeChart(Chart):
    """Break prompts per day as stacked bars: done, snoozed, skipped, unanswered."""

    LINES = 12.0

    def __init__(self) -> None:
        super().__init__(
            "outcome-chart",
            "Break prompts per day",
            "No breaks asked for in these days yet. How you answered each prompt shows up here.",
        )
        self._stacks: tuple[DayOutcomes, ...] = ()
        self._plot = QRectF()
        self._segments: list[tuple[QPainterPath, int]] = []
        self._reset_shapes()

    @property
    def stacks(self) -> tuple[DayOutcomes, ...]:
        """The days plotted, oldest first."""
        return self._stacks

    @property
    def has_data(self) -> bool:
        return any(stack.total for stack in self._stacks)

    @property
    def top(self) -> int:
        """The count at the top of the scale."""
        highest = max((stack.total for stack in self._stacks), default=0)
        step = self._step(highest)
        return max(step, math.ceil(highest / step) * step)

    @staticmethod
    def _step(highest: int) -> int:
        return round(_nice_step(highest, (1, 2, 5, 10, 20, 50)))

    def set_stacks(self, stacks: Sequence[DayOutcomes]) -> None:
        self._stacks = tuple(stacks)
        self._changed()

    def _summary(self) -> str:
        totals = [sum(getattr(stack, name) for stack in self._stacks) for name in OUTCOME_NAMES]
        parts = ", ".join(
            f"{count} {name}" for count, name in zip(totals, OUTCOME_NAMES, strict=True)
        )
        return f"Break prompts per day over {_plural(len(self._stacks), 'day')}: {parts}."

    def _series_colours(self) -> tuple[QColor, ...]:
        colours = self._colours
        return (colours.done, colours.snoozed, colours.skipped, colours.unanswered)

    def _layout(self, box: QRectF) -> None:
        self._reset_shapes()
        self._segments = []
        fonts = self._fonts
        series = self._series_colours()
        self._legend(
            box.right(),
            box.top(),
            [
                (name.capitalize(), colour, "bar")
                for name, colour in zip(OUTCOME_NAMES, series, strict=True)
            ],
        )
        gutter = gutter_width(self.font())
        plot = QRectF(
            gutter,
            box.top() + fonts.line * 1.9,
            box.right() - gutter,
            box.bottom() - self._axis_height(len(self._stacks)) - box.top() - fonts.line * 1.9,
        )
        top = self.top
        highest = max(stack.total for stack in self._stacks)
        self._value_grid(plot, top, self._step(highest), lambda value: str(round(value)))
        slot = plot.width() / len(self._stacks)
        width = min(32.0, max(2.0, slot * 0.64))
        radius = min(4.0, width / 2.5)
        # A hairline of the card between segments keeps neighbouring colours apart.
        gap = 1.0 if slot >= 6 else 0.0
        last = len(self._stacks) - 1
        for index, stack in enumerate(self._stacks):
            centre = plot.left() + (index + 0.5) * slot
            counts = [getattr(stack, name) for name in OUTCOME_NAMES]
            filled = [number for number, count in enumerate(counts) if count]
            bottom = plot.bottom()
            for number in filled:
                height = counts[number] / top * plot.height()
                rect = QRectF(centre - width / 2, bottom - height, width, height)
                shape = QPainterPath()
                if number == filled[-1]:
                    shape.addRoundedRect(rect.adjusted(0, 0, 0, radius), radius, radius)
                    clip = QPainterPath()
                    clip.addRect(rect)
                    shape = shape.intersected(clip)
                else:
                    shape.addRect(rect.adjusted(0, gap, 0, 0))
                self._segments.append((shape, number))
                bottom -= height
            name = "Today" if index == last else day_text(stack.day)
            if stack.total:
                parts = ", ".join(
                    f"{count} {label}" for count, label in zip(counts, OUTCOME_NAMES, strict=True)
                )
                text = f"{name}: {_plural(stack.total, 'prompt')}: {parts}"
            else:
                text = f"{name}: no prompts"
            self._items.append(
                _Item(QRectF(plot.left() + index * slot, plot.top(), slot, plot.height()), text)
            )
        self._plot = plot
        self._day_axis([stack.day for stack in self._stacks], plot)

    def _paint(self, painter: QPainter) -> None:
        self._paint_grid(painter, self._plot.left(), self._plot.right())
        series = self._series_colours()
        for shape, number in self._segments:
            painter.fillPath(shape, series[number])
        self._paint_swatches(painter)


# -- (c) weekday x hour heat map --------------------------------------------------------------


class HeatMap(Chart):
    """Average minutes of sitting in each hour of each weekday, Monday on top."""

    LINES = 14.0

    def __init__(self) -> None:
        super().__init__(
            "heat-map",
            "Sitting by weekday and hour",
            "No sitting recorded in these days yet. The hours you usually sit will show up here.",
        )
        self._cells: tuple[tuple[float, ...], ...] = ()
        self._hours = HEAT_HOURS
        self._boxes: list[tuple[QRectF, QColor]] = []
        self._reset_shapes()

    @property
    def cells(self) -> tuple[tuple[float, ...], ...]:
        """Minutes per hour: 7 rows Monday to Sunday, 24 columns from 0:00."""
        return self._cells

    @property
    def hours(self) -> range:
        """The hours shown: 7:00 to 19:00, widened to every hour with any sitting."""
        return self._hours

    @property
    def busiest(self) -> float:
        """The highest cell, in minutes: the top of the colour ramp."""
        return max((max(row) for row in self._cells), default=0.0)

    @property
    def has_data(self) -> bool:
        return self.busiest > 0

    def set_cells(self, cells: Sequence[Sequence[float]]) -> None:
        """Minutes per weekday and hour; ValueError unless 7 rows of 24 numbers from 0 to 60."""
        rows = tuple(tuple(float(value) for value in row) for row in cells)
        if len(rows) != 7 or any(len(row) != 24 for row in rows):
            shape = f"{len(rows)} rows of {sorted({len(row) for row in rows})} numbers"
            raise ValueError(f"heat map: expected 7 rows (Mon..Sun) of 24 hours, got {shape}")
        for weekday, row in enumerate(rows):
            for hour, value in enumerate(row):
                if not 0 <= value <= 60 or math.isnan(value):
                    raise ValueError(
                        f"heat map: {WEEKDAYS[weekday]} {hour_text(hour)}: expected minutes "
                        f"from 0 to 60, got {value}"
                    )
        self._cells = rows
        used = [hour for hour in range(24) if any(row[hour] > 0 for row in rows)]
        first = min([HEAT_HOURS.start, *used])
        last = max([HEAT_HOURS.stop - 1, *used])
        self._hours = range(first, last + 1)
        self._changed()

    def _summary(self) -> str:
        return (
            f"Average minutes of sitting per hour, by weekday, from {hour_text(self._hours.start)} "
            f"to {hour_text(self._hours.stop)}; the busiest hour has {round(self.busiest)} min."
        )

    def _layout(self, box: QRectF) -> None:
        self._reset_shapes()
        self._boxes = []
        fonts = self._fonts
        colours = self._colours
        gutter = gutter_width(self.font())
        legend_height = fonts.line * 1.9
        axis_height = fonts.line + 8
        plot = QRectF(
            gutter,
            box.top() + legend_height,
            box.right() - gutter,
            box.bottom() - box.top() - legend_height - axis_height,
        )
        columns = len(self._hours)
        self._row_step = columns
        cell_w = plot.width() / columns
        cell_h = plot.height() / 7
        gap = 2.0 if min(cell_w, cell_h) > 10 else 1.0
        busiest = self.busiest
        for weekday, row in enumerate(self._cells):
            y = plot.top() + weekday * cell_h
            self._label(
                QRectF(0, y, gutter - 10, cell_h),
                WEEKDAYS[weekday][:3],
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            )
            for column, hour in enumerate(self._hours):
                minutes = row[hour]
                cell = QRectF(plot.left() + column * cell_w, y, cell_w, cell_h)
                self._boxes.append(
                    (
                        cell.adjusted(gap / 2, gap / 2, -gap / 2, -gap / 2),
                        colours.heat(minutes / busiest),
                    )
                )
                self._items.append(
                    _Item(
                        cell,
                        f"{WEEKDAYS[weekday]}s {hour_text(hour)}–{hour_text(hour + 1)}: "
                        f"{round(minutes)} min sitting on average",
                    )
                )
        for column, hour in enumerate([*self._hours, self._hours.stop]):
            if hour % 3:
                continue
            x = plot.left() + column * cell_w
            width = fonts.axis_metrics.horizontalAdvance("00:00") + 8
            self._ticks.append(QRectF(x - 0.5, plot.bottom(), 1, 4))
            self._label(
                QRectF(x - width / 2, plot.bottom() + 5, width, fonts.line),
                hour_text(hour),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            )
        self._heat_legend(box.right(), box.top(), busiest)

    def _heat_legend(self, right: float, top: float, busiest: float) -> None:
        """``0 min`` and five swatches of the ramp up to the busiest hour's minutes."""
        metrics = self._fonts.axis_metrics
        height = metrics.height()
        size = height * 0.7
        high = f"{round(busiest)} min an hour"
        x = right - metrics.horizontalAdvance(high)
        self._label(
            QRectF(x, top, metrics.horizontalAdvance(high) + 2, height),
            high,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._colours.look.ink,
        )
        x -= 6
        for step in (1.0, 0.75, 0.5, 0.25, 0.0):
            x -= size
            box = QRectF(x, top + (height - size) / 2, size, size)
            self._swatches.append((box, self._colours.heat(step), "bar"))
            x -= 2
        low = "0 min"
        x -= 4 + metrics.horizontalAdvance(low)
        self._label(
            QRectF(x, top, metrics.horizontalAdvance(low) + 2, height),
            low,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._colours.look.ink,
        )

    def _paint(self, painter: QPainter) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for box, colour in self._boxes:
            painter.setBrush(colour)
            painter.drawRoundedRect(box, 3, 3)
        for tick in self._ticks:
            painter.fillRect(tick, self._colours.grid)
        self._paint_swatches(painter)


# -- (d) routines and the run-day streak ------------------------------------------------------


class RoutineStrip(Chart):
    """The span's days in a row: run days as rings, days with a routine done filled in."""

    LINES = 6.2

    def __init__(self) -> None:
        super().__init__(
            "routine-strip",
            "Pre-run routines and run days",
            "No run days or routines in these days yet. Pick your run days in the settings; "
            "each routine you finish shows up here.",
        )
        self._marks: tuple[DayRoutine, ...] = ()
        self._streak = 0
        self._dots: list[tuple[QRectF, int]] = []
        self._reset_shapes()

    @property
    def marks(self) -> tuple[DayRoutine, ...]:
        """The days plotted, oldest first."""
        return self._marks

    @property
    def streak(self) -> int:
        return self._streak

    @property
    def streak_text(self) -> str:
        """``Streak: 4 run days``: consecutive run days, newest first, each with a routine."""
        return f"Streak: {_plural(self._streak, 'run day')}"

    @property
    def has_data(self) -> bool:
        return any(mark.run_day or mark.routines_done for mark in self._marks)

    def set_marks(self, marks: Sequence[DayRoutine], *, streak: int) -> None:
        self._marks = tuple(marks)
        self._streak = streak
        self._changed()

    def _summary(self) -> str:
        done = sum(mark.routines_done for mark in self._marks)
        run_days = sum(mark.run_day for mark in self._marks)
        return (
            f"{self.streak_text}. {_plural(done, 'routine')} done over "
            f"{_plural(len(self._marks), 'day')}, with {_plural(run_days, 'run day')}."
        )

    # Dot kinds: a run day without a routine, a run day with one, a rest day, a rest day with one.
    _RUN, _RUN_DONE, _REST, _REST_DONE = range(4)

    def _layout(self, box: QRectF) -> None:
        self._reset_shapes()
        self._dots = []
        fonts = self._fonts
        colours = self._colours
        self._label(
            QRectF(0, box.top(), box.width() / 2, fonts.line),
            self.streak_text,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            colours.look.ink,
            bold=True,
        )
        self._legend(
            box.right(),
            box.top(),
            (
                ("Run day", colours.done, "ring"),
                ("Routine done", colours.done, "dot"),
                ("Rest day", colours.rest_day, "dot"),
            ),
        )
        gutter = gutter_width(self.font())
        top = box.top() + fonts.line * 1.9
        if self.calendar:
            areas = self._calendar_areas(QRectF(gutter, top, box.right() - gutter, 0), box)
        else:
            plot = QRectF(
                gutter,
                top,
                box.right() - gutter,
                box.bottom() - top - self._axis_height(len(self._marks)),
            )
            slot = plot.width() / len(self._marks)
            areas = [
                QRectF(plot.left() + index * slot, plot.top(), slot, plot.height())
                for index in range(len(self._marks))
            ]
            self._day_axis([mark.day for mark in self._marks], plot)
        last = len(self._marks) - 1
        for index, (mark, area) in enumerate(zip(self._marks, areas, strict=True)):
            diameter = max(4.0, min(area.height() * 0.78, area.width() * 0.78, 22.0))
            centre = area.center()
            if mark.run_day:
                kind = self._RUN_DONE if mark.routines_done else self._RUN
                size = diameter
            else:
                kind = self._REST_DONE if mark.routines_done else self._REST
                size = diameter if mark.routines_done else max(3.0, diameter * 0.3)
            self._dots.append(
                (QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size), kind)
            )
            name = "Today" if index == last else day_text(mark.day)
            kind_text = "run day" if mark.run_day else "rest day"
            if mark.routines_done:
                routines = _plural(mark.routines_done, "routine")
                text = f"{name}: {kind_text}, {routines} done"
            else:
                text = f"{name}: {kind_text}" + (", no routine" if mark.run_day else "")
            self._items.append(_Item(area, text))

    @property
    def calendar(self) -> bool:
        """Whether the days are laid out as a calendar (a column per week, Monday on top)
        rather than in one row: for spans longer than two weeks, so that the dots stay large
        and the run days' weekly rhythm shows as rows."""
        return len(self._marks) > SHORT_SPAN

    def _calendar_areas(self, plot: QRectF, box: QRectF) -> list[QRectF]:
        """A square cell per day in week columns under ``plot``'s top, labelled with weekdays on
        the left and each week's Monday underneath."""
        fonts = self._fonts
        first = self._marks[0].day
        lead = first.weekday()
        weeks = math.ceil((lead + len(self._marks)) / 7)
        axis = fonts.line + 8
        height = box.bottom() - plot.top() - axis
        cell_h = min(height / 7, 26.0)
        cell_w = min(plot.width() / weeks, 72.0)
        left = plot.left()
        for weekday in range(7):
            self._label(
                QRectF(0, plot.top() + weekday * cell_h, left - 10, cell_h),
                WEEKDAYS[weekday][:3],
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            )
        widest = fonts.axis_metrics.horizontalAdvance("30 Sep") + 10
        every = max(1, math.ceil(widest / cell_w))
        bottom = plot.top() + 7 * cell_h
        for week in range(0, weeks, every):
            monday = first + timedelta(days=week * 7 - lead)
            x = left + (week + 0.5) * cell_w
            self._label(
                QRectF(x - widest / 2, bottom + 5, widest, fonts.line),
                f"{monday.day} {MONTHS[monday.month - 1]}",
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            )
        areas = []
        for index in range(len(self._marks)):
            week, weekday = divmod(lead + index, 7)
            areas.append(
                QRectF(left + week * cell_w, plot.top() + weekday * cell_h, cell_w, cell_h)
            )
        return areas

    def _data_lines(self) -> float:
        return 15.0 if self.calendar else self.LINES

    def _paint(self, painter: QPainter) -> None:
        colours = self._colours
        ring = QPen(colours.done, 1.6)
        for box, kind in self._dots:
            if kind == self._RUN:
                painter.setPen(ring)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(box.adjusted(0.8, 0.8, -0.8, -0.8))
            elif kind == self._RUN_DONE:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colours.done)
                painter.drawEllipse(box)
            elif kind == self._REST_DONE:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colours.done)
                painter.drawEllipse(box.adjusted(1, 1, -1, -1))
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colours.rest_day)
                painter.drawEllipse(box)
        for tick in self._ticks:
            painter.fillRect(tick, colours.grid)
        self._paint_swatches(painter)


# -- (e) squeeze-test ratings per side --------------------------------------------------------


class SqueezeChart(Chart):
    """Squeeze-test ratings over the span: a line per side across firm, soft and thigh."""

    LINES = 9.5

    def __init__(self) -> None:
        super().__init__(
            "squeeze-chart",
            "Squeeze test per side",
            "No squeeze tests in these days yet. Try one from the evening window before a run.",
        )
        self._days: tuple[date, ...] = ()
        self._points: tuple[SqueezeMark, ...] = ()
        self._plot = QRectF()
        self._lines: dict[str, QPainterPath] = {}
        self._symbols: list[tuple[QRectF, str]] = []
        self._reset_shapes()

    @property
    def days(self) -> tuple[date, ...]:
        return self._days

    @property
    def points(self) -> tuple[SqueezeMark, ...]:
        """The answers plotted, oldest first."""
        return self._points

    @property
    def has_data(self) -> bool:
        return bool(self._points) and bool(self._days)

    def set_points(self, days: Sequence[date], points: Sequence[SqueezeMark]) -> None:
        """Answers on ``days`` (the span, oldest first); answers outside the span are left out."""
        self._days = tuple(days)
        shown = set(self._days)
        self._points = tuple(point for point in points if point.day in shown)
        self._changed()

    def _summary(self) -> str:
        parts = []
        for side in ("left", "right"):
            side_points = [point for point in self._points if point.side == side]
            firm = sum(point.score == 2 for point in side_points)
            parts.append(f"{side} side firm in {firm} of {_plural(len(side_points), 'test')}")
        return "Squeeze test ratings: " + ", ".join(parts) + "."

    def _layout(self, box: QRectF) -> None:
        self._reset_shapes()
        self._symbols = []
        fonts = self._fonts
        colours = self._colours
        self._legend(
            box.right(),
            box.top(),
            (("Left", colours.left, "dot"), ("Right", colours.right, "square")),
        )
        gutter = gutter_width(self.font())
        axis = self._axis_height(len(self._days))
        plot = QRectF(
            gutter,
            box.top() + fonts.line * 2.3,
            box.right() - gutter,
            box.bottom() - box.top() - fonts.line * 2.3 - axis - fonts.line * 0.4,
        )
        line = fonts.line
        for score, name in RATINGS:
            y = round(plot.bottom() - score / 2 * plot.height()) + 0.5
            self._grid.append(y)
            self._label(
                QRectF(0, y - line / 2, gutter - 10, line),
                name,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            )
        slot = plot.width() / len(self._days)
        index_of = {day: index for index, day in enumerate(self._days)}
        size = max(7.0, min(10.0, slot * 0.5))
        # The two sides sit a little apart (left up and to the left, right down and to the
        # right) so that equal answers show as two marks and two parallel lines.
        nudge = min(6.0, slot * 0.3)
        lift = min(3.5, size * 0.4)
        self._lines = {}
        by_day: dict[date, list[SqueezeMark]] = {}
        for point in self._points:
            by_day.setdefault(point.day, []).append(point)
            x = plot.left() + (index_of[point.day] + 0.5) * slot
            x += -nudge if point.side == "left" else nudge
            y = plot.bottom() - point.score / 2 * plot.height()
            y += -lift if point.side == "left" else lift
            path = self._lines.get(point.side)
            if path is None:
                path = QPainterPath(QPointF(x, y))
                self._lines[point.side] = path
            else:
                path.lineTo(x, y)
            self._symbols.append((QRectF(x - size / 2, y - size / 2, size, size), point.side))
        last = self._days[-1]
        for day, points in by_day.items():
            index = index_of[day]
            name = "Today" if day == last else day_text(day)
            answers = ", ".join(f"{point.side} {point.rating}" for point in points)
            self._items.append(
                _Item(
                    QRectF(
                        plot.left() + index * slot,
                        plot.top() - line / 2,
                        slot,
                        plot.height() + line,
                    ),
                    f"{name}: {answers}",
                )
            )
        self._plot = plot
        # The day labels keep clear of the symbols on the lowest level.
        self._day_axis(self._days, plot.adjusted(0, 0, 0, size / 2))

    def _paint(self, painter: QPainter) -> None:
        colours = self._colours
        self._paint_grid(painter, self._plot.left(), self._plot.right())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for side, path in self._lines.items():
            colour = colours.left if side == "left" else colours.right
            painter.setPen(QPen(with_alpha(colour, 0.55), 1.6))
            painter.drawPath(path)
        painter.setPen(QPen(colours.look.card, 1.5))
        for box, side in self._symbols:
            if side == "left":
                painter.setBrush(colours.left)
                painter.drawEllipse(box)
            else:
                painter.setBrush(colours.right)
                painter.drawRect(box)
        self._paint_swatches(painter)
