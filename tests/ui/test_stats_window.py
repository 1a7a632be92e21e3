"""The stats window: today's tiles and every chart hold what a model with known numbers says,
the range switch asks for 7, 30 or 90 days (buttons, keys 1 to 3, arrows), Tab reaches every
control, every control has a name for screen readers, no history shows friendly empty states,
Esc closes and frees the window.

Screenshots from generated history (light and dark, at 1x and 2x, for 7, 30 and 90 days) go to
``artifacts/stats/``.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from deskbreak.domain.settings import Settings
from deskbreak.domain.stats import DayStats, SqueezePoint, StatsModel, build_stats
from deskbreak.domain.synthetic import generate_history
from deskbreak.ui.charts import Chart
from deskbreak.ui.stats import (
    StatsWindow,
    heat_takeaway,
    outcome_takeaway,
    routine_takeaway,
    sitting_takeaway,
    squeeze_takeaway,
)

if TYPE_CHECKING:
    from conftest import Palettes, Screenshots

TODAY = date(2025, 3, 12)  # a Wednesday
H = 3600.0
M = 60.0
RUN_DAYS = (1, 3, 5)  # Tue, Thu, Sat


def quiet_day(day: date) -> DayStats:
    return DayStats(
        day=day,
        sitting_s=0.0,
        longest_stretch_s=0.0,
        stretches_over_30=0,
        stretches_over_60=0,
        done=0,
        snoozed=0,
        skipped=0,
        unanswered=0,
        natural_breaks=0,
        standing_s=0.0,
        routines_done=0,
        run_day=day.weekday() in RUN_DAYS,
    )


def known_model(span: int = 7) -> StatsModel:
    """A span ending today whose last week has hand-picked figures; older days are quiet."""
    days = [quiet_day(TODAY - timedelta(days=span - 1 - number)) for number in range(span)]
    week = {
        # Thu 6 Mar: a run day with the routine done.
        TODAY - timedelta(days=6): {
            "sitting_s": 6 * H + 12 * M,
            "longest_stretch_s": 52 * M,
            "stretches_over_30": 4,
            "done": 4,
            "snoozed": 2,
            "skipped": 1,
            "unanswered": 1,
            "natural_breaks": 5,
            "routines_done": 1,
        },
        # Tue 11 Mar: the longest stretch of the week.
        TODAY - timedelta(days=1): {
            "sitting_s": 7 * H + 30 * M,
            "longest_stretch_s": 1 * H + 52 * M,
            "stretches_over_30": 5,
            "stretches_over_60": 2,
            "done": 3,
            "snoozed": 4,
            "routines_done": 1,
        },
        TODAY: {
            "sitting_s": 5 * H + 12 * M,
            "longest_stretch_s": 1 * H + 5 * M,
            "stretches_over_30": 3,
            "stretches_over_60": 1,
            "done": 4,
            "snoozed": 2,
            "skipped": 1,
            "unanswered": 1,
            "natural_breaks": 6,
            "standing_s": 1 * H + 20 * M,
        },
    }
    days = [replace(day, **week.get(day.day, {})) for day in days]
    heatmap = [[0.0] * 24 for _ in range(7)]
    heatmap[1][10] = 48.0  # Tuesdays 10:00
    heatmap[2][14] = 30.0
    squeezes = (
        SqueezePoint(TODAY - timedelta(days=6), "left", "soft", 1),
        SqueezePoint(TODAY - timedelta(days=6), "right", "thigh", 0),
        SqueezePoint(TODAY - timedelta(days=1), "left", "firm", 2),
        SqueezePoint(TODAY - timedelta(days=1), "right", "soft", 1),
    )
    return StatsModel(
        today=days[-1],
        span=span,
        days=tuple(days),
        heatmap=tuple(tuple(row) for row in heatmap),
        run_streak=2,
        squeezes=squeezes,
    )


def empty_model(span: int = 7) -> StatsModel:
    days = tuple(
        replace(quiet_day(TODAY - timedelta(days=span - 1 - number)), run_day=False)
        for number in range(span)
    )
    return StatsModel(
        today=days[-1],
        span=span,
        days=days,
        heatmap=tuple((0.0,) * 24 for _ in range(7)),
        run_streak=0,
        squeezes=(),
    )


class Loader:
    """Records the spans asked for and answers with a model for each."""

    def __init__(self, make: object = known_model) -> None:
        self.asked: list[int] = []
        self._make = make

    def __call__(self, span: int) -> StatsModel:
        self.asked.append(span)
        assert callable(self._make)
        model = self._make(span)
        assert isinstance(model, StatsModel)
        return model


@pytest.fixture
def loader() -> Loader:
    return Loader()


@pytest.fixture
def window(qtbot: QtBot, loader: Loader) -> StatsWindow:
    widget = StatsWindow(loader)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def child(window: QWidget, kind: type[QWidget], name: str) -> QWidget:
    found = window.findChild(kind, name)
    assert isinstance(found, kind), name
    return found


def text_of(window: QWidget, name: str) -> str:
    label = child(window, QLabel, name)
    assert isinstance(label, QLabel)
    return label.text()


# -- what it shows -----------------------------------------------------------------------------


def test_opens_on_the_last_seven_days(window: StatsWindow, loader: Loader) -> None:
    assert loader.asked == [7]
    assert window.span == 7
    assert window.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert window.width() == 900
    assert window.height() == 760
    button = child(window, QAbstractButton, "range-7")
    assert isinstance(button, QAbstractButton)
    assert button.isChecked()


def test_today_tiles_show_todays_figures(window: StatsWindow) -> None:
    expected = {
        "sitting": ("5 h 12 min", "Sitting"),
        "longest": ("1 h 5 min", "Longest stretch"),
        "over-30": ("3", "Stretches of 30+ min"),
        "over-60": ("1", "Stretches of 60+ min"),
        "standing": ("1 h 20 min", "Standing"),
        "done": ("4", "Breaks done"),
        "snoozed": ("2", "Snoozed"),
        "skipped": ("1", "Skipped"),
        "unanswered": ("1", "Unanswered"),
        "natural": ("6", "Natural breaks"),
    }
    for name, (value, caption) in expected.items():
        assert text_of(window, f"tile-{name}-value") == value
        assert text_of(window, f"tile-{name}-caption") == caption
        tile = child(window, QWidget, f"tile-{name}")
        assert tile.accessibleName() == f"{caption}: {value}"
    assert text_of(window, "today-date") == "Wednesday, 12 March"


def test_every_chart_plots_the_models_days(window: StatsWindow) -> None:
    model = known_model(7)
    sitting, outcomes, heat, routines, squeeze = window.charts
    assert [(bar.day, bar.sitting_s, bar.longest_s) for bar in sitting.bars] == [
        (day.day, day.sitting_s, day.longest_stretch_s) for day in model.days
    ]
    assert sitting.bars[-2].sitting_s == 7 * H + 30 * M
    assert [tuple(stack) for stack in outcomes.stacks] == [
        (day.day, day.done, day.snoozed, day.skipped, day.unanswered) for day in model.days
    ]
    assert outcomes.stacks[0].total == 8
    assert heat.cells == model.heatmap
    assert heat.cells[1][10] == 48.0
    assert heat.hours == range(7, 19)
    assert [(mark.day, mark.run_day, mark.routines_done) for mark in routines.marks] == [
        (day.day, day.run_day, day.routines_done) for day in model.days
    ]
    assert routines.streak_text == "Streak: 2 run days"
    assert [(point.day, point.side, point.rating, point.score) for point in squeeze.points] == [
        (point.day, point.side, point.rating, point.score) for point in model.squeezes
    ]


def test_each_chart_says_what_it_shows_in_one_line(window: StatsWindow) -> None:
    assert text_of(window, "sitting-chart-takeaway") == (
        "Longest stretch this week: 1 h 52 min, Tue 11 Mar. 6 h 18 min a day on the 3 days you sat."
    )
    assert text_of(window, "outcome-chart-takeaway") == (
        "You took a break at 11 of 23 prompts (48 %); 8 snoozed, 2 skipped, 2 unanswered."
    )
    assert text_of(window, "heat-map-takeaway") == (
        "You sit most on Tuesdays from 10:00 to 11:00: 48 min of that hour on average."
    )
    assert text_of(window, "routine-strip-takeaway") == "Routine done on 2 of 3 run days this week."
    assert text_of(window, "squeeze-chart-takeaway") == (
        "Latest, Tue 11 Mar: left firm, right soft. "
        "Firm: left in 1 of 2 tests, right in 0 of 2 tests."
    )


def test_takeaways_name_the_span_and_the_odd_cases() -> None:
    model = known_model(30)
    assert sitting_takeaway(model).startswith("Longest stretch in the last 30 days: 1 h 52 min")
    assert routine_takeaway(model).endswith("in the last 30 days.")
    # A routine on a rest day, and one today.
    days = list(model.days)
    days[-2] = replace(days[-2], run_day=False)
    days[-1] = replace(days[-1], routines_done=1, longest_stretch_s=3 * H)
    odd = replace(model, days=tuple(days), today=days[-1])
    assert routine_takeaway(odd) == (
        "Routine done on 1 of 12 run days in the last 30 days, plus 2 routines on other days."
    )
    assert sitting_takeaway(odd).startswith("Longest stretch in the last 30 days: 3 h, today.")
    no_run_days = replace(odd, days=tuple(replace(day, run_day=False) for day in days))
    assert routine_takeaway(no_run_days) == (
        "3 routines done in the last 30 days; no run days are set."
    )
    only_done = replace(
        model, days=tuple(replace(day, snoozed=0, skipped=0, unanswered=0) for day in model.days)
    )
    assert outcome_takeaway(only_done) == "You took a break at 11 of 11 prompts (100 %)."
    today_squeeze = replace(model, squeezes=(SqueezePoint(TODAY, "right", "firm", 2),))
    assert squeeze_takeaway(today_squeeze) == (
        "Latest, today: right firm. Firm: right in 1 of 1 test."
    )
    empty = empty_model()
    for takeaway in (
        sitting_takeaway,
        outcome_takeaway,
        heat_takeaway,
        routine_takeaway,
        squeeze_takeaway,
    ):
        assert takeaway(empty) == ""


# -- the range switch ----------------------------------------------------------------------------


def test_range_buttons_load_30_and_90_days(
    window: StatsWindow, loader: Loader, qtbot: QtBot
) -> None:
    for span in (30, 90, 7):
        button = child(window, QAbstractButton, f"range-{span}")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert loader.asked[-1] == span
        assert window.span == span
        assert isinstance(button, QAbstractButton)
        assert button.isChecked()
        assert len(window.sitting.bars) == span
        assert text_of(window, "range-title") == f"The last {span} days"
    assert loader.asked == [7, 30, 90, 7]


def test_keys_1_2_3_pick_the_range(window: StatsWindow, loader: Loader, qtbot: QtBot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3)
    qtbot.keyClick(window, Qt.Key.Key_2)
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert loader.asked == [7, 90, 30, 7]


def test_arrows_on_the_switch_move_the_range(
    window: StatsWindow, loader: Loader, qtbot: QtBot
) -> None:
    first = child(window, QAbstractButton, "range-7")
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert loader.asked[-1] == 30
    assert child(window, QAbstractButton, "range-30").hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # already at the end
    assert loader.asked == [7, 30, 90]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert loader.asked[-1] == 30
    # Keys 1 to 3 take the focus along when it is on the switch.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3)
    assert child(window, QAbstractButton, "range-90").hasFocus()


def test_refresh_loads_the_shown_span_again(
    window: StatsWindow, loader: Loader, qtbot: QtBot
) -> None:
    window.load(30)
    window.refresh()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert loader.asked == [7, 30, 30, 30]
    with pytest.raises(ValueError, match=r"expected one of \(7, 30, 90\) days, got 14"):
        window.load(14)


# -- keyboard and screen readers ----------------------------------------------------------------


def test_tab_reaches_the_switch_and_every_chart_in_order(window: StatsWindow, qtbot: QtBot) -> None:
    # The switch is one stop, like a group of radio buttons: Tab lands on the chosen span and
    # the arrows move the choice (test_arrows_on_the_switch_move_the_range).
    window.activateWindow()
    window.load(30)
    first = child(window, QAbstractButton, "range-30")
    first.setFocus()
    seen = [first.objectName()]
    for _ in range(6):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        seen.append(now.objectName())
    assert seen == [
        "range-30",
        "sitting-chart",
        "outcome-chart",
        "heat-map",
        "routine-strip",
        "squeeze-chart",
        "range-30",
    ]


def test_every_control_and_chart_has_a_name_for_screen_readers(window: StatsWindow) -> None:
    for button in window.findChildren(QAbstractButton):
        assert button.accessibleName(), button.objectName()
    assert child(window, QWidget, "range-switch").accessibleName() == "Range of days"
    assert child(window, QWidget, "heat-map-section").accessibleName() == "When you sit"
    charts = window.findChildren(Chart)
    assert len(charts) == 5
    for chart in charts:
        assert chart.accessibleName(), chart.objectName()
        description = chart.accessibleDescription()
        assert description, chart.objectName()
        for text in chart.item_texts:
            assert text in description
    assert "Tue 11 Mar: 7 h 30 min sitting, longest stretch 1 h 52 min" in (
        window.sitting.accessibleDescription()
    )


@pytest.mark.parametrize("focus", ["window", "heat-map", "range-7"])
def test_escape_closes_and_frees_the_window(qtbot: QtBot, loader: Loader, focus: str) -> None:
    window = StatsWindow(loader)
    window.show()
    qtbot.waitExposed(window)
    target = window if focus == "window" else child(window, QWidget, focus)
    with qtbot.waitSignal(window.destroyed):
        qtbot.keyClick(target, Qt.Key.Key_Escape)


def test_nothing_of_the_window_stays_alive_after_closing(qtbot: QtBot, loader: Loader) -> None:
    def alive() -> int:
        gc.collect()
        return sum(1 for thing in gc.get_objects() if isinstance(thing, StatsWindow | Chart))

    before = alive()
    window = StatsWindow(loader)
    window.show()
    qtbot.waitExposed(window)
    assert alive() == before + 6  # the window and its five charts
    with qtbot.waitSignal(window.destroyed):
        window.close()
    del window
    assert alive() == before


def test_a_small_window_scrolls_down_but_never_clips_sideways(window: StatsWindow) -> None:
    content = child(window, QWidget, "stats-content")
    assert window.minimumWidth() >= content.minimumSizeHint().width()
    assert window.minimumWidth() < 900
    window.resize(window.minimumWidth(), 400)
    settle()
    assert content.width() >= content.minimumSizeHint().width()
    scroll = child(window, QScrollArea, "stats-scroll")
    assert isinstance(scroll, QScrollArea)
    assert scroll.verticalScrollBar().maximum() > 0


# -- no history yet --------------------------------------------------------------------------------


def test_without_history_every_chart_shows_its_empty_state(qtbot: QtBot) -> None:
    window = StatsWindow(Loader(empty_model))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for chart in window.charts:
        assert not chart.has_data
        assert chart.accessibleDescription() == chart.empty_text
        takeaway = child(window, QLabel, f"{chart.objectName()}-takeaway")
        assert takeaway.isHidden()
    assert text_of(window, "tile-sitting-value") == "0 min"
    assert text_of(window, "tile-done-value") == "0"


# -- screenshots ---------------------------------------------------------------------------------


def settle() -> None:
    """Let the nested layouts catch up with new data: each level posts its request to the next."""
    for _ in range(4):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def synthetic_loader() -> Loader:
    """Four months of a generated person's history, with run days, through build_stats."""
    tz = ZoneInfo("Europe/Berlin")
    settings = Settings().with_value("run.days", RUN_DAYS)
    history = generate_history(TODAY - timedelta(days=119), 120, seed=11, settings=settings, tz=tz)

    def build(span: int) -> StatsModel:
        return build_stats(
            history.events,
            history.routines,
            history.squeezes,
            today=TODAY,
            span=span,
            day_start=settings.time_of_day("day.start"),
            to_local=lambda moment: moment.astimezone(tz),
            run_days=RUN_DAYS,
        )

    return Loader(build)


