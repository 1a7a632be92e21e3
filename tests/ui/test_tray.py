"""The tray: menu clicks become signals; snapshots become icon, tooltip and menu state."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from deskbreak.domain.events import State
from deskbreak.domain.status import DayTotals, Snapshot
from deskbreak.ui.ring import STEPS, RingLook
from deskbreak.ui.tray import Tray

MakeSnapshot = Callable[..., Snapshot]
INTERVAL_S = 45 * 60.0  # the snapshot factory's default
TODAY_S = 4 * 3600 + 10 * 60


@pytest.fixture
def tray(qtbot: QtBot) -> Iterator[Tray]:
    tray = Tray()
    yield tray
    tray.deleteLater()


def action(tray: Tray, name: str) -> QAction:
    found = tray.menu.findChild(QAction, name)
    assert isinstance(found, QAction), name
    return found


def plain(text: str) -> str:
    """A menu text as read, without its access key's "&"."""
    return text.replace("&", "")


def local(hour: int, minute: int, *, days: int = 0) -> datetime:
    """A moment on the snapshot factory's day (2025-03-12) in local time, as UTC would carry."""
    moment = datetime(2025, 3, 12, hour, minute) + timedelta(days=days)
    return moment.astimezone()


# -- the menu ------------------------------------------------------------------------------


def test_menu_reads_top_down(tray: Tray) -> None:
    # The menu's texts without their access keys' "&" (test_accessibility checks those).
    entries = [plain(a.text()) if not a.isSeparator() else "—" for a in tray.menu.actions()]
    assert entries[1:] == [
        "—",
        "Take a break now",
        "Snooze next break",
        "Skip next break",
        "—",
        "Pause",
        "Resume",
        "Meeting mode",
        "I'm standing",
        "—",
        "Start pre-run routine",
        "Squeeze test",
        "Statistics…",
        "—",
        "Settings…",
        "Start at login",
        "Quit",
    ]
    assert not action(tray, "status").isEnabled()
    pause = tray.menu.findChild(QMenu, "pause")
    assert isinstance(pause, QMenu)
    assert [plain(a.text()) for a in pause.actions()] == ["30 minutes", "1 hour", "Until tomorrow"]


@pytest.mark.parametrize(("name", "seconds"), [("pause-30m", 1800.0), ("pause-1h", 3600.0)])
def test_pause_choices_ask_for_their_length(
    tray: Tray, qtbot: QtBot, name: str, seconds: float
) -> None:
    with qtbot.waitSignal(tray.pause_requested, timeout=1000) as blocker:
        action(tray, name).trigger()
    assert blocker.args == [seconds]


def test_pause_until_tomorrow_has_its_own_signal(tray: Tray, qtbot: QtBot) -> None:
    with (
        qtbot.assertNotEmitted(tray.pause_requested),
        qtbot.waitSignal(tray.pause_until_tomorrow_requested, timeout=1000),
    ):
        action(tray, "pause-until-tomorrow").trigger()


def test_resume_and_quit_emit(tray: Tray, qtbot: QtBot, snapshot: MakeSnapshot) -> None:
    tray.show(snapshot(sitting_s=600, paused_until=local(14, 30)))
    with qtbot.waitSignal(tray.resume_requested, timeout=1000):
        action(tray, "resume").trigger()
    with qtbot.waitSignal(tray.quit_requested, timeout=1000):
        action(tray, "quit").trigger()


def test_standing_click_says_what_the_user_did(
    tray: Tray, qtbot: QtBot, snapshot: MakeSnapshot
) -> None:
    tray.show(snapshot(sitting_s=600))
    with qtbot.waitSignal(tray.standing_toggled, timeout=1000) as blocker:
        action(tray, "standing").trigger()
    assert blocker.args == [True]
    tray.show(snapshot(State.STANDING, standing_s=5))
    with qtbot.waitSignal(tray.standing_toggled, timeout=1000) as blocker:
        action(tray, "standing").trigger()
    assert blocker.args == [False]


def test_standing_check_follows_the_snapshot_without_echoing(
    tray: Tray, qtbot: QtBot, snapshot: MakeSnapshot
) -> None:
    standing = action(tray, "standing")
    with qtbot.assertNotEmitted(tray.standing_toggled):
        tray.show(snapshot(State.STANDING, standing_s=60))
        assert standing.isChecked()
        tray.show(snapshot(sitting_s=60))
        assert not standing.isChecked()
        tray.show(snapshot(State.AWAY))
        assert not standing.isChecked()


