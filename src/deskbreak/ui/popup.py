"""The break popup: one exercise to do now, offered without taking the keyboard.

It appears near the bottom-right corner of the screen under the mouse and turns into a short
timer for the dose once started. It shows the exercise, its animated figure (a slow demo while
offered, the dose's own pace once started) and turns clicks into signals.
"""

from __future__ import annotations

import ctypes
import enum
import functools
import logging
import math
import os
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QRadialGradient,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from deskbreak.assets import read_asset_text
from deskbreak.desktop.xlib import LibraryLoadError, load_library
from deskbreak.domain.exercises import (
    Exercise,
    Moment,
    Muscle,
    Position,
    Side,
    Sides,
    Stage,
    animation_phase,
)
from deskbreak.domain.figure import Animations, load_animations
from deskbreak.ui.accessible import announce, spoken_seconds, spoken_text
from deskbreak.ui.figure import FigureView
from deskbreak.ui.ring import CALM_COLOUR, NEARING_COLOUR
from deskbreak.ui.style import (
    Button,
    ButtonKind,
    CardWindow,
    Chip,
    Look,
    mix,
    painting,
    rounded,
    style_label,
    with_alpha,
    wrapped_label,
)

log = logging.getLogger(__name__)

ANIMATIONS = "animations.toml"
SNOOZE_CHOICES = (5 * 60.0, 10 * 60.0)
"""The two snooze buttons, in seconds; Esc takes the first."""

TICK_MS = 40
"""Repaint pace while the popup is shown: smooth enough for the ring and the figure."""
REDUCED_MOTION_TICK_MS = 100
"""With reduced motion the figure holds its key poses; ten looks a second keep the count exact."""
DEMO_REP_SECONDS = 4.0
"""One rep of the slow demo loop while the exercise is offered: easy to follow at a glance."""
DEMO_PAUSE = 0.15
"""The share of each demo rep spent still in the start pose before the next one."""
"""How far ahead the timer looks to tell the way into a rep from the way back."""

FIGURE_SIZE = 160
"""The square the exercise figure takes."""
FIGURE_INSET = 10
"""Room between the square's edge and the figure while offered."""
TIMER_INSET = 18
"""Room for the ring between the square's edge and the figure once started."""
RING_WIDTH = 6.0

SCREEN_MARGIN = 16
CARD_RADIUS = 14.0
SHADOW_SIZE = 18
"""Room around the card for its shadow, where the desktop can show a translucent window."""
PADDING = 20


class _Mode(enum.Enum):
    HIDDEN = "hidden"
    OFFERED = "offered"
    TIMING = "timing"


