"""Routines in the running app: the evening window on run days, the player, the squeeze test.

Windows are built when first needed and dropped when closed, so the tray alone stays light.
Every routine played and every squeeze-test answer goes to the history.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6 import QtCore

from deskbreak.app.evening import EveningPlanner
from deskbreak.app.library import Library
from deskbreak.domain.durations import human_duration
from deskbreak.domain.evening import Rating, RoutineRun, Squeeze
from deskbreak.domain.exercises import Side
from deskbreak.domain.routine import Routine
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import DayTotals
from deskbreak.storage.history import History

log = logging.getLogger(__name__)

PRE_RUN = "glute-wake-up"


class Routines(QtCore.QObject):
    """Opens routines and the squeeze test, and answers the evening planner.

    Signals: none; the shell calls ``open_routine`` (tray, IPC) and ``squeeze_test``.
    ``remember(key, value)`` keeps a setting the user changed in the player (its mute, its
    still poses), so the next routine, and the next start of the app, begin that way.
    """

    def __init__(
        self,
        *,
        library: Library,
        history: History,
        settings: Callable[[], Settings],
        now: Callable[[], datetime],
        planner: EveningPlanner | None,
        remember: Callable[[str, Any], None] | None = None,
    ) -> None:
        super().__init__()
        self._remember = remember
        self._library = library
        self._history = history
        self._settings = settings
        self._now = now
        self._planner = planner
        self._player: QtCore.QObject | None = None
        self._evening: QtCore.QObject | None = None
        self._squeeze: QtCore.QObject | None = None
        self._running: tuple[Routine, datetime] | None = None
        if planner is not None:
            planner.run_due.connect(self._evening_due)

    @property
    def names(self) -> list[str]:
        return [routine.id for routine in self._library.routines]

    @property
    def player(self) -> QtCore.QObject | None:
        return self._player

    @property
    def evening(self) -> QtCore.QObject | None:
        return self._evening

    def routine(self, routine_id: str) -> Routine:
        """The routine, with the band swapped out when the user has none; KeyError if unknown."""
        routine = self._library.routine(routine_id)
        if self._settings()["equipment.mini_band"]:
            return routine
        return routine.without_equipment(self._library.catalog, frozenset())

    def open_routine(self, routine_id: str) -> None:
        """Open the player on ``routine_id`` (KeyError if there is none)."""
        from deskbreak.ui.player import PlayerWindow  # noqa: PLC0415 -- only when it plays

        routine = self.routine(routine_id)
        if self._planner is not None and routine_id == PRE_RUN:
            self._planner.started()
        if self._evening is not None:
            self._evening.withdraw()  # type: ignore[attr-defined]
        self._finish_running(completed=False)
        settings = self._settings()
        player = PlayerWindow(
            routine,
            reduced_motion=bool(settings["player.reduced_motion"]),
            muted=bool(settings["player.muted"]),
        )
        player.finished.connect(self._played)
        player.closed.connect(self._player_closed)
        player.muted_changed.connect(self._muted_changed)
        player.reduced_motion_changed.connect(self._reduced_motion_changed)
        self._player = player
        self._running = (routine, self._now())
        player.show()
        player.raise_()

    def squeeze_test(self) -> None:
        from deskbreak.ui.squeeze import SqueezeCheck  # noqa: PLC0415 -- only when asked

        if self._squeeze is None:
            check = SqueezeCheck()
            check.rated.connect(self._rated)
            check.done.connect(self._squeeze_done)
            self._squeeze = check
        self._squeeze.begin()  # type: ignore[attr-defined]

    def resumed(self) -> None:
        if self._planner is not None:
            self._planner.resumed()

    def settings_changed(self, settings: Settings) -> None:
        if self._planner is not None:
            self._planner.set_settings(settings)

    def shutdown(self) -> None:
        self._finish_running(completed=False)
        if self._planner is not None:
            self._planner.shutdown()
        for window in (self._player, self._evening, self._squeeze):
            if window is not None:
                window.close()  # type: ignore[attr-defined]

    # -- answers --------------------------------------------------------------------------

    def _evening_due(self, totals: object) -> None:
        from deskbreak.ui.evening import EveningWindow  # noqa: PLC0415 -- only on run days

        if self._evening is None:
            window = EveningWindow()
            window.start_requested.connect(lambda: self.open_routine(PRE_RUN))
            window.later_requested.connect(self._later)
            window.not_today_requested.connect(self._not_today)
            window.squeeze_requested.connect(self.squeeze_test)
            window.set_snooze(self._settings().seconds("run.snooze"))
            self._evening = window
        routine = self.routine(PRE_RUN)
        steps = [(step.exercise.name, step.dose.text) for step in routine.steps]
        self._evening.offer(  # type: ignore[attr-defined]
            totals if isinstance(totals, DayTotals) else None,
            routine=routine.name,
            minutes=round(routine.total_s / 60),
            steps=steps,
        )

    def _later(self, seconds: float) -> None:
        if self._planner is not None:
            when = self._planner.snooze(seconds)
            log.info("pre-run routine asked again at %s", when.astimezone().strftime("%H:%M"))

    def _not_today(self) -> None:
        if self._planner is not None:
            self._planner.not_today()

    def _played(self, felt: bool) -> None:
        self._finish_running(completed=True, felt="yes" if felt else "not yet")

    def _muted_changed(self, muted: bool) -> None:
        if self._remember is not None:
            self._remember("player.muted", muted)

    def _reduced_motion_changed(self, reduced: bool) -> None:
        if self._remember is not None:
            self._remember("player.reduced_motion", reduced)

    def _player_closed(self) -> None:
        self._finish_running(completed=False)
        self._player = None

    def _finish_running(self, *, completed: bool, felt: str | None = None) -> None:
        if self._running is None:
            return
        routine, started = self._running
        self._running = None
        steps_done = len(routine.steps) if completed else 0
        self._history.record_routine(
            RoutineRun(
                routine=routine.id,
                started_utc=started,
                ended_utc=self._now(),
                steps_done=steps_done,
                completed=completed,
                felt=felt,
            )
        )
        log.info(
            "routine %s %s after %s",
            routine.id,
            "completed" if completed else "stopped",
            human_duration((self._now() - started).total_seconds()),
        )

    def _rated(self, side: str, rating: str) -> None:
        self._history.record_squeeze(Squeeze(self._now(), Side(side), Rating(rating)))

    def _squeeze_done(self) -> None:
        self._squeeze = None
