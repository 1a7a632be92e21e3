"""How a due break reaches the user: a native notification with actions, or the popup.

The prompter picks the exercise, asks in the desktop's own way, and turns the user's answer
into one of three signals for the shell. The popup is built only when first needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6 import QtCore

from deskbreak.desktop.notifications import Notifier
from deskbreak.domain.durations import human_duration
from deskbreak.domain.events import BreakDue, BreakWarning, PromptClosed
from deskbreak.domain.exercises import Exercise, Rotation
from deskbreak.ui.tray import Tray

if TYPE_CHECKING:
    # The popup (and the figure it paints) loads when a break first asks, not at start-up.
    from deskbreak.ui.popup import BreakPopup

log = logging.getLogger(__name__)

START = "start"
SNOOZE = "snooze"
DEFAULT = "default"  # a click on the notification's body
URGENCY_LOW = 0
URGENCY_NORMAL = 1


class Prompter(QtCore.QObject):
    """Offers each break once, in one place, and reports the answer.

    Signals:
        started(): the user takes the break (Start in the popup or the notification).
        snoozed(float): ask again after this much sitting.
        skipped(): no break this time.

    With ``use_notifications`` and a notification server that shows actions, a break is a
    notification (Start, Snooze); Start opens the popup with the exercise's timer. Otherwise
    the popup itself asks. The tray balloon is the last resort for the warning only.
    ``reduced_motion`` is asked at each offer: the popup's figure then holds its key poses.
    """

    started = QtCore.Signal()
    snoozed = QtCore.Signal(float)
    skipped = QtCore.Signal()

    def __init__(
        self,
        *,
        rotation: Rotation,
        notifier: Notifier | None,
        tray: Tray,
        make_popup: Callable[[], BreakPopup],
        snooze_s: Callable[[], float],
        use_notifications: bool,
        reduced_motion: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__()
        self._reduced_motion = reduced_motion
        self._rotation = rotation
        self._notifier = notifier
        self._tray = tray
        self._make_popup = make_popup
        self._popup: BreakPopup | None = None
        self._snooze_s = snooze_s
        self._use_notifications = use_notifications
        self._exercise: Exercise | None = None
        self._notification = 0
        self._warning = 0
        if notifier is not None:
            notifier.action_invoked.connect(self._on_action)
            notifier.closed.connect(self._on_closed)

    @property
    def popup(self) -> BreakPopup | None:
        """The popup if it was ever needed (tests and screenshots look at it)."""
        return self._popup

    @property
    def exercise(self) -> Exercise | None:
        """The exercise of the break being offered or taken."""
        return self._exercise

    def set_use_notifications(self, *, on: bool) -> None:
        """Follow ``breaks.prompt``: notifications from the next offer on, or the popup."""
        self._use_notifications = on

    def _notifications_with_actions(self) -> bool:
        notifier = self._notifier
        return (
            self._use_notifications
            and notifier is not None
            and notifier.available
            and notifier.supports_actions
        )

    # -- what the shell calls -----------------------------------------------------------

    def offer(self, due: BreakDue) -> BreakDue:
        """Ask for the break ``due``; returns the event with the exercise offered filled in."""
        exercise = self._rotation.pick()
        self._exercise = exercise
        self._close_warning()
        if self._notifications_with_actions():
            assert self._notifier is not None
            minutes = human_duration(due.sitting_s)
            self._notification = self._notifier.notify(
                "Time to stand up",
                f"{minutes} in your chair. {exercise.name}: {exercise.dose.text}.",
                actions=((DEFAULT, "Show"), (START, "Start"), (SNOOZE, "Snooze 5 min")),
                urgency=URGENCY_NORMAL,
                # It stays until answered; the tracker closes it when it snoozes itself.
                timeout_ms=0,
                category="x-deskbreak.break",
            )
        if not self._notification:
            self._show_popup(exercise)
        return replace(due, exercise=exercise.id)

    def warn(self, warning: BreakWarning) -> None:
        """The quiet heads-up before a break."""
        text = f"A short break comes in {human_duration(warning.due_in_s)}."
        notifier = self._notifier
        if notifier is not None and notifier.available:
            self._warning = notifier.notify(
                "Break soon", text, urgency=URGENCY_LOW, timeout_ms=10_000
            )
        else:
            self._tray.show_message("Break soon", text)

    def closed(self, event: PromptClosed) -> None:
        """The tracker closed the prompt (answered, unanswered, walked away, paused)."""
        if self._notification and self._notifier is not None:
            self._notifier.close(self._notification)
        self._notification = 0
        popup = self._popup
        if popup is not None and popup.exercise is not None and not popup.timing:
            popup.withdraw()

    def shutdown(self) -> None:
        if self._notifier is not None:
            self._notifier.shutdown()
        if self._popup is not None:
            self._popup.withdraw()

    # -- answers ------------------------------------------------------------------------

    def _on_action(self, notification: int, action: str) -> None:
        if notification != self._notification:
            return
        self._notification = 0
        # Some servers (dunst) leave a notification up after one of its actions ran.
        if self._notifier is not None:
            self._notifier.close(notification)
        if action == SNOOZE:
            self.snoozed.emit(self._snooze_s())
        elif self._exercise is not None:
            popup = self._show_popup(self._exercise)
            if action == START:
                popup.start()

    def _on_closed(self, notification: int, reason: int) -> None:
        if notification == self._warning:
            self._warning = 0
        elif notification == self._notification:
            # Dismissed, expired or the server went away: the popup asks instead, so the
            # break is not lost with the notification.
            self._notification = 0
            if self._exercise is not None:
                self._show_popup(self._exercise)

    def _close_warning(self) -> None:
        if self._warning and self._notifier is not None:
            self._notifier.close(self._warning)
        self._warning = 0

    def _show_popup(self, exercise: Exercise) -> BreakPopup:
        if self._popup is None:
            self._popup = self._make_popup()
            self._popup.started.connect(self.started)
            self._popup.snoozed.connect(self.snoozed)
            self._popup.skipped.connect(self.skipped)
        if self._popup.exercise is None:
            self._popup.reduced_motion = self._reduced_motion()
            self._popup.offer(exercise)
        return self._popup
