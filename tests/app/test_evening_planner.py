"""The evening planner: one QtScheduler job at the calendar's next wake, run on the GUI thread
by the debug executor; resume, settings and the window's answers plan again. A wake further
off than the hand-over waits on one timer, and APScheduler is not even imported.

Decisions are tested in tests/domain/test_evening.py; here a fake clock checks what the
planner asks for, and one short real DateTrigger checks the APScheduler wiring.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from deskbreak.app import evening
from deskbreak.app.evening import HANDOVER_S, JOB_ID, EveningPlanner
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import DayTotals

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BERLIN = ZoneInfo("Europe/Berlin")
# Dates after the machine's own, so a job the fake clock plans lies in the real future.
TUESDAY, THURSDAY, SATURDAY = date(2030, 5, 14), date(2030, 5, 16), date(2030, 5, 18)
RUN_DAYS = Settings().replace(run__days=(1, 3, 5), run__time=time(18, 30))
TOTALS = DayTotals(day=THURSDAY, sitting_s=7 * 3600 + 600, longest_stretch_s=6900)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), BERLIN).astimezone(UTC)


class FakeClock:
    """Wall-clock UTC that moves only when a test says so."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> FakeClock:
    # Ten minutes before Thursday's run: within the hand-over, so APScheduler has the job.
    return FakeClock(at(THURSDAY, 18, 20))


@pytest.fixture
def planner(qapp: object, clock: FakeClock) -> Iterator[EveningPlanner]:
    made = EveningPlanner(
        RUN_DAYS,
        to_local=lambda moment: moment.astimezone(BERLIN),
        now=clock,
        totals=lambda: TOTALS,
    )
    made.start()
    yield made
    made.shutdown()


def test_it_plans_the_next_run_time(planner: EveningPlanner) -> None:
    assert planner.next_wake_utc == at(THURSDAY, 18, 30)
    [job] = planner.scheduler.get_jobs()
    assert job.id == JOB_ID
    assert job.next_run_time == at(THURSDAY, 18, 30)
    assert job.misfire_grace_time == 2 * 3600 + 60
    assert job.coalesce is True


def test_a_run_missed_while_asleep_opens_the_window_on_resume(
    planner: EveningPlanner, clock: FakeClock, qtbot: QtBot
) -> None:
    clock.moment = at(THURSDAY, 19, 45)
    with qtbot.waitSignal(planner.run_due, timeout=1000) as due:
        planner.resumed()
    assert due.args == [TOTALS]
    assert planner.next_wake_utc == at(SATURDAY, 18, 30)


def test_a_run_missed_beyond_the_grace_waits_for_the_next_run_day(
    planner: EveningPlanner, clock: FakeClock, qtbot: QtBot
) -> None:
    clock.moment = at(THURSDAY, 21, 0)
    with qtbot.assertNotEmitted(planner.run_due, wait=50):
        planner.resumed()
    assert planner.next_wake_utc == at(SATURDAY, 18, 30)


def test_the_windows_answers_plan_again(planner: EveningPlanner, clock: FakeClock) -> None:
    clock.moment = at(THURSDAY, 18, 31)
    assert planner.snooze() == at(THURSDAY, 18, 46)
    assert planner.next_wake_utc == at(THURSDAY, 18, 46)
    assert planner.snooze(5 * 60.0) == at(THURSDAY, 18, 36)
    planner.not_today()
    assert planner.next_wake_utc == at(SATURDAY, 18, 30)

    clock.moment = at(SATURDAY, 17, 0)
    planner.started()  # from the tray, before the run time
    assert planner.next_wake_utc == at(TUESDAY + timedelta(days=7), 18, 30)
    assert planner.scheduler.get_jobs() == []  # days away: the planner's timer waits
    assert planner.handover_in is not None


def test_new_settings_move_the_job_and_no_run_days_remove_it(planner: EveningPlanner) -> None:
    planner.set_settings(RUN_DAYS.replace(run__time=time(18, 25)))
    assert planner.next_wake_utc == at(THURSDAY, 18, 25)
    assert planner.scheduler.get_job(JOB_ID).next_run_time == at(THURSDAY, 18, 25)
    planner.set_settings(RUN_DAYS.replace(run__time=time(7, 15)))
    assert planner.next_wake_utc == at(SATURDAY, 7, 15)
    assert planner.scheduler.get_jobs() == []  # far off: waits on the planner's timer
    assert planner.handover_in is not None
    planner.set_settings(Settings())
    assert planner.handover_in is None
    assert planner.next_wake_utc is None
    assert planner.scheduler.get_jobs() == []
    planner.set_settings(Settings())  # nothing to remove twice
    assert planner.scheduler.get_jobs() == []


