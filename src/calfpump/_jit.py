"""One place for the numba compilation options of the numerical core.

``fastmath`` is limited to two flags: ``contract`` (fused multiply-add) and
``arcp`` (a division may become a multiplication by the reciprocal). Both
change results only at the level of rounding (relative 1e-16 per operation)
and make the right-hand side about a third faster (measured with
``benchmarks/solver.py``). The flags that assume no NaN or infinity are not
used: the solver relies on finiteness checks to stop cleanly.
"""

from __future__ import annotations

from typing import Any

FASTMATH: set[str] = {"contract", "arcp"}

#: Options of the model's right-hand side (``evaluate``, ``rhs``), compiled as functions of
#: their own. Inlining them into the integrator at numba's IR level as well makes a 10-minute
#: walk about a quarter faster (0.124 against 0.169 s, best of 9, same machine) but makes the
#: first compilation of a fresh install take 55 s instead of 15.5 s on 2 cores, which breaks
#: the one-minute ``calfpump demo`` from a fresh clone; so they are not inlined.
#: ``error_model="numpy"``: a float division by zero gives inf or NaN (caught by the
#: solver's finiteness checks) instead of a check and a Python exception at every division.
JIT: dict[str, Any] = {"cache": True, "fastmath": FASTMATH, "error_model": "numpy"}
#: Small helpers (the laws, the solver's steps), inlined into their callers.
JIT_INLINE: dict[str, Any] = {**JIT, "inline": "always"}
#: Entry points called from Python (the integrators): compiled as functions of their own.
JIT_ENTRY: dict[str, Any] = {"cache": True, "fastmath": FASTMATH, "error_model": "numpy"}
