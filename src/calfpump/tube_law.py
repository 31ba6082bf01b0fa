"""Collapsible-vein tube law: transmural pressure from volume.

Shapiro's law for collapsible tubes, written for a lumped compartment of
reference (unstressed, circular) volume ``V0``, with separate stiffnesses for
distension (``K``, wall stretch) and collapse (``Kc``, wall bending)::

    P - P_ext = K * ((V/V0)**m - 1) - Kc * ((V/V0)**(-n) - 1)

Shapiro AH, "Steady flow in collapsible tubes", J Biomech Eng 1977;99:126-147;
the exponents m about 10 (distension, stiffening with volume) and n about 1.5
(collapse) are the values usually used for veins (e.g. Pedley, "The fluid
mechanics of large blood vessels", 1980; Keijsers JMT et al. Med Eng Phys
2015;37:1068). With ``Kc = K`` this is Shapiro's single-stiffness form; a thin
venous wall buckles under a few mmHg of negative transmural pressure, so the
collapse stiffness is set separately (smaller). The collapse branch tends to -infinity as V -> 0, which is
the barrier that keeps every volume positive (the same device as the small
"barrier" terms of CircAdapt or Physiolibrary): outflow stops before the
compartment is empty.

For robustness of explicit Runge-Kutta stages, which may probe a volume below
``EPS * V0`` before a step is rejected, the law is continued linearly (same
value and slope) below ``EPS * V0``: results never reach that region on an
accepted step (checked by the property tests).
"""

from __future__ import annotations

import math

from numba import njit

from ._jit import JIT, JIT_INLINE

#: Fraction of V0 below which the law is continued linearly (see module doc).
EPS: float = 1e-3


@njit(**JIT_INLINE)
def transmural_pressure(
    v_mL: float, v0_mL: float, k_mmHg: float, kc_mmHg: float, m: float, n: float
) -> float:
    """Transmural pressure (mmHg) of a compartment holding ``v_mL``.

    Examples
    --------
    >>> transmural_pressure(100.0, 100.0, 2.0, 0.5, 10.0, 1.5)
    0.0
    >>> transmural_pressure(50.0, 100.0, 2.0, 0.5, 10.0, 1.5) < 0.0
    True
    """
    return transmural_pressure_rel(v_mL / v0_mL, k_mmHg, kc_mmHg, m, n)


@njit(**JIT_INLINE)
def transmural_pressure_rel(x: float, k_mmHg: float, kc_mmHg: float, m: float, n: float) -> float:
    """:func:`transmural_pressure` of the relative volume ``x = V / V0`` (the model passes
    ``V`` times a precomputed ``1 / V0``: a multiplication instead of a division)."""
    if x >= EPS:
        if m == 10.0 and n == 1.5:  # the usual venous exponents: no transcendental calls
            x2 = x * x
            x4 = x2 * x2
            return k_mmHg * (x4 * x4 * x2 - 1.0) - kc_mmHg * (1.0 / (x * math.sqrt(x)) - 1.0)
        lx = math.log(x)
        return k_mmHg * (math.exp(m * lx) - 1.0) - kc_mmHg * (math.exp(-n * lx) - 1.0)
    # linear continuation below EPS: value and slope of the law at EPS
    le = math.log(EPS)
    pe = k_mmHg * (math.exp(m * le) - 1.0) - kc_mmHg * (math.exp(-n * le) - 1.0)
    dpe = k_mmHg * m * math.exp((m - 1.0) * le) + kc_mmHg * n * math.exp((-n - 1.0) * le)
    return pe + dpe * (x - EPS)


@njit(**JIT)
def volume_at_pressure(
    p_tm_mmHg: float, v0_mL: float, k_mmHg: float, kc_mmHg: float, m: float, n: float
) -> float:
    """Inverse of :func:`transmural_pressure` (Newton on log-volume).

    Used to build initial states; monotone, so the root is unique.

    Examples
    --------
    >>> v = volume_at_pressure(20.0, 100.0, 2.0, 0.5, 10.0, 1.5)
    >>> abs(transmural_pressure(v, 100.0, 2.0, 0.5, 10.0, 1.5) - 20.0) < 1e-9
    True
    """
    lx = 0.0
    for _ in range(200):
        x = math.exp(lx)
        f = k_mmHg * (x**m - 1.0) - kc_mmHg * (x ** (-n) - 1.0) - p_tm_mmHg
        df = k_mmHg * m * x**m + kc_mmHg * n * x ** (-n)  # derivative with respect to log x
        step = f / df
        if step > 2.0:
            step = 2.0
        elif step < -2.0:
            step = -2.0
        lx -= step
        if abs(step) < 1e-14:
            break
    return v0_mL * math.exp(lx)


@njit(**JIT_INLINE)
def collapse_conductance_factor(v_mL: float, v0_mL: float) -> float:
    """Conductance of a collapsing vein relative to its circular state: ``min(V/V0, 1)**2``.

    Poiseuille flow through a tube of fixed length has a conductance that
    scales with the square of its cross-section (``G ~ A^2``); a partly
    collapsed vein loses conductance at least that fast (Shapiro 1977; its
    flattened lumen conducts even less). Above ``V0`` the factor stays 1 (the
    link's resistance is that of the open vein).

    Examples
    --------
    >>> collapse_conductance_factor(50.0, 100.0), collapse_conductance_factor(150.0, 100.0)
    (0.25, 1.0)
    """
    return collapse_conductance_factor_rel(v_mL / v0_mL)


@njit(**JIT_INLINE)
def collapse_conductance_factor_rel(x: float) -> float:
    """:func:`collapse_conductance_factor` of the relative volume ``x = V / V0``."""
    if x >= 1.0:
        return 1.0
    if x <= 0.0:
        return 0.0
    return x * x
