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

#: Options of the compiled numerical core (the model, its laws, the solver's helpers). They
#: are inlined into their callers at numba's IR level: a call that passes a dozen arrays
#: (each a struct of seven fields) costs more than a small right-hand side itself, and the
#: right-hand side, inlined into the integrator, runs about twice as fast (measured).
#: ``error_model="numpy"``: a float division by zero gives inf or NaN (caught by the
#: solver's finiteness checks) instead of a check and a Python exception at every division.
JIT: dict[str, Any] = {"cache": True, "fastmath": FASTMATH, "error_model": "numpy", "inline": "always"}
#: Small helpers, inlined into their callers (the same options as :data:`JIT`).
JIT_INLINE: dict[str, Any] = JIT
#: Entry points called from Python (the integrators): compiled as functions of their own.
JIT_ENTRY: dict[str, Any] = {"cache": True, "fastmath": FASTMATH, "error_model": "numpy"}
