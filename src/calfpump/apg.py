"""Air plethysmography (APG), Christopoulos protocol, on a virtual leg.

Christopoulos DG, Nicolaides AN, Szendro G et al., "Air-plethysmography and
the effect of elastic compression on venous hemodynamics of the leg",
J Vasc Surg 1987;5:148-159. The calf's volume is followed while the subject

1. lies with the leg raised 45 degrees (the veins empty: the baseline);
2. stands with the weight on the other leg (no calf activity): the veins
   fill to a plateau; venous volume ``VV`` = plateau - baseline, venous
   filling index ``VFI = 0.9 VV / (time to 90 % filling)``, that time from
   the moment of standing (read between the 0.02 s samples by linear
   interpolation);
3. makes one tiptoe: ejected volume ``EV`` = plateau - the lowest volume it
   reaches (from the start of the tiptoe to ``READ_WINDOW_S`` after it: the
   "momentary reduction" of volume a plethysmograph shows after one brisk
   tiptoe), ejection fraction ``EF = 100 EV / VV``;
4. after refilling, makes ten tiptoes: residual volume ``RV`` = the lowest
   volume from the first tiptoe to ``READ_WINDOW_S`` after the tenth -
   baseline, residual volume fraction ``RVF = 100 RV / VV``.

Both are read at the trough. Where reflux refills the calf within a second,
the trough comes before the exercise ends, and a reading at the end of the
tiptoe(s) would give a smaller EV and a larger RV (deep reflux: EF 32.5
instead of 64.4 %, RVF 52.3 instead of 25.2 %; the healthy EF would fall to
57.8 %, below its range): docs/model-status.md, "Why a single tiptoe cannot
tell the two legs apart".

The virtual cuff reads the calf's *venous* volume (deep plus superficial calf
veins); the slow change of tissue fluid over the few minutes of the test is
left out (the interstitium is not yet calibrated, see docs/model-status.md).

Examples
--------
>>> r = air_plethysmography("healthy")
>>> bool(r.ef_pct > 50), bool(r.vfi_mL_s < 2.5)
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import CalfpumpError, ParameterError, check_number, shown
from .parameters import ParameterValues
from .protocol import LieLegsRaised, Stand, Tiptoe
from .simulation import ParametersLike, resolve_parameters, simulate
from .solution import Solution, crossing_time
from .solver import SolverOptions

#: Superficial links a below-knee tourniquet occludes: the great and small saphenous
#: veins where they cross the knee.
TOURNIQUET_LINKS: tuple[str, ...] = ("gsv_knee_valve", "saphenopopliteal_valve")
#: Resistance of an occluded link, mmHg s/mL (the top of its physical range).
OCCLUDED_RESISTANCE = 100.0

#: Seconds after a tiptoe step within which its lowest volume is read.
READ_WINDOW_S = 2.0
#: The filling counts as a plateau when the last 5 s add less than this fraction of VV.
PLATEAU_TOLERANCE = 0.01


@dataclass(frozen=True)
class APGResult:
    """Result of a virtual air-plethysmography test (volumes in mL)."""

    vv_mL: float
    vfi_mL_s: float
    ev_mL: float
    ef_pct: float
    rv_mL: float
    rvf_pct: float
    baseline_mL: float
    fill_time_90_s: float
    solution: Solution

    def to_dict(self) -> dict[str, float]:
        """The stable machine-readable form (keys ``vv_mL``, ``vfi_mL_s``, ``ev_mL``, ``ef_pct``, ``rv_mL``, ``rvf_pct``)."""
        keys = ("vv_mL", "vfi_mL_s", "ev_mL", "ef_pct", "rv_mL", "rvf_pct")
        return {k: round(float(getattr(self, k)), 3) for k in keys}

    def plot(self, path: str | Path | None = None) -> Any:
        """The calf volume curve with VV, EV and RV marked."""
        from .plotting import plot_apg

        return plot_apg(self, path)


def air_plethysmography(
    parameters: ParametersLike = "healthy",
    *,
    raise_s: float = 60.0,
    stand_s: float = 180.0,
    tourniquet: bool = False,
    options: SolverOptions | None = None,
) -> APGResult:
    """Run the Christopoulos APG protocol on a virtual leg.

    Parameters
    ----------
    parameters
        A preset name or parameter values.
    raise_s
        Time lying with the leg raised 45 degrees before standing, s.
    stand_s
        Standing time to reach the filling plateau, and again to refill
        before the ten tiptoes, s.
    tourniquet
        Repeat the test with a below-knee tourniquet occluding the superficial
        veins (``TOURNIQUET_LINKS``): a high filling index that falls to normal
        with the tourniquet points to superficial reflux, one that stays high
        to deep reflux. ``True`` or ``False`` (numpy's truth values too); anything else, a
        text such as ``"no"`` included, is a :class:`~calfpump.errors.ParameterError`.

    Raises
    ------
    ParameterError
        An option out of its range, ``tourniquet`` not a truth value, or a network without calf
        veins.
    CalfpumpError
        When the leg does not fill (VV not positive) or has not reached its
        plateau by the end of ``stand_s``.
    """
    if not isinstance(tourniquet, (bool, np.bool_)):
        raise ParameterError(
            f"tourniquet = {shown(tourniquet)} ({type(tourniquet).__name__}) is not a truth value; "
            "allowed: True or False"
        )
    params = resolve_parameters(parameters)
    if not any(node.calf for node in params.network.nodes):
        raise ParameterError(
            f"the APG cuff reads the calf's venous volume, but network {params.network.name!r} has "
            "no calf node (Node.calf)"
        )
    if tourniquet:
        params = _with_tourniquet(params)
    raise_s = check_number("raise_s", raise_s, 10.0, 3600.0, "s")
    stand_s = check_number("stand_s", stand_s, 30.0, 3600.0, "s")
    steps = [
        LieLegsRaised(raise_s, 45.0), Stand(stand_s), Tiptoe(1, 1.0),
        Stand(stand_s), Tiptoe(10, 1.0), Stand(READ_WINDOW_S + 1.0),
    ]
    sol = simulate(steps, params, options=options, save_every_s=0.02)
    v = sol.calf_volume
    t = sol.t
    k = sol.sample_step
    starts = sol.protocol.start_times_s
    baseline = float(v[k == 0][-1])
    plateau = float(v[k == 1][-1])
    vv = plateau - baseline
    if not vv > 0.0:
        raise CalfpumpError(f"the calf did not fill on standing (VV = {vv:.2f} mL)")
    # time to 90 % filling from the moment of standing, read between the samples
    filled = crossing_time(t, v, k == 1, baseline + 0.9 * vv)
    if filled is None:  # pragma: no cover - the plateau itself satisfies it
        raise CalfpumpError("the calf did not reach 90 % of its filling while standing")
    t90 = filled - float(starts[1])
    last_5s = (k == 1) & (t >= starts[2] - 5.0)
    if plateau - float(v[last_5s][0]) > PLATEAU_TOLERANCE * vv:
        raise CalfpumpError(
            f"the calf was still filling at the end of stand_s = {stand_s:g} s (no plateau); "
            "use a longer stand_s"
        )

    def lowest_after(step: int) -> float:
        window = (t >= starts[step]) & (t <= starts[step + 1] + READ_WINDOW_S) & (k >= step)
        return float(v[window].min())

    ev = plateau - lowest_after(2)
    rv = lowest_after(4) - baseline
    return APGResult(
        vv_mL=vv, vfi_mL_s=0.9 * vv / t90, ev_mL=ev, ef_pct=100.0 * ev / vv, rv_mL=rv,
        rvf_pct=100.0 * rv / vv, baseline_mL=baseline, fill_time_90_s=t90, solution=sol,
    )


def _with_tourniquet(params: ParameterValues) -> ParameterValues:
    """The same leg with the superficial veins at the knee occluded."""
    missing = [name for name in TOURNIQUET_LINKS if name not in params.network.link_names]
    if missing:
        raise CalfpumpError(
            f"a tourniquet occludes the superficial veins {list(TOURNIQUET_LINKS)}, but network "
            f"{params.network.name!r} has no {missing}: there is nothing for it to occlude"
        )
    changes = {f"{name}.resistance_mmHg_s_mL": OCCLUDED_RESISTANCE for name in TOURNIQUET_LINKS}
    return params.update(changes, name=f"{params.name} + tourniquet", source="below-knee tourniquet")
