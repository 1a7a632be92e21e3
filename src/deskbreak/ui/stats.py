"""The stats window: today at a glance and five charts over the last 7, 30 or 90 days.

It shows the :class:`StatsModel` its ``load`` callable returns and asks for another span when
the user switches range. Each chart says what it shows in one plain line (the takeaways below
are pure functions of the model).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QKeyEvent, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from deskbreak.domain.stats import StatsModel
from deskbreak.ui.charts import (
    WEEKDAYS,
    Chart,
    DayBar,
    DayOutcomes,
    DayRoutine,
    HeatMap,
    OutcomeChart,
    RoutineStrip,
    SittingChart,
    SqueezeChart,
    SqueezeMark,
    day_text,
    hour_text,
    minutes_text,
)
from deskbreak.ui.style import (
    CardWindow,
    Look,
    mix,
    paint_focus_ring,
    painting,
    rounded,
    style_label,
    with_alpha,
)

SPANS = (7, 30, 90)
"""The ranges the switch offers, in days; keys 1, 2 and 3 pick them."""
DEFAULT_SIZE = QSize(900, 760)
PADDING = 28
MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# -- what each chart says in one line ----------------------------------------------------------


def _span_words(span: int) -> str:
    return "this week" if span == 7 else f"in the last {span} days"


def _count(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def sitting_takeaway(model: StatsModel) -> str:
    """The span's longest stretch and the average sitting on days with any."""
    sat = [day for day in model.days if day.sitting_s > 0]
    if not sat:
        return ""
    longest = max(model.days, key=lambda day: (day.longest_stretch_s, day.day))
    average = sum(day.sitting_s for day in sat) / len(sat)
    when = "today" if longest.day == model.today.day else day_text(longest.day)
    return (
        f"Longest stretch {_span_words(model.span)}: {minutes_text(longest.longest_stretch_s)}, "
        f"{when}. {minutes_text(average)} a day on the {_count(len(sat), 'day')} you sat."
    )


def outcome_takeaway(model: StatsModel) -> str:
    """How many of the span's prompts became a break, and what became of the rest."""
    done = sum(day.done for day in model.days)
    snoozed = sum(day.snoozed for day in model.days)
    skipped = sum(day.skipped for day in model.days)
    unanswered = sum(day.unanswered for day in model.days)
    total = done + snoozed + skipped + unanswered
    if not total:
        return ""
    rest = ", ".join(
        f"{count} {name}"
        for count, name in ((snoozed, "snoozed"), (skipped, "skipped"), (unanswered, "unanswered"))
        if count
    )
    text = (
        f"You took a break at {done} of {_count(total, 'prompt')} ({round(100 * done / total)} %)"
    )
    return f"{text}; {rest}." if rest else f"{text}."


def heat_takeaway(model: StatsModel) -> str:
    """The weekday and hour with the most sitting on average."""
    best = max(
        (
            (minutes, weekday, hour)
            for weekday, row in enumerate(model.heatmap)
            for hour, minutes in enumerate(row)
        ),
        default=(0.0, 0, 0),
    )
    minutes, weekday, hour = best
    if minutes <= 0:
        return ""
    return (
        f"You sit most on {WEEKDAYS[weekday]}s from {hour_text(hour)} to {hour_text(hour + 1)}: "
        f"{round(minutes)} min of that hour on average."
    )


def routine_takeaway(model: StatsModel) -> str:
    """Run days with the routine done, and routines on other days."""
    run_days = [day for day in model.days if day.run_day]
    kept = sum(1 for day in run_days if day.routines_done)
    extra = sum(day.routines_done for day in model.days if not day.run_day)
    if not run_days:
        if not extra:
            return ""
        return f"{_count(extra, 'routine')} done {_span_words(model.span)}; no run days are set."
    text = f"Routine done on {kept} of {_count(len(run_days), 'run day')} {_span_words(model.span)}"
    if extra:
        text += f", plus {_count(extra, 'routine')} on other days"
    return text + "."


def squeeze_takeaway(model: StatsModel) -> str:
    """The latest answers and how often each side was firm."""
    if not model.squeezes:
        return ""
    latest = model.squeezes[-1]
    answers = ", ".join(
        f"{point.side} {point.rating}" for point in model.squeezes if point.day == latest.day
    )
    when = "today" if latest.day == model.today.day else day_text(latest.day)
    parts = []
    for side in ("left", "right"):
        points = [point for point in model.squeezes if point.side == side]
        if points:
            firm = sum(1 for point in points if point.rating == "firm")
            parts.append(f"{side} in {firm} of {_count(len(points), 'test')}")
    return f"Latest, {when}: {answers}. Firm: {', '.join(parts)}."


