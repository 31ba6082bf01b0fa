"""Activity protocols: what the leg does, step by step.

A protocol is an ordered list of steps (lie, sit, stand, tilt, walk, tiptoe...).
Steps can be written as plain English strings, in the style of PyBaMM's
``Experiment``, or built as typed, immutable step objects:

>>> from calfpump.protocol import Protocol, Walk, parse_step
>>> parse_step("Walk at 100 steps/min for 3 minutes") == Walk(180, 100)
True
>>> p = Protocol(["Lie for 5 minutes", "Stand for 2 minutes", Walk(60, 100)])
>>> p.duration_s
480.0

This module only describes *what* is done; it knows nothing about physiology,
parameters or solvers. Every invalid step raises
:class:`calfpump.errors.ProtocolError` with a message that quotes the step or
field, the value given and what is allowed.
"""

from __future__ import annotations

import abc
import enum
import math
import numbers
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final, overload

from calfpump.errors import ProtocolError, shown

__all__ = [
    "EXAMPLES",
    "MAX_STEP_DURATION_S",
    "Activity",
    "AnklePumps",
    "CalfSqueeze",
    "Cycle",
    "Lie",
    "LieLegsRaised",
    "PneumaticCompression",
    "Posture",
    "Protocol",
    "Sit",
    "Stand",
    "Step",
    "Swim",
    "Tilt",
    "Tiptoe",
    "Walk",
    "as_protocol",
    "parse_step",
    "parse_steps",
]

#: Longest allowed duration of a single step, in seconds (7 days).
MAX_STEP_DURATION_S: Final[float] = 7 * 24 * 3600.0

#: Walking speeds a :class:`Walk` accepts, km/h: a slow shuffle to a brisk walk below the
#: walk-run transition (about 2 m/s = 7.2 km/h in adults).
WALK_SPEED_KMH: Final[tuple[float, float]] = (0.5, 8.0)

#: One valid example string per step form, shown in parse error messages.
EXAMPLES: Final[tuple[str, ...]] = (
    "Lie for 5 minutes",
    "Lie with legs raised 30 degrees for 20 minutes",
    "Sit for 30 minutes",
    "Stand for 2 minutes",
    "Tilt 60 degrees for 5 minutes",
    "Walk at 100 steps/min for 3 minutes",
    "Tiptoe 10 times at 1 Hz",
    "Squeeze calf at 100 mmHg for 3 seconds",
    "Cycle at 50 rpm for 10 minutes",
    "Ankle pumps 20 times at 0.5 Hz",
    "Swim at 60 kicks/min for 20 minutes",
    "Walk at 3 km/h for 10 minutes",
    "Foot pump device at 130 mmHg for 30 minutes, 3 s every 20 s, lying",
    "Calf compression device at 40 mmHg for 30 minutes, 10 s every 60 s, sitting",
)


class Posture(enum.Enum):
    """Body posture during a step.

    Examples
    --------
    >>> Posture.STANDING.value
    'standing'
    """

    SUPINE = "supine"
    """Lying flat on the back."""
    SITTING = "sitting"
    """Seated, knees bent, feet on the floor."""
    STANDING = "standing"
    """Upright on both feet."""
    TILT = "tilt"
    """Head-up tilt table; the step's ``angle_deg`` is the tilt angle."""
    LEGS_RAISED = "legs_raised"
    """Supine with straight legs raised; ``angle_deg`` is the leg angle."""
    PRONE_SWIMMING = "prone_swimming"
    """Horizontal, face down in water; the legs ride about 10 degrees lower than the trunk."""
    CYCLING = "cycling"
    """Seated upright on a cycle ergometer, the leg reaching down to the pedals."""


class Activity(enum.Enum):
    """Muscle activity of the leg during a step.

    Examples
    --------
    >>> Activity.WALK.value
    'walk'
    """

    REST = "rest"
    """No calf muscle contractions."""
    WALK = "walk"
    """Walking: rhythmic calf contractions at the gait cadence."""
    TIPTOE = "tiptoe"
    """Heel raises (tiptoe exercise) while standing."""
    ANKLE_PUMP = "ankle_pump"
    """Seated ankle pumps: the calf contracts without carrying the body's weight."""
    SWIM = "swim"
    """Swimming: flutter kicks in water, the water pressing on the legs."""
    CYCLE = "cycle"
    """Pedalling: calf and thigh muscles work once per crank revolution."""
    SQUEEZE = "squeeze"
    """The calf is squeezed from outside (hand or cuff), muscles at rest; released at the end."""
    PNEUMATIC = "pneumatic"
    """Intermittent pneumatic compression: a cuff on the foot or calf inflates and deflates
    in cycles, muscles at rest."""


# ---------------------------------------------------------------------------
# Formatting and validation helpers
# ---------------------------------------------------------------------------


def _fmt(x: float) -> str:
    """Shortest plain decimal text (no exponent) that parses back to exactly ``x``."""
    if x == 0:
        return "0"
    if float(x).is_integer() and abs(x) < 1e16:
        return str(int(x))
    return format(Decimal(repr(float(x))), "f")


