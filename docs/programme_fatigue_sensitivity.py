"""How much calf fatigue over the APG's ten tiptoes would it take to move RVF as Padberg 2004 reports?

    python docs/programme_fatigue_sensitivity.py

calfpump has no calf endurance: every tiptoe of a series presses the calf veins alike
(docs/programme.md, "Still open"). This script asks the model what such a lever would have to
do, without adding one. It copies the package to a temporary folder, makes the calf pump's
pressure of the k-th tiptoe of a series (k = 0, 1, ...) ``1 - L min(k, 9) / 9`` times its
first (a linear loss reaching ``L`` at the tenth tiptoe; the single tiptoe that gives EF is
untouched), and runs the virtual air plethysmography (:func:`calfpump.apg.air_plethysmography`)
for a few ``L`` on the reference leg of docs/programme_padberg.py before and after training, two
other C4-C6 presets and the healthy preset. The ramp is a probe, not a law: no source read
gives the loss of pump pressure over ten two-legged tiptoes (docs/programme.md).

Each ``L`` is compiled afresh (the loss is a compile-time constant of the copy), so the run
takes a few minutes on two cores. Nothing in the working tree changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LOSSES = (0.0, 0.05, 0.1, 0.2, 0.3)
#: The legs: docs/programme_padberg.py's reference leg before and after 26 weeks of exercise
#: (ankle range 24.5 -> 25.7 degrees; calf strength above 1 does not reach the pump), two other
#: C4-C6 presets, and the healthy preset without stockings.
LEGS = (
    ("deep-reflux, ankle 24.5 deg (reference leg, before)", "deep-reflux", 24.5, 35.0),
    ("deep-reflux, ankle 25.7 deg (reference leg, after 26 weeks)", "deep-reflux", 25.7, 35.0),
    ("superficial-reflux, ankle 24.5 deg", "superficial-reflux", 24.5, 35.0),
    ("post-thrombotic, ankle 24.5 deg", "post-thrombotic", 24.5, 35.0),
    ("healthy, no stockings", "healthy", 42.4, 0.0),
)
_OLD = """        pulse = raised_cosine(tau, 0.5 * d, 0.5 * d)
        if act == ANKLE_PUMP:"""
_NEW = """        pulse = raised_cosine(tau, 0.5 * d, 0.5 * d)
        pulse *= 1.0 - {loss!r} * min(math.floor((t - drive_row[D_T0]) / period), 9.0) / 9.0
        if act == ANKLE_PUMP:"""
_RUN = """
import json, sys
import calfpump
from calfpump.apg import air_plethysmography
out = []
for label, preset, rom, stocking in json.loads(sys.argv[1]):
    leg = calfpump.Person(ankle_rom_deg=rom, stocking_mmHg=stocking)
    r = air_plethysmography(leg.parameters(calfpump.ParameterValues.preset(preset)))
    out.append([r.ef_pct, r.rvf_pct])
print(json.dumps(out))
"""


def apg_with_loss(loss: float, src: Path) -> list[list[float]]:
    """EF and RVF (%) of every leg in LEGS with a tiptoe series losing ``loss`` by the tenth."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / "calfpump"
        shutil.copytree(src, pkg, ignore=shutil.ignore_patterns("__pycache__"))
        model = pkg / "model.py"
        text = model.read_text(encoding="utf-8")
        if _OLD not in text:
            raise SystemExit("calfpump.model.pump_pressures has changed: update this script's patch")
        model.write_text(text.replace(_OLD, _NEW.format(loss=float(loss))), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": tmp}
        done = subprocess.run([sys.executable, "-c", _RUN, json.dumps(LEGS)], env=env, cwd=tmp,
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    src = Path(__file__).resolve().parents[1] / "src" / "calfpump"
    rows = {loss: apg_with_loss(loss, src) for loss in LOSSES}
    print("| leg | " + " | ".join(f"RVF, loss {loss:.0%} by the 10th tiptoe" for loss in LOSSES) + " |")
    print("| --- |" + " --- |" * len(LOSSES))
    for i, (label, *_rest) in enumerate(LEGS):
        print(f"| {label} | " + " | ".join(f"{rows[loss][i][1]:.1f}" for loss in LOSSES) + " |")
    ef = sorted({round(rows[loss][0][0], 6) for loss in LOSSES})
    print(f"\nEF of the reference leg at every loss: {ef} (one tiptoe: unchanged)")


if __name__ == "__main__":
    main()
