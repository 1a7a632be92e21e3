"""The tray icon and its menu: shows a Snapshot, turns menu clicks into signals.

No rule lives here: the app decides what a pause or "I'm standing" means and sends the next
snapshot, which the tray then shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from deskbreak.domain.durations import format_duration, human_duration
from deskbreak.domain.state import State
from deskbreak.ui.ring import RingLook, ring_icon

if TYPE_CHECKING:
    from deskbreak.domain.status import Snapshot

PAUSE_CHOICES = (("30 minutes", 30 * 60.0), ("1 hour", 60 * 60.0))
"""The Pause submenu's fixed lengths in seconds; "Until tomorrow" follows them."""

MEETING_CHOICES = (("30 minutes", 30 * 60.0), ("1 hour", 60 * 60.0), ("2 hours", 120 * 60.0))
"""Meeting mode's lengths in seconds; "End meeting" follows them."""

HOLD_NAMES = {
    "fullscreen": "a full-screen window",
    "notifications paused": "do not disturb",
    "resume": "just back",
}

MESSAGE_MS = 10_000

MANUAL_NOTICE = (
    "deskbreak cannot see keyboard and mouse activity here, so it counts sitting while it "
    "runs; locking the screen, suspending or “I'm standing” end a stretch. "
    "`deskbreak doctor` shows what is missing."
)


