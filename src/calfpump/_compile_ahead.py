"""A fresh install's first compilation of a kernel pair on two cores at once.

The integrator calls two large compiled kernels, the right-hand side ``rhs`` and the
observation function ``evaluate`` (:mod:`calfpump.kernels`). numba compiles them one after the
other in the process that first needs them, and most of each compilation is numba's own
Python (type inference, inlining, lowering), which holds the interpreter: measured on 2 cores,
2026-11-29, ``rhs`` 13 s and ``evaluate`` 11 s of the 46 s that ``calfpump demo`` spends
compiling. They do not depend on each other. So, when neither is in numba's on-disk cache yet,
a second Python process compiles ``evaluate`` into that cache while this one compiles ``rhs``;
this one then waits for it and loads ``evaluate`` from the cache like any cached function.

Why this is safe: the second process imports the same package files with the same environment
(``NUMBA_CACHE_DIR`` included), so numba puts the compiled code where this process looks for
it (beside the package, or numba's user cache folder where the package folder is read-only,
keyed to the same source file); numba writes each cache file to a temporary name and renames
it, and the two processes write different functions' files, so neither ever reads a partial
file. Whatever goes wrong in the second process (no second CPU, no cache folder, another
Python, a crash, a different guess of the argument types), this process compiles ``evaluate``
itself, as it always did: the results are the same compiled code either way. Nothing is
started when the kernels are already compiled or cached (a warm start only probes the cache),
on one CPU (the CPUs this process may use), in a frozen application (``sys.frozen``: its executable is not a Python to start)
or an embedded one (``sys.executable`` not named python: uWSGI's, a web server's),
or with ``CALFPUMP_COMPILE_AHEAD=0``.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: The longest this process waits for the second one after compiling ``rhs``, s (then it
#: compiles ``evaluate`` itself).
WAIT_S = 600.0
#: Within that, it waits at most this many times as long as ``rhs`` took to compile here, and at
#: least ``WAIT_MIN_S``: the two kernels take about as long (13 and 11 s measured, 2 cores), so a
#: second process that needs several times longer is stuck or starved, and compiling
#: ``evaluate`` here is quicker than waiting on.
WAIT_FACTOR = 3.0
WAIT_MIN_S = 30.0


def _cold(dispatcher: Any, sig: tuple[Any, ...]) -> bool:
    """Whether ``dispatcher`` would compile ``sig`` now: not compiled in this process and not
    in numba's on-disk cache (False where numba does not cache it at all)."""
    from numba.core.caching import NullCache

    cache = getattr(dispatcher, "_cache", None)
    if cache is None or isinstance(cache, NullCache) or sig in dispatcher.overloads:
        return False
    try:
        return cache.load_overload(sig, dispatcher.targetctx) is None
    except Exception:  # noqa: BLE001  # pragma: no cover - a numba whose cache API differs: do nothing
        return False


def _cpus() -> int:
    """The CPUs this process may run on (a job pinned to one CPU of many has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - no affinity on this platform
        return os.cpu_count() or 1


def compile_kernels(rhs: Any, evaluate: Any, rhs_sig: tuple[Any, ...], evaluate_sig: tuple[Any, ...]) -> bool:
    """Compile ``rhs`` here and ``evaluate`` in a second process at the same time, when both
    are cold (see the module's docstring). Returns whether a second process was used; on
    return ``rhs`` is compiled and ``evaluate`` is in the cache unless the second process
    failed (the caller's compilation then compiles it here)."""
    if os.environ.get("CALFPUMP_COMPILE_AHEAD", "1") == "0" or _cpus() < 2:
        return False
    if not sys.executable or getattr(sys, "frozen", False):
        return False  # no Python to start (an embedded or frozen application)
    if "python" not in Path(sys.executable).name.lower():
        return False  # an embedding application's own executable (uWSGI, a web server), not a Python
    if not (_cold(evaluate, evaluate_sig) and _cold(rhs, rhs_sig)):
        return False
    # the folder as this process imported it, links kept: numba names the cache folder by it
    package_parent = str(Path(os.path.abspath(__file__)).parents[1])
    code = (f"import sys; sys.path.insert(0, {package_parent!r}); "
            "from calfpump._compile_ahead import main; main()")
    try:
        proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return False
    func = evaluate.py_func
    try:
        assert proc.stdin is not None
        proc.stdin.write(pickle.dumps((func.__module__, func.__qualname__, evaluate_sig)))
        proc.stdin.close()
    except (OSError, pickle.PicklingError):
        proc.kill()
        proc.wait()
        return False
    try:
        started = time.perf_counter()
        rhs.compile(rhs_sig)
        took = time.perf_counter() - started
        proc.wait(timeout=min(WAIT_S, max(WAIT_MIN_S, WAIT_FACTOR * took)))
    except subprocess.TimeoutExpired:
        return False  # a second process that never finishes: killed below, evaluate compiled here
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return True


def main() -> None:
    """The second process: compile one function, named on stdin with its signature, into
    numba's cache."""
    import importlib

    module, qualname, sig = pickle.load(sys.stdin.buffer)
    dispatcher = getattr(importlib.import_module(module), qualname)
    dispatcher.compile(sig)
