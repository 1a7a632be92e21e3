"""The first-run welcome: what deskbreak measures and keeps, a few choices, where it lives.

Five short pages. The choices use the settings window's own controls and go to the app as
one set of values when the user finishes (or closes the window); "Use the defaults" skips.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from deskbreak.domain.durations import human_duration
from deskbreak.domain.events import State
from deskbreak.domain.settings import Settings, option
from deskbreak.ui.accessible import announce
from deskbreak.ui.ring import STEPS, RingLook, Stage, draw_ring
from deskbreak.ui.settings import OptionRow, StoredItem, Switch, WeekdayChips
from deskbreak.ui.style import (
    Button,
    ButtonKind,
    CardWindow,
    Look,
    SoftPanel,
    painting,
    rounded,
    style_label,
    with_alpha,
)

PAGES = ("measures", "interval", "runs", "login", "tray")
"""The pages in order, by object name (``page-<name>``)."""

ASKED = ("breaks.interval", "run.days", "run.time", "equipment.mini_band")
"""The settings the welcome asks about."""

COLUMN_CHARS = 72
PADDING = 30
LINK = "LINK-COLOUR"
APPINDICATOR_URL = "https://extensions.gnome.org/extension/615/appindicator-support/"


@dataclass(frozen=True)
class WelcomeAnswer:
    """What the user chose: settings by key (held values), and start at login (None: not
    asked or unchanged). ``defaults`` is True for "Use the defaults"."""

    values: Mapping[str, Any] = field(default_factory=dict)
    autostart: bool | None = None
    defaults: bool = False


class WelcomeWindow(CardWindow):
    """The first-run welcome.

    Signals:
        answered(object): a WelcomeAnswer, once, when the user finishes, skips or closes.

    ``stored`` lists where deskbreak keeps its files; ``tray_available`` picks the last
    page's variant; ``autostart`` is None where this desktop has no way to start programs
    at login (the switch is then off and says so); otherwise the switch is suggested on.
    """

    answered = Signal(object)

    def __init__(
        self,
        settings: Settings,
        *,
        stored: Sequence[StoredItem],
        tray_available: bool,
        autostart: bool | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcome-window")
        self.setWindowTitle("Welcome to deskbreak")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._settings = settings
        self._stored = list(stored)
        self._tray_available = tray_available
        self._autostart_available = autostart is not None
        self._done = False
        self._chosen: dict[str, Any] = {}
        metrics = QFontMetricsF(self.font())
        self._width = round(metrics.averageCharWidth() * COLUMN_CHARS)
        self.rows: dict[str, OptionRow] = {}
        self._first_focus: dict[int, QWidget] = {}
        self._labels: list[tuple[QLabel, str]] = []
        self._build()
        self._restyle()
        self.setFixedWidth(self._width + 2 * PADDING)
        self.go_to(0)

    # -- what the app and tests use ---------------------------------------------------------

    @property
    def page(self) -> int:
        return self._stack.currentIndex()

    @property
    def page_name(self) -> str:
        return PAGES[self.page]

    def go_to(self, number: int) -> None:
        number = max(0, min(len(PAGES) - 1, number))
        self._stack.setCurrentIndex(number)
        last = number == len(PAGES) - 1
        self.back.setVisible(number > 0)
        self.next.setText("Start deskbreak" if last else "Next")
        self.next.setAccessibleName("Finish and start deskbreak" if last else "Next page")
        self._dots.set_current(number)
        self._fit()
        heading = self._headings[number]
        announce(self, f"Step {number + 1} of {len(PAGES)}: {heading.text()}")
        if self.isVisible():
            first = self._first_focus.get(number, self.next)
            if isinstance(first, WeekdayChips):
                first = first.chips[0]
            first.setFocus(Qt.FocusReason.TabFocusReason)

    def next_page(self) -> None:
        if self.page == len(PAGES) - 1:
            self.finish()
        else:
            self.go_to(self.page + 1)

    def previous_page(self) -> None:
        self.go_to(self.page - 1)

    def finish(self) -> None:
        """Answer with the choices made, and close."""
        for row in self.rows.values():
            row.commit()
        autostart = self.login.isChecked() if self._autostart_available else None
        self._answer(WelcomeAnswer(dict(self._chosen), autostart=autostart))

    def use_defaults(self) -> None:
        """Answer "Use the defaults", and close."""
        self._answer(WelcomeAnswer(defaults=True))

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(PADDING, PADDING - 6, PADDING, PADDING - 10)
        outer.setSpacing(0)
        self._stack = QStackedWidget()
        outer.addWidget(self._stack)
        self._headings: list[QLabel] = []
        builders = (
            self._measures_page,
            self._interval_page,
            self._runs_page,
            self._login_page,
            self._tray_page,
        )
        for name, build in zip(PAGES, builders, strict=True):
            page = QWidget()
            page.setObjectName(f"page-{name}")
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(10)
            build(column)
            column.addStretch(1)
            self._stack.addWidget(page)

        outer.addSpacing(18)
        footer = QHBoxLayout()
        footer.setSpacing(8)
        self._dots = _Dots(len(PAGES))
        self.skip = Button("Use the defaults", "use-defaults", ButtonKind.QUIET)
        self.skip.setAccessibleDescription(
            "Close the welcome and keep every setting at its default; change them later in Settings"
        )
        self.back = Button("Back", "back")
        self.next = Button("Start deskbreak", "next", ButtonKind.PRIMARY)
        # Sized for its longest text, so the footer does not move on the last page.
        self.next.setMinimumWidth(self.next.sizeHint().width())
        for button in (self.skip, self.back, self.next):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        footer.addWidget(self._dots, 0, Qt.AlignmentFlag.AlignVCenter)
        footer.addSpacing(8)
        footer.addWidget(self.skip)
        footer.addStretch(1)
        footer.addWidget(self.back)
        footer.addWidget(self.next)
        outer.addLayout(footer)
        self.skip.clicked.connect(self.use_defaults)
        self.back.clicked.connect(self.previous_page)
        self.next.clicked.connect(self.next_page)

    def _heading(self, column: QVBoxLayout, kicker: str, title: str) -> None:
        small = QLabel(kicker)
        small.setObjectName("kicker")
        heading = QLabel(title)
        heading.setObjectName("heading")
        heading.setWordWrap(True)
        self._labels.extend(((small, "kicker"), (heading, "heading")))
        self._headings.append(heading)
        column.addWidget(small)
        column.addWidget(heading)
        column.addSpacing(2)

    def _label(self, text: str, kind: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(kind)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText if "<" in text else Qt.TextFormat.PlainText)
        if LINK in text:
            label.setProperty("template", text)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._labels.append((label, kind))
        return label

    def _text(self, column: QVBoxLayout | QHBoxLayout, text: str, kind: str = "text") -> QLabel:
        label = self._label(text, kind)
        column.addWidget(label)
        return label

    def _row(self, column: QVBoxLayout, key: str, title: str = "") -> OptionRow:
        row = OptionRow(option(key), self._width, title=title)
        row.show_value(self._settings[key])
        row.chosen.connect(self._choose)
        self.rows[key] = row
        column.addWidget(row)
        return row

    def _measures_page(self, column: QVBoxLayout) -> None:
        top = QHBoxLayout()
        top.setSpacing(18)
        words = QVBoxLayout()
        words.setSpacing(10)
        self._heading(words, "Welcome", "deskbreak counts your sitting")
        self._text(
            words,
            "It reads only how long the keyboard and mouse have been idle — never what you "
            "type, click or look at. A few minutes without input is a break; everything in "
            "between is one sitting stretch.",
        )
        top.addLayout(words, 1)
        top.addWidget(
            _RingArt(RingLook(State.SITTING, steps=34, stage=Stage.CALM), 96),
            0,
            Qt.AlignmentFlag.AlignTop,
        )
        column.addLayout(top)
        panel = SoftPanel("stored")
        lines = QVBoxLayout(panel)
        lines.setContentsMargins(16, 12, 16, 14)
        lines.setSpacing(4)
        self._text(lines, "What it keeps, on this computer only", "panel-title")
        for item in self._stored:
            self._text(lines, item.what, "stored-what")
            path = self._text(lines, str(item.path), "stored-path")
            path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addSpacing(4)
        column.addWidget(panel)
        self._text(
            column,
            "Nothing leaves this computer: no account, no cloud, no analytics. "
            "Settings → Your data exports it or deletes it all.",
            "muted",
        )

    def _interval_page(self, column: QVBoxLayout) -> None:
        self._heading(column, "Breaks", "How often should it ask you to stand?")
        default = human_duration(float(option("breaks.interval").default))
        self._text(
            column,
            f"After this much sitting in one go, a small window asks for one short glute "
            f"exercise, 30 seconds to 2 minutes. {default.capitalize()} is a good start: "
            "long enough for focused work, and still a few breaks every morning and "
            "afternoon, before the glutes settle into a whole day off.",
        )
        column.addSpacing(6)
        row = self._row(column, "breaks.interval", "Break interval")
        self._first_focus[1] = row.control
        self._text(
            column,
            "Getting up on your own counts too: after a few minutes away from the keyboard "
            "the clock starts again, and nothing asks.",
            "muted",
        )
        column.addSpacing(10)
        column.addWidget(_RingStrip(), 0, Qt.AlignmentFlag.AlignHCenter)

    def _runs_page(self, column: QVBoxLayout) -> None:
        self._heading(column, "Evening run", "When do you run?")
        self._text(
            column,
            "On the days you run, a five-minute glute wake-up opens at your run time, so the "
            "glutes drive your stride instead of your lower back. No days chosen: it opens "
            "only when you start it from the menu.",
        )
        column.addSpacing(4)
        days = self._row(column, "run.days", "Run days")
        self._first_focus[2] = days.control
        column.addSpacing(4)
        self._row(column, "run.time", "Run time")
        column.addSpacing(4)
        self._row(column, "equipment.mini_band", "I have a mini band")
        # The page says what days and time are for; the defaults are one click away.
        days.description.hide()
        for row in self.rows.values():
            if row is not self.rows.get("breaks.interval"):
                row.bounds.hide()

    def _login_page(self, column: QVBoxLayout) -> None:
        self._heading(column, "Start at login", "Start with your computer?")
        self._text(
            column,
            "deskbreak can only count the sitting it sees. Started at login, it is there from "
            "the first minute of your working day; you can turn this off again from its menu.",
        )
        column.addSpacing(6)
        panel = SoftPanel("login-panel")
        line = QHBoxLayout(panel)
        line.setContentsMargins(16, 12, 16, 12)
        self.login = Switch()
        self.login.setObjectName("login")
        self._first_focus[3] = self.login
        # Suggested on: a first start has no earlier choice to keep.
        self.login.setChecked(True)
        self.login.setAccessibleName("Start deskbreak at login")
        self.login.setToolTip("Start deskbreak when you log in")
        label = self._text(line, "Start deskbreak when I log in", "switch-label")
        label.setWordWrap(False)
        label.setBuddy(self.login)
        line.addStretch(1)
        line.addWidget(self.login)
        column.addWidget(panel)
        if not self._autostart_available:
            self.login.setChecked(False)
            self.login.setEnabled(False)
            self._text(
                column,
                "This desktop has no place for programs started at login that deskbreak "
                "knows of; add the command deskbreak to your session's start-up programs.",
                "muted",
            )

    def _tray_page(self, column: QVBoxLayout) -> None:
        if self._tray_available:
            self._heading(column, "Where it lives", "Look for the ring in your tray")
            column.addWidget(_PanelArt(), 0, Qt.AlignmentFlag.AlignHCenter)
            self._text(
                column,
                "The ring fills toward your next break and turns amber, then red, as it comes "
                "near. Hover it for today's sitting; click it for the menu: take a break now, "
                "pause, the pre-run routine, Settings.",
            )
        else:
            self._heading(column, "Where it lives", "Your desktop shows no tray icons")
            self._text(
                column,
                "deskbreak usually sits as a ring in the system tray, but this desktop has "
                "none (stock GNOME hides tray icons). On GNOME, the "
                f'<a href="{APPINDICATOR_URL}" style="color: {LINK}">AppIndicator extension</a>'
                " brings the tray back; deskbreak's icon appears there by itself.",
            ).setOpenExternalLinks(True)
            self._text(
                column,
                "Without it, deskbreak keeps working: breaks still ask in their own window "
                "or notification, starting deskbreak again from the app menu opens your "
                "stats, and the deskbreak command reaches it from a terminal:",
            )
            panel = SoftPanel("commands")
            grid = QGridLayout(panel)
            grid.setContentsMargins(16, 10, 16, 12)
            grid.setHorizontalSpacing(16)
            grid.setVerticalSpacing(4)
            for number, (command, what) in enumerate(
                (
                    ("deskbreak status", "how long you have been sitting"),
                    ("deskbreak stats", "your days at a glance"),
                    ("deskbreak settings", "change what you chose here"),
                )
            ):
                code = self._label(command, "command")
                code.setWordWrap(False)
                code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(code, number, 0)
                grid.addWidget(self._label(what, "muted"), number, 1)
            grid.setColumnStretch(1, 1)
            column.addWidget(panel)

    # -- look -------------------------------------------------------------------------------

    def _restyle(self) -> None:
        look = Look(self.palette())
        base = self.font()
        mono = QFont(base)
        mono.setFamily("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        styles = {
            "kicker": (look.accent, base, 0.92, QFont.Weight.DemiBold),
            "heading": (look.ink, base, 1.5, QFont.Weight.DemiBold),
            "text": (look.ink, base, 1.02, QFont.Weight.Normal),
            "muted": (look.muted, base, 0.95, QFont.Weight.Normal),
            "panel-title": (look.ink, base, 1.0, QFont.Weight.DemiBold),
            "stored-what": (look.ink, base, 0.95, QFont.Weight.Medium),
            "stored-path": (look.muted, mono, 0.9, QFont.Weight.Normal),
            "command": (look.ink, mono, 0.95, QFont.Weight.DemiBold),
            "switch-label": (look.ink, base, 1.0, QFont.Weight.DemiBold),
        }
        for label, kind in self._labels:
            colour, font, scale, weight = styles[kind]
            style_label(label, colour, font, scale=scale, weight=weight)
            template = label.property("template")
            if template:
                # Links in the accent: the stock blue is hard to read on dark cards.
                label.setText(str(template).replace(LINK, look.accent.name()))
        for row in self.rows.values():
            row.restyle(look, base)

    def _fit(self) -> None:
        """One height for every page, the tallest one's: the buttons stay where they are."""
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
            self.setFixedHeight(layout.totalHeightForWidth(self.width()))

    # -- answers ----------------------------------------------------------------------------

    def _choose(self, key: str, value: Any) -> None:
        self._chosen[key] = value

    def _answer(self, answer: WelcomeAnswer) -> None:
        if self._done:
            return
        self._done = True
        self.answered.emit(answer)
        self.close()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # Enter and Space go on from the first moment; Tab reaches the choices.
        self.next.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_page()
        elif event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Closed by its title bar or Esc: keep what was chosen so far, as Finish would.
        if not self._done:
            self.finish()
        super().closeEvent(event)


