"""Peak memory of a large summaries-only batch, measured in a child process.

    python benchmarks/memory.py [--people 10000] [--minutes 10]

A summaries-only batch keeps, per person, its parameters, its state and the
per-step statistics (a few kB), whatever the protocol's length; traces are never
stored. The script runs the batch in a fresh child process and prints that
process's peak resident memory, next to the same batch's inputs and outputs
size, and the peak of a 10-person batch for comparison (the interpreter,
numpy, numba and the compiled code).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

CHILD = r"""
import resource, sys, time
import numpy as np
import calfpump
n, minutes = int(sys.argv[1]), float(sys.argv[2])
base = calfpump.ParameterValues.preset("healthy")
rng = np.random.default_rng(0)
people = [base.update({"calf_strength": float(s)}) for s in rng.uniform(0.6, 1.3, n)]
t0 = time.perf_counter()
res = calfpump.simulate_batch(f"Walk at 100 steps/min for {minutes:g} minutes", people)
dt = time.perf_counter() - t0
assert np.isfinite(res.values).all()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{peak_mb:.0f} {dt:.1f} {res.values.nbytes / 1e6:.1f}")
"""


def run_child(people: int, minutes: float) -> tuple[float, float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(people), str(minutes)],
                         capture_output=True, text=True, check=True)
    peak, wall, summ = out.stdout.split()
    return float(peak), float(wall), float(summ)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=10_000)
    ap.add_argument("--minutes", type=float, default=10.0)
    args = ap.parse_args()
    small_peak, _, _ = run_child(10, args.minutes)
    t0 = time.perf_counter()
    peak, wall, summ = run_child(args.people, args.minutes)
    print(f"10 people: peak {small_peak:.0f} MB")
    print(f"{args.people} people, {args.minutes:g}-minute walk, summaries only: peak {peak:.0f} MB "
          f"(simulation {wall:.0f} s, summaries {summ:.1f} MB; total {time.perf_counter() - t0:.0f} s)")
    print(f"peak_memory_MB: {peak:.0f} (limit 2048)")


if __name__ == "__main__":
    main()
