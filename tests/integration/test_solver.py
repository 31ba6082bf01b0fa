"""The compiled Dormand-Prince solver: accuracy against SciPy, batches, summaries, failures."""

from __future__ import annotations

import dataclasses
import math
import time
import warnings

import numpy as np
import pytest
from conftest import ALL_STEP_KINDS

import calfpump
from calfpump import simulation, solver
from calfpump.errors import SolverError
from calfpump.parameters import ParameterValues
from calfpump.reference import settled_state, solve_with_scipy
from calfpump.solution import FOOT_NODE, Solution
from calfpump.solver import SolverOptions

SHORT_WALK = ["Stand for 5 seconds", "Walk at 100 steps/min for 10 seconds"]
SETTLE_S = 30.0

OPTION_FIELDS = tuple(f.name for f in dataclasses.fields(SolverOptions))


def _tight(tol: float) -> SolverOptions:
    """Options with every tolerance (including the valve-state one, if any) set to ``tol``."""
    return SolverOptions(
        **{name: tol for name in ("rtol", "atol", "atol_valve") if name in OPTION_FIELDS}
    )


def _n_states(sol: Solution) -> int:
    return len(sol.network.nodes) + len(sol.network.valves) + 4


def _states(sol: Solution) -> np.ndarray:
    return sol._data[:, : _n_states(sol)]


# ---------------------------------------------------------------- agreement with SciPy Radau


@pytest.fixture(scope="module")
def y0(healthy: ParameterValues) -> np.ndarray:
    return settled_state(SHORT_WALK, healthy, settle_s=SETTLE_S)


@pytest.fixture(scope="module")
def radau(healthy: ParameterValues, y0: np.ndarray) -> Solution:
    with warnings.catch_warnings():
        # Radau's finite-difference Jacobian overflows harmlessly in scipy's internals
        warnings.simplefilter("ignore", RuntimeWarning)
        return solve_with_scipy(
            SHORT_WALK, healthy, method="Radau", rtol=1e-9, atol=1e-9, settle_s=SETTLE_S, y0=y0
        )


def _worst_relative_pressure_error(sol: Solution, ref: Solution) -> dict[str, float]:
    assert np.array_equal(sol.t, ref.t)
    assert np.array_equal(sol.sample_step, ref.sample_step)
    out = {}
    for node in sol.network.node_names:
        p, r = sol.pressure(node), ref.pressure(node)
        assert np.all(np.isfinite(r)), node
        out[node] = float(np.max(np.abs(p - r)) / np.max(np.abs(r)))
    return out


@pytest.mark.parametrize(
    ("options", "tol"),
    [
        pytest.param(SolverOptions(rtol=1e-8, atol=1e-8), 1e-4, id="tight"),
        # every tolerance tight, the valve states' included: much closer still
        pytest.param(_tight(1e-9), 1e-5, id="all-tight"),
        pytest.param(SolverOptions(), 1e-3, id="default"),
    ],
)
def test_agrees_with_scipy_radau(
    healthy: ParameterValues, radau: Solution, y0: np.ndarray, options: SolverOptions, tol: float
) -> None:
    sol = calfpump.simulate(SHORT_WALK, healthy, options=options, settle_s=SETTLE_S)
    # both start from the same settled state (to the accuracy of the settling run)
    assert np.allclose(_states(sol)[0], y0, rtol=1e-4, atol=1e-4)
    errors = _worst_relative_pressure_error(sol, radau)
    assert max(errors.values()) <= tol, errors


def test_reference_walk_actually_pumps(radau: Solution) -> None:
    # a meaningful comparison: the calf pump works in the reference trace
    walking = radau.sample_step == 1
    assert np.max(radau["pump.calf"][walking]) > 100.0
    standing = radau.sample_step == 0
    assert np.mean(radau.pressure(FOOT_NODE)[walking]) < np.mean(
        radau.pressure(FOOT_NODE)[standing]
    )