class _RingArt(QWidget):
    """The tray's ring, drawn large, as the welcome's picture."""

    def __init__(self, look: RingLook, size: int) -> None:
        super().__init__()
        self._look = look
        self.setFixedSize(size, size)
        self.setAccessibleName("The deskbreak ring, filling toward the next break")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        with painting(self) as painter:
            ratio = _pixel_ratio(self, painter)
            image = draw_ring(self._look, round(self.width() * ratio))
            image.setDevicePixelRatio(ratio)
            painter.drawImage(QPointF(0, 0), image)


class _RingStrip(QWidget):
    """The tray ring through a stretch: filling calm, amber as the break nears, red when due."""

    STAGES = (
        (0.25, Stage.CALM, "a quarter in"),
        (0.6, Stage.CALM, "past half"),
        (0.9, Stage.NEARING, "nearly there"),
        (1.0, Stage.DUE, "time to stand"),
    )

    def __init__(self) -> None:
        super().__init__()
        metrics = QFontMetricsF(self.font())
        self._ring = 40
        self._cell = max(round(metrics.horizontalAdvance("time to stand")) + 16, 96)
        self.setFixedSize(self._cell * len(self.STAGES), self._ring + round(metrics.height()) + 12)
        self.setAccessibleName(
            "The tray ring fills as you sit, turns amber near the break and red when it is due"
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            ratio = _pixel_ratio(self, painter)
            painter.setPen(look.muted)
            for number, (share, stage, words) in enumerate(self.STAGES):
                steps = round(share * STEPS)
                image = draw_ring(
                    RingLook(State.SITTING, steps=steps, stage=stage), round(self._ring * ratio)
                )
                image.setDevicePixelRatio(ratio)
                left = number * self._cell
                painter.drawImage(QPointF(left + (self._cell - self._ring) / 2, 0), image)
                painter.drawText(
                    QRectF(left, self._ring + 6, self._cell, self.height() - self._ring - 6),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    words,
                )


class _PanelArt(QWidget):
    """A desktop panel's corner with a few tray icons, deskbreak's ring highlighted."""

    def __init__(self) -> None:
        super().__init__()
        self.setFixedSize(QSize(300, 86))
        self.setAccessibleName("A panel with the deskbreak ring among the tray icons")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            bar = QRectF(0, 10, self.width(), 40)
            painter.fillPath(rounded(bar, 10), with_alpha(look.ink, 0.10 if look.dark else 0.08))
            icon = 22
            right = bar.right() - 70
            font = QFont(self.font())
            font.setWeight(QFont.Weight.DemiBold)
            painter.setFont(font)
            painter.setPen(look.muted)
            painter.drawText(
                QRectF(right, bar.top(), 62, bar.height()), Qt.AlignmentFlag.AlignCenter, "14:05"
            )
            top = bar.center().y() - icon / 2
            for slot in range(3):
                x = right - (slot + 1) * (icon + 14)
                box = QRectF(x, top, icon, icon)
                if slot == 1:
                    ratio = _pixel_ratio(self, painter)
                    image = draw_ring(
                        RingLook(State.SITTING, steps=30, stage=Stage.CALM), round(icon * ratio)
                    )
                    image.setDevicePixelRatio(ratio)
                    painter.setPen(QPen(look.accent, 2))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawEllipse(box.adjusted(-7, -7, 7, 7))
                    painter.drawImage(box.topLeft(), image)
                    # A pointer from the ring to the words under it.
                    painter.drawLine(
                        QPointF(box.center().x(), box.bottom() + 8),
                        QPointF(box.center().x(), bar.bottom() + 14),
                    )
                    painter.setPen(look.accent)
                    painter.drawText(
                        QRectF(box.center().x() - 60, bar.bottom() + 14, 120, 22),
                        Qt.AlignmentFlag.AlignCenter,
                        "deskbreak",
                    )
                else:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(with_alpha(look.ink, 0.30))
                    painter.drawRoundedRect(box.adjusted(3, 3, -3, -3), 4, 4)


class _Dots(QWidget):
    """Where the user is: one dot per page, the current one wide."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self._count = count
        self._current = 0
        self.setFixedSize(count * 14 + 14, 12)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_current(self, number: int) -> None:
        self._current = number
        self.setAccessibleName(f"Step {number + 1} of {self._count}")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            painter.setPen(Qt.PenStyle.NoPen)
            x = 0.0
            for number in range(self._count):
                wide = number == self._current
                width = 20.0 if wide else 7.0
                painter.setBrush(look.accent if wide else with_alpha(look.ink, 0.22))
                painter.drawRoundedRect(QRectF(x, 2.5, width, 7), 3.5, 3.5)
                x += width + 7


def _pixel_ratio(widget: QWidget, painter: QPainter) -> float:
    """Device pixels per pixel for a picture drawn now: the screen's, or more when the widget
    is rendered into a larger image (a HiDPI screenshot)."""
    return max(widget.devicePixelRatioF(), painter.deviceTransform().m11())