def test_nothing_is_planned_before_start_or_after_shutdown(qapp: object, clock: FakeClock) -> None:
    planner = EveningPlanner(RUN_DAYS, to_local=lambda moment: moment.astimezone(BERLIN), now=clock)
    planner.resumed()
    assert planner.scheduler is None
    assert planner.next_wake_utc is None
    planner.start()
    planner.start()  # one scheduler for the app's life
    first = planner.scheduler
    planner.resumed()
    assert planner.scheduler is first
    planner.shutdown()
    assert planner.next_wake_utc is None
    assert not first.running


def test_a_short_real_job_runs_on_the_gui_thread_without_a_thread_pool(
    qapp: object, qtbot: QtBot
) -> None:
    from apscheduler.events import EVENT_JOB_EXECUTED

    threads_before = threading.active_count()
    planner = EveningPlanner(Settings(), totals=lambda: TOTALS)  # the real clock
    planner.start()
    ran_on: list[int] = []
    try:
        assert planner.next_wake_utc is None  # no run days chosen
        assert planner.scheduler is None  # nothing to wake for: no scheduler either
        with qtbot.waitSignal(planner.run_due, timeout=2000) as due:
            planner.snooze(0.1)
            planner.scheduler.add_listener(
                lambda event: ran_on.append(threading.get_ident()), EVENT_JOB_EXECUTED
            )
        assert due.args == [TOTALS]
        assert ran_on == [threading.get_ident()]
        assert type(planner.scheduler._lookup_executor("default")).__name__ == "DebugExecutor"
        assert threading.active_count() == threads_before
        assert planner.scheduler.get_jobs() == []
    finally:
        planner.shutdown()


def test_a_job_apscheduler_let_go_still_plans_on(
    planner: EveningPlanner, clock: FakeClock, qtbot: QtBot
) -> None:
    # As after a long sleep: APScheduler finds its job far too late and drops it.
    clock.moment = at(THURSDAY, 23, 0)
    planner._job_missed(object())
    qtbot.waitUntil(lambda: planner.next_wake_utc == at(SATURDAY, 18, 30), timeout=1000)


def test_rescheduling_keeps_one_pending_wake_up(planner: EveningPlanner) -> None:
    # QtScheduler's own single-shots could never be stopped: each reschedule left one more.
    from PySide6.QtCore import QTimer

    for minute in (25, 27, 29):
        planner.set_settings(RUN_DAYS.replace(run__time=time(18, minute)))
    active = [timer for timer in planner.findChildren(QTimer) if timer.isActive()]
    assert len(active) == 1
    assert active[0].isSingleShot()
    assert len(planner.scheduler.get_jobs()) == 1


def test_a_run_hours_away_waits_on_one_timer_without_apscheduler(
    qapp: object, clock: FakeClock
) -> None:
    clock.moment = at(THURSDAY, 9)
    planner = EveningPlanner(RUN_DAYS, to_local=lambda moment: moment.astimezone(BERLIN), now=clock)
    planner.start()
    try:
        assert planner.next_wake_utc == at(THURSDAY, 18, 30)
        assert planner.scheduler is None
        handover = (at(THURSDAY, 18, 30) - clock.moment).total_seconds() - HANDOVER_S
        assert planner.handover_in is not None
        assert handover <= planner.handover_in <= handover + 2
        # The computer slept past the hand-over: resuming plans again, now with APScheduler.
        clock.moment = at(THURSDAY, 18, 16)
        planner.resumed()
        assert planner.handover_in is None
        assert planner.scheduler.get_job(JOB_ID).next_run_time == at(THURSDAY, 18, 30)
    finally:
        planner.shutdown()


