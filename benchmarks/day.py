"""A day through the two-time-scale fast path against full resolution, side by side in one run.

    python benchmarks/day.py [--steps-per-day 8000] [--repeat 3]

Issue 5: a typical day (``typical_day``: 07:00 to 07:00, office work, the person's daily
steps at their cadence, the night lying) for a healthy adult, simulated by
``simulate_day(method="fast")`` and by ``method="full"`` (every second of the day at full
resolution). Prints the wall time of each (best of ``--repeat`` for the fast path; the full
path once), the integrator steps, and the fast path's error against the full one on the
day's figures (mean foot pressure, minutes above 50 mmHg, end and peak swelling). A warm-up
run loads the compiled solver first, so the times are those of a session that has already
simulated once. The last line reads ``fast_vs_full_speedup: <ratio>``.

Wall times on the shared 2-core machines are noisy; the ratio, measured in one process,
is the figure to compare between runs.
"""

from __future__ import annotations

import argparse
import time

import calfpump
from calfpump.day import simulate_day, typical_day

KEYS = (
    "mean_foot_pressure_mmHg", "minutes_above_50_mmHg", "calf_pump_ejections",
    "lower_leg_volume_change_mL", "peak_lower_leg_volume_change_pct",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps-per-day", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    person = calfpump.Person(steps_per_day=args.steps_per_day)
    params = person.parameters(calfpump.ParameterValues.preset("healthy"))
    day = typical_day(person)
    simulate_day(["Stand for 10 minutes", "Walk for 5 minutes"], params)  # warm-up: load the compiled code

    fast_times = []
    for _ in range(max(args.repeat, 1)):
        t0 = time.perf_counter()
        fast = simulate_day(day, params, method="fast")
        fast_times.append(time.perf_counter() - t0)
    t_fast = min(fast_times)
    t0 = time.perf_counter()
    full = simulate_day(day, params, method="full")
    t_full = time.perf_counter() - t0

    f, g = fast.to_dict(), full.to_dict()
    print(f"typical day, {args.steps_per_day} steps, {len(day)} protocol steps, 24 h")
    print(f"{'':34s} {'fast':>12s} {'full':>12s} {'fast - full':>12s}")
    print(f"{'wall time, s':34s} {t_fast:12.3f} {t_full:12.3f}")
    print(f"{'integrator steps':34s} {fast.stats['steps']:12.0f} {full.stats['steps']:12.0f}")
    for key in KEYS:
        print(f"{key:34s} {f[key]:12.3f} {g[key]:12.3f} {f[key] - g[key]:12.3f}")
    swing = float(full.minutes["lower_leg_volume_mL"].max() - full.minutes["lower_leg_volume_mL"].min())
    worst = float((fast.minutes["lower_leg_volume_mL"] - full.minutes["lower_leg_volume_mL"]).abs().max())
    print(f"{'worst minute volume error, mL':34s} {worst:12.3f}   (day's swing {swing:.1f} mL)")
    print(f"fast path wall times, s: {', '.join(f'{x:.3f}' for x in fast_times)}")
    print(f"fast_vs_full_speedup: {t_full / t_fast:.1f}")


if __name__ == "__main__":
    main()
