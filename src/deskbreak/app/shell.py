"""The composition root: builds the tracker, sources, storage and tray, and wires them.

The shell owns the one wake-up timer: it sleeps until the tracker's ``next_wakeup()`` (or
the next visible change of the tray), samples idle time, and passes events on.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from PySide6 import QtCore, QtWidgets

from deskbreak import APP_ID, APP_NAME
from deskbreak.app.evening import EveningPlanner
from deskbreak.app.library import load_library
from deskbreak.app.prompts import Prompter
from deskbreak.app.routines import PRE_RUN, Routines
from deskbreak.desktop.autostart import (
    Autostart,
    AutostartUnavailable,
    autostart_for,
    login_command,
)
from deskbreak.desktop.clock import SystemClock
from deskbreak.desktop.dnd import FULLSCREEN, NOTIFICATIONS_PAUSED, DoNotDisturb
from deskbreak.desktop.idle import IdleSource, IdleUnavailable, choose_idle_source
from deskbreak.desktop.ipc import IpcError, IpcServer
from deskbreak.desktop.notifications import Notifier
from deskbreak.desktop.session import SessionWatcher
from deskbreak.domain.clock import Clock
from deskbreak.domain.events import BreakDue, BreakReason, BreakWarning, Event, PromptClosed, State
from deskbreak.domain.exercises import Rotation
from deskbreak.domain.ledger import Ledger
from deskbreak.domain.settings import Settings, known_keys
from deskbreak.domain.status import Snapshot
from deskbreak.domain.tracker import MEETING, Tracker
from deskbreak.storage.history import History
from deskbreak.storage.paths import Paths
from deskbreak.storage.settings_file import load_settings, save_settings
from deskbreak.ui.tray import Tray

if TYPE_CHECKING:
    from deskbreak.domain.stats import StatsModel
    from deskbreak.ui.popup import BreakPopup
    from deskbreak.ui.settings import SettingsWindow, StoredItem, YourData
    from deskbreak.ui.stats import StatsWindow
    from deskbreak.ui.welcome import WelcomeAnswer, WelcomeWindow

log = logging.getLogger(__name__)


# While sitting, the tray's minutes and the crash checkpoint want a look once a minute.
SITTING_REFRESH_S = 60.0
# Do-not-disturb is asked this close before a due break (the timer wakes for it, so a
# hold is in place before the prompt would open), and this often while it holds one.
DND_LOOKAHEAD_S = 2.0
DND_RECHECK_S = 15.0
DND_REASONS = frozenset({FULLSCREEN, NOTIFICATIONS_PAUSED})


def _to_local(moment: datetime) -> datetime:
    return moment.astimezone()


def _make_popup() -> BreakPopup:
    # Imported on first use: the tray alone never pays for the popup and its figure.
    from deskbreak.ui.popup import BreakPopup  # noqa: PLC0415

    return BreakPopup()


def _positive(value: object) -> TypeGuard[float]:
    """A positive number from JSON (where true would otherwise count as 1)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


