"""The routine player: keys and buttons drive the playback, texts follow the timeline at known
times, the end question, sound cues at the right moments, and no frame timer while idle.

Screenshots in a light and a dark palette go to ``artifacts/player/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from deskbreak.assets import read_asset_text
from deskbreak.domain.exercises import (
    Dose,
    Exercise,
    Muscle,
    Position,
    Side,
    Sides,
    Stage,
    Tempo,
    load_exercises,
)
from deskbreak.domain.routine import Point as TimelinePoint
from deskbreak.domain.routine import Routine, Step, Timeline
from deskbreak.ui.figure import FigureView
from deskbreak.ui.player import PlayerWindow
from deskbreak.ui.sounds import Cue

if TYPE_CHECKING:
    from conftest import Palettes, Screenshots

# Clamshell: 3 reps of 2 s on the left (0–6 s), a 5 s switch (6–11), 3 on the right (11–17),
# then a 10 s rest (17–27).
CLAMSHELL = Exercise(
    "clamshell",
    "Clamshell",
    Position.STANDING,
    "Wakes up the side of the hip.",
    ("Heels together, knees open like a book.", "Keep the pelvis still."),
    (Muscle.GLUTEUS_MEDIUS,),
    Dose(reps=3, rep_seconds=2.0, sides=Sides.LEFT_THEN_RIGHT),
)
# Glute bridge: squeeze 3 s (27–30), relax 2 s (30–32), squeeze 3 s (32–35), rest 6 s (35–41).
BRIDGE = Exercise(
    "glute-bridge",
    "Glute bridge hold",
    Position.STANDING,
    "The main hip extensor, switched on.",
    ("Drive through the heels.", "Ribs down, no arching."),
    (Muscle.GLUTEUS_MAXIMUS,),
    Dose(reps=2, hold_seconds=3.0, hold_label="squeeze"),
)
# Marching: 10 s of steady steps (41–51); the routine ends at 51 s.
MARCH = Exercise(
    "march",
    "Standing march",
    Position.STANDING,
    "Hips moving before the run.",
    ("Knees to hip height.", "Stand tall."),
    (Muscle.HIP_FLEXORS,),
    Dose(duration_seconds=10.0, tempo=Tempo(0.5, 0.0, 0.5)),
)
ROUTINE = Routine(
    "test-wake-up",
    "Glute wake-up",
    "Only for tests.",
    (
        Step(CLAMSHELL, CLAMSHELL.dose, 10.0, "Band just above the knees."),
        Step(BRIDGE, BRIDGE.dose, 6.0, None),
        Step(MARCH, MARCH.dose, 0.0, None),
    ),
)

BRIDGE_START = 27.0
MARCH_START = 41.0
END = 51.0


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


class RecordingSound:
    """Every cue the player asked for while not muted, in order."""

    def __init__(self) -> None:
        self.muted = False
        self.played: list[Cue] = []

    def play(self, cue: Cue) -> None:
        if not self.muted:
            self.played.append(cue)


class PoseSpy(QWidget):
    """Stands in for the figure and remembers the last pose asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.poses: list[tuple[str, float, Side, float | None]] = []

    def show_pose(
        self,
        animation_id: str,
        phase: float,
        *,
        side: Side = Side.LEFT,
        contraction: float | None = None,
    ) -> None:
        self.poses.append((animation_id, phase, side, contraction))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sound() -> RecordingSound:
    return RecordingSound()


@pytest.fixture
def figure() -> PoseSpy:
    return PoseSpy()


@pytest.fixture
def player(qtbot: QtBot, clock: FakeClock, sound: RecordingSound, figure: PoseSpy) -> PlayerWindow:
    window = PlayerWindow(Timeline(ROUTINE), figure, clock=clock, sound=sound)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def at(player: PlayerWindow, clock: FakeClock, seconds: float) -> None:
    """Move the routine on to ``seconds`` by letting the clock run, and show that frame."""
    assert seconds >= player.playback.position(clock.now), "a monotonic clock never goes back"
    clock.now += seconds - player.playback.position(clock.now)
    player.refresh()


def run(player: PlayerWindow, clock: FakeClock, until: float, *, step: float = 0.05) -> None:
    """Let the clock run to ``until`` seconds into the routine, a frame every ``step``."""
    while player.playback.position(clock.now) < until:
        clock.now += step
        player.refresh()


