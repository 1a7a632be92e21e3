"""Invariants of the sitting tracker over random days at a virtual desk (hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from deskbreak.domain.events import BreakDue, Event, PromptClosed, StretchEnded, StretchStarted
from deskbreak.domain.replay import VirtualDesk, at
from deskbreak.domain.settings import Settings

START = at("2026-11-16", "08:00")
THRESHOLD = 300.0


@dataclass(frozen=True)
class Step:
    kind: str  # active, wait, done, snooze, skip, standing, sit, pause, resume, lock, suspend
    seconds: float = 0.0


seconds = st.integers(min_value=1, max_value=90 * 60).map(float)
steps = st.one_of(
    st.builds(Step, st.just("active"), seconds),
    st.builds(Step, st.just("wait"), seconds),
    st.builds(Step, st.sampled_from(["done", "snooze", "skip", "standing", "sit", "resume"])),
    st.builds(Step, st.sampled_from(["pause", "lock", "suspend"]), seconds),
)
stories = st.lists(steps, min_size=1, max_size=25)
typing_only = st.lists(
    st.one_of(
        st.builds(Step, st.just("active"), seconds),
        st.builds(Step, st.just("wait"), seconds),
        st.builds(Step, st.sampled_from(["snooze", "skip"])),
    ),
    min_size=1,
    max_size=25,
)


def play(story: list[Step], *, extra: tuple[float, ...] = (), polling: bool = False) -> VirtualDesk:
    desk = VirtualDesk(Settings(), START, signals_return=not polling, extra_samples=extra)
    for step in story:
        if step.kind == "active":
            desk.active(step.seconds)
        elif step.kind == "wait":
            desk.wait(step.seconds)
        elif step.kind == "lock":
            desk.lock(step.seconds)
        elif step.kind == "suspend":
            desk.suspend(step.seconds)
        elif step.kind == "pause":
            desk.act(lambda tracker, s=step.seconds: tracker.pause(s))
        elif step.kind in ("standing", "sit"):
            desk.act(lambda tracker, on=step.kind == "standing": tracker.standing(on=on))
        else:
            desk.act(lambda tracker, name=step.kind: getattr(tracker, name)())
    desk.finish()
    return desk


def kinds(events: list[Event], kind: type[Event]) -> list[Event]:
    return [event for event in events if isinstance(event, kind)]


@settings(max_examples=150, deadline=None)
@given(stories)
def test_sitting_is_never_negative_and_never_more_than_wall_time(story: list[Step]) -> None:
    desk = play(story)
    elapsed = desk.now - START.timestamp()
    total = 0.0
    for event in kinds(desk.events, StretchEnded):
        assert isinstance(event, StretchEnded)
        assert 0 <= event.sitting_s <= (event.utc - event.started_utc).total_seconds() + 1e-6
        total += event.sitting_s
    assert total <= elapsed + 1e-6
    assert 0 <= desk.tracker.sitting() <= elapsed


@settings(max_examples=150, deadline=None)
@given(stories)
def test_one_prompt_per_due_point(story: list[Step]) -> None:
    desk = play(story)
    open_prompt = None
    for event in desk.events:
        if isinstance(event, StretchStarted):
            assert open_prompt is None
            expected = 1
        elif isinstance(event, BreakDue):
            assert open_prompt is None, "a second prompt while one is open"
            assert event.prompt == expected
            open_prompt = event.prompt
            expected += 1
        elif isinstance(event, PromptClosed):
            assert open_prompt == event.prompt
            open_prompt = None


@settings(max_examples=150, deadline=None)
@given(typing_only)
def test_a_gap_of_the_threshold_always_ends_the_stretch_at_the_last_input(
    story: list[Step],
) -> None:
    desk = play(story)
    # Where the typing stopped before each long gap.
    moment = START.timestamp()
    expected_ends = []
    last_input = None
    for step in story:
        if step.kind == "active":
            if last_input is not None and moment - last_input >= THRESHOLD:
                expected_ends.append(last_input)
            last_input = moment + step.seconds
            moment += step.seconds
        elif step.kind == "wait":
            moment += step.seconds
    if last_input is not None:
        expected_ends.append(last_input)  # finish() runs on past the last input
    ends = [event.at for event in kinds(desk.events, StretchEnded)]
    assert ends == expected_ends


@settings(max_examples=100, deadline=None)
@given(stories, st.lists(st.integers(min_value=0, max_value=12 * 3600), max_size=40))
def test_the_answers_do_not_depend_on_when_samples_were_taken(
    story: list[Step], offsets: list[int]
) -> None:
    plain = play(story)
    sampled = play(story, extra=tuple(float(offset) for offset in offsets))
    assert sampled.events == plain.events


@settings(max_examples=100, deadline=None)
@given(typing_only)
def test_polling_finds_each_stretch_start_within_the_poll_interval(story: list[Step]) -> None:
    exact = [event.at for event in kinds(play(story).events, StretchStarted)]
    polled = [event.at for event in kinds(play(story, polling=True).events, StretchStarted)]
    assert len(polled) == len(exact)
    for found, true in zip(polled, exact, strict=True):
        assert true <= found <= true + Settings().seconds("sitting.away_poll")
