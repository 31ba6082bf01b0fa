"""Correctness of results: findings of the numerics review (solver, sampling, batches)."""

from __future__ import annotations

import numpy as np

import calfpump
from calfpump.model import build
from calfpump.parameters import ParameterValues

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
