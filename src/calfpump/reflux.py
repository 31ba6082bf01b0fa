"""Duplex reflux time after a calf squeeze, on a virtual leg.

The clinic's test (Labropoulos N et al., J Vasc Surg 2003;38:793-798;
consensus cut-offs: reflux over 0.5 s in superficial veins, over 1 s in the
femoral and popliteal veins is pathological): standing, with the weight on
the other leg, the calf is squeezed and released at once; duplex ultrasound
records how long blood flows backwards at the saphenofemoral junction and in
the popliteal vein.

Virtual version: stand 30 s, squeeze the calf (100 mmHg, 3 s), release,
stand 10 s. Reflux time is the time, within those 10 s, during which the
flow runs backwards faster than ``REFLUX_THRESHOLD_mL_s`` in the
saphenofemoral junction (link ``saphenofemoral_valve``) and in the popliteal
vein (link ``femoral_valve``, popliteal to femoral). When the flow still runs
backwards at the end of the window the reflux has not stopped: its time is a
lower bound, not a duration, and the result says so (``sfj_reflux_ongoing``,
``popliteal_reflux_ongoing``, :meth:`RefluxResult.lower_bounds`; the command
line prints "at least" and a note, its ``--json`` keeps its two keys). A
reflux that never starts reads 0 s.

Examples
--------
>>> r = duplex_reflux("healthy")
>>> r.sfj_reflux_s < 0.5 and r.popliteal_reflux_s < 1.0
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ParameterError, ProtocolError, check_number, shown
from .protocol import CalfSqueeze, Stand
from .simulation import ParametersLike, resolve_parameters, simulate
from .solution import Solution
from .solver import SolverOptions

#: Links where reflux is read: the saphenofemoral junction and the popliteal vein.
SFJ_LINK = "saphenofemoral_valve"
POPLITEAL_LINK = "femoral_valve"
#: Backward flow counted as reflux, mL/s (assumption: about what a duplex scan
#: resolves as reversed flow in a vein of 0.5-1 cm^2, 1-2 cm/s).
REFLUX_THRESHOLD_mL_s = 1.0
#: Sample interval of the test, s.
SAMPLE_S = 0.005
#: Observation window after release, s.
WINDOW_S = 10.0


@dataclass(frozen=True)
class RefluxResult:
    """Reflux times after release of a calf squeeze, s.

    ``*_ongoing``: the flow still ran backwards at the end of the ``WINDOW_S`` window, so the
    reflux had not stopped and its time is a lower bound.
    """

    sfj_reflux_s: float
    popliteal_reflux_s: float
    release_s: float
    solution: Solution
    sfj_reflux_ongoing: bool = False
    popliteal_reflux_ongoing: bool = False

    def lower_bounds(self) -> tuple[str, ...]:
        """The keys of :meth:`to_dict` whose reflux had not stopped by the end of the window."""
        return tuple(key for key, ongoing in (("sfj_reflux_s", self.sfj_reflux_ongoing),
                                              ("popliteal_reflux_s", self.popliteal_reflux_ongoing))
                     if ongoing)

    def notes(self) -> list[str]:
        """One line per reflux that had not stopped by the end of the window (for a reader)."""
        names = {"sfj_reflux_s": "at the saphenofemoral junction", "popliteal_reflux_s": "in the popliteal vein"}
        return [f"reflux {names[key]} had not stopped at the end of the {WINDOW_S:g} s window: "
                f"{getattr(self, key):.2f} s is a lower bound" for key in self.lower_bounds()]

    def to_dict(self) -> dict[str, float]:
        """The stable machine-readable form: ``sfj_reflux_s``, ``popliteal_reflux_s``."""
        return {"sfj_reflux_s": round(self.sfj_reflux_s, 3),
                "popliteal_reflux_s": round(self.popliteal_reflux_s, 3)}

    def plot(self, path: str | Path | None = None) -> Any:
        """Flows at the saphenofemoral junction and the popliteal vein around release."""
        from .plotting import plot_reflux

        return plot_reflux(self, path)


def duplex_reflux(
    parameters: ParametersLike = "healthy",
    *,
    squeeze_mmHg: float = 100.0,
    squeeze_s: float = 3.0,
    options: SolverOptions | None = None,
) -> RefluxResult:
    """Run the virtual duplex reflux test (see the module docstring)."""
    params = resolve_parameters(parameters)
    for link in (SFJ_LINK, POPLITEAL_LINK):
        if link not in params.network.link_names:
            raise ParameterError(
                f"the reflux test reads link {link!r}, which network {params.network.name!r} lacks"
            )
    squeeze_s = check_number("squeeze_s", squeeze_s, 0.5, 30.0, "s")
    try:
        squeeze = CalfSqueeze(squeeze_s, squeeze_mmHg)
    except ProtocolError as exc:  # named by the option given, not only by the step's field
        raise ParameterError(f"squeeze_mmHg = {shown(squeeze_mmHg)}: {exc}") from None
    steps = [Stand(30.0), squeeze, Stand(WINDOW_S)]
    sol = simulate(steps, params, options=options, save_every_s=SAMPLE_S)
    release = float(sol.protocol.start_times_s[2])
    after = sol.sample_step == 2

    # each sample stands for the interval that ends at it (the first, at release, for none):
    # the intervals next to release are shorter than SAMPLE_S when it falls between samples
    intervals = np.diff(sol.t[after])

    def reflux_time(link: str) -> tuple[float, bool]:
        backwards = sol.flow(link)[after] < -REFLUX_THRESHOLD_mL_s
        return float(intervals[backwards[1:]].sum()), bool(backwards[-1])

    (sfj, sfj_ongoing), (pop, pop_ongoing) = reflux_time(SFJ_LINK), reflux_time(POPLITEAL_LINK)
    return RefluxResult(sfj, pop, release, sol, sfj_reflux_ongoing=sfj_ongoing,
                        popliteal_reflux_ongoing=pop_ongoing)
