"""Compiled adaptive integrator for one person or a batch of people.

Two explicit embedded Runge-Kutta pairs, both FSAL, compiled with numba,
with the PI step-size control of Hairer, Norsett & Wanner, *Solving
Ordinary Differential Equations I*, 2nd ed., Springer 1993, sec. II.4 (code
DOPRI5) and no step growth right after a rejected step:

* Bogacki-Shampine 3(2) (Bogacki P, Shampine LF, Appl Math Lett 1989;2:
  321-325; MATLAB's ode23, SciPy's RK23), three right-hand sides a step,
  cubic Hermite dense output: the default at the default tolerances;
* Dormand-Prince 5(4) (Dormand JR, Prince PJ, J Comput Appl Math 1980;6:
  19-26) with Hairer's free 4th-order dense output: for tight tolerances.

Why a 3rd-order method: the right-hand side is only piecewise smooth (valves
clip at shut and fully open, the upwind collapse factor and the pump pulses
have kinks), so a high order buys little; at the accuracy the model needs
(pressures to 1e-3 of their peak) Bogacki-Shampine takes fewer right-hand
sides than Dormand-Prince, and its error follows the tolerance more evenly
(``benchmarks/solver.py``). A batch runs its people in parallel threads
inside one compiled call (``numba.prange``).

The integrator never steps across a row of the drive table (a protocol step):
it lands on each boundary and restarts from the exact state there, so the
state is continuous across steps while the forcing may change abruptly.
Results are read at requested sample times by dense output, then either kept
(``trace`` mode) or folded into per-step running summaries (``summary`` mode,
constant memory per person).

With Bogacki-Shampine (the default), the settling before t = 0 (at rest, no
samples) is integrated by the linearly implicit ROS2 instead (Verwer et al.
1999; see ``_integrate``): at rest the network's fastest mode holds an
explicit method to steps of about 12 ms by stability alone. Under a periodic
drive (a walk's strides) the places where steps were rejected one period
earlier are marked, and steps end on them instead of being rejected there
again (see ``_MARK_BUF``).

Explicit Runge-Kutta methods preserve linear invariants, and so does ROS2 (to
rounding in its difference-quotient Jacobian), so the model's blood-volume
balance holds to rounding error whatever the tolerance.

Failure is never a hang: a cap on the number of steps and a minimum step
size end the run with a status that :func:`calfpump.simulation.simulate`
turns into a :class:`~calfpump.errors.SolverError` naming the time and step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numba import njit, prange

from ._compile_ahead import compile_kernels
from ._jit import JIT_ENTRY, JIT_INLINE, JIT_NO_NRT, call_with_frame_room
from .errors import ParameterError, check_number, shown
from .model import (
    D_ACT,
    D_T0,
    D_T1,
    N_OBS_LINK_FIELDS,
    N_OBS_NODE_FIELDS,
    N_OBS_SCALARS,
    REST,
    drive_period,
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
# integration methods (see SolverOptions.method)
AUTO, DOPRI5, BS23 = -1, 0, 1
METHODS = {"auto": AUTO, "dopri5": DOPRI5, "bs23": BS23}
#: The valve states' absolute tolerance is at most this multiple of ``atol`` (see absolute_tolerances).
VALVE_ATOL_PER_ATOL = 1000.0
#: The same cap for Dormand-Prince 5(4). Its error on a walk is dominated by the valve states'
#: error (numerics review 2026-11-28: on a short healthy walk at rtol = atol = 5e-8 the pressures
#: were 1.7e-4 of peak off a 1e-11 solve with the cap at 1000, 1.7e-5 at 10 and 9e-6 at 1, where
#: Bogacki-Shampine at 1e-7 gives 2.6e-5), and "auto" only runs it below rtol = 1e-7, for
#: reference-grade solves, where accuracy matters more than the extra steps (that walk: 8,579
#: steps at 1, 7,014 at 10, 5,131 at 1000).
VALVE_ATOL_PER_ATOL_DOPRI5 = 1.0
#: With ``method="auto"``: Bogacki-Shampine 3(2) at ``rtol`` >= this, Dormand-Prince 5(4) below.
AUTO_RTOL_SWITCH = 1e-7
#: Largest relative tolerance SolverOptions takes (beyond it the error control is void).
MAX_RTOL = 0.1
#: Largest minimum step SolverOptions takes, s: the integrator's first trial step.
MAX_MIN_STEP_S = 1e-3
N_STATS = 4  # mean, min, max, end
STAT_NAMES: tuple[str, ...] = ("mean", "min", "max", "end")


@dataclass(frozen=True)
class SolverOptions:
    """Options of the compiled integrator (immutable).

    Parameters
    ----------
    rtol, atol
        Relative and absolute local error tolerances (atol in mL, for the
        volumes); rtol from 1e-13 to 0.1.
    atol_valve
        Absolute tolerance on the valve states (dimensionless, 0 closed to 1
        open), at most ``1000 * atol`` (Bogacki-Shampine) or ``atol`` (Dormand-Prince),
        divided for each valve by its open
        conductance in mL/s/mmHg (when over 1), so that every valve is held
        to the same flow error. The defaults (with the default method) were
        chosen on a 10-minute walk of six varied people: against a tight
        solve (all tolerances 1e-10, Dormand-Prince) the pressures differ by
        at most 4.3e-4 of their peak at any sample (the target is 1e-3);
        rtol = atol = 6e-6 misses it. The error of a walk is dominated by the
        timing of valve closures, so it is not a smooth function of the
        tolerances (rounding-level changes of the arithmetic move it between
        about 2e-4 and 5e-4 on one person): check it with
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
        Smallest step before the run is declared stuck: at most 1e-3 s (the
        first trial step) and at most ``max_step_active_s`` and
        ``max_step_rest_s``.
    method
        ``"bs23"`` (Bogacki-Shampine 3(2)), ``"dopri5"`` (Dormand-Prince
        5(4)) or ``"auto"`` (the default): Bogacki-Shampine at
        ``rtol >= 1e-7``, Dormand-Prince below, where its higher order pays.
        Dormand-Prince at the loose default tolerances is not accurate enough
        on walks (its error estimate steps over valve events: 1.4e-3 of peak
        pressure on the healthy preset, 1.3e-2 on the post-thrombotic one, over
        a 1-minute walk); at rtol = atol = 5e-8 it stays under 3e-4.
    """

    rtol: float = 2e-6
    atol: float = 2e-6
    atol_valve: float = 2e-3
    max_step_active_s: float = 0.05
    max_step_rest_s: float = 5.0
    max_steps_per_s: float = 5000.0
    min_step_s: float = 1e-10
    method: str = "auto"

    @property
    def method_code(self) -> int:
        """The compiled integrator's code for :attr:`method` (``auto`` resolved by ``rtol``)."""
        code = METHODS[self.method]
        if code == AUTO:  # as resolve_method
            return BS23 if self.rtol >= AUTO_RTOL_SWITCH else DOPRI5
        return code

    def __post_init__(self) -> None:
        if not isinstance(self.method, str) or self.method not in METHODS:
            raise ParameterError(
                f"SolverOptions.method = {self.method!r} must be one of {', '.join(map(repr, METHODS))}"
            )
        for name in ("rtol", "atol", "atol_valve", "max_step_active_s", "max_step_rest_s", "max_steps_per_s", "min_step_s"):
            v = getattr(self, name)
            try:  # any real number (numpy's too), not a truth value, an integer too large for a float
                x = check_number(f"SolverOptions.{name}", v, 0.0, math.inf, "")
            except ParameterError:
                x = 0.0
            if x <= 0.0:
                raise ParameterError(f"SolverOptions.{name} = {shown(v)} must be a finite number > 0")
            object.__setattr__(self, name, x)
        if self.rtol < 1e-13:
            raise ParameterError(f"SolverOptions.rtol = {self.rtol!r} must be at least 1e-13")
        if self.rtol > MAX_RTOL:  # a relative error beyond this controls nothing: silent garbage
            raise ParameterError(f"SolverOptions.rtol = {self.rtol!r} must be at most {MAX_RTOL:g}")
        # the integrator's first trial step is 1e-3 s (_integrate), and no step may exceed max_step_*
        largest = min(MAX_MIN_STEP_S, self.max_step_active_s, self.max_step_rest_s)
        if self.min_step_s > largest:
            raise ParameterError(
                f"SolverOptions.min_step_s = {self.min_step_s!r} must be at most {largest:g} s (the "
                f"smallest of {MAX_MIN_STEP_S:g} s, the integrator's first trial step, "
                f"max_step_active_s = {self.max_step_active_s:g} and max_step_rest_s = "
                f"{self.max_step_rest_s:g}): every run would stop at once"
            )


