"""Compiled adaptive integrator for one person or a batch of people.

An explicit Runge-Kutta method of order 5(4) (Dormand JR, Prince PJ, J Comput
Appl Math 1980;6:19-26) with the step-size control and the free 4th-order
dense output of Hairer, Norsett & Wanner, *Solving Ordinary Differential
Equations I*, 2nd ed., Springer 1993, sec. II.4-II.6 (code DOPRI5), compiled
with numba. A batch runs its people in parallel threads inside one compiled
call (``numba.prange``).

The integrator never steps across a row of the drive table (a protocol step):
it lands on each boundary and restarts from the exact state there, so the
state is continuous across steps while the forcing may change abruptly.
Results are read at requested sample times by dense output, then either kept
(``trace`` mode) or folded into per-step running summaries (``summary`` mode,
constant memory per person).

Explicit Runge-Kutta methods preserve linear invariants, so the model's
blood-volume balance holds to rounding error whatever the tolerance.

Failure is never a hang: a cap on the number of steps and a minimum step
size end the run with a status that :func:`calfpump.simulation.simulate`
turns into a :class:`~calfpump.errors.SolverError` naming the time and step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from ._jit import JIT
from .errors import ParameterError
from .model import (
    D_ACT,
    D_T0,
    D_T1,
    N_OBS_LINK_FIELDS,
    N_OBS_NODE_FIELDS,
    N_OBS_SCALARS,
    REST,
    evaluate,
    rhs,
    state_size,
)

# status codes returned by the compiled integrator
OK, MAX_STEPS, STEP_TOO_SMALL, NOT_FINITE = 0, 1, 2, 3
STATUS_TEXT = {
    OK: "ok",
    MAX_STEPS: "the step-count cap was reached",
    STEP_TOO_SMALL: "the step size fell below its minimum",
    NOT_FINITE: "the state became NaN or infinite",
}
TRACE, SUMMARY = 0, 1
N_STATS = 4  # mean, min, max, end
STAT_NAMES: tuple[str, ...] = ("mean", "min", "max", "end")


@dataclass(frozen=True)
class SolverOptions:
    """Options of the compiled integrator (immutable).

    Parameters
    ----------
    rtol, atol
        Relative and absolute local error tolerances (atol in mL, for the
        volumes).
    atol_valve
        Absolute tolerance on the valve states (dimensionless, 0 closed to 1
        open), divided for each valve by its open conductance in mL/s/mmHg
        (when over 1), so that every valve is held to the same flow error.
        The defaults were chosen on a 10-minute walk of two varied people:
        against a tight solve (all tolerances 1e-10) the pressures differ by
        at most 3.1e-4 of their peak at any sample (the target is 1e-3), with
        fewer steps than rtol = atol = atol_valve = 1e-6, which misses 1e-3.
        The error of a walk is dominated by the timing of valve closures, so
        it is not a smooth function of the tolerances: check it with
        ``benchmarks/solver.py`` after changing them.
    max_step_active_s
        Largest step while a muscle pump works, so that no pulse is stepped
        over.
    max_step_rest_s
        Largest step at rest.
    max_steps_per_s
        Step-count cap per simulated second (protocol plus settling, plus a
        fixed allowance of 10,000 steps): beyond it the run stops with an
        error instead of hanging.
    min_step_s
        Smallest step before the run is declared stuck.
    """

    rtol: float = 2e-7
    atol: float = 2e-7
    atol_valve: float = 5e-5
    max_step_active_s: float = 0.05
    max_step_rest_s: float = 5.0
    max_steps_per_s: float = 5000.0
    min_step_s: float = 1e-10

    def __post_init__(self) -> None:
        for name in ("rtol", "atol", "atol_valve", "max_step_active_s", "max_step_rest_s", "max_steps_per_s", "min_step_s"):
            v = getattr(self, name)
            if isinstance(v, bool) or not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise ParameterError(f"SolverOptions.{name} = {v!r} must be a finite number > 0")
        if self.rtol < 1e-13:
            raise ParameterError(f"SolverOptions.rtol = {self.rtol!r} must be at least 1e-13")


# Dormand-Prince 5(4) coefficients (Hairer, Norsett & Wanner 1993, Table 5.2)
A21 = 1.0 / 5.0
A31, A32 = 3.0 / 40.0, 9.0 / 40.0
A41, A42, A43 = 44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0
A51, A52, A53, A54 = 19372.0 / 6561.0, -25360.0 / 2187.0, 64448.0 / 6561.0, -212.0 / 729.0
A61, A62, A63, A64, A65 = 9017.0 / 3168.0, -355.0 / 33.0, 46732.0 / 5247.0, 49.0 / 176.0, -5103.0 / 18656.0
A71, A73, A74, A75, A76 = 35.0 / 384.0, 500.0 / 1113.0, 125.0 / 192.0, -2187.0 / 6784.0, 11.0 / 84.0
C2, C3, C4, C5 = 0.2, 0.3, 0.8, 8.0 / 9.0
E1, E3, E4, E5, E6, E7 = (
    71.0 / 57600.0, -71.0 / 16695.0, 71.0 / 1920.0, -17253.0 / 339200.0, 22.0 / 525.0, -1.0 / 40.0,
)
# dense output (Hairer's CONTD5)
D1, D3, D4, D5, D6, D7 = (
    -12715105075.0 / 11282082432.0, 87487479700.0 / 32700410799.0, -10690763975.0 / 1880347072.0,
    701980252875.0 / 199316789632.0, -1453857185.0 / 822651844.0, 69997945.0 / 29380423.0,
)


@njit(**JIT)
def _record(i_s, t_s, y_s, row, obs, step_idx, mode, trace, summ, ns, nq_nodes):
    """Store sample ``i_s`` (trace) or fold it into the step's summaries."""
    if mode == TRACE:
        for k in range(ns):
            trace[i_s, k] = y_s[k]
        for k in range(obs.shape[0]):
            trace[i_s, ns + k] = obs[k]
        return
    # summary quantities: node pressures, node volumes, interstitial volume, interstitial pressure
    n = nq_nodes
    nq = 2 * n + 2
    o_s = obs.shape[0] - N_OBS_SCALARS
    for q in range(nq):
        if q < n:
            val = obs[q]
        elif q < 2 * n:
            val = y_s[q - n]
        elif q == 2 * n:
            val = y_s[n]
        else:
            val = obs[o_s]
        s = summ[step_idx, q]
        if math.isnan(s[1]):
            s[0] = 0.0
            s[1] = val
            s[2] = val
        s[0] += val
        s[1] = min(s[1], val)
        s[2] = max(s[2], val)
        s[3] = val