def test_resume_is_enabled_only_while_paused(tray: Tray, snapshot: MakeSnapshot) -> None:
    resume = action(tray, "resume")
    assert not resume.isEnabled()
    tray.show(snapshot(sitting_s=60, paused_until=local(14, 30)))
    assert resume.isEnabled()
    tray.show(snapshot(sitting_s=61))
    assert not resume.isEnabled()
    tray.show(snapshot(State.AWAY, paused_until=local(14, 30)))
    assert resume.isEnabled()


# -- tooltip and status line ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "details", "expected"),
    [
        (
            State.SITTING,
            {"sitting_s": 32 * 60},
            ["Sitting for 32 min", "Break in 13 min", "Today: 4 h 10 min sitting"],
        ),
        (
            State.SITTING,
            {"sitting_s": 45 * 60, "prompt_open": True},
            ["Sitting for 45 min", "Break due now", "Today: 4 h 10 min sitting"],
        ),
        (
            State.SITTING,
            {"sitting_s": 50 * 60},
            ["Sitting for 50 min", "Break due now", "Today: 4 h 10 min sitting"],
        ),
        (
            State.SITTING,
            {"sitting_s": 32 * 60, "paused_until": local(14, 30)},
            ["Sitting for 32 min", "Paused until 14:30", "Today: 4 h 10 min sitting"],
        ),
        (
            State.SITTING,
            {"sitting_s": 32 * 60, "paused_until": local(4, 0, days=1)},
            ["Sitting for 32 min", "Paused until tomorrow 04:00", "Today: 4 h 10 min sitting"],
        ),
        (
            State.STANDING,
            {"standing_s": 6 * 60},
            ["Standing for 6 min", "Today: 4 h 10 min sitting"],
        ),
        (State.AWAY, {}, ["Away", "Today: 4 h 10 min sitting"]),
        (
            State.SITTING,
            {"sitting_s": 40, "manual": True},
            [
                "Sitting for 40 s",
                "Break in 45 min",
                "Today: 4 h 10 min sitting",
                "Manual mode: no idle time source",
            ],
        ),
        (State.AWAY, {"today_sitting_s": 0}, ["Away", "Today: no sitting yet"]),
    ],
)
def test_tooltip_says_what_is_going_on(
    tray: Tray,
    snapshot: MakeSnapshot,
    state: State,
    details: dict[str, object],
    expected: list[str],
) -> None:
    tray.show(snapshot(state, **{"today_sitting_s": TODAY_S, **details}))
    assert tray.tooltip.split("\n") == expected
    assert tray.system_tray_icon.toolTip() == tray.tooltip
    now = [line for line in expected if not line.startswith(("Today", "Manual"))]
    assert action(tray, "status").text() == " · ".join(now)


def test_tooltip_changes_with_whole_minutes(tray: Tray, snapshot: MakeSnapshot) -> None:
    tray.show(snapshot(sitting_s=600, today_sitting_s=TODAY_S))
    first = tray.tooltip
    tray.show(snapshot(sitting_s=630, today_sitting_s=TODAY_S + 30))
    assert tray.tooltip == first  # still "10 min", "35 min" and "4 h 10 min"
    tray.show(snapshot(sitting_s=660, today_sitting_s=TODAY_S + 60))
    assert tray.tooltip != first


# -- the icon ------------------------------------------------------------------------------


def test_icon_repaints_only_when_its_look_changes(tray: Tray, snapshot: MakeSnapshot) -> None:
    # Two hours to the break: one step of the ring is 150 s, so 100 s stay on one step.
    interval = 2 * 3600.0
    step = interval / STEPS
    for second in range(100):
        tray.show(snapshot(sitting_s=10 * step + second, interval_s=interval))
    assert tray.icon_updates == 1


def test_a_sitting_stretch_repaints_once_per_step(tray: Tray, snapshot: MakeSnapshot) -> None:
    shown = [snapshot(sitting_s=float(second)) for second in range(0, 46 * 60, 5)]
    for item in shown:
        tray.show(item)
    looks = {RingLook.of(item) for item in shown}
    assert tray.icon_updates == len(looks) == STEPS + 1
    assert not tray.system_tray_icon.icon().isNull()


def test_at_launch_the_icon_is_an_empty_ring_until_the_first_snapshot(
    tray: Tray, snapshot: MakeSnapshot
) -> None:
    tray.show_starting()
    assert not tray.system_tray_icon.icon().isNull()
    assert tray.tooltip == "deskbreak is starting"
    assert tray.icon_updates == 1
    tray.show(snapshot(sitting_s=0))  # the same empty ring: not drawn again
    assert tray.icon_updates == 1
    assert tray.tooltip.startswith("Sitting for")
    tray.show(snapshot(sitting_s=0.5 * 45 * 60))
    assert tray.icon_updates == 2


