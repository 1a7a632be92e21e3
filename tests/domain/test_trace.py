"""Activity traces (docs/traces.md): every line form, every mistake named, replays that add up."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskbreak.domain.events import (
    BreakDue,
    BreakReason,
    PauseEnded,
    PauseStarted,
    PromptClosed,
    StandingEnded,
    StretchEnded,
    StretchStarted,
)
from deskbreak.domain.settings import Settings
from deskbreak.domain.status import DayTotals
from deskbreak.domain.trace import Entry, Replay, TraceError, parse_trace, replay

BERLIN = ZoneInfo("Europe/Berlin")
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "office-day.trace"
MONDAY, TUESDAY = date(2026, 11, 16), date(2026, 11, 17)


def to_utc(naive: datetime) -> datetime:
    return naive.replace(tzinfo=BERLIN).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(BERLIN)


def run(text: str, settings: Settings | None = None) -> Replay:
    entries = parse_trace(text.splitlines())
    return replay(entries, settings or Settings(), to_utc=to_utc, to_local=to_local)


def one(line: str) -> Entry:
    [entry] = parse_trace([line])
    return entry


def refused(*lines: str) -> TraceError:
    with pytest.raises(TraceError) as caught:
        parse_trace(lines)
    error = caught.value
    assert str(error) == f"{error.line}: {error.message}"
    return error


def wall(event_utc: datetime) -> str:
    return to_local(event_utc).strftime("%d %H:%M:%S")


# -------------------------------------------------------------------- what parses

AT_NINE = datetime(2026, 11, 16, 9, 0)


@pytest.mark.parametrize(
    ("rest", "kind", "seconds", "argument", "label"),
    [
        ("active 45m", "active", 2700.0, None, "active"),
        ("idle 6m", "idle", 360.0, None, "idle"),
        ("lock 1h05m10s", "lock", 3910.0, None, "lock"),
        ("suspend 50m", "suspend", 3000.0, None, "suspend"),
        ("input", "input", None, None, "input"),
        ("action done", "action", None, "done", "action done"),
        ("action snooze", "action", None, "snooze", "action snooze"),
        ("action snooze 10m", "action", 600.0, "snooze", "action snooze"),
        ("action skip", "action", None, "skip", "action skip"),
        ("action pause 1h", "action", 3600.0, "pause", "action pause"),
        ("action resume", "action", None, "resume", "action resume"),
        ("action standing on", "action", None, "standing on", "action standing on"),
        ("action standing off", "action", None, "standing off", "action standing off"),
    ],
)
def test_every_kind_and_action_parses(
    rest: str, kind: str, seconds: float | None, argument: str | None, label: str
) -> None:
    entry = one(f"2026-11-16 09:00  {rest}")
    assert entry == Entry(1, AT_NINE, kind, seconds, argument)
    assert entry.label == label


@pytest.mark.parametrize(
    ("stamp", "when"),
    [
        ("2026-11-16 09:00", AT_NINE),
        ("2026-11-16 09:00:30", AT_NINE.replace(second=30)),
        ("2026-11-16T09:00", AT_NINE),
        ("2026-11-16 9:00", AT_NINE),
    ],
)
def test_seconds_are_optional_in_the_time(stamp: str, when: datetime) -> None:
    assert one(f"{stamp} input").when == when


def test_a_one_digit_hour_may_carry_seconds_too() -> None:
    assert one("2026-11-16 9:00:30 input").when == AT_NINE.replace(second=30)


def test_comments_and_blank_lines_are_skipped_but_lines_keep_their_numbers() -> None:
    entries = parse_trace(
        [
            "# a morning",
            "",
            "2026-11-16 09:00  active 50m   # straight into email",
            "   ",
            "2026-11-16 09:45  action snooze#no space needed",
            "2026-11-16 09:45  input",  # the same moment as the line before is fine
        ]
    )
    assert [(entry.line, entry.kind, entry.argument) for entry in entries] == [
        (3, "active", None),
        (5, "action", "snooze"),
        (6, "input", None),
    ]


def test_an_empty_trace_has_no_entries() -> None:
    assert parse_trace([]) == []
    assert parse_trace(["# nothing yet", ""]) == []


# ---------------------------------------------------------------- what is refused

FORMAT = "expected 'YYYY-MM-DD HH:MM[:SS]  KIND [DURATION] [ARGS]'"
ONE_OF = "expected one of active, idle, lock, suspend, fullscreen, input, action"
ACTIONS = "expected an action (done, snooze, skip, pause, resume, standing, meeting)"
DURATION = "such as 45m, 1h30m or 20s"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2026-11-16 active 5m", f"{FORMAT}, got '2026-11-16 active 5m'"),
        ("16.11.2026 09:00 input", f"{FORMAT}, got '16.11.2026 09:00 input'"),
        ("2026-11-16 09:00", f"{FORMAT}, got '2026-11-16 09:00'"),
        ("2026-11-16 09:0 input", f"{FORMAT}, got '2026-11-16 09:0 input'"),
        ("2026-11-16 09:00:3 input", f"{FORMAT}, got '2026-11-16 09:00:3 input'"),
        ("2026-02-30 09:00 input", "expected a real date and time, got 2026-02-30 09:00"),
        ("2026-11-16 25:00 input", "expected a real date and time, got 2026-11-16 25:00"),
        ("2026-11-16 09:61 input", "expected a real date and time, got 2026-11-16 09:61"),
        ("2026-11-16 09:00 typing 5m", f"{ONE_OF}, got 'typing'"),
        ("2026-11-16 09:00 Active 5m", f"{ONE_OF}, got 'Active'"),
        ("2026-11-16 09:00 active", "expected 'active DURATION', got 'active'"),
        ("2026-11-16 09:00 lock", "expected 'lock DURATION', got 'lock'"),
        ("2026-11-16 09:00 idle 5m 3m", "expected 'idle DURATION', got 'idle 5m 3m'"),
        ("2026-11-16 09:00 suspend 5 min", "expected 'suspend DURATION', got 'suspend 5 min'"),
        ("2026-11-16 09:00 active five", f"expected a duration {DURATION}, got 'five'"),
        ("2026-11-16 09:00 idle 5m30", f"expected a duration {DURATION}, got '5m30'"),
        ("2026-11-16 09:00 input 5m", "expected 'input' with nothing after it, got 'input 5m'"),
        ("2026-11-16 09:00 action", f"{ACTIONS}, got 'nothing'"),
        ("2026-11-16 09:00 action jump", f"{ACTIONS}, got 'jump'"),
        ("2026-11-16 09:00 action done now", "expected 'action done' with nothing after it"),
        ("2026-11-16 09:00 action skip 5m", "expected 'action skip' with nothing after it"),
        ("2026-11-16 09:00 action resume x", "expected 'action resume' with nothing after it"),
        ("2026-11-16 09:00 action snooze 5m 5m", "expected 'action snooze [DURATION]'"),
        ("2026-11-16 09:00 action snooze soon", f"expected a snooze time {DURATION}, got 'soon'"),
        ("2026-11-16 09:00 action pause", "expected 'action pause DURATION'"),
        ("2026-11-16 09:00 action pause 1h 2h", "expected 'action pause DURATION'"),
        ("2026-11-16 09:00 action pause forever", f"expected a pause {DURATION}, got 'forever'"),
        (
            "2026-11-16 09:00 action standing maybe",
            "expected 'action standing on' or 'action standing off'",
        ),
        (
            "2026-11-16 09:00 action standing",
            "expected 'action standing on' or 'action standing off'",
        ),
        (
            "2026-11-16 09:00 action standing on off",
            "expected 'action standing on' or 'action standing off'",
        ),
    ],
)
def test_a_malformed_line_says_what_was_expected(line: str, message: str) -> None:
    error = refused("# header", line)
    assert (error.line, error.message) == (2, message)


def test_lines_must_not_go_back_in_time() -> None:
    error = refused(
        "2026-11-16 09:00 active 50m",
        "",
        "2026-11-16 09:45:30 action snooze",
        "2026-11-16 09:45 action done",
    )
    assert error.line == 4
    assert error.message == (
        "expected lines in time order, but 2026-11-16 09:45:00 comes before line 3 "
        "(2026-11-16 09:45:30)"
    )


@pytest.mark.parametrize("kind", ["idle", "lock", "suspend"])
def test_a_line_inside_an_earlier_gap_lock_or_sleep_is_refused(kind: str) -> None:
    error = refused(
        "2026-11-16 09:00 active 10m",
        f"2026-11-16 09:10 {kind} 30m",
        "2026-11-16 09:20 action snooze",
    )
    assert error.line == 3
    assert error.message == (
        f"expected lines in time order, but 2026-11-16 09:20:00 comes before the end of "
        f"line 2 ({kind} 30m until 2026-11-16 09:40:00)"
    )


def test_a_line_may_follow_right_at_the_end_of_a_lock() -> None:
    entries = parse_trace(["2026-11-16 09:10 lock 30m", "2026-11-16 09:40 input"])
    assert [entry.kind for entry in entries] == ["lock", "input"]


def test_the_first_bad_line_is_the_one_reported() -> None:
    error = refused("2026-11-16 09:00 input", "2026-11-16 09:01 jump", "2026-11-16 08:00 input")
    assert error.line == 2


# ------------------------------------------------------------------------- replays

SHORT_DAY = """\
2026-11-16 09:00     active 50m    # prompt at 09:45
2026-11-16 09:45:30  action snooze # asked again at 09:50:30, then left unanswered
2026-11-16 10:10     active 1h     # prompt at 10:55
2026-11-16 10:55:20  action skip   # asked again only after 45 more minutes: never
2026-11-16 11:20     action done   # no prompt open: ignored
2026-11-17 03:30     active 1h     # a late night: split at 04:00
2026-11-17 04:16     action done   # the 04:15 prompt, answered
"""


def test_a_short_day_replays_to_the_expected_totals() -> None:
    result = run(SHORT_DAY)
    [monday, tuesday] = result.days
    assert monday == DayTotals(
        MONDAY,
        sitting_s=(50 + 60 + 30) * 60.0,  # the late night's first half hour is Monday's
        longest_stretch_s=3600.0,
        stretches=3,
        prompts=3,  # 09:45, 09:50:30 and 10:55
        done=0,
        snoozed=2,  # one by hand, one left unanswered
        skipped=1,
        natural_breaks=2,
    )
    typing_on = 13 * 60.0 + 55  # the typing after the Done, 04:16:05 to 04:30
    assert tuesday == DayTotals(
        TUESDAY,
        sitting_s=16 * 60.0 + typing_on,  # 04:00 to the Done at 04:16, then typing on
        longest_stretch_s=typing_on,  # the late night's stretch counts to Monday
        stretches=1,
        prompts=1,
        done=1,
        natural_breaks=1,
    )


def test_actions_with_nothing_to_answer_are_reported_as_ignored() -> None:
    result = run(SHORT_DAY)
    assert [(entry.line, entry.label) for entry in result.ignored] == [(5, "action done")]
    assert result.samples > 0


def test_typing_on_after_the_last_line_is_still_replayed() -> None:
    # The Done at 04:16 ends the stretch; the typing until 04:30 starts a new one.
    result = run(SHORT_DAY)
    late_night = [
        (event.kind, wall(event.utc))
        for event in result.events
        if isinstance(event, StretchStarted | StretchEnded) and wall(event.utc) > "17"
    ]
    assert late_night == [
        ("stretch_started", "17 03:30:00"),
        ("stretch_ended", "17 04:16:00"),
        ("stretch_started", "17 04:16:05"),
        ("stretch_ended", "17 04:30:00"),
    ]


def test_an_empty_trace_replays_to_nothing() -> None:
    assert run("# nothing happened\n") == Replay([], [], [], 0)


def test_the_example_office_day_gives_the_documented_summary() -> None:
    result = run(EXAMPLE.read_text(encoding="utf-8"))
    assert [totals.summary() for totals in result.days] == [
        {
            "day": "2026-11-16",
            "sitting_s": 23160,
            "longest_stretch_s": 4795,
            "stretches": 8,
            "prompts": 9,
            "done": 1,
            "snoozed": 6,
            "skipped": 1,
            "natural_breaks": 7,
            "standing_s": 1800,
        }
    ]
    assert result.ignored == []


def test_lock_and_suspend_end_the_stretch_with_their_reason() -> None:
    result = run(
        "2026-11-16 09:00 active 20m\n"
        "2026-11-16 09:20 lock 10m\n"
        "2026-11-16 09:30 active 20m\n"
        "2026-11-16 09:50 suspend 30m\n"
    )
    ends = [event for event in result.events if isinstance(event, StretchEnded)]
    assert [(wall(end.utc), end.reason) for end in ends] == [
        ("16 09:20:00", BreakReason.LOCK),
        ("16 09:50:00", BreakReason.SUSPEND),
    ]


def test_idle_lets_time_pass_and_input_starts_a_stretch() -> None:
    result = run("2026-11-16 09:00 idle 10m\n2026-11-16 09:10 input\n2026-11-16 09:12 active 3m\n")
    [started] = [event for event in result.events if isinstance(event, StretchStarted)]
    [ended] = [event for event in result.events if isinstance(event, StretchEnded)]
    assert (wall(started.utc), wall(ended.utc), ended.sitting_s) == (
        "16 09:10:00",
        "16 09:15:00",
        300.0,
    )


def test_pause_resume_and_standing_reach_the_tracker() -> None:
    result = run(
        "2026-11-16 09:00 active 1h\n"
        "2026-11-16 09:05 action pause 2h\n"
        "2026-11-16 09:30 action resume\n"
        "2026-11-16 09:40 action standing on\n"
        "2026-11-16 09:43 action standing off\n"
    )
    kinds = [type(event) for event in result.events]
    assert PauseStarted in kinds
    [resumed] = [event for event in result.events if isinstance(event, PauseEnded)]
    assert wall(resumed.utc) == "16 09:30:00"
    [stood] = [event for event in result.events if isinstance(event, StandingEnded)]
    assert (stood.standing_s, stood.counted_as_break) == (180.0, False)
    assert result.days[0].standing_s == 180.0
    assert result.days[0].sitting_s == 57 * 60.0
    # Three minutes on their feet put the 45 minutes of sitting at 09:48.
    [first_prompt, *_] = [event for event in result.events if isinstance(event, BreakDue)]
    assert wall(first_prompt.utc) == "16 09:48:00"


def test_a_snooze_may_name_its_own_length() -> None:
    result = run("2026-11-16 09:00 active 1h\n2026-11-16 09:45 action snooze 10m\n")
    [closed, *_] = [event for event in result.events if isinstance(event, PromptClosed)]
    assert closed.next_due_in_s == 600.0


def test_settings_change_what_a_trace_does() -> None:
    shorter = Settings({"breaks.interval": 30 * 60.0})
    # 09:30, then every 7 minutes (2 unanswered, 5 snoozed) until the gap at 09:45.
    assert run("2026-11-16 09:00 active 40m\n", shorter).days[0].prompts == 3
    assert run("2026-11-16 09:00 active 40m\n").days[0].prompts == 0


def test_an_entry_writes_itself_back_as_the_line_it_was_read_from() -> None:
    text = """\
2026-11-16 09:00  active 1h5m10s
2026-11-16 10:05:10  idle 45s
2026-11-16 10:06  input
2026-11-16 10:07  lock 30m
2026-11-16 10:40  fullscreen 20m
2026-11-16 10:41  action snooze
2026-11-16 10:42  action snooze 10m
2026-11-16 10:43  action done
2026-11-16 10:44  action standing on
2026-11-16 10:45  action meeting 1h
2026-11-16 11:50  suspend 2h
"""
    entries = parse_trace(text.splitlines())
    lines = [entry.text for entry in entries]
    assert lines[0] == "2026-11-16 09:00:00  active 1h5m10s"
    assert lines[5] == "2026-11-16 10:41:00  action snooze"
    assert lines[8] == "2026-11-16 10:44:00  action standing on"
    assert parse_trace(lines) == entries
