"""The lower leg's interstitial fluid: its pressure-volume law and its lymph drainage.

Interstitial pressure (nonlinear tissue compliance)::

    P_i(V) = P_ref + (V_c / C_ref) * (1 - exp(-(V - V_ref) / V_c))

The compliance ``dV/dP_i = C_ref * exp((V - V_ref) / V_c)`` is ``C_ref`` at the
reference volume, falls steeply as the tissue dries out and rises as it swells,
so that ``P_i`` levels off towards ``P_ref + V_c / C_ref``: the shape of the
pressure-volume curve of subcutaneous tissue measured by Guyton AC (Circ Res
1963;12:399-414; Guyton AC, Granger HJ, Taylor AE, Physiol Rev 1971;51:527-563:
low compliance near normal hydration, a large rise of compliance once fluid
accumulates), and of human leg subcutis (Stranden E, Myhre HO, Microvasc Res
1982;24:241-248: compliance rises several-fold in oedema). The two constants
are not measured for the whole lower leg; calfpump calibrates them to the leg
volume changes of Tessari M et al. (Veins Lymphat 2013;2:e19); see
``docs/physiology_sources.md``.

Lymph flow rises with interstitial pressure up to a maximum and with muscle
activity (the muscle pump and lymphatic contractions: leg lymph flow rose by
83 % during 2 h of ergometer cycling, Olszewski W, Engeset A et al. Acta
Physiol Scand 1977;99:149-155)::

    L = min(L_max, max(0, L_ref + G_L (P_i - P_ref))) * (1 + (f_ex - 1) a)

with ``a`` the muscle activity (0 at rest, 1 while working).

Examples
--------
>>> round(interstitial_pressure(300.0, 300.0, -0.4, 10.0, 100.0), 3)
-0.4
>>> interstitial_pressure(400.0, 300.0, -0.4, 10.0, 100.0) < -0.4 + 100.0 / 10.0
True
"""

from __future__ import annotations

import math

from numba import njit

from ._jit import JIT_INLINE


@njit(**JIT_INLINE)
def interstitial_pressure(v: float, v_ref: float, p_ref: float, c_ref: float, v_c: float) -> float:
    """Interstitial fluid pressure (mmHg) at interstitial volume ``v`` (mL)."""
    x = -(v - v_ref) / v_c
    # below the reference the exponential grows fast; cap its argument (at 700 mL of loss per
    # V_c of 100 mL the pressure is already thousands of mmHg below zero)
    return p_ref + (v_c / c_ref) * (1.0 - math.exp(min(x, 50.0)))


@njit(**JIT_INLINE)
def lymph_flow(
    p_int: float, p_ref: float, l_ref: float, g_l: float, l_max: float, f_ex: float, activity: float
) -> float:
    """Lymph flow (same unit as ``l_ref``) at interstitial pressure ``p_int``, muscle activity 0-1."""
    base = min(l_max, max(0.0, l_ref + g_l * (p_int - p_ref)))
    return base * (1.0 + (f_ex - 1.0) * activity)
