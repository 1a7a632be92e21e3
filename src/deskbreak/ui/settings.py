"""The settings window, built from the one settings schema, and the "Your data" page.

Every option of :data:`deskbreak.domain.settings.OPTIONS` gets one control, on the page of its
group; a new option in the schema shows up here by itself. The window applies nothing itself:
it hands each valid change to the app's ``apply`` callable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, QTime, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
    QPalette,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from deskbreak.domain.settings import (
    OPTIONS,
    WEEKDAY_NAMES,
    Kind,
    Option,
    SettingError,
    Settings,
)
from deskbreak.ui.style import (
    Button,
    ButtonKind,
    CardWindow,
    Look,
    SoftPanel,
    error_colour,
    paint_focus_ring,
    painting,
    rounded,
    style_label,
    with_alpha,
)

GROUP_TITLES: dict[str, tuple[str, str]] = {
    "sitting": ("Sitting", "How deskbreak tells sitting from being away."),
    "breaks": ("Breaks", "When a break falls due and how it asks."),
    "day": ("Day", "Where one day ends and the next begins, for your daily totals."),
    "run": ("Evening run", "The pre-run routine on the days you run."),
    "player": ("Player", "How the routine player shows and sounds."),
    "equipment": ("Equipment", "What you have at hand for the exercises."),
}
"""Each group's title and one line about it; a group not named here gets its id as title."""

DATA_PAGE = "data"
COMMIT_AFTER_MS = 900
"""A typed duration or number applies this long after the last key (or at once on Enter/Tab)."""

WEEKDAY_TITLES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
COLUMN_CHARS = 76
"""A page's text column, in average characters."""

Apply = Callable[[Mapping[str, Any]], "str | None"]
"""Takes held values by key, applies and saves them; returns why they were not saved, or None."""
Confirm = Callable[[QWidget, str, str], bool]


def group_title(group: str) -> str:
    """The friendly title of an option group (``run`` → "Evening run")."""
    known = GROUP_TITLES.get(group)
    return known[0] if known else group.replace("_", " ").capitalize()


def option_title(option: Option) -> str:
    """An option's name for people (its schema label)."""
    return option.title


def shown_value(option: Option, value: Any) -> str:
    """A value as the controls show it: durations spaced like ``1h 30m``."""
    text = option.text(value)
    if option.kind is Kind.DURATION:
        return re.sub(r"(?<=[hms])(?=\d)", " ", text)
    if option.kind is Kind.WEEKDAYS:
        return ", ".join(WEEKDAY_TITLES[day][:3] for day in value) or "no days"
    if option.kind is Kind.BOOL:
        return "on" if value else "off"
    return text


def bounds_text(option: Option) -> str:
    """The range and default line under a control: "From 1m to 4h · default 45m"."""
    parts: list[str] = []
    if option.kind is Kind.DURATION:
        parts.append("Type it like 45m or 1h 30m")
    if option.kind in (Kind.DURATION, Kind.INT):
        low, high = option.minimum, option.maximum
        show = (lambda v: shown_value(option, v)) if option.kind is Kind.DURATION else str
        if low is not None and high is not None:
            parts.append(f"from {show(low)} to {show(high)}")
        elif low is not None:
            parts.append(f"at least {show(low)}")
        elif high is not None:
            parts.append(f"at most {show(high)}")
    default = shown_value(option, option.default)
    if not parts:
        return f"Default: {default}"
    parts.append(f"default {default}")
    text = " · ".join(parts)
    return text[0].upper() + text[1:]


def expected_text(option: Option) -> str:
    """What the schema expects, as the message next to a refused value."""
    return f"Expected {option.expected()}."


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question with No as the default answer."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


# -- controls --------------------------------------------------------------------------------


class TypedEdit(QLineEdit):
    """A duration or whole number typed as text, checked against its option as you type.

    Signals:
        chosen(object): a valid value to apply (after a pause in typing, Enter or leaving).
        problem(str): what is wrong with the text, or "" once it is right again.
    """

    chosen = Signal(object)
    problem = Signal(str)

    def __init__(self, option: Option) -> None:
        super().__init__()
        self._option = option
        self._shown: Any = None
        self._pending: Any = None
        metrics = QFontMetricsF(self.font())
        self.setFixedWidth(round(metrics.averageCharWidth() * 12 + 24))
        self.setPlaceholderText(shown_value(option, option.default))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_AFTER_MS)
        self._timer.timeout.connect(self.commit)
        self.textEdited.connect(self._check)
        self.editingFinished.connect(self.commit)

    def show_value(self, value: Any) -> None:
        self._timer.stop()
        self._shown = value
        self._pending = None
        self.setText(shown_value(self._option, value))
        self.problem.emit("")

    def commit(self) -> None:
        """Hand on the value typed, if it is valid and new."""
        self._timer.stop()
        pending, self._pending = self._pending, None
        if pending is not None and pending != self._shown:
            self._shown = pending
            self.chosen.emit(pending)

    def _check(self, text: str) -> None:
        try:
            value = self._option.parse(text)
        except SettingError:
            self._pending = None
            self._timer.stop()
            self.problem.emit(expected_text(self._option))
            return
        self.problem.emit("")
        self._pending = value
        self._timer.start()


