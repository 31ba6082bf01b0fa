"""Plantar fasciitis: how heel pain changes gait, and so the calf and foot pumps.

Each mapping is a function of the heel-pain level (0-10 numeric rating scale)
that returns a factor on a gait quantity of the pain-free person. The
literature gives the *direction* of each effect; where it gives no
magnitude, the slope is a conservative choice (documented with a plausible
band) that calibration can change:

* heel loading falls with pain: people with plantar fasciitis load the heel
  less (lower heel peak force and pressure, longer midfoot and forefoot
  contact), and more pain goes with less heel load (Sullivan J et al., Gait
  Posture 2015;41:688-693; direction read, magnitude ours);
* walking is slower, with shorter steps (Foot 2022;53:101951; direction read,
  magnitude ours): the habitual cadence falls, and so does the step length at a
  given cadence (the walk ratio), so that a walk at a set speed takes more,
  shorter steps;
* a painful heel limits the ankle's dorsiflexion in late stance (assumption:
  direction plausible, not traced to a measurement);
* time on the feet: patients stand about 3.4 h/day more, with otherwise
  similar activity (Landorf KB et al., Musculoskelet Care 2023;21:35-44,
  read), so daily steps fall only a little (magnitude ours).

Examples
--------
>>> heel_loading_factor(0.0), round(heel_loading_factor(10.0), 2)
(1.0, 0.7)
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import check_number

#: Extra standing per day with plantar fasciitis, h (Landorf et al. 2023, read).
EXTRA_STANDING_H_PER_DAY = 3.4


@dataclass(frozen=True)
class PainEffect:
    """A factor ``1 - slope * pain`` with the band of plausible slopes."""

    slope_per_point: float
    slope_band: tuple[float, float]
    source: str

    def factor(self, heel_pain: float) -> float:
        pain = check_number("heel_pain", heel_pain, 0.0, 10.0, "(0-10 scale)")
        return 1.0 - self.slope_per_point * pain


HEEL_LOADING = PainEffect(0.03, (0.01, 0.05), "Sullivan 2015 (direction); magnitude assumption")
CADENCE = PainEffect(0.01, (0.0, 0.02), "Foot 2022;53:101951 (direction); magnitude assumption")
STEP_LENGTH = PainEffect(0.01, (0.0, 0.02), "Foot 2022;53:101951 (direction: shorter steps); magnitude assumption")
ANKLE_ROM = PainEffect(0.015, (0.0, 0.03), "assumption (direction and magnitude)")
DAILY_STEPS = PainEffect(0.02, (0.0, 0.04), "Landorf 2023: activity otherwise similar; magnitude assumption")


def heel_loading_factor(heel_pain: float) -> float:
    """Heel loading relative to pain-free (0.7 at pain 10)."""
    return HEEL_LOADING.factor(heel_pain)


def cadence_factor(heel_pain: float) -> float:
    """Walking cadence relative to pain-free (0.9 at pain 10)."""
    return CADENCE.factor(heel_pain)


def step_length_factor(heel_pain: float) -> float:
    """Step length at a given cadence relative to pain-free (0.9 at pain 10).

    It shortens the walk ratio, so a walk at a set speed takes more, shorter steps.

    Examples
    --------
    >>> step_length_factor(0.0), round(step_length_factor(6.0), 2)
    (1.0, 0.94)
    """
    return STEP_LENGTH.factor(heel_pain)


def ankle_rom_factor(heel_pain: float) -> float:
    """Ankle range of motion relative to pain-free (0.85 at pain 10)."""
    return ANKLE_ROM.factor(heel_pain)


def daily_steps_factor(heel_pain: float) -> float:
    """Daily steps relative to pain-free (0.8 at pain 10)."""
    return DAILY_STEPS.factor(heel_pain)


#: Heel pain of the patients behind EXTRA_STANDING_H_PER_DAY (assumption: moderate, 5 of 10; the
#: abstract gives no pain level).
STANDING_REFERENCE_PAIN = 5.0


def extra_standing_hours(heel_pain: float) -> float:
    """Extra hours on the feet per day (standing instead of sitting) with heel pain.

    Landorf 2023's 3.4 h at a moderate pain (taken as 5 of 10), in proportion below it and
    no more above it (assumption).

    Examples
    --------
    >>> extra_standing_hours(0.0), extra_standing_hours(5.0), extra_standing_hours(8.0)
    (0.0, 3.4, 3.4)
    """
    pain = check_number("heel_pain", heel_pain, 0.0, 10.0, "(0-10 scale)")
    return EXTRA_STANDING_H_PER_DAY * min(pain / STANDING_REFERENCE_PAIN, 1.0)
