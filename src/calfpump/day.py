"""A day: postures and activities over 24 hours, with foot venous pressure and swelling.

A day is a protocol (for example ``["Lie for 7 hours", "(Sit for 50 minutes,
Walk at 100 steps/min for 10 minutes) x 8", "Stand for 4 hours", ...]``, or one
built from a wearable's minute step counts by :func:`day_protocol`).
:func:`simulate_day` returns one row per minute: the mean dorsal foot (ankle)
vein pressure, the seconds above 50 mmHg, the calf pump contractions, and the
lower-leg volume (venous blood of the lower-leg nodes plus interstitial fluid).

Two methods solve the same model:

``"full"``
    Every second of the day at full resolution (the compiled integrator of
    :mod:`calfpump.solver`, continuous across steps, as :func:`calfpump.simulate`).
``"fast"``
    The two time scales apart. The veins settle to a steady (or, while walking,
    periodic) state within a minute or two of any change of activity, while
    the interstitial fluid changes over hours. So each step is simulated at full
    resolution for its first minutes (:data:`WINDOW_REST_S`,
    :data:`WINDOW_ACTIVE_S`, and on, half a minute at a time, while the veins are still
    moving: :data:`SETTLING_DRIFT_ML`; veins that refill after a walk take minutes);
    the rest of a long step is crossed in chunks of
    :data:`CHUNK_S`, over which only the interstitial volume moves, by
    ``dV/dt = J(V) - L(V)`` with the filtration ``J`` of the settled veins
    (linear in ``V``: the slope from the last two full-resolution windows) and
    the lymph law ``L`` of :mod:`calfpump.interstitium`; after each chunk a
    short full-resolution window (:data:`REWINDOW_S`) lets the veins respond
    to the new interstitial pressure and measures the next chunk's rates. A chunk
    is crossed as a straight line between the settled states before and after it;
    where those differ by more than :data:`SETTLED_BLOOD_ML` or
    :data:`SETTLED_MMHG`, the veins were still moving (raised legs refill over an
    hour; cycling and swimming settle over minutes) and the chunk is simulated at
    full resolution instead, as is a chunk over which the veins, drifting as at the end
    of the last full-resolution stretch, would move more than :data:`CHUNK_DRIFT_ML`
    (veins that refill for hours), and no chunk moves the tissue fluid more than
    :data:`CHUNK_VINT_ML`. Windows and chunks of a cyclic activity hold whole
    cycles (each stretch restarts the cycle's phase). The arterial inflow and the outflow to the heart are booked over each chunk so
    that volume stays conserved exactly. The error against ``"full"`` is
    measured by tests (``tests/integration/test_day.py``,
    ``tests/integration/test_day_fast_accuracy.py``) and, over 15 kinds of day, in
    ``docs/model-status.md`` ("Day simulator"): the day's mean foot pressure within
    0.01 mmHg, every minute's lower-leg volume within 0.8 % of the day's swing (1.1 mL), the
    evening peak of swelling within 0.5 % of its size (0.22 mL).

Examples
--------
>>> day = simulate_day(["Sit for 2 hours", "Walk at 100 steps/min for 10 minutes",
...                     "Stand for 2 hours"])
>>> d = day.to_dict()
>>> d["lower_leg_volume_change_mL"] > 0, d["calf_pump_ejections"]
(True, 500)
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .drive import SETTLE_S, build_drive
from .errors import ParameterError, SolverError, check_number, shown
from .interstitium import (
    interstitial_compliance,
    interstitial_pressure,
    lymph_flow,
    seated_lymph_factor,
)
from .kernels import kernels_for
from .model import (
    ANKLE_PUMP,
    CYCLE,
    D_ACT,
    D_DEVICE_INFLATE,
    D_DEVICE_TARGET,
    D_FREQ,
    D_INC,
    D_PREV,
    D_PREV_SQUEEZE,
    D_PREV_WATER,
    D_SIN,
    D_SQUEEZE,
    D_T0,
    D_T1,
    D_WATER,
    G_CFREE,
    G_CINT,
    G_CINTV,
    G_HYPTAU,
    G_LEX,
    G_LG,
    G_LMAX,
    G_LREF,
    G_LSEAT,
    G_PREF,
    G_VREF,
    NP_KF,
    REST,
    SQUEEZE,
    SWIM,
    TIPTOE,
    WALK,
    build,
    drive_period,
    obs_offsets,
    state_size,
    walk_stride_hz,
)
from .protocol import Protocol, Sit, Stand, Step, Walk, as_protocol
from .simulation import ParametersLike, ProtocolLike, initial_state, resolve_parameters, step_cap
from .solution import FOOT_NODE
from .solver import (
    N_STATS,
    OK,
    STATUS_TEXT,
    TRACE,
    SolverOptions,
    absolute_tolerances,
    integrate,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .parameters import ParameterValues
    from .person import Person

Method = Literal["fast", "full"]
Start = Literal["reference", "periodic"]

#: Foot pressure threshold of ``minutes_above_50_mmHg``, mmHg (ulcer incidence rises steeply
#: above an ambulatory venous pressure of 50 mmHg: Nicolaides AN et al. J Vasc Surg
#: 1993;17:414-419, 22 % at 41-50 mmHg, 38 % at 51-60 mmHg).
ABOVE_MMHG = 50.0
#: Sample interval at rest and while active, s (0.1 s resolves a stride of 0.6-2 s).
DT_REST_S = 1.0
DT_ACTIVE_S = 0.1
#: Fast path: full-resolution window at the start of a step that changes the activity or the
#: posture (veins settle within 10-60 s of a change of posture; refill after walking has an
#: RT90 of about 30 s; exercise hyperaemia decays with a 30 s time constant), s.
WINDOW_REST_S = 90.0
WINDOW_ACTIVE_S = 30.0
#: Fast path: window after a chunk, and at the start of a step that continues the same activity
#: and posture (a new cadence, another minute of sitting), s.
REWINDOW_REST_S = 20.0
REWINDOW_ACTIVE_S = 10.0
#: start="periodic": repeats of the protocol at most, and the change of the interstitial volume
#: over one repeat under which the day counts as periodic, mL.
PERIODIC_MAX_PASSES = 6
PERIODIC_TOL_ML = 0.5
#: Fast path: longest chunk crossed with the interstitium alone, and the shortest worth it, s.
CHUNK_REST_S = 1200.0
CHUNK_ACTIVE_S = 300.0
MIN_CHUNK_S = 20.0
#: Fast path: a chunk is crossed as a straight line between the settled states before and after
#: it; where these differ by more than this much venous blood of the lower leg (mL) or mean
#: foot pressure (mmHg), the veins were still moving (the slow refill of the collapsed veins of
#: raised legs; the first minutes of walking, cycling, swimming or heel raises) and the chunk is
#: simulated at full resolution instead (measured in docs/performance.md: 3 keeps the typical
#: day's worst minute within 2 % of its swing for 40 % more solver steps; 2 doubles the steps).
SETTLED_BLOOD_ML = 3.0
SETTLED_MMHG = 3.0
#: Shortest protocol simulate_day takes, s (its minute table needs a minute that has begun).
MIN_DAY_S = 1.0
#: Fast path: longest first chunk of a step, crossed with the guessed slope of filtration (the
#: chunks after it use the secant of two windows; seated, the tissue climbs its stiff gel limb
#: in the first tens of minutes, where a guessed slope errs most), s.
FIRST_CHUNK_S = 300.0
#: Fast path: the window at the start of a step goes on, ``span`` (30 s, or whole cycles) at a
#: time, while the mean lower-leg venous blood (mL) or mean foot pressure (mmHg) of its last span
#: differs from the span before by more than this: veins that refill slowly after a walk (seated
#: or standing: minutes, not the RT90 of 30 s) were taken as settled at 90 s, and the chunk after
#: it, a straight line from an unsettled start, missed the minute volumes by up to 1.7 mL and
#: the tissue's filtration, measured on veins still filling, by 0.2 mL a step (measured: the
#: audit table in docs/model-status.md). At most :data:`MAX_WINDOW_S` in all.
SETTLING_DRIFT_ML = 0.2
SETTLING_DRIFT_MMHG = 0.5
MAX_WINDOW_S = 600.0
#: Fast path: a chunk is crossed only if the veins, drifting as fast as at the end of the
#: last full-resolution stretch, would move less than this (mL of lower-leg venous blood) over
#: it. Veins that refill slowly for hours (lying with a stocking: 0.25 mL a minute) are held
#: through a chunk, and the short window after it does not let them catch up, so the check
#: of the settled ends passed a chunk drawn 2 mL low (audit, docs/model-status.md; 1 mL: the
#: same days at 1.4-1.8 times the solver steps).
CHUNK_DRIFT_ML = 2.0
#: Fast path: longest change of the interstitial volume over one chunk, mL. The filtration is
#: taken linear in the volume over a chunk (the secant of the windows before it), but the
#: tissue's pressure-volume law curves steeply on its gel limb: seated after 2 h of swimming,
#: 20-minute chunks that moved the tissue 5-10 mL each lost 0.9 mL of its fluid (4.6 % of the
#: 4-hour change; audit, docs/model-status.md). 1 mL: little better, 15 % more solver steps.
CHUNK_VINT_ML = 2.0


@dataclass(frozen=True)
class DayResult:
    """One simulated day, minute by minute.

    Attributes
    ----------
    minutes : pandas.DataFrame
        One row per minute: ``time_min`` (start of the minute), ``activity``,
        ``duration_s``, ``foot_mean_mmHg``, ``foot_above_50_s``,
        ``calf_ejections``, ``lower_leg_volume_mL`` (the minute's mean venous
        blood of the lower leg plus its interstitial fluid at the minute's
        end), ``interstitial_volume_mL``, ``lower_leg_volume_change_pct``
        (against the start), ``tissue_fluid_change_pct`` (the interstitial
        fluid alone against the start, percent of the lower leg: the swelling
        without the veins, whose filling follows the posture of the minute),
        ``ankle_circumference_cm`` (see :func:`ankle_circumference_cm`).
    start_volume_mL : float
        Lower-leg volume (blood plus interstitial fluid) at the start, mL.
    start_interstitial_mL : float
        Interstitial fluid volume at the start, mL.
    tissue_volume_mL : float
        The lower leg's tissue volume, the denominator of percent changes.
    protocol, parameters, method, start
        What was simulated, and how (``start``: the interstitial start state,
        ``"reference"`` or ``"periodic"``, see :func:`simulate_day`).
    """

    minutes: pd.DataFrame
    start_volume_mL: float
    tissue_volume_mL: float
    protocol: Protocol
    parameters: ParameterValues
    method: str
    stats: dict[str, int] = field(default_factory=dict)
    start: str = "reference"
    start_interstitial_mL: float = math.nan

    def to_dict(self) -> dict[str, float]:
        """The day in numbers (the stable keys of ``calfpump day --json``).

        ``peak_lower_leg_volume_change_pct`` is the largest swelling of the day (in the
        evening, for a working day), against the start; ``ankle_circumference_change_mm`` and
        ``peak_ankle_circumference_change_mm`` the same as a tape at the ankle reads it.
        """
        m = self.minutes
        change = float(m["lower_leg_volume_mL"].iloc[-1] - self.start_volume_mL)
        c0 = float(self.parameters["ankle_circumference_cm"])
        ankle_mm = 10.0 * (m["ankle_circumference_cm"].to_numpy() - c0)
        return {
            "mean_foot_pressure_mmHg": float(np.average(m["foot_mean_mmHg"], weights=m["duration_s"])),
            "minutes_above_50_mmHg": float(m["foot_above_50_s"].sum() / 60.0),
            "calf_pump_ejections": round(float(m["calf_ejections"].sum())),
            "lower_leg_volume_change_pct": 100.0 * change / self.tissue_volume_mL,
            "lower_leg_volume_change_mL": change,
            "peak_lower_leg_volume_change_pct": float(m["lower_leg_volume_change_pct"].max()),
            "ankle_circumference_change_mm": float(ankle_mm[-1]),
            "peak_ankle_circumference_change_mm": float(ankle_mm.max()),
        }

    def plot(self, path: str | Path | None = None) -> Any:
        """Foot pressure and lower-leg volume over the day (a matplotlib Figure)."""
        from .plotting import plot_day

        return plot_day(self, path)

    def to_parquet(self, path: str | Path) -> Path:
        """Write the minute table to a Parquet file (whole or not at all).

        The name must end in ``.parquet`` or ``.pq`` (or have no ending), as for
        :meth:`calfpump.Solution.to_parquet`.
        """
        from .io import atomic_write

        with atomic_write(path, "Parquet") as tmp:
            self.minutes.to_parquet(tmp, index=False)
        return Path(path)


def _calf_contractions(row: np.ndarray, t_a: float, t_b: float, glob: np.ndarray) -> float:
    """Calf pump contractions of this leg in ``[t_a, t_b]`` of a drive row (a pneumatic
    compression device squeezes the calf but is not a muscle contraction)."""
    act = int(row[D_ACT])
    if act == WALK:
        hz = walk_stride_hz(row, glob)
    elif act in (TIPTOE, ANKLE_PUMP, CYCLE, SWIM):
        hz = row[D_FREQ]
    else:
        return 0.0
    return hz * (t_b - t_a)


class _Minutes:
    """Per-minute accumulators of the day's outputs."""

    def __init__(self, t_end_s: float) -> None:
        n = math.ceil(t_end_s / 60.0 - 1e-9)
        self.n = n
        self.t_end = t_end_s
        self.p_dt = np.zeros(n)
        self.dt = np.zeros(n)
        self.above = np.zeros(n)
        self.calf = np.zeros(n)
        self.blood_dt = np.zeros(n)
        self.vint = np.full(n, np.nan)

    def samples(self, t: np.ndarray, dt: np.ndarray, p: np.ndarray, blood: np.ndarray,
                vint: np.ndarray) -> None:
        """Fold samples, each standing for the interval ``dt`` that ends at it; an interval
        across a minute's end (a step that ends between samples) is split between the two
        minutes (intervals are at most ``DT_REST_S``, so they cross at most one minute's end)."""
        m = np.clip(np.ceil(t / 60.0 - 1e-9).astype(np.int64) - 1, 0, self.n - 1)
        before = np.where(m > 0, np.clip(60.0 * m - (t - dt), 0.0, dt), 0.0)  # in minute m - 1
        for mm, w in ((m, dt - before), (np.maximum(m - 1, 0), before)):
            np.add.at(self.p_dt, mm, p * w)
            np.add.at(self.dt, mm, w)
            np.add.at(self.above, mm, w * (p > ABOVE_MMHG))
            np.add.at(self.blood_dt, mm, blood * w)
        # the last sample of each minute holds its end-of-minute interstitial volume
        last = np.r_[m[1:] != m[:-1], True]
        self.vint[m[last]] = vint[last]

    def interval(self, t_a: float, t_b: float, p_mean: tuple[float, float],
                 above_frac: tuple[float, float], vint_at: Any, blood: tuple[float, float]) -> None:
        """Fill ``[t_a, t_b]`` from steady values interpolated linearly in time."""
        span = t_b - t_a
        m0 = math.floor(t_a / 60.0 + 1e-9)
        m1 = math.ceil(t_b / 60.0 - 1e-9)
        for m in range(m0, min(m1, self.n)):
            a, b = max(t_a, 60.0 * m), min(t_b, 60.0 * (m + 1))
            if b <= a:
                continue
            w = 0.5 * (a + b - 2 * t_a) / span
            self.p_dt[m] += (b - a) * (p_mean[0] + w * (p_mean[1] - p_mean[0]))
            self.above[m] += (b - a) * min(1.0, max(0.0, above_frac[0] + w * (above_frac[1] - above_frac[0])))
            self.dt[m] += b - a
            self.blood_dt[m] += (b - a) * (blood[0] + w * (blood[1] - blood[0]))
            if b >= 60.0 * (m + 1) - 1e-9 or b >= t_b - 1e-9:
                self.vint[m] = vint_at(b)