def text(player: PlayerWindow, name: str) -> str:
    label = player.findChild(QLabel, name)
    assert label is not None, name
    return label.text() if label.isVisibleTo(player) else ""


def button(player: PlayerWindow, name: str) -> QAbstractButton:
    found = player.findChild(QAbstractButton, name)
    assert found is not None, name
    return found


# -- what it shows at known times --------------------------------------------------------------


def test_a_rep_shows_the_exercise_counter_side_and_a_cue(
    player: PlayerWindow, clock: FakeClock, figure: PoseSpy
) -> None:
    at(player, clock, 3.0)
    assert text(player, "eyebrow") == "EXERCISE 1 OF 3"
    assert text(player, "name") == "Clamshell"
    assert text(player, "counter") == "2 / 3"
    assert text(player, "counter-caption") == "reps"
    assert text(player, "side") == "Left side"
    assert text(player, "cue") == "Band just above the knees."
    assert text(player, "time-left") == "0:48 left"
    animation, phase, side, contraction = figure.poses[-1]
    assert (animation, side) == ("clamshell", Side.LEFT)
    assert 0.0 <= phase <= 1.0
    assert contraction is not None


def test_cues_take_turns(player: PlayerWindow, clock: FakeClock) -> None:
    at(player, clock, 1.0)
    first = text(player, "cue")
    at(player, clock, 7.0)
    second = text(player, "cue")
    at(player, clock, 13.0)
    third = text(player, "cue")
    assert [first, second, third] == [
        "Band just above the knees.",
        "Heels together, knees open like a book.",
        "Keep the pelvis still.",
    ]


def test_switching_sides_says_which_side_is_next(player: PlayerWindow, clock: FakeClock) -> None:
    at(player, clock, 7.0)
    assert text(player, "doing") == "Switch sides"
    assert text(player, "counter") == "4"
    assert text(player, "counter-caption") == "seconds to switch"
    assert text(player, "doing-detail") == "Right side next"
    at(player, clock, 12.0)
    assert text(player, "counter") == "1 / 3"
    assert text(player, "side") == "Right side"


def test_a_hold_counts_down(player: PlayerWindow, clock: FakeClock) -> None:
    at(player, clock, 3.0)
    ring = player.findChild(QWidget, "hold-ring")
    assert ring is not None
    assert not ring.isVisibleTo(player)  # reps: nothing is held
    at(player, clock, BRIDGE_START + 0.5)
    assert text(player, "name") == "Glute bridge hold"
    assert text(player, "counter") == "1 / 2"
    assert text(player, "counter-caption") == "squeezes"
    assert text(player, "doing") == "Squeeze · 3 s"
    assert text(player, "side") == ""
    at(player, clock, BRIDGE_START + 2.2)
    assert text(player, "doing") == "Squeeze · 1 s"
    assert ring.isVisibleTo(player)
    at(player, clock, BRIDGE_START + 3.5)
    assert text(player, "doing") == "Relax · 2 s"
    assert ring.isVisibleTo(player)  # empty, keeping the words in place


def test_a_rest_counts_down_and_shows_what_comes_next(
    player: PlayerWindow, clock: FakeClock, figure: PoseSpy
) -> None:
    at(player, clock, 20.0)
    assert text(player, "rest-countdown") == "0:07"
    assert text(player, "next-name") == "Glute bridge hold"
    assert text(player, "next-dose") == "2 × 3 s squeeze · about 10 s"
    assert text(player, "counter") == ""  # the work page is away
    animation, phase, _, _ = figure.poses[-1]
    assert (animation, phase) == ("glute-bridge", 0.0)


def test_a_timed_move_counts_its_seconds(player: PlayerWindow, clock: FakeClock) -> None:
    at(player, clock, MARCH_START + 2.5)
    assert text(player, "counter") == "8"
    assert text(player, "counter-caption") == "seconds left"
    assert text(player, "eyebrow") == "EXERCISE 3 OF 3"


# -- controls ----------------------------------------------------------------------------------


def test_space_pauses_and_time_then_moves_nothing(
    qtbot: QtBot, player: PlayerWindow, clock: FakeClock
) -> None:
    at(player, clock, 3.0)
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert not player.playback.playing
    assert button(player, "play-pause").accessibleName() == "Play"
    clock.now += 30.0
    player.refresh()
    assert text(player, "counter") == "2 / 3"
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.playback.playing
    assert button(player, "play-pause").accessibleName() == "Pause"
    clock.now += 2.0
    player.refresh()
    assert text(player, "counter") == "3 / 3"


