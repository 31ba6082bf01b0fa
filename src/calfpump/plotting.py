"""Figures of a simulation and of the report (matplotlib, Agg backend; one style for all)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CalfpumpError
from .io import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    from .solution import Solution


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the environment
        raise CalfpumpError(
            "plotting needs matplotlib (a dependency of calfpump): pip install matplotlib"
        ) from None
    return plt


def _save(fig: Any, path: str | Path | None) -> Any:
    """Write ``fig`` as PNG to ``path`` (whole or not at all) when a path is given; a name
    ending in another format's suffix (``.pdf``, ``.svg``) is an OutputError."""
    if path is not None:
        with atomic_write(path, "PNG") as tmp:
            fig.savefig(tmp, format="png", dpi=120)
    return fig


def plot_solution(sol: Solution, path: str | Path | None = None) -> Any:
    """Foot (ankle) venous pressure and calf venous volume over the protocol.

    Step boundaries are drawn and labelled. Returns the matplotlib figure;
    with ``path`` also writes it (PNG, whole or not at all).

    Examples
    --------
    >>> import calfpump
    >>> fig = plot_solution(calfpump.simulate("Stand for 10 seconds"))
    >>> len(fig.axes)
    2
    """
    plt = _pyplot()
    fig, (ax_p, ax_v) = plt.subplots(2, 1, sharex=True, figsize=(9, 5.5), constrained_layout=True)
    ax_p.plot(sol.t, sol.pressure("ankle"), color="tab:red", lw=1.0)
    ax_p.set_ylabel("foot (ankle) venous\npressure [mmHg]")
    ax_v.plot(sol.t, sol.calf_volume, color="tab:blue", lw=1.0)
    ax_v.set_ylabel("calf venous\nvolume [mL]")
    ax_v.set_xlabel("time [s]")
    for start, step in zip(sol.protocol.start_times_s, sol.protocol, strict=True):
        for ax in (ax_p, ax_v):
            ax.axvline(start, color="0.7", lw=0.8, ls="--")
        ax_p.annotate(step.label, (start, 1.0), xycoords=("data", "axes fraction"), fontsize=7,
                      rotation=0, va="bottom", ha="left", xytext=(2, 2), textcoords="offset points")
    for ax in (ax_p, ax_v):
        ax.grid(True, alpha=0.3)
    fig.suptitle(f"calfpump: {sol.parameters.name} (research and education model, not a diagnosis)",
                 fontsize=9)
    return _save(fig, path)


def plot_avp(result: Any, path: str | Path | None = None) -> Any:
    """Foot-vein pressure through an AVP test, with rest, minimum, drop and RT90 marked."""
    plt = _pyplot()
    sol = result.solution
    fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    ax.plot(sol.t, sol.pressure("ankle"), color="tab:red", lw=1.2)
    ax.axhline(result.rest_mmHg, color="0.4", ls="--", lw=0.8)
    ax.axhline(result.min_mmHg, color="0.4", ls=":", lw=0.8)
    ax.axvspan(sol.protocol.start_times_s[1], result.exercise_end_s, color="tab:blue", alpha=0.1,
               label=f"exercise ({result.exercise})")
    t90 = result.exercise_end_s + result.rt90_s
    ax.axvline(t90, color="tab:green", lw=1.0, label=f"RT90 = {result.rt90_s:.1f} s")
    ax.annotate(f"rest {result.rest_mmHg:.0f} mmHg", (0.01, result.rest_mmHg),
                xycoords=("axes fraction", "data"), va="bottom", fontsize=8)
    ax.annotate(f"AVP {result.min_mmHg:.0f} mmHg (drop {result.drop_pct:.0f} %)",
                (0.01, result.min_mmHg), xycoords=("axes fraction", "data"), va="top", fontsize=8)
    ax.set_xlabel("time [s]")
    ax.set_ylabel("dorsal foot vein pressure [mmHg]")
    ax.set_title("Ambulatory venous pressure (virtual test; research and education, not a diagnosis)",
                 fontsize=9)
    ax.legend(fontsize=8, loc="lower right")
    ax.grid(True, alpha=0.3)
    return _save(fig, path)


