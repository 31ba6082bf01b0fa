"""Peak memory of reading a large Apple Health export, against the file's size.

    python benchmarks/wearables_memory.py [--size-mb 500] [--keep PATH] [--csv-minutes 525600]

Writes a synthetic ``export.xml`` of about ``--size-mb`` MB (heart-rate records with metadata,
as real exports are mostly not steps, and a step record every other minute), then reads it with
:func:`calfpump.read_steps` in a fresh child process and prints that process's peak resident
memory (and the baseline of reading a tiny export) next to the file size. The reader streams the
XML, so the peak grows with the span of the series (minutes), not with the file.

It then writes a step CSV of ``--csv-minutes`` minute rows (default a year, 525,600 rows,
``2023-01-01T00:00:00+01:00,42``) and prints the time and peak memory of reading it the same way
(``--csv-minutes 0`` skips it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import resource, sys, time
import calfpump
t0 = time.perf_counter()
s = calfpump.read_steps(sys.argv[1])
wall = time.perf_counter() - t0
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{peak_mb:.0f} {wall:.1f} {len(s)} {s.total_steps:.0f}")
"""

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record)*)>
<!ATTLIST Record type CDATA #REQUIRED value CDATA #IMPLIED>
]>
<HealthData locale="en_DE">
 <ExportDate value="2024-03-02 09:00:00 +0100"/>
"""
OTHER = (' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" '
         'startDate="{t} +0100" endDate="{t} +0100" value="71">\n'
         '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n </Record>\n')
STEP = (' <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Watch" unit="count" '
        'startDate="{t} +0100" endDate="{e} +0100" value="42"/>\n')


def write_export(path: Path, size_mb: float) -> int:
    """Write a synthetic export of about ``size_mb`` MB; the number of minutes it spans."""
    start = dt.datetime(2020, 1, 1)
    target = size_mb * 1e6
    written = 0
    k = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEAD)
        while written < target:
            parts = []
            for _ in range(1000):
                t = start + dt.timedelta(minutes=k)
                parts.append(OTHER.format(t=t) * 4)
                if k % 2 == 0:
                    parts.append(STEP.format(t=t, e=t + dt.timedelta(seconds=50)))
                k += 1
            chunk = "".join(parts)
            fh.write(chunk)
            written += len(chunk)
        fh.write("</HealthData>\n")
    return k


def write_csv(path: Path, minutes: int) -> None:
    """A step CSV of ``minutes`` rows, one a minute, with a UTC offset on each timestamp."""
    start = dt.datetime(2023, 1, 1)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("timestamp,steps\n")
        for k0 in range(0, minutes, 10000):
            fh.write("".join(f"{(start + dt.timedelta(minutes=k)).isoformat()}+01:00,{k * 7 % 120}\n"
                             for k in range(k0, min(minutes, k0 + 10000))))


def run_child(path: Path) -> tuple[float, float, int, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)],
                         capture_output=True, text=True, check=True)
    peak, wall, minutes, steps = out.stdout.split()
    return float(peak), float(wall), int(minutes), float(steps)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=float, default=500.0)
    ap.add_argument("--keep", type=Path, default=None, help="write the export here and keep it")
    ap.add_argument("--csv-minutes", type=int, default=525600,
                    help="rows of the step CSV read after the export (0: skip it)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.xml"
        write_export(tiny, 0.01)
        base_peak, _, _, _ = run_child(tiny)
        path = args.keep or Path(tmp) / "export.xml"
        t0 = time.perf_counter()
        span_min = write_export(path, args.size_mb)
        size_mb = path.stat().st_size / 1e6
        print(f"wrote {size_mb:.0f} MB ({span_min} minutes) in {time.perf_counter() - t0:.0f} s")
        peak, wall, minutes, steps = run_child(path)
        if args.csv_minutes > 0:
            csv_path = Path(tmp) / "steps.csv"
            write_csv(csv_path, args.csv_minutes)
            csv_mb = csv_path.stat().st_size / 1e6
            csv_peak, csv_wall, csv_min, csv_steps = run_child(csv_path)
    print(f"tiny export: peak {base_peak:.0f} MB (interpreter, numpy, pandas)")
    print(f"{size_mb:.0f} MB export: read in {wall:.0f} s, {minutes} minutes, {steps:.0f} steps; "
          f"peak {peak:.0f} MB ({peak - base_peak:.0f} MB above the tiny export)")
    print(f"peak / file size: {peak / size_mb:.3f}")
    if args.csv_minutes > 0:
        print(f"{csv_mb:.0f} MB step CSV ({args.csv_minutes} minute rows): read in {csv_wall:.1f} s, "
              f"{csv_min} minutes, {csv_steps:.0f} steps; peak {csv_peak:.0f} MB "
              f"({csv_peak - base_peak:.0f} MB above the tiny export)")


if __name__ == "__main__":
    main()