class Tray(QObject):
    """The system tray icon with its menu.

    Signals:
        pause_requested(float): pause prompts for this many seconds.
        pause_until_tomorrow_requested(): pause prompts until the next day starts.
        resume_requested(): end the pause now.
        standing_toggled(bool): the user stands up (True) or sits down again (False).
        break_now_requested(): ask for a break now.
        snooze_next_requested(): move the coming break a snooze later.
        skip_next_requested(): move the coming break a full interval later.
        meeting_requested(float): hold prompts for this many seconds (Meeting mode).
        meeting_end_requested(): end Meeting mode now.
        autostart_toggled(bool): start deskbreak at login, or not.
        pre_run_requested(): open the pre-run routine now.
        squeeze_test_requested(): open the squeeze test.
        stats_requested(): open the statistics window.
        settings_requested(): open the settings window.
        quit_requested(): quit deskbreak.

    Works without a system tray too (stock GNOME has none): the icon then stays hidden,
    ``available`` is False, and the app stays reachable over IPC and notifications.
    """

    pause_requested = Signal(float)
    pause_until_tomorrow_requested = Signal()
    resume_requested = Signal()
    standing_toggled = Signal(bool)
    break_now_requested = Signal()
    snooze_next_requested = Signal()
    skip_next_requested = Signal()
    meeting_requested = Signal(float)
    meeting_end_requested = Signal()
    autostart_toggled = Signal(bool)
    pre_run_requested = Signal()
    squeeze_test_requested = Signal()
    stats_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon_updates = 0
        """How often the icon was replaced: once per visible change, not per snapshot."""
        self._look: RingLook | None = None
        self._tooltip = ""
        self._last_message: tuple[str, str] | None = None
        self._icon = QSystemTrayIcon(self)
        # QSystemTrayIcon does not own its context menu; this object keeps it alive.
        self._menu = QMenu()
        # Each entry has an access key of its own (the letter after "&") so the menu works
        # from the keyboard: B N K P R M I O Z S T L Q are taken; a new entry picks a free letter
        # (tests/ui/test_accessibility.py checks that no two share one).
        self._status = self._add_action(self._menu, "deskbreak", "status")
        self._status.setEnabled(False)
        self._menu.addSeparator()
        self._break_now = self._add_action(self._menu, "Take a &break now", "break-now")
        self._break_now.triggered.connect(self.break_now_requested)
        self._snooze_next = self._add_action(self._menu, "S&nooze next break", "snooze-next")
        self._snooze_next.triggered.connect(self.snooze_next_requested)
        self._skip_next = self._add_action(self._menu, "S&kip next break", "skip-next")
        self._skip_next.triggered.connect(self.skip_next_requested)
        self._menu.addSeparator()
        pause_menu = self._menu.addMenu("&Pause")
        pause_menu.setObjectName("pause")
        for text, seconds in PAUSE_CHOICES:
            action = self._add_action(pause_menu, f"&{text}", f"pause-{format_duration(seconds)}")
            action.setData(seconds)
            action.triggered.connect(self._pause_chosen)
        tomorrow = self._add_action(pause_menu, "&Until tomorrow", "pause-until-tomorrow")
        tomorrow.triggered.connect(self.pause_until_tomorrow_requested)
        self._resume = self._add_action(self._menu, "&Resume", "resume")
        self._resume.setEnabled(False)
        self._resume.triggered.connect(self.resume_requested)
        self._meeting_menu = self._menu.addMenu("&Meeting mode")
        self._meeting_menu.setObjectName("meeting")
        for text, seconds in MEETING_CHOICES:
            action = self._add_action(
                self._meeting_menu, f"&{text}", f"meeting-{format_duration(seconds)}"
            )
            action.setData(seconds)
            action.triggered.connect(self._meeting_chosen)
        self._meeting_end = self._add_action(self._meeting_menu, "&End meeting", "meeting-end")
        self._meeting_end.setEnabled(False)
        self._meeting_end.triggered.connect(self.meeting_end_requested)
        self._standing = self._add_action(self._menu, "&I'm standing", "standing")
        self._standing.setCheckable(True)
        # triggered, not toggled: only a click is the user's word; setChecked from a
        # snapshot must not echo back as a request.
        self._standing.triggered.connect(self.standing_toggled)
        self._menu.addSeparator()
        pre_run = self._add_action(self._menu, "Start pre-run r&outine", "pre-run")
        pre_run.triggered.connect(self.pre_run_requested)
        squeeze = self._add_action(self._menu, "Squee&ze test", "squeeze-test")
        squeeze.triggered.connect(self.squeeze_test_requested)
        stats = self._add_action(self._menu, "&Statistics…", "stats")
        stats.triggered.connect(self.stats_requested)
        self._menu.addSeparator()
        settings = self._add_action(self._menu, "Se&ttings…", "settings")
        settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings.triggered.connect(self.settings_requested)
        self._autostart = self._add_action(self._menu, "Start at &login", "autostart")
        self._autostart.setCheckable(True)
        self._autostart.triggered.connect(self.autostart_toggled)
        quit_action = self._add_action(self._menu, "&Quit", "quit")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.quit_requested)
        self._icon.setContextMenu(self._menu)

    @property
    def available(self) -> bool:
        """Whether the desktop has a system tray to show the icon in right now."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    @property
    def menu(self) -> QMenu:
        return self._menu

    @property
    def system_tray_icon(self) -> QSystemTrayIcon:
        """The Qt tray icon, for balloon messages and its ``activated`` signal."""
        return self._icon

    @property
    def tooltip(self) -> str:
        return self._tooltip

    def show(self, snapshot: Snapshot) -> None:
        """Show ``snapshot``; touches the icon, tooltip and menu only where they change."""
        look = RingLook.of(snapshot)
        if look != self._look:
            self._look = look
            # Each setIcon sends every pixmap to the tray host (SNI: a NewIcon signal
            # and a D-Bus round trip), so it happens only when a pixel would change.
            self._icon.setIcon(ring_icon(look))
            self.icon_updates += 1
        tooltip = tooltip_text(snapshot)
        if tooltip != self._tooltip:
            self._tooltip = tooltip
            self._icon.setToolTip(tooltip)
        status = status_text(snapshot)
        if status != self._status.text():
            self._status.setText(status)
        paused = snapshot.paused_until is not None
        if self._resume.isEnabled() != paused:
            self._resume.setEnabled(paused)
        standing = snapshot.state is State.STANDING
        if self._standing.isChecked() != standing:
            self._standing.setChecked(standing)
        ahead = snapshot.state is State.SITTING and not snapshot.prompt_open
        for action in (self._break_now, self._snooze_next, self._skip_next):
            if action.isEnabled() != ahead:
                action.setEnabled(ahead)
        meeting = snapshot.meeting_until is not None
        if self._meeting_end.isEnabled() != meeting:
            self._meeting_end.setEnabled(meeting)
        # A tray that appears later (a panel started after us) is picked up on the next
        # snapshot. Showing without a tray is pointless and warns on some platforms.
        if not self._icon.isVisible() and self.available:
            self._icon.show()

    def show_starting(self) -> None:
        """At launch, before the app's state is known: the icon with an empty ring, so the
        tray has it at once. The first snapshot follows a fraction of a second later."""
        look = RingLook(State.SITTING)
        self._look = look
        self._icon.setIcon(ring_icon(look))
        self.icon_updates += 1
        self._tooltip = "deskbreak is starting"
        self._icon.setToolTip(self._tooltip)
        if self.available:
            self._icon.show()

    def present(self, *, notices: Sequence[str] = (), manual: bool = False) -> None:
        """At start-up: show the icon and tell the user, once, what they should know.

        ``notices`` are problems the app recovered from (a broken settings file set aside,
        ...); ``manual`` means no idle time source works here. Both go out as one tray
        message where the tray can show one; ``last_message`` keeps it either way, so the
        app can send it another way when ``available`` is False.
        """
        if not self._icon.isVisible() and self.available and not self._icon.icon().isNull():
            self._icon.show()
        lines = list(notices)
        if manual:
            lines.append(MANUAL_NOTICE)
        if lines:
            title = "deskbreak started with problems" if notices else "deskbreak: manual mode"
            self._message(title, "\n".join(lines), warning=bool(notices))

    def notify_already_running(self) -> None:
        """A second launch reached this instance: point at where it lives."""
        self._message(
            "deskbreak is already running",
            "It is here in the tray: hover for today's sitting; its menu pauses breaks.",
            warning=False,
        )

    @property
    def last_message(self) -> tuple[str, str] | None:
        """The latest (title, text) the tray was asked to show, shown or not."""
        return self._last_message

    def _message(self, title: str, text: str, *, warning: bool) -> None:
        self._last_message = (title, text)
        if not self._icon.isVisible() or not QSystemTrayIcon.supportsMessages():
            return
        kind = (
            QSystemTrayIcon.MessageIcon.Warning
            if warning
            else QSystemTrayIcon.MessageIcon.Information
        )
        self._icon.showMessage(title, text, kind, MESSAGE_MS)

    def show_message(self, title: str, text: str) -> None:
        """A balloon from the tray icon: the last resort where no notification server runs."""
        self._message(title, text, warning=False)

    def set_autostart(self, *, enabled: bool) -> None:
        """Show whether deskbreak starts at login (the app reads it from the desktop)."""
        self._autostart.setChecked(enabled)

    @Slot()
    def _meeting_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.meeting_requested.emit(float(action.data()))

    @Slot()
    def _pause_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.pause_requested.emit(float(action.data()))

    def _add_action(self, menu: QMenu, text: str, name: str) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        return action


def tooltip_text(snapshot: Snapshot) -> str:
    """The hover text: what is going on now, then today's sitting."""
    lines = _now_lines(snapshot)
    lines.append(_today_line(snapshot))
    if snapshot.manual:
        lines.append("Manual mode: no idle time source")
    return "\n".join(lines)


