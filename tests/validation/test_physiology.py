"""The healthy preset against published targets (data/targets.csv) and qualitative physiology.

"Foot pressure" is the clinical ambulatory venous pressure, read in the dorsal
foot / ankle superficial veins: the ``FOOT_NODE`` of calfpump.solution.
Walking at about 3 km/h is simulated at 90 steps/min (the cadence assumption of
docs/physiology_sources.md).
"""

from __future__ import annotations

import numpy as np
import pytest

import calfpump
from calfpump.parameters import ParameterValues
from calfpump.solution import FOOT_NODE, Solution
from calfpump.units import RHO_G_MMHG_PER_CM

WALK_3KMH = "Walk at 90 steps/min for 3 minutes"
LAST_S = 60.0


def _range(targets: dict[str, dict[str, str]], target_id: str) -> tuple[float, float]:
    row = targets[target_id]
    return float(row["low"]), float(row["high"])


def _walking_foot_mean(sol: Solution) -> float:
    """Mean foot pressure over the last 60 s of the (last) walking step."""
    end = sol.t[-1]
    mask = sol.t >= end - LAST_S
    return float(np.mean(sol.pressure(FOOT_NODE)[mask]))


@pytest.fixture(scope="module")
def stand(healthy: ParameterValues) -> Solution:
    return calfpump.simulate("Stand for 3 minutes", healthy)


@pytest.fixture(scope="module")
def lie(healthy: ParameterValues) -> Solution:
    return calfpump.simulate("Lie for 3 minutes", healthy)


@pytest.fixture(scope="module")
def sit(healthy: ParameterValues) -> Solution:
    return calfpump.simulate("Sit for 3 minutes", healthy)


@pytest.fixture(scope="module")
def legs_raised(healthy: ParameterValues) -> Solution:
    return calfpump.simulate("Lie with legs raised 30 degrees for 3 minutes", healthy)


@pytest.fixture(scope="module")
def walk(healthy: ParameterValues) -> Solution:
    return calfpump.simulate(WALK_3KMH, healthy)


@pytest.fixture(scope="module")
def stand_then_walk(healthy: ParameterValues) -> Solution:
    return calfpump.simulate(["Stand for 3 minutes", WALK_3KMH], healthy)


# ---------------------------------------------------------------- quantitative targets


def test_targets_file_has_the_rows(targets: dict[str, dict[str, str]]) -> None:
    for target_id in ("avp_rest_healthy", "supine_calf_pressure", "avp_walk_3kmh"):
        low, high = _range(targets, target_id)
        assert low < high
        assert targets[target_id]["unit"] == "mmHg"
        assert targets[target_id]["source"].strip()


def test_standing_ankle_pressure(stand: Solution, targets: dict[str, dict[str, str]]) -> None:
    low, high = _range(targets, "avp_rest_healthy")
    p = stand.step_summary()[0]["foot_end_mmHg"]
    assert p == stand.pressure(FOOT_NODE)[-1]
    assert low <= p <= high, f"standing ankle pressure {p:.1f} mmHg outside {low}-{high}"


def test_supine_calf_pressure(lie: Solution, targets: dict[str, dict[str, str]]) -> None:
    low, high = _range(targets, "supine_calf_pressure")
    p = lie.pressure("deep_calf")[-1]
    assert low <= p <= high, f"supine deep calf pressure {p:.1f} mmHg outside {low}-{high}"


def test_walking_ankle_pressure(walk: Solution, targets: dict[str, dict[str, str]]) -> None:
    low, high = _range(targets, "avp_walk_3kmh")
    p = _walking_foot_mean(walk)
    assert low <= p <= high, f"walking ankle pressure {p:.1f} mmHg outside {low}-{high}"


def test_states_are_settled_at_rest(stand: Solution, lie: Solution) -> None:
    # the quiet-standing and supine values are steady states, not transients
    for sol in (stand, lie):
        p = sol.pressure(FOOT_NODE)
        last_minute = sol.t >= sol.t[-1] - 60.0
        assert np.ptp(p[last_minute]) < 0.5


# ---------------------------------------------------------------- qualitative physiology


def test_sitting_between_supine_and_standing(lie: Solution, sit: Solution, stand: Solution) -> None:
    supine = lie.pressure(FOOT_NODE)[-1]
    sitting = sit.pressure(FOOT_NODE)[-1]
    standing = stand.pressure(FOOT_NODE)[-1]
    assert supine < sitting < standing


def test_legs_raised_below_supine(lie: Solution, legs_raised: Solution) -> None:
    assert legs_raised.pressure(FOOT_NODE)[-1] < lie.pressure(FOOT_NODE)[-1]
    # and the raised calf empties
    assert legs_raised.calf_volume[-1] < lie.calf_volume[-1]


def test_walking_empties_the_calf(stand_then_walk: Solution) -> None:
    standing = stand_then_walk.sample_step == 0
    walking = (stand_then_walk.sample_step == 1) & (
        stand_then_walk.t >= stand_then_walk.t[-1] - LAST_S
    )
    calf = stand_then_walk.calf_volume
    assert np.mean(calf[walking]) < calf[standing][-1]
    assert np.max(calf[walking]) < calf[standing][-1]
    # and lowers the foot pressure (the ambulatory venous pressure drop)
    foot = stand_then_walk.pressure(FOOT_NODE)
    assert np.mean(foot[walking]) < 0.5 * foot[standing][-1]


def test_weaker_calf_raises_walking_pressure(healthy: ParameterValues, walk: Solution) -> None:
    weak = calfpump.simulate(WALK_3KMH, healthy.update({"calf_strength": 0.5}))
    assert _walking_foot_mean(weak) > _walking_foot_mean(walk)


def test_popliteal_reflux_raises_walking_pressure(healthy: ParameterValues, walk: Solution) -> None:
    reflux = calfpump.simulate(WALK_3KMH, healthy.update({"popliteal_valve.incompetence": 0.5}))
    assert _walking_foot_mean(reflux) > _walking_foot_mean(walk)


def test_standing_pressure_is_about_the_column(healthy: ParameterValues, stand: Solution) -> None:
    # quiet standing, the ankle pressure is close to the blood column from the right atrium
    column = -stand["ankle.height"][-1] * RHO_G_MMHG_PER_CM + stand["right_atrium.pressure"][-1]
    assert stand.pressure("ankle")[-1] == pytest.approx(column, abs=5.0)
