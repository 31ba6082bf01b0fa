"""Virtual ambulatory venous pressure of the healthy preset against targets.csv."""

from __future__ import annotations

import numpy as np
import pytest

from calfpump.avp import ambulatory_venous_pressure
from calfpump.errors import CalfpumpError, ParameterError
from calfpump.parameters import ParameterValues


@pytest.fixture(scope="module")
def healthy_avp(healthy: ParameterValues):
    return ambulatory_venous_pressure(healthy)


@pytest.mark.parametrize(
    ("target", "field"),
    [("avp_rest_healthy", "rest_mmHg"), ("avp_min_healthy", "min_mmHg"),
     ("avp_drop_healthy", "drop_pct"), ("rt90_healthy", "rt90_s")],
)
def test_healthy_avp_in_published_range(healthy_avp, targets, target: str, field: str) -> None:
    row = targets[target]
    value = getattr(healthy_avp, field)
    assert float(row["low"]) <= value <= float(row["high"]), f"{field} = {value:.1f}, {target} {row}"


def test_definitions_hold(healthy_avp) -> None:
    r = healthy_avp
    assert r.drop_pct == pytest.approx(100 * (r.rest_mmHg - r.min_mmHg) / r.rest_mmHg)
    sol = r.solution
    p = sol.pressure("ankle")
    t90 = r.exercise_end_s + r.rt90_s
    target = r.min_mmHg + 0.9 * (r.rest_mmHg - r.min_mmHg)
    # RT90 is read between samples: the line between the samples around it reaches the 90 % level
    i = int(np.searchsorted(sol.t, t90))
    assert p[i - 1] < target <= p[i] + 1e-9
    assert np.interp(t90, sol.t[i - 1 : i + 1], p[i - 1 : i + 1]) == pytest.approx(target, abs=1e-9)


def test_reflux_shortens_refill_and_lessens_drop(healthy: ParameterValues, healthy_avp) -> None:
    refluxing = healthy.update({"saphenofemoral_valve.incompetence": 0.6, "gsv_knee_valve.incompetence": 0.6})
    r = ambulatory_venous_pressure(refluxing)
    assert r.rt90_s < healthy_avp.rt90_s
    assert r.drop_pct < healthy_avp.drop_pct


def test_walking_variant_and_errors(healthy: ParameterValues) -> None:
    walk = ambulatory_venous_pressure(healthy, exercise="walk")
    assert walk.min_mmHg < walk.rest_mmHg
    with pytest.raises(ParameterError, match="exercise"):
        ambulatory_venous_pressure(healthy, exercise="jump")
    with pytest.raises(ParameterError, match="recovery_s"):
        ambulatory_venous_pressure(healthy, recovery_s=float("nan"))
    with pytest.raises(CalfpumpError, match="longer recovery_s"):
        ambulatory_venous_pressure(healthy, recovery_s=5.0)
