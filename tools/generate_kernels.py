"""Write the default leg's topology-specialized kernels, ``src/calfpump/_leg_kernels.py``.

    python tools/generate_kernels.py [--check]

Run it after changing the template in ``calfpump/kernels.py``, ``model.evaluate`` or
``model.rhs`` (``tests/unit/test_kernels.py`` fails until the file is regenerated).
With ``--check`` it only says whether the file is up to date (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from calfpump.kernels import generate_source, leg_topology

TARGET = Path(__file__).resolve().parents[1] / "src" / "calfpump" / "_leg_kernels.py"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the file is up to date")
    args = ap.parse_args()
    source = generate_source(leg_topology())
    current = TARGET.read_text() if TARGET.is_file() else None
    if args.check:
        print("up to date" if current == source else f"{TARGET} is out of date")
        return 0 if current == source else 1
    if current != source:
        tmp = TARGET.with_suffix(".py.tmp")
        tmp.write_text(source)
        os.replace(tmp, TARGET)  # whole or not at all
        print(f"wrote {TARGET}")
    else:
        print(f"{TARGET} already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
