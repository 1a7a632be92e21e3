"""The stats charts: what each one plots from known numbers, its scale, axis labels that do not
collide, exact values under the mouse and the arrow keys, words for screen readers, the empty
state, and bars painted where their values say."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from deskbreak.ui.charts import (
    Chart,
    DayBar,
    DayOutcomes,
    DayRoutine,
    HeatMap,
    OutcomeChart,
    RoutineStrip,
    SittingChart,
    SqueezeChart,
    SqueezeMark,
    day_text,
    minutes_text,
)

TODAY = date(2025, 3, 12)  # a Wednesday
WEEK = [TODAY - timedelta(days=6 - number) for number in range(7)]  # Thu 6 .. Wed 12 Mar
H = 3600.0
M = 60.0


def shown(qtbot: QtBot, chart: Chart, width: int = 700) -> Chart:
    qtbot.addWidget(chart)
    chart.resize(width, 320)  # as tall as a chart with data; the empty state is shorter
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def week_bars() -> list[DayBar]:
    sitting = [6 * H + 12 * M, 5 * H, 0, 0, 7 * H + 30 * M, 4 * H, 2 * H + 5 * M]
    longest = [52 * M, 1 * H + 52 * M, 0, 0, 1 * H + 10 * M, 40 * M, 35 * M]
    return [DayBar(*values) for values in zip(WEEK, sitting, longest, strict=True)]


# -- words -----------------------------------------------------------------------------------


def test_durations_and_days_read_as_people_write_them() -> None:
    assert minutes_text(5 * H + 12 * M + 10) == "5 h 12 min"
    assert minutes_text(45 * M) == "45 min"
    assert minutes_text(2 * H) == "2 h"
    assert minutes_text(20) == "0 min"
    assert minutes_text(0) == "0 min"
    assert day_text(TODAY) == "Wed 12 Mar"


# -- (a) sitting --------------------------------------------------------------------------------


def test_sitting_chart_holds_each_day_and_its_longest_stretch(qtbot: QtBot) -> None:
    chart = shown(qtbot, SittingChart())
    chart.set_bars(week_bars())
    assert [bar.sitting_s for bar in chart.bars] == [
        6 * H + 12 * M,
        5 * H,
        0,
        0,
        7 * H + 30 * M,
        4 * H,
        2 * H + 5 * M,
    ]
    assert chart.has_data
    # 7 h 30 min is the most: guides every 2 h up to 8 h.
    assert chart.top_s == 8 * H
    gutter = [text for _box, text in chart.labels if text.endswith(" h") or text == "0"]
    assert gutter == ["0", "2 h", "4 h", "6 h", "8 h"]
    assert chart.item_texts[0] == "Thu 6 Mar: 6 h 12 min sitting, longest stretch 52 min"
    assert chart.item_texts[1] == "Fri 7 Mar: 5 h sitting, longest stretch 1 h 52 min"
    assert chart.item_texts[-1] == "Today: 2 h 5 min sitting, longest stretch 35 min"


def test_sitting_scale_stays_readable_for_short_days(qtbot: QtBot) -> None:
    chart = shown(qtbot, SittingChart())
    chart.set_bars([DayBar(day, 50 * M, 20 * M) for day in WEEK])
    assert chart.top_s == 60 * M
    gutter = [text for _box, text in chart.labels if text.endswith(("min", " h")) or text == "0"]
    assert gutter == ["0", "15 min", "30 min", "45 min", "1 h"]


def test_bars_are_painted_to_their_height_with_the_longest_stretch_marked(qtbot: QtBot) -> None:
    chart = shown(qtbot, SittingChart())
    # 4 h on an 8 h scale reaches halfway up; the longest stretch of 2 h a quarter.
    bars = [DayBar(day, 4 * H, 2 * H) for day in WEEK]
    bars[-1] = DayBar(WEEK[-1], 8 * H, 1 * H)
    chart.set_bars(bars)
    image = chart.grab().toImage()
    plot = chart.plot_area
    x = round(plot.left() + plot.width() / 14)  # the middle of the first bar
    card = image.pixelColor(x, round(plot.top()) + 2)

    def painted(y: float) -> QColor:
        return image.pixelColor(x, round(y))

    half = plot.bottom() - plot.height() / 2
    assert painted(half + 3) != card  # inside the bar
    assert painted(half - 3) == card  # above it
    quarter = plot.bottom() - plot.height() / 4
    mark = painted(quarter)
    below = painted(quarter + 4)
    assert mark != below  # the tick across the bar
    assert mark.lightness() < below.lightness()  # dark ink on the light teal


# -- (b) outcomes -------------------------------------------------------------------------------


def test_outcome_chart_stacks_the_answers_of_each_day(qtbot: QtBot) -> None:
    chart = shown(qtbot, OutcomeChart())
    stacks = [DayOutcomes(day, 0, 0, 0, 0) for day in WEEK]
    stacks[0] = DayOutcomes(WEEK[0], 4, 2, 1, 1)
    stacks[-1] = DayOutcomes(WEEK[-1], 6, 3, 0, 2)
    chart.set_stacks(stacks)
    assert chart.stacks[0].total == 8
    assert chart.stacks[-1] == DayOutcomes(TODAY, 6, 3, 0, 2)
    assert chart.top == 15  # 11 prompts at most: guides every 5
    assert chart.item_texts[0] == (
        "Thu 6 Mar: 8 prompts: 4 done, 2 snoozed, 1 skipped, 1 unanswered"
    )
    assert chart.item_texts[1] == "Fri 7 Mar: no prompts"
    legend = [text for _box, text in chart.labels]
    for name in ("Done", "Snoozed", "Skipped", "Unanswered"):
        assert name in legend
    assert chart.accessibleDescription().startswith(
        "Break prompts per day over 7 days: 10 done, 5 snoozed, 1 skipped, 3 unanswered."
    )


# -- (c) heat map -------------------------------------------------------------------------------


def empty_grid() -> list[list[float]]:
    return [[0.0] * 24 for _ in range(7)]


def test_heat_map_holds_the_minutes_and_trims_to_the_hours_used(qtbot: QtBot) -> None:
    chart = shown(qtbot, HeatMap())
    grid = empty_grid()
    grid[1][10] = 48.0  # Tuesdays 10:00
    grid[4][14] = 12.5  # Fridays 14:00
    chart.set_cells(grid)
    assert chart.cells[1][10] == 48.0
    assert chart.cells[4][14] == 12.5
    assert chart.busiest == 48.0
    assert chart.hours == range(7, 19)  # nothing outside working hours: 7:00 to 19:00
    columns = len(chart.hours)
    assert len(chart.item_texts) == 7 * columns
    assert chart.item_texts[1 * columns + (10 - 7)] == (
        "Tuesdays 10:00–11:00: 48 min sitting on average"
    )
    hour_labels = [text for _box, text in chart.labels if text.endswith(":00")]
    assert hour_labels == ["9:00", "12:00", "15:00", "18:00"]  # every 3 h
    row_labels = [text for _box, text in chart.labels if text in ("Mon", "Tue", "Sun")]
    assert row_labels == ["Mon", "Tue", "Sun"]

    grid[6][5] = 3.0  # an early Sunday
    grid[2][21] = 20.0  # a late Wednesday
    chart.set_cells(grid)
    assert chart.hours == range(5, 22)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([[0.0] * 24] * 6, "expected 7 rows (Mon..Sun) of 24 hours, got 6 rows"),
        ([[0.0] * 23] * 7, "expected 7 rows (Mon..Sun) of 24 hours, got 7 rows of [23]"),
        (
            [[0.0] * 24] * 2 + [[0.0] * 9 + [61.0] + [0.0] * 14] + [[0.0] * 24] * 4,
            "Wednesday 9:00: expected minutes from 0 to 60, got 61.0",
        ),
    ],
)
def test_heat_map_refuses_cells_of_the_wrong_shape(
    qtbot: QtBot, cells: list[list[float]], message: str
) -> None:
    chart = shown(qtbot, HeatMap())
    with pytest.raises(ValueError, match="heat map") as error:
        chart.set_cells(cells)
    assert message in str(error.value)


def test_heat_map_keys_move_along_rows_and_between_weekdays(qtbot: QtBot) -> None:
    chart = shown(qtbot, HeatMap())
    grid = empty_grid()
    grid[0][7] = 30.0
    chart.set_cells(grid)
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.selected_text == "Mondays 7:00–8:00: 30 min sitting on average"
    qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert chart.selected_text == "Mondays 8:00–9:00: 0 min sitting on average"
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    assert chart.selected_text == "Tuesdays 8:00–9:00: 0 min sitting on average"
    qtbot.keyClick(chart, Qt.Key.Key_Up)
    qtbot.keyClick(chart, Qt.Key.Key_Up)  # Monday is the top row: stays
    assert chart.selected_text == "Mondays 8:00–9:00: 0 min sitting on average"
    assert chart.accessibleDescription() == chart.selected_text


# -- (d) routines and streak --------------------------------------------------------------------


def test_routine_strip_marks_run_days_and_routines_and_says_the_streak(qtbot: QtBot) -> None:
    chart = shown(qtbot, RoutineStrip())
    run = {1, 3, 5}  # Tue, Thu, Sat
    done = {WEEK[0]: 1, WEEK[2]: 1, WEEK[5]: 2}  # Thu, Sat, and a second go on Tue
    marks = [DayRoutine(day, day.weekday() in run, done.get(day, 0)) for day in WEEK]
    chart.set_marks(marks, streak=3)
    assert [mark.run_day for mark in chart.marks] == [True, False, True, False, False, True, False]
    assert [mark.routines_done for mark in chart.marks] == [1, 0, 1, 0, 0, 2, 0]
    assert chart.streak_text == "Streak: 3 run days"
    assert "Streak: 3 run days" in [text for _box, text in chart.labels]
    assert chart.item_texts[0] == "Thu 6 Mar: run day, 1 routine done"
    assert chart.item_texts[1] == "Fri 7 Mar: rest day"
    assert chart.item_texts[5] == "Tue 11 Mar: run day, 2 routines done"
    assert chart.item_texts[-1] == "Today: rest day"
    assert chart.accessibleDescription().startswith(
        "Streak: 3 run days. 4 routines done over 7 days, with 3 run days."
    )
    chart.set_marks(marks, streak=1)
    assert chart.streak_text == "Streak: 1 run day"


def test_a_routine_on_a_rest_day_is_data_too(qtbot: QtBot) -> None:
    chart = shown(qtbot, RoutineStrip())
    chart.set_marks([DayRoutine(day, False, int(day == TODAY)) for day in WEEK], streak=0)
    assert chart.has_data
    assert chart.item_texts[-1] == "Today: rest day, 1 routine done"


# -- (e) squeeze test ---------------------------------------------------------------------------


def test_squeeze_chart_plots_each_side_in_the_span(qtbot: QtBot) -> None:
    chart = shown(qtbot, SqueezeChart())
    points = [
        SqueezeMark(WEEK[0] - timedelta(days=3), "left", "soft", 1),  # before the span
        SqueezeMark(WEEK[0], "left", "thigh", 0),
        SqueezeMark(WEEK[0], "right", "soft", 1),
        SqueezeMark(WEEK[5], "left", "firm", 2),
        SqueezeMark(WEEK[5], "right", "soft", 1),
    ]
    chart.set_points(WEEK, points)
    assert chart.points == tuple(points[1:])
    assert chart.days == tuple(WEEK)
    assert chart.item_texts == (
        "Thu 6 Mar: left thigh, right soft",
        "Tue 11 Mar: left firm, right soft",
    )
    levels = [text for _box, text in chart.labels if text in ("Firm", "Soft", "Thigh")]
    assert levels == ["Firm", "Soft", "Thigh"]
    assert {"Left", "Right"} <= {text for _box, text in chart.labels}
    assert chart.accessibleDescription().startswith(
        "Squeeze test ratings: left side firm in 1 of 2 tests, right side firm in 0 of 2 tests."
    )


# -- every chart --------------------------------------------------------------------------------


def empty_charts() -> list[Chart]:
    sitting = SittingChart()
    sitting.set_bars([DayBar(day, 0, 0) for day in WEEK])
    outcomes = OutcomeChart()
    outcomes.set_stacks([DayOutcomes(day, 0, 0, 0, 0) for day in WEEK])
    heat = HeatMap()
    heat.set_cells(empty_grid())
    routines = RoutineStrip()
    routines.set_marks([DayRoutine(day, False, 0) for day in WEEK], streak=0)
    squeeze = SqueezeChart()
    squeeze.set_points(WEEK, [])
    return [sitting, outcomes, heat, routines, squeeze]


def test_without_data_each_chart_says_so_instead_of_drawing_empty_axes(qtbot: QtBot) -> None:
    for chart in empty_charts():
        shown(qtbot, chart)
        assert not chart.has_data
        assert chart.labels == ()  # no axes, no legend
        assert chart.item_texts == ()
        assert chart.accessibleDescription() == chart.empty_text
        assert "yet" in chart.empty_text
        image = chart.grab().toImage()
        assert not image.isNull()
    full = SittingChart()
    full.set_bars(week_bars())
    assert empty_charts()[0].sizeHint().height() < full.sizeHint().height()  # a note, not a chart


def test_each_chart_has_an_accessible_name_and_reads_its_values_out(qtbot: QtBot) -> None:
    sitting = shown(qtbot, SittingChart())
    sitting.set_bars(week_bars())
    assert sitting.accessibleName() == "Sitting per day"
    description = sitting.accessibleDescription()
    assert description.startswith("Sitting per day over 7 days, 24 h 47 min in all.")
    for text in sitting.item_texts:
        assert text in description
    for chart in empty_charts():
        assert chart.accessibleName()


def test_day_labels_for_a_week_are_initials_with_dates(qtbot: QtBot) -> None:
    chart = shown(qtbot, SittingChart())
    chart.set_bars(week_bars())
    texts = [text for _box, text in chart.labels]
    assert texts[-14:] == ["T", "6", "F", "7", "S", "8", "S", "9", "M", "10", "T", "11", "W", "12"]


@pytest.mark.parametrize(("span", "width"), [(30, 700), (90, 700), (90, 420)])
def test_long_spans_label_mondays_without_overlap(qtbot: QtBot, span: int, width: int) -> None:
    days = [TODAY - timedelta(days=span - 1 - number) for number in range(span)]
    chart = shown(qtbot, SittingChart(), width)
    chart.set_bars([DayBar(day, 3 * H, H) for day in days])
    axis = [(box, text) for box, text in chart.labels if text[-3:] in ("Dec", "Jan", "Feb", "Mar")]
    assert axis
    mondays = {f"{day.day} {day.strftime('%b')}" for day in days if day.weekday() == 0}
    assert {text for _box, text in axis} <= mondays
    for (first, _), (second, _) in itertools.pairwise(axis):
        assert first.right() < second.left()
    for box, _text in axis:
        assert box.left() >= 0
        assert box.right() <= chart.width()


def test_day_columns_line_up_across_the_charts(qtbot: QtBot) -> None:
    sitting = shown(qtbot, SittingChart())
    sitting.set_bars(week_bars())
    outcomes = shown(qtbot, OutcomeChart())
    outcomes.set_stacks([DayOutcomes(day, 1, 0, 0, 0) for day in WEEK])
    routines = shown(qtbot, RoutineStrip())
    routines.set_marks([DayRoutine(day, True, 1) for day in WEEK], streak=7)
    lefts = [[area.left() for area in chart.item_areas] for chart in (sitting, outcomes, routines)]
    assert lefts[0] == lefts[1] == lefts[2]


def test_hover_shows_the_exact_values(qtbot: QtBot) -> None:
    chart = shown(qtbot, SittingChart())
    chart.set_bars(week_bars())
    area = chart.item_areas[4]
    point = area.center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, point, chart.mapToGlobal(point))
    chart.event(event)
    assert QToolTip.text() == "Mon 10 Mar: 7 h 30 min sitting, longest stretch 1 h 10 min"
    QToolTip.hideText()
    outside = QPoint(2, 2)
    ignored = QHelpEvent(QEvent.Type.ToolTip, outside, chart.mapToGlobal(outside))
    chart.event(ignored)
    assert not ignored.isAccepted()


def test_arrow_keys_walk_the_days(qtbot: QtBot) -> None:
    chart = shown(qtbot, SittingChart())
    chart.set_bars(week_bars())
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Left)  # from nothing: today
    assert chart.selected_text == "Today: 2 h 5 min sitting, longest stretch 35 min"
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.selected_text is not None
    assert chart.selected_text.startswith("Tue 11 Mar")
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert chart.selected_text is not None
    assert chart.selected_text.startswith("Thu 6 Mar")
    qtbot.keyClick(chart, Qt.Key.Key_Left)  # stays at the first day
    assert chart.selected_text.startswith("Thu 6 Mar")
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.selected_text.startswith("Today")
    QToolTip.hideText()


def test_hovered_bar_is_highlighted(qtbot: QtBot) -> None:
    chart = shown(qtbot, SittingChart())
    chart.set_bars(week_bars())
    area = chart.item_areas[2]  # a day without sitting
    probe = QPointF(area.left() + 2, area.top() + 4)
    before = chart.grab().toImage().pixelColor(probe.toPoint())
    qtbot.mouseMove(chart, area.center().toPoint())
    after: QImage = chart.grab().toImage()
    assert after.pixelColor(probe.toPoint()) != before
