"""Correctness of results: findings of the numerics review (solver, sampling, batches)."""

from __future__ import annotations

import numpy as np

import calfpump
from calfpump.model import build
from calfpump.parameters import ParameterValues
from calfpump.solver import SolverOptions

WALK = ["Stand for 2 seconds", "Walk at 100 steps/min for 6 seconds"]
SETTLE_S = 10.0


def test_a_person_in_a_batch_gets_the_same_result_as_alone() -> None:
    """A person's numbers must not depend on who else is in the batch: the valve states'
    absolute tolerances are scaled by each person's own valve conductances."""
    healthy = ParameterValues.preset("healthy")
    pt = ParameterValues.preset("post-thrombotic")
    # the two differ in their valves' open conductances (what the valve tolerance is scaled by)
    assert not np.array_equal(build(healthy).valve_conductance, build(pt).valve_conductance)
    alone = calfpump.simulate(WALK, pt, settle_s=SETTLE_S)
    batch = calfpump.simulate_batch(WALK, [healthy, pt], settle_s=SETTLE_S, summaries_only=False)
    assert isinstance(batch, list)
    np.testing.assert_array_equal(batch[1]._data, alone._data)
    assert batch[1].stats == alone.stats
    summary = calfpump.simulate_batch(WALK, [healthy, pt], settle_s=SETTLE_S)
    summary_alone = calfpump.simulate_batch(WALK, [pt], settle_s=SETTLE_S)
    np.testing.assert_array_equal(summary.values[1], summary_alone.values[0])


def test_valve_openings_are_reported_within_zero_and_one() -> None:
    """The integrator's valve states overshoot [0, 1] by up to their tolerance (the model clips
    them wherever it uses them); the reported openings are the clipped ones the flows use."""
    sol = calfpump.simulate(WALK, "healthy", settle_s=SETTLE_S, save_every_s=0.002)
    for valve in sol.network.valves:
        z = sol[f"{valve.name}.opening"]
        assert np.all((z >= 0.0) & (z <= 1.0)), (valve.name, z.min(), z.max())
    table = sol.to_pandas()
    openings = table[[c for c in table.columns if ".opening [" in c]].to_numpy()
    assert openings.min() >= 0.0 and openings.max() <= 1.0
    batch = calfpump.simulate_batch(WALK, ["healthy"], settle_s=SETTLE_S, save_every_s=0.002,
                                    summaries_only=False)
    assert isinstance(batch, list)
    np.testing.assert_array_equal(batch[0]._data, sol._data)


def test_halving_rtol_across_the_auto_switch_does_not_worsen_accuracy() -> None:
    """Below AUTO_RTOL_SWITCH 'auto' runs Dormand-Prince; with the valve states' tolerance at
    1000 * atol its error was dominated by them and halving rtol from 1e-7 to 5e-8 made the
    pressures about 7 times less accurate (2.6e-5 -> 1.7e-4 of peak); the cap is atol for it now
    (solver.VALVE_ATOL_PER_ATOL_DOPRI5)."""
    ref = calfpump.simulate(WALK, "healthy", settle_s=SETTLE_S,
                            options=SolverOptions(rtol=1e-11, atol=1e-11, atol_valve=1e-11))
    errors = []
    for tol in (1e-7, 5e-8):
        sol = calfpump.simulate(WALK, "healthy", settle_s=SETTLE_S,
                                options=SolverOptions(rtol=tol, atol=tol))
        errors.append(max(float(np.max(np.abs(sol.pressure(n) - ref.pressure(n))) / np.max(np.abs(ref.pressure(n))))
                          for n in ref.network.node_names))
    assert errors[1] <= errors[0]