def plot_apg(result: Any, path: str | Path | None = None) -> Any:
    """Calf venous volume through the APG protocol, with VV, EV and RV marked."""
    plt = _pyplot()
    sol = result.solution
    v = sol.calf_volume
    fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    ax.plot(sol.t, v, color="tab:blue", lw=1.2)
    base, top = result.baseline_mL, result.baseline_mL + result.vv_mL
    for level, label in ((base, "baseline (leg raised)"), (top, f"VV = {result.vv_mL:.0f} mL")):
        ax.axhline(level, color="0.5", ls="--", lw=0.8)
        ax.annotate(label, (0.01, level), xycoords=("axes fraction", "data"), va="bottom", fontsize=8)
    starts = sol.protocol.start_times_s
    ax.annotate(f"EF = {result.ef_pct:.0f} %", (starts[2], top - result.ev_mL), fontsize=8,
                xytext=(5, -12), textcoords="offset points")
    ax.annotate(f"RVF = {result.rvf_pct:.0f} %", (starts[4], base + result.rv_mL), fontsize=8,
                xytext=(5, -12), textcoords="offset points")
    ax.annotate(f"VFI = {result.vfi_mL_s:.2f} mL/s", (starts[1], base + 0.5 * result.vv_mL), fontsize=8,
                xytext=(8, 0), textcoords="offset points")
    ax.set_xlabel("time [s]")
    ax.set_ylabel("calf venous volume [mL]")
    ax.set_title("Air plethysmography (virtual test; research and education, not a diagnosis)",
                 fontsize=9)
    ax.grid(True, alpha=0.3)
    return _save(fig, path)


def plot_reflux(result: Any, path: str | Path | None = None) -> Any:
    """Flows at the saphenofemoral junction and the popliteal vein around a squeeze's release.

    A reflux that had not stopped by the end of the window is titled "at least" (a lower bound).
    """
    from .reflux import POPLITEAL_LINK, SFJ_LINK, REFLUX_THRESHOLD_mL_s

    plt = _pyplot()
    sol = result.solution
    window = sol.t >= result.release_s - 4.0
    fig, axes = plt.subplots(2, 1, sharex=True, figsize=(8, 5), constrained_layout=True)
    ongoing: tuple[str, ...] = getattr(result, "lower_bounds", tuple)()
    for ax, link, label, value, key in (
        (axes[0], SFJ_LINK, "saphenofemoral junction", result.sfj_reflux_s, "sfj_reflux_s"),
        (axes[1], POPLITEAL_LINK, "popliteal vein", result.popliteal_reflux_s, "popliteal_reflux_s"),
    ):
        ax.plot(sol.t[window], sol.flow(link)[window], color="tab:purple", lw=1.0)
        ax.axhline(-REFLUX_THRESHOLD_mL_s, color="0.5", ls=":", lw=0.8)
        ax.axvline(result.release_s, color="tab:red", lw=0.8, ls="--")
        ax.set_ylabel(f"{label}\nflow [mL/s]")
        reading = (f"reflux at least {value:.2f} s (still refluxing at the end of the window)"
                   if key in ongoing else f"reflux {value:.2f} s")
        ax.set_title(f"{label}: {reading}", fontsize=8, loc="left")
        ax.grid(True, alpha=0.3)
    axes[1].set_xlabel("time [s] (dashed: release of the calf squeeze)")
    fig.suptitle("Duplex reflux (virtual test; research and education, not a diagnosis)", fontsize=9)
    return _save(fig, path)


def plot_day(result: Any, path: str | Path | None = None) -> Any:
    """A day: foot venous pressure (minute means, 50 mmHg marked) and lower-leg volume change.

    Examples
    --------
    >>> from calfpump.day import simulate_day
    >>> fig = plot_day(simulate_day(["Sit for 30 minutes", "Stand for 30 minutes"]))
    >>> len(fig.axes)
    2
    """
    plt = _pyplot()
    m = result.minutes
    hours = m["time_min"].to_numpy() / 60.0
    fig, (ax_p, ax_v) = plt.subplots(2, 1, sharex=True, figsize=(9, 5.5), constrained_layout=True)
    ax_p.step(hours, m["foot_mean_mmHg"], where="post", color="tab:red", lw=1.0)
    ax_p.axhline(50.0, color="0.4", lw=0.8, ls=":")
    ax_p.annotate("50 mmHg", (0.0, 50.0), fontsize=7, va="bottom", color="0.3")
    ax_p.set_ylabel("foot (ankle) venous\npressure, minute mean [mmHg]")
    ax_v.plot(hours + 1 / 60.0, m["lower_leg_volume_change_pct"], color="tab:blue", lw=1.2)
    ax_v.set_ylabel("lower-leg volume\nchange [%]")
    ax_v.set_xlabel("time [h]")
    for ax in (ax_p, ax_v):
        ax.grid(True, alpha=0.3)
    d = result.to_dict()
    fig.suptitle(
        f"calfpump day ({result.parameters.name}): mean foot pressure "
        f"{d['mean_foot_pressure_mmHg']:.0f} mmHg, {d['minutes_above_50_mmHg']:.0f} min above 50 mmHg, "
        f"swelling {d['lower_leg_volume_change_pct']:+.1f} % (a model, not a diagnosis)",
        fontsize=9,
    )
    return _save(fig, path)


