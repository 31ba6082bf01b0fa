"""The topology-specialized kernels (calfpump.kernels) against the generic model functions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import calfpump
from calfpump import _leg_kernels, model, simulation, solver
from calfpump.drive import build_drive
from calfpump.errors import ParameterError
from calfpump.kernels import generate_source, kernels_for, leg_topology, topology_of
from calfpump.network import LEG, Link
from calfpump.parameters import ParameterValues, parameter_specs
from calfpump.protocol import EXAMPLES, as_protocol

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_leg_kernels_are_up_to_date() -> None:
    # a change of the template (kernels.py) must be followed by tools/generate_kernels.py
    shipped = Path(_leg_kernels.__file__).read_text()
    assert shipped == generate_source(leg_topology()), (
        "src/calfpump/_leg_kernels.py is out of date: run python tools/generate_kernels.py"
    )


def test_generator_tool_check_mode_agrees() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_kernels.py"), "--check"],
                         check=False, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_kernels_for_picks_the_specialized_pair_only_for_the_leg() -> None:
    healthy = ParameterValues.preset("healthy")
    assert kernels_for(model.build(healthy)) == (_leg_kernels.rhs, _leg_kernels.evaluate)
    # every preset runs on the default leg, so every preset gets the fast kernels
    for name in calfpump.list_presets():
        assert kernels_for(model.build(ParameterValues.preset(name)))[0] is _leg_kernels.rhs
    net = LEG.with_link(Link("thigh_perforator", "superficial_thigh", "femoral", valved=True))
    extra = {"thigh_perforator.resistance_mmHg_s_mL": 1.0, "thigh_perforator.incompetence": 0.0,
             "thigh_perforator.open_rate": 1.0, "thigh_perforator.close_rate": 1.0}
    params = healthy.with_network(net, extra, {k: "test" for k in extra})
    assert topology_of(model.build(params)) != _leg_kernels.TOPOLOGY
    assert kernels_for(model.build(params)) == (model.rhs, model.evaluate)


def _drive_rows() -> np.ndarray:
    """Every kind of drive row: each example step, after each kind of posture."""
    rows = [build_drive(as_protocol(list(EXAMPLES)), 60.0).table]
    rows.append(build_drive(as_protocol(["Stand for 1 minute", "Swim at 60 kicks/min for 1 minute",
                                         "Lie with legs raised 30 degrees for 1 minute",
                                         "Squeeze calf at 100 mmHg for 3 seconds"]), 60.0).table)
    return np.concatenate(rows)


@pytest.mark.parametrize("preset", ["healthy", "post-thrombotic"])
def test_specialized_kernels_compute_what_the_generic_ones_do(preset: str) -> None:
    params = ParameterValues.preset(preset).update({"stocking_ankle_mmHg": 20.0})
    a = model.build(params)
    rhs_fast, evaluate_fast = kernels_for(a)
    assert rhs_fast is _leg_kernels.rhs
    rng = np.random.default_rng(7)
    n, nv = a.n_nodes, a.n_valves
    v0 = a.node_p[:, model.NP_V0]
    obs_a, obs_b = np.empty(a.n_obs), np.empty(a.n_obs)
    dy_a, dy_b = np.empty(a.n_states), np.empty(a.n_states)
    checked = 0
    for d in _drive_rows():
        span = max(d[1] - d[0], 1e-3)
        # times in the posture ramp, in the squeeze's rise and across pump cycles
        for t in np.concatenate([d[0] + rng.uniform(0.0, min(span, 3.0), 6),
                                 d[0] + rng.uniform(0.0, span, 4)]):
            y = np.empty(a.n_states)
            # volumes from collapsed (below the linear continuation of the tube law) to distended
            y[:n] = v0 * np.exp(rng.uniform(np.log(1e-4), np.log(3.0), n))
            y[n] = rng.uniform(-150.0, 400.0) + a.glob[model.G_VREF]  # interstitial volume
            y[n + 1 : n + 1 + nv] = rng.uniform(-0.1, 1.1, nv)  # valve states, clipped inside
            y[n + 1 + nv] = rng.uniform(0.0, 1.0)  # muscle activity
            y[n + 2 + nv :] = rng.uniform(-10.0, 10.0, 2)
            args = (d, a.node_p, a.link_g, a.valve_p, a.glob, a.node_topo, a.link_topo)
            model.evaluate(t, y, *args, obs_a)
            evaluate_fast(t, y, *args, obs_b)
            np.testing.assert_allclose(obs_b, obs_a, rtol=1e-12, atol=1e-9)
            model.rhs(t, y, *args, a.lymph_target, obs_a, dy_a)
            rhs_fast(t, y, *args, a.lymph_target, obs_b, dy_b)
            scale = np.max(np.abs(dy_a[:n]))
            np.testing.assert_allclose(dy_b[:n], dy_a[:n], rtol=1e-12, atol=1e-12 * scale)
            np.testing.assert_allclose(dy_b[n:], dy_a[n:], rtol=1e-12, atol=1e-12 * scale)
            checked += 1
    assert checked > 150


def test_a_walk_solved_with_either_kernels_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    protocol = ["Stand for 20 seconds", "Walk at 100 steps/min for 30 seconds", "Stand for 10 seconds"]
    fast = calfpump.simulate(protocol, "deep-reflux")
    monkeypatch.setattr(simulation, "kernels_for", lambda a: (model.rhs, model.evaluate))
    generic = calfpump.simulate(protocol, "deep-reflux")
    for node in fast.network.node_names:
        p_fast, p_gen = fast.pressure(node), generic.pressure(node)
        # both within the solver's tolerance of the exact solution; they differ only by rounding
        # in the error estimate, which may move a step
        assert np.max(np.abs(p_fast - p_gen)) <= 1e-3 * np.max(np.abs(p_gen)), node


def test_a_second_process_finds_the_compiled_integrator_in_the_cache(tmp_path: Path) -> None:
    # the integrator takes the kernels as arguments; without a stable identity for them numba
    # would never find its cached compilation again and every process would compile anew
    # (about 35 s; _jit.stable_cache_identity)
    code = "import calfpump; calfpump.simulate('Walk at 100 steps/min for 3 seconds', settle_s=1.0)"
    calfpump.simulate("Walk at 100 steps/min for 3 seconds", settle_s=1.0)  # compiled and cached here
    # the second process imports this very calfpump (a relative PYTHONPATH such as "src" would
    # not reach it from tmp_path, and an installed copy would answer instead)
    package_parent = str(Path(calfpump.__file__).resolve().parents[1])
    env = {**os.environ, "NUMBA_DEBUG_CACHE": "1",
           "PYTHONPATH": os.pathsep.join([package_parent, os.environ.get("PYTHONPATH", "")])}
    where = "; import pathlib; print('FROM', pathlib.Path(calfpump.__file__).resolve())"
    out = subprocess.run([sys.executable, "-c", code + where],
                         check=False, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
    assert f"FROM {Path(calfpump.__file__).resolve()}" in out.stdout
    saved = [line for line in out.stdout.splitlines() if "saved" in line]
    assert not saved, "a second process compiled again:\n" + "\n".join(saved)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_specialized_kernels_agree_over_the_documented_parameter_ranges(data: st.DataObject) -> None:
    # any parameter set within the documented ranges (several parameters at once, edges
    # included) gives the same derivatives and observations from either kernel pair
    specs = parameter_specs(LEG)
    names = data.draw(st.lists(st.sampled_from(sorted(specs)), min_size=1, max_size=8, unique=True))
    changes = {}
    for name in names:
        lo, hi = specs[name].low, specs[name].high
        changes[name] = data.draw(st.one_of(st.sampled_from([lo, hi]),
                                            st.floats(lo, hi, allow_nan=False)))
    try:
        params = ParameterValues.preset("healthy").update(changes)
        a = model.build(params)
    except ParameterError:
        return  # an impossible combination (landmark heights), refused with a clear error
    d = data.draw(st.sampled_from(list(_drive_rows())))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    n, nv = a.n_nodes, a.n_valves
    y = np.empty(a.n_states)
    y[:n] = a.node_p[:, model.NP_V0] * np.exp(rng.uniform(np.log(1e-3), np.log(2.0), n))
    y[n] = a.glob[model.G_VREF] + rng.uniform(-100.0, 300.0)
    y[n + 1 : n + 1 + nv] = rng.uniform(0.0, 1.0, nv)
    y[n + 1 + nv :] = rng.uniform(0.0, 1.0, 3)
    t = d[0] + rng.uniform(0.0, min(d[1] - d[0], 5.0))
    args = (d, a.node_p, a.link_g, a.valve_p, a.glob, a.node_topo, a.link_topo)
    obs_a, obs_b = np.empty(a.n_obs), np.empty(a.n_obs)
    dy_a, dy_b = np.empty(a.n_states), np.empty(a.n_states)
    model.rhs(t, y, *args, a.lymph_target, obs_a, dy_a)
    _leg_kernels.rhs(t, y, *args, a.lymph_target, obs_b, dy_b)
    assert np.all(np.isfinite(dy_a))
    scale = np.max(np.abs(dy_a[:n]))
    np.testing.assert_allclose(dy_b, dy_a, rtol=1e-12, atol=1e-12 * scale)
    model.evaluate(t, y, *args, obs_a)
    _leg_kernels.evaluate(t, y, *args, obs_b)
    np.testing.assert_allclose(obs_b, obs_a, rtol=1e-12, atol=1e-9)


def test_the_kernels_are_compiled_ahead_with_the_signatures_the_integrator_uses() -> None:
    # calfpump._compile_ahead compiles evaluate in a second process for the argument types that
    # solver._kernel_signatures predicts; a wrong guess would only compile it twice, so check it
    calfpump.simulate("Walk at 100 steps/min for 3 seconds", settle_s=1.0)
    a = model.build(ParameterValues.preset("healthy"))
    one = lambda x: np.asarray(x)[None]
    sigs = solver._kernel_signatures(
        one(np.zeros(a.n_states)), np.zeros((3, model.D_NCOL)), one(a.node_p), one(a.link_g),
        one(a.valve_p), one(a.glob), a.node_topo, a.link_topo, a.lymph_target, np.zeros(4),
    )
    assert sigs is not None
    for kernel, sig in zip(kernels_for(a), sigs, strict=True):
        # what this process compiled and what numba's cache holds (where the integrator was
        # loaded from the cache, the kernels were never compiled here; numba's private index)
        # (other callers, tests and the SciPy reference, add signatures of their own)
        known = set(kernel.signatures) | {key[0] for key in kernel._cache._cache_file._load_index()}
        assert sig in known, f"{kernel.__name__}: guessed {sig}, compiled {known}"


def test_a_second_process_compiles_ahead_into_the_cache(tmp_path: Path) -> None:
    # two small cached functions stand in for the kernels: the second is compiled by the helper
    # process into a fresh cache, and this process then loads it from there
    code = (
        "from numba import types\n"
        "from calfpump import _compile_ahead, model, tube_law\n"
        "f8, i8 = types.float64, types.int64\n"
        "used = _compile_ahead.compile_kernels(model.obs_offsets, tube_law.volume_at_pressure,\n"
        "                                      (i8, i8), (f8,) * 6)\n"
        "assert used\n"
        "assert model.obs_offsets.signatures == [(i8, i8)]\n"
        "assert not tube_law.volume_at_pressure.signatures\n"
        "tube_law.volume_at_pressure.compile((f8,) * 6)\n"
        "assert tube_law.volume_at_pressure.stats.cache_hits, 'not found in the cache'\n"
        "again = _compile_ahead.compile_kernels(model.obs_offsets, tube_law.volume_at_pressure,\n"
        "                                       (i8, i8), (f8,) * 6)\n"
        "assert not again  # nothing cold: no second process\n"
    )
    # this calfpump, whatever the working folder (a relative PYTHONPATH would not reach it)
    path = os.pathsep.join([str(Path(calfpump.__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba"), "CALFPUMP_COMPILE_AHEAD": "1",
           "PYTHONPATH": path}
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                         cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stderr
