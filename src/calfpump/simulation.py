"""One entry point to run the model: :func:`simulate` (one person, full trace)
and :func:`simulate_batch` (many people, traces or running summaries).

Examples
--------
>>> import calfpump
>>> sol = calfpump.simulate(["Stand for 1 minute", "Walk at 100 steps/min for 1 minute"])
>>> rows = sol.step_summary()
>>> rows[1]["foot_mean_mmHg"] < rows[0]["foot_mean_mmHg"]
True
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .drive import SETTLE_S, Drive, build_drive
from .errors import ParameterError, SolverError, check_number, shown
from .hydrostatics import node_heights, upright_fraction
from .kernels import kernels_for, topology_of
from .model import (
    D_INC,
    D_T1,
    G_HDEPTH,
    G_LSHANK,
    G_LTHIGH,
    G_LTRUNK,
    G_MREST,
    G_PRA,
    G_PRA_UP,
    G_PREF,
    G_RHOG,
    G_VREF,
    NP_DIST,
    NP_K,
    NP_KC,
    NP_LOWER,
    NP_M,
    NP_N,
    NP_V0,
    ModelArrays,
    build,
)
from .parameters import ParameterValues
from .person import Person
from .protocol import Protocol, Step, as_protocol
from .solution import BatchSummary, Solution
from .solver import (
    N_STATS,
    OK,
    STATUS_TEXT,
    SUMMARY,
    TRACE,
    SolverOptions,
    absolute_tolerances,
    integrate,
)
from .tube_law import volume_at_pressure

ProtocolLike = Protocol | Step | str | Sequence[Step | str]

#: Largest trace (or batch of summaries) a run may allocate, bytes (beyond it: a clear error, not
#: an out-of-memory kill).
MAX_TRACE_BYTES = 4_000_000_000
ParametersLike = ParameterValues | str


_PRESETS: dict[str, tuple[bytes, ParameterValues]] = {}


def _preset(name: str) -> ParameterValues:
    """``ParameterValues.preset(name)``, parsed again only when a preset file changes.

    Parsing and checking a preset's TOML takes about 5 ms, a few per cent of
    a 10-minute walk; reading the few small files to detect a change, ~0.1 ms.
    Each call returns a new object.
    """
    folder = resources.files("calfpump") / "data" / "presets"
    try:
        key = b"\0".join(
            p.read_bytes() for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".toml")
        )
    except OSError:
        return ParameterValues.preset(name)
    hit = _PRESETS.get(name)
    if hit is None or hit[0] != key:
        hit = (key, ParameterValues.preset(name))
        _PRESETS[name] = hit
    return hit[1].update({})


#: What a Person given as model parameters is told to do.
_PERSON_HINT = ("not a Person: map the person onto veins first, "
                "person.parameters(\"healthy\") (or another preset name or ParameterValues)")


def resolve_parameters(parameters: ParametersLike) -> ParameterValues:
    """A :class:`ParameterValues` from itself or a preset name."""
    if isinstance(parameters, ParameterValues):
        return parameters
    if isinstance(parameters, str):
        return _preset(parameters)
    if isinstance(parameters, Person):
        raise ParameterError(f"parameters must be a preset name or ParameterValues, {_PERSON_HINT}")
    raise ParameterError(
        f"parameters must be a preset name or ParameterValues, not {type(parameters).__name__}"
    )


def _resolve_person(parameters: ParametersLike, index: int, batch: bool) -> ParameterValues:
    """:func:`resolve_parameters`; in a batch, an error says which person (0-based) it is."""
    if not batch:
        return resolve_parameters(parameters)
    try:
        return resolve_parameters(parameters)
    except ParameterError as exc:
        raise type(exc)(f"person {index} of the batch: {exc}") from None


def initial_state(arrays: ModelArrays, drive: Drive) -> np.ndarray:
    """A start near equilibrium: each node filled to its static column from the RA.

    The settling row of the drive then removes what is left of the transient.
    """
    n, m = arrays.n_nodes, arrays.n_valves
    g = arrays.glob
    heights = np.empty(n)
    incl = np.ascontiguousarray(drive.table[0, D_INC : D_INC + 3])
    lengths = np.array([g[G_LTRUNK], g[G_LTHIGH], g[G_LSHANK]])
    node_heights(incl, lengths, g[G_HDEPTH], arrays.node_topo[:, 0], arrays.node_p[:, NP_DIST], heights)
    p_ra = g[G_PRA] + (g[G_PRA_UP] - g[G_PRA]) * upright_fraction(incl[0])
    y = np.zeros(arrays.n_states)
    for i in range(n):
        p = p_ra - g[G_RHOG] * heights[i]
        ext = (g[G_PREF] if arrays.node_p[i, NP_LOWER] > 0 else 0.0)
        if arrays.node_topo[i, 1] in (0, 2):
            ext += g[G_MREST]
        y[i] = volume_at_pressure(p - ext, arrays.node_p[i, NP_V0], arrays.node_p[i, NP_K],
                                  arrays.node_p[i, NP_KC], arrays.node_p[i, NP_M], arrays.node_p[i, NP_N])
    y[n] = g[G_VREF]
    y[n + 1 : n + 1 + m] = 0.5
    return y


def step_cap(opts: SolverOptions, seconds: float) -> int:
    """The integrator's cap on its steps over ``seconds``: ``max_steps_per_s`` of each simulated
    second plus 10,000, at most 2**62 (a huge ``max_steps_per_s`` means no cap, not an integer
    too large for the compiled code)."""
    return int(min(opts.max_steps_per_s * seconds, 2.0**62)) + 10_000


@dataclass(frozen=True)
class SampleGrid:
    """Sample times and the protocol step (0-based) of each."""

    t: np.ndarray
    row: np.ndarray  # drive row (step + 1)

    @property
    def step(self) -> np.ndarray:
        return self.row - 1


#: What a sample time must be, for the error messages.
_TIMES = "save_at_s must be a 1-D sequence of times in s (real numbers)"


def _sample_times(save_at_s: object, t_end: float) -> np.ndarray:
    """``save_at_s`` as a 1-D float array of finite times within ``[0, t_end]``; anything else
    (text, truth values, complex numbers, dates and time spans, NaN, a time outside the
    protocol) is a ParameterError that names the first bad entry, its place and what is
    allowed. Order and repeats do not matter (the samples are taken in time order, once)."""
    if isinstance(save_at_s, (str, bytes, Mapping)) or not (
        isinstance(save_at_s, (Sequence, np.ndarray)) or hasattr(save_at_s, "dtype")  # pandas
    ):
        raise ParameterError(f"{_TIMES}, not {type(save_at_s).__name__} {shown(save_at_s)}")
    kind = getattr(getattr(save_at_s, "dtype", None), "kind", None)
    if kind in ("i", "u", "f"):  # a numeric array (numpy, pandas): checked as a whole below
        values = np.asarray(save_at_s, dtype=float)
    else:
        try:
            entries = np.asarray(save_at_s, dtype=object)
        except (TypeError, ValueError):
            raise ParameterError(f"{_TIMES}, not {type(save_at_s).__name__}") from None
        if entries.ndim != 1:
            raise ParameterError(f"{_TIMES}; got an array of shape {entries.shape}")
        values = np.empty(entries.size)
        for i, x in enumerate(entries):
            if isinstance(x, (bool, np.bool_)):
                raise ParameterError(f"save_at_s[{i}] = {x!r}: save_at_s must be times in s, not truth values")
            if (isinstance(x, (np.timedelta64, np.datetime64)) or not isinstance(x, numbers.Real)):
                raise ParameterError(f"save_at_s[{i}] = {shown(x)} ({type(x).__name__}) is not a number; {_TIMES}")
            try:
                values[i] = float(x)
            except OverflowError:
                values[i] = math.inf
    if values.ndim != 1:
        raise ParameterError(f"{_TIMES}; got an array of shape {values.shape}")
    bad = np.flatnonzero(~(np.isfinite(values) & (values >= 0.0) & (values <= t_end)))
    if bad.size:
        i = int(bad[0])
        raise ParameterError(
            f"save_at_s[{i}] = {float(values[i])!r} s: save_at_s must lie within the protocol, 0 to {t_end:g} s"
            + (f" ({bad.size} times are outside)" if bad.size > 1 else "")
        )
    return values


def sample_grid(
    drive: Drive, save_every_s: float, save_at_s: Sequence[float] | np.ndarray | None = None
) -> SampleGrid:
    """Samples every ``save_every_s`` (or at the times ``save_at_s``) plus every step's start and end."""
    ends = drive.table[1:, D_T1]
    t_end = float(ends[-1])
    if save_at_s is not None:
        uniform = _sample_times(save_at_s, t_end)
        uniform = np.unique(np.append(uniform, 0.0)) + 0.0  # + 0.0: a time of -0.0 is 0.0
    else:
        if not (math.isfinite(save_every_s) and save_every_s > 0):
            raise ParameterError(f"save_every_s = {save_every_s!r} must be a finite number > 0")
        n = math.floor(t_end / save_every_s + 1e-9) + 1
        if n > 50_000_000:
            raise ParameterError(
                f"save_every_s = {save_every_s} gives {n} samples over {t_end:g} s; use a larger "
                "interval or summaries"
            )
        uniform = np.arange(n) * save_every_s
    # drop uniform samples that (nearly) coincide with a step boundary, which
    # is then sampled at its exact time; t = 0 is the first step's start and is always kept
    # (however short that step: it then has the samples 0 and its end)
    k = np.clip(np.searchsorted(ends, uniform), 0, ends.size - 1)
    near = np.minimum(np.abs(uniform - ends[k]), np.abs(uniform - ends[np.maximum(k - 1, 0)]))
    uniform = uniform[((near > 1e-9 * max(1.0, t_end)) | (uniform == 0.0)) & (uniform < t_end)]
    grid = np.concatenate([uniform, ends])
    row = np.searchsorted(ends, grid, side="left") + 1
    # a sample exactly at a boundary belongs to the step that ends there; the
    # start of the next step gets its own sample (duplicated time, next row)
    starts = drive.table[2:, 0]
    t_all = np.concatenate([grid, starts])
    row_all = np.concatenate([row, np.arange(2, drive.table.shape[0])])
    order = np.lexsort((t_all, row_all))
    return SampleGrid(t_all[order], row_all[order].astype(np.int64))


