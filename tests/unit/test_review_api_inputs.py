"""The Python API at its edges (third input review): simulate, simulate_batch, SolverOptions,
simulate_day and its helpers, solve_with_scipy, the Solution and BatchSummary accessors,
ParameterValues and kernels_for.

Each test names an input that used to pass silently (a wrong result), crash deep inside
NumPy, numba or SciPy, or read memory out of bounds, and checks the clear error it gets now.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

import calfpump
from calfpump import LEG, Link, ParameterValues, SolverOptions
from calfpump.day import day_protocol, simulate_day, typical_day
from calfpump.errors import ParameterError
from calfpump.kernels import kernels_for
from calfpump.network import Network
from calfpump.protocol import Stand
from calfpump.reference import solve_with_scipy

SHORT = "Stand for 2 seconds"


# ---------------------------------------------------------------- simulate: save_at_s


@pytest.mark.parametrize(
    ("times", "shown"),
    [
        (["1", "2"], "'1' (str)"),  # NumPy reads text as numbers
        (np.array(["1", "2"]), "'1' (str)"),
        ([b"1"], "b'1' (bytes)"),
        (np.array([1 + 1j, 2]), "(1+1j) (complex)"),  # NumPy keeps the real part, with a warning
        (np.array([1, 2], dtype="m8[s]"), "timedelta"),  # NumPy reads time spans as numbers
        (np.array([1, 2], dtype="M8[s]"), "datetime"),
        ([None], "None (NoneType)"),
    ],
)
def test_sample_times_that_are_not_numbers_are_refused_by_place(healthy: ParameterValues, times: object,
                                                               shown: str) -> None:
    with pytest.raises(ParameterError, match=r"save_at_s\[0\] = .*is not a number") as err:
        calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=times)
    assert shown in str(err.value)


@pytest.mark.parametrize("times", [{1.0, 2.0}, (t for t in (1.0, 2.0)), 1.0, np.float64(1.0), b"12"])
def test_sample_times_must_be_a_sequence(healthy: ParameterValues, times: object) -> None:
    with pytest.raises(ParameterError, match="save_at_s must be a 1-D sequence of times in s"):
        calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=times)


@pytest.mark.parametrize(("times", "bad"), [([1.0, math.nan], r"save_at_s\[1\] = nan s"),
                                            ([1.0, 2.0000001], r"save_at_s\[1\] = 2.0000001 s")])
def test_a_bad_sample_time_is_named_with_its_place_and_value(healthy: ParameterValues, times: list[float],
                                                             bad: str) -> None:
    with pytest.raises(ParameterError, match=bad + ": save_at_s must lie within the protocol, 0 to 2 s"):
        calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=times)


def test_sample_times_come_in_order_once_and_never_as_minus_zero(healthy: ParameterValues) -> None:
    sol = calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=[1.5, -0.0, 0.5, 1.5])
    assert sol.t.tolist() == [0.0, 0.5, 1.5, 2.0]
    assert not np.signbit(sol.t).any()
    ok = calfpump.simulate(SHORT, healthy, settle_s=0.0, save_at_s=pd.Series([0.5, 1.0]))
    assert ok.t.tolist() == [0.0, 0.5, 1.0, 2.0]


# ---------------------------------------------------------------- simulate: settle_s, options


@pytest.mark.parametrize("settle_s", [1e-300, 5e-324, 1e-11])
def test_a_settling_shorter_than_the_minimum_step_is_a_parameter_error(healthy: ParameterValues,
                                                                       settle_s: float) -> None:
    """It used to end in a SolverError at t = -settle_s ('the step size fell below its minimum')."""
    with pytest.raises(ParameterError, match=r"settle_s = .* is shorter than SolverOptions\.min_step_s"):
        calfpump.simulate(SHORT, healthy, settle_s=settle_s)


def test_a_settling_of_zero_or_the_minimum_step_still_runs(healthy: ParameterValues) -> None:
    for settle_s in (0.0, 1e-10):
        assert calfpump.simulate(SHORT, healthy, settle_s=settle_s).t[-1] == 2.0


@pytest.mark.parametrize(
    "kwargs",
    [{"min_step_s": 1.0, "max_step_rest_s": 0.1}, {"min_step_s": 0.1, "max_step_active_s": 0.01},
     {"min_step_s": 0.002}, {"min_step_s": 1e300}],
)
def test_a_minimum_step_over_the_first_or_largest_step_is_refused(kwargs: dict) -> None:
    """Every run with such options stopped at once with a misleading SolverError."""
    with pytest.raises(ParameterError, match=r"SolverOptions\.min_step_s = .* must be at most"):
        SolverOptions(**kwargs)


@pytest.mark.parametrize("rtol", [0.5, 10.0, 1e300])
def test_a_relative_tolerance_that_controls_nothing_is_refused(rtol: float) -> None:
    """rtol = 10 gave a standing foot pressure of 108 mmHg instead of 91, silently."""
    with pytest.raises(ParameterError, match=r"SolverOptions\.rtol = .* must be at most 0\.1"):
        SolverOptions(rtol=rtol)


def test_the_loosest_options_still_run(healthy: ParameterValues) -> None:
    opts = SolverOptions(rtol=0.1, min_step_s=1e-3)
    assert calfpump.simulate(SHORT, healthy, settle_s=1.0, options=opts).t[-1] == 2.0


def test_a_huge_step_cap_rate_means_no_cap_not_an_overflow(healthy: ParameterValues) -> None:
    """max_steps_per_s = 1e300 was an OverflowError from int() in simulate and simulate_day."""
    opts = SolverOptions(max_steps_per_s=1e300)
    assert calfpump.simulate(SHORT, healthy, settle_s=1.0, options=opts).t[-1] == 2.0
    assert len(simulate_day(["Stand for 1 minute"], healthy, method="full", options=opts).minutes) == 1


# ---------------------------------------------------------------- simulate_batch


@pytest.mark.parametrize("flag", ["no", None, 0, 1])
def test_summaries_only_must_be_true_or_false(healthy: ParameterValues, flag: object) -> None:
    """'no' used to mean summaries (truthy), None full traces."""
    with pytest.raises(ParameterError, match="summaries_only = .* must be True or False"):
        calfpump.simulate_batch(SHORT, [healthy], settle_s=0.0, summaries_only=flag)  # type: ignore[arg-type]


def _flipped_foot(healthy: ParameterValues) -> ParameterValues:
    """The healthy values on a leg whose foot node is not hyperaemic: same links, other kinds."""
    nodes = tuple(dataclasses.replace(n, hyperaemic=not n.hyperaemic) if n.name == "foot" else n
                  for n in LEG.nodes)
    return ParameterValues(dict(healthy), network=Network(nodes, LEG.links, name="flipped",
                                                          lymph_target=LEG.lymph_target))


def test_a_batch_on_networks_that_differ_in_node_kinds_is_refused(healthy: ParameterValues) -> None:
    """The batch ran everyone with the first person's compiled kernels, so the second person's
    foot was computed as the first one's, silently (another foot pressure than alone)."""
    with pytest.raises(ParameterError, match="person 1 is on network 'flipped'"):
        calfpump.simulate_batch(SHORT, [healthy, _flipped_foot(healthy)], settle_s=0.0)


def test_a_batch_on_networks_with_other_names_is_refused(healthy: ParameterValues) -> None:
    """The quantities were labelled with the first person's node names."""
    def rename(name: str) -> str:
        return "heel" if name == "foot" else name

    nodes = tuple(dataclasses.replace(n, name=rename(n.name)) for n in LEG.nodes)
    links = tuple(dataclasses.replace(lk, up=rename(lk.up), down=rename(lk.down)) for lk in LEG.links)
    net = Network(nodes, links, name="renamed", lymph_target=LEG.lymph_target)
    values = {("heel." + k[5:] if k.startswith("foot.") else k): v for k, v in healthy.items()}
    with pytest.raises(ParameterError, match="person 1 is on network 'renamed'"):
        calfpump.simulate_batch(SHORT, [healthy, ParameterValues(values, network=net)], settle_s=0.0)


def test_a_batch_of_copies_of_one_network_still_runs(healthy: ParameterValues) -> None:
    other = ParameterValues(dict(healthy), network=dataclasses.replace(LEG))
    res = calfpump.simulate_batch(SHORT, [healthy, other], settle_s=0.0)
    assert res.values.shape[0] == 2
