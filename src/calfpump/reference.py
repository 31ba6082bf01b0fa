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

import math
from typing import Any

import numpy as np
from scipy.integrate import OdeSolver, solve_ivp

from .drive import SETTLE_S
from .errors import ParameterError, SolverError, check_number, shown
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
from .solver import MAX_RTOL, SolverOptions


def settled_state(protocol: ProtocolLike, parameters: ParametersLike, settle_s: float = SETTLE_S) -> np.ndarray:
    """The state at t = 0 after settling, integrated tightly by the compiled solver."""
    sol = simulate(
        [as_protocol(protocol)[0]], parameters, settle_s=settle_s, save_every_s=1e9,
        options=SolverOptions(rtol=1e-11, atol=1e-11, atol_valve=1e-11),
    )
    ns = state_size(len(sol.network.nodes), len(sol.network.valves))
    return np.array(sol._data[0, :ns])


#: The methods of ``scipy.integrate.solve_ivp`` by name.
SCIPY_METHODS = ("RK23", "RK45", "DOP853", "Radau", "BDF", "LSODA")


def _check_method(method: object) -> None:
    """A solve_ivp method: one of :data:`SCIPY_METHODS` or an ``OdeSolver`` subclass."""
    if isinstance(method, str) and method in SCIPY_METHODS:
        return
    if isinstance(method, type) and issubclass(method, OdeSolver):
        return
    raise ParameterError(
        f"method = {shown(method)} is not a scipy.integrate.solve_ivp method; allowed: "
        f"{', '.join(SCIPY_METHODS)} or a subclass of scipy.integrate.OdeSolver"
    )


def _real_array(name: str, value: object) -> np.ndarray:
    """``value`` as a float array, if it holds only real numbers (no text, truth values or
    complex numbers, which NumPy would convert or cut silently)."""
    arr = np.asarray(value) if not isinstance(value, (str, bytes)) else np.asarray(None)
    if arr.dtype.kind not in ("i", "u", "f"):
        raise ParameterError(f"{name} = {shown(value)} must hold real numbers, not {arr.dtype}")
    return np.array(arr, dtype=float)


def _check_tolerance(name: str, value: object, n_states: int = 0) -> Any:
    """A tolerance: a finite number > 0 (rtol: 1e-13 to 0.1, as SolverOptions), or for
    ``atol`` (``n_states`` > 0) also one finite value > 0 per state."""
    if n_states and isinstance(value, (np.ndarray, list, tuple)):
        arr = _real_array(name, value)
        if arr.shape != (n_states,) or not np.all(np.isfinite(arr) & (arr > 0.0)):
            raise ParameterError(
                f"{name} as an array must hold {n_states} finite values > 0 (one per state); got "
                f"shape {arr.shape}"
            )
        return arr
    low, high = (1e-13, MAX_RTOL) if name == "rtol" else (0.0, math.inf)
    try:
        x = check_number(name, value, low, high, "")
    except ParameterError:
        x = 0.0
    if not x > 0.0:
        raise ParameterError(f"{name} = {shown(value)} must be a finite number > 0"
                             + (f", from {low:g} to {high:g}" if name == "rtol" else ""))
    return x


def _check_state(y0: object, n_states: int) -> np.ndarray:
    """A start state: ``n_states`` finite real numbers (a wrong length would write outside the
    compiled right-hand side's arrays)."""
    y = _real_array("y0", y0)
    if y.shape != (n_states,):
        raise ParameterError(f"y0 must hold {n_states} values (the model's state), got shape {y.shape}")
    if not np.all(np.isfinite(y)):
        i = int(np.flatnonzero(~np.isfinite(y))[0])
        raise ParameterError(f"y0[{i}] = {y[i]!r}: y0 must be finite")
    return y


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

    ``method`` is a ``solve_ivp`` method (:data:`SCIPY_METHODS` or an ``OdeSolver``
    subclass); ``rtol`` a number from 1e-13 to 0.1; ``atol`` a number > 0 or one per state;
    ``y0`` the model's state (finite numbers), not with ``include_settling``. Anything else
    is a :class:`~calfpump.errors.ParameterError`.
    """
    proto = as_protocol(protocol)
    params = resolve_parameters(parameters)
    _check_method(method)
    rtol = _check_tolerance("rtol", rtol)
    save_every_s = check_number("save_every_s", save_every_s, 1e-6, 1e9, "s")
    settle_s = check_number("settle_s", settle_s, 0.0, 86400.0, "s")
    if not isinstance(include_settling, (bool, np.bool_)):
        raise ParameterError(f"include_settling = {shown(include_settling)} must be True or False")
    if include_settling and y0 is not None:
        raise ParameterError("y0 and include_settling exclude each other: with include_settling the "
                             "run starts from the hydrostatic initial state; give one or neither")
    a = build(params)
    atol = _check_tolerance("atol", atol, a.n_states)
    if y0 is not None:
        y0 = _check_state(y0, a.n_states)
    drive = build_drive(proto, settle_s)
    grid = sample_grid(drive, save_every_s)
    first_row = 1
    if include_settling:
        y = initial_state(a, drive)
        first_row = 0 if settle_s > 0.0 else 1  # settle_s = 0: no settling row to integrate
    elif y0 is None:
        y = settled_state(proto, params, settle_s)
    else:
        y = y0
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
