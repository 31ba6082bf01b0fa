"""The same model integrated by SciPy, as an independent reference.

:func:`solve_with_scipy` integrates exactly the compiled right-hand side of
:mod:`calfpump.model` with ``scipy.integrate.solve_ivp`` (any of its methods),
protocol step by protocol step, from the same settled initial state as the
compiled solver. Tests use it with Radau at ``rtol=1e-9`` as the tight
reference; the benchmark uses LSODA to measure speed-ups. It is slow by
design (a Python call per right-hand-side evaluation) and is not the way to
run the model.

Examples
--------
>>> from calfpump.reference import solve_with_scipy
>>> ref = solve_with_scipy("Stand for 5 seconds", method="LSODA", rtol=1e-6, atol=1e-6)
>>> ref.pressure("ankle").shape == ref.t.shape
True
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from .drive import SETTLE_S
from .errors import SolverError
from .kernels import kernels_for
from .model import D_T0, D_T1, build, state_size
from .protocol import as_protocol
from .simulation import (
    ParametersLike,
    ProtocolLike,
    build_drive,
    initial_state,
    resolve_parameters,
    sample_grid,
    simulate,
)
from .solution import Solution
from .solver import SolverOptions


def settled_state(protocol: ProtocolLike, parameters: ParametersLike, settle_s: float = SETTLE_S) -> np.ndarray:
    """The state at t = 0 after settling, integrated tightly by the compiled solver."""
    sol = simulate(
        [as_protocol(protocol)[0]], parameters, settle_s=settle_s, save_every_s=1e9,
        options=SolverOptions(rtol=1e-11, atol=1e-11, atol_valve=1e-11),
    )
    ns = state_size(len(sol.network.nodes), len(sol.network.valves))
    return np.array(sol._data[0, :ns])


def solve_with_scipy(
    protocol: ProtocolLike,
    parameters: ParametersLike = "healthy",
    *,
    method: str = "Radau",
    rtol: float = 1e-9,
    atol: float = 1e-9,
    save_every_s: float = 0.05,
    settle_s: float = SETTLE_S,
    y0: np.ndarray | None = None,
    include_settling: bool = False,
) -> Solution:
    """Integrate the model with ``scipy.integrate.solve_ivp``; same outputs as :func:`calfpump.simulate`.

    By default it starts at t = 0 from the settled state (``y0``, or the
    compiled solver's tight settling). With ``include_settling`` it starts,
    like :func:`calfpump.simulate`, from the hydrostatic initial state and
    integrates the settling period too (the same work, for timing).
    """
    proto = as_protocol(protocol)
    params = resolve_parameters(parameters)
    a = build(params)
    drive = build_drive(proto, settle_s)
    grid = sample_grid(drive, save_every_s)
    first_row = 1
    if include_settling:
        y = initial_state(a, drive)
        first_row = 0
    elif y0 is None:
        y = settled_state(proto, params, settle_s)
    else:
        y = np.array(y0, dtype=float)
    rhs, evaluate = kernels_for(a)  # the compiled solver's own right-hand side
    obs = np.empty(a.n_obs)
    data = np.full((grid.t.size, a.n_states + a.n_obs), np.nan)
    nfev = 0
    for row in range(first_row, drive.table.shape[0]):
        d = drive.table[row]

        def f(t: float, yy: np.ndarray, d: np.ndarray = d) -> np.ndarray:
            out = np.empty_like(yy)
            rhs(t, yy, d, a.node_p, a.link_g, a.valve_p, a.glob, a.node_topo, a.link_topo,
                a.lymph_target, obs, out)
            return out

        mask = grid.row == row
        # t_eval ends with the step's end, so res.y[:, -1] is the state there
        t_eval = grid.t[mask]
        if not t_eval.size or t_eval[-1] < d[D_T1]:
            t_eval = np.append(t_eval, d[D_T1])
        res = solve_ivp(f, (d[D_T0], d[D_T1]), y, method=method, rtol=rtol, atol=atol,
                        t_eval=t_eval)
        if not res.success:
            raise SolverError(f"scipy {method} failed in step {row}: {res.message}")
        nfev += res.nfev
        for k, i in enumerate(np.flatnonzero(mask)):
            yi = np.ascontiguousarray(res.y[:, k])
            evaluate(grid.t[i], yi, d, a.node_p, a.link_g, a.valve_p, a.glob, a.node_topo,
                     a.link_topo, obs)
            data[i, : a.n_states] = yi
            data[i, a.n_states :] = obs
        # continue from the exact end state (dense output is not needed there)
        y = np.ascontiguousarray(res.y[:, -1])
    return Solution(grid.t, data, grid.step, proto, params.network, params, {"nfev": nfev})