def test_works_without_a_system_tray(tray: Tray, snapshot: MakeSnapshot) -> None:
    # The offscreen platform has no tray, like stock GNOME.
    assert tray.available is False
    tray.show(snapshot(sitting_s=600))
    assert not tray.system_tray_icon.isVisible()
    assert tray.icon_updates == 1
    assert action(tray, "status").text() == "Sitting for 10 min · Break in 35 min"


# -- messages ------------------------------------------------------------------------------


def test_start_up_notices_and_manual_mode_become_one_message(
    tray: Tray, snapshot: MakeSnapshot
) -> None:
    tray.show(snapshot(sitting_s=0, manual=True))
    tray.present(notices=["settings.toml line 3: expected a duration"], manual=True)
    assert tray.last_message is not None
    title, text = tray.last_message
    assert title == "deskbreak started with problems"
    assert text.startswith("settings.toml line 3: expected a duration\n")
    assert "deskbreak doctor" in text
    # No tray here: nothing was shown, and the app can tell from `available`.
    assert not tray.system_tray_icon.isVisible()


def test_a_clean_start_says_nothing(tray: Tray, snapshot: MakeSnapshot) -> None:
    tray.show(snapshot(sitting_s=0))
    tray.present(notices=[], manual=False)
    assert tray.last_message is None


def test_a_second_launch_is_pointed_at_the_tray(tray: Tray) -> None:
    tray.notify_already_running()
    assert tray.last_message is not None
    assert tray.last_message[0] == "deskbreak is already running"


# ------------------------------------------------------------- breaks ahead and meetings


def _snap(**changes: object) -> Snapshot:
    base = Snapshot(
        state=State.SITTING,
        sitting_s=600.0,
        interval_s=2700.0,
        to_break_s=2100.0,
        prompt_open=False,
        paused_until=None,
        standing_s=0.0,
        today=DayTotals(date(2026, 11, 16), sitting_s=600.0),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _action(tray: Tray, name: str) -> QAction:
    action = tray.menu.findChild(QAction, name)
    assert isinstance(action, QAction), name
    return action


@pytest.mark.parametrize(
    ("name", "signal"),
    [
        ("break-now", "break_now_requested"),
        ("snooze-next", "snooze_next_requested"),
        ("skip-next", "skip_next_requested"),
        ("meeting-end", "meeting_end_requested"),
    ],
)
def test_the_new_menu_entries_emit_their_signals(qtbot: QtBot, name: str, signal: str) -> None:
    tray = Tray()
    tray.show(_snap(meeting_until=datetime(2026, 11, 16, 15, tzinfo=UTC)))
    with qtbot.waitSignal(getattr(tray, signal), timeout=1000):
        _action(tray, name).trigger()


def test_meeting_mode_lengths(qtbot: QtBot) -> None:
    tray = Tray()
    with qtbot.waitSignal(tray.meeting_requested, timeout=1000) as blocker:
        _action(tray, "meeting-1h").trigger()
    assert blocker.args == [3600.0]


def test_breaks_ahead_can_be_moved_only_while_sitting_without_a_prompt(qtbot: QtBot) -> None:
    tray = Tray()
    tray.show(_snap())
    assert _action(tray, "break-now").isEnabled()
    tray.show(_snap(prompt_open=True, to_break_s=0.0))
    assert not _action(tray, "snooze-next").isEnabled()
    tray.show(_snap(state=State.AWAY, to_break_s=None))
    assert not _action(tray, "skip-next").isEnabled()
    assert not _action(tray, "meeting-end").isEnabled()


def test_the_tooltip_says_why_breaks_are_held(qtbot: QtBot) -> None:
    tray = Tray()
    meeting = datetime.combine(date(2026, 11, 16), time(14, 30)).astimezone()
    tray.show(_snap(meeting_until=meeting, held=("meeting",)))
    assert "Meeting until 14:30" in tray.tooltip
    tray.show(_snap(held=("fullscreen",)))
    assert "Breaks held: a full-screen window" in tray.tooltip


def test_start_at_login_shows_the_desktop_state_and_reports_clicks(qtbot: QtBot) -> None:
    tray = Tray()
    tray.set_autostart(enabled=True)
    assert _action(tray, "autostart").isChecked()
    with qtbot.waitSignal(tray.autostart_toggled, timeout=1000) as blocker:
        _action(tray, "autostart").trigger()
    assert blocker.args == [False]
