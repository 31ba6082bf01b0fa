"""Foot arch type: its effect on the plantar (foot) venous pump.

The plantar venous pump is the deep plantar veins, between the plantar muscles,
emptied by weight bearing (Uhl JF, Gillot C, "Anatomy of the foot venous pump:
physiology and influence on chronic venous disease", Phlebology 2012;27:219-230,
cadaver study of 400 feet; abstract read). They argue that a static foot
disorder (flat or hollow foot) impairs the pump and should be corrected in
venous patients: a direction, not a measurement. What was measured is small:

* in 52 healthy volunteers (26 normal arches, 13 flat, 13 hollow feet), peak
  venous velocities after plantar pump stimulation were 10.9-39.1 cm/s with a
  dysmorphic arch against 12.2-41.7 cm/s with a normal one, a difference not
  significant except in the great saphenous vein during manual compression
  (Phlebology 2023, doi:10.1177/02683555231176940, "Effect of dysmorphic plantar
  arch on venous hemodynamics of the lower limb"; abstract read);
* flat feet (pes planus) went with more venous insufficiency on duplex and a
  higher CEAP class in 29 patients against 30 controls (Karaca SB, Agir H,
  Phlebology 2023; secondary report read, numbers not checked).

So calfpump lowers the foot pump's compression a little for both deformities,
a little more for the flat foot, which has the clinical association: 0.9 and
0.95. These magnitudes are assumptions (within the roughly 5-10 % lower
velocities of the 2023 study), to be calibrated; arch supports (the
``orthotic`` footwear) are not made to interact with the arch type.

Examples
--------
>>> ARCH_TYPES["flat"].foot_pump < ARCH_TYPES["high"].foot_pump < ARCH_TYPES["normal"].foot_pump
True
>>> arch_type("flat").foot_pump
0.9
>>> arch_type("fallen")
Traceback (most recent call last):
...
calfpump.errors.ParameterError: arch_type = 'fallen' is not one of ['flat', 'high', 'normal']
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ParameterError


@dataclass(frozen=True)
class ArchType:
    """Factor on the foot pump's compression, with its band of plausible values and source."""

    foot_pump: float
    band: tuple[float, float]
    note: str


ARCH_TYPES: dict[str, ArchType] = {
    "normal": ArchType(1.0, (1.0, 1.0), "reference"),
    "flat": ArchType(0.9, (0.8, 1.0), "pes planus: Uhl & Gillot 2012 and Karaca 2023 (direction); "
                     "Phlebology 2023 doi:10.1177/02683555231176940 (no significant difference); "
                     "magnitude assumption"),
    "high": ArchType(0.95, (0.85, 1.0), "pes cavus (hollow foot): Uhl & Gillot 2012 (direction); "
                     "Phlebology 2023 (no significant difference); magnitude assumption"),
}


def arch_type(name: str) -> ArchType:
    """The arch type entry by name, or a clear error listing the names."""
    try:
        return ARCH_TYPES[name]
    except (KeyError, TypeError):
        raise ParameterError(f"arch_type = {name!r} is not one of {sorted(ARCH_TYPES)}") from None
