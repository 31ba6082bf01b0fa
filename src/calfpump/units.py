"""Physical constants and unit conversions used at the package's edges.

Inside the model every quantity is in mmHg, mL, s and cm. Convert at the edges
with the helpers here, never inside the right-hand side.
"""

from __future__ import annotations

#: 1 mmHg in pascal (definition: 13.5951 g/cm^3 mercury, standard gravity).
PA_PER_MMHG: float = 133.322387415

#: Density of whole blood, g/cm^3 (1.05-1.06 for haematocrit about 0.45;
#: Kenner T, Basic Res Cardiol 1989;84:111-124). We use 1.05.
BLOOD_DENSITY_G_CM3: float = 1.05

#: Standard gravity, cm/s^2.
G_CM_S2: float = 980.665

#: Hydrostatic pressure of a 1 cm column of blood, mmHg per cm
#: (rho*g = 1.05 g/cm^3 * 980.665 cm/s^2 = 1029.7 dyn/cm^2 = 0.772 mmHg/cm).
RHO_G_MMHG_PER_CM: float = BLOOD_DENSITY_G_CM3 * G_CM_S2 / (PA_PER_MMHG * 10.0)

#: Hydrostatic pressure of a 1 cm column of fresh water, mmHg per cm.
WATER_RHO_G_MMHG_PER_CM: float = 1.0 * G_CM_S2 / (PA_PER_MMHG * 10.0)

SECONDS_PER_MINUTE: float = 60.0
SECONDS_PER_HOUR: float = 3600.0


def mmhg_to_pa(p_mmHg: float) -> float:
    """Convert mmHg to pascal.

    Examples
    --------
    >>> round(mmhg_to_pa(1.0), 3)
    133.322
    """
    return p_mmHg * PA_PER_MMHG


def per_minute_to_per_second(x_per_min: float) -> float:
    """Convert a rate per minute (mL/min, steps/min) to per second.

    Examples
    --------
    >>> per_minute_to_per_second(120.0)
    2.0
    """
    return x_per_min / SECONDS_PER_MINUTE
