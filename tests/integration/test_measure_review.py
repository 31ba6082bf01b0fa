"""Outputs of the virtual tests and the day simulator against their definitions (review)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from calfpump.day import day_protocol, simulate_day
from calfpump.protocol import Protocol, Stand, Walk


@pytest.mark.parametrize("method", ["fast", "full"])
def test_day_minutes_hold_sixty_seconds_when_a_step_ends_between_samples(method: str) -> None:
    # day_protocol turns a minute of 7 steps into 4.2 s of walking and 55.8 s of standing: the
    # step boundaries fall between the 1 s samples of rest, whose intervals crossed minute ends
    # and were booked whole to the later minute (a minute of 60.8 s with 60.8 s above 50 mmHg)
    proto = Protocol([Stand(60.0), Walk(4.2, 100.0), Stand(235.8)])
    m = simulate_day(proto, method=method).minutes
    assert np.allclose(m["duration_s"], 60.0, atol=1e-9), m["duration_s"].tolist()
    assert (m["foot_above_50_s"] <= m["duration_s"] + 1e-9).all(), m["foot_above_50_s"].tolist()


def _crossing(t: np.ndarray, v: np.ndarray, eligible: np.ndarray, target: float) -> tuple[float, float]:
    """The first eligible sample at or above ``target``, and the time between it and the sample
    before at which the straight line between them reaches ``target``."""
    i = int(np.flatnonzero(eligible & (v >= target))[0])
    if not eligible[i - 1] or t[i] == t[i - 1]:
        return float(t[i]), float(t[i])
    return float(t[i]), float(t[i - 1] + (target - v[i - 1]) * (t[i] - t[i - 1]) / (v[i] - v[i - 1]))


def test_avp_rt90_is_read_between_samples() -> None:
    # RT90 was the time of the first 0.02 s sample at or above the 90 % level, late by up to a
    # sample (0.7 % of the combined-reflux RT90 of 1.8 s), always in the same direction
    from calfpump.avp import ambulatory_venous_pressure

    r = ambulatory_venous_pressure("healthy")
    sol = r.solution
    p, t = sol.pressure("ankle"), sol.t
    target = r.min_mmHg + 0.9 * (r.rest_mmHg - r.min_mmHg)
    i_min = int(np.argmin(np.where(sol.sample_step >= 1, p, np.inf)))
    eligible = (sol.sample_step == 2) & (t >= max(r.exercise_end_s, t[i_min]))
    first_sample, between = _crossing(t, p, eligible, target)
    assert between < first_sample  # this trace crosses between two samples
    assert r.rt90_s == pytest.approx(between - r.exercise_end_s, abs=1e-9)


def test_apg_fill_time_90_is_read_between_samples() -> None:
    from calfpump.apg import air_plethysmography

    r = air_plethysmography("combined-reflux")
    sol = r.solution
    v, t, k = sol.calf_volume, sol.t, sol.sample_step
    first_sample, between = _crossing(t, v, k == 1, r.baseline_mL + 0.9 * r.vv_mL)
    assert between < first_sample
    start = sol.protocol.start_times_s[1]
    assert r.fill_time_90_s == pytest.approx(between - start, abs=1e-9)
    assert r.vfi_mL_s == pytest.approx(0.9 * r.vv_mL / (between - start))


def test_reflux_time_sums_the_sampled_intervals() -> None:
    # a squeeze of 3.001 s puts the release between the 5 ms samples: counting samples times 5 ms
    # read 10.005 s of reflux in a 10 s window (the shorter interval after release counted whole)
    from calfpump.parameters import ParameterValues
    from calfpump.reflux import WINDOW_S, duplex_reflux

    r = duplex_reflux(ParameterValues.preset("superficial-reflux", 0.3), squeeze_s=3.001)
    assert r.sfj_reflux_ongoing
    assert r.sfj_reflux_s == pytest.approx(WINDOW_S, abs=1e-9)
    sol = r.solution
    after = sol.sample_step == 2
    backwards = sol.flow("femoral_valve")[after] < -1.0
    assert r.popliteal_reflux_s == pytest.approx(float(np.diff(sol.t[after])[backwards[1:]].sum()), abs=1e-12)


@pytest.mark.parametrize("steps", [30.0, 45.0, 59.0])
def test_day_protocol_keeps_each_minute_a_minute_for_a_slow_walker(steps: float) -> None:
    # a habitual cadence under 60 steps/min: a minute of 45 steps became 90 s of walking at
    # 30 steps/min, so the protocol outlasted the minute table and every later minute shifted
    table = pd.DataFrame({"steps": [steps, 0.0, 0.0], "posture": ["sit"] * 3})
    proto = day_protocol(table, habitual_cadence_spm=30.0)
    assert proto.duration_s == pytest.approx(180.0)
    walked = sum(s.duration_s * s.cadence_spm / 60.0 for s in proto if isinstance(s, Walk))
    assert walked == pytest.approx(round(steps))
