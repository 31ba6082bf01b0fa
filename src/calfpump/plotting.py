"""Figures of a simulation (matplotlib, an optional extra: ``pip install calfpump[plot]``)."""

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
            "plotting needs matplotlib: pip install 'calfpump[plot]'"
        ) from None
    return plt


def _save(fig: Any, path: str | Path | None) -> Any:
    """Write ``fig`` as PNG to ``path`` (whole or not at all) when a path is given."""
    if path is not None:
        with atomic_write(path) as tmp:
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
    """Flows at the saphenofemoral junction and the popliteal vein around a squeeze's release."""
    from .reflux import POPLITEAL_LINK, SFJ_LINK, REFLUX_THRESHOLD_mL_s

    plt = _pyplot()
    sol = result.solution
    window = sol.t >= result.release_s - 4.0
    fig, axes = plt.subplots(2, 1, sharex=True, figsize=(8, 5), constrained_layout=True)
    for ax, link, label, value in (
        (axes[0], SFJ_LINK, "saphenofemoral junction", result.sfj_reflux_s),
        (axes[1], POPLITEAL_LINK, "popliteal vein", result.popliteal_reflux_s),
    ):
        ax.plot(sol.t[window], sol.flow(link)[window], color="tab:purple", lw=1.0)
        ax.axhline(-REFLUX_THRESHOLD_mL_s, color="0.5", ls=":", lw=0.8)
        ax.axvline(result.release_s, color="tab:red", lw=0.8, ls="--")
        ax.set_ylabel(f"{label}\nflow [mL/s]")
        ax.set_title(f"{label}: reflux {value:.2f} s", fontsize=8, loc="left")
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
