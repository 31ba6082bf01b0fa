"""Venous valves with finite opening and closing rates.

After Mynard JP, Davidson MR, Penny DJ, Smolich JJ, "A simple, versatile valve
model for use in lumped parameter and one-dimensional cardiovascular models",
Int J Numer Method Biomed Eng 2012;28:626-641. Each valve has a state
``zeta`` in [0, 1] (0 closed, 1 open) that moves at a rate proportional to
the pressure difference across it::

    dzeta/dt = (1 - zeta) * K_vo * dP     if dP > 0   (opening)
    dzeta/dt =      zeta  * K_vc * dP     if dP <= 0  (closing)

(in practice the rate is bounded, see below) and an effective orifice ``A_eff = (A_max - A_min) * zeta + A_min``, where
``A_min > 0`` makes the valve leak (an incompetent, refluxing valve). Here
``dP`` includes the hydrostatic difference of the two ends, so a valve closes
when the column above pushes blood back down.

Simplification (ours, stated): Mynard's valve carries a Bernoulli loss and an
inertance; in this lumped venous model the flow through a link is viscous
(``Q = G * a * dP``) and the valve scales the link's conductance by the
relative effective area ``a = A_eff / A_max = a_min + (1 - a_min) * zeta``.
``a_min`` in [0, 1] is the valve's *incompetence*: 0 a competent valve,
1 no valve at all.

Second simplification (ours, stated): the pressure difference that drives
the leaflets saturates at ``dp_sat`` (``dP_eff = dP / (1 + |dP| / dp_sat)``),
so that a closed valve under a large back-pressure (a column of 70 mmHg)
does not close ever faster: leaflet motion has a finite speed. Below
``dp_sat`` the law is Mynard's; it keeps the closed-valve modes from making
the system stiff.
"""


from __future__ import annotations

from numba import njit

from ._jit import JIT_INLINE

#: Saturation of the leaflet-driving pressure difference, mmHg (assumption).
DP_SAT_MMHG: float = 10.0


@njit(**JIT_INLINE)
def open_fraction(zeta: float, incompetence: float) -> float:
    """Relative effective area ``a_min + (1 - a_min) * zeta`` with zeta clipped to [0, 1].

    Examples
    --------
    >>> open_fraction(0.0, 0.0), open_fraction(1.0, 0.0), open_fraction(0.0, 0.3)
    (0.0, 1.0, 0.3)
    """
    z = min(max(zeta, 0.0), 1.0)
    return incompetence + (1.0 - incompetence) * z


@njit(**JIT_INLINE)
def zeta_rate(zeta: float, dp_mmHg: float, k_open: float, k_close: float) -> float:
    """Rate of change of the valve state (1/s); rates are in 1/(mmHg s).

    Examples
    --------
    >>> zeta_rate(0.5, 1.0, 1.0, 2.0)  # (1 - 0.5) * 1 * 1 / 1.1
    0.45454545454545453
    >>> zeta_rate(0.5, -1000.0, 1.0, 2.0) > -10.0  # saturates at 0.5 * 2 * 10
    True
    """
    z = min(max(zeta, 0.0), 1.0)
    dp = dp_mmHg / (1.0 + abs(dp_mmHg) / DP_SAT_MMHG)
    if dp > 0.0:
        return (1.0 - z) * k_open * dp
    return z * k_close * dp
