"""Footwear and orthotics: their effect on the foot pump and on ankle motion.

Directions from the systematic review of Lerebourg L et al., PLOS ONE 2020
(footwear and venous return): high heels lower the calf pump's ejection and
raise residual volume compared with barefoot (Tedeschi Filho W et al., J Vasc
Surg 2012;56:1039-1044: 7 cm heels lowered APG ejection fraction and raised
residual volume fraction); soft athletic shoes and arch supports do better
than firm flat shoes. The magnitudes below are assumptions within those
directions, to be calibrated.

Examples
--------
>>> FOOTWEAR["high-heel"].ankle_rom < FOOTWEAR["barefoot"].ankle_rom
True
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ParameterError


@dataclass(frozen=True)
class Footwear:
    """Factors on the foot pump's compression and on the ankle's range of motion."""

    foot_pump: float
    ankle_rom: float
    note: str


FOOTWEAR: dict[str, Footwear] = {
    "barefoot": Footwear(1.0, 1.0, "reference"),
    "athletic": Footwear(1.0, 1.0, "soft athletic shoe: as barefoot (Lerebourg 2020: better than firm)"),
    "firm-flat": Footwear(0.85, 0.95, "firm flat sole: less plantar compression (assumption)"),
    "high-heel": Footwear(0.8, 0.7, "7 cm heel: ankle held in plantarflexion (Tedeschi Filho 2012, direction)"),
    "orthotic": Footwear(1.1, 1.0, "arch support: more plantar compression (Lerebourg 2020, direction)"),
}


def footwear(name: str) -> Footwear:
    """The footwear entry by name, or a clear error listing the names."""
    try:
        return FOOTWEAR[name]
    except (KeyError, TypeError):  # TypeError: a list or dict, not a name
        raise ParameterError(f"footwear = {name!r} is not one of {sorted(FOOTWEAR)}") from None