@njit(**JIT)
def integrate_person(
    y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target,
    t_samples, sample_row, mode, trace, summ,
    rtol, atol, h_max_active, h_max_rest, max_steps, h_min,
):
    """Integrate one person over all drive rows; returns (status, t, steps, rejected).

    ``y0`` is overwritten with the final state; ``atol`` is a vector (one
    absolute tolerance per state; a huge one leaves a state out of error control).
    """
    ns = y0.shape[0]
    n = node_p.shape[0]
    nobs = N_OBS_NODE_FIELDS * n + N_OBS_LINK_FIELDS * link_g.shape[0] + N_OBS_SCALARS
    obs = np.empty(nobs)
    y = y0
    y1 = np.empty(ns)
    yt = np.empty(ns)
    ys = np.empty(ns)
    k1 = np.empty(ns)
    k2 = np.empty(ns)
    k3 = np.empty(ns)
    k4 = np.empty(ns)
    k5 = np.empty(ns)
    k6 = np.empty(ns)
    k7 = np.empty(ns)
    r1 = np.empty(ns)
    r2 = np.empty(ns)
    r3 = np.empty(ns)
    r4 = np.empty(ns)
    r5 = np.empty(ns)
    n_samp = t_samples.shape[0]
    i_s = 0
    n_steps = 0
    n_rej = 0
    safe, beta, fac1, fac2 = 0.9, 0.04, 0.2, 10.0
    expo1 = 0.2 - beta * 0.75
    h = 1e-3
    for row in range(drive.shape[0]):
        d = drive[row]
        t = d[D_T0]
        t_end = d[D_T1]
        h_max = h_max_rest if int(d[D_ACT]) == REST else h_max_active
        step_idx = row - 1
        # samples exactly at the start of this row
        while i_s < n_samp and sample_row[i_s] == row and t_samples[i_s] <= t:
            evaluate(t, y, d, node_p, link_g, valve_p, glob, node_topo, link_topo, obs)
            _record(i_s, t, y, row, obs, step_idx, mode, trace, summ, ns, n)
            i_s += 1
        rhs(t, y, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, obs, k1)
        h = min(max(h, 1e-4), h_max)
        facold = 1e-4
        last = False
        while not last:
            if n_steps >= max_steps:
                return MAX_STEPS, t, n_steps, n_rej
            if h < h_min:
                return STEP_TOO_SMALL, t, n_steps, n_rej
            if t + 1.01 * h >= t_end:
                h = t_end - t
                last = True
            for i in range(ns):
                yt[i] = y[i] + h * A21 * k1[i]
            rhs(t + C2 * h, yt, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, obs, k2)
            for i in range(ns):
                yt[i] = y[i] + h * (A31 * k1[i] + A32 * k2[i])
            rhs(t + C3 * h, yt, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, obs, k3)
            for i in range(ns):
                yt[i] = y[i] + h * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i])
            rhs(t + C4 * h, yt, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, obs, k4)
            for i in range(ns):
                yt[i] = y[i] + h * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i])
            rhs(t + C5 * h, yt, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, obs, k5)
            for i in range(ns):
                yt[i] = y[i] + h * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i])
            rhs(t + h, yt, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, obs, k6)
            for i in range(ns):
                y1[i] = y[i] + h * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i])
            rhs(t + h, y1, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, obs, k7)
            n_steps += 1
            e = 0.0
            finite = True
            for i in range(ns):
                ei = h * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i])
                sc = atol[i] + rtol * max(abs(y[i]), abs(y1[i]))
                e += (ei / sc) ** 2
                if not math.isfinite(y1[i]):
                    finite = False
            e = math.sqrt(e / ns)
            if not finite or not math.isfinite(e):
                e = 1e10
                if h <= h_min * 2.0:
                    return NOT_FINITE, t, n_steps, n_rej
            fac11 = e**expo1 if e > 0.0 else 0.0
            if e <= 1.0:
                # accepted: emit samples in (t, t_next] by dense output (t_next is exact at a row's end)
                t_next = t_end if last else t + h
                if i_s < n_samp and sample_row[i_s] == row and t_samples[i_s] <= t_next:
                    for i in range(ns):
                        ydiff = y1[i] - y[i]
                        bspl = h * k1[i] - ydiff
                        r1[i] = y[i]
                        r2[i] = ydiff
                        r3[i] = bspl
                        r4[i] = ydiff - h * k7[i] - bspl
                        r5[i] = h * (D1 * k1[i] + D3 * k3[i] + D4 * k4[i] + D5 * k5[i] + D6 * k6[i] + D7 * k7[i])
                    while i_s < n_samp and sample_row[i_s] == row and t_samples[i_s] <= t_next:
                        ts = t_samples[i_s]
                        th = min((ts - t) / h, 1.0)
                        th1 = 1.0 - th
                        for i in range(ns):
                            ys[i] = r1[i] + th * (r2[i] + th1 * (r3[i] + th * (r4[i] + th1 * r5[i])))
                        evaluate(ts, ys, d, node_p, link_g, valve_p, glob, node_topo, link_topo, obs)
                        _record(i_s, ts, ys, row, obs, step_idx, mode, trace, summ, ns, n)
                        i_s += 1
                for i in range(ns):
                    y[i] = y1[i]
                    k1[i] = k7[i]
                t = t_next
                # PI step-size control (Hairer's DOPRI5): uses the previous step's error
                fac = fac11 / facold**beta if e > 0.0 else 1.0 / fac2
                fac = max(1.0 / fac2, min(1.0 / fac1, fac / safe))
                facold = max(e, 1e-4)
                h = min(h / fac, h_max)
            else:
                n_rej += 1
                last = False
                h = h / min(1.0 / fac1, fac11 / safe)
    return OK, t, n_steps, n_rej


