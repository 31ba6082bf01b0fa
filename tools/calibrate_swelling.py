"""Calibrate the interstitial compliance to Tessari 2013's 8 hours of standing.

Tessari M et al. (Veins Lymphat 2013;2:e19) measured lower-leg volume by water
plethysmography: +4.7 % after 8 h of standing (1857.5 -> 1945 mL) and -5.6 %
after 10 h lying (1875 -> 1770 mL), from people who had been up and about.
calfpump's reference interstitial state is that ambulant state. The tissue
compliance at the reference volume is fitted to the standing number, with the
reference lymph flow fixed at its assumption (40 mL/h, a little above the
filtration of a lying leg). Fitting the lymph flow to the lying number as well
is possible (about 98 mL/h with a compliance of 41 mL/mmHg) but then sitting
for hours drains the leg, against the common observation that it swells; so
the lying target is left failing and reported (docs/model-status.md).

Run: python tools/calibrate_swelling.py
"""

from __future__ import annotations

from scipy.optimize import brentq

from calfpump import ParameterValues
from calfpump.day import simulate_day

STANDING_8H_PCT = 4.7  # Tessari 2013


def change_pct(step: str, base: ParameterValues, compliance: float) -> float:
    p = base.update({"interstitial_compliance_mL_mmHg": compliance})
    return simulate_day([step], p).to_dict()["lower_leg_volume_change_pct"]


def main() -> None:
    base = ParameterValues.preset("healthy")
    c = brentq(lambda c: change_pct("Stand for 8 hours", base, c) - STANDING_8H_PCT, 2.0, 200.0, xtol=0.01)
    print(f"interstitial_compliance_mL_mmHg = {c:.2f}")
    for step in ("Stand for 8 hours", "Lie for 10 hours", "Sit for 8 hours"):
        print(f"  {step}: {change_pct(step, base, c):+.2f} %")


if __name__ == "__main__":
    main()
