"""From a protocol to the time functions that drive the model.

The drive is a table, one row per protocol step (plus a leading settling row
in the first step's posture at rest, which brings the network to its
equilibrium before t = 0): the step's start and end times, its activity
(rest, walking, heel raises, seated ankle pumps, cycling, swimming, a calf
squeeze), the activity's frequency (strides per second when walking:
cadence / 120, or 0 for the person's habitual cadence or a walk by speed;
repetitions per second for heel raises and ankle pumps; crank revolutions or
kicks per second; the cycles per second of a pneumatic compression device), a
squeeze's pressure and whether the leg is in water (each with the previous
step's value, so that the model can ramp from one to the next), a walk's speed
(m/s; the model turns it into a cadence with the person's step length), a
compression device's target (0 calf, 1 foot) and inflation time, and the
posture's segment inclinations, with those of the previous step so that the
model can turn one posture into the next smoothly over ``posture_change_s``.
The waveforms themselves are person parameters and live in the model
(:func:`calfpump.model.pump_pressures`, :mod:`calfpump.gait`).

Examples
--------
>>> from calfpump.protocol import Protocol
>>> d = build_drive(Protocol(["Stand for 1 minute", "Walk at 100 steps/min for 2 minutes"]))
>>> d.table.shape[0], d.t_end_s
(3, 180.0)
>>> row = build_drive(Protocol(["Foot pump device at 130 mmHg for 10 minutes"])).table[1]
>>> int(row[D_ACT]) == SQUEEZE, [float(row[c]) for c in (D_FREQ, D_SQUEEZE, D_DEVICE_TARGET, D_DEVICE_INFLATE)]
(True, [0.05, 130.0, 1.0, 3.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .hydrostatics import inclinations
from .model import (
    ANKLE_PUMP,
    CYCLE,
    D_ACT,
    D_COS0,
    D_DEVICE_INFLATE,
    D_DEVICE_TARGET,
    D_FREQ,
    D_INC,
    D_NCOL,
    D_PREV,
    D_PREV_SQUEEZE,
    D_PREV_WATER,
    D_SIN,
    D_SPEED,
    D_SQUEEZE,
    D_T0,
    D_T1,
    D_WATER,
    REST,
    SQUEEZE,
    SWIM,
    TIPTOE,
    WALK,
)
from .protocol import (
    Activity,
    AnklePumps,
    CalfSqueeze,
    Cycle,
    PneumaticCompression,
    Protocol,
    Step,
    Swim,
    Tiptoe,
    Walk,
)

#: Default settling time before t = 0, s. From the hydrostatic initial state the
#: venous pressures settle to within 0.01 mmHg in 10-30 s (measured for standing,
#: sitting and lying); what still drifts after that (filtration into the
#: interstitium, over hours) is physiology, not a transient, and is not settled.
SETTLE_S = 60.0


@dataclass(frozen=True)
class Drive:
    """The drive table of a protocol (row 0 is the settling period)."""

    table: np.ndarray
    protocol: Protocol
    settle_s: float

    @property
    def t_end_s(self) -> float:
        return float(self.table[-1, D_T1])



def _activity_code(step: Step) -> tuple[int, float, float]:
    """Activity code, frequency (1/s) and squeeze pressure (mmHg) of a step."""
    if step.activity is Activity.WALK:
        assert isinstance(step, Walk)
        # frequency 0: the model walks at the person's habitual cadence
        return WALK, 0.0 if step.cadence_spm is None else step.cadence_spm / 120.0, 0.0
    if step.activity is Activity.TIPTOE:
        assert isinstance(step, Tiptoe)
        return TIPTOE, step.rate_hz, 0.0
    if step.activity is Activity.ANKLE_PUMP:
        assert isinstance(step, AnklePumps)
        return ANKLE_PUMP, step.rate_hz, 0.0
    if step.activity is Activity.SWIM:
        assert isinstance(step, Swim)
        return SWIM, step.kicks_per_min / 60.0, 0.0
    if step.activity is Activity.CYCLE:
        assert isinstance(step, Cycle)
        return CYCLE, step.cadence_rpm / 60.0, 0.0
    if step.activity is Activity.SQUEEZE:
        assert isinstance(step, CalfSqueeze)
        return SQUEEZE, 0.0, step.pressure_mmHg
    if step.activity is Activity.PNEUMATIC:
        # a squeeze that repeats, once per period (the model's device cycle)
        assert isinstance(step, PneumaticCompression)
        assert step.period_s is not None and step.pressure_mmHg is not None
        return SQUEEZE, 1.0 / step.period_s, step.pressure_mmHg
    return REST, 0.0, 0.0


def _walk_speed_and_device(step: Step) -> tuple[float, float, float]:
    """A walk's speed (m/s, 0 if by cadence), a device's target (1 foot, 0 calf) and inflation (s)."""
    if isinstance(step, Walk):
        return step.speed_m_s or 0.0, 0.0, 0.0
    if isinstance(step, PneumaticCompression):
        assert step.inflation_s is not None
        return 0.0, 1.0 if step.target == "foot" else 0.0, step.inflation_s
    return 0.0, 0.0, 0.0


def build_drive(protocol: Protocol, settle_s: float = SETTLE_S) -> Drive:
    """The drive table for ``protocol``; protocol time starts at 0."""
    steps = protocol.steps
    table = np.zeros((len(steps) + 1, D_NCOL))
    first = inclinations(steps[0].posture, steps[0].angle_deg)
    table[0, D_T0] = -settle_s
    table[0, D_T1] = 0.0
    table[0, D_ACT] = REST
    table[0, D_INC : D_INC + 3] = first
    table[0, D_PREV : D_PREV + 3] = first
    table[0, D_WATER] = table[0, D_PREV_WATER] = _immersed(steps[0])
    _set_sines(table[0])
    t = 0.0
    prev = first
    for k, step in enumerate(steps, start=1):
        inc = inclinations(step.posture, step.angle_deg)
        code, freq, squeeze = _activity_code(step)
        table[k, D_T0] = t
        t += step.duration_s
        table[k, D_T1] = t
        table[k, D_ACT] = code
        table[k, D_FREQ] = freq
        table[k, D_SQUEEZE] = squeeze
        # a held squeeze ramps up from the previous step's held pressure; a device cycles down to 0
        device_before = int(table[k - 1, D_ACT]) == SQUEEZE and table[k - 1, D_FREQ] > 0.0
        table[k, D_PREV_SQUEEZE] = 0.0 if device_before else table[k - 1, D_SQUEEZE]
        table[k, D_SPEED], table[k, D_DEVICE_TARGET], table[k, D_DEVICE_INFLATE] = _walk_speed_and_device(step)
        table[k, D_WATER] = _immersed(step)
        table[k, D_PREV_WATER] = table[k - 1, D_WATER]
        table[k, D_INC : D_INC + 3] = inc
        table[k, D_PREV : D_PREV + 3] = prev
        _set_sines(table[k])
        prev = inc
    return Drive(table, protocol, settle_s)


def _immersed(step: Step) -> float:
    """1.0 for a step in water (swimming), else 0.0."""
    return 1.0 if step.activity is Activity.SWIM else 0.0


def _set_sines(row: np.ndarray) -> None:
    row[D_SIN : D_SIN + 3] = np.sin(row[D_INC : D_INC + 3])
    row[D_COS0] = np.cos(row[D_INC])
