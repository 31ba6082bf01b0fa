"""Model vs Padberg 2004, printed as the markdown table of docs/programme.md.

    python docs/programme_padberg.py

Padberg FT Jr, Johnston MV, Sisto SA. J Vasc Surg 2004;39:79-87 (abstract read,
PubMed 14718821): CEAP C4-C6 legs, class II (30-40 mmHg) stockings for all;
6 months of calf-strengthening physical therapy (exercise group, n = 18) or
none (control, n = 13). Change over 6 months: EF +3.48 +- 2.7 vs -1.4 +- 2.1
points, RVF -8.75 +- 4.6 vs +3.4 +- 2.9 points.
"""

from __future__ import annotations

import calfpump
from calfpump.programme import simulate_programme

DAYS = 182  # 6 months = 26 weeks
EXERCISE = ["calf exercise 3/week for 26 weeks"]  # sessions per week: assumption (not in the abstract)
STOCKING_MMHG = 35.0  # middle of class II 30-40 mmHg (Padberg 2004)
CASES = [
    ("deep-reflux 1.0, ankle 24.5 deg, strength 1.0 (reference case)", "deep-reflux", 1.0,
     {"ankle_rom_deg": 24.5}),
    ("deep-reflux 1.0, ankle 24.5 deg, strength 0.9 (deficit of healed-ulcer legs, Yang 1999)", "deep-reflux", 1.0,
     {"ankle_rom_deg": 24.5, "calf_strength": 0.9}),
    ("deep-reflux 1.0, ankle 24.5 deg, strength 0.8", "deep-reflux", 1.0,
     {"ankle_rom_deg": 24.5, "calf_strength": 0.8}),
    ("deep-reflux 1.0, ankle 42.4 deg (healthy range), strength 1.0", "deep-reflux", 1.0, {}),
    ("superficial-reflux 1.0, ankle 24.5 deg, strength 1.0", "superficial-reflux", 1.0,
     {"ankle_rom_deg": 24.5}),
    ("post-thrombotic 1.0, ankle 24.5 deg, strength 1.0", "post-thrombotic", 1.0, {"ankle_rom_deg": 24.5}),
]


def change(result: calfpump.ProgrammeResult, col: str) -> tuple[float, float, float]:
    c = result.checkpoints[col]
    return float(c.iloc[0]), float(c.iloc[-1]), float(c.iloc[-1] - c.iloc[0])


def main() -> None:
    print("| leg (preset, severity, person) | EF before -> after, exercise | dEF exercise / control / net "
          "| RVF before -> after, exercise | dRVF exercise / control / net |")
    print("| --- | --- | --- | --- | --- |")
    print("| Padberg 2004 (mean +- spread of the change) | not in the abstract | +3.48 +- 2.7 / -1.4 +- 2.1 / +4.9 "
          "| not in the abstract | -8.75 +- 4.6 / +3.4 +- 2.9 / -12.2 |")
    for label, preset, severity, fields in CASES:
        base = calfpump.ParameterValues.preset(preset, severity)
        leg = calfpump.Person(stocking_mmHg=STOCKING_MMHG, **fields)
        ex = simulate_programme(leg, EXERCISE, base, days=DAYS, apg_every_days=DAYS)
        co = simulate_programme(leg, [], base, days=DAYS, apg_every_days=DAYS)
        ef0, ef1, def_ex = change(ex, "ef_pct")
        rv0, rv1, drv_ex = change(ex, "rvf_pct")
        def_co, drv_co = change(co, "ef_pct")[2], change(co, "rvf_pct")[2]
        print(f"| {label} | {ef0:.1f} -> {ef1:.1f} | {def_ex:+.1f} / {def_co:+.1f} / {def_ex - def_co:+.1f} "
              f"| {rv0:.1f} -> {rv1:.1f} | {drv_ex:+.1f} / {drv_co:+.1f} / {drv_ex - drv_co:+.1f} |")
    s = ex.daily
    print(f"\nExercise group after 26 weeks: calf strength {s['calf_strength'].iloc[-1]:.3f} "
          f"(x{s['calf_strength'].iloc[-1] / s['calf_strength'].iloc[0]:.2f}), ankle range "
          f"+{s['ankle_rom_deg'].iloc[-1] - s['ankle_rom_deg'].iloc[0]:.2f} deg.")


if __name__ == "__main__":
    main()
