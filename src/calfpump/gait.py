"""Muscle-pump pressure waveforms over a gait cycle or a heel raise.

Each pump is a smooth raised-cosine pulse of external pressure, placed in the
stride where the muscle works:

* calf (soleus/gastrocnemius) intramuscular pressure peaks in late stance /
  push-off; Ballard RE et al., J Appl Physiol 1998;84:1976-1981, measured a
  soleus peak of 181 +- 69 mmHg walking (tibialis anterior 90 +- 15 mmHg);
* the plantar (foot) venous pump is compressed by weight bearing from heel
  strike to mid-stance (Gardner AMN, Fox RH, "The venous pump of the human
  foot", Bristol Med Chir J 1983;98:109-112; White JV et al., J Vasc Surg 1996;
  Corley GJ et al., Med Biol Eng Comput 2010;48:865-872);
* the thigh pump (quadriceps/hamstrings) around heel strike, weaker.

Phases are fractions of the stride (one stride = two steps, starting at heel
strike of the modelled leg). Timing and widths are parameters of a person
(``*_phase``, ``*_halfwidth``), so that a painful heel or a shoe may move them.
"""

from __future__ import annotations

import math

from numba import njit

from ._jit import JIT_INLINE

#: Taylor coefficients of sin(pi v) in v (odd powers 1, 3, .., 21): ``pi**(2k+1) / (2k+1)!``
#: with alternating signs; on |v| <= 1/2 the first omitted term is below 2e-18.
_SIN_PI = (
    3.141592653589793, -5.167712780049969, 2.550164039877345, -0.5992645293207919,
    0.08214588661112819, -0.007370430945714348, 0.00046630280576761234, -2.1915353447830204e-05,
    7.952054001475508e-07, -2.2948428997269856e-08, 5.392664662608125e-10,
)


@njit(**JIT_INLINE)
def half_cosine(u: float) -> float:
    """``0.5 (1 + cos(pi u))`` for 0 <= u <= 1, by a polynomial (within 3e-16 of ``math.cos``).

    ``cos(pi u) = -sin(pi v)`` with ``v = u - 1/2``, and sin's Taylor series to degree 21 on
    |v| <= 1/2 in Horner form: no call to the library's cos (the pump pulses take three per
    right-hand side; 3 % of a walk's time, measured).

    Examples
    --------
    >>> half_cosine(0.0), half_cosine(0.5), half_cosine(1.0)
    (1.0, 0.5, 0.0)
    """
    v = u - 0.5
    v2 = v * v
    c = _SIN_PI
    p = c[10]
    p = p * v2 + c[9]
    p = p * v2 + c[8]
    p = p * v2 + c[7]
    p = p * v2 + c[6]
    p = p * v2 + c[5]
    p = p * v2 + c[4]
    p = p * v2 + c[3]
    p = p * v2 + c[2]
    p = p * v2 + c[1]
    p = p * v2 + c[0]
    return 0.5 - 0.5 * (v * p)



@njit(**JIT_INLINE)
def raised_cosine(x: float, centre: float, halfwidth: float) -> float:
    """Pulse of height 1 at ``centre``, zero beyond ``halfwidth``; C1 smooth.

    Examples
    --------
    >>> raised_cosine(0.5, 0.5, 0.1), raised_cosine(0.7, 0.5, 0.1)
    (1.0, 0.0)
    """
    d = abs(x - centre)
    if d >= halfwidth:
        return 0.0
    return half_cosine(d / halfwidth)


@njit(**JIT_INLINE)
def cyclic_pulse(phase: float, centre: float, halfwidth: float) -> float:
    """Raised cosine on the unit circle (phase and centre in [0, 1))."""
    d = abs(phase - centre)
    if d > 0.5:
        d = 1.0 - d
    if d >= halfwidth:
        return 0.0
    return half_cosine(d / halfwidth)


#: Cadences a walk by speed is held within, steps/min (the range a :class:`~calfpump.protocol.Walk`
#: accepts for a cadence); beyond them the step length, not the cadence, gives way.
CADENCE_MIN_SPM, CADENCE_MAX_SPM = 30.0, 200.0


@njit(**JIT_INLINE)
def cadence_for_speed(speed_m_s: float, step_length_100_m: float) -> float:
    """Cadence (steps/min, both feet) of a walk at ``speed_m_s``.

    ``step_length_100_m`` is the person's step length at 100 steps/min, m. Healthy adults keep
    the *walk ratio* (step length / cadence) about constant over their ordinary range of
    speeds (Sekiya N, Nagasaki H, Gait Posture 1998;7:225-227; constancy breaks below about
    62 m/min, where steps are relatively longer: Murakami R, Otaka Y, J Phys Ther Sci
    2017;29:722-725; abstracts read). So step length = ``step_length_100_m`` x cadence / 100
    and speed = step length x cadence / 60, which gives
    ``cadence = sqrt(6000 speed / step_length_100_m)``, held within
    [CADENCE_MIN_SPM, CADENCE_MAX_SPM].

    Examples
    --------
    >>> round(cadence_for_speed(3 / 3.6, 0.37 * 1.75), 1)  # 3 km/h, 175 cm tall (healthy preset)
    87.9
    >>> round(cadence_for_speed(5 / 3.6, 0.37 * 1.75), 1)  # 5 km/h
    113.4
    """
    if speed_m_s <= 0.0:
        return 0.0
    cadence = math.sqrt(6000.0 * speed_m_s / step_length_100_m)
    return min(max(cadence, CADENCE_MIN_SPM), CADENCE_MAX_SPM)