class TimeField(QTimeEdit):
    """A time of day as HH:MM. Signals: chosen(object): the new ``datetime.time``."""

    chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setDisplayFormat("HH:mm")
        metrics = QFontMetricsF(self.font())
        self.setFixedWidth(round(metrics.averageCharWidth() * 12 + 24))
        # Typing 18:30 must not apply 18:03 on the way.
        self.setKeyboardTracking(False)
        self.setWrapping(True)
        self._shown = time(0, 0)
        self.timeChanged.connect(self._changed)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt's name
        # Tab leaves the field, as in every other field of the window; QDateTimeEdit would
        # step from the hours to the minutes first (the arrow keys and typing still do).
        return QWidget.focusNextPrevChild(self, next)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 - Qt's name
        # The field inside takes the focus: a screen reader reads its name, not the box's.
        super().setAccessibleName(name)
        self.lineEdit().setAccessibleName(name)

    def setAccessibleDescription(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setAccessibleDescription(text)
        self.lineEdit().setAccessibleDescription(text)

    def show_value(self, value: time) -> None:
        self._shown = value
        self.blockSignals(True)
        self.setTime(QTime(value.hour, value.minute))
        self.blockSignals(False)

    def _changed(self, value: QTime) -> None:
        chosen = time(value.hour(), value.minute())
        if chosen != self._shown:
            self._shown = chosen
            self.chosen.emit(chosen)


class ChoiceBox(QComboBox):
    """One of an option's choices. Signals: chosen(object): the choice (its schema word)."""

    chosen = Signal(object)

    def __init__(self, option: Option) -> None:
        super().__init__()
        self._choices = option.choices
        for choice in option.choices:
            self.addItem(choice.replace("_", " ").capitalize(), choice)
        self.activated.connect(lambda index: self.chosen.emit(self._choices[index]))

    def show_value(self, value: str) -> None:
        self.setCurrentIndex(self._choices.index(value) if value in self._choices else -1)


class Switch(QAbstractButton):
    """An on/off switch drawn in the house colours. Signals: chosen(object): the new bool."""

    chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clicked.connect(lambda checked: self.chosen.emit(bool(checked)))

    def show_value(self, value: bool) -> None:
        self.setChecked(bool(value))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        height = round(QFontMetricsF(self.font()).height() * 1.35)
        return QSize(round(height * 1.8) + 4, height + 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(2, 2, -2, -2)
            radius = box.height() / 2
            on = self.isChecked()
            track = look.accent if on else with_alpha(look.ink, 0.28 if look.dark else 0.22)
            if not self.isEnabled():
                track = with_alpha(look.ink, 0.12)
            painter.fillPath(rounded(box, radius), track)
            knob = box.height() - 6
            left = box.right() - 3 - knob if on else box.left() + 3
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("white") if self.isEnabled() else look.card)
            painter.drawEllipse(QRectF(left, box.top() + 3, knob, knob))
            if self.hasFocus():
                paint_focus_ring(painter, look, QRectF(self.rect()), radius + 1)


class DayChip(QAbstractButton):
    """One weekday as a round toggle chip."""

    def __init__(self, day: int) -> None:
        super().__init__()
        self.setCheckable(True)
        self.setText(WEEKDAY_TITLES[day][:3])
        self.setObjectName(f"day-{WEEKDAY_NAMES[day]}")
        self.setAccessibleName(WEEKDAY_TITLES[day])
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetricsF(self.font())
        width = max(metrics.horizontalAdvance("Wed"), metrics.horizontalAdvance(self.text()))
        return QSize(round(width + 26), round(metrics.height() + 14))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
            shape = rounded(box, box.height() / 2)
            font = QFont(self.font())
            if self.isChecked():
                painter.fillPath(shape, look.accent)
                text = look.card
                font.setWeight(QFont.Weight.DemiBold)
            else:
                hovered = self.underMouse()
                painter.fillPath(shape, with_alpha(look.ink, 0.09 if hovered else 0.04))
                painter.setPen(QPen(with_alpha(look.ink, 0.22), 1))
                painter.drawPath(shape)
                text = look.ink
            if self.hasFocus():
                paint_focus_ring(
                    painter, look, QRectF(self.rect()), box.height() / 2, filled=self.isChecked()
                )
            painter.setFont(font)
            painter.setPen(text)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text())