class Shell(QtCore.QObject):
    """The running app. Signals: none; it listens to the tray, the session and the IPC server."""

    def __init__(
        self,
        *,
        paths: Paths,
        settings: Settings,
        history: History,
        idle: IdleSource | None,
        tray: Tray,
        session: SessionWatcher | None,
        quit_app: Callable[[], None],
        clock: Clock | None = None,
        prompter: Prompter | None = None,
        dnd: DoNotDisturb | None = None,
        autostart: Autostart | None = None,
        login: Sequence[str] = (),
        routines: Routines | None = None,
    ) -> None:
        super().__init__()
        self._routines = routines
        self._login_command = list(login)
        self._prompter = prompter
        self._dnd = dnd
        self._autostart = autostart
        self._paths = paths
        self._history = history
        self._idle = idle
        self._tray = tray
        self._quit_app = quit_app
        self._clock: Clock = clock or SystemClock()
        self._settings_window: SettingsWindow | None = None
        self._welcome: WelcomeWindow | None = None
        self._notices_shown = len(history.notices)
        self._signals_return = idle is not None and idle.watch_active(self._on_user_back)
        self._tracker = Tracker(settings, self._clock, signals_return=self._signals_return)
        self._ledger = Ledger(settings.time_of_day("day.start"), _to_local)
        self._locked = False
        self._stats_window: StatsWindow | None = None
        self._last_checkpoint = self._clock.monotonic()
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        # A coarse timer may fire 5 % late: an hour's sleep would miss a due point by minutes.
        self._timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._wake)

        self._load_today()
        checkpoint = history.load_checkpoint()
        if checkpoint is not None:
            self._handle(self._tracker.restore(checkpoint))
        tray.pause_requested.connect(self.pause)
        tray.pause_until_tomorrow_requested.connect(self.pause_until_tomorrow)
        tray.resume_requested.connect(self.resume)
        tray.standing_toggled.connect(self.set_standing)
        tray.quit_requested.connect(self.quit)
        tray.stats_requested.connect(self.open_stats)
        tray.break_now_requested.connect(self.break_now)
        tray.snooze_next_requested.connect(self.snooze)
        tray.skip_next_requested.connect(self.skip)
        tray.meeting_requested.connect(self.meeting)
        tray.meeting_end_requested.connect(self.end_meeting)
        tray.autostart_toggled.connect(self.set_autostart)
        tray.settings_requested.connect(self.open_settings)
        if routines is not None:
            tray.pre_run_requested.connect(lambda: routines.open_routine(PRE_RUN))
            tray.squeeze_test_requested.connect(routines.squeeze_test)
        if autostart is not None:
            tray.set_autostart(enabled=autostart.is_enabled())
        if prompter is not None:
            prompter.started.connect(self.take_break)
            prompter.snoozed.connect(self.snooze)
            prompter.skipped.connect(self.skip)
        if session is not None:
            session.locked_changed.connect(self._on_locked)
            session.sleeping_changed.connect(self._on_sleeping)
        self._wake()

    # ------------------------------------------------------------------------ reading

    @property
    def tracker(self) -> Tracker:
        return self._tracker

    @property
    def wakes_in(self) -> float:
        """Seconds until the shell's timer fires (for tests and `deskbreak doctor`)."""
        return max(0, self._timer.remainingTime()) / 1000.0

    @property
    def manual(self) -> bool:
        return self._idle is None

    def snapshot(self) -> Snapshot:
        today = self._ledger.day(self._clock.now())
        totals = self._ledger.totals(today, self._tracker.running_segments())
        return self._tracker.snapshot(totals, manual=self.manual)

    def load_stats(self, span: int) -> StatsModel:
        """The stats window's model for the ``span`` days ending now, the running stretch in."""
        # Imported on first use, like the window: the tray alone never needs it.
        from deskbreak.app.stats import load_stats  # noqa: PLC0415

        return load_stats(
            self._history,
            self._tracker.settings,
            now_utc=self._clock.now(),
            span=span,
            running=self._tracker.running_segments(),
            to_local=_to_local,
        )

    @property
    def stats_window(self) -> StatsWindow | None:
        """The statistics window while it is open."""
        return self._stats_window

    def open_stats(self) -> StatsWindow:
        """Show the statistics window (built now, freed when closed), or raise and refresh
        the open one."""
        window = self._stats_window
        if window is None:
            # Imported on first use: the tray alone never pays for the window and its charts.
            from deskbreak.ui.stats import StatsWindow  # noqa: PLC0415

            window = StatsWindow(self.load_stats)
            window.destroyed.connect(self._stats_closed)
            self._stats_window = window
        else:
            window.refresh()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _stats_closed(self) -> None:
        self._stats_window = None

    # ------------------------------------------------------------------------ actions

    def pause(self, seconds: float) -> None:
        self._act(lambda tracker: tracker.pause(seconds))

    def pause_until_tomorrow(self) -> None:
        now = self._clock.now()
        local = _to_local(now)
        day_start = self._tracker.settings.time_of_day("day.start")
        start = datetime.combine(local.date(), day_start, local.tzinfo)
        if start <= local:
            start += timedelta(days=1)
        self.pause((start - local).total_seconds())

    def resume(self) -> None:
        self._act(lambda tracker: tracker.resume())

    def set_standing(self, on: bool) -> None:
        self._act(lambda tracker: tracker.standing(on=on))

    def take_break(self) -> bool:
        """The user starts the exercise: the break is taken, the stretch ends now."""
        return self._act(lambda tracker: tracker.done())

    def set_autostart(self, enabled: bool) -> None:
        autostart = self._autostart
        if autostart is None:
            return
        try:
            if enabled:
                autostart.enable(self._login_command)
            else:
                autostart.disable()
        except OSError as error:
            log.warning("could not change autostart (%s): %s", autostart.where, error)
        self._tray.set_autostart(enabled=autostart.is_enabled())

    @property
    def settings_window(self) -> SettingsWindow | None:
        """The settings window while it is open."""
        return self._settings_window

    def open_settings(self) -> SettingsWindow:
        """Show the settings window (built now, dropped when closed), or raise the open one."""
        window = self._settings_window
        if window is None:
            # Imported on first use: the tray alone never pays for the settings window.
            from deskbreak.ui.settings import SettingsWindow  # noqa: PLC0415

            window = SettingsWindow(
                self._tracker.settings, apply=self.remember_settings, data=self._your_data()
            )
            window.destroyed.connect(self._settings_closed)
            self._settings_window = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _settings_closed(self) -> None:
        self._settings_window = None

    @property
    def welcome(self) -> WelcomeWindow | None:
        """The first-run welcome while it is open."""
        return self._welcome

    def show_welcome(self) -> WelcomeWindow:
        """Show the first-run welcome; its answer is saved like a change in the settings."""
        from deskbreak.ui.welcome import WelcomeWindow  # noqa: PLC0415 -- first run only

        autostart = self._autostart.is_enabled() if self._autostart is not None else None
        window = WelcomeWindow(
            self._tracker.settings,
            stored=self._stored_items(),
            tray_available=self._tray.available,
            autostart=autostart,
        )
        window.answered.connect(self._welcomed)
        window.destroyed.connect(self._welcome_closed)
        self._welcome = window
        window.show()
        return window

    def _welcomed(self, answer: WelcomeAnswer) -> None:
        # Saved even when nothing changed: the settings file is the mark that the welcome
        # was answered (see first_run()).
        self.remember_settings(answer.values)
        autostart = self._autostart
        wanted = answer.autostart
        if wanted is not None and autostart is not None and wanted != autostart.is_enabled():
            self.set_autostart(wanted)

    def _welcome_closed(self) -> None:
        self._welcome = None

    def _stored_items(self) -> list[StoredItem]:
        """What deskbreak keeps on disk, for the welcome and the data page."""
        from deskbreak.ui.settings import StoredItem  # noqa: PLC0415 -- with its window

        return [
            StoredItem("Your settings", self._paths.settings_file),
            StoredItem(
                "Your history: sitting stretches, breaks, routines and squeeze tests",
                self._paths.history_file,
            ),
        ]

    def _your_data(self) -> YourData:
        """The data page's view of the files deskbreak keeps, and its two actions."""
        from deskbreak.storage.export import stored_files  # noqa: PLC0415 -- with its window
        from deskbreak.ui.settings import StoredItem, YourData  # noqa: PLC0415

        def files() -> list[StoredItem]:
            return [StoredItem(f.what, f.path, f.size) for f in stored_files(self._paths)]

        return YourData(
            folders=(("Settings", self._paths.config_dir), ("History", self._paths.data_dir)),
            files=files,
            export=self.export_data,
            delete_all=self._delete_all_from_window,
        )

    def _delete_all_from_window(self) -> str | None:
        """Delete all my data, asked for on the data page; returns why not, or None."""
        from deskbreak.storage.export import DeleteError  # noqa: PLC0415 -- only when asked

        try:
            self.delete_all_data()
        except DeleteError as error:
            return f"Could not delete everything: {error}."
        return None

    def export_data(self, path: Path, kind: str) -> str | None:
        """Write everything deskbreak stores to ``path`` as ``"json"`` or ``"csv"`` (a zip),
        as `deskbreak export` does; returns why it failed, or None."""
        from deskbreak.storage.export import (  # noqa: PLC0415 -- only when asked
            ExportError,
            export_to_file,
        )

        try:
            export_to_file(self._paths, path, kind=kind, now=self._clock.now(), to_local=_to_local)
        except ExportError as error:
            return f"Could not export: {error}"
        except OSError as error:
            return f"Could not write {path}: {error.strerror or error}"
        return None

    def break_now(self) -> bool:
        return self._act(lambda tracker: tracker.request_break())

    def snooze(self, seconds: float | None = None) -> bool:
        """Snooze the open prompt, or the coming break when none is open."""
        delay = self._tracker.settings.seconds("breaks.snooze") if seconds is None else seconds
        if self._tracker.prompt_open:
            return self._act(lambda tracker: tracker.snooze(delay))
        return self._act(lambda tracker: tracker.postpone(delay))

    def skip(self) -> bool:
        """Skip the open prompt, or move the coming break a full interval."""
        if self._tracker.prompt_open:
            return self._act(lambda tracker: tracker.skip())
        interval = self._tracker.settings.seconds("breaks.interval")
        return self._act(lambda tracker: tracker.postpone(interval))

    def meeting(self, seconds: float) -> None:
        self._act(lambda tracker: tracker.hold(MEETING, seconds))

    def end_meeting(self) -> None:
        self._act(lambda tracker: tracker.release(MEETING))

    def delete_all_data(self, *, include_own: bool = False) -> int:
        """Delete all my data (docs/your-data.md): the history and the settings files, with
        ``include_own`` also the user's own exercise and routine files.

        The history is closed meanwhile and opened again empty, the app goes on with the
        settings now on disk (the defaults once the file is gone) and today's totals count
        from zero; the stretch in progress is not stored yet and goes on. Returns how many
        files were removed; DeleteError names what could not be (the rest is gone)."""
        from deskbreak.storage.export import delete_data  # noqa: PLC0415 -- only when asked

        before = self._tracker.settings
        try:
            removed = self._history.closed_for(
                lambda: delete_data(self._paths, include_own=include_own)
            )
        finally:
            self._ledger = Ledger(before.time_of_day("day.start"), _to_local)
            self._load_today()
            self._apply_live(before, load_settings(self._paths.settings_file).settings)
        log.info("deleted all data: %d files", len(removed))
        return len(removed)

    def quit(self) -> None:
        self._save_checkpoint()
        if self._prompter is not None:
            self._prompter.shutdown()
        if self._routines is not None:
            self._routines.shutdown()
        self._history.close()
        if self._idle is not None:
            self._idle.close()
        self._quit_app()

    def remember_setting(self, key: str, value: Any) -> None:
        """Keep one setting the user changed in a window (the player's mute); see
        :meth:`remember_settings`."""
        self.remember_settings({key: value})

    def remember_settings(self, values: Mapping[str, Any]) -> str | None:
        """Keep settings the user changed in a window: in the running app at once (tracker,
        prompts, evening planner, today's totals), and in the settings file, written
        atomically over the file as it is now (keys this version does not know included).

        A file with a wrong value the user still has to fix is left alone rather than losing
        that value. Returns why the file was not written (also logged), or None."""
        before = self._tracker.settings
        settings = before
        for key, value in values.items():
            settings = settings.with_value(key, value)
        self._apply_live(before, settings)
        path = self._paths.settings_file
        loaded = load_settings(path)
        # Unknown keys are kept as written; a wrong value of a known one would be lost.
        known = set(known_keys())
        wrong = [p for p in loaded.problems if p.key is None or p.key in known]
        names = ", ".join(values)
        if wrong:
            log.warning("%s not saved: the settings file has problems: %s", names, wrong[0])
            return f"Applied but not saved: fix {wrong[0]} first."
        saved = loaded.settings
        for key, value in values.items():
            saved = saved.with_value(key, value)
        try:
            save_settings(path, saved, loaded.unknown)
        except OSError as error:
            log.warning("%s not saved to %s: %s", names, path, error)
            return f"Applied but not saved to {path}: {error.strerror or error}."
        return None

    def _apply_live(self, before: Settings, settings: Settings) -> None:
        """Hand new settings to everything in the running app that reads them."""
        day_start = settings.time_of_day("day.start")
        if day_start != before.time_of_day("day.start"):
            # Today's totals are cut at the day start: count them again from the history.
            self._ledger = Ledger(day_start, _to_local)
            self._load_today()
        if self._prompter is not None:
            self._prompter.set_use_notifications(on=settings["breaks.prompt"] == "notification")
        if self._routines is not None:
            self._routines.settings_changed(settings)
        self._handle(self._tracker.apply_settings(settings))
        if self._settings_window is not None:
            self._settings_window.set_settings(settings)

    def handle_request(self, message: dict[str, Any]) -> dict[str, Any]:
        """One IPC request from ``deskbreak`` CLI commands or a second launch."""
        command = message.get("command")
        if command == "status":
            return {"status": self.snapshot().as_json()}
        if command == "pause":
            seconds = message.get("seconds")
            if message.get("until") == "tomorrow":
                self.pause_until_tomorrow()
            elif _positive(seconds):
                self.pause(float(seconds))
            else:
                raise IpcError("expected 'seconds' as a positive number or 'until': 'tomorrow'")
            return {"status": self.snapshot().as_json()}
        if command == "resume":
            self.resume()
            return {"status": self.snapshot().as_json()}
        if command == "standing":
            on = message.get("on")
            if not isinstance(on, bool):
                raise IpcError("expected 'on': true or false")
            self.set_standing(on)
            return {"status": self.snapshot().as_json()}
        if command == "break_now":
            if not self.break_now():
                raise IpcError("no break to take now: not sitting, or a prompt is already open")
            return {"status": self.snapshot().as_json()}
        if command in ("snooze", "skip"):
            seconds = message.get("seconds")
            if seconds is not None and not _positive(seconds):
                raise IpcError("expected 'seconds' as a positive number")
            moved = self.snooze(seconds) if command == "snooze" else self.skip()
            if not moved:
                raise IpcError(f"nothing to {command}: no sitting stretch is running")
            return {"status": self.snapshot().as_json()}
        if command == "meeting":
            seconds = message.get("seconds")
            if message.get("off") is True:
                self.end_meeting()
            elif _positive(seconds):
                self.meeting(float(seconds))
            else:
                raise IpcError("expected 'seconds' as a positive number or 'off': true")
            return {"status": self.snapshot().as_json()}
        if command == "stats":
            self.open_stats()
            return {"status": self.snapshot().as_json()}
        if command == "routine":
            name = message.get("name")
            if self._routines is None:
                raise IpcError("routines are not available in this instance")
            try:
                self._routines.open_routine(str(name))
            except KeyError:
                known = ", ".join(self._routines.names)
                raise IpcError(f"no routine named {name!r}; known: {known}") from None
            return {"status": self.snapshot().as_json()}
        if command == "settings":
            self.open_settings()
            return {"status": self.snapshot().as_json()}
        if command == "delete_data":
            include_own = message.get("include_own", False)
            if not isinstance(include_own, bool):
                raise IpcError("expected 'include_own': true or false")
            from deskbreak.storage.export import DeleteError  # noqa: PLC0415 -- only when asked

            try:
                removed = self.delete_all_data(include_own=include_own)
            except DeleteError as error:
                raise IpcError(str(error)) from None
            return {"removed": removed, "status": self.snapshot().as_json()}
        if command == "activate":
            # A second launch (from the app menu, say) points at the tray icon; on a desktop
            # without a tray (stock GNOME) there is nothing to point at, so it opens the
            # stats window, which starts with today's figures.
            if self._tray.available:
                self._tray.notify_already_running()
            else:
                self.open_stats()
            return {}
        if command == "quit":
            QtCore.QTimer.singleShot(0, self.quit)
            return {}
        raise IpcError(
            "expected a command: status, break_now, snooze, skip, pause, resume, meeting, "
            "standing, routine, settings, stats, delete_data, activate or quit; "
            f"got {command!r}"
        )

    # ----------------------------------------------------------------------- internals

    def _load_today(self) -> None:
        """Today's totals so far come from history, through the same ledger."""
        now = self._clock.now()
        since = now - timedelta(days=2)
        self._ledger.add(self._history.events_between(since, now))

    def _read_idle(self) -> float:
        if self._locked:
            return 0.0
        if self._idle is None:
            # Manual mode: present while the app runs; breaks come from lock, suspend,
            # standing and answering prompts.
            return 0.0
        try:
            return self._idle.idle_seconds()
        except IdleUnavailable as error:
            log.warning("idle reading failed: %s", error)
            return 0.0

    def _wake(self) -> None:
        self._check_do_not_disturb()
        self._handle(self._tracker.sample(self._read_idle()))

    def _check_do_not_disturb(self) -> None:
        """Hold prompts while a full-screen window or the desktop's do-not-disturb is on.

        Asked only when a break is about to fall due and while such a hold lasts: the
        checks cost an X round trip and a D-Bus call, too much for every wake-up.
        """
        if self._dnd is None:
            return
        held = set(self._tracker.holds())
        watched = held & DND_REASONS
        to_break = self._tracker.to_break()
        due_now = to_break is not None and to_break <= DND_LOOKAHEAD_S
        if not watched and not (due_now and not self._tracker.prompt_open):
            return
        reasons = set(self._dnd.reasons()) & DND_REASONS
        for reason in sorted(reasons - held):
            self._handle(self._tracker.hold(reason))
        for reason in sorted(watched - reasons):
            self._handle(self._tracker.release(reason))

    def _act(self, action: Callable[[Tracker], list[Event] | None]) -> bool:
        """A user action, after a fresh idle reading; False when the tracker ignored it."""
        self._handle(self._tracker.sample(self._read_idle()))
        events = action(self._tracker)
        self._handle(events or [])
        return events is not None

    def _on_user_back(self) -> None:
        QtCore.QTimer.singleShot(0, self._wake)

    def _on_locked(self, locked: bool) -> None:
        self._locked = locked
        if locked:
            self._handle(self._tracker.sample(self._read_idle()))
            self._handle(self._tracker.session_away(BreakReason.LOCK))
        else:
            self._handle(self._tracker.session_back())

    def _on_sleeping(self, sleeping: bool) -> None:
        if sleeping:
            self._handle(self._tracker.sample(self._read_idle()))
            self._handle(self._tracker.session_away(BreakReason.SUSPEND))
            self._save_checkpoint()
        else:
            self._handle(self._tracker.session_back())
            if self._routines is not None:
                self._routines.resumed()

    def _handle(self, events: list[Event]) -> None:
        events = [self._prompt(event) for event in events]
        for event in events:
            self._history.record(event)
        self._ledger.add(events)
        if self._tracker.state is State.SITTING:
            now = self._clock.monotonic()
            if now - self._last_checkpoint >= SITTING_REFRESH_S - 1:
                self._save_checkpoint()
        elif any(event.kind == "stretch_ended" for event in events):
            self._history.clear_checkpoint()
        if len(self._history.notices) > self._notices_shown:
            # The disk filled up or the database broke while running: say so once.
            fresh = self._history.notices[self._notices_shown :]
            self._notices_shown = len(self._history.notices)
            for notice in fresh:
                log.warning("%s", notice)
            self._tray.present(notices=fresh)
        self._tray.show(self.snapshot())
        self._arm()

    def _prompt(self, event: Event) -> Event:
        """Pass prompt events to the prompter; a BreakDue comes back with its exercise."""
        prompter = self._prompter
        if prompter is None:
            return event
        if isinstance(event, BreakDue):
            return prompter.offer(event)
        if isinstance(event, BreakWarning):
            prompter.warn(event)
        elif isinstance(event, PromptClosed):
            prompter.closed(event)
        return event

    def _save_checkpoint(self) -> None:
        checkpoint = self._tracker.checkpoint()
        self._last_checkpoint = self._clock.monotonic()
        if checkpoint is not None:
            self._history.save_checkpoint(checkpoint)
        else:
            self._history.clear_checkpoint()

    def _arm(self) -> None:
        now = self._clock.monotonic()
        wake = self._tracker.next_wakeup()
        if self._tracker.state is State.SITTING:
            wake = min(wake, now + SITTING_REFRESH_S)
            if set(self._tracker.holds()) & DND_REASONS:
                wake = min(wake, now + DND_RECHECK_S)
            to_break = self._tracker.to_break()
            if (
                self._dnd is not None
                and not self._tracker.prompt_open
                and to_break is not None
                and to_break > DND_LOOKAHEAD_S
            ):
                wake = min(wake, now + to_break - DND_LOOKAHEAD_S / 2)
        if self._signals_return and self._idle is not None and self._tracker.state is State.AWAY:
            self._idle.watch_active(self._on_user_back)
        delay_ms = max(0, round((wake - now) * 1000))
        self._timer.start(delay_ms)


