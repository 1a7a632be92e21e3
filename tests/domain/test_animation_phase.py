"""One rep of a dose runs once through its animation: the way in, the peak, the way back."""

from __future__ import annotations

import itertools

from deskbreak.domain.exercises import Dose, Stage, animation_phase


def test_a_rep_of_the_dose_runs_once_through_the_animation() -> None:
    dose = Dose(reps=2, rep_seconds=4)
    rep = [animation_phase(dose, dose.moment(t / 10)) for t in range(0, 40)]
    assert rep[0] == 0.0
    assert all(a <= b for a, b in itertools.pairwise(rep))  # never back
    assert 0.49 <= max(p for p in rep if p <= 0.5) <= 0.5  # the peak is in the middle
    assert rep[-1] > 0.9
    hold = Dose(hold_seconds=3, reps=1)
    assert animation_phase(hold, hold.moment(1.5)) == 0.5  # held at the peak


def test_outside_the_work_the_figure_rests_in_the_start_pose() -> None:
    dose = Dose(reps=2, rep_seconds=4, sets=2)
    rests = [dose.moment(t / 2) for t in range(0, 200)]
    resting = [moment for moment in rests if moment.stage is not Stage.WORK]
    assert resting, "a two-set dose has a rest between the sets"
    assert all(animation_phase(dose, moment) == 0.0 for moment in resting)