def test_tighter_tolerance_is_closer(healthy: ParameterValues, radau: Solution) -> None:
    loose = calfpump.simulate(
        SHORT_WALK, healthy, settle_s=SETTLE_S, options=SolverOptions(rtol=1e-4, atol=1e-4)
    )
    tight = calfpump.simulate(SHORT_WALK, healthy, settle_s=SETTLE_S, options=_tight(1e-8))
    assert max(_worst_relative_pressure_error(tight, radau).values()) < max(
        _worst_relative_pressure_error(loose, radau).values()
    )


# ---------------------------------------------------------------- batches

BATCH_PROTOCOL = [
    "Stand for 20 seconds",
    "Walk at 100 steps/min for 20 seconds",
    "Tiptoe 5 times at 1 Hz",
]


@pytest.fixture(scope="module")
def batch_people(healthy: ParameterValues) -> list[ParameterValues]:
    return [
        healthy,
        healthy.update({"calf_strength": 0.6}, name="weak calf"),
        healthy.update(
            {"popliteal_valve.incompetence": 0.4, "body_height_cm": 160.0}, name="reflux"
        ),
    ]


@pytest.fixture(scope="module")
def singles(batch_people: list[ParameterValues]) -> list[Solution]:
    return [calfpump.simulate(BATCH_PROTOCOL, p, settle_s=SETTLE_S) for p in batch_people]


def test_batch_traces_equal_single_runs(
    batch_people: list[ParameterValues], singles: list[Solution]
) -> None:
    batch = calfpump.simulate_batch(
        BATCH_PROTOCOL, batch_people, settle_s=SETTLE_S, summaries_only=False
    )
    assert isinstance(batch, list) and len(batch) == 3
    for got, want, person in zip(batch, singles, batch_people, strict=True):
        assert got.parameters is person
        np.testing.assert_array_equal(got.t, want.t)
        np.testing.assert_array_equal(got.sample_step, want.sample_step)
        assert not np.any(np.isnan(got._data))
        np.testing.assert_allclose(got._data, want._data, rtol=1e-12, atol=1e-12)
        assert got.stats == want.stats
    # the people differ, so this is not comparing one trace with itself
    assert not np.allclose(singles[0].pressure(FOOT_NODE), singles[1].pressure(FOOT_NODE))


def test_summaries_equal_step_statistics_of_the_trace(
    batch_people: list[ParameterValues], singles: list[Solution]
) -> None:
    summary = calfpump.simulate_batch(BATCH_PROTOCOL, batch_people, settle_s=SETTLE_S)
    assert isinstance(summary, calfpump.BatchSummary)
    n_steps = len(BATCH_PROTOCOL)
    for stat in ("mean", "min", "max", "end"):
        assert summary.get(f"{FOOT_NODE}.pressure", stat).shape == (3, n_steps)
    calf_nodes = [n.name for n in batch_people[0].network.nodes if n.calf]
    calf_end = sum(summary.get(f"{n}.volume", "end") for n in calf_nodes)
    for p, sol in enumerate(singles):
        rows = sol.step_summary()
        assert len(rows) == n_steps
        for k, row in enumerate(rows):
            assert row["step"] == BATCH_PROTOCOL[k]
            assert summary.get(f"{FOOT_NODE}.pressure", "mean")[p, k] == pytest.approx(
                row["foot_mean_mmHg"], rel=1e-12
            )
            assert summary.get(f"{FOOT_NODE}.pressure", "min")[p, k] == pytest.approx(
                row["foot_min_mmHg"], rel=1e-12
            )
            assert summary.get(f"{FOOT_NODE}.pressure", "end")[p, k] == pytest.approx(
                row["foot_end_mmHg"], rel=1e-12
            )
            assert calf_end[p, k] == pytest.approx(row["calf_volume_end_mL"], rel=1e-12)
        # every summarised quantity against the trace
        for q, name in enumerate(summary.quantities):
            series = sol[name]
            for k in range(n_steps):
                v = series[sol.sample_step == k]
                want = (v.mean(), v.min(), v.max(), v[-1])
                np.testing.assert_allclose(
                    summary.values[p, k, q],
                    want,
                    rtol=1e-12,
                    atol=1e-12,
                    err_msg=f"{name} step {k}",
                )


