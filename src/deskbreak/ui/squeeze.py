"""The glute squeeze test: a short guided self-check, one side at a time, then what it means.

It shows the steps and turns the answers into signals; the app stores them.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QKeyEvent, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from deskbreak.domain.evening import Rating, squeeze_verdict
from deskbreak.domain.exercises import Side
from deskbreak.ui.accessible import announce
from deskbreak.ui.style import (
    Button,
    ButtonKind,
    CardWindow,
    Look,
    fit_height,
    paint_focus_ring,
    painting,
    rounded,
    style_label,
    with_alpha,
    wrapped_label,
)

PADDING = 28
TEXT_WIDTH_CHARS = 52

SIDES = (Side.LEFT, Side.RIGHT)

# The three answers: what the button says, and what it means, in the user's words.
CHOICES: tuple[tuple[Rating, str, str], ...] = (
    (Rating.FIRM, "Firm", "It tightened hard, like a rock under my hand."),
    (Rating.SOFT, "Soft", "A vague squeeze; I had to work to feel it."),
    (Rating.THIGH, "My thigh took over", "The back of my thigh did most of it."),
)

SETUP = (
    "Stand tall, feet hip-width apart, knees soft. Rest a hand on the side you test, "
    "so you can feel what happens."
)


class _Page(enum.Enum):
    HIDDEN = "hidden"
    INTRO = "intro"
    LEFT = "left"
    RIGHT = "right"
    SUMMARY = "summary"


class SqueezeCheck(CardWindow):
    """Stand tall; squeeze the left glute only and rate it; then the right; then a summary.

    Signals:
        rated(str, str): one side's answer: ("left" | "right", "firm" | "soft" | "thigh").
        done(): the summary was closed (Done, Enter, Esc) after both sides.

    Closing the window midway stops the test; sides rated so far were already signalled.
    Keys on a side's page: 1, 2, 3 pick the answers in order.
    """

    rated = Signal(str, str)
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page = _Page.HIDDEN
        self._ratings: dict[Side, Rating] = {}
        self.setObjectName("squeeze-check")
        self.setWindowTitle("Squeeze test — deskbreak")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()
        self._restyle()

    # -- what the app calls ----------------------------------------------------------------

    def begin(self) -> None:
        """Show the first step: how to stand."""
        self._ratings = {}
        self._go(_Page.INTRO)
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def ratings(self) -> dict[Side, Rating]:
        """The answers so far."""
        return dict(self._ratings)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        width = round(QFontMetricsF(self.font()).averageCharWidth() * TEXT_WIDTH_CHARS)
        self.setFixedWidth(width + 2 * PADDING)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(PADDING, PADDING - 6, PADDING, PADDING - 4)
        outer.setSpacing(10)

        header = QHBoxLayout()
        self._heading = QLabel("Squeeze test")
        self._heading.setObjectName("heading")
        self._progress = QLabel()
        self._progress.setObjectName("progress")
        header.addWidget(self._heading)
        header.addStretch(1)
        header.addWidget(self._progress)
        outer.addLayout(header)

        self._title = wrapped_label("title", width)
        self._text = wrapped_label("text", width)
        outer.addWidget(self._title)
        outer.addWidget(self._text)

        self._choices: list[_Choice] = []
        for number, (rating, label, meaning) in enumerate(CHOICES, start=1):
            choice = _Choice(label, meaning, rating.value)
            choice.setToolTip(f"{meaning} (key {number})")
            choice.clicked.connect(lambda _checked=False, rating=rating: self._rate(rating))
            outer.addWidget(choice)
            self._choices.append(choice)

        self._keys_hint = QLabel("Keys 1, 2 and 3 pick an answer.")
        self._keys_hint.setObjectName("keys-hint")
        outer.addWidget(self._keys_hint)

        self._results: list[QLabel] = []
        for side in SIDES:
            result = QLabel()
            result.setObjectName(f"result-{side.value}")
            outer.addWidget(result)
            self._results.append(result)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self._back = Button("Back", "back", ButtonKind.QUIET)
        self._next = Button("", "next", ButtonKind.PRIMARY)
        buttons.addWidget(self._back)
        buttons.addStretch(1)
        buttons.addWidget(self._next)
        outer.addSpacing(6)
        outer.addLayout(buttons)
        self._back.clicked.connect(self._on_back)
        self._next.clicked.connect(self._on_next)

    def _go(self, page: _Page) -> None:
        answering = isinstance(self.focusWidget(), _Choice)
        self._page = page
        side = {_Page.LEFT: Side.LEFT, _Page.RIGHT: Side.RIGHT}.get(page)
        rating_page = side is not None
        if page is _Page.INTRO:
            self._progress.setText("Step 1 of 4")
            self._title.setText("Stand tall")
            self._text.setText(SETUP)
            self._next.setText("Ready")
        elif side is not None:
            number = 2 if side is Side.LEFT else 3
            self._progress.setText(f"Step {number} of 4")
            self._title.setText(f"Squeeze your {side.value} glute only")
            self._text.setText(
                f"Squeeze the {side.value} glute as hard as you can for three seconds, "
                "the other side loose. What did your hand feel?"
            )
        else:
            self._progress.setText("Step 4 of 4")
            self._title.setText("What it means")
            self._text.setText(squeeze_verdict(self._ratings))
            self._next.setText("Done")
            for result, shown_side in zip(self._results, SIDES, strict=True):
                label = _label(self._ratings.get(shown_side))
                result.setText(f"{shown_side.value.capitalize()} side: {label}")
        for choice in self._choices:
            choice.setVisible(rating_page)
        self._keys_hint.setVisible(rating_page)
        for result in self._results:
            result.setVisible(page is _Page.SUMMARY)
        self._next.setVisible(not rating_page)
        self._back.setVisible(page in (_Page.RIGHT, _Page.SUMMARY))
        if answering and not rating_page:
            # The answers went away under the focus: Enter must not press Back by surprise.
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        fit_height(self)
        if page is not _Page.HIDDEN:
            announce(self, f"{self._progress.text()}. {self._title.text()}. {self._text.text()}")

    def _restyle(self) -> None:
        look = Look(self.palette())
        base = self.font()
        style_label(self._heading, look.accent, base, scale=0.92, weight=QFont.Weight.DemiBold)
        style_label(self._progress, look.muted, base, scale=0.92)
        style_label(self._title, look.ink, base, scale=1.45, weight=QFont.Weight.DemiBold)
        style_label(self._text, look.ink, base, scale=1.02)
        style_label(self._keys_hint, look.muted, base, scale=0.92)
        for result in self._results:
            style_label(result, look.muted, base, scale=1.0, weight=QFont.Weight.Medium)

    # -- answers ---------------------------------------------------------------------------

    def _rate(self, rating: Rating) -> None:
        if self._page is _Page.LEFT:
            side, following = Side.LEFT, _Page.RIGHT
        elif self._page is _Page.RIGHT:
            side, following = Side.RIGHT, _Page.SUMMARY
        else:
            return
        self._ratings[side] = rating
        self.rated.emit(side.value, rating.value)
        self._go(following)

    def _on_next(self) -> None:
        if self._page is _Page.INTRO:
            self._go(_Page.LEFT)
        elif self._page is _Page.SUMMARY:
            self._page = _Page.HIDDEN
            self.hide()
            self.done.emit()

    def _on_back(self) -> None:
        # Back re-asks the side before; its new answer is signalled again and wins.
        if self._page is _Page.RIGHT:
            self._go(_Page.LEFT)
        elif self._page is _Page.SUMMARY:
            self._go(_Page.RIGHT)

    # -- Qt events ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        numbers = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3)
        if key in numbers and self._page in (_Page.LEFT, _Page.RIGHT):
            self._rate(CHOICES[numbers.index(Qt.Key(key))][0])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QAbstractButton) and focused.isVisible():
                focused.click()  # reached with Tab: Enter presses it, as Space does
            else:
                self._on_next()
        elif key == Qt.Key.Key_Escape and self._page is _Page.SUMMARY:
            self._on_next()
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)


class _Choice(QAbstractButton):
    """One answer as a wide card: its name in bold, what it means below."""

    def __init__(self, label: str, meaning: str, name: str) -> None:
        super().__init__()
        self.setText(label)
        self.setObjectName(name)
        self._meaning = meaning
        self.setAccessibleDescription(meaning)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def meaning(self) -> str:
        return self._meaning

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = QFontMetricsF(self.font())
        return QSize(240, round(metrics.height() * 2.3 + 2 * 12))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            shape = rounded(box, 10)
            hovered = self.underMouse()
            fill = look.accent_soft if hovered or self.isDown() else with_alpha(look.ink, 0.04)
            painter.fillPath(shape, fill)
            if self.hasFocus():
                paint_focus_ring(painter, look, QRectF(self.rect()), 11)
            else:
                painter.setPen(QPen(look.accent if hovered else with_alpha(look.ink, 0.14), 1))
                painter.drawPath(shape)
            metrics = QFontMetricsF(self.font())
            inner = box.adjusted(16, 10, -16, -10)
            bold = QFont(self.font())
            bold.setWeight(QFont.Weight.DemiBold)
            painter.setFont(bold)
            painter.setPen(look.ink)
            top = QRectF(inner.left(), inner.top(), inner.width(), metrics.height() * 1.1)
            painter.drawText(
                top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.text()
            )
            painter.setFont(self.font())
            painter.setPen(look.muted)
            below = QRectF(inner.left(), top.bottom(), inner.width(), inner.bottom() - top.bottom())
            painter.drawText(
                below, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._meaning
            )


def _label(rating: Rating | None) -> str:
    for known, label, _meaning in CHOICES:
        if known is rating:
            return label.lower() if known is not Rating.THIGH else "the thigh took over"
    return "not rated"
