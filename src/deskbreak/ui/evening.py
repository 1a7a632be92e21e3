"""The evening pre-run window: today's sitting, the glute wake-up ready to start, or later.

It shows what the app hands it and turns the three answers into signals.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetricsF, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from deskbreak.domain.durations import human_duration
from deskbreak.domain.evening import sitting_summary
from deskbreak.domain.status import DayTotals
from deskbreak.ui.accessible import announce, spoken_text
from deskbreak.ui.style import (
    Button,
    ButtonKind,
    CardWindow,
    Look,
    SoftPanel,
    fit_height,
    painting,
    style_label,
    wrapped_label,
)

PADDING = 28
TEXT_WIDTH_CHARS = 64
"""The column's width in average characters: the summary line fits on one line."""

WHY = (
    "A day in the chair leaves the glutes switched off, and on the run the lower back and "
    "hamstrings do their work. A few slow, focused reps switch them back on."
)


class EveningWindow(CardWindow):
    """Opens on run days at the run time, or from the tray.

    Signals:
        start_requested(): start the routine now (Start, Enter).
        later_requested(float): ask again in this many seconds ("In 15 minutes", Esc, closing
            the window).
        not_today_requested(): no run today; the reminder rests until the next run day.
        squeeze_requested(): the user wants the squeeze test first.

    Each answer hides the window. ``withdraw()`` hides it without a signal.
    """

    start_requested = Signal()
    later_requested = Signal(float)
    not_today_requested = Signal()
    squeeze_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, snooze_s: float = 15 * 60.0) -> None:
        super().__init__(parent)
        self._snooze_s = snooze_s
        self._answered = True
        self.setObjectName("evening-window")
        self.setWindowTitle("Before your run — deskbreak")
        # Whoever is still typing keeps the keyboard; a click gives the window the focus.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._build()
        self.set_snooze(snooze_s)
        self._restyle()

    # -- what the app calls ----------------------------------------------------------------

    def offer(
        self,
        totals: DayTotals | None,
        *,
        routine: str = "Glute wake-up",
        minutes: float = 5,
        steps: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Show today's sitting (if known) and the routine, named with its steps and doses."""
        self._answered = False
        self._summary.setVisible(totals is not None)
        self._summary.setText("" if totals is None else sitting_summary(totals))
        self._routine_name.setText(routine)
        self._length.setText(f"about {minutes:g} min")
        self._start.setAccessibleName(f"Start the {routine} now")
        for number, (name_label, dose_label, badge) in enumerate(self._steps):
            shown = number < len(steps)
            name, dose = steps[number] if shown else ("", "")
            name_label.setText(name)
            dose_label.setText(dose)
            dose_label.setAccessibleName(spoken_text(dose))
            for widget in (name_label, dose_label, badge):
                widget.setVisible(shown)
        fit_height(self)
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        # Shown without taking the keyboard, so a screen reader would not notice it open.
        announce(self, f"Run day: {routine} ready, about {minutes:g} minutes.")

    def set_snooze(self, seconds: float) -> None:
        """The length "In … minutes" asks for (run.snooze)."""
        self._snooze_s = seconds
        self._later.setText(_later_text(seconds))
        self._later.setAccessibleName(f"Ask again {_later_text(seconds).lower()}")
        self._later.setToolTip(f"Ask again {_later_text(seconds).lower()} (Esc)")
        self._later.updateGeometry()

    def withdraw(self) -> None:
        """Hide without a signal: the app decided (e.g. the routine started from the tray)."""
        self._answered = True
        self.hide()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        metrics = QFontMetricsF(self.font())
        width = round(metrics.averageCharWidth() * TEXT_WIDTH_CHARS)
        self.setFixedWidth(width + 2 * PADDING)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(PADDING, PADDING - 6, PADDING, PADDING - 4)
        outer.setSpacing(10)

        header = QHBoxLayout()
        self._heading = QLabel("Run day")
        self._heading.setObjectName("heading")
        self._context = QLabel("Five minutes before you head out")
        self._context.setObjectName("context")
        header.addWidget(self._heading)
        header.addStretch(1)
        header.addWidget(self._context)
        outer.addLayout(header)

        self._title = wrapped_label("title", width)
        self._title.setText("Wake up your glutes")
        outer.addWidget(self._title)
        self._summary = wrapped_label("summary", width)
        outer.addWidget(self._summary)

        self._why = wrapped_label("why", width)
        self._why.setText(WHY)
        outer.addSpacing(2)
        outer.addWidget(self._why)

        # The routine, on the accent's soft tint.
        self._box = SoftPanel()
        box = QVBoxLayout(self._box)
        box.setContentsMargins(16, 12, 16, 14)
        box.setSpacing(8)
        title_row = QHBoxLayout()
        self._routine_name = QLabel()
        self._routine_name.setObjectName("routine")
        self._length = QLabel()
        self._length.setObjectName("length")
        title_row.addWidget(self._routine_name)
        title_row.addStretch(1)
        title_row.addWidget(self._length)
        box.addLayout(title_row)
        self._steps: list[tuple[QLabel, QLabel, _Badge]] = []
        for number in range(4):
            row = QHBoxLayout()
            row.setSpacing(10)
            badge = _Badge(number + 1)
            name = QLabel()
            name.setObjectName(f"step-{number + 1}")
            dose = QLabel()
            dose.setObjectName(f"dose-{number + 1}")
            dose.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row.addWidget(badge)
            row.addWidget(name)
            row.addStretch(1)
            row.addWidget(dose)
            box.addLayout(row)
            self._steps.append((name, dose, badge))
        outer.addSpacing(4)
        outer.addWidget(self._box)

        squeeze_row = QHBoxLayout()
        self._squeeze = Button("Check your glutes first: squeeze test", "squeeze", ButtonKind.QUIET)
        squeeze_row.addWidget(self._squeeze)
        squeeze_row.addStretch(1)
        outer.addLayout(squeeze_row)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self._not_today = Button("Not running today", "not-today", ButtonKind.QUIET)
        self._later = Button("", "later")
        self._start = Button("Start", "start", ButtonKind.PRIMARY)
        buttons.addWidget(self._not_today)
        buttons.addStretch(1)
        buttons.addWidget(self._later)
        buttons.addWidget(self._start)
        outer.addSpacing(6)
        outer.addLayout(buttons)

        self._not_today.setAccessibleName("Not running today: no reminder until the next run day")
        self._start.setToolTip("Start the routine now (Enter)")
        for before, after in (
            (self._squeeze, self._not_today),
            (self._not_today, self._later),
            (self._later, self._start),
        ):
            QWidget.setTabOrder(before, after)

        self._start.clicked.connect(self._on_start)
        self._later.clicked.connect(self._on_later)
        self._not_today.clicked.connect(self._on_not_today)
        self._squeeze.clicked.connect(self._on_squeeze)

    def _restyle(self) -> None:
        look = Look(self.palette())
        base = self.font()
        style_label(self._heading, look.accent, base, scale=0.92, weight=QFont.Weight.DemiBold)
        style_label(self._context, look.muted, base, scale=0.92)
        style_label(self._title, look.ink, base, scale=1.5, weight=QFont.Weight.DemiBold)
        style_label(self._summary, look.ink, base, scale=1.08)
        style_label(self._why, look.muted, base, scale=0.97)
        style_label(self._routine_name, look.ink, base, scale=1.1, weight=QFont.Weight.DemiBold)
        style_label(self._length, look.accent, base, scale=0.95, weight=QFont.Weight.DemiBold)
        for name, dose, _badge in self._steps:
            style_label(name, look.ink, base, scale=1.0, weight=QFont.Weight.Medium)
            style_label(dose, look.muted, base, scale=0.95)

    # -- answers ---------------------------------------------------------------------------

    def _answer(self) -> bool:
        """Hide; whether this is the first answer to the current offer."""
        first = not self._answered
        self._answered = True
        self.hide()
        return first

    def _on_start(self) -> None:
        if self._answer():
            self.start_requested.emit()

    def _on_later(self) -> None:
        if self._answer():
            self.later_requested.emit(self._snooze_s)

    def _on_not_today(self) -> None:
        if self._answer():
            self.not_today_requested.emit()

    def _on_squeeze(self) -> None:
        # The window stays: after the test the user still chooses Start or later.
        self.squeeze_requested.emit()

    # -- Qt events ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, Button) and focused.isVisible():
                focused.click()  # reached with Tab: Enter presses it, as Space does
            else:
                self._on_start()
        elif event.key() == Qt.Key.Key_Escape:
            self._on_later()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Closed by its title bar: not an answer to forget, so it asks again later.
        self._on_later()
        super().closeEvent(event)


class _Badge(QWidget):
    """A step's number in a small accent circle."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self._number = number
        self.setAccessibleName(f"Step {number}")
        size = round(QFontMetricsF(self.font()).height() * 1.35)
        self.setFixedSize(size, size)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(look.accent)
            painter.drawEllipse(QRectF(self.rect()).adjusted(1, 1, -1, -1))
            font = QFont(self.font())
            font.setWeight(QFont.Weight.Bold)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            painter.setFont(font)
            painter.setPen(look.card)
            painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, str(self._number))


def _later_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes == 1:
        return "In 1 minute"
    if minutes < 60:
        return f"In {minutes} minutes"
    return f"In {human_duration(seconds)}"
