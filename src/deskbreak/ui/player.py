"""The routine player: the animated figure, what to do now, and controls for the whole routine.

It paints the routine's timeline (``deskbreak.domain.routine``) at the clock's time: no rules.
"""

from __future__ import annotations

import enum
import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import Dose, Moment, Side, Sides, Stage, animation_phase
from deskbreak.domain.figure import load_animations
from deskbreak.domain.routine import Playback, Point, Routine, Step, Timeline
from deskbreak.ui.accessible import announce, spoken_seconds, spoken_text
from deskbreak.ui.figure import FigureView
from deskbreak.ui.sounds import Cue, SoundCues, Sounds
from deskbreak.ui.style import (
    Button,
    ButtonKind,
    CardWindow,
    Chip,
    Look,
    SoftPanel,
    mix,
    paint_focus_ring,
    painting,
    primary_fill,
    rounded,
    style_label,
    with_alpha,
)

ANIMATIONS = "animations.toml"
FRAME_MS = 16
"""About 60 frames a second while playing: the figure moves smoothly."""
REDUCED_MOTION_FRAME_MS = 100
"""With reduced motion the figure does not glide; ten frames keep the countdowns exact."""
CUE_SECONDS = 6.0
"""How long each form cue stays before the next one: long enough to read it twice mid-rep."""
MINIMUM_SIZE = QSize(720, 460)
DESIGN_HEIGHT = 560
"""The window height the type sizes are set for; taller windows get bigger type, up to
MAX_TYPE_SCALE, so the counter reads from a mat a few metres away."""
MAX_TYPE_SCALE = 1.7
PADDING = 28
STAGE_RADIUS = 18.0

KEYS = (
    ("Space", "play or pause"),
    ("← →", "previous or next exercise"),
    ("R", "restart the exercise"),
    ("M", "sound on or off"),
    ("S", "still poses on or off (reduced motion)"),
    ("Tab", "next button; Enter or Space presses it"),
    ("F1 or ?", "show these keys"),
    ("Esc", "close the player"),
)
"""The player's keys and what they do: its help text, for the eye and for screen readers."""


class PoseView(Protocol):
    """What the player asks of its figure widget (``deskbreak.ui.figure.FigureView``)."""

    def show_pose(
        self,
        animation_id: str,
        phase: float,
        *,
        side: Side = Side.LEFT,
        contraction: float | None = None,
    ) -> None: ...