# ---- Runge-Kutta tableaux: stage matrix A, nodes C, error weights E (solution minus embedded
# solution, per stage), dense-output weights D; both pairs are FSAL (the last stage is
# evaluated at the new solution and serves as the next step's first)

# Dormand-Prince 5(4) (Hairer, Norsett & Wanner 1993, Table 5.2); dense output: Hairer's CONTD5
_DP_A = np.zeros((7, 7))
_DP_A[1, :1] = [1.0 / 5.0]
_DP_A[2, :2] = [3.0 / 40.0, 9.0 / 40.0]
_DP_A[3, :3] = [44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0]
_DP_A[4, :4] = [19372.0 / 6561.0, -25360.0 / 2187.0, 64448.0 / 6561.0, -212.0 / 729.0]
_DP_A[5, :5] = [9017.0 / 3168.0, -355.0 / 33.0, 46732.0 / 5247.0, 49.0 / 176.0, -5103.0 / 18656.0]
_DP_A[6, :6] = [35.0 / 384.0, 0.0, 500.0 / 1113.0, 125.0 / 192.0, -2187.0 / 6784.0, 11.0 / 84.0]
_DP_C = np.array([0.0, 0.2, 0.3, 0.8, 8.0 / 9.0, 1.0, 1.0])
_DP_E = np.array([
    71.0 / 57600.0, 0.0, -71.0 / 16695.0, 71.0 / 1920.0, -17253.0 / 339200.0, 22.0 / 525.0, -1.0 / 40.0,
])
_DP_D = np.array([
    -12715105075.0 / 11282082432.0, 0.0, 87487479700.0 / 32700410799.0, -10690763975.0 / 1880347072.0,
    701980252875.0 / 199316789632.0, -1453857185.0 / 822651844.0, 69997945.0 / 29380423.0,
])