@njit(parallel=True, **JIT)
def integrate_batch(
    y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target,
    t_samples, sample_row, mode, trace, summ,
    rtol, atol, h_max_active, h_max_rest, max_steps, h_min, info,
):
    """Integrate every person of a batch in parallel; ``info[p] = (status, t, steps, rejected)``.

    Per-person arrays have a leading batch axis: y0 (P, S), node_p (P, N, .),
    link_g (P, L), valve_p (P, M, .), glob (P, G), trace (P, T, .) or a
    (P, 1, 1) placeholder, summ (P, steps, Q, 4) or a placeholder.
    """
    n_people = y0.shape[0]
    for p in prange(n_people):
        status, t, steps, rej = integrate_person(
            y0[p], drive, node_p[p], link_g[p], valve_p[p], glob[p], node_topo, link_topo,
            lymph_target, t_samples, sample_row, mode, trace[p], summ[p],
            rtol, atol, h_max_active, h_max_rest, max_steps, h_min,
        )
        info[p, 0] = status
        info[p, 1] = t
        info[p, 2] = steps
        info[p, 3] = rej


def absolute_tolerances(
    n_nodes: int, n_valves: int, options: SolverOptions, valve_conductance: np.ndarray | None = None
) -> np.ndarray:
    """Per-state absolute tolerances for the state layout of :mod:`calfpump.model`.

    Volumes (and the interstitial volume and muscle activity) get ``atol``.
    A valve state's error moves blood in proportion to its link's open
    conductance ``G`` (mL/s/mmHg), so valve ``j`` gets
    ``atol_valve / max(G_j, 1)``: the same flow error for every valve. The
    two cumulative boundary flows are left out of error control (they feed
    nothing back; conservation holds exactly whatever the tolerance).
    """
    atol = np.full(state_size(n_nodes, n_valves), options.atol)
    g = np.ones(n_valves) if valve_conductance is None else np.maximum(valve_conductance, 1.0)
    atol[n_nodes + 1 : n_nodes + 1 + n_valves] = options.atol_valve / g
    atol[n_nodes + n_valves + 2 :] = 1e30
    return atol