def status_text(snapshot: Snapshot) -> str:
    """The menu's first line: what is going on now, on one line."""
    return " · ".join(_now_lines(snapshot))


def _now_lines(snapshot: Snapshot) -> list[str]:
    lines: list[str] = []
    if snapshot.state is State.SITTING:
        lines.append(f"Sitting for {human_duration(snapshot.sitting_s)}")
    elif snapshot.state is State.STANDING:
        lines.append(f"Standing for {human_duration(snapshot.standing_s)}")
    else:
        lines.append("Away")
    if snapshot.paused_until is not None:
        lines.append(f"Paused until {_until(snapshot.paused_until, snapshot.today.day)}")
    elif snapshot.meeting_until is not None:
        lines.append(f"Meeting until {_until(snapshot.meeting_until, snapshot.today.day)}")
    elif snapshot.held and not snapshot.prompt_open:
        reasons = ", ".join(HOLD_NAMES.get(name, name) for name in snapshot.held)
        lines.append(f"Breaks held: {reasons}")
    elif snapshot.state is State.SITTING and snapshot.to_break_s is not None:
        if snapshot.prompt_open or snapshot.to_break_s <= 0:
            lines.append("Break due now")
        else:
            lines.append(f"Break in {_countdown(snapshot.to_break_s)}")
    return lines


def _countdown(seconds: float) -> str:
    """Time left, rounded up to whole minutes: with sitting time rounded down, the two
    always add up to the interval (10 min sitting, break in 35 min)."""
    if seconds < 60:
        return human_duration(seconds)
    return human_duration(math.ceil(seconds / 60) * 60)


def _today_line(snapshot: Snapshot) -> str:
    if snapshot.today.sitting_s < 1:
        return "Today: no sitting yet"
    return f"Today: {human_duration(snapshot.today.sitting_s)} sitting"


def _until(moment: datetime, today: date) -> str:
    """``14:30`` today, ``tomorrow 04:00``, or ``Mon 3 Mar 09:00`` further out."""
    local = moment.astimezone()
    clock = local.strftime("%H:%M")
    if local.date() <= today:
        return clock
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {clock}"
    return f"{local:%a} {local.day} {local:%b} {clock}"
