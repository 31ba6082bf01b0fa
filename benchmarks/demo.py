"""Wall time of ``calfpump demo`` (issue 6: under a minute on 2 cores from a fresh install).

    python benchmarks/demo.py [--runs 2]

Each run is a new ``python -m calfpump demo`` process writing into a new temporary folder,
timed from start to exit (imports, simulations, figures, writing). The first run is *cold*:
numba's cache (``NUMBA_CACHE_DIR``) and matplotlib's config and font cache (``MPLCONFIGDIR``)
are new empty folders, as after a fresh install, so the solver is compiled. The following
runs are *warm*: they reuse those folders. Prints one line per run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_demo(env: dict[str, str], where: Path) -> float:
    """Seconds of wall time of one ``calfpump demo`` process (raises if it fails)."""
    out = where / f"demo-{time.monotonic_ns()}"
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "calfpump", "demo", "--out", str(out)],
                         env=env, capture_output=True, text=True, check=False)
    dt = time.perf_counter() - t0
    if res.returncode != 0 or not (out / "report.html").is_file():
        raise SystemExit(f"calfpump demo failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    return dt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="runs in all: one cold, the rest warm")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="calfpump-demo-bench-") as tmp:
        root = Path(tmp)
        env = dict(os.environ, NUMBA_CACHE_DIR=str(root / "numba"), MPLCONFIGDIR=str(root / "mpl"))
        print(f"calfpump demo, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
        for i in range(max(args.runs, 1)):
            kind = "cold (empty numba and matplotlib caches)" if i == 0 else "warm"
            print(f"run {i + 1}, {kind}: {run_demo(env, root):.1f} s wall", flush=True)


if __name__ == "__main__":
    main()