def _fmt_value(value: object) -> str:
    """Show a user-supplied value in an error message."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, numbers.Real):
        try:
            v = float(value)
        except OverflowError:  # an integer too large for a float
            return shown(value)
        return _fmt(v) if math.isfinite(v) else repr(v)
    return f"{shown(value)} ({type(value).__name__})"


def _range_text(lo: float, hi: float, unit: str, lo_inclusive: bool) -> str:
    lo_text = _fmt(lo) if lo_inclusive else f"greater than {_fmt(lo)}"
    hi_text = _fmt(hi) if lo_inclusive else f"and at most {_fmt(hi)}"
    return f"{lo_text} to {hi_text} {unit}" if lo_inclusive else f"{lo_text} {hi_text} {unit}"


def _check_real(
    obj: object,
    name: str,
    value: object,
    lo: float,
    hi: float,
    unit: str,
    *,
    lo_inclusive: bool = True,
) -> float:
    """Validate a finite real number in a range and return it as a float."""
    where = f"{type(obj).__name__}.{name}"
    allowed = _range_text(lo, hi, unit, lo_inclusive)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ProtocolError(
            f"{where} = {_fmt_value(value)} is not a number; the allowed range is {allowed}"
        )
    try:
        v = float(value) + 0.0  # + 0.0 turns -0.0 into 0.0
    except OverflowError:  # an integer too large for a float
        raise ProtocolError(f"{where} = {_fmt_value(value)} is outside the allowed range {allowed}") from None
    except TypeError:  # registered as a number but not one: numpy's timedelta64
        raise ProtocolError(
            f"{where} = {value!r} ({type(value).__name__}) is not a number; the allowed range is {allowed}"
        ) from None
    if not math.isfinite(v):
        raise ProtocolError(
            f"{where} = {_fmt_value(v)} is not a finite number; the allowed range is {allowed}"
        )
    below = v < lo if lo_inclusive else v <= lo
    if below or v > hi:
        raise ProtocolError(f"{where} = {_fmt_value(v)} is outside the allowed range {allowed}")
    return v


def _check_int(obj: object, name: str, value: object, lo: int, hi: int, unit: str) -> int:
    """Validate a whole number in a range (integral floats are accepted) and return an int."""
    where = f"{type(obj).__name__}.{name}"
    allowed = _range_text(lo, hi, unit, True)
    if isinstance(value, numbers.Integral) and not isinstance(value, bool) and type(value).__name__ != "timedelta64":
        v = int(value)
    else:
        f = _check_real(obj, name, value, lo, hi, unit)
        if not f.is_integer():
            raise ProtocolError(
                f"{where} = {_fmt_value(f)} is not a whole number; the allowed range is {allowed}"
            )
        v = int(f)
    if not lo <= v <= hi:
        raise ProtocolError(f"{where} = {_fmt_value(v)} is outside the allowed range {allowed}")
    return v


def _set(obj: object, name: str, value: object) -> None:
    """Assign to a field of a frozen dataclass (used to normalise values in ``__post_init__``)."""
    object.__setattr__(obj, name, value)


def _validate_common(step: Step) -> None:
    if step.source_text is not None and not isinstance(step.source_text, str):
        raise ProtocolError(
            f"{type(step).__name__}.source_text must be a string or None, "
            f"not {type(step.source_text).__name__}"
        )


def _validate_duration(step: Step) -> None:
    _set(
        step,
        "duration_s",
        _check_real(
            step,
            "duration_s",
            step.duration_s,
            0.0,
            MAX_STEP_DURATION_S,
            "s (7 days)",
            lo_inclusive=False,
        ),
    )


def _plural(x: float, singular: str, plural: str) -> str:
    return f"{_fmt(x)} {singular if x == 1 else plural}"


def _duration_text(duration_s: float) -> str:
    """Canonical duration text, exact so that parsing gives back the same float."""
    if duration_s % 3600 == 0:
        return _plural(duration_s / 3600, "hour", "hours")
    if duration_s % 60 == 0:
        return _plural(duration_s / 60, "minute", "minutes")
    return _plural(duration_s, "second", "seconds")


# ---------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step(abc.ABC):
    """Abstract base class of one protocol step.

    Concrete steps are frozen (immutable), slotted dataclasses. Two steps are
    equal when they are of the same kind with the same numbers; the text the
    user typed (``source_text``) does not take part in comparisons.

    Attributes
    ----------
    duration_s : float
        Duration of the step in seconds.
    posture : Posture
        Body posture during the step.
    activity : Activity
        Muscle activity during the step.
    angle_deg : float
        Posture angle in degrees: the tilt angle for :class:`Tilt`, the
        leg-raise angle for :class:`LieLegsRaised`, 0 otherwise.
    text : str
        Canonical text of the step; ``str(step)`` returns it and
        ``parse_step(step.text) == step``.
    source_text : str or None
        The exact string the step was parsed from, or None for typed steps.
    label : str
        ``source_text`` if set, else ``text``.

    Examples
    --------
    >>> step = parse_step("walk at 100 SPM for 3 min.")
    >>> step
    Walk(duration_s=180.0, cadence_spm=100.0)
    >>> str(step)
    'Walk at 100 steps/min for 3 minutes'
    >>> step.label
    'walk at 100 SPM for 3 min.'
    >>> step.posture, step.activity, step.angle_deg
    (<Posture.STANDING: 'standing'>, <Activity.WALK: 'walk'>, 0.0)
    """

    # kw_only so that subclasses may declare fields without defaults after it.
    source_text: str | None = field(default=None, compare=False, repr=False, kw_only=True)

    # Subclasses override ``duration_s`` and ``angle_deg`` with dataclass fields
    # declared as ``name: float = field()``; the explicit ``field()`` keeps the
    # dataclass machinery from taking these inherited properties as defaults.
    @property
    @abc.abstractmethod
    def duration_s(self) -> float:
        """Duration of the step in seconds."""

    @property
    @abc.abstractmethod
    def posture(self) -> Posture:
        """Body posture during the step."""

    @property
    @abc.abstractmethod
    def activity(self) -> Activity:
        """Muscle activity during the step."""

    @property
    @abc.abstractmethod
    def text(self) -> str:
        """Canonical text of the step (parses back to an equal step)."""

    @property
    def angle_deg(self) -> float:
        """Posture angle in degrees (tilt or leg-raise angle; 0 otherwise)."""
        return 0.0

    @property
    def label(self) -> str:
        """The text the user gave if the step was parsed, else the canonical text."""
        return self.source_text if self.source_text is not None else self.text

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Lie(Step):
    """Lie supine (flat on the back) at rest.

    Parameters
    ----------
    duration_s : float
        Duration in seconds, greater than 0 up to 7 days.

    Examples
    --------
    >>> Lie(300).text
    'Lie for 5 minutes'
    >>> parse_step("Lie down for 5 minutes") == Lie(300)
    True
    """

    duration_s: float = field()

    def __post_init__(self) -> None:
        _validate_common(self)
        _validate_duration(self)

    @property
    def posture(self) -> Posture:
        return Posture.SUPINE

    @property
    def activity(self) -> Activity:
        return Activity.REST

    @property
    def text(self) -> str:
        return f"Lie for {_duration_text(self.duration_s)}"


@dataclass(frozen=True, slots=True)
class LieLegsRaised(Step):
    """Lie supine with straight legs raised by an angle, at rest.

    Parameters
    ----------
    duration_s : float
        Duration in seconds, greater than 0 up to 7 days.
    angle_deg : float
        Leg-raise angle above horizontal in degrees, greater than 0 up to 90.

    Examples
    --------
    >>> LieLegsRaised(1200, 30).text
    'Lie with legs raised 30 degrees for 20 minutes'
    >>> LieLegsRaised(1200, 30).posture
    <Posture.LEGS_RAISED: 'legs_raised'>
    """

    duration_s: float = field()
    angle_deg: float = field()

    def __post_init__(self) -> None:
        _validate_common(self)
        _validate_duration(self)
        _set(
            self,
            "angle_deg",
            _check_real(
                self, "angle_deg", self.angle_deg, 0.0, 90.0, "degrees", lo_inclusive=False
            ),
        )

    @property
    def posture(self) -> Posture:
        return Posture.LEGS_RAISED

    @property
    def activity(self) -> Activity:
        return Activity.REST

    @property
    def text(self) -> str:
        angle = _plural(self.angle_deg, "degree", "degrees")
        return f"Lie with legs raised {angle} for {_duration_text(self.duration_s)}"


@dataclass(frozen=True, slots=True)
class Sit(Step):
    """Sit at rest.

    Parameters
    ----------
    duration_s : float
        Duration in seconds, greater than 0 up to 7 days.

    Examples
    --------
    >>> Sit(1800).text
    'Sit for 30 minutes'
    """

    duration_s: float = field()

    def __post_init__(self) -> None:
        _validate_common(self)
        _validate_duration(self)

    @property
    def posture(self) -> Posture:
        return Posture.SITTING

    @property
    def activity(self) -> Activity:
        return Activity.REST

    @property
    def text(self) -> str:
        return f"Sit for {_duration_text(self.duration_s)}"


@dataclass(frozen=True, slots=True)
class Stand(Step):
    """Stand still (no calf muscle activity).

    Parameters
    ----------
    duration_s : float
        Duration in seconds, greater than 0 up to 7 days.

    Examples
    --------
    >>> Stand(120).text
    'Stand for 2 minutes'
    >>> Stand(90).text
    'Stand for 90 seconds'
    """

    duration_s: float = field()

    def __post_init__(self) -> None:
        _validate_common(self)
        _validate_duration(self)

    @property
    def posture(self) -> Posture:
        return Posture.STANDING

    @property
    def activity(self) -> Activity:
        return Activity.REST

    @property
    def text(self) -> str:
        return f"Stand for {_duration_text(self.duration_s)}"


@dataclass(frozen=True, slots=True)
class Tilt(Step):
    """Head-up tilt on a tilt table, at rest.

    Parameters
    ----------
    duration_s : float
        Duration in seconds, greater than 0 up to 7 days.
    angle_deg : float
        Head-up tilt angle in degrees, 0 to 90 (0 = flat, 90 = upright
        posture without muscle activity).

    Examples
    --------
    >>> Tilt(300, 60).text
    'Tilt 60 degrees for 5 minutes'
    >>> parse_step("tilt to 60 deg for 5 min") == Tilt(300, 60)
    True
    """

    duration_s: float = field()
    angle_deg: float = field()

    def __post_init__(self) -> None:
        _validate_common(self)
        _validate_duration(self)
        angle = _check_real(self, "angle_deg", self.angle_deg, 0.0, 90.0, "degrees")
        _set(self, "angle_deg", angle)

    @property
    def posture(self) -> Posture:
        return Posture.TILT

    @property
    def activity(self) -> Activity:
        return Activity.REST

    @property
    def text(self) -> str:
        angle = _plural(self.angle_deg, "degree", "degrees")
        return f"Tilt {angle} for {_duration_text(self.duration_s)}"


@dataclass(frozen=True, slots=True)
class Walk(Step):
    """Walk at a steady cadence or speed.

    Parameters
    ----------
    duration_s : float
        Duration in seconds, greater than 0 up to 7 days.
    cadence_spm : float or None
        Cadence in steps per minute, counting the steps of both feet, 30 to 200;
        ``None`` walks at the person's habitual cadence (the parameter
        ``habitual_cadence_spm``, which heel pain lowers), or at ``speed_kmh``.
    speed_kmh : float or None
        Walking speed in km/h, 0.5 to 8 (give a cadence or a speed, not both).
        The cadence then follows in the model from the person's step length
        (:func:`calfpump.gait.cadence_for_speed`): the same speed takes more,
        shorter steps for a short person or a painful heel.

    Examples
    --------
    >>> Walk(180, 100).text
    'Walk at 100 steps/min for 3 minutes'
    >>> Walk(180, 100).activity
    <Activity.WALK: 'walk'>
    >>> Walk(600, speed_kmh=3)
    Walk(duration_s=600.0, cadence_spm=None, speed_kmh=3.0)
    >>> parse_step("walk at 0.5 m/s for 10 min") == Walk(600, speed_kmh=1.8)
    True
    >>> Walk(600, speed_kmh=3).speed_m_s
    0.8333333333333333
    """

    duration_s: float = field()
    cadence_spm: float | None = None
    speed_kmh: float | None = None

    def __post_init__(self) -> None:
        _validate_common(self)
        _validate_duration(self)
        if self.cadence_spm is not None and self.speed_kmh is not None:
            raise ProtocolError(
                f"Walk: give a cadence or a speed, not both (cadence_spm = {_fmt_value(self.cadence_spm)}, "
                f"speed_kmh = {_fmt_value(self.speed_kmh)})"
            )
        if self.cadence_spm is not None:
            _set(
                self,
                "cadence_spm",
                _check_real(self, "cadence_spm", self.cadence_spm, 30.0, 200.0, "steps/min"),
            )
        if self.speed_kmh is not None:
            _set(
                self,
                "speed_kmh",
                _check_real(self, "speed_kmh", self.speed_kmh, WALK_SPEED_KMH[0], WALK_SPEED_KMH[1], "km/h"),
            )

    def __repr__(self) -> str:
        # the speed is shown only when given, so that a walk by cadence looks as it always has
        speed = "" if self.speed_kmh is None else f", speed_kmh={self.speed_kmh!r}"
        return f"Walk(duration_s={self.duration_s!r}, cadence_spm={self.cadence_spm!r}{speed})"

    @property
    def speed_m_s(self) -> float | None:
        """The walking speed in m/s, or None for a walk by cadence."""
        return None if self.speed_kmh is None else self.speed_kmh / 3.6

    @property
    def posture(self) -> Posture:
        return Posture.STANDING

    @property
    def activity(self) -> Activity:
        return Activity.WALK

    @property
    def text(self) -> str:
        if self.speed_kmh is not None:
            return f"Walk at {_fmt(self.speed_kmh)} km/h for {_duration_text(self.duration_s)}"
        if self.cadence_spm is None:
            return f"Walk for {_duration_text(self.duration_s)}"
        return f"Walk at {_fmt(self.cadence_spm)} steps/min for {_duration_text(self.duration_s)}"


@dataclass(frozen=True, slots=True)
class Tiptoe(Step):
    """Heel raises (tiptoe exercise) while standing.

    Parameters
    ----------
    count : int
        Number of heel raises, 1 to 1000.
    rate_hz : float, default 1.0
        Heel raises per second, 0.1 to 3.

    Notes
    -----
    ``duration_s`` is derived: ``count / rate_hz``.

    Examples
    --------
    >>> step = Tiptoe(10, 0.5)
    >>> step.duration_s
    20.0
    >>> step.text
    'Tiptoe 10 times at 0.5 Hz'
    >>> parse_step("Heel raises 10 times") == Tiptoe(10, 1.0)
    True
    """

    count: int = field()
    rate_hz: float = 1.0

    def __post_init__(self) -> None:
        _validate_common(self)
        _set(self, "count", _check_int(self, "count", self.count, 1, 1000, "heel raises"))
        _set(self, "rate_hz", _check_real(self, "rate_hz", self.rate_hz, 0.1, 3.0, "Hz"))

    @property
    def duration_s(self) -> float:
        """Duration in seconds, ``count / rate_hz`` (at most 10000 s)."""
        return self.count / self.rate_hz

    @property
    def posture(self) -> Posture:
        return Posture.STANDING

    @property
    def activity(self) -> Activity:
        return Activity.TIPTOE

    @property
    def text(self) -> str:
        times = "time" if self.count == 1 else "times"
        return f"Tiptoe {self.count} {times} at {_fmt(self.rate_hz)} Hz"


@dataclass(frozen=True, slots=True)
class AnklePumps(Step):
    """Seated ankle pumps: the foot points and flexes, the calf contracts unloaded.

    Parameters
    ----------
    count : int
        Number of pumps, 1 to 1000.
    rate_hz : float, default 0.5
        Pumps per second, 0.1 to 3.

    Examples
    --------
    >>> AnklePumps(20, 0.5).text
    'Ankle pumps 20 times at 0.5 Hz'
    >>> AnklePumps(20, 0.5).duration_s
    40.0
    """

    count: int = field()
    rate_hz: float = 0.5

    def __post_init__(self) -> None:
        _validate_common(self)
        _set(self, "count", _check_int(self, "count", self.count, 1, 1000, "times"))
        _set(self, "rate_hz", _check_real(self, "rate_hz", self.rate_hz, 0.1, 3.0, "Hz"))

    @property
    def duration_s(self) -> float:
        """Duration in seconds, ``count / rate_hz``."""
        return self.count / self.rate_hz

    @property
    def posture(self) -> Posture:
        return Posture.SITTING

    @property
    def activity(self) -> Activity:
        return Activity.ANKLE_PUMP

    @property
    def text(self) -> str:
        return f"Ankle pumps {self.count} {'time' if self.count == 1 else 'times'} at {_fmt(self.rate_hz)} Hz"


@dataclass(frozen=True, slots=True)
class Swim(Step):
    """Swim face down with a flutter kick.

    Parameters
    ----------
    duration_s : float
        Duration in seconds, greater than 0 up to 7 days.
    kicks_per_min : float, default 60.0
        Kicks of this leg per minute, 20 to 200.

    Examples
    --------
    >>> Swim(1200).text
    'Swim at 60 kicks/min for 20 minutes'
    """

    duration_s: float = field()
    kicks_per_min: float = 60.0

    def __post_init__(self) -> None:
        _validate_common(self)
        _validate_duration(self)
        _set(self, "kicks_per_min",
             _check_real(self, "kicks_per_min", self.kicks_per_min, 20.0, 200.0, "kicks/min"))

    @property
    def posture(self) -> Posture:
        return Posture.PRONE_SWIMMING

    @property
    def activity(self) -> Activity:
        return Activity.SWIM

    @property
    def text(self) -> str:
        return f"Swim at {_fmt(self.kicks_per_min)} kicks/min for {_duration_text(self.duration_s)}"


@dataclass(frozen=True, slots=True)
class Cycle(Step):
    """Pedal a cycle ergometer at a steady crank rate.

    Parameters
    ----------
    duration_s : float
        Duration in seconds, greater than 0 up to 7 days.
    cadence_rpm : float
        Crank revolutions per minute, 20 to 150.

    Examples
    --------
    >>> Cycle(600, 50).text
    'Cycle at 50 rpm for 10 minutes'
    >>> Cycle(600, 50).posture
    <Posture.CYCLING: 'cycling'>
    """

    duration_s: float = field()
    cadence_rpm: float = field()

    def __post_init__(self) -> None:
        _validate_common(self)
        _validate_duration(self)
        _set(self, "cadence_rpm", _check_real(self, "cadence_rpm", self.cadence_rpm, 20.0, 150.0, "rpm"))

    @property
    def posture(self) -> Posture:
        return Posture.CYCLING

    @property
    def activity(self) -> Activity:
        return Activity.CYCLE

    @property
    def text(self) -> str:
        return f"Cycle at {_fmt(self.cadence_rpm)} rpm for {_duration_text(self.duration_s)}"


@dataclass(frozen=True, slots=True)
class CalfSqueeze(Step):
    """Squeeze the calf from outside while standing still, then release it at once.

    The provocation of the duplex reflux test: a hand or a cuff compresses the
    calf, pushing blood up the leg; on release, competent valves close and
    incompetent ones let blood fall back (reflux).

    Parameters
    ----------
    duration_s : float
        How long the squeeze is held, greater than 0 up to 600 s.
    pressure_mmHg : float, default 100.0
        Pressure applied to the calf, 10 to 300 mmHg.

    Examples
    --------
    >>> CalfSqueeze(3, 100).text
    'Squeeze calf at 100 mmHg for 3 seconds'
    >>> CalfSqueeze(3).activity
    <Activity.SQUEEZE: 'squeeze'>
    """

    duration_s: float = field()
    pressure_mmHg: float = 100.0

    def __post_init__(self) -> None:
        _validate_common(self)
        _set(self, "duration_s", _check_real(self, "duration_s", self.duration_s, 0.0, 600.0, "s",
                                             lo_inclusive=False))
        _set(
            self,
            "pressure_mmHg",
            _check_real(self, "pressure_mmHg", self.pressure_mmHg, 10.0, 300.0, "mmHg"),
        )

    @property
    def posture(self) -> Posture:
        return Posture.STANDING

    @property
    def activity(self) -> Activity:
        return Activity.SQUEEZE

    @property
    def text(self) -> str:
        return f"Squeeze calf at {_fmt(self.pressure_mmHg)} mmHg for {_duration_text(self.duration_s)}"


#: Default settings of an intermittent pneumatic compression device by target: pressure
#: (mmHg), inflation time (s) and cycle period (s). Foot: the A-V Impulse type of plantar
#: pump, 130 mmHg for about 1-3 s every 20 s (Br J Surg 1993;80:198-200,
#: doi:10.1002/bjs.1800800221: 50, 125 and 200 mmHg raised peak deep-vein flow by 9.1, 13.4
#: and 15.1 mL/s; 3 cycles/min did better than 6; 1 s and 3 s of inflation did the same;
#: abstract read, authors not checked). Calf: 35-55 mmHg (a sequentially graded calf cuff at a
#: mean 45 mmHg: Kamm R et al., Cardiovasc Res 1986;20:588-596; 60 mmHg: Iwama H et al.,
#: J Anesth 2004;18:232-233; review: Morris RJ, Woodcock JP, Ann Surg 2004;239:162-171;
#: abstracts read); the calf's 10 s inflation once a minute is an assumption (a common
#: commercial cycle, not traced).
IPC_DEFAULTS: Final[dict[str, tuple[float, float, float]]] = {
    "foot": (130.0, 3.0, 20.0),
    "calf": (40.0, 10.0, 60.0),
}
#: Minimum time a device cuff stays deflated in each cycle, s.
IPC_MIN_DEFLATED_S: Final[float] = 1.0
_DEVICE_POSTURES: Final[dict[str, Posture]] = {
    "supine": Posture.SUPINE, "lying": Posture.SUPINE, "lying down": Posture.SUPINE,
    "sitting": Posture.SITTING, "seated": Posture.SITTING,
}


@dataclass(frozen=True, slots=True)
class PneumaticCompression(Step):
    """Intermittent pneumatic compression (IPC): a device cuff on the foot or the calf.

    The cuff inflates to ``pressure_mmHg`` with a quick rise, holds for
    ``inflation_s``, deflates, and repeats every ``period_s``, while the person
    lies or sits with the leg muscles at rest. On the foot it presses on the
    plantar venous plexus (the foot pump); on the calf, on the calf veins and
    the tissue around them, as a calf squeeze does. Defaults by target are in
    :data:`IPC_DEFAULTS`, with their sources.

    Parameters
    ----------
    duration_s : float
        Duration in seconds, greater than 0 up to 7 days.
    target : {"foot", "calf"}, default "calf"
        Where the cuff is.
    pressure_mmHg : float, optional
        Cuff pressure, 10 to 250 mmHg (default: 130 on the foot, 40 on the calf).
    inflation_s : float, optional
        Time the cuff is inflated in each cycle, 0.5 to 60 s (default: 3 on the foot,
        10 on the calf).
    period_s : float, optional
        Cycle period, 2 to 600 s, at least ``inflation_s`` + 1 s (default: 20 on the foot,
        60 on the calf).
    posture : Posture or str, default Posture.SUPINE
        ``Posture.SUPINE`` (also ``"supine"``, ``"lying"``) or ``Posture.SITTING``
        (``"sitting"``, ``"seated"``).

    Examples
    --------
    >>> step = PneumaticCompression(1800, "foot")
    >>> step.text
    'Foot pump device at 130 mmHg for 30 minutes, 3 s every 20 s, lying'
    >>> step.posture, step.activity
    (<Posture.SUPINE: 'supine'>, <Activity.PNEUMATIC: 'pneumatic'>)
    >>> parse_step("Calf compression device at 40 mmHg for 30 minutes while sitting")
    PneumaticCompression(duration_s=1800.0, target='calf', pressure_mmHg=40.0, inflation_s=10.0, period_s=60.0, posture=<Posture.SITTING: 'sitting'>)
    >>> parse_step("Foot pump device at -5 mmHg for 30 minutes")
    Traceback (most recent call last):
    ...
    calfpump.errors.ProtocolError: Invalid step 'Foot pump device at -5 mmHg for 30 minutes': PneumaticCompression.pressure_mmHg = -5 is outside the allowed range 10 to 250 mmHg
    """

    duration_s: float = field()
    target: str = "calf"
    pressure_mmHg: float | None = None
    inflation_s: float | None = None
    period_s: float | None = None
    posture: Posture = Posture.SUPINE  # type: ignore[assignment]  # a field overrides the property

    def __post_init__(self) -> None:
        _validate_common(self)
        _validate_duration(self)
        target = self.target.lower() if isinstance(self.target, str) else self.target
        if not isinstance(target, str) or target not in IPC_DEFAULTS:  # a list is unhashable
            raise ProtocolError(
                f"PneumaticCompression.target = {_fmt_value(self.target)} is not one of 'foot', 'calf'"
            )
        _set(self, "target", target)
        pressure, inflation, period = IPC_DEFAULTS[target]
        _set(self, "pressure_mmHg", _check_real(
            self, "pressure_mmHg", pressure if self.pressure_mmHg is None else self.pressure_mmHg,
            10.0, 250.0, "mmHg"))
        _set(self, "inflation_s", _check_real(
            self, "inflation_s", inflation if self.inflation_s is None else self.inflation_s, 0.5, 60.0, "s"))
        _set(self, "period_s", _check_real(
            self, "period_s", period if self.period_s is None else self.period_s, 2.0, 600.0, "s"))
        assert self.inflation_s is not None and self.period_s is not None
        if self.inflation_s + IPC_MIN_DEFLATED_S > self.period_s:
            raise ProtocolError(
                f"PneumaticCompression: inflation_s = {_fmt(self.inflation_s)} s leaves the cuff no time "
                f"deflated in a cycle of period_s = {_fmt(self.period_s)} s; the period must be at least "
                f"{_fmt(IPC_MIN_DEFLATED_S)} s longer than the inflation"
            )
        posture = self.posture
        if isinstance(posture, str):
            posture = _DEVICE_POSTURES.get(" ".join(posture.lower().split()), posture)  # type: ignore[assignment]
        if posture not in (Posture.SUPINE, Posture.SITTING):
            raise ProtocolError(
                f"PneumaticCompression.posture = {_fmt_value(self.posture)} is not allowed; "
                "the device is used lying (Posture.SUPINE, 'lying') or sitting (Posture.SITTING, 'sitting')"
            )
        _set(self, "posture", posture)

    @property
    def activity(self) -> Activity:
        return Activity.PNEUMATIC

    @property
    def text(self) -> str:
        name = "Foot pump" if self.target == "foot" else "Calf compression"
        assert self.pressure_mmHg is not None and self.inflation_s is not None and self.period_s is not None
        where = "lying" if self.posture is Posture.SUPINE else "sitting"
        return (
            f"{name} device at {_fmt(self.pressure_mmHg)} mmHg for {_duration_text(self.duration_s)}, "
            f"{_fmt(self.inflation_s)} s every {_fmt(self.period_s)} s, {where}"
        )


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

# A decimal literal; the sign is accepted so that e.g. "-5" reaches the range
# check and gets a message about the allowed range rather than "not understood".
_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_DURATION = (
    rf"for\s+(?P<duration>{_NUM})\s*"
    r"(?P<unit>seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h)"
)
_DEGREES = r"\s*(?:degrees?|deg|°)"
_UNIT_SECONDS: Final[dict[str, int]] = {
    **dict.fromkeys(("seconds", "second", "secs", "sec", "s"), 1),
    **dict.fromkeys(("minutes", "minute", "mins", "min"), 60),
    **dict.fromkeys(("hours", "hour", "hrs", "hr", "h"), 3600),
}

_Builder = Callable[[re.Match[str], str], Step]

# Registry of step forms: (compiled pattern, builder). ``parse_step`` tries the
# patterns in order and calls the builder of the first one that matches the
# whole (normalised) text. New step kinds are added by registering another
# pattern with ``_register``; the parser itself does not change. Repeated
# blocks such as "(A, B) x 8" are expanded by ``parse_steps`` around it.
_STEP_FORMS: list[tuple[re.Pattern[str], _Builder]] = []


def _register(pattern: str) -> Callable[[_Builder], _Builder]:
    def decorator(builder: _Builder) -> _Builder:
        _STEP_FORMS.append((re.compile(pattern, re.IGNORECASE), builder))
        return builder

    return decorator


def _number(text: str) -> float:
    return float(Decimal(text))


def _duration(m: re.Match[str]) -> float:
    # Exact decimal arithmetic, rounded once, so "2.5 minutes" is exactly 150 s.
    unit = m["unit"]
    seconds = _UNIT_SECONDS.get(unit.lower())
    if seconds is None:  # matched only through Unicode case folding: 'ſ' (long s), 'ı' (dotless i)
        raise ProtocolError(
            f"the duration unit {unit!r} is not understood; allowed: seconds, s, minutes, min, hours, h "
            "(in plain letters)"
        )
    return float(Decimal(m["duration"]) * seconds)


@_register(rf"lie(?:\s+(?:down|supine))?\s+{_DURATION}")
def _build_lie(m: re.Match[str], source: str) -> Step:
    return Lie(_duration(m), source_text=source)


@_register(
    rf"lie(?:\s+(?:down|supine))?\s+with\s+(?:the\s+)?legs\s+raised\s+(?:by\s+|to\s+)?"
    rf"(?P<angle>{_NUM}){_DEGREES}\s+{_DURATION}"
)
def _build_lie_legs_raised(m: re.Match[str], source: str) -> Step:
    return LieLegsRaised(_duration(m), _number(m["angle"]), source_text=source)


@_register(rf"sit(?:\s+down)?\s+{_DURATION}")
def _build_sit(m: re.Match[str], source: str) -> Step:
    return Sit(_duration(m), source_text=source)


@_register(rf"stand(?:\s+(?:up|still))?\s+{_DURATION}")
def _build_stand(m: re.Match[str], source: str) -> Step:
    return Stand(_duration(m), source_text=source)


@_register(rf"(?:head[- ]?up\s+)?tilt\s+(?:to\s+)?(?P<angle>{_NUM}){_DEGREES}\s+{_DURATION}")
def _build_tilt(m: re.Match[str], source: str) -> Step:
    return Tilt(_duration(m), _number(m["angle"]), source_text=source)


@_register(
    rf"walk\s+at\s+(?P<cadence>{_NUM})\s*"
    r"(?:steps?\s*/\s*min(?:ute)?|spm|steps?\s+per\s+min(?:ute)?)"
    rf"\s+{_DURATION}"
)
def _build_walk(m: re.Match[str], source: str) -> Step:
    return Walk(_duration(m), _number(m["cadence"]), source_text=source)


@_register(
    rf"walk\s+at\s+(?P<speed>{_NUM})\s*(?P<sunit>km\s*/\s*h(?:r|our)?|kmh|kph|m\s*/\s*s)"
    rf"\s+{_DURATION}"
)
def _build_walk_speed(m: re.Match[str], source: str) -> Step:
    speed = Decimal(m["speed"])
    if m["sunit"].lower().startswith("m"):
        speed *= Decimal("3.6")  # exact decimal: 0.5 m/s is 1.8 km/h
    return Walk(_duration(m), None, float(speed), source_text=source)


@_register(rf"walk\s+{_DURATION}")
def _build_walk_habitual(m: re.Match[str], source: str) -> Step:
    return Walk(_duration(m), None, source_text=source)


@_register(
    rf"(?:tip[- ]?toe|heel[- ]?raises?)\s+(?P<count>{_NUM})\s+times?"
    rf"(?:\s+at\s+(?P<rate>{_NUM})\s*hz)?"
)
def _build_tiptoe(m: re.Match[str], source: str) -> Step:
    count = _number(m["count"])
    rate = _number(m["rate"]) if m["rate"] is not None else 1.0
    return Tiptoe(count, rate, source_text=source)  # type: ignore[arg-type]  # checked


@_register(rf"ankle\s+pumps?\s+(?P<count>{_NUM})\s+times?(?:\s+at\s+(?P<rate>{_NUM})\s*hz)?")
def _build_ankle_pumps(m: re.Match[str], source: str) -> Step:
    rate = _number(m["rate"]) if m["rate"] is not None else 0.5
    return AnklePumps(_number(m["count"]), rate, source_text=source)  # type: ignore[arg-type]  # checked


@_register(rf"swim(?:\s+at\s+(?P<kicks>{_NUM})\s*kicks?\s*/\s*min)?\s+{_DURATION}")
def _build_swim(m: re.Match[str], source: str) -> Step:
    kicks = _number(m["kicks"]) if m["kicks"] is not None else 60.0
    return Swim(_duration(m), kicks, source_text=source)


@_register(rf"(?:cycle|pedal|bike)\s+at\s+(?P<rpm>{_NUM})\s*(?:rpm|revolutions?\s*/\s*min)\s+{_DURATION}")
def _build_cycle(m: re.Match[str], source: str) -> Step:
    return Cycle(_duration(m), _number(m["rpm"]), source_text=source)


@_register(
    rf"squeeze\s+(?:the\s+)?calf(?:\s+at\s+(?P<pressure>{_NUM})\s*mmhg)?\s+{_DURATION}"
)
def _build_calf_squeeze(m: re.Match[str], source: str) -> Step:
    pressure = _number(m["pressure"]) if m["pressure"] is not None else 100.0
    return CalfSqueeze(_duration(m), pressure, source_text=source)


_SECONDS = r"\s*(?:s|secs?|seconds?)"


@_register(
    r"(?P<target>foot|calf)\s+(?:pump|compression|cuff|ipc)(?:\s+device)?"
    rf"(?:\s+at\s+(?P<pressure>{_NUM})\s*mm\s*hg)?\s+{_DURATION}"
    rf"(?:\s*,?\s*(?:(?:inflated\s+(?:for\s+)?)?(?P<inflate>{_NUM}){_SECONDS}\s+)?every\s+(?P<period>{_NUM}){_SECONDS})?"
    # standing, upright, walking: understood as a posture, then refused with what is allowed
    r"(?:\s*,?\s*(?:while\s+)?(?P<posture>lying(?:\s+down)?|supine|sitting|seated|standing(?:\s+up)?|upright|walking))?"
)
def _build_pneumatic(m: re.Match[str], source: str) -> Step:
    def opt(name: str) -> float | None:
        return _number(m[name]) if m[name] is not None else None

    return PneumaticCompression(
        _duration(m), m["target"].lower(), opt("pressure"), opt("inflate"), opt("period"),
        _device_posture(m["posture"]) if m["posture"] else Posture.SUPINE,
        source_text=source,
    )


def _device_posture(text: str) -> Posture:
    """The posture of a device step's text; one the device is not used in ('standing') or one
    matched only through Unicode case folding ('ſitting' with a long s) is a ProtocolError, not a
    KeyError."""
    posture = _DEVICE_POSTURES.get(" ".join(text.lower().split()))
    if posture is None:
        raise ProtocolError(
            f"PneumaticCompression.posture = {text!r} is not allowed; the device is used lying "
            "('lying', 'lying down', 'supine') or sitting ('sitting', 'seated')"
        )
    return posture


def _normalise(text: str) -> str:
    """Collapse whitespace and drop one trailing period."""
    text = " ".join(text.split())
    if text.endswith("."):
        text = text[:-1].rstrip()
    return text


def _understood(text: str) -> bool:
    """Whether ``text`` has the form of a step (its values not checked)."""
    normalised = _normalise(text)
    return any(pattern.fullmatch(normalised) for pattern, _ in _STEP_FORMS)


def _examples_text() -> str:
    return ", ".join(repr(e) for e in EXAMPLES)


def _type_error(obj: object, what: str = "A protocol step") -> ProtocolError:
    return ProtocolError(
        f"{what} must be a string such as {EXAMPLES[5]!r} or a Step object, "
        f"not {type(obj).__name__} ({obj!r})"
    )


def parse_step(text: str) -> Step:
    """Parse one protocol step from its text.

    Parsing is case-insensitive and tolerant of extra spaces and a trailing
    period. Durations are written ``for N <unit>`` with unit seconds / second /
    secs / sec / s, minutes / minute / mins / min, or hours / hour / hrs / hr / h;
    numbers are decimal literals (``2``, ``2.5``, ``.5``).

    Parameters
    ----------
    text : str
        The step, e.g. ``"Walk at 100 steps/min for 3 minutes"``. See
        :data:`EXAMPLES` for all forms.

    Returns
    -------
    Step
        The typed step, with ``source_text`` set to ``text`` exactly as given.

    Raises
    ------
    ProtocolError
        If ``text`` is not a string, is not understood (the message quotes it
        and lists valid examples), or gives a value outside its allowed range
        (the message quotes it and names the field and range).

    Examples
    --------
    >>> parse_step("Lie for 5 minutes")
    Lie(duration_s=300.0)
    >>> parse_step("  TILT to 60°  for 0.5 h. ")
    Tilt(duration_s=1800.0, angle_deg=60.0)
    >>> parse_step("Tiptoe 10 times at 1 Hz").duration_s
    10.0
    >>> parse_step("Jump for 2 minutes")
    Traceback (most recent call last):
    ...
    calfpump.errors.ProtocolError: Could not understand step 'Jump for 2 minutes'. Valid steps look like: 'Lie for 5 minutes', ...
    """
    if not isinstance(text, str):
        raise _type_error(text)
    normalised = _normalise(text)
    for pattern, builder in _STEP_FORMS:
        match = pattern.fullmatch(normalised)
        if match is not None:
            try:
                return builder(match, text)
            except ProtocolError as err:
                raise ProtocolError(f"Invalid step {text!r}: {err}") from err
    hint = ""
    if _PROGRAMME_WORDS.search(normalised):
        hint = (" Calf stretching and calf exercise change the ankle's range and the calf over days and "
                "weeks: they are programme lines, not protocol steps (calfpump programme "
                "'stretch calves 7/week for 6 weeks'; calfpump.Programme.create).")
    raise ProtocolError(
        f"Could not understand step {text!r}.{hint} Valid steps look like: {_examples_text()}"
    )


#: Words of a programme line (calfpump.programme) written as a protocol step.
_PROGRAMME_WORDS: Final[re.Pattern[str]] = re.compile(r"\bstretch|\bcalf\s+exercise", re.IGNORECASE)


#: Most repetitions of a block, and most steps a block may expand to.
MAX_REPEATS: Final[int] = 1000
MAX_BLOCK_STEPS: Final[int] = 10000
#: Most commas within one step's text (a device step: "..., 3 s every 20 s, lying").
_MAX_STEP_COMMAS: Final[int] = 2
_BLOCK = re.compile(rf"^\((?P<inner>.*)\)\s*(?:x|×|times)\s*(?P<count>{_NUM})$", re.IGNORECASE)


def parse_steps(text: str) -> tuple[Step, ...]:
    """Parse one step, or a repeated block ``"(A, B) x 8"`` into its steps.

    The steps of a block are separated by commas; a device step keeps the commas of its own
    text (``"(Sit for 50 minutes, Calf compression device for 10 minutes, 10 s every 60 s,
    sitting) x 8"``).

    Examples
    --------
    >>> [s.text for s in parse_steps("(Sit for 50 minutes, Walk at 100 steps/min for 10 minutes) x 2")]
    ['Sit for 50 minutes', 'Walk at 100 steps/min for 10 minutes', 'Sit for 50 minutes', 'Walk at 100 steps/min for 10 minutes']
    """
    if not isinstance(text, str):
        raise _type_error(text)
    norm = _normalise(text)
    if not norm.startswith("("):
        return (parse_step(text),)
    m = _BLOCK.match(norm)
    if m is None:
        raise ProtocolError(
            f"Could not understand block {text!r}. A repeated block looks like "
            f"'(Sit for 50 minutes, Walk at 100 steps/min for 10 minutes) x 8'"
        )
    inner = m["inner"]
    if "(" in inner or ")" in inner:
        raise ProtocolError(
            f"Block {text!r}: blocks cannot be nested, and each block goes in its own string"
        )
    count_text = m["count"]
    try:
        count = int(count_text)
    except ValueError:
        count = -1
    if not 1 <= count <= MAX_REPEATS:
        raise ProtocolError(
            f"Block {text!r}: the repeat count {count_text} must be a whole number from 1 to {MAX_REPEATS}"
        )
    parts = [part.strip() for part in inner.split(",")]
    if any(not part for part in parts):
        raise ProtocolError(f"Block {text!r}: an empty step between commas")
    body: list[Step] = []
    i = 0
    while i < len(parts):
        # a device step has commas of its own ("..., 3 s every 20 s, lying"): take the longest
        # run of up to _MAX_STEP_COMMAS + 1 pieces that is one step
        for j in range(min(len(parts), i + _MAX_STEP_COMMAS + 1), i + 1, -1):
            joined = ", ".join(parts[i:j])
            if not _understood(joined):
                continue
            try:  # understood as one step: a value out of range is this step's error, not a cue to split it
                body.append(parse_step(joined))
            except ProtocolError as err:
                raise ProtocolError(f"Block {text!r}, step {len(body) + 1}: {err}") from err
            i = j
            break
        else:
            try:
                body.append(parse_step(parts[i]))
            except ProtocolError as err:
                raise ProtocolError(f"Block {text!r}, step {len(body) + 1}: {err}") from err
            i += 1
    if count * len(body) > MAX_BLOCK_STEPS:
        raise ProtocolError(f"Block {text!r} expands to {count * len(body)} steps; at most {MAX_BLOCK_STEPS}")
    return tuple(body) * count


def _as_steps(item: object, index: int) -> tuple[Step, ...]:
    if isinstance(item, str):
        try:
            return parse_steps(item)
        except ProtocolError as err:
            raise ProtocolError(f"Protocol step {index}: {err}") from err
    return (_as_step(item, index),)


def _as_step(item: object, index: int | None = None) -> Step:
    """A Step as it is (strings go through :func:`parse_steps`), or a clear type error."""
    if isinstance(item, Step):
        return item
    raise _type_error(item, "A protocol step" if index is None else f"Protocol step {index}")


# ---------------------------------------------------------------------------
# Protocol
# ---------------------------------------------------------------------------


class Protocol:
    """An immutable, non-empty sequence of protocol steps.

    Parameters
    ----------
    steps : iterable of Step or str
        The steps in order; strings are parsed with :func:`parse_steps` (a step or a repeated block). A
        single ``Step`` or ``str`` is taken as a one-step protocol.

    Raises
    ------
    ProtocolError
        If there are no steps, an item is neither a ``Step`` nor a string, or a
        string is not a valid step (the message gives the 1-based step number).

    Examples
    --------
    >>> p = Protocol(["Lie for 5 minutes", "Stand for 1 minute", Walk(60, 100)])
    >>> len(p)
    3
    >>> p.start_times_s
    (0.0, 300.0, 360.0)
    >>> p.duration_s
    420.0
    >>> p[1]
    Stand(duration_s=60.0)
    >>> [step.label for step in p]
    ['Lie for 5 minutes', 'Stand for 1 minute', 'Walk at 100 steps/min for 1 minute']
    """

    __slots__ = ("_duration_s", "_start_times_s", "_steps")

    _steps: tuple[Step, ...]
    _start_times_s: tuple[float, ...]
    _duration_s: float

    def __init__(self, steps: Iterable[Step | str] | Step | str) -> None:
        if isinstance(steps, Protocol):
            items: tuple[Step, ...] = steps.steps
        elif isinstance(steps, Step):
            items = (steps,)
        elif isinstance(steps, str):
            items = parse_steps(steps)
        elif isinstance(steps, (bytes, bytearray, Mapping)) or not isinstance(steps, Iterable):
            raise ProtocolError(
                "A protocol must be a sequence of steps (strings such as "
                f"{EXAMPLES[0]!r} or Step objects), not {type(steps).__name__}"
            )
        else:
            items = tuple(s for i, item in enumerate(steps, start=1) for s in _as_steps(item, i))
        if not items:
            raise ProtocolError(
                f"A protocol needs at least one step, got none. Valid steps look like: "
                f"{_examples_text()}"
            )
        starts: list[float] = []
        t = 0.0
        for step in items:
            starts.append(t)
            t += step.duration_s
        object.__setattr__(self, "_steps", items)
        object.__setattr__(self, "_start_times_s", tuple(starts))
        object.__setattr__(self, "_duration_s", t)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Protocol is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Protocol is immutable; cannot delete {name!r}")

    @classmethod
    def from_strings(cls, texts: Iterable[str]) -> Protocol:
        """Build a protocol from step strings.

        Parameters
        ----------
        texts : iterable of str
            One string per step.

        Returns
        -------
        Protocol

        Raises
        ------
        ProtocolError
            If there are no strings, an item is not a string, or a string is not
            a valid step.

        Examples
        --------
        >>> Protocol.from_strings(["Sit for 30 minutes", "Walk at 100 spm for 3 min"])
        Protocol(['Sit for 30 minutes', 'Walk at 100 steps/min for 3 minutes'])
        """
        if isinstance(texts, str):
            texts = [texts]
        elif isinstance(texts, (bytes, bytearray, Mapping)) or not isinstance(texts, Iterable):
            raise ProtocolError(
                f"Protocol.from_strings needs a list of strings, not {type(texts).__name__}"
            )
        items = list(texts)
        for i, item in enumerate(items, start=1):
            if not isinstance(item, str):
                raise ProtocolError(
                    f"Protocol step {i} must be a string such as {EXAMPLES[5]!r}, "
                    f"not {type(item).__name__} ({item!r})"
                )
        return cls(items)

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps, in order."""
        return self._steps

    @property
    def duration_s(self) -> float:
        """Total duration in seconds."""
        return self._duration_s

    @property
    def start_times_s(self) -> tuple[float, ...]:
        """Start time of each step in seconds from the start of the protocol."""
        return self._start_times_s

    def __len__(self) -> int:
        return len(self._steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self._steps)

    @overload
    def __getitem__(self, index: int) -> Step: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Step, ...]: ...

    def __getitem__(self, index: int | slice) -> Step | tuple[Step, ...]:
        """Step ``index``; a slice gives a tuple of steps."""
        return self._steps[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Protocol):
            return NotImplemented
        return self._steps == other._steps

    def __hash__(self) -> int:
        return hash(self._steps)

    def __repr__(self) -> str:
        return f"Protocol({[step.text for step in self._steps]!r})"

    def __reduce__(self) -> tuple[type[Protocol], tuple[tuple[Step, ...]]]:
        return (Protocol, (self._steps,))


def as_protocol(obj: Protocol | Step | str | Iterable[Step | str]) -> Protocol:
    """Turn a protocol, a step, a step string, or a sequence of them into a Protocol.

    Parameters
    ----------
    obj : Protocol, Step, str or iterable of Step or str
        A ``Protocol`` is returned unchanged.

    Returns
    -------
    Protocol

    Raises
    ------
    ProtocolError
        If ``obj`` is of an unsupported type, empty, or holds an invalid step.

    Examples
    --------
    >>> as_protocol("Stand for 2 minutes")
    Protocol(['Stand for 2 minutes'])
    >>> as_protocol([Lie(60), "Tiptoe 10 times"]).duration_s
    70.0
    >>> p = as_protocol(Sit(60))
    >>> as_protocol(p) is p
    True
    """
    if isinstance(obj, Protocol):
        return obj
    return Protocol(obj)