def test_arrows_move_between_exercises_and_r_restarts(
    qtbot: QtBot, player: PlayerWindow, clock: FakeClock
) -> None:
    at(player, clock, 3.0)
    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert text(player, "name") == "Glute bridge hold"
    assert player.playback.position(clock.now) == BRIDGE_START
    clock.now += 4.0
    qtbot.keyClick(player, Qt.Key.Key_R)
    assert player.playback.position(clock.now) == BRIDGE_START
    qtbot.keyClick(player, Qt.Key.Key_Left)  # right at the start: the exercise before
    assert text(player, "name") == "Clamshell"
    assert player.playback.position(clock.now) == 0.0


def test_buttons_do_what_the_keys_do(player: PlayerWindow, clock: FakeClock) -> None:
    at(player, clock, 3.0)
    button(player, "next").click()
    assert player.playback.position(clock.now) == BRIDGE_START
    clock.now += 5.0
    button(player, "restart").click()
    assert player.playback.position(clock.now) == BRIDGE_START
    button(player, "previous").click()
    assert player.playback.position(clock.now) == 0.0
    button(player, "play-pause").click()
    assert not player.playback.playing


def test_every_control_has_an_accessible_name(player: PlayerWindow) -> None:
    for control in player.findChildren(QAbstractButton):
        assert control.accessibleName(), control.objectName()


def test_escape_closes(qtbot: QtBot, player: PlayerWindow) -> None:
    with qtbot.waitSignal(player.closed, timeout=1000):
        qtbot.keyClick(player, Qt.Key.Key_Escape)
    assert not player.isVisible()
    assert not player.animating


# -- the frame timer ---------------------------------------------------------------------------


def test_frames_run_only_while_playing_and_visible(
    qtbot: QtBot, player: PlayerWindow, clock: FakeClock
) -> None:
    assert player.animating
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert not player.animating
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert player.animating
    player.hide()
    assert not player.animating
    player.show()
    assert player.animating
    at(player, clock, END)
    assert not player.animating


def test_reduced_motion_needs_fewer_frames(
    qtbot: QtBot, clock: FakeClock, sound: RecordingSound, figure: PoseSpy
) -> None:
    calm = PlayerWindow(Timeline(ROUTINE), figure, clock=clock, sound=sound, reduced_motion=True)
    qtbot.addWidget(calm)
    timer = calm.findChild(QTimer)
    assert timer is not None
    assert timer.interval() == 100


def test_a_hidden_player_starts_no_timer(
    qtbot: QtBot, clock: FakeClock, sound: RecordingSound, figure: PoseSpy
) -> None:
    window = PlayerWindow(Timeline(ROUTINE), figure, clock=clock, sound=sound)
    qtbot.addWidget(window)
    assert not window.animating


def test_the_frame_timer_moves_the_figure(
    qtbot: QtBot, player: PlayerWindow, clock: FakeClock, figure: PoseSpy
) -> None:
    clock.now += 1.0
    before = len(figure.poses)
    qtbot.waitUntil(lambda: len(figure.poses) > before, timeout=1000)
    assert figure.poses[-1][1] > 0.0


# -- the end -----------------------------------------------------------------------------------


def test_yes_at_the_end_records_that_it_was_felt(
    qtbot: QtBot, player: PlayerWindow, clock: FakeClock
) -> None:
    at(player, clock, END)
    assert text(player, "question") == "Did you feel it in the right spot?"
    assert not button(player, "play-pause").isEnabled()
    assert not button(player, "next").isEnabled()
    with qtbot.waitSignal(player.finished, timeout=1000) as signal:
        button(player, "felt-yes").click()
    assert signal.args == [True]
    assert text(player, "end-title") == "Have a good run!"
    assert button(player, "close").isVisible()
    with qtbot.waitSignal(player.closed, timeout=1000):
        button(player, "close").click()