class _SignalWatch(QtCore.QObject):
    """Lets SIGTERM and SIGINT quit cleanly (saving the stretch) without a polling timer.

    Python runs signal handlers only between bytecodes; while Qt sleeps in its event loop
    that never happens. The wake-up fd makes the event loop notice the signal.
    """

    def __init__(self, on_signal: Callable[[], None], parent: QtCore.QObject) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QtCore.QSocketNotifier(
            self._reader.fileno(), QtCore.QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._drain)
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: None)

    def _drain(self) -> None:
        try:
            self._reader.recv(64)
        except OSError:
            return
        self._on_signal()


def first_run(paths: Paths) -> bool:
    """Whether deskbreak starts for the first time here: no settings file and no history.

    Answering the welcome (or skipping it) writes the settings file; the history counts
    too, so a settings file set aside as broken does not bring the welcome back.
    """
    return not paths.settings_file.exists() and not paths.history_file.exists()


def run(
    paths: Paths, app: QtWidgets.QApplication, tray: Tray, *, force_manual: bool = False
) -> int:
    """Build the app around ``app`` and its ``tray`` (shown already, see app/launch.py) and
    run it; returns the exit code."""
    welcome = first_run(paths)
    loaded = load_settings(paths.settings_file)
    notices = [str(problem) for problem in loaded.problems]
    history = History.open(paths.history_file)
    notices.extend(history.notices)
    for notice in notices:
        log.warning("%s", notice)

    idle: IdleSource | None = None
    if not force_manual:
        choice = choose_idle_source(os.environ, sys.platform)
        idle = choice.source
        for name, why in choice.tried:
            log.info("idle source %s not used: %s", name, why)
    if idle is None:
        log.warning("no idle source works here: running in manual mode (see `deskbreak doctor`)")
    else:
        log.info("idle source: %s", idle.name)

    session = SessionWatcher(parent=app) if sys.platform.startswith("linux") else None
    settings = loaded.settings
    notifier = Notifier(os.environ, app_name=APP_NAME, desktop_entry=APP_ID, parent=app)
    if not notifier.available:
        log.info("no notifications: %s", notifier.why_not)
    library = load_library(paths.config_dir)
    for problem in library.problems:
        notices.append(str(problem))
        log.warning("%s", problem)
    rotation = Rotation(library.break_catalog, history.recent_exercises())
    planner = EveningPlanner(
        settings,
        totals=lambda: shell.snapshot().today,
        handled_utc=history.last_routine_start(),
        parent=app,
    )
    clock = SystemClock()
    routines = Routines(
        library=library,
        history=history,
        settings=lambda: shell.tracker.settings,
        now=clock.now,
        planner=planner,
        remember=lambda key, value: shell.remember_setting(key, value),  # noqa: PLW0108 - shell comes later
    )
    prompter = Prompter(
        rotation=rotation,
        notifier=notifier,
        tray=tray,
        make_popup=_make_popup,
        snooze_s=lambda: shell.tracker.settings.seconds("breaks.snooze"),
        use_notifications=settings["breaks.prompt"] == "notification",
        reduced_motion=lambda: bool(shell.tracker.settings["player.reduced_motion"]),
    )
    config_home = None if paths.is_default else paths.config_dir
    try:
        autostart: Autostart | None = autostart_for(
            sys.platform, os.environ, config_home=config_home
        )
    except AutostartUnavailable as error:
        log.info("autostart switch unavailable: %s", error)
        autostart = None
    login = login_command()
    if paths.basedir is not None:
        login += ["--basedir", str(paths.basedir)]
    shell = Shell(
        paths=paths,
        settings=settings,
        history=history,
        idle=idle,
        tray=tray,
        session=session,
        quit_app=app.quit,
        prompter=prompter,
        dnd=DoNotDisturb(os.environ),
        autostart=autostart,
        login=login,
        routines=routines,
    )
    planner.start()
    server = IpcServer(shell.handle_request, parent=app)
    paths.ensure_runtime_dir()
    if not server.listen(paths.socket_name):
        log.warning("another deskbreak started at the same moment; this one quits")
        return 0
    if sys.platform != "win32":
        _SignalWatch(shell.quit, app)
    tray.present(notices=notices, manual=idle is None)
    if welcome:
        shell.show_welcome()
    try:
        return app.exec()
    finally:
        server.close()  # the socket file goes with the instance