# Bogacki-Shampine 3(2) (Bogacki P, Shampine LF, Appl Math Lett 1989;2:321-325), the pair of
# MATLAB's ode23 and SciPy's RK23; its dense output is the cubic Hermite interpolant of the
# step's ends (the CONTD5 form below without its last term)
_BS_A = np.zeros((7, 7))
_BS_A[1, :1] = [0.5]
_BS_A[2, :2] = [0.0, 0.75]
_BS_A[3, :3] = [2.0 / 9.0, 1.0 / 3.0, 4.0 / 9.0]
_BS_C = np.array([0.0, 0.5, 0.75, 1.0, 0.0, 0.0, 0.0])
_BS_E = np.array([5.0 / 72.0, -1.0 / 12.0, -1.0 / 9.0, 1.0 / 8.0, 0.0, 0.0, 0.0])
_BS_D = np.zeros(7)

@njit(**JIT_INLINE)
def resolve_method(rtol):
    """The method that ``method="auto"`` runs at relative tolerance ``rtol``."""
    return BS23 if rtol >= AUTO_RTOL_SWITCH else DOPRI5


# step-size control (Hairer's DOPRI5 PI controller; Hairer, Norsett & Wanner 1993, sec. II.4)
# beta (the weight of the previous step's error): Hairer's 0.04 for DOPRI5; 0.08 for BS23
# (fewer rejections at the same step count on a 10-minute walk, measured)
_SAFE, _FAC_MIN, _FAC_MAX = 0.9, 0.2, 10.0
_LOG_ERR_FLOOR = math.log(1e-4)
_LOG_FAC_LO = -700.0  # exp() of anything below is 0 (an error of 0: the largest growth)


# ---- marks: fewer rejected steps under a periodic drive (a walk, a pedalled or pumped rhythm)
# A walk repeats every stride, and so do the places where a step is rejected: a valve shutting,
# a collapsed vein's outflow reversing (the upwind collapse factor switches there, a kink of the
# right-hand side), a pulse starting. Where a step is accepted right after a rejection, its end
# and size are marked; one period later a step that would cross the mark ends on it instead,
# and the step after it is no larger than the marked one (as after the rejection). A mark that
# shortened a step is kept for the next period with its size cap relaxed by _MARK_RELAX, so that
# steps may grow again where the event has gone. Marks only shorten steps, so the error control
# is unchanged; they save the rejected attempts (10-minute walk, healthy preset: 1,303
# rejections instead of 10,517 and 76,564 steps in all instead of 85,217; docs/performance.md).
_MARK_BUF = 1024  # marks remembered (a stride has a few dozen)
_MARK_RELAX = 1.1  # growth of a kept mark's step-size cap per period
_MARK_JOIN = 0.2  # a step that would end this close before a mark (in marked step sizes) joins it


@njit(**JIT_INLINE)
def _record(i_s, y_s, obs, step_idx, mode, trace, summ, ns, nq_nodes):
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


# ---- settling at rest: a linearly implicit (Rosenbrock-W) method
# ROS2 (Verwer JG, Spee EJ, Blom JG, Hundsdorfer W, SIAM J Sci Comput 1999;20:1456-1480): two
# stages, order 2 for any approximation of the Jacobian (a W-method), L-stable; its embedded
# solution is the linearly implicit Euler step y + h k1
_ROS2_GAMMA = 1.0 + 1.0 / math.sqrt(2.0)
#: The settling's Jacobian is evaluated afresh after this many steps, and after a rejected step.
JAC_REUSE = 10
_SQRT_EPS = 1.4901161193847656e-08  # square root of the double's epsilon


