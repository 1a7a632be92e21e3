"""The history database: schema, round trips of every stored event, and every way it can fail."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from deskbreak.domain.events import (
    BreakDue,
    BreakReason,
    BreakWarning,
    Event,
    Outcome,
    PromptClosed,
    StandingEnded,
    StretchEnded,
    StretchStarted,
)
from deskbreak.domain.ledger import Ledger
from deskbreak.domain.status import Checkpoint
from deskbreak.storage.history import SCHEMA_VERSION, History

NINE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
MORNING = datetime(2026, 1, 5, 9, 30, 15)  # local time, for names of kept files
DAY = (NINE - timedelta(hours=5), NINE + timedelta(hours=19))


def at(minutes: float) -> datetime:
    return NINE + timedelta(minutes=minutes)


def stretch(start: float, end: float, reason: BreakReason = BreakReason.IDLE) -> StretchEnded:
    return StretchEnded(
        at=123.0,
        utc=at(end),
        started_utc=at(start),
        sitting_s=(end - start) * 60.0,
        reason=reason,
        segments=((at(start), at(end)),),
    )


def stored(event: Event) -> Event:
    """``event`` as it comes back: no monotonic moment, no time to the next prompt."""
    if isinstance(event, PromptClosed):
        return PromptClosed(0.0, event.utc, event.prompt, event.outcome, None)
    kept = {name: value for name, value in vars(event).items() if name != "at"}
    return type(event)(at=0.0, **kept)


@pytest.fixture
def history_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def history(history_path: Path) -> Iterator[History]:
    opened = History.open(history_path)
    yield opened
    opened.close()


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def fill(path: Path, stretches: int) -> None:
    with History.open(path) as history:
        for number in range(stretches):
            history.record(stretch(number * 60, number * 60 + 45))


# --- the file ---------------------------------------------------------------------------------


def test_a_new_database_has_the_schema_version_and_uses_wal(
    history: History, history_path: Path
) -> None:
    assert history.persistent
    assert history.notices == []
    connection = raw(history_path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()
    assert {"stretches", "prompts", "standing", "checkpoint"} <= tables


def test_history_is_still_there_after_reopening(history_path: Path) -> None:
    with History.open(history_path) as history:
        history.record(stretch(0, 45))

    with History.open(history_path) as history:
        assert history.events_between(*DAY) == [stored(stretch(0, 45))]
        assert history.notices == []


# --- events in, events out --------------------------------------------------------------------


@pytest.mark.parametrize(
    "event",
    [
        stretch(0, 45),
        StretchEnded(
            at=5.0,
            utc=at(50),
            started_utc=at(0),
            sitting_s=40 * 60.0,
            reason=BreakReason.STANDING,
            segments=((at(0), at(20)), (at(30), at(50))),
        ),
        BreakDue(at=5.0, utc=at(45), prompt=1, sitting_s=2700.0),
        BreakDue(at=5.0, utc=at(45), prompt=2, sitting_s=3000.5, requested=True),
        StandingEnded(
            at=5.0, utc=at(30), started_utc=at(20), standing_s=600.0, counted_as_break=False
        ),
    ],
    ids=["stretch", "stretch-in-parts", "prompt", "requested-prompt", "standing"],
)
def test_a_recorded_event_comes_back_as_the_same_event(history: History, event: Event) -> None:
    history.record(event)

    assert history.events_between(*DAY) == [stored(event)]


@pytest.mark.parametrize("outcome", list(Outcome))
def test_a_closed_prompt_comes_back_opened_then_closed(history: History, outcome: Outcome) -> None:
    due = BreakDue(at=1.0, utc=at(45), prompt=1, sitting_s=2700.0)
    closed = PromptClosed(at=2.0, utc=at(47), prompt=1, outcome=outcome, next_due_in_s=300.0)

    history.record(due)
    history.record(closed)

    assert history.events_between(*DAY) == [stored(due), stored(closed)]


def test_a_close_finds_the_newest_open_prompt_with_its_number(history: History) -> None:
    # Prompt numbers restart with every stretch.
    first = BreakDue(at=0.0, utc=at(45), prompt=1, sitting_s=2700.0)
    first_closed = PromptClosed(0.0, at(46), 1, Outcome.DONE, None)
    second = BreakDue(at=0.0, utc=at(145), prompt=1, sitting_s=2700.0)
    second_closed = PromptClosed(0.0, at(150), 1, Outcome.SKIPPED, None)
    for event in (first, first_closed, second, second_closed):
        history.record(event)

    assert history.events_between(*DAY) == [first, first_closed, second, second_closed]


def test_a_close_without_its_opening_is_still_kept(history: History) -> None:
    closed = PromptClosed(at=2.0, utc=at(47), prompt=3, outcome=Outcome.SNOOZED, next_due_in_s=1.0)

    history.record(closed)

    assert history.events_between(*DAY) == [stored(closed)]


def test_other_events_are_not_stored(history: History) -> None:
    history.record(StretchStarted(at=0.0, utc=at(0)))
    history.record(BreakWarning(at=0.0, utc=at(44), due_in_s=60.0))

    assert history.events_between(*DAY) == []


def test_events_come_back_in_time_order_from_start_up_to_but_not_including_end(
    history: History,
) -> None:
    events: list[Event] = [
        stretch(-50, -5),
        stretch(0, 45, BreakReason.DONE),
        BreakDue(at=0.0, utc=at(45), prompt=1, sitting_s=2700.0),
        PromptClosed(0.0, at(45), 1, Outcome.DONE, None),
        StandingEnded(0.0, at(70), at(50), 1200.0, counted_as_break=True),
        stretch(60, 120),
    ]
    for event in reversed(events):
        history.record(event)

    found = history.events_between(at(0), at(120))

    assert found == [stored(event) for event in events[2:4] + events[1:2] + events[4:5]]


def test_a_day_rebuilt_from_history_has_the_same_totals(history: History) -> None:
    events: list[Event] = [
        BreakDue(at=0.0, utc=at(45), prompt=1, sitting_s=2700.0),
        PromptClosed(0.0, at(46), 1, Outcome.SNOOZED, 300.0),
        BreakDue(at=0.0, utc=at(51), prompt=2, sitting_s=3060.0),
        PromptClosed(0.0, at(52), 2, Outcome.DONE, None),
        stretch(0, 52, BreakReason.DONE),
        stretch(60, 90),
        StandingEnded(0.0, at(130), at(100), 1800.0, counted_as_break=True),
    ]
    live = Ledger(time(4, 0), lambda moment: moment)
    live.add(events)
    for event in events:
        history.record(event)

    rebuilt = Ledger(time(4, 0), lambda moment: moment)
    rebuilt.add(history.events_between(*DAY))

    assert rebuilt.days() == live.days()
    assert rebuilt.days()[0].done == 1


# --- the checkpoint -----------------------------------------------------------------------


def test_a_checkpoint_is_saved_replaced_loaded_and_cleared(history: History) -> None:
    assert history.load_checkpoint() is None

    history.save_checkpoint(Checkpoint(at(0), at(10), 600.0, at(11)))
    latest = Checkpoint(at(0), at(20), 1200.5, at(21))
    history.save_checkpoint(latest)

    assert history.load_checkpoint() == latest
    history.clear_checkpoint()
    assert history.load_checkpoint() is None


def test_a_checkpoint_survives_reopening(history_path: Path) -> None:
    checkpoint = Checkpoint(at(0), at(20), 1200.0, at(21))
    with History.open(history_path) as history:
        history.save_checkpoint(checkpoint)

    with History.open(history_path) as history:
        assert history.load_checkpoint() == checkpoint


# --- bad files and folders -------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_kept_aside_and_a_new_one_started(
    history_path: Path,
) -> None:
    garbage = b"this is not SQLite\x00\xff" * 300
    history_path.parent.mkdir(parents=True)
    history_path.write_bytes(garbage)
    wal = history_path.with_name("history.sqlite3-wal")
    wal.write_bytes(b"a write-ahead log that belongs to it")

    with History.open(history_path, now=MORNING) as history:
        aside = history_path.with_name("history.sqlite3.corrupt-20260105T093015")
        assert aside.read_bytes() == garbage
        assert aside.with_name(aside.name + "-wal").read_bytes() == (
            b"a write-ahead log that belongs to it"
        )
        assert history.persistent
        [notice] = history.notices
        assert str(history_path) in notice
        assert str(aside) in notice
        assert "not a database" in notice
        history.record(stretch(0, 45))
        assert history.events_between(*DAY) == [stored(stretch(0, 45))]


def test_a_damaged_database_is_kept_aside(history_path: Path) -> None:
    fill(history_path, 200)
    data = bytearray(history_path.read_bytes())
    data[4096 * 2 : 4096 * 3] = b"\xab" * 4096
    history_path.write_bytes(bytes(data))

    with History.open(history_path, now=MORNING) as history:
        aside = history_path.with_name("history.sqlite3.corrupt-20260105T093015")
        assert aside.read_bytes() == bytes(data)
        [notice] = history.notices
        assert "damaged" in notice
        assert str(aside) in notice
        assert history.persistent
        assert history.events_between(*DAY) == []


def test_an_earlier_kept_copy_is_never_overwritten(history_path: Path) -> None:
    history_path.parent.mkdir(parents=True)
    earlier = history_path.with_name("history.sqlite3.corrupt-20260105T093015")
    earlier.write_bytes(b"earlier")
    history_path.write_bytes(b"garbage" * 1000)

    with History.open(history_path, now=MORNING) as history:
        assert earlier.read_bytes() == b"earlier"
        assert history.persistent
        assert "corrupt-20260105T093015-2" in history.notices[0]


def test_a_database_from_a_newer_version_is_left_alone(history_path: Path) -> None:
    history_path.parent.mkdir(parents=True)
    connection = raw(history_path)
    connection.execute("CREATE TABLE future (x)")
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = history_path.read_bytes()

    with History.open(history_path) as history:
        assert not history.persistent
        [notice] = history.notices
        assert str(history_path) in notice
        assert "newer" in notice
        history.record(stretch(0, 45))
        assert history.events_between(*DAY) == [stored(stretch(0, 45))]

    assert history_path.read_bytes() == before
    assert sorted(path.name for path in history_path.parent.iterdir()) == ["history.sqlite3"]


def test_a_data_folder_that_cannot_be_made_means_history_in_memory(tmp_path: Path) -> None:
    # Tests run as root, so permissions stop nothing: a file where a folder must be does.
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    path = blocker / "data" / "history.sqlite3"

    with History.open(path) as history:
        assert not history.persistent
        [notice] = history.notices
        assert "will not be kept" in notice
        assert str(blocker / "data") in notice
        history.record(stretch(0, 45))
        history.save_checkpoint(Checkpoint(at(0), at(45), 2700.0, at(46)))
        assert history.events_between(*DAY) == [stored(stretch(0, 45))]
        assert history.load_checkpoint() is not None


def test_a_database_path_that_cannot_be_opened_means_history_in_memory(
    history_path: Path,
) -> None:
    history_path.mkdir(parents=True)  # a folder where the file should be

    with History.open(history_path) as history:
        assert not history.persistent
        assert "will not be kept" in history.notices[0]
    assert history_path.is_dir()


def test_when_writing_starts_failing_history_carries_on_in_memory(history_path: Path) -> None:
    with History.open(history_path) as history:
        history.record(stretch(0, 45))
        blocker = raw(history_path)
        blocker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
        try:
            history.record(stretch(60, 105))
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()

        assert not history.persistent
        [notice] = history.notices
        assert str(history_path) in notice
        assert "in memory" in notice
        assert history.events_between(*DAY) == [stored(stretch(0, 45)), stored(stretch(60, 105))]


def test_a_row_edited_by_hand_is_left_out_with_a_notice(
    history: History, history_path: Path
) -> None:
    history.record(stretch(0, 45))
    connection = raw(history_path)
    connection.execute(
        "INSERT INTO stretches (started_utc, ended_utc, sitting_s, reason, segments)"
        " VALUES (?, ?, 60, 'napping', '[]')",
        ("2026-01-05T09:50:00.000000+00:00", "2026-01-05T09:51:00.000000+00:00"),
    )
    connection.close()

    assert history.events_between(*DAY) == [stored(stretch(0, 45))]
    [notice] = history.notices
    assert "napping" in notice


def test_a_database_without_our_tables_is_kept_aside(history_path: Path) -> None:
    history_path.parent.mkdir(parents=True)
    connection = raw(history_path)
    connection.execute("CREATE TABLE recipes (name)")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    connection.close()
    before = history_path.read_bytes()

    with History.open(history_path, now=MORNING) as history:
        aside = history_path.with_name("history.sqlite3.corrupt-20260105T093015")
        assert aside.read_bytes() == before
        assert "missing tables" in history.notices[0]
        assert history.persistent


def test_a_checkpoint_edited_by_hand_reads_as_none_with_a_notice(
    history: History, history_path: Path
) -> None:
    connection = raw(history_path)
    connection.execute("INSERT INTO checkpoint VALUES (1, 'yesterday', 'noon', 5, 'now')")
    connection.close()

    assert history.load_checkpoint() is None
    assert "checkpoint" in history.notices[0]
