"""When the evening pre-run window opens: the run calendar wired to one APScheduler job.

The decisions (run days, DST, grace, snooze) live in domain/evening.py; this module only
wakes at the moment the calendar names and asks it again. APScheduler is imported only
once a wake is near: the hours before it are one single-shot Qt timer.
"""

from __future__ import annotations

import inspect
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from deskbreak.domain.evening import ON_TIME_S, RunCalendar, RunPlan, ToLocal
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import DayTotals

JOB_ID = "evening-run"

_LONGEST_WAIT_MS = 2**31 - 1
"""QTimer's limit (about 24.8 days); the planner (or APScheduler) looks again then."""

HANDOVER_S = 15 * 60.0
"""APScheduler takes the job this long before the wake. Even without the parts deskbreak
never runs (:func:`_stand_ins`), importing it costs about 2 MiB and 55 modules
(importlib.metadata with email and csv, zoneinfo, uuid) that the tray would otherwise carry
all day for a job that waits most of it; until then the planner's own timer waits."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _system_local(moment: datetime) -> datetime:
    return moment.astimezone()


def _no_totals() -> DayTotals | None:
    return None


class EveningPlanner(QObject):
    """Opens the pre-run window on run days at the run time, through one QtScheduler.

    Signals:
        run_due(object): the pre-run window should open now; carries today's DayTotals
            from ``totals`` (or None when the app has none).

    Call :meth:`start` once and :meth:`shutdown` on quit; :meth:`set_settings` after a
    settings change and :meth:`resumed` after the computer wakes, because the scheduler's
    QTimer does not count the time asleep. The window's answers come back through
    :meth:`snooze`, :meth:`not_today` and :meth:`started`. Everything runs on the GUI
    thread: APScheduler runs its job with the debug executor, and no thread pool exists.
    APScheduler is created (and imported) only when a wake is :data:`HANDOVER_S` away or
    nearer; a wake further off is waited for with one single-shot timer, which then plans
    again. The scheduler, once made, lives as long as the app.
    """

    run_due = Signal(object)

    def __init__(
        self,
        settings: Settings,
        *,
        to_local: ToLocal = _system_local,
        now: Callable[[], datetime] = _utc_now,
        totals: Callable[[], DayTotals | None] = _no_totals,
        handled_utc: datetime | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._totals = totals
        self._calendar = RunCalendar(
            RunPlan.from_settings(settings), to_local, handled_utc=handled_utc
        )
        self._scheduler: Any = None
        self._started = False
        self._next_wake: datetime | None = None
        # Waits for the hand-over to APScheduler; a wait of hours must not fire minutes late.
        self._far_timer = QTimer(self)
        self._far_timer.setSingleShot(True)
        self._far_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._far_timer.timeout.connect(self._plan)
        # The one timer APScheduler wakes by: QtScheduler's own static single-shots can
        # never be stopped, so each reschedule would leave one more pending wake-up.
        self._scheduler_timer = QTimer(self)
        self._scheduler_timer.setSingleShot(True)
        # The job only asks for this; the answer comes after APScheduler has finished
        # with the job, which it removes by id afterwards, replacement included.
        self._wake_soon = QTimer(self)
        self._wake_soon.setSingleShot(True)
        self._wake_soon.setInterval(0)
        self._wake_soon.timeout.connect(self._wake)

    # -- what the app calls ----------------------------------------------------------------

    def start(self) -> None:
        """Plan the next run; the scheduler is made (once for the app's life) when needed."""
        self._started = True
        self._plan()

    def shutdown(self) -> None:
        """Stop for good: no job, no timer."""
        self._started = False
        self._wake_soon.stop()
        self._far_timer.stop()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
        self._scheduler_timer.stop()
        self._next_wake = None

    def set_settings(self, settings: Settings) -> None:
        """New run days, time, grace or snooze: plan again; answers given so far stay."""
        self._calendar.replan(RunPlan.from_settings(settings), self._now())
        self._plan()

    def resumed(self) -> None:
        """The computer woke up: a run missed while asleep shows now if within the grace."""
        self._plan()

    def snooze(self, seconds: float | None = None) -> datetime:
        """Ask again after ``seconds`` (run.snooze unless given); when that is, in UTC."""
        until = self._calendar.snooze(self._now(), seconds)
        self._plan()
        return until

    def not_today(self) -> None:
        """No run today: the reminder rests until the next run day."""
        self._calendar.not_today(self._now())
        self._plan()

    def started(self) -> None:
        """The routine started, from the window or the tray: today needs no reminder."""
        self._calendar.started(self._now())
        self._plan()

    @property
    def next_wake_utc(self) -> datetime | None:
        """When the planner looks next (a run time or the end of a snooze); None if never."""
        return self._next_wake

    @property
    def scheduler(self) -> Any:
        """The APScheduler scheduler, None until a wake was near; for tests and diagnostics."""
        return self._scheduler

    @property
    def handover_in(self) -> float | None:
        """Seconds until the planner's own timer hands the wake to APScheduler; None if it
        does not wait (for tests and diagnostics)."""
        if not self._far_timer.isActive():
            return None
        return self._far_timer.remainingTime() / 1000.0

    # -- inside ------------------------------------------------------------------------------

    def _plan(self) -> None:
        self._far_timer.stop()
        if not self._started:
            return
        now = self._now()
        wake_at = self._calendar.next_wake(now)
        self._next_wake = wake_at
        wait_s = None if wake_at is None else (wake_at - now).total_seconds()
        if wait_s is None or wait_s > HANDOVER_S:
            if self._scheduler is not None and self._scheduler.get_job(JOB_ID) is not None:
                self._scheduler.remove_job(JOB_ID)
            if wait_s is not None:
                # A second past the hand-over, so the next look finds the wake near.
                wait_ms = round((wait_s - HANDOVER_S + 1) * 1000)
                self._far_timer.start(min(wait_ms, _LONGEST_WAIT_MS))
            return
        if wait_s <= 0:
            self._wake_soon.start()
            return
        if self._scheduler is None:
            self._scheduler = _make_scheduler(self._scheduler_timer, self._job_missed)
            self._scheduler.start()
        self._scheduler.add_job(
            self._job,
            "date",
            run_date=wake_at,
            id=JOB_ID,
            replace_existing=True,
            # The calendar checks the grace itself; this only keeps APScheduler from
            # running a job far later than the calendar would show it.
            misfire_grace_time=max(1, round(self._calendar.plan.grace_s + ON_TIME_S)),
            coalesce=True,
            max_instances=1,
        )

    def _job(self) -> None:
        self._wake_soon.start()

    def _job_missed(self, event: object) -> None:
        """APScheduler let the job go (too late): let the calendar answer and plan on."""
        del event
        self._wake_soon.start()

    def _wake(self) -> None:
        if self._calendar.wake(self._now()):
            self.run_due.emit(self._totals())
        self._plan()


def _stand_ins() -> dict[str, types.ModuleType]:
    """Modules APScheduler imports only for what deskbreak never runs, as small stand-ins.

    - ``asyncio``: ``apscheduler.util`` imports it (and with it ssl; 6.8 MiB here, for
      good) for ``iscoroutinefunction`` alone, and only below Python 3.14; from 3.14 on it
      takes ``inspect``'s. Since 3.11 removed ``@asyncio.coroutine`` the two answer alike
      for everything but mocks, and APScheduler asks only in its asyncio and Tornado
      executors. So it gets ``inspect``'s here too.
    - ``apscheduler.executors.pool``: the scheduler imports its thread pool (and with it
      multiprocessing and the process pool; 1.8 MiB) to make a default executor when none
      is given. deskbreak gives the debug executor, so the stand-in's pool refuses to run.
    """
    asyncio = types.ModuleType("asyncio", "deskbreak: only iscoroutinefunction")
    asyncio.iscoroutinefunction = inspect.iscoroutinefunction  # type: ignore[attr-defined]
    pool = types.ModuleType("apscheduler.executors.pool", "deskbreak: never used")

    class ThreadPoolExecutor:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("deskbreak runs APScheduler's jobs with the debug executor")

    pool.ThreadPoolExecutor = ThreadPoolExecutor  # type: ignore[attr-defined]
    return {"asyncio": asyncio, pool.__name__: pool}


@contextmanager
def _standing_in(modules: dict[str, types.ModuleType]) -> Iterator[None]:
    """While the block runs, ``modules`` answer imports by their names; a module already
    imported is left alone. Afterwards they are gone, so a later import finds the real
    module, and only what was imported inside keeps its stand-in."""
    placed = {name: module for name, module in modules.items() if name not in sys.modules}
    sys.modules.update(placed)
    try:
        yield
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def _import_apscheduler() -> tuple[Any, Any, int]:
    """QtScheduler, DebugExecutor and EVENT_JOB_MISSED, imported without the parts deskbreak
    never runs (:func:`_stand_ins`); imported as they are if the stand-ins do not fit."""
    try:
        with _standing_in(_stand_ins()):
            return _import_apscheduler_as_is()
    except (ImportError, AttributeError):  # an APScheduler that imports other things
        return _import_apscheduler_as_is()


def _import_apscheduler_as_is() -> tuple[Any, Any, int]:
    # Imported here: APScheduler costs start-up time and memory that only this needs.
    from apscheduler.events import EVENT_JOB_MISSED  # noqa: PLC0415 - see above
    from apscheduler.executors.debug import DebugExecutor  # noqa: PLC0415 - see above
    from apscheduler.schedulers.qt import QtScheduler  # noqa: PLC0415 - see above

    return QtScheduler, DebugExecutor, EVENT_JOB_MISSED


def _make_scheduler(timer: QTimer, on_missed: Callable[[object], None]) -> Any:
    """A started-once QtScheduler that wakes by ``timer`` and runs jobs on the GUI thread."""
    QtScheduler, DebugExecutor, EVENT_JOB_MISSED = _import_apscheduler()  # noqa: N806

    # APScheduler has no types, and QtScheduler here is a variable to mypy.
    class _OneTimerScheduler(QtScheduler):  # type: ignore[misc,valid-type]
        def _start_timer(self, wait_seconds: float | None) -> None:
            timer.stop()
            if wait_seconds is not None:
                timer.start(min(int(wait_seconds * 1000), _LONGEST_WAIT_MS))

        def _stop_timer(self) -> None:
            timer.stop()

    scheduler = _OneTimerScheduler(
        executors={"default": DebugExecutor()},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=UTC,
    )
    timer.timeout.connect(scheduler._process_jobs)
    scheduler.add_listener(on_missed, EVENT_JOB_MISSED)
    return scheduler