class _Runner:
    """Full-resolution integration of one drive row from a given state."""

    def __init__(self, params: ParameterValues, options: SolverOptions) -> None:
        a = build(params)
        self.arrays = a
        self.kernels = kernels_for(a)
        self.n, self.nv = a.n_nodes, a.n_valves
        self.ns = state_size(self.n, self.nv)
        self.node_p, self.link_g = a.node_p[None], a.link_g[None]
        self.valve_p, self.glob = a.valve_p[None], a.glob[None]
        self.opts = options
        self.atol = absolute_tolerances(self.n, self.nv, options, a.valve_conductance)
        names = [nd.name for nd in params.network.nodes]
        offsets = obs_offsets(self.n, a.n_links)
        self.col_p = self.ns + offsets[0] + names.index(FOOT_NODE)
        self.col_jv = self.ns + offsets[4]
        self.lower = np.array([nd.lower_leg for nd in params.network.nodes])
        self.steps = 0

    def run(self, row: np.ndarray, y: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
        """Integrate ``row`` from ``row[D_T0]`` to ``row[D_T1]``; samples every ``dt`` and at the end."""
        t0, t1 = float(row[D_T0]), float(row[D_T1])
        k = math.floor((t1 - t0) / dt + 1e-9)
        ts = t0 + dt * np.arange(1, k + 1)
        if ts.size == 0 or ts[-1] < t1 - 1e-9:
            ts = np.append(ts, t1)
        ts[-1] = t1
        width = self.ns + self.arrays.n_obs
        trace = np.full((1, ts.size, width), np.nan)
        yy = y[None].copy()
        info = np.zeros((1, 4))
        max_steps = step_cap(self.opts, t1 - t0)
        integrate(
            yy, row[None].copy(), self.node_p, self.link_g, self.valve_p, self.glob,
            self.arrays.node_topo, self.arrays.link_topo, self.arrays.lymph_target,
            ts, np.zeros(ts.size, dtype=np.int64), TRACE, trace, np.zeros((1, 1, 1, N_STATS)),
            self.opts.rtol, self.atol[None], self.opts.max_step_active_s, self.opts.max_step_rest_s,
            max_steps, self.opts.min_step_s, info, self.opts.method_code, *self.kernels,
        )
        if int(info[0, 0]) != OK:
            raise SolverError(
                f"the solver stopped at t = {info[0, 1]:.6g} s of the day: "
                f"{STATUS_TEXT[int(info[0, 0])]}; check the parameters for extreme values"
            )
        self.steps += int(info[0, 2])
        y[:] = yy[0]
        return ts, trace[0]

    def fold(self, minutes: _Minutes, t_start: float, ts: np.ndarray, tr: np.ndarray) -> None:
        dt = np.diff(np.r_[t_start, ts])
        minutes.samples(ts, dt, tr[:, self.col_p], tr[:, : self.n][:, self.lower].sum(axis=1),
                        tr[:, self.n])

    def steady(self, ts: np.ndarray, tr: np.ndarray, period_s: float, span_s: float) -> dict[str, float]:
        """Means over the last whole cycles (at least ``span_s``) of a window."""
        if math.isfinite(period_s):
            span_s = period_s * math.ceil(span_s / period_s)
        sel = ts > ts[-1] - span_s - 1e-9
        if sel.sum() < 2:
            sel = np.ones(ts.size, dtype=bool)
        p = tr[sel, self.col_p]
        qin_col = self.n + self.nv + 2
        tt = ts[sel]
        dur = max(tt[-1] - tt[0], 1e-9)
        return {
            "p": float(p.mean()),
            "above": float(np.mean(p > ABOVE_MMHG)),
            "jv": float(tr[sel, self.col_jv : self.col_jv + self.n].sum(axis=1).mean()),
            "qin": float((tr[sel, qin_col][-1] - tr[sel, qin_col][0]) / dur),
            "blood": float(tr[sel, : self.n][:, self.lower].sum(axis=1).mean()),
            "vint": float(tr[-1, self.n]),
        }

    def _change(self, ts: np.ndarray, tr: np.ndarray, step_s: float) -> tuple[float, float] | None:
        """The change of the mean lower-leg venous blood (mL) and of the mean foot pressure
        (mmHg) from the ``step_s`` before the last ``step_s`` of a trace to that last
        ``step_s`` (None for a trace shorter than twice ``step_s``)."""
        if ts[-1] - ts[0] < 2.0 * step_s - 1e-6:
            return None
        last = ts > ts[-1] - step_s + 1e-9
        before = (ts > ts[-1] - 2.0 * step_s + 1e-9) & ~last
        blood = tr[:, : self.n][:, self.lower].sum(axis=1)
        p = tr[:, self.col_p]
        return (float(blood[last].mean() - blood[before].mean()),
                float(p[last].mean() - p[before].mean()))

    def drift(self, ts: np.ndarray, tr: np.ndarray, step_s: float) -> float:
        """The lower-leg venous blood's rate of change at the end of a trace, mL/s: the mean
        of its last ``step_s`` less that of the ``step_s`` before, over ``step_s`` (0 for a
        trace shorter than twice ``step_s``)."""
        change = self._change(ts, tr, step_s)
        return 0.0 if change is None else change[0] / step_s

    def settled(self, ts: np.ndarray, tr: np.ndarray, step_s: float) -> bool:
        """Whether the mean lower-leg blood and foot pressure of the last ``step_s`` of a trace
        differ from those of the ``step_s`` before by at most :data:`SETTLING_DRIFT_ML` and
        :data:`SETTLING_DRIFT_MMHG` (a trace shorter than twice ``step_s`` is not settled)."""
        change = self._change(ts, tr, step_s)
        return (change is not None and abs(change[0]) <= SETTLING_DRIFT_ML
                and abs(change[1]) <= SETTLING_DRIFT_MMHG)


def _whole(span_s: float, period_s: float) -> float:
    """``span_s`` rounded up to whole cycles of ``period_s``."""
    return period_s * math.ceil(span_s / period_s - 1e-9)


def _continues(prev: np.ndarray, row: np.ndarray) -> bool:
    """Whether ``row`` continues the activity and posture of ``prev`` (a new cadence or speed
    at most; a device must keep its cuff, pressure and cycle)."""
    same = bool(
        int(prev[D_ACT]) == int(row[D_ACT])
        and np.allclose(prev[D_INC : D_INC + 3], row[D_INC : D_INC + 3])
        and prev[D_WATER] == row[D_WATER]
        and prev[D_SQUEEZE] == row[D_SQUEEZE]
    )
    if same and _is_device(row):
        same = bool(prev[D_FREQ] == row[D_FREQ] and prev[D_DEVICE_TARGET] == row[D_DEVICE_TARGET]
                    and prev[D_DEVICE_INFLATE] == row[D_DEVICE_INFLATE])
    return same


def _is_device(row: np.ndarray) -> bool:
    """A squeeze that repeats: a pneumatic compression device."""
    return int(row[D_ACT]) == SQUEEZE and row[D_FREQ] > 0.0


def _continuation(row: np.ndarray, t_a: float, t_b: float) -> np.ndarray:
    """The same activity from ``t_a`` to ``t_b``, with its transitions (posture, water, squeeze) done."""
    r = row.copy()
    r[D_T0], r[D_T1] = t_a, t_b
    r[D_PREV : D_PREV + 3] = r[D_INC : D_INC + 3]
    r[D_PREV_WATER] = r[D_WATER]
    r[D_PREV_SQUEEZE] = r[D_SQUEEZE]
    return r


def _period_s(row: np.ndarray, glob: np.ndarray) -> float:
    """Period of the row's cycle (stride, heel raise, pedal turn, kick, device cycle), s; inf
    for a row without one (:func:`calfpump.model.drive_period`)."""
    period = float(drive_period(row, glob))
    return period if period > 0.0 else math.inf


def simulate_day(
    protocol: ProtocolLike,
    parameters: ParametersLike = "healthy",
    *,
    method: Method = "fast",
    start: Start = "reference",
    options: SolverOptions | None = None,
) -> DayResult:
    """Simulate a day (or any long protocol) minute by minute.

    Parameters
    ----------
    protocol
        The day as protocol steps (a :class:`~calfpump.protocol.Protocol`,
        step strings, or :func:`day_protocol` of wearable data); each step up to 7 days, the
        whole protocol of any length from :data:`MIN_DAY_S` (the minute table grows with it).
    parameters
        A preset name or :class:`~calfpump.parameters.ParameterValues` (for a
        person: ``Person(...).parameters(ParameterValues.preset("healthy"))``).
    method
        ``"fast"`` (two time scales, the default) or ``"full"`` (every second). Measured
        against ``"full"`` on 15 kinds of day (docs/model-status.md, "Day simulator"): mean
        foot pressure within 0.01 mmHg, minutes above 50 mmHg within 0.1, calf ejections
        equal, each minute's lower-leg volume within 0.8 % of the day's swing, the evening
        peak of swelling within 0.5 % of itself (four shorter protocols: the change within
        1.1 %). The change at the end of a day that ends after a night's lying is near zero
        (the night drains the day), so its error, though under 0.02 mL, can be several
        percent of it. Days of walks of a few minutes, or of wearable minutes, gain little
        speed (measured: full resolution took 0.85-1.9 times as long); a typical day, 5-14
        times.
    start
        The interstitial fluid at the start: ``"reference"`` (the default: the
        reference state of the parameters, a person up and about in the morning,
        as Tessari 2013's subjects were measured) or ``"periodic"`` (the state the
        same protocol ends in, as for a day that repeats: the protocol is run once
        to find it, then again from its end until it ends within
        :data:`PERIODIC_TOL_ML` of where it started, at most
        :data:`PERIODIC_MAX_PASSES` repeats; free fluid that a night does not
        drain carries over to the next day, so a day of long standing may take
        a few; a day that has not repeated after them, such as one without a night's
        lying, is an error). Volume changes are against the start either way.
    options
        Integrator options.

    Returns
    -------
    DayResult

    Raises
    ------
    calfpump.errors.SolverError
        The solver failed, or ``start="periodic"`` found no repeating day.

    Examples
    --------
    >>> r = simulate_day(["Stand for 1 hour"], method="full")
    >>> len(r.minutes), r.to_dict()["minutes_above_50_mmHg"]
    (60, 60.0)
    """
    if not isinstance(method, str) or method not in ("fast", "full"):
        raise ParameterError(f"method = {shown(method)}: must be 'fast' or 'full'")
    if not isinstance(start, str) or start not in ("reference", "periodic"):
        raise ParameterError(f"start = {shown(start)}: must be 'reference' or 'periodic'")
    if options is not None and not isinstance(options, SolverOptions):
        raise ParameterError(f"options must be a SolverOptions, not {type(options).__name__}")
    if type(protocol).__name__ == "DataFrame":  # a minute table (pandas), whose columns are no steps
        raise ParameterError(
            "protocol is a table (a DataFrame); turn a minute table of steps and postures into a "
            "protocol with day_protocol(table) first"
        )
    proto = as_protocol(protocol)
    if not proto.duration_s >= MIN_DAY_S:
        raise ParameterError(
            f"the protocol lasts {proto.duration_s:g} s; simulate_day needs at least {MIN_DAY_S:g} s "
            "(its result is a table of minutes; simulate a shorter protocol with calfpump.simulate)"
        )
    params = resolve_parameters(parameters)
    opts = options or SolverOptions()
    first, v_end = _simulate_once(proto, params, method, opts, None)
    if start == "reference":
        return first
    steps = first.stats["steps"]
    for _ in range(PERIODIC_MAX_PASSES):
        result, v_next = _simulate_once(proto, params, method, opts, v_end)
        steps += result.stats["steps"]
        drift = v_next - v_end
        v_end = v_next
        if abs(drift) < PERIODIC_TOL_ML:
            return replace(result, start="periodic", stats={"steps": steps})
    raise SolverError(
        f"start='periodic': the day did not repeat: after {PERIODIC_MAX_PASSES} repeats it still ends "
        f"{drift:+.1f} mL of tissue fluid from where it began (allowed: {PERIODIC_TOL_ML:g} mL); a day "
        "without enough lying gains (or loses) fluid day after day; use start='reference'")


def _simulate_once(proto: Protocol, params: ParameterValues, method: str, opts: SolverOptions,
                   v_int_start: float | None) -> tuple[DayResult, float]:
    """One pass through the protocol; also returns the interstitial volume at its end."""
    drive = build_drive(proto, SETTLE_S)
    runner = _Runner(params, opts)
    a = runner.arrays
    glob = a.glob
    y = initial_state(a, drive)
    if v_int_start is not None:
        y[runner.n] = v_int_start
    runner.run(drive.table[0], y, SETTLE_S)
    n, nv = runner.n, runner.nv
    start_volume = float(y[:n][runner.lower].sum() + y[n])
    start_vint = float(y[n])
    minutes = _Minutes(drive.t_end_s)
    labels = np.empty(minutes.n, dtype=object)

    for k in range(1, drive.table.shape[0]):
        row = drive.table[k]
        t0, t1 = float(row[D_T0]), float(row[D_T1])
        m0, m1 = math.floor(t0 / 60.0 + 1e-9), math.ceil(t1 / 60.0 - 1e-9)
        labels[m0:m1] = proto[k - 1].label
        # calf contractions (exact, from the drive) per minute
        for m in range(m0, min(m1, minutes.n)):
            minutes.calf[m] += _calf_contractions(row, max(t0, 60.0 * m), min(t1, 60.0 * (m + 1)), glob)
        # muscle activity (exercise hyperaemia, lymph), and a cycle to resolve (a device too)
        active = int(row[D_ACT]) not in (REST, SQUEEZE)
        cyclic = active or _is_device(row)
        period = _period_s(row, glob)
        dt = DT_ACTIVE_S if cyclic else DT_REST_S
        rewindow = REWINDOW_ACTIVE_S if active else REWINDOW_REST_S
        window = rewindow if _continues(drive.table[k - 1], row) and k > 1 else (
            WINDOW_ACTIVE_S if active else WINDOW_REST_S)
        span = 30.0  # the settled state is the mean over the window's last 30 s of whole cycles
        if math.isfinite(period):  # a window holds at least a whole cycle (a device's: up to a minute)
            span = max(span, period)
            # whole cycles: each continuation restarts the cycle's phase at its start, so a
            # window, chunk or rewindow that ends mid-cycle would hand the veins' state at one
            # phase to the drive at another
            rewindow, window = _whole(max(rewindow, period), period), _whole(max(window, 2.0 * period), period)
        chunk = CHUNK_ACTIVE_S if cyclic else CHUNK_REST_S
        seat = float(seated_lymph_factor(row[D_SIN + 1], row[D_SIN + 2], glob[G_LSEAT]))
        if method == "full" or t1 - t0 < window + rewindow + MIN_CHUNK_S:
            ts, tr = runner.run(row, y, dt)
            runner.fold(minutes, t0, ts, tr)
            continue
        first = row.copy()
        first[D_T1] = t0 + window
        ts, tr = runner.run(first, y, dt)
        runner.fold(minutes, t0, ts, tr)
        t = t0 + window
        # the window goes on while the veins are still moving (the chunks assume settled veins)
        step_s = period * math.ceil(span / period) if math.isfinite(period) else span
        while (t - t0 < MAX_WINDOW_S and t1 - t >= step_s + rewindow + MIN_CHUNK_S
               and not runner.settled(ts, tr, step_s)):
            ts_more, tr_more = runner.run(_continuation(row, t, t + step_s), y, dt)
            runner.fold(minutes, t, ts_more, tr_more)
            ts, tr = np.r_[ts, ts_more], np.r_[tr, tr_more]
            t += step_s
        st = runner.steady(ts, tr, period, min(t - t0, span))
        slope: float | None = None
        # the veins' drift at the end of the last full-resolution stretch of this step (mL/s;
        # unknown after a crossed chunk, whose window starts from veins held through it)
        drift = runner.drift(ts, tr, step_s)
        while t < t1 - 1e-9:
            t_jump = min(t + (chunk if slope is not None else min(chunk, FIRST_CHUNK_S)), t1 - rewindow)
            if math.isfinite(period):
                t_jump = t + period * math.floor((t_jump - t) / period + 1e-9)
            if t_jump - t < MIN_CHUNK_S:  # too short to cross: simulate the rest
                ts, tr = runner.run(_continuation(row, t, t1), y, dt)
                runner.fold(minutes, t, ts, tr)
                break
            times, path = _integrate_vint(st, slope, t_jump - t, a, active, seat)
            moved = np.abs(path - path[0]) > CHUNK_VINT_ML
            if moved.any():
                # the filtration is linear in V over a chunk: shorten a chunk that moves the
                # tissue far along its curved pressure-volume law
                span_s = max(float(times[int(np.argmax(moved))]), MIN_CHUNK_S)
                if math.isfinite(period):
                    span_s = _whole(span_s, period)
                if span_s < t_jump - t - 1e-9:
                    t_jump = t + span_s
                    times, path = _integrate_vint(st, slope, t_jump - t, a, active, seat)
            t_re = min(t_jump + rewindow, t1)
            if abs(drift) * (t_jump - t) > CHUNK_DRIFT_ML:
                # veins still drifting (a slow refill, lying with a stocking: 0.25 mL/min for
                # hours) would move more than CHUNK_DRIFT_ML over it, and the short window
                # after a chunk does not let veins held through it catch up: simulate it
                ts, tr = runner.run(_continuation(row, t, t_re), y, dt)
                st_new = runner.steady(ts, tr, period, min(rewindow, span))
                runner.fold(minutes, t, ts, tr)
                drift = runner.drift(ts, tr, step_s)
                if abs(st_new["vint"] - st["vint"]) > 1e-6:
                    slope = (st_new["jv"] - st["jv"]) / (st_new["vint"] - st["vint"])
                st = st_new
                t = t_re
                continue
            y_end = _cross(y, st, float(path[-1]), t_jump - t, a, n, nv, active)
            vint_at = _interpolator(times + t, path)
            # the window after the chunk measures the veins' new steady state
            y_start = y.copy()
            y[:] = y_end
            ts, tr = runner.run(_continuation(row, t_jump, t_re), y, dt)
            st_new = runner.steady(ts, tr, period, min(rewindow, span))
            drift = 0.0
            if (abs(st_new["blood"] - st["blood"]) > SETTLED_BLOOD_ML
                    or abs(st_new["p"] - st["p"]) > SETTLED_MMHG):
                # the veins were still moving: the chunk is not a straight line, so it is
                # simulated at full resolution instead (from the state before it)
                y[:] = y_start
                ts, tr = runner.run(_continuation(row, t, t_re), y, dt)
                st_new = runner.steady(ts, tr, period, min(rewindow, span))
                runner.fold(minutes, t, ts, tr)
                drift = runner.drift(ts, tr, step_s)
            else:
                minutes.interval(t, t_jump, (st["p"], st_new["p"]), (st["above"], st_new["above"]),
                                 vint_at, (st["blood"], st_new["blood"]))
                runner.fold(minutes, t_jump, ts, tr)
            if abs(st_new["vint"] - st["vint"]) > 1e-6:
                slope = (st_new["jv"] - st["jv"]) / (st_new["vint"] - st["vint"])
            st = st_new
            t = t_re
    result = _result(minutes, labels, proto, params, method, start_volume, start_vint, runner.steps)
    return result, float(y[n])


def _slope_guess(st: dict[str, float], a: Any) -> float:
    """dJ/dV before two windows give a secant: the veins hold their pressure (as standing),
    so filtration falls by the filtration coefficient for each mmHg of interstitial pressure."""
    glob = a.glob
    c = interstitial_compliance(st["vint"], glob[G_VREF], glob[G_CINT], glob[G_CINTV], glob[G_CFREE])
    return -float(a.node_p[:, NP_KF].sum()) / c


def _lymph(v: float, glob: np.ndarray, activity: float, seat: float = 1.0) -> float:
    """Lymph flow at interstitial volume ``v`` (``seat``: :func:`seated_lymph_factor` of the posture)."""
    p_i = interstitial_pressure(v, glob[G_VREF], glob[G_PREF], glob[G_CINT], glob[G_CINTV], glob[G_CFREE])
    return seat * lymph_flow(p_i, glob[G_PREF], glob[G_LREF], glob[G_LG], glob[G_LMAX], glob[G_LEX], activity)


def _interpolator(times: np.ndarray, values: np.ndarray) -> Any:
    """V_int(t) between the substeps of a chunk."""

    def at(t: float) -> float:
        return float(np.interp(t, times, values))

    return at


def _integrate_vint(st: dict[str, float], slope: float | None, span: float, a: Any,
                    active: bool, seat: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Interstitial volume over ``span`` seconds of the settled veins.

    ``dV/dt = J0 + s (V - V0) - L(V)`` by backward Euler in substeps of at most 60 s (the
    interstitium's time constants are hours; implicit, because the tissue stiffens steeply
    as it dries out). The slope ``s`` is never positive: more fluid in the tissue raises its
    pressure and so lowers filtration.
    """
    glob = a.glob
    s = slope if slope is not None else _slope_guess(st, a)
    s = min(s, 0.0)
    act = 1.0 if active else 0.0
    v0, j0 = st["vint"], st["jv"]
    k = max(1, math.ceil(span / 60.0))
    h = span / k
    values = np.empty(k + 1)
    values[0] = v = v0
    for i in range(k):
        # solve g(x) = x - v - h (j0 + s (x - v0) - L(x)) = 0; g is increasing in x
        x = v
        for _ in range(50):
            lx = _lymph(x, glob, act, seat)
            dl = (_lymph(x + 1e-3, glob, act, seat) - lx) / 1e-3
            g = x - v - h * (j0 + s * (x - v0) - lx)
            dg = 1.0 - h * (s - dl)
            step = g / dg
            x -= step
            if abs(step) < 1e-9:
                break
        v = x
        values[i + 1] = v
    return np.linspace(0.0, span, k + 1), values


def _cross(y: np.ndarray, st: dict[str, float], v_new: float, span: float, a: Any,
           n: int, nv: int, active: bool) -> np.ndarray:
    """The state after a chunk: new interstitial volume, settled muscle activity, booked flows."""
    y_end = y.copy()
    dv = v_new - y[n]
    y_end[n] = v_new
    target = 1.0 if active else 0.0
    y_end[n + 1 + nv] = target + (y[n + 1 + nv] - target) * math.exp(-span / a.glob[G_HYPTAU])
    # arterial inflow at its settled rate; the outflow to the heart takes what did not filter
    q_in = st["qin"] * span
    y_end[n + 2 + nv] += q_in
    y_end[n + 3 + nv] += q_in - dv
    return y_end


def ankle_circumference_cm(volume_change_mL: Any, tissue_volume_mL: float, morning_cm: float) -> Any:
    """Ankle circumference (cm) after the lower leg's volume changed by ``volume_change_mL``.

    The lower leg is taken to change evenly over its length and around it (a segment of fixed
    length whose cross-sections all grow alike), so its girth goes with the square root of its
    volume: ``C = C_0 sqrt(1 + dV / V)``. The ankle itself swells a little more than the
    average (after 8 h of sitting: malleolus +2.7 %, calf +2.4 % circumference; Kurosawa Y et
    al. Med Sci Sports Exerc 2021, doi 10.1249/MSS.0000000000002822, abstract read), so this
    reads the ankle slightly low. ``volume_change_mL`` counts blood and tissue fluid alike, as a
    tape does.

    Examples
    --------
    >>> round(float(ankle_circumference_cm(0.21 * 1000.0, 1000.0, 22.0)), 6)
    24.2
    """
    ratio = np.maximum(1.0 + np.asarray(volume_change_mL, dtype=float) / tissue_volume_mL, 0.0)
    return morning_cm * np.sqrt(ratio)


def _result(minutes: _Minutes, labels: np.ndarray, proto: Protocol, params: ParameterValues,
            method: str, start_volume: float, start_vint: float, steps: int) -> DayResult:
    import pandas as pd

    dur = np.maximum(minutes.dt, 1e-12)
    lower_leg = minutes.blood_dt / dur + minutes.vint
    tissue = float(params["lower_leg_tissue_volume_mL"])
    frame = pd.DataFrame({
        "time_min": np.arange(minutes.n, dtype=float),
        "activity": labels.astype(str),
        "duration_s": minutes.dt,
        "foot_mean_mmHg": minutes.p_dt / dur,
        "foot_above_50_s": minutes.above,
        "calf_ejections": minutes.calf,
        "lower_leg_volume_mL": lower_leg,
        "interstitial_volume_mL": minutes.vint,
        "lower_leg_volume_change_pct": 100.0 * (lower_leg - start_volume) / tissue,
        "tissue_fluid_change_pct": 100.0 * (minutes.vint - start_vint) / tissue,
        "ankle_circumference_cm": ankle_circumference_cm(lower_leg - start_volume, tissue,
                                                         float(params["ankle_circumference_cm"])),
    })
    if not np.all(np.isfinite(frame[["foot_mean_mmHg", "lower_leg_volume_mL"]].to_numpy())):
        raise SolverError("the day produced non-finite outputs; the run is not trustworthy")
    return DayResult(frame, start_volume, tissue, proto, params, method, {"steps": steps},
                     start_interstitial_mL=start_vint)


# ---------------------------------------------------------------- wearable minutes -> protocol

#: Below this many steps in a minute the person is taken to walk at their habitual cadence for
#: part of the minute and stand for the rest (a cadence under 60 steps/min is not steady
#: walking; assumption).
MIN_STEADY_CADENCE_SPM = 60.0
#: The highest cadence a :class:`~calfpump.protocol.Walk` step takes, steps/min. The wearable
#: readers keep minutes of up to 300 steps (running); a minute above this is walked at it.
MAX_WALK_CADENCE_SPM = 200.0


def day_protocol(
    minute_table: pd.DataFrame,
    *,
    habitual_cadence_spm: float = 100.0,
    unknown: str = "sit",
) -> Protocol:
    """A day protocol from a table of minutes (``steps`` and ``posture`` columns).

    A minute with ``s`` steps becomes walking at ``s`` steps/min (rounded) when
    ``s >= MIN_STEADY_CADENCE_SPM`` (or ``s >= habitual_cadence_spm``, for a
    habitual cadence under it: the minute is walked whole), at most
    :data:`MAX_WALK_CADENCE_SPM` (a
    running minute of 201-300 steps is walked at 200 steps/min: the model has
    no faster gait, so its calf contractions are counted low); with fewer
    steps, walking at the habitual cadence for ``s / habitual_cadence_spm`` of
    the minute and standing for the rest (a person taking a few steps is on
    their feet). Each minute of the table lasts a minute of the protocol. A minute with less than one step counts as without steps. A
    minute without steps takes the table's ``posture`` (``lie``,
    ``legs-raised``, ``sit`` or ``stand``); minutes with no posture (None or
    NaN) take ``unknown``. Consecutive identical minutes are merged into one
    step.

    Raises
    ------
    calfpump.errors.ParameterError
        A count that is negative, infinite or over 300 (NaN is unknown), or a posture that is
        not one of the four; the message names the row and the value.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"steps": [0, 0, 100, 100, 30], "posture": ["sit"] * 5})
    >>> [s.text for s in day_protocol(t)]
    ['Sit for 2 minutes', 'Walk at 100 steps/min for 138 seconds', 'Stand for 42 seconds']
    """
    import pandas as pd

    from .protocol import Lie, LieLegsRaised

    if not isinstance(minute_table, pd.DataFrame) or "steps" not in minute_table:
        raise ParameterError("day_protocol needs a DataFrame with a 'steps' column (and 'posture')")
    habitual_cadence_spm = check_number("habitual_cadence_spm", habitual_cadence_spm, 30.0, 200.0, "steps/min")
    postures: dict[str, Any] = {"sit": Sit, "stand": Stand, "lie": Lie, "legs-raised": None}
    if not isinstance(unknown, str) or unknown not in postures:
        raise ParameterError(f"unknown = {shown(unknown)}: must be one of {sorted(postures)}")
    for column in ("steps", "posture"):
        if column in minute_table and not isinstance(minute_table[column], pd.Series):
            raise ParameterError(f"the minute table has more than one {column!r} column")
    steps = _step_counts(minute_table["steps"])
    posture = (minute_table["posture"].astype(object).to_numpy() if "posture" in minute_table
               else np.full(steps.size, None, dtype=object))
    bad = np.flatnonzero(~np.isnan(steps) & ~((steps >= 0) & (steps <= 300)))
    if len(bad):
        i = int(bad[0])
        raise ParameterError(
            f"minute table row {i}: steps = {float(steps[i])!r}; steps per minute must lie between 0 and "
            "300, or be NaN (unknown); clean the data first (calfpump.read_steps marks minutes "
            "over 300 unknown)")
    odd = [i for i, p in enumerate(posture) if not _missing(p) and not (isinstance(p, str) and p in postures)]
    if odd:
        raise ParameterError(
            f"minute table row {odd[0]}: posture = {posture[odd[0]]!r} is not a posture; allowed: "
            f"{', '.join(postures)}, or None/NaN for the assumed posture ({unknown!r})")
    pieces: list[tuple[str, float, float]] = []  # (kind, cadence, seconds)
    for s, p in zip(steps, posture, strict=True):
        name = p if isinstance(p, str) else unknown
        if math.isfinite(s) and s >= min(MIN_STEADY_CADENCE_SPM, habitual_cadence_spm):
            # (a slow walker's minute of at least their habitual cadence fills the minute too)
            pieces.append(("walk", float(min(round(s), MAX_WALK_CADENCE_SPM)), 60.0))
        elif math.isfinite(s) and s >= 1:
            walk_s = 60.0 * s / habitual_cadence_spm
            pieces.append(("walk", habitual_cadence_spm, walk_s))
            pieces.append(("stand", 0.0, 60.0 - walk_s))
        else:
            pieces.append((name, 0.0, 60.0))
    merged: list[list[Any]] = []
    for kind, cad, sec in pieces:
        if sec <= 0:
            continue
        if merged and merged[-1][0] == kind and merged[-1][1] == cad:
            merged[-1][2] += sec
        else:
            merged.append([kind, cad, sec])
    out: list[Step] = []
    for kind, cad, sec in merged:
        if kind == "walk":
            out.append(Walk(sec, cad))
        elif kind == "legs-raised":
            out.append(LieLegsRaised(sec, 30.0))
        else:
            cls = postures[kind]
            assert cls is not None
            out.append(cls(sec))
    return Protocol(out)


def _missing(value: Any) -> bool:
    """A posture not given: None, NaN or pandas' NA/NaT."""
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(np.ndim(value) == 0 and pd.isna(value)))