def test_one_person_runs_the_batch_code_directly(monkeypatch: pytest.MonkeyPatch) -> None:
    # solver.integrate runs a batch of one by integrate_person, not through the parallel loop
    # (a fresh install then never compiles the loop for calfpump demo); the same compiled code
    direct = calfpump.simulate(SHORT_WALK, "deep-reflux", settle_s=SETTLE_S)
    monkeypatch.setattr(simulation, "integrate", solver.integrate_batch)
    looped = calfpump.simulate(SHORT_WALK, "deep-reflux", settle_s=SETTLE_S)
    np.testing.assert_array_equal(direct._data, looped._data)
    assert direct.stats == looped.stats


def test_batch_summary_table(batch_people: list[ParameterValues]) -> None:
    summary = calfpump.simulate_batch(BATCH_PROTOCOL, batch_people[:2], settle_s=SETTLE_S)
    table = summary.to_pandas()
    assert set(table.columns) >= {"person", "step", "quantity", "mean", "min", "max", "end"}
    assert len(table) == 2 * len(BATCH_PROTOCOL) * len(summary.quantities)
    with pytest.raises(KeyError, match="nope"):
        summary.get("nope", "mean")
    with pytest.raises(KeyError, match="median"):
        summary.get(f"{FOOT_NODE}.pressure", "median")


# ---------------------------------------------------------------- steps and samples


@pytest.fixture(scope="module")
def all_kinds(healthy: ParameterValues) -> Solution:
    return calfpump.simulate(list(ALL_STEP_KINDS), healthy)


def test_every_step_starts_and_ends_with_a_sample(all_kinds: Solution) -> None:
    starts = all_kinds.protocol.start_times_s
    for k, step in enumerate(all_kinds.protocol):
        t = all_kinds.t[all_kinds.sample_step == k]
        assert t[0] == pytest.approx(starts[k], abs=1e-12)
        assert t[-1] == pytest.approx(starts[k] + step.duration_s, abs=1e-12)
        assert np.all(np.diff(t) > 0.0)


def test_continuity_across_steps(all_kinds: Solution) -> None:
    states = _states(all_kinds)
    for k in range(len(all_kinds.protocol) - 1):
        last = np.flatnonzero(all_kinds.sample_step == k)[-1]
        first = np.flatnonzero(all_kinds.sample_step == k + 1)[0]
        assert all_kinds.t[last] == pytest.approx(all_kinds.t[first], abs=1e-12)
        np.testing.assert_allclose(
            states[first],
            states[last],
            rtol=1e-9,
            atol=1e-9,
            err_msg=f"jump between step {k} and {k + 1}",
        )


def test_step_end_sampled_for_inexact_durations(healthy: ParameterValues) -> None:
    sol = calfpump.simulate(
        ["Tiptoe 20 times at 3 Hz", "Stand for 1 second"], healthy, settle_s=10.0
    )
    starts = sol.protocol.start_times_s
    for k, step in enumerate(sol.protocol):
        t = sol.t[sol.sample_step == k]
        assert t[-1] == pytest.approx(starts[k] + step.duration_s, abs=1e-9)


def test_sample_times(healthy: ParameterValues) -> None:
    sol = calfpump.simulate(
        ["Stand for 2 seconds", "Lie for 1 second"], healthy, save_every_s=0.5, settle_s=5.0
    )
    np.testing.assert_allclose(sol.t, [0.0, 0.5, 1.0, 1.5, 2.0, 2.0, 2.5, 3.0])
    np.testing.assert_array_equal(sol.sample_step, [0, 0, 0, 0, 0, 1, 1, 1])


# ---------------------------------------------------------------- failures and options


def test_step_cap_raises_solver_error_not_a_hang(healthy: ParameterValues) -> None:
    start = time.perf_counter()
    with pytest.raises(SolverError) as info:
        calfpump.simulate(
            ["Walk at 100 steps/min for 3 minutes"],
            healthy,
            settle_s=0.0,
            options=SolverOptions(max_steps_per_s=0.01),
        )
    assert time.perf_counter() - start < 30.0
    msg = str(info.value)
    assert "t = " in msg and " s " in msg
    assert "step 1" in msg
    assert "Walk at 100 steps/min for 3 minutes" in msg
    assert "step" in msg.replace("step 1", "")  # also says what failed (the step-count cap)