class PlayerWindow(CardWindow):
    """A window that plays a routine: figure, exercise, rep counter, side, holds, rests.

    Signals:
        finished(bool): the routine is over and the user answered whether they felt it in the
            right spot: True for Yes; False when they close the question after a "Not yet".
            Sent at most once.
        closed(): the window closed (Esc, the close button, or after the answer).
        muted_changed(bool): the user switched the sound off (True) or on, to remember.
        reduced_motion_changed(bool): the user switched still poses on (True) or off, to
            remember.

    Each frame reads ``clock`` (monotonic seconds), asks the playback for the point at that
    time and shows it; a frame timer runs only while playing and visible. "Not yet" adds a set
    of the first exercise and plays on. ``figure`` is any QWidget with ``show_pose``; the
    animated figure of the shipped animations unless given. ``sound`` plays the cues
    (:class:`~deskbreak.ui.sounds.Sounds` unless given).
    """

    finished = Signal(bool)
    closed = Signal()
    muted_changed = Signal(bool)
    reduced_motion_changed = Signal(bool)

    def __init__(
        self,
        routine: Routine | Timeline,
        figure: PoseView | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sound: SoundCues | None = None,
        reduced_motion: bool = False,
        muted: bool = False,
        playing: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if figure is None:
            source = read_asset_text(ANIMATIONS)
            figure = FigureView(load_animations(source, ANIMATIONS), reduced_motion=reduced_motion)
        # The shipped figure also describes itself to screen readers and can hold still.
        self._figure_view = figure if isinstance(figure, FigureView) else None
        if not isinstance(figure, QWidget):
            raise TypeError(f"the figure must be a QWidget with show_pose(), got {figure!r}")
        self._clock = clock
        self._sound: SoundCues = Sounds() if sound is None else sound
        self._sound.muted = muted
        self._figure = figure
        timeline = routine if isinstance(routine, Timeline) else Timeline(routine)
        self._playback = Playback(timeline, clock(), playing=playing)
        self._last: Point | None = None  # the point shown last, to spot reps and sides changing
        self._answered = False
        self._declined = False  # "Not yet" at least once: closing the question means not felt
        self._type_scale = 1.0
        self._reduced_motion = reduced_motion
        self._said: tuple[object, ...] | None = None  # what a screen reader last heard about
        self._subject: str | None = None  # the animation the figure was last named for

        self.setObjectName("routine-player")
        self.setWindowTitle(f"{timeline.routine.name} — deskbreak")
        self.setAccessibleName(f"{timeline.routine.name} player")
        self.setAccessibleDescription(
            "Keys: " + "; ".join(f"{key}: {does}" for key, does in KEYS) + "."
        )
        self.setMinimumSize(MINIMUM_SIZE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(REDUCED_MOTION_FRAME_MS if reduced_motion else FRAME_MS)
        self._timer.timeout.connect(self.refresh)

        self._build(figure)
        self._restyle()
        self.reduced_motion = reduced_motion  # the button's glyph; shows the first frame

    # -- what the app and tests use -------------------------------------------------------

    @property
    def playback(self) -> Playback:
        return self._playback

    @property
    def animating(self) -> bool:
        """Whether the frame timer runs (only while playing and visible)."""
        return self._timer.isActive()

    @property
    def muted(self) -> bool:
        return self._sound.muted

    @muted.setter
    def muted(self, muted: bool) -> None:
        self._sound.muted = muted
        self._mute.set_glyph(_Glyph.SOUND_OFF if muted else _Glyph.SOUND_ON)
        self._mute.setAccessibleName("Unmute sounds" if muted else "Mute sounds")
        self._mute.setToolTip("Sound off (M)" if muted else "Sound on (M)")

    @property
    def reduced_motion(self) -> bool:
        """Whether the figure holds its key poses instead of moving between them."""
        return self._reduced_motion

    @reduced_motion.setter
    def reduced_motion(self, reduced: bool) -> None:
        self._reduced_motion = reduced
        self._timer.setInterval(REDUCED_MOTION_FRAME_MS if reduced else FRAME_MS)
        if self._figure_view is not None:
            self._figure_view.set_reduced_motion(reduced)
        self._motion.set_glyph(_Glyph.MOTION_OFF if reduced else _Glyph.MOTION_ON)
        # A toggle: a screen reader says "Still poses, pressed" or "not pressed".
        self._motion.setChecked(reduced)
        self._motion.setToolTip(
            "Still poses: on (S)" if reduced else "Still poses: off, the figure moves (S)"
        )
        self.refresh()

    def show_keys(self) -> None:
        """Show the keys and what they do, next to the play button."""
        rows = "".join(
            f"<tr><td><b>{key}</b>&nbsp;&nbsp;</td><td>{does}</td></tr>" for key, does in KEYS
        )
        where = self._play.mapToGlobal(self._play.rect().topLeft())
        QToolTip.showText(where, f"<table>{rows}</table>", self, self._play.rect(), 8000)

    def toggle_playing(self) -> None:
        if self._playback.point(self._clock()).finished:
            return
        self._playback.toggle(self._clock())
        self._after_control(jumped=False)
        announce(self, "Playing" if self._playback.playing else "Paused")

    def next_step(self) -> None:
        self._playback.next(self._clock())
        self._after_control(jumped=True)

    def previous_step(self) -> None:
        self._playback.previous(self._clock())
        self._after_control(jumped=True)

    def restart_step(self) -> None:
        self._playback.restart_step(self._clock())
        self._after_control(jumped=True)

    # -- building ---------------------------------------------------------------------------

    def _build(self, figure: QWidget) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(PADDING, PADDING - 4, PADDING, PADDING - 8)
        outer.setSpacing(18)

        body = QHBoxLayout()
        body.setSpacing(32)
        self._stage = _Stage(figure)
        body.addWidget(self._stage, 11)
        self._pages = QStackedWidget()
        self._pages.setObjectName("pages")
        self._pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._work_page = self._build_work_page()
        self._rest_page = self._build_rest_page()
        self._end_page = self._build_end_page()
        for page in (self._work_page, self._rest_page, self._end_page):
            self._pages.addWidget(page)
        body.addWidget(self._pages, 9)
        outer.addLayout(body, 1)

        self._progress = _Progress(self._playback.timeline)
        outer.addWidget(self._progress)

        controls = QHBoxLayout()
        controls.setSpacing(10)
        self._time_left = _label("time-left")
        self._restart = _IconButton(_Glyph.RESTART, "restart", "Restart exercise", "Restart (R)")
        self._previous = _IconButton(_Glyph.PREVIOUS, "previous", "Previous exercise", "Back (←)")
        self._play = _IconButton(
            _Glyph.PAUSE, "play-pause", "Pause", "Pause (Space; F1 lists every key)", big=True
        )
        self._next = _IconButton(_Glyph.NEXT, "next", "Next exercise", "Next (→)")
        self._motion = _IconButton(_Glyph.MOTION_ON, "reduced-motion", "Still poses", "")
        self._motion.setCheckable(True)
        self._mute = _IconButton(_Glyph.SOUND_ON, "mute", "Mute sounds", "Sound on (M)")
        # Equal room on both sides keeps the transport buttons in the middle of the window.
        side_width = 140
        self._time_left.setFixedWidth(side_width)
        mute_holder = QWidget()
        mute_holder.setFixedWidth(side_width)
        mute_box = QHBoxLayout(mute_holder)
        mute_box.setContentsMargins(0, 0, 0, 0)
        mute_box.setSpacing(4)
        mute_box.addStretch(1)
        mute_box.addWidget(self._motion)
        mute_box.addWidget(self._mute)
        controls.addWidget(self._time_left, 0, Qt.AlignmentFlag.AlignVCenter)
        controls.addStretch(1)
        for button in (self._restart, self._previous, self._play, self._next):
            controls.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        # Restart's room mirrored after Next: the play button sits in the middle.
        controls.addSpacing(self._restart.width() + controls.spacing())
        controls.addStretch(1)
        controls.addWidget(mute_holder, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(controls)

        self._restart.clicked.connect(self.restart_step)
        self._previous.clicked.connect(self.previous_step)
        self._play.clicked.connect(self.toggle_playing)
        self._next.clicked.connect(self.next_step)
        self._mute.clicked.connect(self._toggle_muted)
        self._motion.clicked.connect(self._toggle_reduced_motion)
        self.muted = self.muted  # the mute button's glyph
        # Tab follows the eye: the answers at the end, then the buttons left to right.
        chain = (
            self._yes,
            self._not_yet,
            self._close,
            self._restart,
            self._previous,
            self._play,
            self._next,
            self._motion,
            self._mute,
        )
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        for control in chain:
            # A focused button would take ← and → to move the focus: they stay the player's.
            control.installEventFilter(self)

    def _build_work_page(self) -> QWidget:
        page, column = _page(spacing=6)
        self._eyebrow = _label("eyebrow")
        self._name = _label("name", wrap=True)
        chips = QHBoxLayout()
        chips.setSpacing(8)
        self._side = _Chip("side")
        self._set = _Chip("set")
        chips.addWidget(self._side)
        chips.addWidget(self._set)
        chips.addStretch(1)
        self._counter = _label("counter")
        self._counter_caption = _label("counter-caption")
        self._doing = _label("doing")
        self._doing_detail = _label("doing-detail")
        self._cue = _Tip("cue")
        column.addWidget(self._eyebrow)
        column.addWidget(self._name)
        column.addSpacing(4)
        column.addLayout(chips)
        column.addStretch(1)
        column.addWidget(self._counter)
        column.addWidget(self._counter_caption)
        column.addSpacing(22)
        doing = QHBoxLayout()
        doing.setSpacing(10)
        self._hold_ring = _HoldRing()
        doing.addWidget(self._hold_ring, 0, Qt.AlignmentFlag.AlignVCenter)
        doing.addWidget(self._doing, 1)
        column.addLayout(doing)
        column.addWidget(self._doing_detail)
        column.addStretch(1)
        column.addWidget(self._cue)
        return page

    def _build_rest_page(self) -> QWidget:
        page, column = _page(spacing=6)
        self._rest_eyebrow = _label("rest-eyebrow", "REST")
        self._rest_eyebrow.setAccessibleName("Rest")
        self._rest_title = _label("rest-title", "Breathe, shake it out")
        self._rest_countdown = _label("rest-countdown")
        self._rest_caption = _label("rest-caption", wrap=True)
        # The next exercise's preview, on a rounded panel.
        self._next_card = SoftPanel("next-card")
        card = QVBoxLayout(self._next_card)
        card.setContentsMargins(18, 14, 18, 16)
        card.setSpacing(4)
        self._next_label = _label("next-label", "NEXT UP")
        self._next_label.setAccessibleName("Next up")
        self._next_name = _label("next-name", wrap=True)
        self._next_dose = _label("next-dose", wrap=True)
        self._next_cue = _label("next-cue", wrap=True)
        for widget in (self._next_label, self._next_name, self._next_dose, self._next_cue):
            card.addWidget(widget)
        column.addWidget(self._rest_eyebrow)
        column.addWidget(self._rest_title)
        column.addStretch(1)
        column.addWidget(self._rest_countdown)
        column.addWidget(self._rest_caption)
        column.addStretch(1)
        column.addWidget(self._next_card)
        return page

    def _build_end_page(self) -> QWidget:
        page, column = _page(spacing=8)
        self._end_eyebrow = _label("end-eyebrow", "ROUTINE DONE")
        self._end_eyebrow.setAccessibleName("Routine done")
        self._end_title = _label("end-title", wrap=True)
        self._question = _label("question", wrap=True)
        self._question_hint = _label("question-hint", wrap=True)
        answers = QHBoxLayout()
        answers.setSpacing(10)
        self._yes = Button("Yes", "felt-yes", ButtonKind.PRIMARY)
        self._not_yet = Button("Not yet", "felt-not-yet")
        self._close = Button("Close", "close", ButtonKind.PRIMARY)
        self._yes.setAccessibleName("Yes, I felt it in my glutes")
        self._not_yet.setAccessibleName("Not yet: one more set of the first exercise")
        self._close.setAccessibleName("Close the player")
        for button in (self._yes, self._not_yet, self._close):
            answers.addWidget(button)
        answers.addStretch(1)
        column.addWidget(self._end_eyebrow)
        column.addStretch(1)
        column.addWidget(_Badge(), 0, Qt.AlignmentFlag.AlignLeft)
        column.addSpacing(8)
        column.addWidget(self._end_title)
        column.addSpacing(6)
        column.addWidget(self._question)
        column.addWidget(self._question_hint)
        column.addSpacing(10)
        column.addLayout(answers)
        column.addStretch(2)
        self._yes.clicked.connect(self._on_yes)
        self._not_yet.clicked.connect(self._on_not_yet)
        self._close.clicked.connect(self.close)
        return page

    # -- frames -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the routine at the clock's time now; the frame timer calls this."""
        point = self._playback.point(self._clock())
        self._cue_sound(self._last, point)
        self._last = point
        self._show(point)
        self._speak(point)
        if point.finished:
            self._sync_timer()

    def _show(self, point: Point) -> None:
        step = point.step
        exercise = step.exercise
        routine = self._playback.timeline.routine
        steps = len(routine.steps)
        if point.finished:
            self._show_end()
            self._name_figure(step)
            self._figure.show_pose(exercise.animation, 0.0, contraction=0.0)
        elif point.resting:
            self._show_rest(point)
            upcoming = point.next_step
            if upcoming is not None:
                # The next exercise's start pose: the user can get into position during the rest.
                self._name_figure(upcoming)
                self._figure.show_pose(upcoming.exercise.animation, 0.0, contraction=0.0)
            else:
                self._name_figure(step)
                self._figure.show_pose(exercise.animation, 0.0, contraction=0.0)
        else:
            self._show_work(point)
            self._name_figure(step)
            self._figure.show_pose(
                exercise.animation,
                # Point.phase goes up to the peak and back; the animation runs once per rep.
                animation_phase(point.step.dose, point.moment),
                side=point.moment.side or Side.LEFT,
                contraction=point.contraction,
            )
        left = point.total_s - point.elapsed_s
        if self._put(self._time_left, f"{_clock_text(left)} left"):
            self._time_left.setAccessibleName(f"{spoken_seconds(left)} left in the routine")
        eyebrow = f"Exercise {point.step_index + 1} of {steps}"
        if self._put(self._eyebrow, eyebrow.upper()):
            self._eyebrow.setAccessibleName(eyebrow)  # capitals would be spelled out
        self._progress.set_position(point.elapsed_s)
        self._show_transport(point)

    def _show_work(self, point: Point) -> None:
        self._pages.setCurrentWidget(self._work_page)
        step = point.step
        texts = _work_texts(step.dose, point.moment)
        self._put(self._name, step.exercise.name)
        self._side.set_text(texts.side)
        self._set.set_text(texts.sets)
        # The "|" (not "or") puts both texts, and only then tells a screen reader.
        if self._put(self._counter, texts.counter) | self._put(
            self._counter_caption, texts.caption
        ):
            self._counter.setAccessibleName(_spoken_counter(step.dose, point.moment))
        if self._put(self._doing, texts.doing):
            self._doing.setAccessibleName(spoken_text(texts.doing))
        if self._put(self._doing_detail, texts.detail):
            self._doing_detail.setAccessibleName(spoken_text(texts.detail))
        self._hold_ring.set_left(_hold_left(step.dose, point.moment))
        cues = _cues(step)
        cue = cues[int(point.step_elapsed_s // CUE_SECONDS) % len(cues)] if cues else ""
        self._put(self._cue, cue)

    def _show_rest(self, point: Point) -> None:
        self._pages.setCurrentWidget(self._rest_page)
        upcoming = point.next_step
        if self._put(self._rest_countdown, _clock_text(point.rest_left_s)):
            self._rest_countdown.setAccessibleName(
                f"{spoken_seconds(point.rest_left_s)} of rest left"
            )
        if upcoming is None:
            self._put(self._rest_caption, "Nearly there")
            self._next_card.setVisible(False)
            return
        self._next_card.setVisible(True)
        self._put(self._rest_caption, "until the next exercise")
        self._put(self._next_name, upcoming.exercise.name)
        if self._put(self._next_dose, _dose_text(upcoming)):
            self._next_dose.setAccessibleName(spoken_text(_dose_text(upcoming)))
        cues = _cues(upcoming)
        self._put(self._next_cue, cues[0] if cues else "")

    def _show_end(self) -> None:
        self._pages.setCurrentWidget(self._end_page)
        if self._answered:
            self._put(self._end_title, "Have a good run!")
            self._put(self._question, "")
            self._put(self._question_hint, "Glutes awake. Start easy for the first few minutes.")
        else:
            self._put(self._end_title, "Nicely done.")
            self._put(self._question, "Did you feel it in the right spot?")
            self._put(
                self._question_hint,
                "The work should sit in your glutes, not your lower back or the backs of "
                "your thighs. Not yet? One more set of the first exercise.",
            )
        self._question.setVisible(not self._answered)
        self._yes.setVisible(not self._answered)
        self._not_yet.setVisible(not self._answered)
        self._close.setVisible(self._answered)

    def _cue_sound(self, before: Point | None, after: Point) -> None:
        if before is None:
            return
        cue = _cue_between(before, after)
        if cue is not None:
            self._sound.play(cue)

    @staticmethod
    def _put(label: QLabel, text: str) -> bool:
        """Show ``text`` on ``label``; whether it changed."""
        # Setting a label's text relayouts and repaints even when it is the same text.
        if label.text() == text:
            return False
        label.setText(text)
        return True

    def _name_figure(self, step: Step) -> None:
        """Tell the figure which exercise it shows, for its accessible description."""
        exercise = step.exercise
        if exercise.animation != self._subject and self._figure_view is not None:
            self._subject = exercise.animation
            sided = step.dose.sides is not Sides.BOTH
            self._figure_view.set_subject(exercise.animation, exercise.name, sided=sided)

    def _speak(self, point: Point) -> None:
        """Tell a screen reader what to do when that changes: a new exercise, rep, hold, side,
        rest or the end; never the frames in between."""
        said = _said(point)
        if said == self._said:
            return
        before, self._said = self._said, said
        new_step = before is None or before[:2] != said[:2]
        announce(self, _spoken(point, len(self._playback.timeline.routine.steps), new_step))

    # -- controls ---------------------------------------------------------------------------

    def _after_control(self, *, jumped: bool) -> None:
        if jumped:
            self._last = None  # a jump is not a rep or a side switch: no sound for it
        self.refresh()
        self._sync_timer()

    def _show_transport(self, point: Point) -> None:
        # Nothing is left to play at the end: the question there has the say.
        playing = self._playback.playing and not point.finished
        if self._play.set_glyph(_Glyph.PAUSE if playing else _Glyph.PLAY):
            self._play.setAccessibleName("Pause" if playing else "Play")
            self._play.setToolTip(
                "Pause (Space; F1 lists every key)"
                if playing
                else "Play (Space; F1 lists every key)"
            )
        for control in (self._play, self._next):
            if control.isEnabled() == point.finished:
                control.setEnabled(not point.finished)

    def _toggle_muted(self) -> None:
        self.muted = not self.muted
        announce(self, "Sound off" if self.muted else "Sound on")
        self.muted_changed.emit(self.muted)

    def _toggle_reduced_motion(self) -> None:
        self.reduced_motion = not self.reduced_motion
        announce(self, "Still poses" if self.reduced_motion else "Moving figure")
        self.reduced_motion_changed.emit(self.reduced_motion)

    def _sync_timer(self) -> None:
        point = self._last
        running = (
            self._playback.playing
            and self.isVisible()
            and not self.isMinimized()
            and not (point is not None and point.finished)
        )
        if running and not self._timer.isActive():
            self._timer.start()
        elif not running:
            self._timer.stop()

    def _on_yes(self) -> None:
        if self._answered:
            return
        self._answered = True
        self._show_end()
        self._close.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self, "Have a good run!")
        self.finished.emit(True)

    def _on_not_yet(self) -> None:
        if self._answered:
            return
        self._declined = True
        now = self._clock()
        # Paused around the change, so the time spent on the question does not count.
        self._playback.pause(now)
        self._playback.extra_set(0)
        self._playback.play(now)
        self._progress.set_timeline(self._playback.timeline)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._after_control(jumped=True)

    # -- events -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key == Qt.Key.Key_F1 or event.text() == "?":  # "?" comes with Shift on most layouts
            self.show_keys()
        elif event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif key == Qt.Key.Key_Space:
            self.toggle_playing()
        elif key == Qt.Key.Key_Right:
            self.next_step()
        elif key == Qt.Key.Key_Left:
            self.previous_step()
        elif key == Qt.Key.Key_R:
            self.restart_step()
        elif key == Qt.Key.Key_M:
            self._toggle_muted()
        elif key == Qt.Key.Key_S:
            self._toggle_reduced_motion()
        elif key == Qt.Key.Key_Escape:
            self.close()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QAbstractButton) and focused.isVisible():
                focused.click()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right)
        ):
            self.keyPressEvent(event)
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.refresh()
        self._sync_timer()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self._timer.stop()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        # A palette change restyles (CardWindow).
        if event.type() == QEvent.Type.WindowStateChange:
            self._sync_timer()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._timer.stop()
        point = self._playback.point(self._clock())
        if point.finished and self._declined and not self._answered:
            self._answered = True
            self.finished.emit(False)
        self._playback.pause(self._clock())
        super().closeEvent(event)
        self.closed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        scale = min(MAX_TYPE_SCALE, max(1.0, self.height() / DESIGN_HEIGHT))
        # In steps, so dragging a window edge does not restyle on every pixel.
        scale = round(scale * 10) / 10
        if scale != self._type_scale:
            self._type_scale = scale
            self._restyle()

    def _restyle(self) -> None:
        look = Look(self.palette())
        base = QFont(self.font())
        base.setPointSizeF(base.pointSizeF() * self._type_scale)
        semi = QFont.Weight.DemiBold
        for eyebrow in (self._eyebrow, self._rest_eyebrow, self._end_eyebrow, self._next_label):
            style_label(eyebrow, look.accent, base, scale=0.85, weight=QFont.Weight.Bold)
            font = eyebrow.font()
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
            eyebrow.setFont(font)
        style_label(self._name, look.ink, base, scale=1.75, weight=semi)
        style_label(self._counter, look.ink, base, scale=4.6, weight=semi)
        style_label(self._counter_caption, look.muted, base, scale=1.0)
        style_label(self._doing, look.accent, base, scale=1.45, weight=semi)
        style_label(self._doing_detail, look.muted, base, scale=1.0)
        self._hold_ring.setFont(self._doing.font())
        self._hold_ring.setFixedSize(self._hold_ring.sizeHint())
        style_label(self._cue, look.ink, base, scale=1.12)
        style_label(self._rest_title, look.ink, base, scale=1.75, weight=semi)
        style_label(self._rest_countdown, look.ink, base, scale=4.6, weight=semi)
        style_label(self._rest_caption, look.muted, base, scale=1.0)
        style_label(self._next_name, look.ink, base, scale=1.3, weight=semi)
        style_label(self._next_dose, look.accent, base, scale=1.0, weight=QFont.Weight.Medium)
        style_label(self._next_cue, look.muted, base, scale=1.0)
        style_label(self._end_title, look.ink, base, scale=1.9, weight=semi)
        style_label(self._question, look.ink, base, scale=1.3, weight=QFont.Weight.Medium)
        style_label(self._question_hint, look.muted, base, scale=1.0)
        style_label(self._time_left, look.muted, base, scale=1.0)
        for big in (self._counter, self._rest_countdown):
            font = big.font()
            # Figures of one width: the counter does not wobble as it counts.
            font.setFeature(QFont.Tag("tnum"), 1)
            big.setFont(font)
        self._side.set_colours(look.accent, look.accent_soft, base)
        self._set.set_colours(look.muted, look.faint, base)
        # Lines keep their height while their text comes and goes (a detail, a cue of one or
        # two lines), so the counter never jumps.
        for line in (self._counter, self._counter_caption, self._doing, self._doing_detail):
            line.setMinimumHeight(QFontMetrics(line.font()).height())
        cue_lines = QFontMetrics(self._cue.font()).lineSpacing() * 2
        self._cue.setMinimumHeight(cue_lines + self._cue.contentsMargins().top() * 2)
        self.update()


# -- texts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _WorkTexts:
    """The words the work page shows for one moment."""

    counter: str
    caption: str
    doing: str
    detail: str
    side: str
    sets: str


def _work_texts(dose: Dose, moment: Moment) -> _WorkTexts:
    side = f"{moment.side.value.capitalize()} side" if moment.side is not None else ""
    sets = f"Set {moment.set_number} of {moment.sets}" if moment.sets > 1 else ""
    left = math.ceil(moment.stage_left)
    if moment.rep is not None and moment.reps is not None:
        counter = f"{moment.rep} / {moment.reps}"
        caption = "reps" if dose.hold_seconds is None else f"{dose.hold_label}s"
    else:
        whole = math.ceil(moment.left if dose.duration_seconds is not None else moment.stage_left)
        counter = _clock_text(whole) if whole >= 60 else str(whole)
        caption = "seconds left"
    if moment.stage is Stage.SWITCH:
        # The rep count would read as the last rep still going: count the switch instead.
        return _WorkTexts(
            counter=str(left),
            caption="seconds to switch",
            doing="Switch sides",
            detail=f"{side} next" if side else "",
            side=side,
            sets=sets,
        )
    if moment.stage is Stage.REST:
        return _WorkTexts(
            counter=str(left) if left < 60 else _clock_text(left),
            caption="seconds to rest",
            doing="Rest between sets",
            detail=f"Set {moment.set_number} of {moment.sets} next",
            side=side,
            sets=sets,
        )
    if moment.stage is Stage.RELEASE:
        doing, detail = f"Relax · {left} s", f"Next {dose.hold_label} coming"
    elif dose.hold_seconds is not None and moment.rep is None:
        doing, detail = dose.hold_label.capitalize(), "Keep breathing"  # the counter counts
    elif dose.hold_seconds is not None:
        doing, detail = f"{dose.hold_label.capitalize()} · {left} s", "Keep breathing"
    elif dose.duration_seconds is not None:
        doing, detail = "Keep going", "Steady and controlled"
    elif dose.tempo is not None:
        tempo = dose.tempo
        doing = "Slow and controlled"
        detail = f"{tempo.up:g} s up · {tempo.hold:g} s hold · {tempo.down:g} s down"
    else:
        doing, detail = "Slow and controlled", f"About {dose.rep_length:g} s a rep"
    return _WorkTexts(
        counter=counter, caption=caption, doing=doing, detail=detail, side=side, sets=sets
    )


def _spoken_counter(dose: Dose, moment: Moment) -> str:
    """The big counter in words: "Rep 2 of 10", "Squeeze 1 of 3", "45 seconds left"."""
    if moment.stage is Stage.SWITCH:
        return f"{spoken_seconds(moment.stage_left)} to switch sides"
    if moment.stage is Stage.REST:
        return f"{spoken_seconds(moment.stage_left)} of rest"
    if moment.rep is not None and moment.reps is not None:
        what = "Rep" if dose.hold_seconds is None else dose.hold_label.capitalize()
        return f"{what} {moment.rep} of {moment.reps}"
    left = moment.left if dose.duration_seconds is not None else moment.stage_left
    return f"{spoken_seconds(left)} left"


def _said(point: Point) -> tuple[object, ...]:
    """What a screen reader hears about at ``point``: it speaks when this changes."""
    if point.finished:
        return ("end", point.step_index)
    if point.resting:
        return ("rest", point.step_index)
    moment = point.moment
    if point.step.dose.duration_seconds is not None:
        # A timed move's side swaps with every step: not worth a word each time.
        return ("work", point.step_index, moment.stage, moment.set_number)
    return ("work", point.step_index, moment.stage, moment.set_number, moment.rep, moment.side)


def _spoken(point: Point, steps: int, new_step: bool) -> str:
    """The words for a screen reader at ``point``; ``new_step`` when the exercise is new."""
    if point.finished:
        return (
            "Routine done. Did you feel it in the right spot? Answer Yes, or Not yet for one "
            "more set of the first exercise."
        )
    if point.resting:
        upcoming = point.next_step
        rest = f"Rest, {spoken_seconds(point.rest_left_s)}."
        if upcoming is None:
            return f"{rest} Nearly there."
        return f"{rest} Next up: {upcoming.exercise.name}, {spoken_text(upcoming.dose.text)}."
    step, moment = point.step, point.moment
    dose = step.dose
    side = f"{moment.side.value} side" if moment.side is not None else ""
    parts = (
        [f"Exercise {point.step_index + 1} of {steps}: {step.exercise.name}"] if new_step else []
    )
    if moment.stage is Stage.SWITCH:
        parts.append(f"Switch sides, {side} next" if side else "Switch sides")
    elif moment.stage is Stage.REST:
        parts.append(f"Rest between sets, set {moment.set_number} of {moment.sets} next")
    elif moment.stage is Stage.RELEASE:
        parts.append("Relax")
    elif dose.duration_seconds is not None:
        parts.append(f"Keep going for {spoken_seconds(moment.left)}")
    elif dose.hold_seconds is not None:
        held = dose.hold_label.capitalize()
        count = f" {moment.rep} of {moment.reps}" if moment.rep is not None else ""
        parts.append(f"{held}{count} for {spoken_seconds(moment.stage_left)}")
    else:
        parts.append(_spoken_counter(dose, moment))
    if side and moment.stage is Stage.WORK and (new_step or moment.rep in (None, 1)):
        parts.append(side.capitalize())
    return ". ".join(parts) + "."


def _hold_left(dose: Dose, moment: Moment) -> float | None:
    """The share of a hold or a timed move still to go, or None when nothing is held.

    Between the holds of a dose the ring stays, empty, so the words beside it keep their place.
    """
    working = moment.stage is Stage.WORK
    if dose.hold_seconds is not None:
        return moment.stage_left / dose.hold_seconds if working else 0.0
    if dose.duration_seconds is not None and working:
        return moment.left / dose.duration_seconds
    return None


def _cues(step: Step) -> tuple[str, ...]:
    """The step's note first, then the exercise's form cues."""
    return ((step.note,) if step.note else ()) + step.exercise.cues


def _dose_text(step: Step) -> str:
    return f"{step.dose.text} · {step.dose.length_text}"


def _clock_text(seconds: float) -> str:
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


def _cue_between(before: Point, after: Point) -> Cue | None:
    """The sound for the move from ``before`` to ``after`` (consecutive frames), if any."""
    working_before = not (before.resting or before.finished)
    working_after = not (after.resting or after.finished)
    if before.step_index != after.step_index or working_before != working_after:
        if working_before:
            return Cue.EXERCISE_DONE
        if working_after and after.moment.stage is Stage.WORK:
            return Cue.REP  # the first rep, or a single hold, begins
        return None
    if not working_after:
        return None
    was, now = before.moment, after.moment
    if (was.stage, was.set_number, was.rep, was.side) == (
        now.stage,
        now.set_number,
        now.rep,
        now.side,
    ):
        return None
    if now.stage is Stage.SWITCH:
        return Cue.SIDE_SWITCH
    if was.stage is Stage.WORK and after.step.dose.hold_seconds is not None:
        return Cue.HOLD_END
    if now.stage is Stage.WORK and now.rep is not None:
        return Cue.REP
    return None


def _page(*, spacing: int) -> tuple[QWidget, QVBoxLayout]:
    """A page of the stack and the column its parts go into, top to bottom."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 8, 0, 0)
    column.setSpacing(spacing)
    return page, column


def _label(name: str, text: str = "", *, wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if wrap:
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setMinimumWidth(200)
    return label


# -- parts ------------------------------------------------------------------------------------


class _Stage(QWidget):
    """The figure on a soft rounded panel, the way a mat marks out a floor."""

    def __init__(self, figure: QWidget) -> None:
        super().__init__()
        self.setObjectName("stage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(figure)
        figure.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(300, 280)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            shape = rounded(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), STAGE_RADIUS)
            painter.fillPath(shape, mix(look.ink, look.card, 0.045 if look.dark else 0.03))
            painter.setPen(QPen(look.border, 1))
            painter.drawPath(shape)


class _Tip(QLabel):
    """The form cue: wrapped text beside a slim accent bar, as a coach's note."""

    BAR = 3.0

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(200)
        self.setContentsMargins(round(self.BAR) + 12, 2, 0, 2)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.text():
            with painting(self) as painter:
                # As tall as the text, not the room kept for two lines.
                text = self.fontMetrics().boundingRect(
                    self.contentsRect(), Qt.TextFlag.TextWordWrap, self.text()
                )
                height = min(self.height(), text.height() + 4)
                bar = rounded(QRectF(0, 0, self.BAR, height), 1.5)
                painter.fillPath(bar, Look(self.palette()).accent)
        super().paintEvent(event)


class _HoldRing(QWidget):
    """A small ring that empties as a hold runs out; hidden when nothing is held."""

    STEPS = 120
    """Positions the arc's end takes, 3 degrees apart: it repaints only when it moves a step."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("hold-ring")
        self._steps: int | None = None
        self.setVisible(False)

    def set_left(self, share: float | None) -> None:
        steps = None if share is None else math.ceil(min(1.0, max(0.0, share)) * self.STEPS)
        if steps == self._steps:
            return
        self._steps = steps
        if self.isHidden() != (steps is None):
            self.setVisible(steps is not None)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        side = round(self.fontMetrics().height() * 1.5)
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        if self._steps is None:
            return
        look = Look(self.palette())
        with painting(self) as painter:
            width = max(2.5, self.height() / 8)
            box = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
            painter.setPen(QPen(look.faint, width))
            painter.drawEllipse(box)
            pen = QPen(look.accent, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            # Qt angles: 1/16 degree, counter-clockwise from 3 o'clock; this runs clockwise
            # from 12 and shrinks toward it.
            painter.drawArc(box, 90 * 16, -round(360 * 16 * self._steps / self.STEPS))


class _Badge(QWidget):
    """A tick on a soft accent disc: the routine is done."""

    SIZE = 56

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("done-badge")
        self.setFixedSize(self.SIZE, self.SIZE)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(look.accent_soft)
            painter.drawEllipse(QRectF(self.rect()))
            scale = self.SIZE / 24
            painter.scale(scale, scale)
            tick = QPainterPath(QPointF(7.5, 12.5))
            tick.lineTo(10.5, 15.5)
            tick.lineTo(16.5, 9)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(
                QPen(
                    look.accent,
                    1.8,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            painter.drawPath(tick)


class _Chip(Chip):
    """A short fact (the side, the set); hidden when empty."""

    def __init__(self, name: str) -> None:
        super().__init__(name, padding=(12, 4))
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setVisible(False)

    def set_text(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
        if self.isHidden() == bool(text):
            self.setVisible(bool(text))


class _Progress(QWidget):
    """The whole routine as a slim bar, one segment per step (its rest included), filled so far.

    It repaints only when the filled end moves by a device pixel."""

    GAP = 4.0
    HEIGHT = 6

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self.setObjectName("progress")
        self.setFixedHeight(self.HEIGHT + 4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._timeline = timeline
        self._position = 0.0
        self._drawn = -1
        self.setAccessibleName("Routine progress")

    def set_timeline(self, timeline: Timeline) -> None:
        self._timeline = timeline
        self._drawn = -1
        self.update()

    def set_position(self, seconds: float) -> None:
        self._position = seconds
        pixels = round(self._fraction() * self.width() * self.devicePixelRatioF())
        if pixels != self._drawn:
            self._drawn = pixels
            self.update()
            done = f"{math.floor(self._fraction() * 100)} % done"
            if done != self.accessibleDescription():
                self.setAccessibleDescription(done)

    def _fraction(self) -> float:
        total = self._timeline.total_s
        return min(1.0, self._position / total) if total > 0 else 0.0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            timeline = self._timeline
            steps = len(timeline.routine.steps)
            width = self.width() - self.GAP * (steps - 1)
            top = (self.height() - self.HEIGHT) / 2
            x = 0.0
            for index in range(steps):
                start = timeline.step_start(index)
                end = timeline.step_start(index + 1) if index + 1 < steps else timeline.total_s
                length = width * (end - start) / timeline.total_s
                track = rounded(QRectF(x, top, length, self.HEIGHT), self.HEIGHT / 2)
                painter.fillPath(track, look.faint)
                done = min(1.0, max(0.0, (self._position - start) / (end - start)))
                if done > 0:
                    painter.save()
                    painter.setClipRect(QRectF(x, top, length * done, self.HEIGHT))
                    painter.fillPath(track, look.accent)
                    painter.restore()
                x += length + self.GAP


class _Glyph(enum.Enum):
    PLAY = "play"
    PAUSE = "pause"
    PREVIOUS = "previous"
    NEXT = "next"
    RESTART = "restart"
    SOUND_ON = "sound-on"
    SOUND_OFF = "sound-off"
    MOTION_ON = "motion-on"
    MOTION_OFF = "motion-off"


class _IconButton(QAbstractButton):
    """A round button with a drawn glyph: crisp at any scale, the same on every style."""

    def __init__(
        self, glyph: _Glyph, name: str, accessible: str, tip: str, *, big: bool = False
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setToolTip(tip)
        self._glyph = glyph
        self._big = big
        side = 60 if big else 44
        self.setFixedSize(side, side)
        # Keys belong to the window (Space plays and pauses); Tab still reaches every button.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

    @property
    def glyph(self) -> _Glyph:
        return self._glyph

    def set_glyph(self, glyph: _Glyph) -> bool:
        """Show ``glyph``; whether that changed anything."""
        if glyph is self._glyph:
            return False
        self._glyph = glyph
        self.update()
        return True

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.size()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        del event
        look = Look(self.palette())
        with painting(self) as painter:
            box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            hovered, down = self.underMouse(), self.isDown()
            if self._big and not self.isEnabled():
                fill, ink = look.faint, look.muted
            elif self._big:
                fill, ink = primary_fill(hovered=hovered, down=down), QColor("white")
            else:
                fill = with_alpha(look.ink, 0.14 if down else 0.09 if hovered else 0.0)
                ink = look.ink if self.isEnabled() else mix(look.ink, look.card, 0.28)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawEllipse(box)
            if self.hasFocus():
                whole = QRectF(self.rect())
                filled = self._big and self.isEnabled()
                paint_focus_ring(painter, look, whole, whole.width() / 2 - 1, filled=filled)
            scale = box.width() / (40 if self._big else 36)
            painter.translate(box.center())
            painter.scale(scale, scale)
            painter.translate(-12, -12)
            _draw_glyph(painter, self._glyph, ink)


def _draw_glyph(painter: QPainter, glyph: _Glyph, ink: QColor) -> None:
    """``glyph`` in a 24 × 24 box, in ``ink``."""
    pen = QPen(ink, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(ink)

    def polygon(*points: tuple[float, float]) -> None:
        path = QPainterPath(QPointF(*points[0]))
        for point in points[1:]:
            path.lineTo(QPointF(*point))
        path.closeSubpath()
        painter.drawPath(path)

    if glyph is _Glyph.PLAY:
        polygon((8.5, 5.5), (19, 12), (8.5, 18.5))
    elif glyph is _Glyph.PAUSE:
        painter.drawRoundedRect(QRectF(7, 5.5, 3, 13), 1, 1)
        painter.drawRoundedRect(QRectF(14, 5.5, 3, 13), 1, 1)
    elif glyph is _Glyph.PREVIOUS:
        painter.drawLine(QPointF(6.5, 6.5), QPointF(6.5, 17.5))
        polygon((17.5, 6.5), (9.5, 12), (17.5, 17.5))
    elif glyph is _Glyph.NEXT:
        painter.drawLine(QPointF(17.5, 6.5), QPointF(17.5, 17.5))
        polygon((6.5, 6.5), (14.5, 12), (6.5, 17.5))
    elif glyph is _Glyph.RESTART:
        # Most of a circle, drawn counter-clockwise from just right of the top, with the
        # arrowhead at its start pointing clockwise: "round again".
        start, sweep, radius = 80.0, 285.0, 7.0
        painter.setBrush(Qt.BrushStyle.NoBrush)
        arc = QPainterPath()
        ring = QRectF(12 - radius, 12.5 - radius, 2 * radius, 2 * radius)
        arc.arcMoveTo(ring, start)
        arc.arcTo(ring, start, sweep)
        painter.drawPath(arc)
        angle = math.radians(start)
        tip = arc.pointAtPercent(0.0)
        out = QPointF(math.cos(angle), -math.sin(angle))  # away from the centre
        ahead = QPointF(math.sin(angle), math.cos(angle))  # clockwise along the ring
        painter.setBrush(ink)
        painter.setPen(
            QPen(
                ink, 1.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
            )
        )
        head = tip + ahead * 3.2
        wing_out, wing_in = tip + out * 3.0 - ahead * 0.6, tip - out * 3.0 - ahead * 0.6
        polygon((head.x(), head.y()), (wing_out.x(), wing_out.y()), (wing_in.x(), wing_in.y()))
    elif glyph in (_Glyph.MOTION_ON, _Glyph.MOTION_OFF):
        # A ball with speed lines behind it: the figure moves; struck through: still poses.
        painter.drawEllipse(QPointF(15.5, 12), 3.5, 3.5)
        for y, start in ((8.0, 6.0), (12.0, 3.5), (16.0, 6.0)):
            painter.drawLine(QPointF(start, y), QPointF(9.5, y))
        if glyph is _Glyph.MOTION_OFF:
            painter.setPen(QPen(ink, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(4.5, 19.5), QPointF(19.5, 4.5))
    else:
        polygon((4, 9.5), (8, 9.5), (12.5, 5.5), (12.5, 18.5), (8, 14.5), (4, 14.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if glyph is _Glyph.SOUND_ON:
            for radius in (3.5, 7.0):
                wave = QPainterPath()
                ring = QRectF(12.5 - radius, 12 - radius, 2 * radius, 2 * radius)
                wave.arcMoveTo(ring, -45)
                wave.arcTo(ring, -45, 90)
                painter.drawPath(wave)
        else:
            painter.drawLine(QPointF(15.5, 9.5), QPointF(20.5, 14.5))
            painter.drawLine(QPointF(20.5, 9.5), QPointF(15.5, 14.5))