class BreakPopup(CardWindow):
    """A small always-on-top window that offers one exercise; Start runs its timer.

    Signals:
        started(): the user starts the exercise; the popup turns into its timer.
        snoozed(float): ask again in this many seconds (Snooze buttons, Esc).
        skipped(): no exercise this time.
        finished(): the timer ran out, or the user closed it with Done: the break is taken.

    It never takes the keyboard by itself: it is shown without activation and does not accept
    focus until the user clicks into it (or on Start). With the focus, Enter starts and Esc
    snoozes; while the timer runs, both close it. ``withdraw()`` closes it without a signal.
    ``clock`` (monotonic seconds) times the dose and the figure; ``translucent`` (rounded
    corners and a shadow) follows whether the desktop composites unless given. The figure
    plays the exercise's animation from ``animations`` (the shipped ones unless given); one
    without an animation shows a still pictogram. ``reduced_motion`` shows key poses only.
    """

    started = Signal()
    snoozed = Signal(float)
    skipped = Signal()
    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        snooze_choices: Sequence[float] = SNOOZE_CHOICES,
        translucent: bool | None = None,
        animations: Animations | None = None,
        reduced_motion: bool = False,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._snooze_choices = tuple(snooze_choices)
        self._animations = shipped_animations() if animations is None else animations
        self._reduced_motion = reduced_motion
        self._exercise: Exercise | None = None
        self._mode = _Mode.HIDDEN
        self._started_at = 0.0
        self._offered_at = 0.0
        # Rounded corners and a shadow need a compositing desktop; without one the
        # transparent margin would show as black, so the card fills a plain window.
        self._translucent = _desktop_composites() if translucent is None else translucent
        self._shadow = SHADOW_SIZE if self._translucent else 0

        self.setObjectName("break-popup")
        self.setWindowTitle("deskbreak: time for a break")
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        # Shown without activation: whoever is typing elsewhere keeps the keyboard.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        # macOS hides tool windows while their app is inactive, and a tray app always is.
        self.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground, self._translucent)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        # One timer moves the figure and the countdown, and runs only while the popup shows.
        self._timer = QTimer(self)
        self._timer.setInterval(REDUCED_MOTION_TICK_MS if reduced_motion else TICK_MS)
        self._timer.timeout.connect(self._tick)

        self._build()
        self._restyle()

    # -- what the app calls ------------------------------------------------------------------

    def offer(self, exercise: Exercise) -> None:
        """Show ``exercise`` with Start, Snooze and Skip, without taking the keyboard."""
        self._timer.stop()
        self._exercise = exercise
        self._mode = _Mode.OFFERED
        self._offered_at = self._clock()
        self._fill(exercise)
        self._show_mode()
        self._refuse_focus()
        # The popup itself holds the focus within its window, so that activating the window
        # later (a click) does not hand it to the first button, where Enter would press it.
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._place()
        self._tick()
        self.show()
        self._sync_timer()
        # It never takes the focus, so a screen reader would not notice it appear.
        announce(
            self,
            f"Time for a break: {exercise.name}, {spoken_text(exercise.dose.text)}. "
            "Click the popup to answer with Start, Snooze or Skip.",
        )

    def start(self) -> None:
        """Start the offered exercise's timer as the Start button does, for a Start chosen
        elsewhere (a notification's action). Emits ``started``; does nothing unless offered."""
        self._on_start()

    def withdraw(self) -> None:
        """Close without a signal: the app decided (walked away, unanswered, a real break)."""
        self._close()

    @property
    def exercise(self) -> Exercise | None:
        """The exercise shown, or None while hidden."""
        return self._exercise if self._mode is not _Mode.HIDDEN else None

    @property
    def timing(self) -> bool:
        """Whether the timer of a started exercise is running."""
        return self._mode is _Mode.TIMING

    @property
    def animating(self) -> bool:
        """Whether the tick timer runs (only while shown: the figure moves, the dose counts)."""
        return self._timer.isActive()

    @property
    def reduced_motion(self) -> bool:
        return self._reduced_motion

    @reduced_motion.setter
    def reduced_motion(self, reduced: bool) -> None:
        """Key poses only (True) or the figure moving between them; takes effect at once."""
        if reduced == self._reduced_motion:
            return
        self._reduced_motion = reduced
        self._timer.setInterval(REDUCED_MOTION_TICK_MS if reduced else TICK_MS)
        self._figure.set_reduced_motion(reduced)
        self._tick()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        metrics = QFontMetricsF(self.font())
        text_width = max(280, round(metrics.averageCharWidth() * 42))

        outer = QVBoxLayout(self)
        margin = self._shadow + PADDING
        outer.setContentsMargins(margin, margin - 4, margin, margin)
        outer.setSpacing(14)

        header = QHBoxLayout()
        header.setSpacing(8)
        self._heading = QLabel("Time for a break")
        self._heading.setObjectName("heading")
        self._context = QLabel()
        self._context.setObjectName("context")
        header.addWidget(self._heading)
        header.addStretch(1)
        header.addWidget(self._context)
        outer.addLayout(header)

        body = QHBoxLayout()
        body.setSpacing(20)
        self._figure = _Figure(self._animations, reduced_motion=self._reduced_motion)
        body.addWidget(self._figure, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(6)
        self._name = wrapped_label("name", text_width)
        self._purpose = wrapped_label("purpose", text_width)
        self._stage = wrapped_label("stage", text_width)
        self._detail = wrapped_label("detail", text_width)
        self._dose = Chip("dose", padding=(10, 3))  # the dose, on a soft rounded tint
        column.addWidget(self._name)
        column.addWidget(self._purpose)
        column.addSpacing(4)
        column.addWidget(self._stage)
        column.addWidget(self._detail)
        column.addWidget(self._dose, 0, Qt.AlignmentFlag.AlignLeft)
        column.addSpacing(6)
        self._cues: list[tuple[QLabel, QLabel]] = []
        for number in range(3):
            row = QHBoxLayout()
            row.setSpacing(8)
            bullet = QLabel("•")
            bullet.setObjectName(f"bullet-{number + 1}")
            bullet.setAlignment(Qt.AlignmentFlag.AlignTop)
            bullet_width = round(metrics.horizontalAdvance("•")) + 2
            bullet.setFixedWidth(bullet_width)
            cue = wrapped_label(f"cue-{number + 1}", text_width - bullet_width - 8)
            row.addWidget(bullet)
            row.addWidget(cue)
            column.addLayout(row)
            self._cues.append((bullet, cue))
        column.addStretch(1)
        body.addLayout(column)
        outer.addLayout(body)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self._skip = Button("Skip", "skip", ButtonKind.QUIET)
        first, second = self._snooze_choices
        self._snooze_short = Button(f"Snooze {_minutes(first)}", "snooze-short")
        self._snooze_long = Button(f"Snooze {_minutes(second)}", "snooze-long")
        self._start = Button("Start", "start", ButtonKind.PRIMARY)
        self._done = Button("Done", "done", ButtonKind.PRIMARY)
        buttons.addWidget(self._skip)
        buttons.addStretch(1)
        for button in (self._snooze_short, self._snooze_long, self._start, self._done):
            buttons.addWidget(button)
        outer.addLayout(buttons)

        self._skip.setAccessibleName("Skip this break")
        self._snooze_short.setAccessibleName(f"Snooze {_spoken_minutes(first)}")
        self._snooze_long.setAccessibleName(f"Snooze {_spoken_minutes(second)}")
        self._start.setAccessibleName("Start the exercise")
        self._done.setAccessibleName("Done: end the break")
        self._skip.setToolTip("Ask again after a full interval")
        self._snooze_short.setToolTip(f"Ask again in {_spoken_minutes(first)} (Esc)")
        self._snooze_long.setToolTip(f"Ask again in {_spoken_minutes(second)}")
        self._start.setToolTip("Start the exercise's timer (Enter)")
        self._done.setToolTip("End the break now (Enter or Esc)")
        for before, after in (
            (self._skip, self._snooze_short),
            (self._snooze_short, self._snooze_long),
            (self._snooze_long, self._start),
            (self._start, self._done),
        ):
            QWidget.setTabOrder(before, after)

        self._skip.clicked.connect(self._on_skip)
        self._snooze_short.clicked.connect(lambda: self._on_snooze(first))
        self._snooze_long.clicked.connect(lambda: self._on_snooze(second))
        self._start.clicked.connect(self._on_start)
        # Whoever presses Start stays with the popup for the timer: Enter and Esc may close it.
        self._start.pressed.connect(self._take_focus)
        self._done.clicked.connect(self._on_done)

    def _fill(self, exercise: Exercise) -> None:
        self.setAccessibleDescription(f"{exercise.name}: {exercise.purpose}")
        # The timer's lines start empty, so its first stage is announced even when the same
        # exercise ran before.
        self._stage.clear()
        self._detail.clear()
        self._name.setText(exercise.name)
        self._purpose.setText(exercise.purpose)
        self._dose.setText(exercise.dose.text)
        self._dose.setAccessibleName(spoken_text(exercise.dose.text))
        position = "Seated" if exercise.position is Position.SEATED else "Standing"
        self._context.setText(f"{position} · {exercise.dose.length_text}")
        self._context.setAccessibleName(spoken_text(self._context.text()))
        for index, (bullet, cue) in enumerate(self._cues):
            text = exercise.cues[index] if index < len(exercise.cues) else ""
            cue.setText(text)
            bullet.setVisible(bool(text))
            cue.setVisible(bool(text))
        self._figure.show_exercise(exercise)

    def _show_mode(self) -> None:
        offered = self._mode is _Mode.OFFERED
        for widget in (
            self._purpose,
            self._dose,
            self._skip,
            self._snooze_short,
            self._snooze_long,
            self._start,
        ):
            widget.setVisible(offered)
        for widget in (self._stage, self._detail, self._done):
            widget.setVisible(not offered)
        self._heading.setText("Time for a break" if offered else "Break in progress")
        layout = self.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
        self.adjustSize()

    # -- placing and focus --------------------------------------------------------------------

    def _place(self) -> None:
        """Bottom-right corner of the available area of the screen under the mouse."""
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        self.setScreen(screen)
        area = screen.availableGeometry()
        size = self.size()
        # The shadow may overhang the margin: the card itself keeps SCREEN_MARGIN.
        inset = SCREEN_MARGIN - self._shadow
        self.move(
            area.right() + 1 - size.width() - inset, area.bottom() + 1 - size.height() - inset
        )

    def _refuse_focus(self) -> None:
        handle = self.windowHandle()
        if handle is not None:
            handle.setFlag(Qt.WindowType.WindowDoesNotAcceptFocus, on=True)

    def _take_focus(self) -> None:
        """The user clicked into the popup: from now on it may have the keyboard."""
        handle = self.windowHandle()
        if handle is None or not handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus:
            return
        # Set on the native window, not with setWindowFlags(), which would hide and re-show
        # the popup. X11 learns it through WM_HINTS input=True; then activation is allowed.
        handle.setFlag(Qt.WindowType.WindowDoesNotAcceptFocus, on=False)
        self.activateWindow()
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    # -- events --------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._take_focus()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, Button) and focused.isVisible():
                focused.click()
            elif self._mode is _Mode.OFFERED:
                self._start.click()
            else:
                self._done.click()
        elif key == Qt.Key.Key_Escape:
            if self._mode is _Mode.OFFERED:
                self._snooze_short.click()
            else:
                self._done.click()
        else:
            super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # The native window exists only from the first show on.
        if self._mode is _Mode.OFFERED:
            self._refuse_focus()
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self._timer.stop()  # nobody sees the figure: no reason to wake up

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        with painting(self) as painter:
            self._paint_card(painter)

    def _paint_card(self, painter: QPainter) -> None:
        look = Look(self.palette())
        card = QRectF(self.rect()).adjusted(
            self._shadow, self._shadow - 2, -self._shadow, -self._shadow - 2
        )
        if not self._translucent:
            painter.fillRect(self.rect(), look.card)
            painter.setPen(QPen(look.border, 1))
            painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
            return
        # A soft shadow from stacked rounded rectangles: each ring adds a little darkness,
        # more of it close to the card and below it, as light from above would cast.
        steps = self._shadow
        for step in range(steps, 0, -1):
            spread = float(step)
            alpha = look.shadow_alpha * (1.0 - step / (steps + 1)) ** 2 / 3.0
            path = rounded(
                card.adjusted(-spread, -spread + 3, spread, spread + 3), CARD_RADIUS + spread
            )
            painter.fillPath(path, QColor(0, 0, 0, round(255 * alpha)))
        shape = rounded(card, CARD_RADIUS)
        painter.fillPath(shape, look.card)
        painter.setPen(QPen(look.border, 1))
        painter.drawPath(shape)

    def _restyle(self) -> None:
        look = Look(self.palette())
        base = self.font()
        style_label(self._heading, look.accent, base, scale=0.92, weight=QFont.Weight.DemiBold)
        style_label(self._context, look.muted, base, scale=0.92)
        style_label(self._name, look.ink, base, scale=1.45, weight=QFont.Weight.DemiBold)
        style_label(self._purpose, look.muted, base, scale=1.0)
        style_label(self._stage, look.accent, base, scale=1.3, weight=QFont.Weight.DemiBold)
        style_label(self._detail, look.muted, base, scale=1.0)
        for bullet, cue in self._cues:
            style_label(bullet, look.accent, base, scale=1.0, weight=QFont.Weight.Bold)
            style_label(cue, look.ink, base, scale=0.97)
        self._dose.set_colours(look.accent, look.accent_soft)

    # -- the buttons' answers --------------------------------------------------------------

    def _on_start(self) -> None:
        if self._mode is not _Mode.OFFERED or self._exercise is None:
            return
        self._mode = _Mode.TIMING
        self._started_at = self._clock()
        self._show_mode()
        self._place()
        self._tick()
        self._sync_timer()
        self.started.emit()

    def _on_snooze(self, seconds: float) -> None:
        if self._mode is _Mode.OFFERED:
            self._close()
            self.snoozed.emit(seconds)

    def _on_skip(self) -> None:
        if self._mode is _Mode.OFFERED:
            self._close()
            self.skipped.emit()

    def _on_done(self) -> None:
        if self._mode is _Mode.TIMING:
            self._close()
            announce(self, "Break done")
            self.finished.emit()

    def _close(self) -> None:
        self._timer.stop()
        self._mode = _Mode.HIDDEN
        self._figure.show_moment(None)
        self.hide()

    def _sync_timer(self) -> None:
        """Run the tick timer while the popup shows something that moves, else stop it."""
        moving = self._mode is _Mode.TIMING or (
            self._mode is _Mode.OFFERED and self._figure.animated
        )
        if moving and self.isVisible():
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()

    def _tick(self) -> None:
        exercise = self._exercise
        if exercise is None:
            return
        if self._mode is _Mode.OFFERED:
            self._figure.show_demo(self._clock() - self._offered_at)
            return
        if self._mode is not _Mode.TIMING:
            return
        moment = exercise.dose.moment(self._clock() - self._started_at)
        if moment.stage is Stage.DONE:
            self._on_done()
            return
        stage, detail = _moment_texts(exercise, moment)
        if (stage, detail) != (self._stage.text(), self._detail.text()):
            announce(self, spoken_text(f"{stage}. {detail}" if detail else stage))
            self._stage.setText(stage)
            self._detail.setText(detail)
            self._detail.setAccessibleName(spoken_text(detail))
        self._detail.setVisible(bool(detail))
        left = f"{_clock_text(moment.left)} left"
        if left != self._context.text():
            self._context.setText(left)
            self._context.setAccessibleName(f"{spoken_seconds(moment.left)} left")
        self._figure.show_moment(moment)


# -- texts ---------------------------------------------------------------------------------


def _moment_texts(exercise: Exercise, moment: Moment) -> tuple[str, str]:
    """The big line (what to do now) and the small one (which rep, which side) for a moment."""
    dose = exercise.dose
    side = f"{moment.side.value} side" if moment.side is not None else ""
    rep = f"rep {moment.rep} of {moment.reps}" if moment.rep is not None else ""
    if moment.stage is Stage.RELEASE:
        return "Relax", _joined(rep, side)
    if moment.stage is Stage.SWITCH:
        return "Switch sides", _joined(f"{side} next")
    if moment.stage is Stage.REST:
        return "Rest", f"Set {moment.set_number} of {moment.sets} next"
    if dose.duration_seconds is not None:
        return (
            "Keep moving",
            "Left and right in turn" if exercise.sides is Sides.ALTERNATING else "",
        )
    if dose.hold_seconds is not None:
        return dose.hold_label.capitalize(), _joined(rep, side)
    return _joined(side) or "Steady pace", f"About {_seconds_text(dose.rep_seconds)} a rep"


def _joined(*parts: str) -> str:
    text = " · ".join(part for part in parts if part)
    return text[:1].upper() + text[1:]


def _clock_text(seconds: float) -> str:
    whole = math.ceil(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _seconds_text(seconds: float) -> str:
    return f"{seconds:g} s"


def _spoken_minutes(seconds: float) -> str:
    """``seconds`` as a screen reader should say it: "5 minutes", "90 seconds"."""
    minutes = seconds / 60
    if minutes >= 1:
        return f"{minutes:g} minute" + ("" if minutes == 1 else "s")
    return f"{seconds:g} seconds"


def _minutes(seconds: float) -> str:
    minutes = seconds / 60
    return f"{minutes:g} min" if minutes >= 1 else f"{seconds:g} s"


# -- the animations ----------------------------------------------------------------------------


@functools.cache
def shipped_animations() -> Animations:
    """The shipped animations, read once; none (so still pictograms) if the file is broken."""
    try:
        return load_animations(read_asset_text(ANIMATIONS), ANIMATIONS)
    except (OSError, ValueError) as error:
        log.warning("the popup shows still figures: %s", error)
        return Animations()


def demo_pose(seconds: float, sides: Sides) -> tuple[float, Side]:
    """Where the slow demo loop is ``seconds`` after it began: the phase through one rep of the
    animation (0..1; its keys ease in and hold the peak) and the side.

    Each rep is followed by a short pause in the start pose; an exercise that works one side
    at a time shows the left and the right in turn.
    """
    rep, offset = divmod(max(0.0, seconds), DEMO_REP_SECONDS)
    phase = min(1.0, offset / (DEMO_REP_SECONDS * (1.0 - DEMO_PAUSE)))
    side = Side.RIGHT if sides is not Sides.BOTH and int(rep) % 2 else Side.LEFT
    return phase, side


# -- the figure square -------------------------------------------------------------------------

# Joints of a side-on pictogram in a 160 × 160 square, facing right. Until the animated figure
# arrives these show the position and where the exercise should be felt.
_STANDING = {
    "head": (81.0, 30.0),
    "neck": (80.0, 46.0),
    "shoulder": (80.0, 55.0),
    "elbow": (84.0, 76.0),
    "hand": (88.0, 96.0),
    "far_elbow": (76.0, 76.0),
    "far_hand": (73.0, 96.0),
    "hip": (78.0, 92.0),
    "knee": (81.0, 118.0),
    "ankle": (79.0, 141.0),
    "toe": (93.0, 142.0),
    "far_knee": (75.0, 118.0),
    "far_ankle": (72.0, 141.0),
    "far_toe": (86.0, 142.0),
}
_SEATED = {
    "head": (71.0, 36.0),
    "neck": (69.0, 52.0),
    "shoulder": (69.0, 60.0),
    "elbow": (75.0, 81.0),
    "hand": (95.0, 92.0),
    "far_elbow": (66.0, 81.0),
    "far_hand": (86.0, 90.0),
    "hip": (68.0, 100.0),
    "knee": (105.0, 100.0),
    "ankle": (105.0, 141.0),
    "toe": (118.0, 142.0),
    "far_knee": (101.0, 96.0),
    "far_ankle": (98.0, 141.0),
    "far_toe": (111.0, 142.0),
}


class _Figure(QWidget):
    """The exercise's figure square: the animated figure on a soft disc, with a ring and the
    count around it once started. An exercise without an animation shows a still pictogram,
    and a ring with the count in its middle once started."""

    def __init__(self, animations: Animations, *, reduced_motion: bool) -> None:
        super().__init__()
        self.setObjectName("figure")
        self.setFixedSize(FIGURE_SIZE, FIGURE_SIZE)
        self._animations = animations
        self._exercise: Exercise | None = None
        self._moment: Moment | None = None
        self._view = self._make_view(reduced_motion=reduced_motion)
        self._count = _Count(self)
        self._count.hide()
        self.setAccessibleName("Exercise figure")

    @property
    def animated(self) -> bool:
        """Whether the exercise shown has an animation to play."""
        exercise = self._exercise
        return exercise is not None and exercise.animation in self._animations

    def set_reduced_motion(self, reduced: bool) -> None:
        visible = self._view.isVisible()
        self._view.deleteLater()
        self._view = self._make_view(reduced_motion=reduced)
        self._view.setVisible(visible)
        self._count.raise_()
        self._place_view()

    def show_exercise(self, exercise: Exercise) -> None:
        self._exercise = exercise
        self._moment = None
        self._count.hide()
        self._view.set_subject(exercise.animation, exercise.name, sided=_sided(exercise))
        # The animated figure describes itself; the still pictogram is described here.
        muscle = exercise.target.value.replace("_", " ")
        position = "seated" if exercise.position is Position.SEATED else "standing"
        self.setAccessibleDescription(
            "" if self.animated else f"{exercise.name}: a {position} figure, {muscle} highlighted"
        )
        self._view.setVisible(self.animated)
        self._place_view()
        if self.animated:
            self._view.show_pose(exercise.animation, 0.0)
        self.update()

    def show_demo(self, seconds: float) -> None:
        """The slow demo loop ``seconds`` after the exercise was offered."""
        exercise = self._exercise
        if exercise is None or not self.animated:
            return
        phase, side = demo_pose(seconds, exercise.sides)
        self._view.show_pose(exercise.animation, phase, side=side)

    def show_moment(self, moment: Moment | None) -> None:
        """The dose at ``moment``: the figure in step with it, the ring and the count."""
        self._moment = moment
        exercise = self._exercise
        if moment is not None and exercise is not None and self.animated:
            self._view.show_pose(
                exercise.animation,
                animation_phase(exercise.dose, moment),
                side=moment.side or Side.LEFT,
                contraction=moment.contraction,
            )
            self._count.set_text(_count_text(exercise, moment), _spoken_count(exercise, moment))
            self._count.move(FIGURE_SIZE - self._count.width(), FIGURE_SIZE - self._count.height())
            self._count.show()
        else:
            self._count.hide()
            if moment is not None and exercise is not None:
                # The still pictogram's ring paints the count: a screen reader reads it here.
                spoken = _spoken_count(exercise, moment)
                if spoken != self.accessibleDescription():
                    self.setAccessibleDescription(spoken)
        self._place_view()
        self.update()

    def _make_view(self, *, reduced_motion: bool) -> FigureView:
        view = FigureView(self._animations, self, reduced_motion=reduced_motion)
        view.setObjectName("figure-view")
        exercise = self._exercise
        if exercise is not None:
            view.set_subject(exercise.animation, exercise.name, sided=_sided(exercise))
        # Clicks belong to the popup: a click anywhere in it lets it take the keyboard.
        view.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        view.hide()
        return view

    def _place_view(self) -> None:
        inset = FIGURE_INSET if self._moment is None else TIMER_INSET
        area = QRect(0, 0, FIGURE_SIZE, FIGURE_SIZE).adjusted(inset, inset, -inset, -inset)
        if self._view.geometry() != area:
            self._view.setGeometry(area)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            scale = min(self.width(), self.height()) / FIGURE_SIZE
            painter.scale(scale, scale)
            exercise, moment = self._exercise, self._moment
            if exercise is None:
                return
            if self.animated:
                self._paint_stage(painter, look, moment)
            elif moment is not None:
                self._paint_timer(painter, look, exercise, moment)
            else:
                self._paint_figure(painter, look, exercise)

    def _paint_stage(self, painter: QPainter, look: Look, moment: Moment | None) -> None:
        """The soft disc the animated figure stands on, and the dose's ring once started."""
        centre = QPointF(FIGURE_SIZE / 2, FIGURE_SIZE / 2)
        if moment is None:
            disc = FIGURE_SIZE / 2
        else:
            radius = FIGURE_SIZE / 2 - RING_WIDTH / 2 - 1
            box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
            painter.setPen(QPen(look.faint, RING_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(box)
            sweep = 360.0 * moment.fraction
            if sweep > 0:
                pen = QPen(_ring_colour(moment), RING_WIDTH)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                # Qt angles: 1/16 degree, counter-clockwise from 3 o'clock; clockwise from 12.
                painter.drawArc(box, 90 * 16, -round(sweep * 16))
            disc = radius - RING_WIDTH / 2 - 3
        backdrop = QPainterPath()
        backdrop.addEllipse(centre, disc, disc)
        painter.fillPath(backdrop, look.accent_soft)

    def _paint_figure(self, painter: QPainter, look: Look, exercise: Exercise) -> None:
        centre = QPointF(FIGURE_SIZE / 2, FIGURE_SIZE / 2)
        backdrop = QPainterPath()
        backdrop.addEllipse(centre, FIGURE_SIZE / 2, FIGURE_SIZE / 2)
        painter.fillPath(backdrop, look.accent_soft)
        seated = exercise.position is Position.SEATED
        joints = _SEATED if seated else _STANDING
        ink = mix(look.ink, look.card, 0.70 if look.dark else 0.60)
        far = mix(look.ink, look.card, 0.38 if look.dark else 0.30)
        floor = QPen(with_alpha(look.ink, 0.22), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(floor)
        painter.drawLine(QPointF(38, 148), QPointF(122, 148))
        if seated:
            chair = QPen(
                with_alpha(look.ink, 0.30), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap
            )
            chair.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(chair)
            seat = QPainterPath(QPointF(55, 66))
            for x, y in ((55, 110), (100, 110)):
                seat.lineTo(x, y)
            painter.drawPath(seat)
            painter.drawLine(QPointF(59, 110), QPointF(59, 146))
            painter.drawLine(QPointF(96, 110), QPointF(96, 146))

        def point(name: str) -> QPointF:
            x, y = joints[name]
            return QPointF(x, y)

        def limb(colour: QColor, width: float, *names: str) -> None:
            pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            path = QPainterPath(point(names[0]))
            for name in names[1:]:
                path.lineTo(point(name))
            painter.drawPath(path)

        # The far arm and leg first, lighter, so the near ones overlap them.
        limb(far, 9, "hip", "far_knee", "far_ankle", "far_toe")
        limb(far, 7, "shoulder", "far_elbow", "far_hand")
        limb(ink, 15, "neck", "hip")
        limb(ink, 10, "hip", "knee", "ankle", "toe")
        limb(ink, 8, "shoulder", "elbow", "hand")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawEllipse(point("head"), 11.0, 11.0)
        _paint_muscle(painter, exercise.target, joints)

    def _paint_timer(
        self, painter: QPainter, look: Look, exercise: Exercise, moment: Moment
    ) -> None:
        centre = QPointF(FIGURE_SIZE / 2, FIGURE_SIZE / 2)
        width = 10.0
        radius = FIGURE_SIZE / 2 - width / 2 - 2
        box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        painter.setPen(QPen(look.faint, width))
        painter.drawEllipse(box)
        sweep = 360.0 * moment.fraction
        if sweep > 0:
            pen = QPen(_ring_colour(moment), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            # Qt angles: 1/16 degree, counter-clockwise from 3 o'clock; clockwise from 12.
            painter.drawArc(box, 90 * 16, -round(sweep * 16))
        big, small = _ring_texts(exercise, moment)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 3.2)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(look.ink)
        number_box = QRectF(0, centre.y() - 40, FIGURE_SIZE, 56)
        painter.drawText(
            number_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, big
        )
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 0.95)
        painter.setFont(font)
        painter.setPen(look.muted)
        label_box = QRectF(0, centre.y() + 18, FIGURE_SIZE, 24)
        painter.drawText(
            label_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, small
        )


def _paint_muscle(
    painter: QPainter,
    muscle: Muscle,
    joints: dict[str, tuple[float, float]],
) -> None:
    """A soft glow where the exercise should be felt, along the limb it sits on."""
    hip, knee, ankle = (QPointF(*joints[name]) for name in ("hip", "knee", "ankle"))
    thigh = knee - hip
    shin = ankle - knee
    if muscle is Muscle.CALVES:
        base, along, offset = knee, shin, 0.45
    else:
        base, along = hip, thigh
        offset = {
            Muscle.QUADRICEPS: 0.5,
            Muscle.HAMSTRINGS: 0.5,
            Muscle.ADDUCTORS: 0.35,
        }.get(muscle, 0.08)
    length = math.hypot(along.x(), along.y())
    unit = QPointF(along.x() / length, along.y() / length)
    front = QPointF(unit.y(), -unit.x())  # the limb turned a right angle toward the face
    side = {
        Muscle.GLUTEUS_MAXIMUS: -6.5,
        Muscle.GLUTEUS_MEDIUS: -3.0,
        Muscle.PIRIFORMIS: -5.0,
        Muscle.HIP_FLEXORS: 5.0,
        Muscle.QUADRICEPS: 4.5,
        Muscle.HAMSTRINGS: -4.5,
        Muscle.ADDUCTORS: 0.0,
        Muscle.CALVES: -4.0,
    }[muscle]
    lift = -7.0 if muscle is Muscle.GLUTEUS_MEDIUS else 0.0
    centre = base + along * offset + front * side + unit * lift
    angle = math.degrees(math.atan2(unit.y(), unit.x()))
    painter.save()
    painter.translate(centre)
    painter.rotate(angle)
    colour = QColor(CALM_COLOUR)
    glow = QRadialGradient(QPointF(0, 0), 13)
    glow.setColorAt(0.0, with_alpha(colour, 0.95))
    glow.setColorAt(0.55, with_alpha(colour, 0.75))
    glow.setColorAt(1.0, with_alpha(colour, 0.0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(glow)
    painter.drawEllipse(QPointF(0, 0), 14, 10)
    painter.restore()


def _ring_colour(moment: Moment) -> QColor:
    """Calm while working, amber to switch sides, faded while letting go or resting."""
    if moment.stage is Stage.SWITCH:
        return QColor(NEARING_COLOUR)
    colour = QColor(CALM_COLOUR)
    if moment.stage in (Stage.RELEASE, Stage.REST):
        return with_alpha(colour, 0.55)
    return colour


def _count_text(exercise: Exercise, moment: Moment) -> str:
    """The count beside the moving figure: the rep, or the seconds of this stage left."""
    dose = exercise.dose
    if moment.stage is Stage.WORK and dose.hold_seconds is None and dose.duration_seconds is None:
        return f"{moment.rep} of {moment.reps}"
    whole = math.ceil(moment.stage_left)
    return _clock_text(moment.stage_left) if whole >= 60 else f"{whole} s"


class _Count(QWidget):
    """The count on a small pill in the corner of the figure square, over the ring."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("figure-count")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._text = ""

    def text(self) -> str:
        return self._text

    def set_text(self, text: str, spoken: str) -> None:
        """Show ``text``; a screen reader reads ``spoken`` ("Rep 3 of 10") instead."""
        if text == self._text:
            return
        self._text = text
        self.setAccessibleName(spoken)
        metrics = QFontMetricsF(self._font())
        width = max(metrics.horizontalAdvance(text) + 20, metrics.height() + 12)
        self.setFixedSize(math.ceil(width), math.ceil(metrics.height() + 10))
        self.update()

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            shape = rounded(box, box.height() / 2)
            painter.fillPath(shape, look.card)
            painter.setPen(QPen(look.border, 1))
            painter.drawPath(shape)
            painter.setFont(self._font())
            painter.setPen(look.ink)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self._text)


def _spoken_count(exercise: Exercise, moment: Moment) -> str:
    """The count beside the figure in words."""
    dose = exercise.dose
    if moment.stage is Stage.WORK and dose.hold_seconds is None and dose.duration_seconds is None:
        return f"Rep {moment.rep} of {moment.reps}"
    return f"{spoken_seconds(moment.stage_left)} left"


def _sided(exercise: Exercise) -> bool:
    return exercise.sides is not Sides.BOTH


def _ring_texts(exercise: Exercise, moment: Moment) -> tuple[str, str]:
    """The big number in the ring and the word under it: the count to follow right now."""
    dose = exercise.dose
    if moment.stage is Stage.WORK and dose.hold_seconds is None and dose.duration_seconds is None:
        return str(moment.rep), f"of {moment.reps}"
    whole = math.ceil(moment.stage_left)
    if whole >= 60:
        return _clock_text(moment.stage_left), "left"
    return str(whole), "second" if whole == 1 else "seconds"


# -- the desktop -----------------------------------------------------------------------------


def _desktop_composites() -> bool:
    """Whether a translucent window shows what is behind it (rounded corners, shadow)."""
    if QGuiApplication.platformName() != "xcb":
        # Wayland, Windows and macOS always composite; offscreen renders alpha as is.
        return True
    return _x11_compositing_manager_running(os.environ.get("DISPLAY", ""))


def _x11_compositing_manager_running(display: str) -> bool:
    """An X11 compositing manager owns the selection _NET_WM_CM_S<screen> (EWMH)."""
    if not display:
        return False
    try:
        xlib = load_library("libX11.so.6", "X11")
    except LibraryLoadError:
        return False
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    xlib.XDefaultScreen.argtypes = (ctypes.c_void_p,)
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
    xlib.XGetSelectionOwner.restype = ctypes.c_ulong
    xlib.XGetSelectionOwner.argtypes = (ctypes.c_void_p, ctypes.c_ulong)
    xlib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
    connection = xlib.XOpenDisplay(display.encode())
    if not connection:
        return False
    try:
        screen = xlib.XDefaultScreen(connection)
        atom = xlib.XInternAtom(connection, f"_NET_WM_CM_S{screen}".encode(), 0)
        return bool(xlib.XGetSelectionOwner(connection, atom))
    finally:
        xlib.XCloseDisplay(connection)
