"""Blood-volume conservation and positivity over whole protocols."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ALL_STEP_KINDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calfpump
from calfpump.parameters import ParameterValues
from calfpump.solution import Solution
from calfpump.tube_law import EPS

REL_TOL = 1e-9


def _max_relative_drift(sol: Solution) -> float:
    b = sol.blood_volume_balance()
    return float(np.max(np.abs(b - b[0])) / abs(b[0]))


def _check_state(sol: Solution) -> None:
    """No NaN anywhere, every volume positive (and above the tube law's EPS region)."""
    for name in sol:
        assert np.all(np.isfinite(sol[name])), name
    for node in sol.network.nodes:
        v = sol.volume(node.name)
        assert np.all(v > 0.0), node.name
        # the module doc of tube_law: accepted steps never reach the linear continuation
        assert np.all(v > EPS * sol.parameters[f"{node.name}.V0_mL"]), node.name
    assert np.all(sol["interstitium.volume"] > 0.0)
    # valve openings live in [0, 1]: the integrator's states may overshoot by their (loose)
    # tolerance, and are reported clipped, as the model uses them
    for lk in sol.network.valves:
        z = sol[f"{lk.name}.opening"]
        assert np.all((z >= 0.0) & (z <= 1.0)), lk.name


@pytest.fixture(scope="module")
def all_kinds(healthy: ParameterValues) -> Solution:
    return calfpump.simulate(list(ALL_STEP_KINDS), healthy)


def test_protocol_has_every_step_kind(all_kinds: Solution) -> None:
    from calfpump.protocol import Lie, LieLegsRaised, Sit, Stand, Tilt, Tiptoe, Walk

    kinds = {type(step) for step in all_kinds.protocol}
    assert kinds == {Lie, LieLegsRaised, Sit, Stand, Tilt, Tiptoe, Walk}


def test_conservation_over_every_step_kind(all_kinds: Solution) -> None:
    assert _max_relative_drift(all_kinds) <= REL_TOL
    _check_state(all_kinds)


def test_balance_terms_are_not_trivial(all_kinds: Solution) -> None:
    # the balance is only a check if blood actually flows in and out
    inflow = all_kinds["boundary.arterial_inflow_cumulative"]
    outflow = all_kinds["boundary.atrial_outflow_cumulative"]
    duration = all_kinds.t[-1] - all_kinds.t[0]
    assert inflow[-1] - inflow[0] > duration * 1.0  # over 1 mL/s of arterial inflow
    assert outflow[-1] - outflow[0] > duration * 1.0
    assert np.all(np.diff(inflow) >= -1e-12)


def test_conservation_with_loose_tolerances(healthy: ParameterValues) -> None:
    # explicit Runge-Kutta keeps linear invariants whatever the tolerance
    opts = calfpump.SolverOptions(rtol=1e-3, atol=1e-3)
    sol = calfpump.simulate(list(ALL_STEP_KINDS[:4]), healthy, options=opts)
    assert _max_relative_drift(sol) <= REL_TOL


VALVES = (
    "popliteal_valve",
    "perforator_valve",
    "saphenofemoral_valve",
    "gsv_knee_valve",
    "femoral_valve",
)


@st.composite
def people(draw: st.DrawFn) -> tuple[dict[str, float], float]:
    changes: dict[str, float] = {
        "calf_strength": draw(st.floats(0.0, 2.0)),
        "calf_pump_peak_mmHg": draw(st.floats(0.0, 300.0)),
        "body_height_cm": draw(st.floats(150.0, 200.0)),
    }
    for valve in VALVES:
        changes[f"{valve}.incompetence"] = draw(st.floats(0.0, 1.0))
    # one stiffness for the lower leg, one for the thigh and trunk
    for group in (
        ("foot", "ankle", "deep_calf", "superficial_calf"),
        ("popliteal", "superficial_thigh", "femoral", "iliac"),
    ):
        k = draw(st.floats(1.0, 10.0))
        kc = draw(st.floats(0.05, 2.0))
        for node in group:
            changes[f"{node}.stiffness_mmHg"] = k
            changes[f"{node}.collapse_stiffness_mmHg"] = kc
    cadence = draw(st.floats(60.0, 140.0))
    return changes, cadence


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
@given(person=people())
def test_conservation_and_positivity_property(healthy: ParameterValues, person) -> None:
    changes, cadence = person
    params = healthy.update(changes)
    protocol = [
        "Lie for 20 seconds",
        "Stand for 20 seconds",
        f"Walk at {cadence:.3f} steps/min for 30 seconds",
        "Tiptoe 5 times at 1 Hz",
        "Sit for 10 seconds",
        "Lie with legs raised 30 degrees for 20 seconds",
    ]
    sol = calfpump.simulate(protocol, params, settle_s=60.0, save_every_s=0.1)
    _check_state(sol)
    assert _max_relative_drift(sol) <= REL_TOL
