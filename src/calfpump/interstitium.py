"""The lower leg's interstitial fluid: its pressure-volume law and its lymph drainage.

Interstitial pressure (nonlinear tissue compliance, Guyton's two limbs)::

    P_i(V) = P_ref + (V_c / C_ref) * (1 - exp(-(V - V_ref) / V_c)) + (V - V_ref) / C_free

Near normal hydration the tissue is a stiff gel: the compliance
``dV/dP_i = 1 / (exp(-(V - V_ref) / V_c) / C_ref + 1 / C_free)`` is about
``C_ref`` at the reference volume and falls steeply as the tissue dries out.
As fluid accumulates the gel limb levels off ``V_c / C_ref`` mmHg above the
reference pressure, and beyond it the tissue holds free fluid with the large
compliance ``C_free``: the shape of the pressure-volume curve of subcutaneous
tissue measured by Guyton AC (Circ Res 1965;16:452-460; Guyton AC, Granger HJ,
Taylor AE, Physiol Rev 1971;51:527-563: while the interstitial pressure is
negative the volume hardly moves; once it rises to about zero and above,
"large volumes of fluid can accumulate without major changes" of pressure), and
of human leg subcutis (Stranden E, Myhre HO, Microvasc Res 1982;24:241-248:
compliance rises several-fold in oedema). On the flat limb the tissue pressure
no longer opposes filtration, so a standing leg keeps swelling at a nearly
constant rate (the oedema "plateau"), and drains at a nearly constant rate
lying down; the free fluid's slow time constant ``C_free / (K_f + dL/dP_i)``
(about a day) is the slow time scale of swelling over hours. None of the three
constants is measured for the whole lower leg; calfpump fits the gel limb's two
to the size and linearity of the rise after 8 h of standing, holds ``C_free`` at
its assumption and checks the fall over the 10 h of lying that follows (Tessari M
et al. Veins Lymphat 2013;2:e19; ``tools/calibrate_swelling.py``,
``docs/physiology_sources.md``).

Lymph flow rises with interstitial pressure up to a maximum and with muscle
activity (the muscle pump and lymphatic contractions: leg lymph flow rose by
83 % during 2 h of ergometer cycling, Olszewski W, Engeset A et al. Acta
Physiol Scand 1977;99:149-155)::

    L = min(L_max, max(0, L_ref + G_L (P_i - P_ref))) * (1 + (f_ex - 1) a)

with ``a`` the muscle activity (0 at rest, 1 while working), times
:func:`seated_lymph_factor` while the person sits (the seat presses on the back
of the thigh, where the leg's lymph vessels pass, and the leg muscles are
slack).

Examples
--------
>>> round(interstitial_pressure(300.0, 300.0, -0.4, 10.0, 100.0, 400.0), 3)
-0.4
>>> interstitial_pressure(400.0, 300.0, -0.4, 10.0, 100.0, 1.0e9) < -0.4 + 100.0 / 10.0
True
>>> round(interstitial_compliance(300.0, 300.0, 10.0, 100.0, 1.0e9), 3)
10.0
>>> seated_lymph_factor(0.0, -1.0, 0.6), seated_lymph_factor(-1.0, -1.0, 0.6)
(0.6, 1.0)
"""

from __future__ import annotations

import math

from numba import njit

from ._jit import JIT_INLINE


@njit(**JIT_INLINE)
def interstitial_pressure(
    v: float, v_ref: float, p_ref: float, c_ref: float, v_c: float, c_free: float
) -> float:
    """Interstitial fluid pressure (mmHg) at interstitial volume ``v`` (mL)."""
    x = -(v - v_ref) / v_c
    # below the reference the exponential grows fast; cap its argument (at 700 mL of loss per
    # V_c of 100 mL the pressure is already thousands of mmHg below zero)
    return p_ref + (v_c / c_ref) * (1.0 - math.exp(min(x, 50.0))) + (v - v_ref) / c_free


@njit(**JIT_INLINE)
def interstitial_compliance(v: float, v_ref: float, c_ref: float, v_c: float, c_free: float) -> float:
    """Tissue compliance ``dV/dP_i`` (mL/mmHg) at interstitial volume ``v`` (mL)."""
    dpdv = math.exp(min(-(v - v_ref) / v_c, 50.0)) / c_ref + 1.0 / c_free
    return 1.0 / dpdv


@njit(**JIT_INLINE)
def lymph_flow(
    p_int: float, p_ref: float, l_ref: float, g_l: float, l_max: float, f_ex: float, activity: float
) -> float:
    """Lymph flow (same unit as ``l_ref``) at interstitial pressure ``p_int``, muscle activity 0-1."""
    base = min(l_max, max(0.0, l_ref + g_l * (p_int - p_ref)))
    return base * (1.0 + (f_ex - 1.0) * activity)


@njit(**JIT_INLINE)
def seated_lymph_factor(sin_thigh: float, sin_shank: float, f_seated: float) -> float:
    """Lymph flow while seated / otherwise, from the thigh's and the shank's inclination sines.

    Sitting (thigh horizontal on the seat, shank hanging down) gives ``f_seated``; standing
    (thigh vertical), lying (shank horizontal) and the postures in between slide to 1 with
    ``(1 - |sin_thigh|) * max(0, -sin_shank)``. Why lymph falls while seated: the seat presses
    on the back of the thigh, where the lower leg's lymph vessels pass to the groin, and the leg
    muscles that propel lymph are slack (quiet standing keeps the soleus working). Compression
    of the back of the thigh raises the foot's swelling in sitting (Ergonomics 1969;12:753-758),
    and leg lymph flow fell by 50 % during 2 h of venous stasis (Olszewski W, Engeset A et al.
    Acta Physiol Scand 1977;99:149-155); the size is calibrated (``tools/calibrate_swelling.py``).
    """
    seated = (1.0 - min(abs(sin_thigh), 1.0)) * max(0.0, -sin_shank)
    return 1.0 - (1.0 - f_seated) * seated
