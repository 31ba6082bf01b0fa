"""Wall time of a 180-day programme for one person (issue 5: under 1 minute).

    python benchmarks/programme.py [--days 180] [--apg-every-days 30]

A CEAP C4-C6 leg (deep-reflux preset, ankle range 24.5 degrees, 35 mmHg stockings,
heel pain 6) through calf exercise 3/week, daily calf stretching for 12 weeks and
orthotics: the daily laws for every day, the virtual APG at every checkpoint. A
first warm-up run loads the compiled solver (cached on disk), so the times below
are those of a session that has already simulated once.
"""

from __future__ import annotations

import argparse
import time

import calfpump
from calfpump.programme import simulate_programme

PROGRAMME = ["calf exercise 3/week", "stretch calves 7/week for 12 weeks", "orthotics"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--apg-every-days", type=int, default=30)
    args = parser.parse_args()
    person = calfpump.Person(ankle_rom_deg=24.5, stocking_mmHg=35.0, heel_pain=6.0)
    simulate_programme(person, PROGRAMME, "deep-reflux", days=7, apg_every_days=7)  # warm-up
    for every in (args.apg_every_days, 7):
        t0 = time.perf_counter()
        res = simulate_programme(person, PROGRAMME, "deep-reflux", days=args.days, apg_every_days=every)
        dt = time.perf_counter() - t0
        print(f"{args.days} days, APG every {every} days ({len(res.checkpoints)} checkpoints): "
              f"{dt:.2f} s wall ({dt / max(len(res.checkpoints), 1):.2f} s per checkpoint)")
    t0 = time.perf_counter()
    simulate_programme(person, PROGRAMME, "deep-reflux", days=args.days, apg_every_days=None)
    print(f"{args.days} days, daily laws only: {time.perf_counter() - t0:.3f} s wall")


if __name__ == "__main__":
    main()