def test_screenshots(qtbot: QtBot, screenshots: Screenshots, palettes: Palettes) -> None:
    folder = screenshots.folder("stats")
    window = StatsWindow(synthetic_loader())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    content = child(window, QWidget, "stats-content")
    for tone, palette in (("light", palettes.light), ("dark", palettes.dark)):
        window.setPalette(palette)
        for span in (7, 30, 90):
            window.load(span)
            assert all(chart.has_data for chart in window.charts), span
            settle()
            screenshots.save(window, "stats", f"stats-{span}-{tone}.png")
            # The whole page, as a picture of the charts: without the keyboard focus ring.
            focused = QApplication.focusWidget()
            if focused is not None:
                focused.clearFocus()
            screenshots.save(content, "stats", f"stats-{span}-{tone}-full.png")
            # Everything is vectors and text: crisp at twice the pixels.
            sharp = QPixmap(content.size() * 2)
            sharp.setDevicePixelRatio(2)
            content.render(sharp)
            assert sharp.save(str(folder / f"stats-{span}-{tone}-full@2x.png"))
    empty = StatsWindow(Loader(empty_model))
    qtbot.addWidget(empty)
    empty.setPalette(palettes.light)
    empty.show()
    qtbot.waitExposed(empty)
    screenshots.save(child(empty, QWidget, "stats-content"), "stats", "stats-empty-light.png")
