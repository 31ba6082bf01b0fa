"""Which mechanism could make a light stocking act on varicose legs as published? (issue 3)

    python tools/stocking_mechanisms.py

The figure (PubMed 9405013, 'Effect of lightweight compression stockings on venous
haemodynamics', 20 limbs with moderate varicose veins, APG; abstract read, authors and journal
not shown in the copies read): under 14 mmHg at the ankle the venous filling index fell from
5.7 to 3.4 mL/s (ratio 0.60), the residual volume fraction from 42.3 to 31.5 % (-10.8 points),
the ejection fraction rose from 49.2 to 56 % (+6.8) and the venous volume fell from 118.8 to
109.1 mL (-8 %). The model's superficial-reflux leg moves VFI by -8 % and RVF the wrong way
(strict xfails in tests/validation/test_levers.py).

Each candidate below is given more than the data allow, to see whether it can reach the figure
at all; none is a calibration. The leg is the ``superficial-reflux`` preset; the garment a
knee-high stocking of 14 mmHg at the ankle (0.7 of it on the calf).

1. Softer distended veins. The model's veins stiffen steeply above their circular volume
   (Shapiro exponent m = 10, K = 3 mmHg), so 10 mmHg on the calf narrows a standing vein by about
   2 %. Standing vein diameters under stockings (abstracts, docs/physiology_sources.md section 12):
   narrowing begins at 30-40 mmHg upright (Partsch B, Partsch H 2005, PMID 16242562); 20-30 mmHg
   stockings did not compress leg veins standing (Lord RSA, Hamilton D, ANZ J Surg 2004); a
   class II stocking (18.9 mmHg at the upper calf) narrowed the medial gastrocnemius vein from
   4.5 to 4.0 mm standing (Jeanneret-Gris CR, von Planta I, Partsch H, Ultraschall Med 2005;26:
   P145, congress abstract). Tried: every vein with m = 5 or 4, K and V0 re-set so that the
   healthy VV stays near 108 mL.
2. The garment restores valve closure (a cuff at the knee abolished reflux before the vein closed
   in 24-42 % of refluxing veins: 'Mechanism of action of external compression on venous
   function', abstract, no pressures given). Tried: the leak (incompetence) of the saphenofemoral,
   great saphenous knee and ankle valves cut to 0.5 and 0.3 of the bare leak, with the garment on.
3. Both at once.
4. Not run here (it needs a change of ``model.evaluate``): the garment's working pressure, the
   rise of its pressure on the superficial calf veins while the calf muscle contracts
   underneath. Measured on 2026-11-29 with a temporary term adding 3 times the local garment
   pressure at the heel raise's peak (about 30 mmHg; class II stockings swing by 4-7 mmHg while
   walking, Phlebology 2026, doi 10.1177/02683555261424072, abstract): at 14 mmHg RVF 36.9 ->
   35.1 % (-1.8), EF 52.3 -> 53.4 %, VFI unchanged; at 30 mmHg RVF 27.0 %. With the full calf
   muscle pressure on those veins (an upper bound: the superficial calf pumped like the deep)
   the bare leg already has EF 74 % and RVF 1.9 %: in the model the varicose RVF is the blood of
   the dilated superficial veins that the calf pump does not reach.
5. Not the reflux's supply (2026-11-28): fed from above as well, the leg fills faster and the
   garment still takes only 7-8 % of its filling index.

Read the output as: how far each candidate gets toward the published changes.
"""

from __future__ import annotations

from calfpump import ParameterValues, Person
from calfpump.apg import air_plethysmography

NODES = ("foot", "ankle", "deep_calf", "superficial_calf", "popliteal", "superficial_thigh",
         "femoral", "iliac")
VALVES = ("saphenofemoral_valve", "gsv_knee_valve", "ankle_superficial_valve")
STOCKING_MMHG = 14.0
#: PubMed 9405013 at 14 mmHg: VFI ratio, RVF change (points), EF change (points), VV ratio
PUBLISHED = (3.4 / 5.7, 31.5 - 42.3, 56.0 - 49.2, 109.1 / 118.8)


def softer(base: ParameterValues, m: float, k_mmHg: float, v0_scale: float) -> ParameterValues:
    """Every vein with distension exponent ``m``, stiffness ``k_mmHg`` and V0 scaled."""
    changes: dict[str, float] = {}
    for node in NODES:
        changes[f"{node}.distension_exponent"] = m
        changes[f"{node}.stiffness_mmHg"] = k_mmHg
        changes[f"{node}.V0_mL"] = base[f"{node}.V0_mL"] * v0_scale
    return base.update(changes, source="tools/stocking_mechanisms.py")


def worn(base: ParameterValues, leak_factor: float) -> ParameterValues:
    """The stocking on, and the superficial valves' leak cut to ``leak_factor`` of bare."""
    leg = Person.create(stocking_mmHg=STOCKING_MMHG).parameters(base)
    if leak_factor == 1.0:
        return leg
    return leg.update({f"{v}.incompetence": base[f"{v}.incompetence"] * leak_factor for v in VALVES},
                      source="tools/stocking_mechanisms.py")


def main() -> None:
    varicose = ParameterValues.preset("superficial-reflux")
    soft5 = softer(varicose, 5.0, 3.4, 0.7)
    soft4 = softer(varicose, 4.0, 3.7, 0.6)
    cases = [
        ("the model as it is", varicose, 1.0),
        ("1. softer veins: m = 5, K 3.4 mmHg, V0 x 0.7", soft5, 1.0),
        ("1. softer veins: m = 4, K 3.7 mmHg, V0 x 0.6", soft4, 1.0),
        ("2. valve leak x 0.5 under the garment", varicose, 0.5),
        ("2. valve leak x 0.3 under the garment", varicose, 0.3),
        ("3. m = 4 and valve leak x 0.5", soft4, 0.5),
        ("3. m = 4 and valve leak x 0.3", soft4, 0.3),
    ]
    print(f"superficial-reflux leg, knee-high stocking {STOCKING_MMHG:g} mmHg at the ankle, worn "
          "against bare\n")
    print("| candidate | VFI ratio | RVF change [points] | EF change [points] | VV ratio |")
    print("| --- | --- | --- | --- | --- |")
    vfi, rvf, ef, vv = PUBLISHED
    print(f"| published (PubMed 9405013) | {vfi:.2f} | {rvf:+.1f} | {ef:+.1f} | {vv:.2f} |")
    for label, leg, leak in cases:
        bare = air_plethysmography(leg)
        w = air_plethysmography(worn(leg, leak))
        print(f"| {label} | {w.vfi_mL_s / bare.vfi_mL_s:.2f} | {w.rvf_pct - bare.rvf_pct:+.1f} | "
              f"{w.ef_pct - bare.ef_pct:+.1f} | {w.vv_mL / bare.vv_mL:.2f} |", flush=True)


if __name__ == "__main__":
    main()