@njit(**JIT_NO_NRT)
def _lu_factor(a, piv):
    """LU decomposition of the square matrix ``a`` in place, partial pivoting (rows swapped
    as recorded in ``piv``); returns False when ``a`` is singular."""
    n = a.shape[0]
    for c in range(n):
        p = c
        big = abs(a[c, c])
        for i in range(c + 1, n):
            if abs(a[i, c]) > big:
                big = abs(a[i, c])
                p = i
        piv[c] = p
        if big == 0.0 or not math.isfinite(big):
            return False
        if p != c:
            for j in range(n):
                tmp = a[c, j]
                a[c, j] = a[p, j]
                a[p, j] = tmp
        inv = 1.0 / a[c, c]
        for i in range(c + 1, n):
            f = a[i, c] * inv
            a[i, c] = f
            if f != 0.0:
                for j in range(c + 1, n):
                    a[i, j] -= f * a[c, j]
    return True


@njit(**JIT_NO_NRT)
def _lu_solve(lu, piv, b):
    """Solve ``A x = b`` in place in ``b`` from :func:`_lu_factor`'s output."""
    n = lu.shape[0]
    for c in range(n):
        p = piv[c]
        if p != c:
            tmp = b[c]
            b[c] = b[p]
            b[p] = tmp
    for i in range(1, n):
        acc = b[i]
        for j in range(i):
            acc -= lu[i, j] * b[j]
        b[i] = acc
    for i in range(n - 1, -1, -1):
        acc = b[i]
        for j in range(i + 1, n):
            acc -= lu[i, j] * b[j]
        b[i] = acc / lu[i, i]


@njit(**JIT_NO_NRT)
def _ros2_error(y, y1, k1, k2, h, rtol, atol):
    """ROS2's new state ``y1`` from its stages and the error norm of the step (1e10 if not
    finite)."""
    ns = y.shape[0]
    e = 0.0
    nan_if_not_finite = 0.0
    for i in range(ns):
        y1[i] = y[i] + (1.5 * h) * k1[i] + (0.5 * h) * k2[i]
        ei = (0.5 * h) * (k1[i] + k2[i])
        q = ei / (atol[i] + rtol * max(abs(y[i]), abs(y1[i])))
        e += q * q
        nan_if_not_finite += y1[i] * 0.0
    e = math.sqrt(e / ns)
    if not math.isfinite(nan_if_not_finite) or not math.isfinite(e):
        return 1e10
    return e


@njit(**JIT_ENTRY)
def integrate_person(
    y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target,
    t_samples, sample_row, mode, trace, summ,
    rtol, atol, h_max_active, h_max_rest, max_steps, h_min, method, rhs, evaluate,
):
    """Integrate one person over all drive rows; returns (status, t, steps, rejected).

    ``y0`` is overwritten with the final state; ``atol`` is a vector (one
    absolute tolerance per state; a huge one leaves a state out of error control).
    ``method`` is :data:`DOPRI5`, :data:`BS23` or :data:`AUTO` (see :func:`resolve_method`).
    ``rhs`` and ``evaluate`` are the model's compiled right-hand side and observation
    function (:func:`calfpump.kernels.kernels_for`: the generic ones of :mod:`calfpump.model`
    or those specialized to the network's topology); the integrator is compiled once for
    each pair.
    """
    if method == AUTO:
        method = resolve_method(rtol)
    ns = y0.shape[0]
    n = node_p.shape[0]
    nobs = N_OBS_NODE_FIELDS * n + N_OBS_LINK_FIELDS * link_g.shape[0] + N_OBS_SCALARS
    obs = np.empty(nobs)
    work = np.empty((3, ns))  # y1, yt, ys
    k = np.empty((7, ns))  # stage derivatives
    r = np.empty((5, ns))  # dense-output coefficients of the current step
    jac = np.empty((2, ns, ns))  # the settling's Jacobian and stage matrix (ROS2)
    piv = np.empty(ns, dtype=np.int64)
    marks = np.empty((2, _MARK_BUF))  # step ends and sizes to revisit one period later
    return _integrate(
        y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target,
        t_samples, sample_row, mode, trace, summ, rtol, atol, h_max_active, h_max_rest, max_steps,
        h_min, method, obs, work, k, r, jac, piv, marks, rhs, evaluate,
    )


