"""Speed and accuracy of the compiled solver, measured side by side in one run.

    python benchmarks/solver.py [--people 256] [--minutes 10] [--lsoda-people 3]

Prints, for a 10-minute walk (100 steps/min, after the default settling):

* the compiled batch (people in parallel threads, summaries only): wall time
  per person;
* scipy ``solve_ivp`` LSODA with the same right-hand side (a Python call per
  evaluation), same tolerances, same work (settling included), on a few people
  of the same batch: wall time per person;
* one person alone: ``calfpump.simulate(protocol, "healthy")`` with its full
  trace (every 0.05 s), the "under 0.1 s once compiled" figure (median and
  best of several runs), with its step count and the time per right-hand side;
* the error of the default tolerances against a tight solve (compiled,
  Dormand-Prince, rtol = atol = atol_valve = 1e-10; the test suite checks that solve against scipy Radau at
  rtol 1e-9), as the maximum over nodes of max|dP| / max|P|;
* the time a fresh process needs for its first simulation with a warm cache;
* the cost of one right-hand side, generic (:func:`calfpump.model.rhs`, loops over the
  network) against the one specialized to the default leg's topology
  (:mod:`calfpump.kernels`), on the states of a walk.

The last line reads ``speedup_vs_scipy_lsoda: <ratio>``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import numba
import numpy as np
from numba import njit

import calfpump
from calfpump import model
from calfpump._jit import JIT_NO_NRT
from calfpump.drive import build_drive
from calfpump.kernels import kernels_for
from calfpump.protocol import as_protocol
from calfpump.reference import solve_with_scipy
from calfpump.solver import BS23, SolverOptions, absolute_tolerances


def people(n: int, seed: int = 1) -> list[calfpump.ParameterValues]:
    """A varied batch: strength, pump peak, height, vein stiffness, valve competence."""
    rng = np.random.default_rng(seed)
    base = calfpump.ParameterValues.preset("healthy")
    out = []
    for i in range(n):
        ch = {
            "calf_strength": rng.uniform(0.6, 1.3),
            "calf_pump_peak_mmHg": rng.uniform(120, 240),
            "body_height_cm": rng.uniform(155, 195),
            "deep_calf.stiffness_mmHg": rng.uniform(2.0, 4.5),
            "popliteal_valve.incompetence": rng.uniform(0.0, 0.2),
            "gsv_knee_valve.incompetence": rng.uniform(0.0, 0.3),
        }
        out.append(base.update(ch, name=f"person-{i}"))
    return out


def max_rel_pressure_error(a: calfpump.Solution, b: calfpump.Solution) -> float:
    errs = []
    for node in a.network.node_names:
        pa, pb = a.pressure(node), b.pressure(node)
        errs.append(np.max(np.abs(pa - pb)) / max(np.max(np.abs(pb)), 1e-12))
    return float(max(errs))


def first_simulation_in_fresh_process() -> float:
    code = (
        "import time; t0 = time.perf_counter(); import calfpump; "
        "calfpump.simulate('Walk at 100 steps/min for 10 seconds'); "
        "print(time.perf_counter() - t0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


@njit(**{k: v for k, v in JIT_NO_NRT.items() if k != "cache"})
def _call_rhs(rhs_fn, ys, ts, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target,
              obs, dy, reps):
    acc = 0.0
    for _ in range(reps):
        for i in range(ys.shape[0]):
            rhs_fn(ts[i], ys[i], d, node_p, link_g, valve_p, glob, node_topo, link_topo,
                   lymph_target, obs, dy)
            acc += dy[0]
    return acc


def rhs_cost_ns() -> tuple[float, float]:
    """ns per right-hand side: generic and specialized kernels, alternating, best of 15."""
    params = calfpump.ParameterValues.preset("healthy")
    a = model.build(params)
    sol = calfpump.simulate("Walk at 100 steps/min for 10 seconds", params)
    ys = np.ascontiguousarray(sol._data[:, : a.n_states])  # the raw rows: states first
    d = np.ascontiguousarray(build_drive(as_protocol("Walk at 100 steps/min for 10 seconds"), 60.0).table[1])
    obs, dy = np.empty(a.n_obs), np.empty(a.n_states)
    rest = (ys, np.ascontiguousarray(sol.t), d, a.node_p, a.link_g, a.valve_p, a.glob, a.node_topo, a.link_topo,
            a.lymph_target, obs, dy)
    pairs = [model.rhs, kernels_for(a)[0]]
    for f in pairs:
        _call_rhs(f, *rest, 1)  # compile
    best = [np.inf, np.inf]
    reps = 20
    for _ in range(15):
        for k, f in enumerate(pairs):
            t0 = time.perf_counter()
            _call_rhs(f, *rest, reps)
            best[k] = min(best[k], time.perf_counter() - t0)
    n_calls = reps * ys.shape[0]
    return best[0] / n_calls * 1e9, best[1] / n_calls * 1e9


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=256)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--lsoda-people", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=7, help="runs of the one-person figure")
    args = ap.parse_args()
    protocol = f"Walk at 100 steps/min for {args.minutes:g} minutes"
    opts = SolverOptions()
    batch = people(args.people)
    print(f"machine: {os.cpu_count()} cores; numba threads: {numba.get_num_threads()}")
    print(f"protocol: {protocol!r}; method {opts.method} ({'bs23' if opts.method_code == BS23 else 'dopri5'}), "
          f"tolerances rtol={opts.rtol:g} atol={opts.atol:g} atol_valve={opts.atol_valve:g}")

    # warm-up (compilation or cache load), not timed
    calfpump.simulate_batch("Walk at 100 steps/min for 2 seconds", batch[:2])
    calfpump.simulate("Walk at 100 steps/min for 2 seconds")

    # the single-person figure: calfpump.simulate with a preset name, full trace; measured before
    # the parallel batch, whose worker threads may still be spinning for a while after it
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        sol = calfpump.simulate(protocol, "healthy")
        times.append(time.perf_counter() - t0)
    steps, rejected = sol.stats["steps"], sol.stats["rejected"]
    stages = 3 if opts.method_code == BS23 else 6  # right-hand sides per attempted step (FSAL)
    n_rhs = stages * steps  # "steps" counts every attempt, the rejected ones included
    print(f"ONE PERSON: calfpump.simulate({protocol!r}, 'healthy'), trace every 0.05 s: "
          f"median {np.median(times) * 1e3:.0f} ms, best {min(times) * 1e3:.0f} ms (target < 100 ms); "
          f"{steps} steps ({rejected} of them rejected), ~{n_rhs} right-hand sides, "
          f"{min(times) / n_rhs * 1e9:.0f} ns per right-hand side all included")

    t0 = time.perf_counter()
    res = calfpump.simulate_batch(protocol, batch, options=opts)
    t_batch = time.perf_counter() - t0
    per_person_batch = t_batch / len(batch)
    print(f"compiled batch: {len(batch)} people in {t_batch:.2f} s = {per_person_batch * 1e3:.1f} ms/person "
          f"(mean {res.stats['steps'].mean():.0f} steps/person)")

    t_one = []
    for _ in range(3):
        t0 = time.perf_counter()
        calfpump.simulate_batch(protocol, batch[:1], options=opts)
        t_one.append(time.perf_counter() - t0)
    print(f"compiled batch of one person (summaries, person 0 of the batch): best of 3 {min(t_one) * 1e3:.0f} ms")

    n_ls = max(1, min(args.lsoda_people, len(batch)))
    t0 = time.perf_counter()
    for p in batch[:n_ls]:
        solve_with_scipy(protocol, p, method="LSODA", rtol=opts.rtol,
                         atol=absolute_tolerances(len(p.network.nodes), len(p.network.valves), opts),
                         include_settling=True, save_every_s=1.0)
    per_person_lsoda = (time.perf_counter() - t0) / n_ls
    print(f"scipy LSODA (same RHS, tolerances and work), {n_ls} people: {per_person_lsoda * 1e3:.0f} ms/person")

    # accuracy of the default tolerances against a tight solve
    errs = []
    for p in batch[:2]:
        default = calfpump.simulate(protocol, p, options=opts, save_every_s=0.05)
        tight = calfpump.simulate(protocol, p, save_every_s=0.05, options=SolverOptions(
            rtol=1e-10, atol=1e-10, atol_valve=1e-10, method="dopri5"))
        errs.append(max_rel_pressure_error(default, tight))
    print(f"default-tolerance error vs tight solve (max over nodes, max|dP|/max|P|): {max(errs):.2e} "
          f"(limit 1e-3)")

    generic_ns, special_ns = rhs_cost_ns()
    print(f"one right-hand side (default leg, walking states): generic {generic_ns:.0f} ns, "
          f"specialized to the topology {special_ns:.0f} ns (ratio {generic_ns / special_ns:.2f})")
    print(f"fresh process, import + first simulation with a warm cache: "
          f"{first_simulation_in_fresh_process():.2f} s (limit 3 s)")
    print(f"speedup_vs_scipy_lsoda: {per_person_lsoda / per_person_batch:.1f}")


if __name__ == "__main__":
    main()
