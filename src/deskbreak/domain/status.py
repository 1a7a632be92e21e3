"""What the shell shows and stores about the tracker: a snapshot, day totals, a checkpoint."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from deskbreak.domain.events import State


@dataclass(frozen=True)
class DayTotals:
    """One day's sitting, by the configurable day start. Field order is the summary line's."""

    day: date
    sitting_s: float = 0.0
    longest_stretch_s: float = 0.0
    stretches: int = 0
    prompts: int = 0
    done: int = 0
    snoozed: int = 0
    skipped: int = 0
    natural_breaks: int = 0
    standing_s: float = 0.0

    def summary(self) -> dict[str, Any]:
        """The JSON summary form: whole seconds, the day as ``YYYY-MM-DD``."""
        values = asdict(self)
        values["day"] = self.day.isoformat()
        for key in ("sitting_s", "longest_stretch_s", "standing_s"):
            values[key] = round(values[key])
        return values


@dataclass(frozen=True)
class Snapshot:
    """The tracker's state at one moment, for the tray, ``deskbreak status`` and the popup.

    ``to_break_s`` is sitting time left until the next prompt (negative while one is
    overdue and open); None while away. ``paused_until`` is set while prompts are paused.
    """

    state: State
    sitting_s: float
    interval_s: float
    to_break_s: float | None
    prompt_open: bool
    paused_until: datetime | None
    standing_s: float
    today: DayTotals
    manual: bool = False  # no idle source: the user says when they sit and stand
    held: tuple[str, ...] = ()  # what holds prompts besides a pause: meeting, fullscreen, ...
    meeting_until: datetime | None = None

    @property
    def fill(self) -> float:
        """How far the ring is toward the next break, 0..1."""
        if self.state is not State.SITTING or self.to_break_s is None:
            return 0.0
        done = self.interval_s - self.to_break_s
        return min(1.0, max(0.0, done / self.interval_s))

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "sitting_s": round(self.sitting_s),
            "to_break_s": None if self.to_break_s is None else round(self.to_break_s),
            "prompt_open": self.prompt_open,
            "paused_until": None if self.paused_until is None else self.paused_until.isoformat(),
            "standing_s": round(self.standing_s),
            "manual": self.manual,
            "held": list(self.held),
            "meeting_until": None if self.meeting_until is None else self.meeting_until.isoformat(),
            "today": self.today.summary(),
        }


@dataclass(frozen=True)
class Checkpoint:
    """The running stretch, saved every minute so a crash loses at most that much.

    All moments are UTC wall times; on restart the shell resumes the stretch if the last
    input is closer than the away threshold, and closes it at the last input otherwise.
    """

    started_utc: datetime
    last_input_utc: datetime
    sitting_s: float
    saved_utc: datetime