def _stack(arrays: Sequence[ModelArrays], params: Sequence[ParameterValues]) -> tuple[np.ndarray, ...]:
    """The people's arrays stacked; all must be on one network: the same topology, node kinds
    (lower leg, hyperaemic, calf: the compiled kernels of the first person are written for
    its kinds) and names (which label the batch's quantities)."""
    first, net0 = topology_of(arrays[0]), params[0].network
    names0 = (net0.node_names, net0.link_names)
    for k in range(1, len(arrays)):
        net = params[k].network
        if topology_of(arrays[k]) != first or (net.node_names, net.link_names) != names0:
            raise ParameterError(
                f"every person of a batch must share one network: person {k} is on network "
                f"{net.name!r} ({len(net.nodes)} nodes, {len(net.links)} links), which differs from "
                f"person 0's {net0.name!r} ({len(net0.nodes)} nodes, {len(net0.links)} links) in its "
                "nodes, links or their kinds; run them as separate batches"
            )
    return (
        np.stack([a.node_p for a in arrays]),
        np.stack([a.link_g for a in arrays]),
        np.stack([a.valve_p for a in arrays]),
        np.stack([a.glob for a in arrays]),
    )


def _run(
    protocol: ProtocolLike,
    people: Sequence[ParametersLike],
    options: SolverOptions | None,
    save_every_s: float,
    settle_s: float,
    mode: int,
    save_at_s: Sequence[float] | np.ndarray | None = None,
):
    proto = as_protocol(protocol)
    if options is not None and not isinstance(options, SolverOptions):
        raise ParameterError(f"options must be a SolverOptions, not {type(options).__name__}")
    opts = options or SolverOptions()
    settle_s = check_number("settle_s", settle_s, 0.0, 86400.0, "s")
    if 0.0 < settle_s < opts.min_step_s:  # the settling's first step would be under the minimum
        raise ParameterError(
            f"settle_s = {settle_s:g} s is shorter than SolverOptions.min_step_s = {opts.min_step_s:g} s; "
            "allowed: 0 (no settling) or min_step_s to 86400 s"
        )
    save_every_s = check_number("save_every_s", save_every_s, 1e-6, 1e9, "s")
    params = [_resolve_person(p, k, batch=mode == SUMMARY or len(people) > 1) for k, p in enumerate(people)]
    if not params:
        raise ParameterError("a batch needs at least one person")
    arrays = [build(p) for p in params]
    drive = build_drive(proto, settle_s)
    grid = sample_grid(drive, save_every_s, save_at_s)
    node_p, link_g, valve_p, glob = _stack(arrays, params)
    y = np.stack([initial_state(a, drive) for a in arrays])
    n_people, ns = y.shape
    if mode == TRACE:
        trace_bytes = 8 * n_people * grid.t.size * (ns + arrays[0].n_obs)
        if trace_bytes > MAX_TRACE_BYTES:
            raise ParameterError(
                f"the trace would take {trace_bytes / 1e9:.1f} GB ({grid.t.size} samples); use a "
                f"larger save_every_s, chosen times (save_at_s) or a summaries-only batch"
            )
        trace = np.full((n_people, grid.t.size, ns + arrays[0].n_obs), np.nan)
        summ = np.zeros((n_people, 1, 1, N_STATS))
    else:
        shape = (n_people, len(proto), 2 * arrays[0].n_nodes + 2, N_STATS)
        summ_bytes = 8 * math.prod(shape)
        if summ_bytes > MAX_TRACE_BYTES:
            raise ParameterError(
                f"the summaries would take {summ_bytes / 1e9:.1f} GB ({n_people} people x {len(proto)} "
                f"steps); run fewer people at a time (at most {MAX_TRACE_BYTES / 1e9:g} GB)"
            )
        trace = np.zeros((n_people, 1, 1))
        summ = np.full(shape, np.nan)
    info = np.zeros((n_people, 4))
    max_steps = step_cap(opts, drive.t_end_s + settle_s)
    integrate(
        y, drive.table, node_p, link_g, valve_p, glob, arrays[0].node_topo, arrays[0].link_topo,
        arrays[0].lymph_target, grid.t, grid.row, mode, trace, summ,
        opts.rtol,
        # each person's own tolerances (their valves' conductances), as in a run alone
        np.stack([absolute_tolerances(a.n_nodes, a.n_valves, opts, a.valve_conductance) for a in arrays]),
        opts.max_step_active_s, opts.max_step_rest_s, max_steps, opts.min_step_s,
        info, opts.method_code, *kernels_for(arrays[0]),
    )
    if mode == TRACE:
        # the valve states as the model uses them: the integrator's may overshoot 0 (shut) and
        # 1 (fully open) by up to its tolerance, which the right-hand side clips wherever it
        # reads them (calfpump.valves), so the reported openings match the reported flows
        n, m = arrays[0].n_nodes, arrays[0].n_valves
        np.clip(trace[:, :, n + 1 : n + 1 + m], 0.0, 1.0, out=trace[:, :, n + 1 : n + 1 + m])
    for p in range(n_people):
        status = int(info[p, 0])
        if status != OK:
            t_fail = float(info[p, 1])
            where = "the settling period before the protocol"
            if t_fail >= 0:
                k = min(int(np.searchsorted(drive.table[1:, D_T1], t_fail, side="right")), len(proto) - 1)
                where = f"step {k + 1} {proto[k].label!r}"
            who = f"person {p} ({params[p].name}): " if n_people > 1 else ""
            raise SolverError(
                f"{who}the solver stopped at t = {t_fail:.4g} s in {where}: {STATUS_TEXT[status]} "
                f"after {int(info[p, 2])} steps. Check the parameters for extreme values, or loosen "
                "SolverOptions (rtol, atol, max_steps_per_s)."
            )
    return proto, params, grid, trace, summ, info