class WeekdayChips(QWidget):
    """Seven toggle chips, Monday first. Signals: chosen(object): the tuple of days 0..6."""

    chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.chips = [DayChip(day) for day in range(7)]
        for chip in self.chips:
            row.addWidget(chip)
            chip.clicked.connect(self._changed)
        row.addStretch(1)

    def show_value(self, days: Sequence[int]) -> None:
        for day, chip in enumerate(self.chips):
            chip.setChecked(day in days)

    def setAccessibleDescription(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setAccessibleDescription(text)
        for chip in self.chips:
            chip.setAccessibleDescription(text)

    def _changed(self) -> None:
        self.chosen.emit(tuple(day for day, chip in enumerate(self.chips) if chip.isChecked()))


Control = TypedEdit | TimeField | ChoiceBox | Switch | WeekdayChips


def make_control(option: Option) -> Control:
    """The control for ``option``'s kind."""
    if option.kind in (Kind.DURATION, Kind.INT):
        return TypedEdit(option)
    if option.kind is Kind.TIME_OF_DAY:
        return TimeField()
    if option.kind is Kind.CHOICE:
        return ChoiceBox(option)
    if option.kind is Kind.BOOL:
        return Switch()
    return WeekdayChips()


# -- one option ------------------------------------------------------------------------------


class OptionRow(QWidget):
    """One option: its name, control and reset, the description, range and any problem.

    Signals:
        chosen(str, object): the user chose a valid value for the option (key, held value).
    """

    chosen = Signal(str, object)

    def __init__(self, option: Option, width: int, *, title: str = "") -> None:
        super().__init__()
        self.option = option
        title = title or option_title(option)
        self.setObjectName(f"row-{option.key}")
        self.setFixedWidth(width)
        self._value: Any = option.default
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)

        self.title = QLabel(title)
        self.title.setObjectName("title")
        self.control = make_control(option)
        self.control.setObjectName(f"control-{option.key}")
        self.title.setBuddy(self.control)
        self.reset = Button("Reset", f"reset-{option.key}", ButtonKind.QUIET)
        self.reset.setAccessibleName(f"Reset {title} to its default")
        self.reset.setToolTip(f"Back to {shown_value(option, option.default)}")
        self.reset.clicked.connect(lambda: self._choose(option.default))
        # The reset keeps its place when hidden, so controls do not jump.
        keep = self.reset.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.reset.setSizePolicy(keep)

        self.description = _wrapped("description", option.description, width)
        self.bounds = _wrapped("bounds", bounds_text(option), width)
        self.error = _wrapped("error", "", width)
        self.error.hide()

        wide = option.kind is Kind.WEEKDAYS
        grid.addWidget(self.title, 0, 0, Qt.AlignmentFlag.AlignVCenter)
        if wide:
            grid.addWidget(self.reset, 0, 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(self.description, 1, 0, 1, 3)
            grid.addWidget(self.control, 2, 0, 1, 3)
            grid.addWidget(self.bounds, 3, 0, 1, 3)
            grid.addWidget(self.error, 4, 0, 1, 3)
        else:
            grid.addWidget(self.control, 0, 1, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(self.reset, 0, 2)
            grid.addWidget(self.description, 1, 0, 1, 3)
            grid.addWidget(self.bounds, 2, 0, 1, 3)
            grid.addWidget(self.error, 3, 0, 1, 3)
        grid.setColumnStretch(0, 1)

        self.control.setAccessibleName(title)
        self.control.setAccessibleDescription(f"{option.description} {bounds_text(option)}.")
        self.control.setToolTip(option.description)
        self.control.chosen.connect(self._choose)
        if isinstance(self.control, TypedEdit):
            self.control.problem.connect(self.show_problem)

    @property
    def value(self) -> Any:
        return self._value

    def show_value(self, value: Any) -> None:
        """Show ``value`` (held form) without applying it."""
        self._value = value
        self.control.show_value(value)
        self.reset.setVisible(value != self.option.default)
        self.show_problem("")

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if isinstance(self.control, QLineEdit):
            self.control.setProperty("invalid", bool(text))
            _mark_invalid(self.control, Look(self.palette()))

    def commit(self) -> None:
        """Apply a typed value now, as leaving the field would."""
        if isinstance(self.control, TypedEdit):
            self.control.commit()

    def restyle(self, look: Look, base: QFont) -> None:
        style_label(self.title, look.ink, base, scale=1.0, weight=QFont.Weight.DemiBold)
        style_label(self.description, look.muted, base, scale=0.95)
        style_label(self.bounds, look.muted, base, scale=0.88)
        style_label(self.error, error_colour(look), base, scale=0.92, weight=QFont.Weight.Medium)

    def _choose(self, value: Any) -> None:
        self.show_value(value)
        self.chosen.emit(self.option.key, value)


def _wrapped(name: str, text: str, width: int) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    # A fixed width gives wrapped text its true height; a stretchy one gets clipped lines.
    label.setFixedWidth(width)
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
    return label


# -- pages -----------------------------------------------------------------------------------


class _Page(QWidget):
    """A page's heading, its blurb and its content, in a column of a readable width."""

    def __init__(self, name: str, title: str, blurb: str, width: int) -> None:
        super().__init__()
        self.setObjectName(f"page-{name}")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(28, 24, 28, 24)
        self.column.setSpacing(6)
        self.heading = QLabel(title)
        self.heading.setObjectName("heading")
        self.blurb = _wrapped("blurb", blurb, width)
        self.column.addWidget(self.heading)
        self.column.addWidget(self.blurb)
        self.column.addSpacing(14)

    def restyle(self, look: Look, base: QFont) -> None:
        style_label(self.heading, look.ink, base, scale=1.45, weight=QFont.Weight.DemiBold)
        style_label(self.blurb, look.muted, base, scale=1.0)


class _Rule(QFrame):
    """A thin line between two options."""

    def __init__(self, width: int | None = None) -> None:
        super().__init__()
        self.setFixedHeight(1)
        if width is not None:
            self.setFixedWidth(width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        with painting(self, antialias=False) as painter:
            painter.fillRect(self.rect(), Look(self.palette()).border)


@dataclass(frozen=True)
class StoredItem:
    """One file deskbreak keeps: what it holds, where, and its size in bytes if known."""

    what: str
    path: Path
    size: int | None = None


@dataclass(frozen=True)
class YourData:
    """What the data page shows and what it can ask the app to do.

    ``folders`` are the places deskbreak writes to, as (title, folder); ``files()`` lists the
    files there now. ``export(path, format)`` writes everything as ``"json"`` or ``"csv"``
    (a zip of CSV files); ``delete_all()`` deletes every file deskbreak keeps. Both return
    why they failed, or None.
    """

    folders: Sequence[tuple[str, Path]]
    files: Callable[[], Sequence[StoredItem]]
    export: Callable[[Path, str], str | None]
    delete_all: Callable[[], str | None]


EXPORT_FILTERS = {
    "json": "JSON, one document (*.json)",
    "csv": "CSV, one file per table in a zip (*.zip)",
}
EXPORT_SUFFIXES = {"json": ".json", "csv": ".zip"}


def size_text(size: int) -> str:
    """A file size for people: 812 bytes, 14.2 KiB, 3.1 MiB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"


class DataPage(_Page):
    """What is stored and where, Export… and Delete all my data….

    Signals:
        exported(str): the file written.
        deleted(): every file was deleted.

    ``save_as(parent)`` asks where to export (path and format) and ``confirm_delete(parent)``
    asks twice before deleting; tests pass their own.
    """

    exported = Signal(str)
    deleted = Signal()

    def __init__(
        self,
        data: YourData,
        width: int,
        *,
        save_as: Callable[[QWidget], tuple[Path, str] | None] | None = None,
        confirm_delete: Callable[[QWidget], bool] | None = None,
    ) -> None:
        super().__init__(
            DATA_PAGE,
            "Your data",
            "Everything deskbreak knows about your days stays on this computer, in the folders "
            "below. Nothing is sent anywhere: no account, no cloud, no analytics.",
            width,
        )
        self._data = data
        self._width = width
        self._save_as = save_as or _ask_export_file
        self._confirm_delete = confirm_delete or _confirm_delete
        self._places = SoftPanel("stored")
        self._items = QVBoxLayout(self._places)
        self._items.setContentsMargins(16, 12, 16, 14)
        self._items.setSpacing(3)
        self.column.addWidget(self._places)
        self._labels: list[tuple[QLabel, str]] = []
        self.column.addSpacing(20)

        self.export_title = QLabel("Take a copy")
        self.export_text = _wrapped(
            "export-text",
            "Export everything (sitting stretches, breaks, routines, squeeze tests and your "
            "settings) as one JSON document, or as CSV files for a spreadsheet.",
            width,
        )
        self.export_button = Button("Export…", "export")
        self.export_button.setAccessibleDescription("Save your data as a JSON or CSV file")
        self.column.addWidget(self.export_title)
        self.column.addWidget(self.export_text)
        self.column.addSpacing(4)
        self.column.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.column.addSpacing(20)

        self.delete_title = QLabel("Start over")
        self.delete_text = _wrapped(
            "delete-text",
            "Delete all my data removes your history and your settings from this computer "
            "for good. deskbreak goes on with an empty history and the default settings.",
            width,
        )
        self.delete_button = Button("Delete all my data…", "delete-all")
        self.delete_button.setAccessibleDescription(
            "Delete your history and settings; asks for confirmation first"
        )
        self.column.addWidget(self.delete_title)
        self.column.addWidget(self.delete_text)
        self.column.addSpacing(4)
        self.column.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.status = _wrapped("data-status", "", width)
        self.status.hide()
        self.column.addSpacing(10)
        self.column.addWidget(self.status)
        self.column.addStretch(1)
        self.export_button.clicked.connect(self.export)
        self.delete_button.clicked.connect(self.delete)
        self.refresh()

    def refresh(self) -> None:
        """Read again what is stored."""
        while self._items.count():
            taken = self._items.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.setParent(None)  # gone from the page now, not at the next event loop
                widget.deleteLater()
        self._labels = []
        files = list(self._data.files())
        inner = self._width - 32
        for number, (title, folder) in enumerate(self._data.folders):
            if number:
                self._items.addSpacing(10)
            self._add(QLabel(f"{title} folder"), "place")
            where = self._add(_wrapped("folder", str(folder), inner), "path")
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            where.setAccessibleName(f"{title} folder: {folder}")
            inside = [item for item in files if item.path.is_relative_to(folder)]
            if not inside:
                self._add(_wrapped("file", "Nothing stored yet.", inner), "file")
            for item in inside:
                size = f" · {size_text(item.size)}" if item.size is not None else ""
                line = _wrapped("file", f"{item.path.name}{size} — {item.what}", inner)
                self._add(line, "file")
        self.restyle(Look(self.palette()), self.font())

    def export(self) -> None:
        chosen = self._save_as(self)
        if chosen is None:
            return
        path, kind = chosen
        problem = self._data.export(path, kind)
        if problem:
            self._say(problem, problem=True)
            return
        self._say(f"Exported to {path}.")
        self.exported.emit(str(path))

    def delete(self) -> None:
        if not self._confirm_delete(self):
            return
        problem = self._data.delete_all()
        if problem:
            self._say(problem, problem=True)
            self.refresh()
            return
        self._say("All your data was deleted. deskbreak goes on from an empty history.")
        self.refresh()
        self.deleted.emit()

    def restyle(self, look: Look, base: QFont) -> None:
        super().restyle(look, base)
        for label in (self.export_title, self.delete_title):
            style_label(label, look.ink, base, scale=1.08, weight=QFont.Weight.DemiBold)
        for label in (self.export_text, self.delete_text):
            style_label(label, look.muted, base, scale=0.95)
        mono = QFont(base)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setFamily("monospace")
        for label, kind in self._labels:
            if kind == "place":
                style_label(label, look.ink, base, scale=1.0, weight=QFont.Weight.DemiBold)
            elif kind == "path":
                style_label(label, look.ink, mono, scale=0.92)
            else:
                style_label(label, look.muted, base, scale=0.92)
        problem = bool(self.status.property("problem"))
        colour = error_colour(look) if problem else look.accent
        style_label(self.status, colour, base, scale=0.95, weight=QFont.Weight.Medium)

    def _add(self, label: QLabel, kind: str) -> QLabel:
        label.setObjectName(label.objectName() or kind)
        self._items.addWidget(label)
        self._labels.append((label, kind))
        return label

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.status.setProperty("problem", problem)
        self.status.setText(text)
        self.status.show()
        self.restyle(Look(self.palette()), self.font())


DANGER_FILL = ("#b3261e", "#c62f26", "#8f1d17")
"""Red for a button that deletes: normal, under the mouse, pressed (white text above 5:1)."""


class DangerButton(Button):
    """A filled red button for an answer that destroys something; greyed while disabled."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text, name, ButtonKind.PRIMARY)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            if self.isEnabled():
                normal, hovered, down = DANGER_FILL
                fill = down if self.isDown() else hovered if self.underMouse() else normal
                painter.fillPath(rounded(box, 8), QColor(fill))
                text = QColor("white")
            else:
                painter.fillPath(rounded(box, 8), with_alpha(look.ink, 0.08))
                text = look.muted
            if self.hasFocus():
                paint_focus_ring(painter, look, QRectF(self.rect()), 9, filled=self.isEnabled())
            painter.setPen(text)
            painter.setFont(self.font())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.text())


def _ask_export_file(parent: QWidget) -> tuple[Path, str] | None:
    """The file dialog for Export…: where, and JSON or CSV by the name or the filter chosen."""
    filters = ";;".join(EXPORT_FILTERS.values())
    name, chosen_filter = QFileDialog.getSaveFileName(
        parent, "Export your deskbreak data", "deskbreak-data.json", filters
    )
    if not name:
        return None
    return export_choice(Path(name), chosen_filter)


def export_choice(path: Path, chosen_filter: str) -> tuple[Path, str]:
    """The format for a file named in the export dialog: by its suffix, else by the filter
    (whose suffix it then gets)."""
    for kind, suffix in EXPORT_SUFFIXES.items():
        if path.suffix.lower() == suffix:
            return path, kind
    kind = "csv" if chosen_filter == EXPORT_FILTERS["csv"] else "json"
    return path.with_name(path.name + EXPORT_SUFFIXES[kind]), kind


class DeleteConfirmation(QDialog):
    """Asks twice: the Delete button only works once the box "I understand" is ticked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("delete-confirmation")
        self.setWindowTitle("Delete all my data — deskbreak")
        self.setModal(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 20, 22, 18)
        column.setSpacing(10)
        width = round(QFontMetricsF(self.font()).averageCharWidth() * 54)
        self.heading = QLabel("Delete all your deskbreak data?")
        self.text = _wrapped(
            "text",
            "Your sitting history, breaks, routines, squeeze tests and settings are deleted "
            "from this computer; deskbreak starts over with the defaults. This cannot be "
            "undone: export a copy first if you may want it later.",
            width,
        )
        self.understood = QCheckBox("I understand that this deletes everything for good")
        self.understood.setObjectName("understood")
        self.cancel = Button("Keep my data", "keep", ButtonKind.SECONDARY)
        self.delete = DangerButton("Delete everything", "delete")
        self.delete.setEnabled(False)
        self.delete.setAccessibleDescription("Enabled once you tick the box above")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.delete)
        column.addWidget(self.heading)
        column.addWidget(self.text)
        column.addSpacing(4)
        column.addWidget(self.understood)
        column.addSpacing(6)
        column.addLayout(buttons)
        self.understood.toggled.connect(self.delete.setEnabled)
        self.cancel.clicked.connect(self.reject)
        self.delete.clicked.connect(self.accept)
        look = Look(self.palette())
        style_label(self.heading, look.ink, self.font(), scale=1.2, weight=QFont.Weight.DemiBold)
        self.understood.setFocus()


def _confirm_delete(parent: QWidget) -> bool:
    dialog = DeleteConfirmation(parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


# -- the window ------------------------------------------------------------------------------


class SettingsWindow(CardWindow):
    """The settings: a sidebar of groups (and "Your data"), a page per group.

    Signals:
        closed(): the window was closed (it is deleted afterwards).
        data_deleted(): "Delete all my data" went through.

    ``apply`` gets each change the user makes, as ``{key: held value}``, and returns why it
    was not saved (shown at the bottom), or None. ``confirm(parent, title, text)`` asks before
    Reset all; tests pass their own.
    """

    closed = Signal()
    data_deleted = Signal()

    def __init__(
        self,
        settings: Settings | Mapping[str, Any],
        *,
        apply: Apply,
        data: YourData | None = None,
        options: Sequence[Option] = OPTIONS,
        confirm: Confirm = ask,
        data_page_options: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings-window")
        self.setWindowTitle("Settings — deskbreak")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._apply = apply
        self._confirm = confirm
        self._options = tuple(options)
        values = dict(settings.items())
        self._values = {o.key: values.get(o.key, o.default) for o in self._options}
        metrics = QFontMetricsF(self.font())
        self._width = round(metrics.averageCharWidth() * COLUMN_CHARS)
        self.rows: dict[str, OptionRow] = {}
        self._pages: list[_Page] = []
        self._groups: list[str] = []
        self.data_page: DataPage | None = None
        self._build(data, data_page_options or {})
        for key, row in self.rows.items():
            row.show_value(self._values[key])
        self._restyle()
        self.resize(self._width + 56 + self._sidebar.width() + 24, round(metrics.height() * 34))

    # -- what the app and tests use ---------------------------------------------------------

    @property
    def groups(self) -> list[str]:
        """The sidebar's page ids in order: option groups, then ``data`` if shown."""
        return list(self._groups)

    def show_group(self, group: str) -> None:
        self._sidebar.setCurrentRow(self._groups.index(group))

    def current_group(self) -> str:
        return self._groups[self._stack.currentIndex()]

    def set_settings(self, settings: Settings | Mapping[str, Any]) -> None:
        """Show values changed elsewhere (the player's mute, a second window)."""
        values = dict(settings.items())
        for key, row in self.rows.items():
            if key in values and values[key] != self._values[key]:
                self._values[key] = values[key]
                row.show_value(values[key])

    def reset_all(self) -> bool:
        """Reset to defaults, after asking; whether it was done."""
        changed = {o.key: o.default for o in self._options if self._values[o.key] != o.default}
        if not changed:
            self._notice("Every setting already has its default value.")
            return False
        names = ", ".join(option_title(o) for o in self._options if o.key in changed)
        if not self._confirm(
            self,
            "Reset to defaults?",
            f"Put every setting back to its default value? Changed now: {names}.",
        ):
            return False
        for key, value in changed.items():
            self._values[key] = value
            self.rows[key].show_value(value)
        self._save(changed)
        return True

    # -- building ---------------------------------------------------------------------------

    def _build(self, data: YourData | None, data_page_options: Mapping[str, Any]) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        outer.addLayout(body, 1)

        self._sidebar = QListWidget()
        self._sidebar.setObjectName("sidebar")
        self._sidebar.setAccessibleName("Settings sections")
        self._sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self._sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._stack = QStackedWidget()
        self._stack.setObjectName("pages")

        by_group: dict[str, list[Option]] = {}
        for option in self._options:
            by_group.setdefault(option.group, []).append(option)
        for group, options in by_group.items():
            blurb = GROUP_TITLES.get(group, ("", ""))[1]
            page = _Page(group, group_title(group), blurb, self._width)
            for number, option in enumerate(options):
                if number:
                    page.column.addSpacing(12)
                    page.column.addWidget(_Rule(self._width))
                    page.column.addSpacing(12)
                row = OptionRow(option, self._width)
                row.chosen.connect(self._chosen)
                self.rows[option.key] = row
                page.column.addWidget(row)
            page.column.addStretch(1)
            self._add_page(group, page)
        if data is not None:
            self.data_page = DataPage(data, self._width, **data_page_options)
            self.data_page.deleted.connect(self.data_deleted)
            self._add_page(DATA_PAGE, self.data_page)

        metrics = QFontMetricsF(self.font())
        widest = max(
            metrics.horizontalAdvance(self._sidebar.item(i).text())
            for i in range(self._sidebar.count())
        )
        self._sidebar.setFixedWidth(round(widest + 64))
        body.addWidget(_SidebarPanel(self._sidebar))
        body.addWidget(self._stack, 1)
        self._sidebar.currentRowChanged.connect(self._stack.setCurrentIndex)
        self._sidebar.setCurrentRow(0)

        footer = QHBoxLayout()
        footer.setContentsMargins(20, 12, 20, 14)
        footer.setSpacing(10)
        self._reset_all = Button("Reset to defaults…", "reset-all")
        self._reset_all.setAccessibleDescription("Put every setting back to its default value")
        self._status = QLabel("Changes apply at once and are saved.")
        self._status.setObjectName("status")
        self._status.setWordWrap(True)
        self._status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._close = Button("Close", "close", ButtonKind.PRIMARY)
        footer.addWidget(self._reset_all)
        footer.addWidget(self._status, 1)
        footer.addWidget(self._close)
        self._footer_rule = _Rule()
        outer.addWidget(self._footer_rule)
        outer.addLayout(footer)
        self._reset_all.clicked.connect(self.reset_all)
        self._close.clicked.connect(self.close)

        for sequence, step in (
            (QKeySequence.StandardKey.NextChild, 1),
            (QKeySequence.StandardKey.PreviousChild, -1),
            (QKeySequence("Ctrl+PgDown"), 1),
            (QKeySequence("Ctrl+PgUp"), -1),
        ):
            shortcut = QShortcut(sequence, self)
            shortcut.activated.connect(lambda step=step: self._step_page(step))

    def _add_page(self, group: str, page: _Page) -> None:
        scroll = QScrollArea()
        scroll.setObjectName(f"scroll-{group}")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Tab goes from the sidebar straight to the first control; the wheel still scrolls.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        # On the card's colour: setWidget() turns the page's own (window-coloured) fill on.
        scroll.viewport().setAutoFillBackground(False)
        page.setAutoFillBackground(False)
        self._stack.addWidget(scroll)
        title = "Your data" if group == DATA_PAGE else group_title(group)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, group)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
        self._sidebar.addItem(item)
        self._pages.append(page)
        self._groups.append(group)

    def _step_page(self, step: int) -> None:
        count = self._sidebar.count()
        self._sidebar.setCurrentRow((self._sidebar.currentRow() + step) % count)

    def _restyle(self) -> None:
        look = Look(self.palette())
        base = self.font()
        for page in self._pages:
            page.restyle(look, base)
        for row in self.rows.values():
            row.restyle(look, base)
        problem = bool(self._status.property("problem"))
        style_label(self._status, error_colour(look) if problem else look.muted, base, scale=0.92)
        accent = look.accent.name()
        ink = look.ink.name()
        selected = with_alpha(QColor(look.accent), 0.16 if look.dark else 0.12)
        hover = with_alpha(look.ink, 0.06)
        self._sidebar.setStyleSheet(
            "QListWidget { background: transparent; border: none; outline: none;"
            " padding: 14px 10px; }"
            f" QListWidget::item {{ color: {ink}; padding: 7px 12px; margin: 1px 0;"
            " border-radius: 8px; border: 2px solid transparent; }"
            f" QListWidget::item:hover:!selected {{ background: {_rgba(hover)}; }}"
            f" QListWidget::item:selected {{ background: {_rgba(selected)}; color: {accent}; }}"
            f" QListWidget::item:selected:focus {{ border: 2px solid {accent}; }}"
        )
        self._sidebar.setFont(_weighted(base, QFont.Weight.Medium))
        for widget in self.findChildren(QLineEdit):
            _mark_invalid(widget, look)

    # -- changes ----------------------------------------------------------------------------

    def _chosen(self, key: str, value: Any) -> None:
        self._values[key] = value
        self._save({key: value})

    def _save(self, values: Mapping[str, Any]) -> None:
        problem = self._apply(dict(values))
        if problem:
            self._notice(problem, problem=True)
        else:
            self._notice("Saved. Changes apply at once.")

    def _notice(self, text: str, *, problem: bool = False) -> None:
        self._status.setProperty("problem", problem)
        self._status.setText(text)
        self._restyle()

    # -- Qt events --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # A value typed but not yet applied is kept, as leaving the field would.
        for row in self.rows.values():
            row.commit()
        self.closed.emit()
        super().closeEvent(event)


class _SidebarPanel(QWidget):
    """The sidebar on a faint tint, with a hairline to the pages."""

    def __init__(self, sidebar: QListWidget) -> None:
        super().__init__()
        self.setObjectName("sidebar-panel")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(sidebar)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self, antialias=False) as painter:
            painter.fillRect(self.rect(), with_alpha(look.ink, 0.035 if look.dark else 0.03))
            painter.fillRect(self.rect().adjusted(self.width() - 1, 0, 0, 0), look.border)


def _mark_invalid(edit: QLineEdit, look: Look) -> None:
    """A refused value gets a red frame, besides the message under it."""
    if edit.property("invalid"):
        # A style sheet takes over the whole frame: the palette's field colours go with it,
        # or a dark desktop would get a white field.
        palette = edit.palette()
        base = palette.color(QPalette.ColorRole.Base).name()
        text = palette.color(QPalette.ColorRole.Text).name()
        edit.setStyleSheet(
            f"QLineEdit {{ border: 1px solid {error_colour(look).name()}; border-radius: 3px;"
            f" padding: 1px 2px; background: {base}; color: {text}; }}"
        )
    else:
        edit.setStyleSheet("")


def _rgba(colour: QColor) -> str:
    return f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {colour.alphaF():.3f})"


def _weighted(base: QFont, weight: QFont.Weight) -> QFont:
    font = QFont(base)
    font.setWeight(weight)
    return font