def test_not_yet_adds_a_set_of_the_first_exercise_and_plays_on(
    qtbot: QtBot, player: PlayerWindow, clock: FakeClock
) -> None:
    at(player, clock, END)
    clock.now += 20.0  # time spent reading the question does not count
    with qtbot.assertNotEmitted(player.finished):
        button(player, "felt-not-yet").click()
    assert player.playback.playing
    assert player.animating
    steps = player.playback.timeline.routine.steps
    assert len(steps) == 4
    assert steps[-1].exercise is CLAMSHELL
    assert text(player, "rest-countdown") == "0:10"
    assert text(player, "next-name") == "Clamshell"
    run(player, clock, END + 10.0 + 1.0)
    assert text(player, "eyebrow") == "EXERCISE 4 OF 4"
    assert text(player, "counter") == "1 / 3"
    run(player, clock, player.playback.timeline.total_s)
    assert text(player, "question") == "Did you feel it in the right spot?"
    with qtbot.waitSignal(player.finished, timeout=1000) as signal:
        button(player, "felt-yes").click()
    assert signal.args == [True]


def test_closing_after_not_yet_records_that_it_was_not_felt(
    qtbot: QtBot, player: PlayerWindow, clock: FakeClock
) -> None:
    at(player, clock, END)
    button(player, "felt-not-yet").click()
    run(player, clock, player.playback.timeline.total_s)
    with qtbot.waitSignal(player.finished, timeout=1000) as signal:
        player.close()
    assert signal.args == [False]


def test_closing_midway_records_nothing(
    qtbot: QtBot, player: PlayerWindow, clock: FakeClock
) -> None:
    at(player, clock, 20.0)
    with qtbot.assertNotEmitted(player.finished), qtbot.waitSignal(player.closed, timeout=1000):
        player.close()
    assert not player.playback.playing


# -- sounds ------------------------------------------------------------------------------------


def test_cues_mark_reps_holds_sides_and_each_exercise_done(
    player: PlayerWindow, clock: FakeClock, sound: RecordingSound
) -> None:
    run(player, clock, 17.5)
    # Reps 2 and 3 on the left (the first starts with the window), the switch, three on the
    # right, and the exercise done.
    assert sound.played == [Cue.REP, Cue.REP, Cue.SIDE_SWITCH] + [Cue.REP] * 3 + [Cue.EXERCISE_DONE]
    sound.played.clear()
    run(player, clock, MARCH_START + 0.5)
    # The bridge: a tick per squeeze and a chime as the first lets go; then the march begins.
    assert sound.played == [Cue.REP, Cue.HOLD_END, Cue.REP, Cue.EXERCISE_DONE, Cue.REP]
    sound.played.clear()
    run(player, clock, END)
    assert sound.played == [Cue.EXERCISE_DONE]


def test_a_single_hold_starts_with_a_tick_after_a_rest(
    qtbot: QtBot, clock: FakeClock, sound: RecordingSound, figure: PoseSpy
) -> None:
    hold = Dose(hold_seconds=5.0, hold_label="squeeze")
    routine = Routine(
        "holds", "Holds", "Only for tests.", (Step(BRIDGE, hold, 3.0), Step(BRIDGE, hold, 0.0))
    )
    window = PlayerWindow(Timeline(routine), figure, clock=clock, sound=sound)
    qtbot.addWidget(window)
    run(window, clock, 13.0)
    assert sound.played == [Cue.EXERCISE_DONE, Cue.REP, Cue.EXERCISE_DONE]


def test_jumps_make_no_sound(qtbot: QtBot, player: PlayerWindow, sound: RecordingSound) -> None:
    qtbot.keyClick(player, Qt.Key.Key_Right)
    qtbot.keyClick(player, Qt.Key.Key_Right)
    qtbot.keyClick(player, Qt.Key.Key_Left)
    assert sound.played == []


def test_mute_silences_the_cues(
    qtbot: QtBot, player: PlayerWindow, clock: FakeClock, sound: RecordingSound
) -> None:
    mute = button(player, "mute")
    assert mute.accessibleName() == "Mute sounds"
    with qtbot.waitSignal(player.muted_changed, timeout=1000) as signal:
        mute.click()
    assert signal.args == [True]
    assert player.muted
    assert sound.muted
    assert mute.accessibleName() == "Unmute sounds"
    run(player, clock, 17.5)
    assert sound.played == []
    qtbot.keyClick(player, Qt.Key.Key_M)
    assert not sound.muted