def test_step_cap_in_settling_is_reported(healthy: ParameterValues) -> None:
    with pytest.raises(SolverError) as info:
        calfpump.simulate(
            ["Walk at 100 steps/min for 1 minute"],
            healthy,
            settle_s=3000.0,
            options=SolverOptions(max_steps_per_s=0.01, max_step_rest_s=0.01),
        )
    msg = str(info.value)
    assert "t = -" in msg
    assert "settling" in msg
    assert "step" in msg


def test_batch_error_names_the_person(healthy: ParameterValues) -> None:
    with pytest.raises(SolverError, match="person 0"):
        calfpump.simulate_batch(
            ["Walk at 100 steps/min for 3 minutes"],
            [healthy, healthy],
            settle_s=0.0,
            options=SolverOptions(max_steps_per_s=0.01),
        )


@pytest.mark.parametrize("field", OPTION_FIELDS)
@pytest.mark.parametrize("value", [0.0, -1.0, math.nan, math.inf, -math.inf, "1e-6", None])
def test_solver_options_refuse_bad_values(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        SolverOptions(**{field: value})


def test_solver_options_defaults_and_immutability() -> None:
    opts = SolverOptions()
    assert opts.rtol > 0 and opts.atol > 0
    with pytest.raises(AttributeError):
        opts.rtol = 1.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="rtol"):
        SolverOptions(rtol=1e-16)


def test_solve_rejects_bad_sampling(healthy: ParameterValues) -> None:
    with pytest.raises(calfpump.ParameterError, match="save_every_s"):
        calfpump.simulate("Stand for 1 second", healthy, save_every_s=0.0)
    with pytest.raises(calfpump.ParameterError, match="settle_s"):
        calfpump.simulate("Stand for 1 second", healthy, settle_s=math.nan)


def test_save_at_chosen_times_matches_uniform_grid(healthy: ParameterValues) -> None:
    protocol = ["Stand for 10 seconds", "Walk at 100 steps/min for 10 seconds"]
    uniform = calfpump.simulate(protocol, healthy, settle_s=10.0)
    chosen = calfpump.simulate(protocol, healthy, settle_s=10.0, save_at_s=[2.5, 13.05, 17.5])
    assert set(np.round(chosen.t, 9)) == {0.0, 2.5, 10.0, 13.05, 17.5, 20.0}
    for t in (2.5, 13.05, 17.5):
        i = int(np.flatnonzero(np.isclose(uniform.t, t))[0])
        j = int(np.flatnonzero(np.isclose(chosen.t, t))[0])
        assert chosen.pressure("ankle")[j] == pytest.approx(uniform.pressure("ankle")[i], rel=1e-9)


def test_save_at_outside_protocol_is_refused(healthy: ParameterValues) -> None:
    with pytest.raises(calfpump.ParameterError, match="within the protocol"):
        calfpump.simulate("Stand for 10 seconds", healthy, settle_s=0.0, save_at_s=[11.0])


def test_external_pressures_carry_across_steps(healthy: ParameterValues) -> None:
    """Water and a held squeeze continue across consecutive steps; no posture passes head-down."""
    swims = calfpump.simulate(["Swim for 20 seconds", "Swim at 80 kicks/min for 20 seconds"], healthy, settle_s=10.0)
    ext = swims["superficial_thigh.external_pressure"]
    boundary = np.flatnonzero(np.isclose(swims.t, 20.0))
    assert np.ptp(ext[boundary[0] - 2 : boundary[-1] + 3]) < 1e-9
    squeezes = calfpump.simulate(
        ["Stand for 5 seconds", "Squeeze calf at 100 mmHg for 2 seconds", "Squeeze calf at 100 mmHg for 2 seconds"],
        healthy, settle_s=10.0,
    )
    held = squeezes.t >= 6.0
    assert squeezes["deep_calf.external_pressure"][held].min() > 100.0
    into_water = calfpump.simulate(["Stand for 10 seconds", "Swim for 10 seconds"], healthy, settle_s=10.0)
    assert into_water["ankle.height"].max() < 0.0  # the legs never rise above the heart