def simulate(
    protocol: ProtocolLike,
    parameters: ParametersLike = "healthy",
    *,
    options: SolverOptions | None = None,
    save_every_s: float = 0.05,
    save_at_s: Sequence[float] | np.ndarray | None = None,
    settle_s: float = SETTLE_S,
) -> Solution:
    """Simulate one person through a protocol and return the full trace.

    Parameters
    ----------
    protocol
        A :class:`~calfpump.protocol.Protocol`, a step, a step string such as
        ``"Walk at 100 steps/min for 3 minutes"``, or a list of them.
    parameters
        A preset name (see :func:`calfpump.list_presets`) or
        :class:`~calfpump.parameters.ParameterValues`.
    options
        Integrator options (tolerances, step limits).
    save_every_s
        Interval of the saved samples, s (plus every step's start and end).
    save_at_s
        Instead of a uniform grid, these sample times (s, real numbers from
        0 to the protocol's end), plus every step's start and end; the
        samples come in time order, a time given twice once.
    settle_s
        Time at rest in the first step's posture before t = 0, s: 0 (none), or
        from ``options.min_step_s`` to 86400 s.

    Returns
    -------
    Solution

    Examples
    --------
    >>> sol = simulate("Lie for 1 minute")
    >>> bool(7 < sol.pressure("deep_calf")[-1] < 11)
    True
    """
    proto, params, grid, trace, _, info = _run(
        protocol, [parameters], options, save_every_s, settle_s, TRACE, save_at_s
    )
    return Solution(
        grid.t, trace[0], grid.step, proto, params[0].network, params[0],
        {"steps": int(info[0, 2]), "rejected": int(info[0, 3])},
    )