def test_starts_muted_when_asked(
    qtbot: QtBot, clock: FakeClock, sound: RecordingSound, figure: PoseSpy
) -> None:
    window = PlayerWindow(Timeline(ROUTINE), figure, clock=clock, sound=sound, muted=True)
    qtbot.addWidget(window)
    assert sound.muted
    assert button(window, "mute").accessibleName() == "Unmute sounds"


# -- looks -------------------------------------------------------------------------------------


def test_a_dark_palette_gives_light_text(player: PlayerWindow, palettes: Palettes) -> None:
    name = player.findChild(QLabel, "name")
    assert name is not None
    player.setPalette(palettes.light)
    assert name.palette().color(QPalette.ColorRole.WindowText).lightnessF() < 0.5
    player.setPalette(palettes.dark)
    assert name.palette().color(QPalette.ColorRole.WindowText).lightnessF() > 0.5


def test_it_keeps_a_sensible_minimum_size(player: PlayerWindow) -> None:
    player.resize(200, 100)
    assert player.width() >= 640
    assert player.height() >= 420


def showcase() -> Routine:
    """Evening exercises the figure can already play, with a hold and rests between them."""
    catalog = load_exercises(read_asset_text("exercises.toml"), "exercises.toml")
    clamshell, bridge, squat = (
        catalog[name] for name in ("clamshell", "glute-bridge", "bodyweight-squat")
    )
    steps = (
        Step(clamshell, clamshell.dose, 10.0, "Slow reps; the side of the hip should warm up."),
        Step(bridge, Dose(reps=3, hold_seconds=5.0, hold_label="squeeze"), 10.0, None),
        Step(squat, Dose(reps=6), 0.0, None),
    )
    return Routine("showcase", "Glute wake-up", "Screenshots.", steps)


def test_the_animated_figure_is_the_default(qtbot: QtBot, clock: FakeClock) -> None:
    window = PlayerWindow(showcase(), clock=clock, sound=RecordingSound())
    qtbot.addWidget(window)
    figure = window.findChild(FigureView)
    assert figure is not None
    at(window, clock, 1.0)
    assert figure.current is not None


def first_time(timeline: Timeline, wanted: Callable[[TimelinePoint], bool]) -> float | None:
    """The first tenth of a second at which the routine shows what ``wanted`` looks for."""
    for tenth in range(round(timeline.total_s * 10) + 1):
        if wanted(timeline.at(tenth / 10)):
            return tenth / 10
    return None


def test_screenshots(
    qtbot: QtBot,
    clock: FakeClock,
    screenshots: Screenshots,
    palettes: Palettes,
) -> None:
    folder = screenshots.folder("player")
    timeline = Timeline(showcase())

    def working(point: TimelinePoint) -> bool:
        return not point.resting and not point.finished

    moments = {
        # Mid-rep, near the top of the movement, with the muscle working.
        "rep": first_time(timeline, lambda p: working(p) and p.moment.rep == 3 and p.phase > 0.9),
        "switch": first_time(timeline, lambda p: working(p) and p.moment.stage is Stage.SWITCH),
        "hold": first_time(
            timeline,
            lambda p: (
                working(p)
                and p.step.dose.hold_seconds is not None
                and p.moment.stage is Stage.WORK
                and p.moment.rep == 2
                and p.phase >= 1.0
            ),
        ),
        "rest": first_time(timeline, lambda p: p.resting and p.rest_left_s < 13),
        "end": timeline.total_s,
        "answered": timeline.total_s,
    }
    for palette_name, palette in (("light", palettes.light), ("dark", palettes.dark)):
        for name, seconds in moments.items():
            assert seconds is not None, name
            window = PlayerWindow(timeline, clock=clock, sound=RecordingSound())
            qtbot.addWidget(window)
            window.setPalette(palette)
            window.resize(900, 560)
            window.show()
            qtbot.waitExposed(window)
            at(window, clock, seconds)
            if name == "answered":
                button(window, "felt-yes").click()
            QApplication.sendPostedEvents()  # layouts catch up with the new texts
            screenshots.save(window, "player", f"player-{name}-{palette_name}.png")
            if name == "hold":
                # Everything is drawn as vectors and text: crisp at twice the pixels.
                sharp = QPixmap(window.size() * 2)
                sharp.setDevicePixelRatio(2)
                window.render(sharp)
                assert sharp.save(str(folder / f"player-{name}-{palette_name}@2x.png"))
            window.close()
