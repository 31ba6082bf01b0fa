"""Ambulatory venous pressure (AVP): the clinic's foot-vein pressure test on a virtual leg.

Protocol (Nicolaides AN et al., Circulation 2000;102:e126-e163, consensus on
the investigation of chronic venous insufficiency): the subject stands still,
pressure is read in a dorsal foot vein; 10 tiptoe movements (or 10 steps)
follow; then the subject stands still again while the veins refill. Read:

* resting pressure: at the end of quiet standing;
* ambulatory (minimum) pressure: the lowest pressure during or after the exercise;
* percent drop: ``100 (rest - min) / rest``;
* RT90, refill time: from the end of the exercise until the pressure has
  recovered 90 % of the drop (read between the 0.02 s samples by linear interpolation). It is 0 s when the pressure is already back
  within 90 % of its drop when the exercise ends (a leg whose exercise lowers
  the pressure only briefly, e.g. tiptoes with no calf strength). A drop under
  ``MIN_DROP_mmHg`` (about what a foot-vein pressure transducer resolves) is no
  drop: there is nothing to refill, RT90 is undefined and the test raises a
  :class:`~calfpump.errors.CalfpumpError` naming rest, minimum and drop (an RT90
  of 0 s would read as the fastest, most pathological refill). Tiptoes need
  ankle movement and a calf: a person with almost no ankle range, or a very weak
  calf under a firm stocking, reaches this error with tiptoes; 10 steps also
  work the foot pump.

Examples
--------
>>> r = ambulatory_venous_pressure("healthy")
>>> bool(r.drop_pct > 50), bool(r.rt90_s > 20)
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import CalfpumpError, ParameterError, check_number
from .protocol import Stand, Step, Tiptoe, Walk
from .simulation import ParametersLike, resolve_parameters, simulate
from .solution import FOOT_NODE, Solution, crossing_time
from .solver import SolverOptions

EXERCISES: tuple[str, ...] = ("tiptoe", "walk")
#: The smallest drop (rest - minimum) with a refill time, mmHg: about the resolution of a
#: foot-vein pressure reading (assumption). A smaller drop raises a CalfpumpError.
MIN_DROP_mmHg = 1.0


@dataclass(frozen=True)
class AVPResult:
    """Result of a virtual ambulatory venous pressure test (pressures in mmHg)."""

    rest_mmHg: float
    min_mmHg: float
    drop_pct: float
    rt90_s: float
    exercise: str
    exercise_end_s: float
    solution: Solution

    def to_dict(self) -> dict[str, float]:
        """The stable machine-readable form: ``rest_mmHg``, ``min_mmHg``, ``drop_pct``, ``rt90_s``."""
        return {
            "rest_mmHg": round(self.rest_mmHg, 3),
            "min_mmHg": round(self.min_mmHg, 3),
            "drop_pct": round(self.drop_pct, 3),
            "rt90_s": round(self.rt90_s, 3),
        }

    def plot(self, path: str | Path | None = None) -> Any:
        """The foot-vein pressure trace annotated as a clinician reads it."""
        from .plotting import plot_avp

        return plot_avp(self, path)


def _exercise_step(exercise: str) -> Step:
    if exercise == "tiptoe":
        return Tiptoe(10, 1.0)
    if exercise == "walk":
        # 10 steps at 100 steps/min
        return Walk(6.0, 100.0)
    raise ParameterError(f"exercise = {exercise!r} is not one of {list(EXERCISES)}")


def ambulatory_venous_pressure(
    parameters: ParametersLike = "healthy",
    *,
    exercise: str = "tiptoe",
    rest_s: float = 60.0,
    recovery_s: float = 180.0,
    options: SolverOptions | None = None,
) -> AVPResult:
    """Run the AVP test on a virtual leg.

    Parameters
    ----------
    parameters
        A preset name or parameter values.
    exercise
        ``"tiptoe"`` (10 heel raises at 1 Hz) or ``"walk"`` (10 steps at 100 steps/min).
    rest_s, recovery_s
        Quiet standing before and after the exercise, s.

    Raises
    ------
    ParameterError
        An option out of its range, or a network without the node ``FOOT_NODE`` (``ankle``).
    CalfpumpError
        When the pressure has not recovered 90 % of its drop within ``recovery_s``, or did not
        fall by at least ``MIN_DROP_mmHg`` (no drop, so no refill time).
    """
    params = resolve_parameters(parameters)
    if FOOT_NODE not in params.network.node_names:
        raise ParameterError(
            f"the AVP test reads the foot-vein pressure at node {FOOT_NODE!r}, which network "
            f"{params.network.name!r} lacks"
        )
    rest_s = check_number("rest_s", rest_s, 5.0, 3600.0, "s")
    recovery_s = check_number("recovery_s", recovery_s, 5.0, 3600.0, "s")
    steps = [Stand(rest_s), _exercise_step(exercise), Stand(recovery_s)]
    sol = simulate(steps, params, options=options, save_every_s=0.02)
    p = sol.pressure(FOOT_NODE)
    step = sol.sample_step
    rest = float(p[step == 0][-1])
    after_start = step >= 1
    i_min = int(np.flatnonzero(after_start)[np.argmin(p[after_start])])
    p_min = float(p[i_min])
    drop = rest - p_min
    t_ex_end = float(sol.protocol.start_times_s[2])
    target = p_min + 0.9 * drop
    # the first time at or after the end of the exercise and the minimum, read between samples
    recovered = crossing_time(sol.t, p, (step == 2) & (sol.t >= max(t_ex_end, sol.t[i_min])), target)
    if drop < MIN_DROP_mmHg:
        raise CalfpumpError(
            f"the foot-vein pressure did not fall with the exercise (rest {rest:.1f} mmHg, lowest "
            f"{p_min:.1f} mmHg, drop {drop:.2f} mmHg, under {MIN_DROP_mmHg:g} mmHg): there is nothing "
            f"to refill and RT90 is undefined (the {exercise} did not empty the leg's veins: no working "
            "calf or foot pump, or no ankle movement" + (
                "; the walk test, exercise='walk', also works the foot pump)" if exercise == "tiptoe" else ")")
        )
    if recovered is None:
        raise CalfpumpError(
            f"the foot-vein pressure did not recover 90 % of its {drop:.1f} mmHg drop within "
            f"recovery_s = {recovery_s:g} s; run the test with a longer recovery_s"
        )
    rt90 = recovered - t_ex_end
    return AVPResult(rest, p_min, 100.0 * drop / rest, rt90, exercise, t_ex_end, sol)
