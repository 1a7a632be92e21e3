"""The sitting model as stories on a virtual desk: inputs, gaps, prompts and answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from deskbreak.domain.clock import FakeClock
from deskbreak.domain.events import (
    BreakDue,
    BreakPostponed,
    BreakReason,
    BreakWarning,
    Event,
    HoldEnded,
    Outcome,
    PauseEnded,
    PauseStarted,
    PromptClosed,
    PromptHeld,
    SessionAway,
    SessionBack,
    StandingEnded,
    State,
    StretchEnded,
    StretchStarted,
)
from deskbreak.domain.replay import VirtualDesk, at
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import Checkpoint, DayTotals
from deskbreak.domain.tracker import MAX_SLEEP_S, Tracker

MIN = 60.0
START = at("2026-11-16", "09:00")


def desk(*, signals_return: bool = True, **values: float) -> VirtualDesk:
    settings = Settings({key.replace("__", "."): value for key, value in values.items()})
    return VirtualDesk(settings, START, signals_return=signals_return)


def of(kind: type[Event], events: list[Event]) -> list[Event]:
    return [event for event in events if isinstance(event, kind)]


def ended(day: VirtualDesk) -> list[StretchEnded]:
    return [event for event in day.events if isinstance(event, StretchEnded)]


def closed(day: VirtualDesk) -> list[Outcome]:
    return [event.outcome for event in day.events if isinstance(event, PromptClosed)]


def clock_of(event: Event) -> str:
    return event.utc.strftime("%H:%M:%S")


# --------------------------------------------------------------------------- stretches


def test_a_stretch_starts_at_the_first_input_and_short_gaps_count_as_sitting() -> None:
    day = desk()
    day.wait(10 * MIN)
    assert day.tracker.state is State.AWAY
    day.active(20 * MIN)
    day.wait(4 * MIN)  # reading: shorter than the away threshold
    day.active(10 * MIN)
    assert day.tracker.state is State.SITTING
    assert day.tracker.sitting() == 34 * MIN
    assert clock_of(of(StretchStarted, day.events)[0]) == "09:10:00"


def test_a_gap_of_the_away_threshold_ends_the_stretch_at_the_last_input() -> None:
    day = desk()
    day.active(30 * MIN)
    day.wait(5 * MIN)
    [stretch] = ended(day)
    assert stretch.sitting_s == 30 * MIN
    assert clock_of(stretch) == "09:30:00"
    assert stretch.reason is BreakReason.IDLE
    assert day.tracker.state is State.AWAY
    assert day.tracker.sitting() == 0


def test_a_gap_just_short_of_the_threshold_is_sitting() -> None:
    day = desk()
    day.active(10 * MIN)
    day.wait(5 * MIN - 1)
    day.active(10 * MIN)
    assert ended(day) == []
    assert day.tracker.sitting() == 10 * MIN + 5 * MIN - 1 + 10 * MIN


def test_the_next_stretch_starts_with_the_first_input_after_the_break() -> None:
    day = desk()
    day.active(20 * MIN)
    day.wait(12 * MIN)
    day.active(5 * MIN)
    starts = of(StretchStarted, day.events)
    assert [clock_of(event) for event in starts] == ["09:00:00", "09:32:00"]


def test_a_lone_input_is_a_stretch_of_no_sitting() -> None:
    day = desk()
    day.input()
    day.wait(10 * MIN)
    [stretch] = ended(day)
    assert stretch.sitting_s == 0


# ----------------------------------------------------------------------------- prompts


def test_the_break_is_due_after_the_interval_with_a_warning_a_minute_before() -> None:
    day = desk()
    day.active(46 * MIN)
    [warning] = of(BreakWarning, day.events)
    [due] = of(BreakDue, day.events)
    assert clock_of(warning) == "09:44:00"
    assert warning.due_in_s == 60
    assert clock_of(due) == "09:45:00"
    assert due.sitting_s == 45 * MIN
    assert day.tracker.prompt_open
    assert day.tracker.to_break() == -MIN


def test_no_warning_when_it_is_off() -> None:
    day = desk(breaks__warning=0.0)
    day.active(46 * MIN)
    assert of(BreakWarning, day.events) == []
    assert len(of(BreakDue, day.events)) == 1


def test_done_ends_the_stretch_and_the_next_input_starts_a_new_one() -> None:
    day = desk()
    day.active(46 * MIN)
    assert day.act(lambda tracker: tracker.done())
    [stretch] = ended(day)
    assert stretch.reason is BreakReason.DONE
    assert stretch.sitting_s == 46 * MIN
    assert closed(day) == [Outcome.DONE]
    day.wait(2 * MIN)
    day.active(10 * MIN)
    assert clock_of(of(StretchStarted, day.events)[-1]) == "09:48:00"
    assert day.tracker.sitting() == 10 * MIN


def test_snooze_asks_again_after_the_snooze_time_of_sitting() -> None:
    day = desk()
    day.active(45 * MIN + 30)
    assert day.act(lambda tracker: tracker.snooze())
    day.active(6 * MIN)
    dues = of(BreakDue, day.events)
    assert [clock_of(event) for event in dues] == ["09:45:00", "09:50:30"]
    assert [event.prompt for event in dues] == [1, 2]
    assert closed(day) == [Outcome.SNOOZED]
    # A snooze gets no second warning.
    assert len(of(BreakWarning, day.events)) == 1


def test_snooze_for_a_chosen_time() -> None:
    day = desk()
    day.active(45 * MIN)
    assert day.act(lambda tracker: tracker.snooze(10 * MIN))
    [close] = of(PromptClosed, day.events)
    assert close.next_due_in_s == 10 * MIN
    day.active(11 * MIN)
    assert clock_of(of(BreakDue, day.events)[-1]) == "09:55:00"


def test_skip_asks_again_after_a_full_interval_with_a_warning() -> None:
    day = desk()
    day.active(45 * MIN)
    assert day.act(lambda tracker: tracker.skip())
    day.active(46 * MIN)
    assert [clock_of(event) for event in of(BreakDue, day.events)] == ["09:45:00", "10:30:00"]
    assert len(of(BreakWarning, day.events)) == 2
    assert closed(day)[0] is Outcome.SKIPPED


def test_an_unanswered_prompt_snoozes_itself() -> None:
    day = desk()
    day.active(60 * MIN)
    assert closed(day) == [Outcome.UNANSWERED, Outcome.UNANSWERED]
    assert [clock_of(event) for event in of(BreakDue, day.events)] == [
        "09:45:00",
        "09:52:00",
        "09:59:00",
    ]


def test_walking_away_from_an_open_prompt_is_a_natural_break() -> None:
    day = desk(breaks__unanswered=10 * MIN)
    day.active(45 * MIN + 30)
    day.wait(10 * MIN)
    assert closed(day) == [Outcome.AWAY]
    [stretch] = ended(day)
    assert stretch.reason is BreakReason.IDLE
    assert stretch.sitting_s == 45 * MIN + 30


def test_answers_without_an_open_prompt_are_ignored() -> None:
    day = desk()
    day.active(10 * MIN)
    assert not day.act(lambda tracker: tracker.done())
    assert not day.act(lambda tracker: tracker.snooze())
    assert not day.act(lambda tracker: tracker.skip())
    assert ended(day) == []
    assert day.tracker.sitting() == 10 * MIN


# ---------------------------------------------------------------------- pause and holds


def test_pause_silences_prompts_but_sitting_is_still_counted() -> None:
    day = desk()
    day.active(10 * MIN)
    day.act(lambda tracker: tracker.pause(60 * MIN))
    day.active(50 * MIN)
    assert of(BreakDue, day.events) == []
    assert of(BreakWarning, day.events) == []
    [held] = of(PromptHeld, day.events)
    assert held.reason == "pause"
    assert clock_of(held) == "09:45:00"
    assert day.tracker.sitting() == 60 * MIN
    assert day.tracker.paused_until is not None


def test_a_break_held_by_a_pause_is_asked_for_when_the_pause_ends() -> None:
    day = desk()
    day.act(lambda tracker: tracker.pause(50 * MIN))
    day.active(60 * MIN)
    [ended_pause] = of(PauseEnded, day.events)
    due = of(BreakDue, day.events)[0]
    assert clock_of(ended_pause) == clock_of(due) == "09:50:00"


def test_resume_ends_a_pause_and_asks_at_once_when_overdue() -> None:
    day = desk()
    day.active(MIN)
    day.act(lambda tracker: tracker.pause(None))
    [started] = of(PauseStarted, day.events)
    assert started.until_utc is None
    day.active(50 * MIN)
    assert day.tracker.paused_until == float("inf")
    day.act(lambda tracker: tracker.resume())
    assert clock_of(of(BreakDue, day.events)[0]) == "09:51:00"
    assert day.tracker.paused_until is None
    # Resuming again changes nothing.
    assert day.act(lambda tracker: tracker.resume())
    assert len(of(PauseEnded, day.events)) == 1


def test_pausing_with_a_prompt_open_closes_it_and_asks_again_on_resume() -> None:
    day = desk()
    day.active(45 * MIN + 10)
    day.act(lambda tracker: tracker.pause(10 * MIN))
    assert closed(day) == [Outcome.PAUSED]
    day.active(11 * MIN)
    dues = of(BreakDue, day.events)
    assert [clock_of(event) for event in dues] == ["09:45:00", "09:55:10"]


def test_other_holds_work_like_pause_and_are_named() -> None:
    day = desk()
    day.act(lambda tracker: tracker.hold("fullscreen"))
    day.active(50 * MIN)
    assert of(PromptHeld, day.events)[0].reason == "fullscreen"
    day.act(lambda tracker: tracker.release("fullscreen"))
    assert clock_of(of(BreakDue, day.events)[0]) == "09:50:00"
    day.act(lambda tracker: tracker.release("fullscreen"))
    assert len(of(BreakDue, day.events)) == 1


def test_a_timed_hold_expires_by_itself() -> None:
    day = desk()
    day.act(lambda tracker: tracker.hold("call", 47 * MIN))
    day.active(50 * MIN)
    assert clock_of(of(BreakDue, day.events)[0]) == "09:47:00"


# -------------------------------------------------------------------------- standing


def test_standing_stops_sitting_and_a_short_stand_keeps_the_stretch() -> None:
    day = desk()
    day.active(20 * MIN)
    day.act(lambda tracker: tracker.standing(on=True))
    assert day.tracker.state is State.STANDING
    day.active(3 * MIN)
    day.act(lambda tracker: tracker.standing(on=False))
    day.active(10 * MIN)
    assert ended(day) == []
    assert day.tracker.sitting() == 30 * MIN
    [stood] = of(StandingEnded, day.events)
    assert stood.standing_s == 3 * MIN
    assert not stood.counted_as_break


def test_standing_long_enough_is_a_break_from_the_moment_of_standing_up() -> None:
    day = desk()
    day.active(20 * MIN)
    day.act(lambda tracker: tracker.standing(on=True))
    day.active(30 * MIN)
    [stretch] = ended(day)
    assert stretch.reason is BreakReason.STANDING
    assert stretch.sitting_s == 20 * MIN
    day.act(lambda tracker: tracker.standing(on=False))
    [stood] = of(StandingEnded, day.events)
    assert stood.counted_as_break
    # Sitting down starts the next stretch there and then.
    assert clock_of(of(StretchStarted, day.events)[-1]) == "09:50:00"
    assert day.tracker.state is State.SITTING


def test_standing_with_a_prompt_open_closes_it_as_a_natural_break() -> None:
    day = desk()
    day.active(45 * MIN + 10)
    day.act(lambda tracker: tracker.standing(on=True))
    day.wait(6 * MIN)
    assert Outcome.AWAY in closed(day)
    assert ended(day)[0].reason is BreakReason.STANDING


def test_standing_while_away_does_not_start_a_stretch() -> None:
    day = desk()
    day.act(lambda tracker: tracker.standing(on=True))
    day.active(10 * MIN)
    assert of(StretchStarted, day.events) == []
    day.act(lambda tracker: tracker.standing(on=True))  # already standing: nothing new
    day.act(lambda tracker: tracker.standing(on=False))
    [stood] = of(StandingEnded, day.events)
    assert stood.counted_as_break  # ten minutes on their feet


# --------------------------------------------------------------------- lock and suspend


def test_a_long_lock_ends_the_stretch_at_the_last_input() -> None:
    day = desk()
    day.active(30 * MIN)
    day.lock(20 * MIN)
    day.active(5 * MIN)
    [stretch] = ended(day)
    assert stretch.reason is BreakReason.LOCK
    assert clock_of(stretch) == "09:30:00"
    assert [
        type(event) for event in day.events if isinstance(event, SessionAway | SessionBack)
    ] == [
        SessionAway,
        SessionBack,
    ]


def test_a_short_lock_is_like_a_short_gap() -> None:
    day = desk()
    day.active(30 * MIN)
    day.lock(2 * MIN)
    day.active(5 * MIN)
    assert ended(day) == []
    assert day.tracker.sitting() == 37 * MIN


def test_input_while_locked_starts_nothing() -> None:
    day = desk()
    day.lock(0)
    day.tracker.session_away(BreakReason.LOCK)
    day.add_activity(day.now, 60)
    day.wait(60)
    assert day.tracker.state is State.AWAY
    day.tracker.session_away(BreakReason.LOCK)  # twice: still one lock
    day.tracker.session_back()
    day.active(MIN)
    assert day.tracker.state is State.SITTING


def test_suspend_counts_as_away_for_its_duration() -> None:
    day = desk()
    day.active(40 * MIN)
    day.suspend(60 * MIN)
    day.active(10 * MIN)
    [stretch] = ended(day)
    assert stretch.reason is BreakReason.SUSPEND
    assert stretch.sitting_s == 40 * MIN
    assert day.tracker.sitting() == 10 * MIN - 5  # the first input after waking is 5 s in


def test_a_missed_wakeup_counts_the_unseen_time_as_a_gap() -> None:
    # Frozen without a suspend signal: the late sample cannot know what happened.
    clock = FakeClock(mono=0.0, wall=datetime(2026, 11, 16, 9, tzinfo=UTC))
    tracker = Tracker(Settings(), clock, signals_return=True)
    tracker.sample(0.0)
    clock.advance(3600)
    events = tracker.sample(0.0)
    assert [type(event) for event in events] == [StretchEnded, StretchStarted]
    assert isinstance(events[0], StretchEnded)
    assert events[0].sitting_s == 0


# ------------------------------------------------------------------- wake-ups and polling


def test_the_tracker_sleeps_until_it_needs_a_sample() -> None:
    day = desk()
    assert day.tracker.next_wakeup() == day.now + MAX_SLEEP_S
    day.active(20 * MIN)
    assert day.tracker.next_wakeup() == day.now + 5 * MIN
    day.samples = 0
    day.active(20 * MIN)
    # One gap check every away threshold while typing, nothing in between.
    assert day.samples == 4


def test_without_a_return_signal_the_tracker_polls_while_away() -> None:
    day = desk(signals_return=False)
    assert day.tracker.next_wakeup() == day.now + 10
    day.wait(25)
    day.active(10 * MIN)
    # Found on the first poll after the first input, at the latest input before that poll:
    # the start is known to within sitting.away_poll.
    assert clock_of(of(StretchStarted, day.events)[0]) == "09:00:30"


def test_settings_changes_move_a_pending_due_point() -> None:
    day = desk()
    day.active(20 * MIN)
    day.act(lambda tracker: tracker.apply_settings(Settings({"breaks.interval": 30 * MIN})))
    day.active(11 * MIN)
    assert clock_of(of(BreakDue, day.events)[0]) == "09:30:00"
    assert day.tracker.settings["breaks.interval"] == 30 * MIN


# ---------------------------------------------------------------- snapshot and checkpoint


def test_the_snapshot_shows_what_the_tray_needs() -> None:
    day = desk()
    day.active(30 * MIN)
    day.act(lambda tracker: tracker.pause(10 * MIN))
    snap = day.tracker.snapshot(DayTotals(START.date()))
    assert snap.state is State.SITTING
    assert snap.sitting_s == 30 * MIN
    assert snap.to_break_s == 15 * MIN
    assert snap.paused_until is not None
    assert snap.fill == pytest.approx(30 / 45)
    day.act(lambda tracker: tracker.standing(on=True))
    day.wait(MIN)
    snap = day.tracker.snapshot(DayTotals(START.date()))
    assert snap.state is State.STANDING
    assert snap.standing_s == MIN
    assert day.tracker.running_segments()[0][0] == START


def test_a_checkpoint_continues_after_a_crash_when_the_user_is_still_there() -> None:
    day = desk()
    day.active(30 * MIN)
    checkpoint = day.tracker.checkpoint()
    assert checkpoint is not None
    assert checkpoint.sitting_s == 30 * MIN
    later = FakeClock(mono=5.0, wall=day.clock.wall.replace() + (day.clock.wall - day.clock.wall))
    later.advance(60)
    tracker = Tracker(Settings(), later, signals_return=True)
    assert tracker.restore(checkpoint) == []
    assert tracker.sitting() == 31 * MIN
    assert tracker.restore(checkpoint) == []  # a stretch is already running


def test_a_checkpoint_of_a_stretch_that_ended_while_down_is_closed_at_its_last_input() -> None:
    saved = at("2026-11-16", "10:00")
    checkpoint = Checkpoint(
        started_utc=at("2026-11-16", "09:00"),
        last_input_utc=at("2026-11-16", "09:59"),
        sitting_s=60 * MIN,
        saved_utc=saved,
    )
    clock = FakeClock(mono=5.0, wall=at("2026-11-16", "11:00"))
    tracker = Tracker(Settings(), clock, signals_return=True)
    [stretch] = tracker.restore(checkpoint)
    assert isinstance(stretch, StretchEnded)
    assert stretch.sitting_s == 59 * MIN
    assert tracker.state is State.AWAY
    assert tracker.checkpoint() is None


def test_while_away_there_is_nothing_to_count() -> None:
    day = desk()
    snap = day.tracker.snapshot(DayTotals(START.date()))
    assert snap.state is State.AWAY
    assert snap.to_break_s is None
    assert snap.paused_until is None
    assert day.tracker.running_segments() == []
    # Unlocking a screen that was never locked changes nothing.
    assert day.tracker.session_back() == []


def test_running_segments_cover_the_stretch_so_far() -> None:
    day = desk()
    day.active(10 * MIN)
    day.act(lambda tracker: tracker.standing(on=True))
    day.active(2 * MIN)
    day.act(lambda tracker: tracker.standing(on=False))
    day.active(5 * MIN)
    parts = day.tracker.running_segments()
    assert [(clock_of_utc(a), clock_of_utc(b)) for a, b in parts] == [
        ("09:00:00", "09:10:00"),
        ("09:12:00", "09:17:00"),
    ]


def clock_of_utc(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S")


def test_a_new_interval_does_not_move_a_due_point_set_by_an_answer() -> None:
    day = desk()
    day.active(45 * MIN)
    day.act(lambda tracker: tracker.snooze())
    day.act(lambda tracker: tracker.apply_settings(Settings({"breaks.interval": 20 * MIN})))
    day.active(6 * MIN)
    assert [clock_of(event) for event in of(BreakDue, day.events)] == ["09:45:00", "09:50:00"]


def test_a_held_break_is_announced_once() -> None:
    day = desk()
    day.act(lambda tracker: tracker.hold("presentation"))
    day.active(60 * MIN)
    day.act(lambda tracker: tracker.pause(5 * MIN))
    day.active(2 * MIN)
    assert len(of(PromptHeld, day.events)) == 1


def test_a_checkpoint_with_no_sitting_yet_restores_cleanly() -> None:
    started = at("2026-11-16", "10:00")
    checkpoint = Checkpoint(
        started_utc=started, last_input_utc=started, sitting_s=0.0, saved_utc=started
    )
    fresh = Tracker(Settings(), FakeClock(mono=5.0, wall=started), signals_return=True)
    assert fresh.restore(checkpoint) == []
    assert fresh.running_segments() == []
    late = Tracker(
        Settings(), FakeClock(mono=5.0, wall=at("2026-11-16", "12:00")), signals_return=True
    )
    [stretch] = late.restore(checkpoint)
    assert isinstance(stretch, StretchEnded)
    assert stretch.segments == ()


# ------------------------------------------------- breaks asked for, moved and held


def test_a_break_asked_for_now_opens_a_prompt_at_once() -> None:
    day = desk()
    assert not day.act(lambda tracker: tracker.request_break())  # nothing to break yet
    day.active(10 * MIN)
    day.act(lambda tracker: tracker.hold("meeting"))
    assert day.act(lambda tracker: tracker.request_break())
    [due] = of(BreakDue, day.events)
    assert due.requested
    assert clock_of(due) == "09:10:00"
    assert not day.act(lambda tracker: tracker.request_break())  # one is open already
    assert day.act(lambda tracker: tracker.done())


def test_snoozing_or_skipping_the_next_break_moves_it() -> None:
    day = desk()
    assert not day.act(lambda tracker: tracker.postpone(300))  # no stretch
    day.active(20 * MIN)
    assert day.act(lambda tracker: tracker.postpone(10 * MIN))
    [moved] = [event for event in day.events if isinstance(event, BreakPostponed)]
    assert moved.next_due_in_s == 35 * MIN
    day.active(36 * MIN)
    dues = of(BreakDue, day.events)
    assert clock_of(dues[0]) == "09:55:00"
    # The warning came for the moved break, not the original one.
    assert [clock_of(event) for event in of(BreakWarning, day.events)] == ["09:54:00"]
    assert not day.act(lambda tracker: tracker.postpone(300))  # answer the open prompt


def test_holds_are_listed_with_their_ends() -> None:
    day = desk()
    day.act(lambda tracker: tracker.hold("meeting", 30 * MIN))
    day.act(lambda tracker: tracker.hold("fullscreen"))
    holds = day.tracker.holds()
    assert holds["fullscreen"] is None
    assert holds["meeting"] is not None
    assert clock_of_utc(holds["meeting"]) == "09:30:00"
    snap = day.tracker.snapshot(DayTotals(START.date()))
    assert snap.held == ("fullscreen", "meeting")
    assert snap.meeting_until == holds["meeting"]
    day.act(lambda tracker: tracker.release("fullscreen"))
    assert [event.reason for event in day.events if isinstance(event, HoldEnded)] == ["fullscreen"]
