"""One place for the numba compilation options of the numerical core.

``fastmath`` is limited to two flags: ``contract`` (fused multiply-add) and
``arcp`` (a division may become a multiplication by the reciprocal). Both
change results only at the level of rounding (relative 1e-16 per operation)
and make the right-hand side about a third faster (measured with
``benchmarks/solver.py``). The flags that assume no NaN or infinity are not
used: the solver relies on finiteness checks to stop cleanly.
"""

from __future__ import annotations

import types
from typing import Any

FASTMATH: set[str] = {"contract", "arcp"}

#: Options of the model's right-hand side (``evaluate``, ``rhs``), compiled as functions of
#: their own. Inlining them into the integrator at numba's IR level made a 10-minute walk about
#: a quarter faster (0.124 against 0.169 s) when every call still counted references (see
#: JIT_NO_NRT, which now gives most of that gain without inlining), but the first compilation
#: of a fresh install then took 55 s instead of 15.5 s on 2 cores, which breaks the one-minute
#: ``calfpump demo`` from a fresh clone. Measured again without reference counting: ``rhs``
#: and ``evaluate`` inlined into the integrator at a single call site, 117 s to compile; only
#: ``evaluate``'s body inlined into ``rhs``, 38 s and no faster. So they are not inlined.
#: ``error_model="numpy"``: a float division by zero gives inf or NaN (caught by the
#: solver's finiteness checks) instead of a check and a Python exception at every division.
JIT: dict[str, Any] = {"cache": True, "fastmath": FASTMATH, "error_model": "numpy"}
#: Small helpers (the laws, the solver's steps), inlined into their callers.
JIT_INLINE: dict[str, Any] = {**JIT, "inline": "always"}
#: Entry points called from Python (the integrators): compiled as functions of their own.
JIT_ENTRY: dict[str, Any] = {"cache": True, "fastmath": FASTMATH, "error_model": "numpy"}
#: The hot path (the integrator's loop, the right-hand side and what it calls), which neither
#: allocates nor returns arrays: compiled without numba's reference counting (``_nrt=False``).
#: With it, every call of a compiled function that is not inlined increments and decrements the
#: reference count of each array it passes (an out-of-line call and an atomic add each): 20 per
#: right-hand side (``rhs`` calling ``evaluate``) and 11 more per stage of the integrator. Without
#: it a 10-minute walk takes 134.5 ms instead of 169.5 ms (best of 7, alternating in one
#: process), the same steps and results, and no longer to compile. The arrays such a function
#: receives must be kept alive by its caller (they are: the integrator allocates its work arrays
#: in ``integrate_person`` and passes them down).
JIT_NO_NRT: dict[str, Any] = {**JIT, "_nrt": False}
#: The laws as called from the generated kernels (:mod:`calfpump.kernels`): functions of their
#: own, not cached apart (the kernels that call them are cached with their code).
JIT_LAW_CALL: dict[str, Any] = {**JIT_NO_NRT, "cache": False}


def stable_cache_identity(dispatcher: Any) -> None:
    """Give a compiled function passed as an argument to a cached one a fixed identity.

    The integrator takes the model's kernels (:mod:`calfpump.kernels`) as arguments, and
    numba keys a cached compilation by its argument types; a function's type is the
    function's identity, which numba draws at random in each process, so the cached
    integrator would never be found again and every process would compile it anew (about
    30 s). Named by module, name and a digest of all of calfpump's compiled sources instead
    (:func:`calfpump._jit_cache.sources_digest`), the same function has the same identity in
    every process, and any change of the compiled code (the kernel's or a law's it calls)
    gives a new one, so a cached integrator never runs with stale kernels, even where the
    package's own cache folder is read-only. Uses numba's private ``_set_uuid``; with a numba
    without it the cache only misses (results are unchanged).
    """
    from ._jit_cache import sources_digest

    func = dispatcher.py_func
    digest = sources_digest()[:16]
    try:
        dispatcher._set_uuid(f"calfpump:{func.__module__}.{func.__qualname__}:{digest}")
    except (AttributeError, AssertionError):  # pragma: no cover - another numba
        pass


#: Frame-stack room (machine words) given to a call that may compile (see :func:`call_with_frame_room`).
FRAME_ROOM_WORDS = 1 << 17


def _call(fn: Any, args: tuple[Any, ...]) -> Any:
    return fn(*args)


def _roomy_call() -> Any:
    """:func:`_call` with a frame that declares ``FRAME_ROOM_WORDS`` slots of evaluation stack;
    :func:`_call` itself where this interpreter refuses such a code object (the room only saves
    time, so nothing else changes)."""
    try:
        return types.FunctionType(_call.__code__.replace(co_stacksize=FRAME_ROOM_WORDS), {})
    except (TypeError, ValueError, SystemError):  # pragma: no cover - another interpreter
        return _call


_ROOMY_CALL = _roomy_call()


def call_with_frame_room(fn: Any, *args: Any) -> Any:
    """``fn(*args)``, run from a frame that opens a fresh 2 MB chunk of CPython's frame stack.

    CPython (3.11 and later) keeps Python frames in chunks of 16 kB, allocates a chunk when a
    call does not fit in the current one and frees it (an ``munmap``) as soon as the frame that
    opened it returns. Numba's compiler recurses deeply and often (copying and walking its IR),
    and where a chunk boundary falls at a depth it crosses over and over, every crossing maps,
    faults in and unmaps a fresh chunk. Which depth that is depends only on how deep the first
    compiling call sits: measured 2026-11-29 on 2 cores, the first compilation of the one-person
    integrator took 1.5 million page faults and 7-14 s of system time (60-68 s of CPU against
    46 s without them) when called from ``simulate``, and 0.1 million when called through this
    function. The frame of the call made here declares ``FRAME_ROOM_WORDS`` slots of evaluation
    stack (1 MB, never touched), so CPython opens a 2 MB chunk for it and everything the call
    runs, down to about 5,000 frames deep, stays in that chunk. It costs about 40 us a call
    (the chunk is mapped and unmapped once), so it is used only where a compilation may start.
    """
    return _ROOMY_CALL(fn, args)
