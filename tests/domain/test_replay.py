"""The virtual desk: known inputs answered exactly, and a desk that replays them to the tracker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskbreak.domain.events import (
    BreakDue,
    BreakReason,
    Event,
    State,
    StretchEnded,
    StretchStarted,
)
from deskbreak.domain.replay import VirtualDesk, _Inputs, at
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import Checkpoint
from deskbreak.domain.tracker import Tracker

STEP = 5.0


def inputs(*spans: tuple[float, float]) -> _Inputs:
    known = _Inputs(STEP)
    for start, end in spans:
        known.add(start, end)
    return known


# ----------------------------------------------------------------------- the inputs


def test_before_any_input_there_is_nothing_to_find() -> None:
    nothing = inputs()
    assert nothing.last_before(1e9) is None
    assert nothing.first_after(-1e9) is None
    later = inputs((100.0, 200.0))
    assert later.last_before(99.9) is None
    assert later.first_after(-float("inf")) == 100.0


def test_a_single_input_is_found_at_its_moment_only() -> None:
    one = inputs((100.0, 100.0))
    assert one.last_before(100.0) == 100.0  # at or before
    assert one.last_before(5000.0) == 100.0
    assert one.first_after(99.0) == 100.0
    assert one.first_after(100.0) is None  # strictly after


@pytest.mark.parametrize(
    ("moment", "last", "first"),
    [
        (-1.0, None, 0.0),
        (0.0, 0.0, 5.0),
        (4.9, 0.0, 5.0),
        (5.0, 5.0, 10.0),
        (11.9, 10.0, 12.0),  # the span's end is an input even off the 5-second grid
        (12.0, 12.0, None),
        (30.0, 12.0, None),
    ],
)
def test_activity_is_an_input_every_step_and_one_at_its_end(
    moment: float, last: float | None, first: float | None
) -> None:
    typing = inputs((0.0, 12.0))
    assert typing.last_before(moment) == last
    assert typing.first_after(moment) == first


def test_a_short_burst_inside_long_activity_is_found_between_its_steps() -> None:
    known = inputs((0.0, 100.0), (42.0, 43.0))
    assert known.last_before(42.5) == 42.0
    assert known.last_before(44.0) == 43.0  # the burst's end beats the long span's 40
    assert known.last_before(46.0) == 45.0
    assert known.first_after(41.0) == 42.0
    assert known.first_after(42.0) == 43.0
    assert known.first_after(43.0) == 45.0


def test_an_early_long_span_outlasts_later_short_ones() -> None:
    # Added out of order: a long span that started first still ends last.
    known = inputs((50.0, 51.0), (60.0, 60.0), (0.0, 100.0))
    assert known.last_before(200.0) == 100.0
    assert known.last_before(60.0) == 60.0
    assert known.first_after(51.0) == 55.0
    assert known.first_after(-5.0) == 0.0


def _every_input(spans: list[tuple[float, float]]) -> list[float]:
    moments: set[float] = set()
    for start, end in spans:
        moment = start
        while moment < end:
            moments.add(moment)
            moment += STEP
        moments.add(end)
    return sorted(moments)


half_seconds = st.integers(0, 2000).map(lambda half: half / 2)


@given(
    st.lists(
        st.tuples(half_seconds, st.integers(0, 120).map(lambda half: half / 2)),
        max_size=6,
    ),
    st.lists(half_seconds.map(lambda moment: moment - 5.0), min_size=1, max_size=10),
)
def test_the_inputs_answer_as_if_every_input_were_listed(
    spans: list[tuple[float, float]], moments: list[float]
) -> None:
    listed = [(start, start + length) for start, length in spans]
    known = inputs(*listed)
    every = _every_input(listed)
    for moment in moments:
        before = [input_at for input_at in every if input_at <= moment]
        after = [input_at for input_at in every if input_at > moment]
        assert known.last_before(moment) == (before[-1] if before else None)
        assert known.first_after(moment) == (after[0] if after else None)


# ----------------------------------------------------------------------- the desk

MONDAY_NINE = at("2026-11-16", "09:00")
MIN = 60.0


def test_at_reads_a_local_wall_time_at_an_offset() -> None:
    assert at("2026-11-16", "09:00") == datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    assert at("2026-11-16", "09:00:30", timedelta(hours=1)) == datetime(
        2026, 11, 16, 8, 0, 30, tzinfo=UTC
    )


def test_the_desk_clock_reads_the_story_time() -> None:
    desk = VirtualDesk(Settings(), MONDAY_NINE)
    assert desk.now == MONDAY_NINE.timestamp()
    assert desk.clock.now() == MONDAY_NINE
    desk.wait(90.0)
    assert desk.clock.now() == MONDAY_NINE + timedelta(seconds=90)


def test_before_the_first_input_the_machine_has_long_been_idle() -> None:
    desk = VirtualDesk(Settings(), MONDAY_NINE)
    assert desk.idle(desk.now) == 86400.0
    desk.add_activity(desk.now + 600.0, 60.0)
    assert desk.idle(desk.now) == 86400.0  # the planned typing has not happened yet
    assert desk.idle(desk.now + 607.0) == 2.0  # last input at +605


def test_a_desk_where_nothing_was_typed_finishes_at_once() -> None:
    desk = VirtualDesk(Settings(), MONDAY_NINE, signals_return=False)
    desk.finish()
    assert desk.events == []
    assert desk.now == MONDAY_NINE.timestamp()


def test_every_event_reaches_the_listener_in_order() -> None:
    heard: list[Event] = []
    desk = VirtualDesk(Settings(), MONDAY_NINE, listener=heard.append)
    desk.active(50 * MIN)
    desk.finish()
    assert heard == desk.events
    assert [type(event) for event in heard if isinstance(event, StretchStarted | StretchEnded)] == [
        StretchStarted,
        StretchEnded,
    ]


def test_an_action_the_tracker_ignores_is_reported_and_records_nothing() -> None:
    desk = VirtualDesk(Settings(), MONDAY_NINE)
    desk.active(10 * MIN)
    before = list(desk.events)
    assert desk.act(lambda tracker: tracker.done()) is False
    assert desk.events == before


@pytest.mark.parametrize("signals_return", [True, False])
def test_typing_after_a_done_is_played_by_finish_on_any_idle_source(
    signals_return: bool,
) -> None:
    desk = VirtualDesk(Settings(), MONDAY_NINE, signals_return=signals_return)
    desk.add_activity(desk.now, 60 * MIN)
    desk.run_until(desk.now + 46 * MIN)
    assert any(isinstance(event, BreakDue) for event in desk.events)
    assert desk.act(lambda tracker: tracker.done()) is True
    assert desk.tracker.state is State.AWAY
    desk.finish()
    *_, started, ended = [
        event for event in desk.events if isinstance(event, StretchStarted | StretchEnded)
    ]
    assert isinstance(started, StretchStarted)
    assert isinstance(ended, StretchEnded)
    poll = 0.0 if signals_return else Settings().seconds("sitting.away_poll")
    resumed = started.utc - MONDAY_NINE
    # The typing goes on at 46:05; a polling source notices it within one poll.
    assert timedelta(minutes=46, seconds=5) <= resumed <= timedelta(minutes=46, seconds=5 + poll)
    assert ended.utc == MONDAY_NINE + timedelta(minutes=60)


# ------------------------------------------------------------- the reused next_wakeup()


def counted(desk: VirtualDesk) -> Tracker:
    return desk.tracker


CHANGING: tuple[Callable[[Tracker], object], ...] = (
    lambda t: t.sample(0.0),
    lambda t: t.snooze(),
    lambda t: t.skip(),
    lambda t: t.done(),  # with no prompt open: it still catches up
    lambda t: t.pause(60.0),
    lambda t: t.resume(),
    lambda t: t.hold("meeting", 60.0),
    lambda t: t.release("meeting"),
    lambda t: t.request_break(),
    lambda t: t.postpone(60.0),
    lambda t: t.standing(on=True),
    lambda t: t.standing(on=False),
    lambda t: t.session_away(BreakReason.LOCK),
    lambda t: t.session_back(),
    lambda t: t.apply_settings(Settings()),
)
QUERIES: tuple[Callable[[Tracker], object], ...] = (
    lambda t: t.state,
    lambda t: t.prompt_open,
    lambda t: t.paused_until,
    lambda t: t.sitting(),
    lambda t: t.to_break(),
    lambda t: t.running_segments(),
    lambda t: t.holds(),
    lambda t: t.checkpoint(),
    lambda t: t.next_wakeup(),
    lambda t: t.settings,
)


def test_every_call_that_changes_the_tracker_is_counted() -> None:
    # The desk reuses next_wakeup() while the tracker's change count stands still, so each
    # public call that may change the tracker must count, and the queries must not.
    desk = VirtualDesk(Settings(), MONDAY_NINE)
    desk.active(50 * 60)  # a prompt is open now
    tracker = counted(desk)
    for call in CHANGING:
        before = tracker.revision
        call(tracker)
        assert tracker.revision > before
    before = tracker.revision
    for query in QUERIES:
        query(tracker)
    assert tracker.revision == before
    fresh = counted(VirtualDesk(Settings(), MONDAY_NINE))
    fresh.restore(Checkpoint(MONDAY_NINE, MONDAY_NINE, 60.0, MONDAY_NINE))
    assert fresh.revision == 1


def test_a_reused_next_wakeup_is_what_the_tracker_says() -> None:
    desk = VirtualDesk(Settings(), MONDAY_NINE)
    desk.active(10 * 60)
    asked = desk._next_wakeup()
    assert asked == desk.tracker.next_wakeup()  # due for a sample at the away threshold
    desk.run_until(desk.now + 60)
    assert desk._next_wakeup() == asked == desk.tracker.next_wakeup()
    desk.tracker.sample(0.0)  # an input now, reported behind the desk's back
    assert desk._next_wakeup() == desk.tracker.next_wakeup() == asked + 60


def test_extra_samples_slept_through_change_nothing() -> None:
    """Off-schedule samples (a status request, a click) that fall inside a suspend are
    dropped when the desk wakes; the answers are those of a desk without them."""
    start = at("2026-11-16", "08:00")

    def story(extra: tuple[float, ...]) -> VirtualDesk:
        desk = VirtualDesk(Settings(), start, extra_samples=extra)
        desk.active(120.0)
        desk.suspend(600.0)
        desk.active(120.0)
        desk.finish()
        return desk

    with_extra = story((150.0, 300.0, 800.0))
    assert with_extra.events == story(()).events
    assert with_extra.samples > 0