# -- pieces ------------------------------------------------------------------------------------


class _Tile(QWidget):
    """One figure of today: the value large, what it is small underneath."""

    def __init__(self, name: str, caption: str, *, main: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self._main = main
        self._caption_text = caption
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 11)
        layout.setSpacing(1)
        self.value = QLabel("–")
        self.value.setObjectName(f"{name}-value")
        self.caption = QLabel(caption)
        self.caption.setObjectName(f"{name}-caption")
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, text: str) -> None:
        self.value.setText(text)
        self.setAccessibleName(f"{self._caption_text}: {text}")

    def restyle(self, look: Look, base: QFont) -> None:
        style_label(self.value, look.ink, base, scale=1.45, weight=QFont.Weight.DemiBold)
        style_label(self.caption, look.muted, base, scale=0.88)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        fill = (
            look.accent_soft if self._main else with_alpha(look.ink, 0.045 if look.dark else 0.035)
        )
        with painting(self) as painter:
            painter.fillPath(rounded(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 10), fill)


class _RangeButton(QAbstractButton):
    """One segment of the range switch: a pill on the track when chosen.

    Signals:
        step(int): Left (-1) or Right (+1) pressed on it.
    """

    step = Signal(int)

    def __init__(self, span: int) -> None:
        super().__init__()
        self.span = span
        self.setText(f"{span} days")
        self.setObjectName(f"range-{span}")
        self.setAccessibleName(f"Show the last {span} days")
        self.setToolTip(f"Last {span} days (key {SPANS.index(span) + 1})")
        self.setCheckable(True)
        self.setAutoExclusive(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        # QAbstractButton only moves the focus among auto-exclusive buttons; here the arrows
        # choose, as in a segmented control.
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step.emit(-1 if event.key() == Qt.Key.Key_Left else 1)
        else:
            super().keyPressEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetricsF(self._font())
        return QSize(
            round(metrics.horizontalAdvance(self.text()) + 32), round(metrics.height() + 12)
        )

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold if self.isChecked() else QFont.Weight.Medium)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(2, 2, -2, -2)
            if self.isChecked():
                painter.fillPath(rounded(box, box.height() / 2), look.card)
                painter.setPen(QPen(with_alpha(look.ink, 0.16), 1))
                painter.drawPath(rounded(box.adjusted(0.5, 0.5, -0.5, -0.5), box.height() / 2))
            elif self.underMouse():
                painter.fillPath(rounded(box, box.height() / 2), with_alpha(look.ink, 0.05))
            if self.hasFocus():
                paint_focus_ring(painter, look, QRectF(self.rect()), self.height() / 2)
            painter.setFont(self._font())
            painter.setPen(look.ink if self.isChecked() else look.muted)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text())


class _RangeSwitch(QWidget):
    """Segmented buttons for 7, 30 and 90 days; Left and Right move the choice."""

    def __init__(self, choose: Callable[[int], None]) -> None:
        super().__init__()
        self.setObjectName("range-switch")
        self.setAccessibleName("Range of days")
        self._choose = choose
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        self.buttons = [_RangeButton(span) for span in SPANS]
        for button in self.buttons:
            layout.addWidget(button)
            button.clicked.connect(lambda _checked=False, span=button.span: self._choose(span))
            button.step.connect(lambda step, button=button: self.step_from(button, step))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def show_span(self, span: int) -> None:
        for button in self.buttons:
            button.setChecked(button.span == span)
            button.updateGeometry()

    def step_from(self, button: _RangeButton, step: int) -> None:
        index = self.buttons.index(button) + step
        if 0 <= index < len(self.buttons):
            target = self.buttons[index]
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self._choose(target.span)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
            painter.fillPath(rounded(box, box.height() / 2), mix(look.ink, look.card, 0.07))