@njit(**JIT_NO_NRT)
def _integrate(
    y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target,
    t_samples, sample_row, mode, trace, summ,
    rtol, atol, h_max_active, h_max_rest, max_steps, h_min, method, obs, work, k, r, jac, piv, marks,
    rhs, evaluate,
):
    """The integrator's loop (see integrate_person), on preallocated work arrays and without
    reference counting (see _jit.JIT_NO_NRT)."""
    if method == BS23:
        tab_a, tab_c, tab_e, tab_d, n_st, err_order, beta = _BS_A, _BS_C, _BS_E, _BS_D, 4, 3.0, 0.08
    else:
        tab_a, tab_c, tab_e, tab_d, n_st, err_order, beta = _DP_A, _DP_C, _DP_E, _DP_D, 7, 5.0, 0.04
    ns = y0.shape[0]
    n = node_p.shape[0]
    nv = valve_p.shape[0]
    y = y0
    y1 = work[0]
    yt = work[1]
    ys = work[2]
    n_samp = t_samples.shape[0]
    i_s = 0
    n_steps = 0
    n_rej = 0
    expo1 = 1.0 / err_order - beta * 0.75
    h = 1e-3
    for row in range(drive.shape[0]):
        d = drive[row]
        t = d[D_T0]
        t_end = d[D_T1]
        h_max = h_max_rest if int(d[D_ACT]) == REST else h_max_active
        step_idx = row - 1
        if (method == BS23 and row == 0 and int(d[D_ACT]) == REST and t_end > t
                and not (i_s < n_samp and sample_row[i_s] == 0)):
            # The settling before t = 0 (at rest, no samples) by ROS2 with a finite-difference
            # Jacobian. At rest the fastest mode of the network (about -220 1/s standing) holds
            # an explicit method to steps of about 12 ms by stability alone; this L-stable
            # method takes steps set by the accuracy of the settling transient. The Jacobian is
            # evaluated afresh every JAC_REUSE steps and after a rejected step (each column by
            # one right-hand side; states whose absolute tolerance is huge feed nothing back and
            # are left out). Linear invariants are kept (to rounding in the difference
            # quotients). This block adds about 4-5 s to a fresh install's first compilation,
            # as a function of its own or written out here (docs/performance.md).
            sf0 = k[0]
            sk1 = k[1]
            sk2 = k[2]
            syt = k[3]
            sfj = k[4]
            sy1 = k[5]
            jac0 = jac[0]
            jm = jac[1]
            h = min(1e-3, t_end - t)
            rejected = False
            age = JAC_REUSE  # steps since the Jacobian was evaluated
            while t < t_end:
                if n_steps >= max_steps:
                    return MAX_STEPS, t, n_steps, n_rej
                if h < h_min:
                    return STEP_TOO_SMALL, t, n_steps, n_rej
                last = False
                if t + 1.01 * h >= t_end:
                    h = t_end - t
                    last = True
                # one call site of the right-hand side for all of a step's evaluations: at y,
                # for the Jacobian's columns (when it is due), and for the second stage
                new_jac = age >= JAC_REUSE or rejected
                if new_jac:
                    age = 0
                age += 1
                e = 1e10
                for c in range(ns + 2):
                    src = y
                    dst = sf0
                    tc = t
                    if 1 <= c <= ns:
                        j = c - 1
                        if not new_jac:
                            continue
                        if atol[j] > 1e29:
                            for i in range(ns):
                                jac0[i, j] = 0.0
                            continue
                        for i in range(ns):
                            syt[i] = y[i]
                        syt[j] = y[j] + _SQRT_EPS * max(abs(y[j]), atol[j] * 1e3, 1e-6)
                        src = syt
                        dst = sfj
                    elif c == ns + 1:
                        # the stage matrix I - gamma h J, factorized; the first stage
                        gh = _ROS2_GAMMA * h
                        for i in range(ns):
                            for jj in range(ns):
                                jm[i, jj] = -gh * jac0[i, jj]
                            jm[i, i] += 1.0
                        if not _lu_factor(jm, piv):
                            break
                        for i in range(ns):
                            sk1[i] = sf0[i]
                        _lu_solve(jm, piv, sk1)
                        for i in range(ns):
                            syt[i] = y[i] + h * sk1[i]
                        src = syt
                        dst = sk2
                        tc = t + h
                    rhs(tc, src, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, obs, dst)
                    if 1 <= c <= ns:
                        j = c - 1
                        inv = 1.0 / (syt[j] - y[j])
                        for i in range(ns):
                            jac0[i, j] = (sfj[i] - sf0[i]) * inv
                    elif c == ns + 1:
                        for i in range(ns):
                            sk2[i] -= 2.0 * sk1[i]
                        _lu_solve(jm, piv, sk2)
                        e = _ros2_error(y, sy1, sk1, sk2, h, rtol, atol)
                n_steps += 1
                if e <= 1.0:
                    for i in range(ns):
                        y[i] = sy1[i]
                    t = t_end if last else t + h
                    fac = min(5.0, 0.9 / math.sqrt(max(e, 1e-10)))
                    if rejected:
                        fac = min(fac, 1.0)
                    rejected = False
                    h = min(h * fac, h_max)
                else:
                    n_rej += 1
                    rejected = True
                    h = h * max(0.2, 0.9 / math.sqrt(e))
            # the valve states of the exact solution stay within [0, 1]; a large implicit
            # step may overshoot (the right-hand side clips them anyway)
            for i in range(n + 1, n + 1 + nv):
                y[i] = min(max(y[i], 0.0), 1.0)
            continue
        # samples exactly at the start of this row (the state itself: no interpolation)
        for i in range(ns):
            r[0, i] = y[i]
            r[1, i] = 0.0
            r[2, i] = 0.0
            r[3, i] = 0.0
            r[4, i] = 0.0
        h_dense = 1.0
        t_dense = t
        t_next = t
        rhs(t, y, d, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, obs, k[0])
        h = min(max(h, 1e-4), h_max)
        log_facold = _LOG_ERR_FLOOR  # log of the previous accepted step's error (floored)
        rejected = False
        last = False
        # marks of a periodic drive (see _MARK_BUF): where a step was accepted right after a
        # rejection, and its size, for the same place one period later
        period = 0.0
        if n_st == 4:
            period = drive_period(d, glob)
        n_mark = 0
        mp = 0  # the first mark not yet passed
        landing = False  # the current attempt ends on a mark
        h_cap = 0.0  # the marked step size: a cap on the step after landing
        h_orig = 0.0  # the step size the control proposed before landing
        t_mark = 0.0
        while True:
            # emit the samples in (t_dense, t_next] by dense output of the last accepted step
            # (t_next is exact at a row's end); at a row's start, those at its start time
            while i_s < n_samp and sample_row[i_s] == row and t_samples[i_s] <= t_next:
                ts = t_samples[i_s]
                th = min((ts - t_dense) / h_dense, 1.0)
                th1 = 1.0 - th
                for i in range(ns):
                    ys[i] = r[0, i] + th * (r[1, i] + th1 * (r[2, i] + th * (r[3, i] + th1 * r[4, i])))
                evaluate(ts, ys, d, node_p, link_g, valve_p, glob, node_topo, link_topo, obs)
                _record(i_s, ys, obs, step_idx, mode, trace, summ, ns, n)
                i_s += 1
            if last:
                break
            if n_steps >= max_steps:
                return MAX_STEPS, t, n_steps, n_rej
            if h < h_min:
                return STEP_TOO_SMALL, t, n_steps, n_rej
            landing = False
            if period > 0.0:
                # a step that would cross the next mark (one period on) ends on it instead
                mp = max(mp, n_mark - _MARK_BUF)  # older marks are overwritten
                while mp < n_mark and marks[0, mp % _MARK_BUF] + period <= t:
                    mp += 1
                if mp < n_mark:
                    t_mark = marks[0, mp % _MARK_BUF] + period
                    if t_mark < t + h:
                        h_orig = h
                        h_cap = marks[1, mp % _MARK_BUF]
                        if t_mark - t < _MARK_JOIN * h_cap:
                            # just before the mark: on to where the marked step ended instead
                            # of a short step to the mark
                            t_mark = min(t_mark + h_cap, t + h)
                            mp += 1
                        h = t_mark - t
                        landing = True
            if t + 1.01 * h >= t_end:
                h = t_end - t
                last = True
                landing = False
            # stages 2..n_st (the last one at the new solution y1)
            if n_st == 4:
                # Bogacki-Shampine: each stage's state in one pass (A[2, 0] = 0), the same
                # operations in the same order as the general loop below, so the same results
                a10 = h * tab_a[1, 0]
                for i in range(ns):
                    yt[i] = y[i] + a10 * k[0, i]
                rhs(t + tab_c[1] * h, yt, d, node_p, link_g, valve_p, glob, node_topo, link_topo,
                    lymph_target, obs, k[1])
                a21 = h * tab_a[2, 1]
                for i in range(ns):
                    yt[i] = y[i] + a21 * k[1, i]
                rhs(t + tab_c[2] * h, yt, d, node_p, link_g, valve_p, glob, node_topo, link_topo,
                    lymph_target, obs, k[2])
                a30, a31, a32 = h * tab_a[3, 0], h * tab_a[3, 1], h * tab_a[3, 2]
                for i in range(ns):
                    y1[i] = y[i] + a30 * k[0, i] + a31 * k[1, i] + a32 * k[2, i]
                rhs(t + tab_c[3] * h, y1, d, node_p, link_g, valve_p, glob, node_topo, link_topo,
                    lymph_target, obs, k[3])
            else:
                for st in range(1, n_st):
                    y_in = y1 if st == n_st - 1 else yt
                    for i in range(ns):
                        y_in[i] = y[i]
                    for j in range(st):
                        a = h * tab_a[st, j]
                        if a != 0.0:
                            for i in range(ns):
                                y_in[i] += a * k[j, i]
                    rhs(t + tab_c[st] * h, y_in, d, node_p, link_g, valve_p, glob, node_topo, link_topo,
                        lymph_target, obs, k[st])
            n_steps += 1
            e = 0.0
            nan_if_not_finite = 0.0  # y1 * 0 is NaN for an infinite or NaN y1: no branch per state
            if n_st == 4:  # Bogacki-Shampine: the error weights unrolled (no loop over stages)
                he0, he1, he2, he3 = h * tab_e[0], h * tab_e[1], h * tab_e[2], h * tab_e[3]
                for i in range(ns):
                    ei = he0 * k[0, i] + he1 * k[1, i] + he2 * k[2, i] + he3 * k[3, i]
                    q = ei / (atol[i] + rtol * max(abs(y[i]), abs(y1[i])))
                    e += q * q
                    nan_if_not_finite += y1[i] * 0.0
            else:
                for i in range(ns):
                    ei = 0.0
                    for j in range(n_st):
                        ei += tab_e[j] * k[j, i]
                    q = h * ei / (atol[i] + rtol * max(abs(y[i]), abs(y1[i])))
                    e += q * q
                    nan_if_not_finite += y1[i] * 0.0
            e = math.sqrt(e / ns)
            if not math.isfinite(nan_if_not_finite) or not math.isfinite(e):
                e = 1e10
                if h <= h_min * 2.0:
                    return NOT_FINITE, t, n_steps, n_rej
            # powers of the error by one log and one exp (two pow calls cost as much as the rest
            # of a step's bookkeeping)
            log_e = math.log(e) if e > 0.0 else -1e300
            if e <= 1.0:
                # accepted
                t_dense = t
                h_dense = h
                t_next = t_end if last else (t_mark if landing else t + h)
                if i_s < n_samp and sample_row[i_s] == row and t_samples[i_s] <= t_next:
                    for i in range(ns):
                        ydiff = y1[i] - y[i]
                        bspl = h * k[0, i] - ydiff
                        r[0, i] = y[i]
                        r[1, i] = ydiff
                        r[2, i] = bspl
                        r[3, i] = ydiff - h * k[n_st - 1, i] - bspl
                        dd = 0.0
                        for j in range(n_st):
                            dd += tab_d[j] * k[j, i]
                        r[4, i] = h * dd
                for i in range(ns):
                    y[i] = y1[i]
                    k[0, i] = k[n_st - 1, i]
                t = t_next
                # PI step-size control: uses the previous step's error; no growth right after a rejection
                # fac = e**expo1 / facold**beta / safe, within [1/fac_max, 1/fac_min]
                fac = math.exp(max(expo1 * log_e - beta * log_facold, _LOG_FAC_LO)) / _SAFE
                fac = max(1.0 / _FAC_MAX, min(1.0 / _FAC_MIN, fac))
                log_facold = max(log_e, _LOG_ERR_FLOOR)
                h_new = h / fac
                if rejected:
                    h_new = min(h_new, h)
                    if period > 0.0:  # mark this step's end and size for the next period
                        marks[0, n_mark % _MARK_BUF] = t
                        marks[1, n_mark % _MARK_BUF] = h
                        n_mark += 1
                elif landing:
                    # after a mark, no larger a step than the marked one (as after the rejection
                    # that made the mark); the mark is kept for the next period, its cap relaxed
                    h_new = min(h_new, h_cap)
                    if h_orig > h:
                        marks[0, n_mark % _MARK_BUF] = t
                        marks[1, n_mark % _MARK_BUF] = _MARK_RELAX * h_cap
                        n_mark += 1
                rejected = False
                h = min(h_new, h_max)
            else:
                n_rej += 1
                last = False
                rejected = True
                h = h / min(1.0 / _FAC_MIN, math.exp(expo1 * log_e) / _SAFE)
    return OK, t, n_steps, n_rej


