"""The solver's numerical shortcuts keep the model's laws (to rounding) and stay in place."""

from __future__ import annotations

import math
import sys

import pytest

from calfpump import _jit, model, solver
from calfpump.gait import cyclic_pulse, half_cosine, raised_cosine
from calfpump.model import NP_INV_V0, NP_V0, build
from calfpump.parameters import ParameterValues
from calfpump.tube_law import (
    collapse_conductance_factor,
    collapse_conductance_factor_rel,
    transmural_pressure,
    transmural_pressure_rel,
)


@pytest.mark.parametrize("v", [1e-4, 0.05, 0.3, 0.99, 1.0, 1.7, 3.0])
@pytest.mark.parametrize("m, n", [(10.0, 1.5), (8.0, 2.0)])
def test_tube_law_of_relative_volume_matches(v: float, m: float, n: float) -> None:
    v0 = 37.0
    x = v * v0 * (1.0 / v0)  # as the model forms it
    ref = transmural_pressure(v * v0, v0, 2.0, 0.5, m, n)
    assert math.isclose(transmural_pressure_rel(x, 2.0, 0.5, m, n), ref, rel_tol=1e-13, abs_tol=1e-13)
    assert math.isclose(
        collapse_conductance_factor_rel(x), collapse_conductance_factor(v * v0, v0), rel_tol=1e-14
    )


def test_build_stores_reciprocal_reference_volume() -> None:
    a = build(ParameterValues.preset("healthy"))
    assert (a.node_p[:, NP_INV_V0] * a.node_p[:, NP_V0] == pytest.approx(1.0, rel=1e-15))


def test_hot_path_compiled_without_reference_counting() -> None:
    # each call of a compiled function that counts references costs an atomic increment and
    # decrement per array argument: the hot path must not (docs/performance.md)
    for f in (solver._integrate, model.evaluate, model.rhs):
        assert f.targetoptions.get("_nrt") is False, f.__name__


def test_pulse_polynomial_matches_the_raised_cosine() -> None:
    # the pump pulses' 0.5 (1 + cos(pi u)) by a polynomial (gait.half_cosine): to rounding
    for k in range(2001):
        u = k / 2000
        assert abs(half_cosine(u) - 0.5 * (1.0 + math.cos(math.pi * u))) <= 3e-16, u
    assert (half_cosine(0.0), half_cosine(0.5), half_cosine(1.0)) == (1.0, 0.5, 0.0)
    # the pulses built on it: C1 at their edges, symmetric, wrapped on the unit circle
    assert raised_cosine(0.6, 0.5, 0.1) == 0.0 and raised_cosine(0.6 - 1e-9, 0.5, 0.1) < 1e-15
    assert cyclic_pulse(0.95, 0.05, 0.2) == pytest.approx(cyclic_pulse(0.15, 0.05, 0.2), abs=1e-15)


def test_lu_factor_and_solve_match_numpy() -> None:
    # the settling's linear algebra (solver._lu_factor, _lu_solve): partial pivoting, in place
    import numpy as np

    rng = np.random.default_rng(3)
    for n in (1, 5, 22):
        a = rng.normal(size=(n, n)) + np.diag(rng.uniform(-3, 3, size=n))
        b = rng.normal(size=n)
        lu = a.copy()
        piv = np.empty(n, dtype=np.int64)
        assert solver._lu_factor(lu, piv)
        x = b.copy()
        solver._lu_solve(lu, piv, x)
        assert np.allclose(x, np.linalg.solve(a, b), rtol=1e-10, atol=1e-12)
    singular = np.zeros((3, 3))
    assert not solver._lu_factor(singular, np.empty(3, dtype=np.int64))


def test_settling_by_ros2_agrees_with_the_explicit_solve() -> None:
    # the settling before t = 0 by the linearly implicit ROS2 (default method) against
    # Dormand-Prince at tight tolerances (which settles explicitly): the same state at t = 0
    import numpy as np

    import calfpump

    for proto in ("Stand for 1 second", "Lie for 1 second", "Sit for 1 second"):
        default = calfpump.simulate(proto, "healthy")
        tight = calfpump.simulate(proto, "healthy", options=solver.SolverOptions(
            rtol=1e-10, atol=1e-10, atol_valve=1e-10, method="dopri5"))
        # about 120-190 steps instead of 1,100-5,200 explicit ones held by stability
        assert default.stats["steps"] < 600, proto
        for node in default.network.node_names:
            p, q = default.pressure(node)[0], tight.pressure(node)[0]
            assert abs(p - q) <= 1e-4 * max(abs(q), 10.0), (proto, node, p, q)
        # the slow interstitial volume to the relative tolerance (2e-6; 6e-5 of 301 mL standing)
        assert np.isclose(default["interstitium.volume"][0], tight["interstitium.volume"][0], rtol=2e-6)


def test_marks_keep_walking_rejections_rare() -> None:
    # under a periodic drive a step that would cross a mark (one period after a rejection)
    # ends on it: a walk's rejected steps fall from about 12 % to about 2 % of the steps
    import calfpump

    sol = calfpump.simulate("Walk at 100 steps/min for 2 minutes", "healthy", save_every_s=1.0)
    assert sol.stats["rejected"] < 0.05 * sol.stats["steps"]


def test_call_with_frame_room_is_the_call() -> None:
    assert _jit.call_with_frame_room(divmod, 7, 2) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        _jit.call_with_frame_room(divmod, 1, 0)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="page-fault counts of Linux")
def test_deep_calls_made_with_frame_room_do_not_map_frame_chunks_over_and_over() -> None:
    # a recursion that goes 400 frames deep and back 300 times: without room on the frame stack
    # it may cross a chunk boundary of CPython's frame stack each time (a fresh chunk mapped and
    # faulted in each time, depending on how deep the caller is); with it, never
    import resource

    def deep(n: int) -> int:
        return 0 if n == 0 else deep(n - 1) + 1

    def many() -> int:
        return sum(deep(400) for _ in range(300))

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    assert _jit.call_with_frame_room(many) == 400 * 300
    assert resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before < 200