def test_the_timer_hands_the_wake_over_to_apscheduler(
    qapp: object, clock: FakeClock, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.moment = at(THURSDAY, 9)
    wait_s = (at(THURSDAY, 18, 30) - clock.moment).total_seconds()
    # The hand-over just short of now: the planner's timer waits one second past it.
    monkeypatch.setattr(evening, "HANDOVER_S", wait_s - 0.05)
    planner = EveningPlanner(RUN_DAYS, to_local=lambda moment: moment.astimezone(BERLIN), now=clock)
    planner.start()
    try:
        assert planner.scheduler is None
        assert planner.handover_in is not None
        clock.moment += timedelta(seconds=1)
        qtbot.waitUntil(lambda: planner.scheduler is not None, timeout=3000)
        assert planner.scheduler.get_job(JOB_ID).next_run_time == at(THURSDAY, 18, 30)
        assert planner.handover_in is None
    finally:
        planner.shutdown()


def test_the_tray_alone_does_not_import_apscheduler() -> None:
    """Checked in a fresh interpreter: this one has imported APScheduler already."""
    script = textwrap.dedent(
        """
        import sys
        from datetime import UTC, datetime, time
        from PySide6.QtCore import QCoreApplication
        from deskbreak.app.evening import EveningPlanner
        from deskbreak.domain.settings import Settings

        app = QCoreApplication([])
        morning = datetime(2030, 5, 16, 9, 0, tzinfo=UTC)
        utc = lambda moment: moment.astimezone(UTC)
        planner = EveningPlanner(Settings(), to_local=utc, now=lambda: morning)
        planner.start()
        print("apscheduler" in sys.modules)
        planner.set_settings(Settings().replace(run__days=(3,), run__time=time(18, 30)))
        print("apscheduler" in sys.modules, planner.handover_in is not None)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False", "True"], done.stderr


def test_apscheduler_comes_without_the_parts_it_never_runs() -> None:
    """asyncio (and ssl) and the thread and process pools stay out; the job still runs on
    the debug executor; later imports find the real modules.
    Checked in a fresh interpreter: pytest has imported asyncio already."""
    script = textwrap.dedent(
        """
        import sys
        from datetime import UTC, datetime, timedelta
        from PySide6.QtCore import QCoreApplication, QTimer
        from deskbreak.app.evening import _make_scheduler

        app = QCoreApplication([])
        ran = []
        scheduler = _make_scheduler(QTimer(), lambda event: None)
        scheduler.start()
        left_out = ("asyncio", "ssl", "multiprocessing", "concurrent.futures.process")
        print([name for name in left_out if name in sys.modules])
        soon = datetime.now(UTC) + timedelta(milliseconds=200)
        scheduler.add_job(lambda: ran.append(1), "date", run_date=soon, id="soon")
        QTimer.singleShot(3000, app.quit)
        checker = QTimer(interval=50)
        checker.timeout.connect(lambda: ran and app.quit())
        checker.start()
        app.exec()
        print(ran == [1])
        import asyncio
        import apscheduler.executors.pool as pool
        print(hasattr(asyncio, "get_running_loop"), pool.__file__ is not None)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["[]", "True", "True", "True"], done.stderr


def test_a_module_already_imported_is_not_stood_in_for() -> None:
    import asyncio

    stand_ins = evening._stand_ins()
    with evening._standing_in(stand_ins):
        assert sys.modules["asyncio"] is asyncio
    assert sys.modules["asyncio"] is asyncio


def test_the_stand_in_pool_refuses_to_run() -> None:
    pool = evening._stand_ins()["apscheduler.executors.pool"]
    with pytest.raises(RuntimeError, match="debug executor"):
        pool.ThreadPoolExecutor()


def test_an_apscheduler_the_stand_ins_do_not_fit_is_imported_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Checked by stand-ins that break every import: the real classes come back."""
    broken = {"apscheduler.events": evening.types.ModuleType("apscheduler.events")}
    monkeypatch.setattr(evening, "_stand_ins", lambda: broken)
    monkeypatch.delitem(sys.modules, "apscheduler.events", raising=False)
    qt_scheduler, debug_executor, missed = evening._import_apscheduler()
    from apscheduler.events import EVENT_JOB_MISSED
    from apscheduler.executors.debug import DebugExecutor
    from apscheduler.schedulers.qt import QtScheduler

    assert (qt_scheduler, debug_executor, missed) == (QtScheduler, DebugExecutor, EVENT_JOB_MISSED)
