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
    if path is not None:
        with atomic_write(path) as tmp:
            fig.savefig(tmp, format="png", dpi=120)
    return fig