def figure_png(fig: Any, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (for embedding in the HTML report)."""
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


#: Where each node of the default leg sits in the network diagram (x: deep left, superficial
#: right; y: from the foot up). Nodes of other networks are placed by their standing height.
_DIAGRAM_XY: dict[str, tuple[float, float]] = {
    "foot": (0.42, 0.04), "ankle": (0.72, 0.10), "deep_calf": (0.28, 0.27),
    "superficial_calf": (0.72, 0.25), "popliteal": (0.28, 0.45), "superficial_thigh": (0.72, 0.56),
    "femoral": (0.28, 0.64), "iliac": (0.45, 0.82), "right_atrium": (0.45, 0.97),
}
#: Colour scale of the network diagram, mmHg.
_PRESSURE_RANGE_mmHg = (0.0, 100.0)


def plot_network(result: Any, path: str | Path | None = None) -> Any:
    """The leg's venous network with each node's pressure standing still and walking.

    Two panels, the same diagram: nodes coloured by their mean pressure over the last minute
    of quiet standing (left) and of walking (right); valves drawn as small triangles.

    Examples
    --------
    >>> from calfpump.report import network_pressures
    >>> fig = plot_network(network_pressures("healthy"))
    >>> len(fig.axes)  # two panels and the colour bar
    3
    """
    plt = _pyplot()
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    net = result.network
    xy = dict(_DIAGRAM_XY)
    for node in net.nodes:
        xy.setdefault(node.name, (0.5, 0.05 + 1.4 * node.height_fraction))
    norm = Normalize(*_PRESSURE_RANGE_mmHg)
    cmap = colormaps["RdYlBu_r"]
    fig, axes = plt.subplots(1, 2, figsize=(9, 6), constrained_layout=True)
    for ax, attr, title in ((axes[0], "standing_mmHg", "standing still"),
                            (axes[1], "walking_mmHg", f"walking ({result.cadence_spm:.0f} steps/min)")):
        for lk in net.links:
            (x0, y0), (x1, y1) = xy[lk.up], xy[lk.down]
            ax.plot([x0, x1], [y0, y1], color="0.55", lw=2.0, zorder=1)
            if lk.valved:
                ax.plot((x0 + x1) / 2, (y0 + y1) / 2, marker="^", color="0.25", ms=6, zorder=2)
        ax.plot(*xy["right_atrium"], marker="s", color="0.3", ms=10, zorder=3)
        ax.annotate("right atrium", xy["right_atrium"], xytext=(10, -3), textcoords="offset points",
                    fontsize=8)
        for n in result.nodes:
            value = getattr(n, attr)
            x, y = xy[n.node]
            ax.scatter([x], [y], s=420, color=cmap(norm(value)), edgecolor="0.2", zorder=3)
            right = x > 0.5
            ax.annotate(f"{n.node.replace('_', ' ')}\n{value:.0f} mmHg", (x, y),
                        xytext=(16 if right else -16, 0), textcoords="offset points",
                        ha="left" if right else "right", va="center", fontsize=8)
        ax.set_xlim(-0.15, 1.15)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title, fontsize=9)
        ax.text(0.28, -0.015, "deep", ha="center", fontsize=7, color="0.4")
        ax.text(0.72, -0.015, "superficial", ha="center", fontsize=7, color="0.4")
        for side in ax.spines.values():
            side.set_visible(False)
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    fig.colorbar(sm, ax=axes, shrink=0.7, label="venous pressure [mmHg]")
    fig.suptitle(f"Leg veins: {result.label} (research and education model, not a diagnosis)",
                 fontsize=9)
    return _save(fig, path)


_COMPARISON_COLOURS = ("tab:blue", "tab:red", "tab:purple", "tab:green")


def plot_walk_comparison(result: Any, path: str | Path | None = None) -> Any:
    """Foot pressure and calf volume through a 10-step walk, one colour per person.

    The ambulatory (minimum) pressure is marked with a dotted line, the refill time RT90 with
    a vertical line, for each person.

    Examples
    --------
    >>> from calfpump.avp import ambulatory_venous_pressure
    >>> from calfpump.report import WalkComparison
    >>> w = WalkComparison(("healthy",), (ambulatory_venous_pressure("healthy", exercise="walk"),))
    >>> len(plot_walk_comparison(w).axes)
    2
    """
    plt = _pyplot()
    fig, (ax_p, ax_v) = plt.subplots(2, 1, sharex=True, figsize=(9, 6), constrained_layout=True)
    for i, (label, r) in enumerate(zip(result.labels, result.results, strict=True)):
        c = _COMPARISON_COLOURS[i % len(_COMPARISON_COLOURS)]
        sol = r.solution
        ax_p.plot(sol.t, sol.pressure("ankle"), color=c, lw=1.2,
                  label=f"{label}: AVP {r.min_mmHg:.1f} mmHg, RT90 {r.rt90_s:.0f} s")
        ax_p.axhline(r.min_mmHg, color=c, ls=":", lw=0.9)
        ax_p.axvline(r.exercise_end_s + r.rt90_s, color=c, ls="--", lw=0.9)
        ax_v.plot(sol.t, sol.calf_volume, color=c, lw=1.2, label=label)
        ax_v.axvline(r.exercise_end_s + r.rt90_s, color=c, ls="--", lw=0.9)
    first = result.results[0]
    walk_start = first.solution.protocol.start_times_s[1]
    for ax in (ax_p, ax_v):
        ax.axvspan(walk_start, first.exercise_end_s, color="0.5", alpha=0.12)
        ax.grid(True, alpha=0.3)
    ax_p.annotate("10 steps", (walk_start, 1.0), xycoords=("data", "axes fraction"), fontsize=8,
                  va="bottom", xytext=(2, 2), textcoords="offset points")
    ax_p.set_ylabel("foot (ankle) venous\npressure [mmHg]")
    ax_v.set_ylabel("calf venous\nvolume [mL]")
    ax_v.set_xlabel("time [s] (dotted: ambulatory pressure; dashed: RT90, 90 % refilled)")
    ax_p.legend(fontsize=8, loc="lower right")
    fig.suptitle("Ten steps: ambulatory venous pressure test (research and education model, "
                 "not a diagnosis)", fontsize=9)
    return _save(fig, path)


def plot_remedies(table: Any, path: str | Path | None = None) -> Any:
    """Horizontal bars: the change each remedy makes in AVP, EF, RVF and evening swelling.

    Green bars are improvements (lower pressure, higher EF, lower RVF, less swelling), red
    bars the other way. Each bar is the row's change from what it is compared with (the person
    as they are; for a programme, the same weeks without it).
    """
    plt = _pyplot()
    rows = table.rows
    names = [f"{r.name} ({r.weeks} weeks)" if getattr(r, "weeks", 0) else r.name for r in rows]
    panels = (
        ("d_avp_min_mmHg", "ambulatory pressure\n[mmHg]", -1),
        ("d_ef_pct", "ejection fraction\n[% points]", +1),
        ("d_rvf_pct", "residual volume fraction\n[% points]", -1),
        ("d_evening_swelling_pct", "evening swelling\n[% points]", -1),
    )
    fig, axes = plt.subplots(1, 4, sharey=True, figsize=(11, 0.45 * len(rows) + 1.8),
                             constrained_layout=True)
    y = list(range(len(rows)))
    for ax, (attr, label, good) in zip(axes, panels, strict=True):
        values = [getattr(r, attr) for r in rows]
        ax.axvline(0.0, color="0.3", lw=0.8)
        ax.set_xlabel(f"change in {label}", fontsize=8)
        ax.grid(True, axis="x", alpha=0.3)
        nums = [float(v) for v in values]
        colours = ["0.6" if abs(v) < 1e-9 else ("tab:green" if v * good > 0 else "tab:red") for v in nums]
        ax.barh(y, nums, color=colours)
        span = max(abs(v) for v in nums) or 1.0
        ax.set_xlim(-1.5 * span, 1.5 * span)
        for yi, v in zip(y, nums, strict=True):
            ax.annotate(f"{v:+.1f}", (v, yi), xytext=(3 if v >= 0 else -3, 0), textcoords="offset points",
                        ha="left" if v >= 0 else "right", va="center", fontsize=7)
    axes[0].set_yticks(y)
    axes[0].set_yticklabels(names, fontsize=8)
    axes[0].invert_yaxis()
    fig.suptitle("Remedies: change from the person as they are; programmes: from the same weeks "
                 "without them (green: better; research and education model, not a diagnosis)", fontsize=9)
    return _save(fig, path)