@njit(parallel=True, **JIT_ENTRY)
def integrate_batch(
    y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target,
    t_samples, sample_row, mode, trace, summ,
    rtol, atol, h_max_active, h_max_rest, max_steps, h_min, info, method, rhs, evaluate,
):
    """Integrate every person of a batch in parallel; ``info[p] = (status, t, steps, rejected)``.

    ``method``: :data:`DOPRI5`, :data:`BS23` or :data:`AUTO`; ``rhs``, ``evaluate``: the
    model's compiled kernels (see :func:`integrate_person`).

    Per-person arrays have a leading batch axis: y0 (P, S), node_p (P, N, .),
    link_g (P, L), valve_p (P, M, .), glob (P, G), atol (P, S) (each person's own, see
    :func:`absolute_tolerances`, so that a person's result does not depend on who else is in
    the batch), trace (P, T, .) or a (P, 1, 1) placeholder, summ (P, steps, Q, 4) or a
    placeholder.
    """
    n_people = y0.shape[0]
    # an integer whether or not ``method`` was given, so that integrate_person compiles once
    code = resolve_method(rtol) if method == AUTO else method + 0
    for p in prange(n_people):
        status, t, steps, rej = integrate_person(
            y0[p], drive, node_p[p], link_g[p], valve_p[p], glob[p], node_topo, link_topo,
            lymph_target, t_samples, sample_row, mode, trace[p], summ[p],
            rtol, atol[p], h_max_active, h_max_rest, max_steps, h_min, code, rhs, evaluate,
        )
        info[p, 0] = status
        info[p, 1] = t
        info[p, 2] = steps
        info[p, 3] = rej


