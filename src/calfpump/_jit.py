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

#: Options of every compiled function (cached on disk).
JIT: dict[str, Any] = {"cache": True, "fastmath": FASTMATH}
#: Options of small helpers that are inlined into their callers.
JIT_INLINE: dict[str, Any] = {"cache": True, "fastmath": FASTMATH, "inline": "always"}