def simulate_batch(
    protocol: ProtocolLike,
    people: Sequence[ParametersLike],
    *,
    options: SolverOptions | None = None,
    save_every_s: float = 0.05,
    settle_s: float = SETTLE_S,
    summaries_only: bool = True,
) -> BatchSummary | list[Solution]:
    """Simulate many people through one protocol in parallel (one compiled call).

    With ``summaries_only`` (the default) memory stays constant per person:
    only per-step statistics (mean, min, max, end of every node pressure and
    volume, interstitial volume and pressure) are kept, as a
    :class:`~calfpump.solution.BatchSummary`. Otherwise a list of
    :class:`~calfpump.solution.Solution`.

    Examples
    --------
    >>> p = ParameterValues.preset("healthy")
    >>> people = [p.update({"calf_strength": s}) for s in (0.6, 1.0)]
    >>> res = simulate_batch("Walk at 100 steps/min for 1 minute", people)
    >>> m = res.get("foot.pressure", "mean")
    >>> bool(m[0, 0] > m[1, 0])  # a weaker calf leaves the foot pressure higher
    True
    """
    if isinstance(people, Person):  # a pydantic model iterates over its fields: not a list of people
        raise ParameterError(f"people must be a list of preset names or ParameterValues, {_PERSON_HINT}")
    if isinstance(people, (str, bytes, Mapping)) or not isinstance(people, Iterable):
        raise ParameterError(
            "people must be a list of preset names or ParameterValues (one per person), "
            f"not {type(people).__name__}"
        )
    people = list(people)
    if not isinstance(summaries_only, (bool, np.bool_)):
        raise ParameterError(f"summaries_only = {shown(summaries_only)} must be True or False")
    mode = SUMMARY if summaries_only else TRACE
    proto, params, grid, trace, summ, info = _run(protocol, people, options, save_every_s, settle_s, mode)
    stats = {"steps": info[:, 2].astype(np.int64), "rejected": info[:, 3].astype(np.int64)}
    if not summaries_only:
        return [
            Solution(grid.t, trace[p], grid.step, proto, params[p].network, params[p],
                     {"steps": int(info[p, 2]), "rejected": int(info[p, 3])})
            for p in range(len(params))
        ]
    counts = np.bincount(grid.step, minlength=len(proto)).astype(float)
    summ[:, :, :, 0] /= counts[None, :, None]
    net = params[0].network
    quantities = tuple(
        [f"{n.name}.pressure" for n in net.nodes] + [f"{n.name}.volume" for n in net.nodes]
        + ["interstitium.volume", "interstitium.pressure"]
    )
    return BatchSummary(summ, quantities, proto, stats)


__all__ = ["resolve_parameters", "simulate", "simulate_batch"]
