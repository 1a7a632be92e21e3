"""Bulk writes: a generated history stored in one transaction comes back as it was generated."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskbreak.domain.evening import Rating, Squeeze
from deskbreak.domain.events import Event, PromptClosed, StretchStarted
from deskbreak.domain.exercises import Side
from deskbreak.domain.settings import Settings
from deskbreak.domain.synthetic import SyntheticHistory, generate_history
from deskbreak.storage.history import History

BERLIN = ZoneInfo("Europe/Berlin")
START = date(2026, 3, 2)
EVER = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def generated() -> SyntheticHistory:
    settings = Settings().with_value("run.days", (1, 3, 5))
    return generate_history(
        START, 45, seed=8, settings=settings, tz=BERLIN, exercises=("clamshell", "desk-march")
    )


def stored(event: Event) -> Event:
    """``event`` as it comes back: no monotonic moment, no time to the next prompt."""
    if isinstance(event, PromptClosed):
        return PromptClosed(0.0, event.utc, event.prompt, event.outcome, None)
    kept = {name: value for name, value in vars(event).items() if name != "at"}
    return type(event)(at=0.0, **kept)


def test_record_many_stores_events_routines_and_squeezes(
    tmp_path: Path, generated: SyntheticHistory
) -> None:
    path = tmp_path / "history.sqlite3"
    with History.open(path) as history:
        history.record_many(
            generated.events, routines=generated.routines, squeezes=generated.squeezes
        )
    with History.open(path) as history:
        assert history.events_between(*EVER) == [stored(event) for event in generated.events]
        assert history.routines_between(*EVER) == list(generated.routines)
        assert history.squeezes_between(*EVER) == list(generated.squeezes)
        assert history.notices == []


def test_record_many_stores_what_record_stores_one_by_one(
    tmp_path: Path, generated: SyntheticHistory
) -> None:
    # Kinds the history does not keep are left out by both.
    events = [StretchStarted(0.0, generated.events[0].utc), *generated.events]
    with History.open(tmp_path / "bulk.sqlite3") as bulk:
        bulk.record_many(events)
        in_bulk = bulk.events_between(*EVER)
    with History.open(tmp_path / "single.sqlite3") as single:
        for event in events:
            single.record(event)
        one_by_one = single.events_between(*EVER)
    assert in_bulk == one_by_one
    assert len(in_bulk) == len(generated.events)


def test_record_many_writes_all_or_nothing(tmp_path: Path, generated: SyntheticHistory) -> None:
    def failing() -> Iterator[Event]:
        yield from generated.events[:50]
        raise RuntimeError("the generator broke down")

    with History.open(tmp_path / "history.sqlite3") as history:
        with pytest.raises(RuntimeError, match="broke down"):
            history.record_many(failing(), routines=generated.routines)
        assert history.events_between(*EVER) == []
        assert history.routines_between(*EVER) == []
        assert history.persistent
        history.record_many(squeezes=[Squeeze(EVER[0] + timedelta(days=1), Side.LEFT, Rating.FIRM)])
        assert len(history.squeezes_between(*EVER)) == 1


def test_closed_for_opens_the_same_history_again_even_when_the_work_fails(
    tmp_path: Path, generated: SyntheticHistory
) -> None:
    path = tmp_path / "history.sqlite3"
    with History.open(path) as history:
        history.record_many(generated.events[:10])

        def remove() -> int:
            path.unlink()
            return 7

        assert history.closed_for(remove) == 7
        assert history.events_between(*EVER) == []  # empty, and no file made for that
        assert not path.exists()
        history.record_many(generated.events[:3])
        assert path.exists()  # the first thing stored makes the file anew

        def fail() -> None:
            raise OSError("busy")

        with pytest.raises(OSError, match="busy"):
            history.closed_for(fail)
        assert len(history.events_between(*EVER)) == 3
        assert history.persistent
