"""Posture geometry: the height of every venous node relative to the right atrium.

The body is a chain of three straight segments from the right atrium (RA) down
to the sole: trunk (RA -> hip), thigh (hip -> knee) and shank (knee -> sole; the
foot is folded into it, so the plantar plexus lies on the shank axis). A
posture is the *inclination* of each segment: the angle of the vector from its
proximal to its distal end above the horizontal, in radians (standing: all
-pi/2; supine: all 0; sitting: trunk and shank -pi/2, thigh 0; legs raised by
``a``: trunk 0, thigh and shank +a; head-up tilt by ``b``: all -b; cycling:
trunk -pi/2, thigh -45 and shank -70 degrees; swimming: trunk 0, legs -10
degrees).

Supine, the RA lies above the leg's venous axis by ``heart_depth_cm``
(the phlebostatic level is mid-chest, the leg veins a few cm above the
table); this offset turns with the trunk: ``heart_depth_cm * cos(trunk)``.

Landmark heights as fractions of body height H in standing (Drillis R,
Contini R, "Body segment parameters", Report 1166-03, New York University
1966, as tabulated in Winter DA, Biomechanics and Motor Control of Human
Movement, 4th ed., Wiley 2009, Fig. 4.1): hip (greater trochanter) 0.530 H,
knee 0.285 H. The RA height (0.72 H, about the 4th intercostal space, the
level of the nipples in Drillis & Contini's figure) is a modelling choice
marked in the parameter files.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ._jit import JIT, JIT_INLINE
from .protocol import Posture

TRUNK, THIGH, SHANK = 0, 1, 2
SEGMENT_NAMES: tuple[str, str, str] = ("trunk", "thigh", "shank")

_HALF_PI = 0.5 * math.pi


def inclinations(posture: Posture, angle_deg: float = 0.0) -> tuple[float, float, float]:
    """Segment inclinations (trunk, thigh, shank) in radians for a posture.

    Examples
    --------
    >>> [round(a, 4) for a in inclinations(Posture.SITTING)]
    [-1.5708, 0.0, -1.5708]
    >>> [round(a, 4) for a in inclinations(Posture.LEGS_RAISED, 30.0)]
    [0.0, 0.5236, 0.5236]
    """
    a = math.radians(angle_deg)
    if posture is Posture.STANDING:
        return (-_HALF_PI, -_HALF_PI, -_HALF_PI)
    if posture is Posture.SITTING:
        return (-_HALF_PI, 0.0, -_HALF_PI)
    if posture is Posture.SUPINE:
        return (0.0, 0.0, 0.0)
    if posture is Posture.LEGS_RAISED:
        return (0.0, a, a)
    if posture is Posture.PRONE_SWIMMING:
        # horizontal trunk, the legs riding about 10 degrees lower (assumption). Face down
        # would put the right atrium a few cm below the leg axis rather than above it; that
        # offset (heart_depth_supine_cm) is kept as supine, a simplification.
        return (0.0, -math.radians(10.0), -math.radians(10.0))
    if posture is Posture.CYCLING:
        # upright trunk; thigh and shank reaching down to the pedals, averaged over a
        # crank revolution (assumption: thigh 45 degrees, shank 70 degrees below horizontal)
        return (-_HALF_PI, -math.radians(45.0), -math.radians(70.0))
    if posture is Posture.TILT:
        return (-a, -a, -a)
    raise ValueError(f"unknown posture {posture!r}")


@njit(**JIT_INLINE)
def smoothstep(x: float) -> float:
    """C1 ramp from 0 (x <= 0) to 1 (x >= 1): 3x^2 - 2x^3."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    return x * x * (3.0 - 2.0 * x)


@njit(**JIT_INLINE)
def segment_frame(
    inc_trunk: float, inc_thigh: float, inc_shank: float,
    len_trunk_cm: float, len_thigh_cm: float, heart_depth_cm: float,
) -> tuple[float, float, float, float, float, float]:
    """Heights of the proximal ends of trunk, thigh and shank relative to the RA (cm),
    and the sines of their inclinations (allocation-free, for the right-hand side)."""
    return frame_from_sines(
        math.sin(inc_trunk), math.sin(inc_thigh), math.sin(inc_shank), math.cos(inc_trunk),
        len_trunk_cm, len_thigh_cm, heart_depth_cm,
    )


@njit(**JIT_INLINE)
def frame_from_sines(
    s0: float, s1: float, s2: float, c0: float,
    len_trunk_cm: float, len_thigh_cm: float, heart_depth_cm: float,
) -> tuple[float, float, float, float, float, float]:
    """:func:`segment_frame` from precomputed sines (and the trunk's cosine)."""
    b0 = -heart_depth_cm * c0
    b1 = b0 + len_trunk_cm * s0
    b2 = b1 + len_thigh_cm * s1
    return b0, b1, b2, s0, s1, s2


@njit(**JIT_INLINE)
def height_on_segment(
    segment: int, dist_cm: float, b0: float, b1: float, b2: float, s0: float, s1: float, s2: float
) -> float:
    """Height relative to the RA (cm) of a point ``dist_cm`` along ``segment``."""
    if segment == TRUNK:
        return b0 + dist_cm * s0
    if segment == THIGH:
        return b1 + dist_cm * s1
    return b2 + dist_cm * s2


@njit(**JIT)
def node_heights(
    incl: np.ndarray,
    lengths_cm: np.ndarray,
    heart_depth_cm: float,
    node_segment: np.ndarray,
    node_dist_cm: np.ndarray,
    out: np.ndarray,
) -> None:
    """Fill ``out`` with every node's height above the RA, cm (negative below).

    ``lengths_cm`` holds the trunk, thigh and shank lengths; ``node_dist_cm`` the
    distance of each node from the proximal end of its segment.
    """
    b0, b1, b2, s0, s1, s2 = segment_frame(
        incl[0], incl[1], incl[2], lengths_cm[0], lengths_cm[1], heart_depth_cm
    )
    for i in range(node_segment.shape[0]):
        out[i] = height_on_segment(node_segment[i], node_dist_cm[i], b0, b1, b2, s0, s1, s2)


def upright_fraction(inc_trunk: float) -> float:
    """How upright the trunk is: 0 lying, 1 standing (``-sin`` of its inclination, >= 0)."""
    return max(0.0, -math.sin(inc_trunk))