def _kernel_signatures(
    y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target, t_samples,
) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """The argument types with which :func:`_integrate` calls ``rhs`` and ``evaluate`` for these
    (batch) arguments, for :func:`calfpump._compile_ahead.compile_kernels`; None where they are
    not the usual contiguous arrays (the kernels are then only compiled where the integrator
    needs them)."""
    from numba import typeof, types

    per_person = [typeof(a[0]) for a in (y0, node_p, link_g, valve_p, glob)]
    shared = [typeof(a) for a in (drive, node_topo, link_topo, t_samples)]
    if any(not isinstance(t, types.Array) or t.layout != "C" for t in per_person + shared):
        return None
    if t_samples.dtype != np.float64 or y0.dtype != np.float64 or drive.ndim != 2:
        return None
    vec = types.Array(types.float64, 1, "C")  # the integrator's own work arrays
    row = shared[0].copy(ndim=1)  # one row of the drive table
    args = (types.float64, vec, row, *per_person[1:], shared[1], shared[2])
    if per_person[0] != vec:
        return None
    return (*args, typeof(lymph_target), vec, vec), (*args, vec)


#: The compiled entry points and kernel pairs :func:`integrate` has called in this process.
_CALLED: set[tuple[object, object, object]] = set()


def integrate(
    y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target,
    t_samples, sample_row, mode, trace, summ,
    rtol, atol, h_max_active, h_max_rest, max_steps, h_min, info, method, rhs, evaluate,
) -> None:
    """:func:`integrate_batch`'s arguments and results; a batch of one person runs
    :func:`integrate_person` directly.

    Every simulation of ``calfpump demo`` (and of a day, :mod:`calfpump.day`) is one person, and
    this way a fresh install never compiles the parallel loop for it: ``integrate_batch``'s own
    compilation (the parallel loop's gufunc and three wrappers, each re-optimizing and
    re-emitting the machine code of the whole linked integrator) cost about 9 s of a cold
    ``calfpump demo`` (docs/performance.md, 2026-11-29). The person's code is the same compiled
    ``integrate_person`` that the parallel loop calls, with the same argument types, so the
    results are the same bit for bit. The first call of an entry point with a kernel pair (where
    it may be compiled) runs through :func:`calfpump._jit.call_with_frame_room`.
    """
    args: tuple[Any, ...]
    if y0.shape[0] == 1:
        entry = integrate_person
        args = (
            y0[0], drive, node_p[0], link_g[0], valve_p[0], glob[0], node_topo, link_topo,
            lymph_target, t_samples, sample_row, mode, trace[0], summ[0],
            rtol, atol[0], h_max_active, h_max_rest, max_steps, h_min, method, rhs, evaluate,
        )
    else:
        entry = integrate_batch
        args = (
            y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo, lymph_target,
            t_samples, sample_row, mode, trace, summ,
            rtol, atol, h_max_active, h_max_rest, max_steps, h_min, info, method, rhs, evaluate,
        )
    key = (entry, rhs, evaluate)
    if key in _CALLED:
        result = entry(*args)
    else:
        sigs = _kernel_signatures(y0, drive, node_p, link_g, valve_p, glob, node_topo, link_topo,
                                  lymph_target, t_samples)
        if sigs is not None:
            call_with_frame_room(compile_kernels, rhs, evaluate, *sigs)
        result = call_with_frame_room(entry, *args)
        _CALLED.add(key)
    if entry is integrate_person:
        info[0, :] = result