def _step_counts(column: pd.Series) -> np.ndarray:
    """A minute table's ``steps`` as floats (NaN: unknown); text, truth values, complex numbers,
    dates and time spans are a ParameterError naming the row (pandas would turn ``"12"`` into
    12, ``True`` into 1 step and a complex count into its real part)."""
    kind = column.dtype.kind
    if kind in ("i", "u", "f"):
        return column.to_numpy(dtype=float, na_value=np.nan)
    values = column.astype(object).to_numpy()
    out = np.full(values.size, np.nan)
    for i, v in enumerate(values):
        if _missing(v):
            continue
        if isinstance(v, (bool, np.bool_, np.timedelta64, np.datetime64)) or not isinstance(v, numbers.Real):
            raise ParameterError(
                f"minute table row {i}: steps = {shown(v)} ({type(v).__name__}) is not a step count; "
                "steps per minute must be numbers from 0 to 300, or NaN (unknown)")
        try:
            out[i] = float(v)
        except OverflowError:
            out[i] = math.inf
    return out


# ---------------------------------------------------------------- a typical day of a person

def typical_day(
    person: Person | None = None,
    *,
    work: Literal["sit", "stand"] = "sit",
    walking_breaks: bool = False,
    evening_legs_raised_h: float = 0.0,
) -> Protocol:
    """A working day for ``person``, from waking at 07:00 to waking the next day.

    The person's daily steps (:attr:`Person.effective_steps_per_day`, which heel pain lowers)
    are walked at their cadence (at most 300 minutes): a fifth on each commute (at most its
    30 minutes; more goes to the working hours), half in short walks spread over the working
    hours, a tenth in the evening. Heel pain adds time on the feet
    (:func:`calfpump.plantar_fasciitis.extra_standing_hours`), taken from sitting at work.
    ``walking_breaks`` adds a 5-minute walk every working hour; ``evening_legs_raised_h``
    spends part of the evening lying with the legs raised 30 degrees.

    Timeline: 07:00-08:00 stand 30 min, sit, commute walk; 08:00-17:00 work in nine hourly
    blocks; 17:00-18:00 commute walk, sit; 18:00-23:00 evening (stand 30 min, sit, evening
    walk); 23:00-07:00 lie. The shares are assumptions. The day starts from the interstitial
    reference state, that of a person up and about in the morning (as Tessari 2013's subjects
    were measured), so ``peak_lower_leg_volume_change_pct`` is the evening swelling.

    Examples
    --------
    >>> from calfpump import Person
    >>> p = typical_day(Person(steps_per_day=6000))
    >>> round(p.duration_s / 3600.0, 3)
    24.0
    """
    from .person import Person
    from .plantar_fasciitis import extra_standing_hours
    from .protocol import Lie, LieLegsRaised

    person = person if person is not None else Person.create()
    if not isinstance(person, Person):
        raise ParameterError(f"person must be a Person, not {type(person).__name__}")
    if not isinstance(work, str) or work not in ("sit", "stand"):
        raise ParameterError(f"work = {shown(work)}: must be 'sit' or 'stand'")
    evening_legs_raised_h = check_number("evening_legs_raised_h", evening_legs_raised_h, 0.0, 4.0, "h")
    if not isinstance(walking_breaks, (bool, np.bool_)):
        raise ParameterError(f"walking_breaks = {shown(walking_breaks)} must be True or False")
    cadence = person.effective_cadence_spm
    walk_min = min(person.effective_steps_per_day / cadence, 300.0)
    # a commute fills at most its half hour; walking beyond it goes to the working hours
    commute, evening_walk = min(0.2 * walk_min, 30.0), 0.1 * walk_min
    per_hour = (walk_min - 2.0 * commute - evening_walk) / 9.0
    extra_stand = 60.0 * extra_standing_hours(person.heel_pain) / 9.0  # per working hour
    rest_posture: dict[str, type[Step]] = {"sit": Sit, "stand": Stand}
    steps: list[Step] = []

    def add(cls: Any, minutes: float, *args: Any) -> None:
        if minutes > 1e-6:
            steps.append(cls(60.0 * minutes, *args))

    add(Stand, 30.0)
    add(Sit, 30.0 - commute)
    add(Walk, commute, cadence)
    for _ in range(9):
        breaks = 5.0 if walking_breaks else 0.0
        stand = extra_stand if work == "sit" else 0.0
        add(Walk, per_hour + breaks, cadence)
        add(Stand, stand)
        add(rest_posture[work], 60.0 - per_hour - breaks - stand)
    add(Walk, commute, cadence)
    add(Sit, 60.0 - commute)
    add(Stand, 30.0)
    add(Walk, evening_walk, cadence)
    add(Sit, 270.0 - evening_walk - 60.0 * evening_legs_raised_h)
    if evening_legs_raised_h > 0:
        add(LieLegsRaised, 60.0 * evening_legs_raised_h, 30.0)
    add(Lie, 480.0)
    return Protocol(steps)