class _Section(QWidget):
    """A chart on a bordered card, with its title and one line saying what it shows."""

    def __init__(self, title: str, chart: Chart) -> None:
        super().__init__()
        self.setObjectName(f"{chart.objectName()}-section")
        self.setAccessibleName(title)
        self.chart = chart
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(2)
        self.title = QLabel(title)
        self.title.setObjectName(f"{chart.objectName()}-title")
        self.takeaway = QLabel()
        self.takeaway.setObjectName(f"{chart.objectName()}-takeaway")
        self.takeaway.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.takeaway)
        layout.addSpacing(8)
        layout.addWidget(chart)

    def set_takeaway(self, text: str) -> None:
        self.takeaway.setText(text)
        self.takeaway.setVisible(bool(text))

    def restyle(self, look: Look, base: QFont) -> None:
        style_label(self.title, look.ink, base, scale=1.12, weight=QFont.Weight.DemiBold)
        style_label(self.takeaway, look.muted, base, scale=0.96)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
            painter.setPen(QPen(look.border, 1))
            painter.setBrush(look.card)
            painter.drawPath(rounded(box, 12))


class _Content(QWidget):
    """The scrolled page, on the card colour so that a grab of it looks like the window."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self, antialias=False) as painter:
            painter.fillRect(self.rect(), mix(look.ink, look.card, 0.025))


# -- the window --------------------------------------------------------------------------------


class StatsWindow(CardWindow):
    """Today's figures and the charts for 7, 30 or 90 days.

    ``load(span)`` returns the model for the ``span`` days ending today; it is called for 7
    days when the window is built, again whenever the range changes (buttons, keys 1 / 2 / 3,
    Left / Right on the switch) and by ``refresh()`` (also F5). Esc closes; the window is
    deleted when closed.
    """

    def __init__(self, load: Callable[[int], StatsModel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load = load
        self._span = SPANS[0]
        self._model: StatsModel | None = None
        self.setObjectName("stats-window")
        self.setWindowTitle("Your sitting days — deskbreak")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._build()
        self._restyle()
        self.load(SPANS[0])
        # Narrower than its tiles and legends the page would only scroll sideways: the window
        # keeps that width at least, and scrolls down when it is short.
        scroll_bar = self._scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(self._content.minimumSizeHint().width() + scroll_bar)
        self.setMinimumHeight(360)
        self.resize(DEFAULT_SIZE.expandedTo(self.minimumSize()))

    # -- what the app calls --------------------------------------------------------------------

    @property
    def span(self) -> int:
        """The days shown: 7, 30 or 90."""
        return self._span

    @property
    def model(self) -> StatsModel | None:
        """The model on show."""
        return self._model

    @property
    def charts(self) -> tuple[SittingChart, OutcomeChart, HeatMap, RoutineStrip, SqueezeChart]:
        return (self.sitting, self.outcomes, self.heat, self.routines, self.squeeze)

    def load(self, span: int) -> None:
        """Show the last ``span`` days (7, 30 or 90), loaded afresh."""
        if span not in SPANS:
            raise ValueError(f"stats range: expected one of {SPANS} days, got {span}")
        self._span = span
        self._switch.show_span(span)
        # Keys 1 to 3 move the switch's focus with the choice, so it never sits on another span.
        if any(button.hasFocus() for button in self._switch.buttons):
            self._switch.buttons[SPANS.index(span)].setFocus(Qt.FocusReason.OtherFocusReason)
        self.show_model(self._load(span))

    def refresh(self) -> None:
        """Load the shown span again (new sitting since it opened)."""
        self.load(self._span)

    def show_model(self, model: StatsModel) -> None:
        """Put ``model``'s figures on the tiles and its days on the charts."""
        self._model = model
        today = model.today
        self._today_date.setText(
            f"{WEEKDAYS[today.day.weekday()]}, {today.day.day} {MONTHS_LONG[today.day.month - 1]}"
        )
        values = {
            "sitting": minutes_text(today.sitting_s),
            "longest": minutes_text(today.longest_stretch_s),
            "over-30": str(today.stretches_over_30),
            "over-60": str(today.stretches_over_60),
            "standing": minutes_text(today.standing_s),
            "done": str(today.done),
            "snoozed": str(today.snoozed),
            "skipped": str(today.skipped),
            "unanswered": str(today.unanswered),
            "natural": str(today.natural_breaks),
        }
        for tile in self._tiles:
            tile.set_value(values[tile.objectName().removeprefix("tile-")])
        self._range_title.setText(f"The last {model.span} days")
        days = [day.day for day in model.days]
        self.sitting.set_bars(
            [DayBar(day.day, day.sitting_s, day.longest_stretch_s) for day in model.days]
        )
        self.outcomes.set_stacks(
            [
                DayOutcomes(day.day, day.done, day.snoozed, day.skipped, day.unanswered)
                for day in model.days
            ]
        )
        self.heat.set_cells(model.heatmap)
        self.routines.set_marks(
            [DayRoutine(day.day, day.run_day, day.routines_done) for day in model.days],
            streak=model.run_streak,
        )
        self.squeeze.set_points(
            days,
            [
                SqueezeMark(point.day, point.side, point.rating, point.score)
                for point in model.squeezes
            ],
        )
        for section, takeaway in zip(
            self._sections,
            (
                sitting_takeaway(model),
                outcome_takeaway(model),
                heat_takeaway(model),
                routine_takeaway(model),
                squeeze_takeaway(model),
            ),
            strict=True,
        ):
            section.set_takeaway(takeaway)

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self._scroll = QScrollArea()
        self._scroll.setObjectName("stats-scroll")
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self._scroll)

        content = self._content = _Content()
        content.setObjectName("stats-content")
        self._scroll.setWidget(content)
        page = QVBoxLayout(content)
        page.setContentsMargins(PADDING, PADDING - 6, PADDING, PADDING)
        page.setSpacing(12)

        header = QHBoxLayout()
        self._title = QLabel("Your sitting days")
        self._title.setObjectName("title")
        header.addWidget(self._title)
        header.addStretch(1)
        page.addLayout(header)

        today_row = QHBoxLayout()
        self._today_title = QLabel("Today")
        self._today_title.setObjectName("today-title")
        self._today_date = QLabel()
        self._today_date.setObjectName("today-date")
        today_row.addWidget(self._today_title)
        today_row.addSpacing(8)
        today_row.addWidget(self._today_date)
        today_row.addStretch(1)
        page.addLayout(today_row)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        self._tiles = [
            _Tile("tile-sitting", "Sitting", main=True),
            _Tile("tile-longest", "Longest stretch"),
            _Tile("tile-over-30", "Stretches of 30+ min"),
            _Tile("tile-over-60", "Stretches of 60+ min"),
            _Tile("tile-standing", "Standing"),
            _Tile("tile-done", "Breaks done"),
            _Tile("tile-snoozed", "Snoozed"),
            _Tile("tile-skipped", "Skipped"),
            _Tile("tile-unanswered", "Unanswered"),
            _Tile("tile-natural", "Natural breaks"),
        ]
        for number, tile in enumerate(self._tiles):
            grid.addWidget(tile, number // 5, number % 5)
        for column in range(5):
            grid.setColumnStretch(column, 1)
        page.addLayout(grid)

        range_row = QHBoxLayout()
        self._range_title = QLabel()
        self._range_title.setObjectName("range-title")
        self._switch = _RangeSwitch(self.load)
        range_row.addWidget(self._range_title)
        range_row.addStretch(1)
        range_row.addWidget(self._switch)
        page.addSpacing(10)
        page.addLayout(range_row)

        self.sitting = SittingChart()
        self.outcomes = OutcomeChart()
        self.heat = HeatMap()
        self.routines = RoutineStrip()
        self.squeeze = SqueezeChart()
        self._sections = [
            _Section("Sitting per day", self.sitting),
            _Section("Break prompts", self.outcomes),
            _Section("When you sit", self.heat),
            _Section("Pre-run routine", self.routines),
            _Section("Squeeze test", self.squeeze),
        ]
        for section in self._sections:
            page.addWidget(section)
        page.addStretch(1)

        # Tab goes through the range switch, then the charts, top to bottom.
        chain: list[QWidget] = [*self._switch.buttons, *self.charts]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _restyle(self) -> None:
        look = Look(self.palette())
        base = self.font()
        style_label(self._title, look.ink, base, scale=1.55, weight=QFont.Weight.DemiBold)
        style_label(self._today_title, look.ink, base, scale=1.15, weight=QFont.Weight.DemiBold)
        style_label(self._today_date, look.muted, base, scale=1.0)
        style_label(self._range_title, look.ink, base, scale=1.15, weight=QFont.Weight.DemiBold)
        for tile in self._tiles:
            tile.restyle(look, base)
        for section in self._sections:
            section.restyle(look, base)

    # -- Qt events -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        digits = {Qt.Key.Key_1: 0, Qt.Key.Key_2: 1, Qt.Key.Key_3: 2}
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key == Qt.Key.Key_F5:
            self.refresh()
        elif key in digits:
            self.load(SPANS[digits[Qt.Key(key)]])
        else:
            super().keyPressEvent(event)