def absolute_tolerances(
    n_nodes: int, n_valves: int, options: SolverOptions, valve_conductance: np.ndarray | None = None
) -> np.ndarray:
    """Per-state absolute tolerances for the state layout of :mod:`calfpump.model`.

    Volumes (and the interstitial volume and muscle activity) get ``atol``.
    A valve state's error moves blood in proportion to its link's open
    conductance ``G`` (mL/s/mmHg), so valve ``j`` gets
    ``min(atol_valve, VALVE_ATOL_PER_ATOL * atol) / max(G_j, 1)``: the same
    flow error for every valve, and a tighter ``atol`` tightens the valves
    too (Dormand-Prince: ``VALVE_ATOL_PER_ATOL_DOPRI5`` instead, so that tightening the
    tolerances past ``AUTO_RTOL_SWITCH`` does not loosen the result). The
    two cumulative boundary flows are left out of error control (they feed
    nothing back; conservation holds exactly whatever the tolerance).
    """
    atol = np.full(state_size(n_nodes, n_valves), options.atol)
    g = np.ones(n_valves) if valve_conductance is None else np.maximum(valve_conductance, 1.0)
    cap = VALVE_ATOL_PER_ATOL if options.method_code == BS23 else VALVE_ATOL_PER_ATOL_DOPRI5
    atol_valve = min(options.atol_valve, cap * options.atol)
    atol[n_nodes + 1 : n_nodes + 1 + n_valves] = atol_valve / g
    atol[n_nodes + n_valves + 2 :] = 1e30
    return atol
